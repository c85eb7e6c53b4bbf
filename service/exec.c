/*
 * exec.c - what a worker thread does with a job: load the request's model
 * through the public API, then solve it (and pass the result through the
 * independent checker, as `ecoroute solve` does) or check the given
 * solution. The reply is built here, off the event loop; the loop only
 * sends it. A library error becomes an error reply with the status name as
 * its code and every message of the eco_error.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svc.h"

#define MAX_ERROR_LINES 50 /* messages listed in an error reply */

/* An error reply from an eco_error: message "where: what", and "errors": the
 * list of every message the library recorded. */
static void fail_with(svc_job *job, eco_status st, const eco_error *err, const char *fallback)
{
    const char *code = eco_status_name(st);
    char msg[1024];
    if (err && err->n_errors > 0)
        snprintf(msg, sizeof msg, "%s%s%s", err->where, err->where[0] ? ": " : "",
                 err->message[0] ? err->message : eco_strerror(st));
    else
        snprintf(msg, sizeof msg, "%s", fallback ? fallback : eco_strerror(st));
    json_t *details = NULL;
    if (err && err->n_errors > 1 && err->text[0]) {
        json_t *list = json_array();
        const char *p = err->text;
        int n = 0;
        while (list && *p && n < MAX_ERROR_LINES) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            char *line = strndup(p, len);
            if (line) {
                json_array_append_new(list, svc_json_string(line));
                free(line);
            }
            n++;
            p += len + (nl ? 1 : 0);
        }
        details = json_object();
        if (details && list) {
            json_object_set_new(details, "errors", list);
            json_object_set_new(details, "n_errors", json_integer(err->n_errors));
        } else {
            json_decref(list);
        }
    }
    job->code = code;
    job->response = svc_reply_error(job->id_json, code, msg, details);
}

static void fail_msg(svc_job *job, const char *code, const char *msg)
{
    job->code = code;
    job->response = svc_reply_error(job->id_json, code, msg, NULL);
}

/* The text of a "model" or "solution" value: a string as is, an object
 * serialised. *owned is set when the text must be freed. */
static const char *value_text(json_t *v, size_t *len, char **owned)
{
    *owned = NULL;
    if (json_is_string(v)) {
        *len = json_string_length(v);
        return json_string_value(v);
    }
    *owned = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    *len = *owned ? strlen(*owned) : 0;
    return *owned;
}

static eco_status load_model(svc_job *job, eco_instance **inst, eco_error *err)
{
    size_t len;
    char *owned;
    const char *text = value_text(job->model, &len, &owned);
    if (!text) {
        fail_msg(job, "internal_error", "out of memory while reading the model");
        return ECO_EINTERNAL;
    }
    eco_status st = eco_instance_load_buffer(text, len, "model", &job->load, inst, err);
    free(owned);
    if (st != ECO_OK) {
        fail_with(job, st, err, NULL);
        return st;
    }
    if (job->max_boxes > 0 && eco_instance_n_boxes(*inst) > job->max_boxes) {
        char msg[256];
        snprintf(msg, sizeof msg, "model: %d boxes, more than this server's limit of %d (--max-boxes)",
                 eco_instance_n_boxes(*inst), job->max_boxes);
        fail_msg(job, "too_large", msg);
        return ECO_EINPUT;
    }
    return ECO_OK;
}

/* Parses a JSON text the library produced, as the reply's result. */
static json_t *parse_result(svc_job *job, const char *text, size_t len, const char *what)
{
    json_error_t je;
    json_t *r = json_loadb(text, len, 0, &je);
    if (!r) {
        char msg[400];
        snprintf(msg, sizeof msg, "the library's %s JSON did not parse: %s", what, je.text);
        fail_msg(job, "internal_error", msg);
    }
    return r;
}

/* The check report as JSON, through a memory stream. */
static json_t *report_json(svc_job *job, const eco_check_report *rep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        fail_msg(job, "internal_error", "out of memory while writing the check report");
        return NULL;
    }
    eco_status st = eco_check_report_write(rep, 1, f);
    if (fclose(f) != 0 && st == ECO_OK)
        st = ECO_EINTERNAL;
    json_t *r = NULL;
    if (st != ECO_OK)
        fail_msg(job, "internal_error", "could not write the check report");
    else
        r = parse_result(job, buf, len, "check report");
    free(buf);
    return r;
}

static void run_solve(svc_job *job)
{
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_solution *sol = NULL;
    eco_check_report *rep = NULL;
    char *text = NULL;
    if (load_model(job, &inst, &err) != ECO_OK)
        goto out;
    eco_status st = eco_solve(inst, &job->solve, &sol, &err);
    if (st != ECO_OK) {
        fail_with(job, st, &err, NULL);
        goto out;
    }
    /* every solution the service returns passes the independent checker */
    st = eco_check(inst, sol, &rep, &err);
    if (st != ECO_OK) {
        fail_with(job, st, &err, NULL);
        goto out;
    }
    if (!eco_check_report_feasible(rep)) {
        char msg[700];
        snprintf(msg, sizeof msg, "the solution failed the independent check (a bug): %s",
                 eco_check_report_n_violations(rep) > 0 ? eco_check_report_violation(rep, 0) : "?");
        fail_msg(job, "internal_error", msg);
        goto out;
    }
    st = eco_solution_to_json_string(inst, sol, 0, &text, &err);
    if (st != ECO_OK) {
        fail_with(job, st, &err, NULL);
        goto out;
    }
    json_t *result = parse_result(job, text, strlen(text), "solution");
    if (!result)
        goto out;
    int left = eco_solution_mandatory_unassigned(inst, sol);
    const char *status = left > 0 ? "infeasible" : "ok";
    json_t *extra = NULL;
    if (job->cancel) { /* the shutdown grace ran out: the best found so far */
        extra = json_object();
        if (extra)
            json_object_set_new(extra, "stopped_early", json_string("server shutting down"));
    }
    job->code = status;
    job->response = svc_reply_ok(job->id_json, status, result, extra);
out:
    free(text);
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

static void run_check(svc_job *job)
{
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_solution *sol = NULL;
    eco_check_report *rep = NULL;
    char *owned = NULL;
    if (load_model(job, &inst, &err) != ECO_OK)
        goto out;
    size_t len;
    const char *text = value_text(job->solution, &len, &owned);
    if (!text) {
        fail_msg(job, "internal_error", "out of memory while reading the solution");
        goto out;
    }
    eco_status st = eco_solution_read_buffer(inst, text, len, "solution", &sol, &err);
    if (st == ECO_OK)
        st = eco_check(inst, sol, &rep, &err);
    if (st != ECO_OK) {
        /* as `ecoroute check`: an unreadable solution is bad input */
        fail_with(job, st == ECO_EINFEASIBLE ? ECO_EINPUT : st, &err, NULL);
        goto out;
    }
    json_t *result = report_json(job, rep);
    if (!result)
        goto out;
    const char *status = eco_check_report_feasible(rep) ? "ok" : "infeasible";
    job->code = status;
    job->response = svc_reply_ok(job->id_json, status, result, NULL);
out:
    free(owned);
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

void svc_exec(svc_job *job)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (job->cancel) { /* cancelled while it waited: the loop decides what to say */
        job->code = "cancelled";
    } else if (job->kind == SVC_KIND_SOLVE) {
        run_solve(job);
    } else if (job->kind == SVC_KIND_CHECK) {
        run_check(job);
    } else {
        fail_msg(job, "internal_error", "a worker received a request kind it does not run");
    }
    if (!job->response && strcmp(job->code ? job->code : "", "cancelled") != 0) {
        job->code = "internal_error";
        job->response = svc_reply_oom(job->id_json);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    job->run_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-6;
}
