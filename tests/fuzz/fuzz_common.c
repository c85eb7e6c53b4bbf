/*
 * fuzz_common.c - the shared half of the fuzz targets: the checks made on
 * every instance that loads (see fuzz_common.h), and a stand-in for libcurl's
 * curl_multi_init so that a fuzzed model with travel.provider "osrm" never
 * reaches the network: the transfer fails at once and the library reports
 * it, which is the path a dead OSRM server takes.
 */
#define _GNU_SOURCE /* open_memstream, memmem */
#include "fuzz_common.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

/* The OSRM client's only way to the network: no handle, no traffic. The
 * service target replaces this with one that aborts (a request must never
 * choose a server to contact). */
#ifndef FUZZ_OWN_CURL_MULTI_INIT
CURLM *curl_multi_init(void)
{
    return NULL;
}
#endif

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: PROPERTY FAILED: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

unsigned fuzz_hash(const uint8_t *data, size_t size)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

void fuzz_check_failure(eco_status st, const eco_error *err, const char *what)
{
    if (st < ECO_EINFEASIBLE || st > ECO_EINTERNAL)
        fuzz_fail("%s: status %d out of range", what, (int)st);
    if (err->n_errors < 1 || !err->message[0])
        fuzz_fail("%s: failed with status %s but without a message", what, eco_status_name(st));
    if (err->status != st)
        fuzz_fail("%s: returned %s but the first error recorded %s (%s: %s)", what, eco_status_name(st),
                  eco_status_name(err->status), err->where, err->message);
    if (!memchr(err->text, 0, sizeof err->text))
        fuzz_fail("%s: error text not terminated", what);
}

/* Writes a check report both ways into memory; the JSON one must parse. */
static void write_report(const eco_check_report *rep)
{
    for (int json = 0; json <= 1; json++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f)
            return;
        eco_status st = eco_check_report_write(rep, json, f);
        fclose(f);
        if (st != ECO_OK)
            fuzz_fail("eco_check_report_write(json=%d) returned %s", json, eco_status_name(st));
        if (json) {
            json_error_t je;
            json_t *root = json_loadb(buf, len, 0, &je);
            if (!root)
                fuzz_fail("the check report's JSON does not parse: %s", je.text);
            json_decref(root);
        }
        free(buf);
    }
    for (int i = 0; i < eco_check_report_n_violations(rep) && i < 4; i++)
        if (!eco_check_report_violation(rep, i))
            fuzz_fail("violation %d of %d has no text", i, eco_check_report_n_violations(rep));
}

int fuzz_read_and_check_solution(const eco_instance *inst, const char *text, size_t len)
{
    eco_error err;
    eco_error_clear(&err);
    eco_solution *sol = NULL;
    eco_status st = eco_solution_read_buffer(inst, text, len, "fuzz-solution", &sol, &err);
    if (getenv("FUZZ_DEBUG"))
        fprintf(stderr, "fuzz: solution read: %s %s: %s\n", eco_status_name(st), err.where, err.message);
    if (st != ECO_OK) {
        fuzz_check_failure(st, &err, "eco_solution_read_buffer");
        if (sol)
            fuzz_fail("eco_solution_read_buffer failed but handed out a solution");
        return 0;
    }
    if (!sol)
        fuzz_fail("eco_solution_read_buffer returned ECO_OK without a solution");
    eco_check_report *rep = NULL;
    st = eco_check(inst, sol, &rep, &err);
    if (st != ECO_OK)
        fuzz_fail("eco_check on a read solution returned %s (%s: %s)", eco_status_name(st), err.where, err.message);
    write_report(rep);
    eco_summary sum;
    eco_solution_summary(sol, &sum);
    (void)eco_solution_mandatory_unassigned(inst, sol);
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    return 1;
}

/* The written solution (JSON or CVRPLIB text) read back and checked again:
 * feasible, at the same cost. */
static void reread(const eco_instance *inst, const char *text, size_t len, double cost, const char *what)
{
    eco_error err;
    eco_error_clear(&err);
    eco_solution *back = NULL;
    eco_check_report *rep = NULL;
    eco_status st = eco_solution_read_buffer(inst, text, len, what, &back, &err);
    if (st != ECO_OK)
        fuzz_fail("the %s the library wrote does not read back: %s: %s", what, err.where, err.message);
    st = eco_check(inst, back, &rep, &err);
    if (st != ECO_OK)
        fuzz_fail("eco_check of the re-read %s returned %s", what, eco_status_name(st));
    if (!eco_check_report_feasible(rep))
        fuzz_fail("the re-read %s is infeasible: %s", what, eco_check_report_violation(rep, 0));
    double c = eco_check_report_cost(rep);
    if (!(fabs(c - cost) <= 1e-6 * (1.0 + fabs(cost))))
        fuzz_fail("the re-read %s costs %.17g, the solution %.17g", what, c, cost);
    eco_check_report_destroy(rep);
    eco_solution_destroy(back);
}

void fuzz_exercise(const eco_instance *inst, unsigned salt)
{
    /* the read-only facts */
    int n_boxes = eco_instance_n_boxes(inst);
    const char *name = eco_instance_name(inst);
    if (!name || n_boxes < 0 || eco_instance_n_facilities(inst) < 0)
        fuzz_fail("a loaded instance has no name or a negative count");
    (void)eco_instance_n_vehicles(inst);
    if (n_boxes > FUZZ_SOLVE_MAX_BOXES)
        return;

    eco_error err;
    eco_error_clear(&err);
    eco_solve_options so;
    eco_solve_options_init(&so);
    so.threads = 1;
    so.seed = 1 + (salt >> 8) % 4;
    so.time_limit_s = 2;
    if (n_boxes <= FUZZ_SEARCH_MAX_BOXES && salt % 4 == 0) {
        so.max_iterations = 3; /* a few rounds of the search: deterministic, quick */
    } else {
        so.construction_only = 1;
    }
    eco_solution *sol = NULL;
    eco_check_report *rep = NULL;
    char *json = NULL, *text = NULL;
    size_t text_len = 0;
    eco_status st = eco_solve(inst, &so, &sol, &err);
    if (st != ECO_OK)
        fuzz_fail("eco_solve of a loaded %d-box instance returned %s (%s: %s)", n_boxes, eco_status_name(st),
                  err.where, err.message);
    st = eco_check(inst, sol, &rep, &err);
    if (st != ECO_OK)
        fuzz_fail("eco_check of a solve result returned %s (%s: %s)", eco_status_name(st), err.where, err.message);
    if (!eco_check_report_feasible(rep))
        fuzz_fail("the solution eco_solve returned fails the independent check (%d violations): %s",
                  eco_check_report_n_violations(rep), eco_check_report_violation(rep, 0));
    write_report(rep);
    double cost = eco_check_report_cost(rep);

    st = eco_solution_to_json_string(inst, sol, salt & 1 ? 2 : 0, &json, &err);
    if (st != ECO_OK)
        fuzz_fail("eco_solution_to_json_string returned %s (%s: %s)", eco_status_name(st), err.where, err.message);
    reread(inst, json, strlen(json), cost, "solution JSON");

    eco_format fmt = eco_instance_format(inst);
    if (fmt == ECO_FORMAT_CVRPLIB || fmt == ECO_FORMAT_SOLOMON) {
        FILE *f = open_memstream(&text, &text_len);
        if (f) {
            st = eco_solution_write(inst, sol, ECO_OUT_CVRPLIB, f, &err);
            fclose(f);
            if (st != ECO_OK)
                fuzz_fail("eco_solution_write(cvrplib) returned %s", eco_status_name(st));
            /* routes of mandatory boxes only: the text format has no unassigned list */
            if (eco_solution_mandatory_unassigned(inst, sol) == 0)
                reread(inst, text, text_len, cost, "CVRPLIB solution text");
        }
    }
    free(text);
    free(json);
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
}

void fuzz_load_and_exercise(const uint8_t *data, size_t size, const eco_load_options *opt, unsigned salt)
{
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_status st = eco_instance_load_buffer((const char *)data, size, "fuzz", opt, &inst, &err);
    if (st != ECO_OK) {
        fuzz_check_failure(st, &err, "eco_instance_load_buffer");
        if (inst)
            fuzz_fail("eco_instance_load_buffer failed but handed out an instance");
        return;
    }
    if (!inst)
        fuzz_fail("eco_instance_load_buffer returned ECO_OK without an instance");
    fuzz_exercise(inst, salt);
    eco_instance_destroy(inst);
}
