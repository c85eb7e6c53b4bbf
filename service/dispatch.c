/*
 * dispatch.c - one request line, on the event loop: parse the JSON envelope,
 * check the token, the id, the kind and the options, answer health, stats
 * and version at once, and turn solve and check requests into jobs for the
 * worker pool (or refuse them with "busy" when its queue is full). Also the
 * reply builders and the table from response codes to the CLI's exit
 * statuses. Every request gets exactly one reply, built by
 * svc_finish_request, which also records the stats and writes the log line.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svc.h"

/* ---- codes ---- */

static const struct {
    const char *code;
    int exit_status;
} code_table[] = {
    {"ok", 0},          {"infeasible", 1},   {"bad_input", 2},    {"routing_error", 3},
    {"internal_error", 4}, {"too_large", 2}, {"timeout", 2},      {"unauthorized", 2},
    {"unknown_kind", 2}, {"busy", 4},        {"shutting_down", 4},
};

int svc_code_exit_status(const char *code)
{
    for (size_t i = 0; i < sizeof code_table / sizeof code_table[0]; i++)
        if (code && !strcmp(code, code_table[i].code))
            return code_table[i].exit_status;
    return 4;
}

static const char *kind_names[SVC_N_KINDS] = {"solve", "check", "health", "stats", "version", "other"};

const char *svc_kind_name(svc_kind k)
{
    return k >= 0 && k < SVC_N_KINDS ? kind_names[k] : "other";
}

/* ---- replies ---- */

json_t *svc_json_string(const char *s)
{
    json_t *j = json_string(s ? s : "");
    if (j)
        return j;
    /* not UTF-8: keep ASCII, replace the rest */
    char *copy = strdup(s);
    if (!copy)
        return NULL;
    for (unsigned char *p = (unsigned char *)copy; *p; p++)
        if (*p >= 0x80)
            *p = '?';
    j = json_string(copy);
    free(copy);
    return j;
}

static json_t *id_value(const char *id_json)
{
    json_t *id = id_json ? json_loads(id_json, JSON_DECODE_ANY, NULL) : NULL;
    return id ? id : json_null();
}

/* Dumps a reply object as one line with its '\n'; NULL on allocation failure. */
static char *dump_line(json_t *o)
{
    if (!o)
        return NULL;
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *line = realloc(s, n + 2);
    if (!line) {
        free(s);
        return NULL;
    }
    line[n] = '\n';
    line[n + 1] = 0;
    return line;
}

char *svc_reply_oom(const char *id_json)
{
    const char *id = id_json && strlen(id_json) < 256 ? id_json : "null";
    size_t n = strlen(id) + 128;
    char *line = malloc(n);
    if (line)
        snprintf(line, n, "{\"id\":%s,\"ok\":false,\"error\":{\"code\":\"internal_error\","
                          "\"message\":\"out of memory while building the reply\"}}\n", id);
    return line;
}

char *svc_reply_error(const char *id_json, const char *code, const char *message, json_t *details)
{
    json_t *o = json_object(), *e = json_object();
    char *line = NULL;
    if (!o || !e) {
        json_decref(e);
        json_decref(details);
        goto out;
    }
    json_object_set_new(o, "id", id_value(id_json));
    json_object_set_new(o, "ok", json_false());
    json_object_set_new(e, "code", json_string(code));
    json_object_set_new(e, "message", svc_json_string(message));
    if (details) {
        json_object_update(e, details);
        json_decref(details);
    }
    json_object_set_new(o, "error", e);
    line = dump_line(o);
out:
    json_decref(o);
    return line ? line : svc_reply_oom(id_json);
}

char *svc_reply_ok(const char *id_json, const char *status, json_t *result, json_t *extra)
{
    json_t *o = json_object();
    char *line = NULL;
    if (!o || !result) {
        json_decref(result);
        json_decref(extra);
        goto out;
    }
    json_object_set_new(o, "id", id_value(id_json));
    json_object_set_new(o, "ok", json_true());
    json_object_set_new(o, "status", json_string(status));
    if (extra) {
        json_object_update(o, extra);
        json_decref(extra);
    }
    json_object_set_new(o, "result", result);
    line = dump_line(o);
out:
    json_decref(o);
    return line ? line : svc_reply_oom(id_json);
}

/* ---- finishing a request: stats, log, send ---- */

/* The id for the log: its JSON text (already escaped, one line), clipped. */
static const char *log_id(char *buf, size_t n, const char *id_json)
{
    if (!id_json)
        return "null";
    size_t len = strlen(id_json);
    if (len < n && len <= 80)
        return id_json;
    int quoted = id_json[0] == '"';
    size_t keep = n - 6 < 76 ? n - 6 : 76;
    /* do not cut an escape sequence in two */
    while (keep > 0 && id_json[keep - 1] == '\\')
        keep--;
    snprintf(buf, n, "%.*s...%s", (int)keep, id_json, quoted ? "\"" : "");
    return buf;
}

void svc_finish_request(svc_server *srv, svc_conn *c, uint64_t req_no, svc_kind kind, const char *kind_text,
                        const char *id_json, size_t bytes, double t_received, const char *code, char *response,
                        const char *note)
{
    double ms = (svc_now() - t_received) * 1e3;
    int delivered = c && c->fd >= 0 && response;
    if (delivered)
        svc_stats_record(&srv->stats, kind, code, ms);
    else if (response)
        srv->stats.dropped++;
    char qid[96], qkind[48], qnote[128];
    svc_log(SVC_LOG_INFO, "request", "conn=%llu req=%llu id=%s kind=%s bytes=%zu ms=%.1f code=%s%s%s%s",
            c ? (unsigned long long)c->no : 0ULL, (unsigned long long)req_no,
            log_id(qid, sizeof qid, id_json),
            svc_log_quote(qkind, sizeof qkind, kind_text ? kind_text : svc_kind_name(kind)), bytes, ms, code,
            note ? " note=" : "", note ? svc_log_quote(qnote, sizeof qnote, note) : "",
            delivered || !response ? "" : " dropped=client_gone");
    if (delivered)
        svc_conn_send(srv, c, response);
    else
        free(response);
}

/* Replies to a request that never became a job. */
static void reply_now(svc_server *srv, svc_conn *c, uint64_t req_no, svc_kind kind, const char *kind_text,
                      const char *id_json, size_t bytes, double t0, const char *code, const char *message)
{
    char *line = svc_reply_error(id_json, code, message, NULL);
    svc_finish_request(srv, c, req_no, kind, kind_text, id_json, bytes, t0, code, line, NULL);
}

void svc_dispatch_done(svc_server *srv, svc_job *j)
{
    svc_conn *c = j->conn;
    if (c) {
        if (j->conn_prev)
            j->conn_prev->conn_next = j->conn_next;
        else
            c->jobs = j->conn_next;
        if (j->conn_next)
            j->conn_next->conn_prev = j->conn_prev;
        c->n_jobs--;
    }
    const char *note = NULL;
    if (j->cancel_reason == 1) { /* nobody to answer: log it and let go */
        srv->stats.cancelled++;
        svc_finish_request(srv, c, j->req_no, j->kind, NULL, j->id_json, j->bytes, j->t_received, "cancelled",
                           NULL, j->state == SVC_JOB_QUEUED ? "not run: client gone" : "stopped: client gone");
        svc_job_free(j);
        return;
    }
    if (j->cancel_reason == 2) {
        srv->stats.cancelled++;
        note = j->response ? "stopped early: shutdown" : "not run: shutdown";
    }
    if (!j->response) {
        j->code = "shutting_down";
        j->response = svc_reply_error(j->id_json, j->code, "the server is shutting down; the request was not run",
                                      NULL);
    }
    char *resp = j->response;
    j->response = NULL;
    svc_finish_request(srv, c, j->req_no, j->kind, NULL, j->id_json, j->bytes, j->t_received, j->code, resp, note);
    svc_job_free(j);
}

/* ---- request validation ---- */

typedef struct reqctx {
    svc_server *srv;
    svc_conn *c;
    uint64_t no;
    size_t bytes;
    double t0;
    svc_kind kind;
    const char *kind_text;
    const char *id_json;
} reqctx;

static void refuse(reqctx *r, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void refuse(reqctx *r, const char *code, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    reply_now(r->srv, r->c, r->no, r->kind, r->kind_text, r->id_json, r->bytes, r->t0, code, msg);
}

static const char *json_type_desc(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "a value";
}

/* Constant-time comparison, so the token cannot be guessed byte by byte. */
static int token_equal(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    unsigned char d = (unsigned char)(alen != blen);
    for (size_t i = 0; i < blen; i++)
        d |= (unsigned char)(b[i] ^ (i < alen ? a[i] : 0));
    return d == 0;
}

static int get_number(reqctx *r, json_t *v, const char *where, double lo, double hi, double *out)
{
    if (!json_is_number(v)) {
        refuse(r, "bad_input", "%s: expected a number, got %s", where, json_type_desc(v));
        return 0;
    }
    double x = json_number_value(v);
    if (!isfinite(x) || x < lo || x > hi) {
        refuse(r, "bad_input", "%s: expected a number in [%g, %g], got %g", where, lo, hi, x);
        return 0;
    }
    *out = x;
    return 1;
}

static int get_integer(reqctx *r, json_t *v, const char *where, long long lo, long long hi, long long *out)
{
    if (!json_is_integer(v)) {
        refuse(r, "bad_input", "%s: expected an integer, got %s", where, json_type_desc(v));
        return 0;
    }
    long long x = json_integer_value(v);
    if (x < lo || x > hi) {
        refuse(r, "bad_input", "%s: expected an integer in [%lld, %lld], got %lld", where, lo, hi, x);
        return 0;
    }
    *out = x;
    return 1;
}

static int get_bool(reqctx *r, json_t *v, const char *where, int *out)
{
    if (!json_is_boolean(v)) {
        refuse(r, "bad_input", "%s: expected true or false, got %s", where, json_type_desc(v));
        return 0;
    }
    *out = json_is_true(v);
    return 1;
}

static int parse_format(reqctx *r, json_t *v, eco_format *out)
{
    static const struct {
        const char *name;
        eco_format f;
    } t[] = {{"auto", ECO_FORMAT_AUTO},       {"json", ECO_FORMAT_JSON},       {"native", ECO_FORMAT_JSON},
             {"cvrplib", ECO_FORMAT_CVRPLIB}, {"solomon", ECO_FORMAT_SOLOMON}, {"kim", ECO_FORMAT_KIM}};
    if (json_is_string(v))
        for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
            if (!strcmp(json_string_value(v), t[i].name)) {
                *out = t[i].f;
                return 1;
            }
    refuse(r, "bad_input", "options.format: expected \"auto\", \"json\", \"cvrplib\", \"solomon\" or \"kim\"");
    return 0;
}

/* The model's own options.KEY when the model is (or holds) a native JSON
 * model and KEY is a number there. */
static double model_option(json_t *native, const char *key)
{
    json_t *o = json_is_object(native) ? json_object_get(native, "options") : NULL;
    json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_number(v) ? json_number_value(v) : 0;
}

/* Reads "options" into the job; refuses and returns 0 on a bad one. */
static int parse_options(reqctx *r, json_t *opts, json_t *native, svc_job *j)
{
    const svc_config *cfg = r->srv->cfg;
    double tl = 0;
    long long threads = 0;
    if (opts && !json_is_object(opts)) {
        refuse(r, "bad_input", "options: expected an object, got %s", json_type_desc(opts));
        return 0;
    }
    const char *key;
    json_t *v;
    int solve = j->kind == SVC_KIND_SOLVE;
    json_object_foreach(opts, key, v) {
        char where[96];
        char qk[40];
        snprintf(where, sizeof where, "options.%.60s", key);
        long long iv;
        int b;
        if (!strcmp(key, "format")) {
            if (!parse_format(r, v, &j->load.format))
                return 0;
        } else if (!strcmp(key, "rounding")) {
            if (!json_is_string(v) || eco_rounding_parse(json_string_value(v), &j->load.rounding) != ECO_OK) {
                refuse(r, "bad_input", "options.rounding: expected \"nint\", \"trunc1\" or \"exact\"");
                return 0;
            }
        } else if (!strcmp(key, "unlimited_fleet")) {
            if (!get_bool(r, v, where, &b))
                return 0;
            j->load.limit_fleet = !b;
        } else if (solve && !strcmp(key, "time_limit_s")) {
            if (!get_number(r, v, where, 0.001, 1e6, &tl))
                return 0;
        } else if (solve && !strcmp(key, "threads")) {
            if (!get_integer(r, v, where, 1, 1024, &threads))
                return 0;
        } else if (solve && !strcmp(key, "seed")) {
            if (!get_integer(r, v, where, 0, 2147483647LL, &iv))
                return 0;
            j->solve.seed = (uint64_t)iv;
        } else if (solve && !strcmp(key, "max_iterations")) {
            if (!get_integer(r, v, where, 0, 1000000000LL, &iv))
                return 0;
            j->solve.max_iterations = (long)iv;
        } else if (solve && !strcmp(key, "max_no_improve")) {
            if (!get_integer(r, v, where, 0, 1000000000LL, &iv))
                return 0;
            j->solve.max_no_improve = (long)iv;
        } else if (solve && !strcmp(key, "construction_only")) {
            if (!get_bool(r, v, where, &b))
                return 0;
            j->solve.construction_only = b;
        } else {
            refuse(r, "bad_input", "options: unknown field %s for a %s request (known: format, rounding, "
                   "unlimited_fleet%s)", svc_log_quote(qk, sizeof qk, key), svc_kind_name(j->kind),
                   solve ? ", time_limit_s, threads, seed, max_iterations, max_no_improve, construction_only" : "");
            return 0;
        }
    }
    if (json_is_object(j->model) && j->load.format != ECO_FORMAT_AUTO && j->load.format != ECO_FORMAT_JSON) {
        refuse(r, "bad_input", "options.format: a model given as an object is a native JSON model; "
               "send other formats as a string");
        return 0;
    }
    if (json_is_object(j->model))
        j->load.format = ECO_FORMAT_JSON;
    if (solve) {
        /* the request's limit, else the model's, else the server's default; capped */
        if (tl <= 0)
            tl = model_option(native, "time_limit_s");
        if (tl <= 0)
            tl = cfg->default_time_limit_s;
        j->solve.time_limit_s = tl < cfg->max_time_limit_s ? tl : cfg->max_time_limit_s;
        if (threads <= 0)
            threads = (long long)model_option(native, "threads");
        if (threads <= 0)
            threads = 1;
        j->solve.threads = threads < cfg->max_threads ? (int)threads : cfg->max_threads;
        j->solve.cancel = &j->cancel;
    }
    return 1;
}

/* A request must not choose which host the server contacts or where it
 * writes files: the OSRM server and its cache come from the server's own
 * --osrm and --osrm-cache-dir. `native` is the model as a JSON object (given
 * as one, or parsed from a JSON text), NULL for other formats. */
static int travel_allowed(reqctx *r, json_t *native)
{
    const svc_config *cfg = r->srv->cfg;
    json_t *travel = native ? json_object_get(native, "travel") : NULL;
    if (!json_is_object(travel))
        return 1;
    const char *provider = json_string_value(json_object_get(travel, "provider"));
    if (!cfg->osrm_url && provider && !strcmp(provider, "osrm")) {
        refuse(r, "bad_input", "model.travel.provider: \"osrm\" is not available on this server (no --osrm URL; "
               "a request cannot choose the OSRM server)");
        return 0;
    }
    if (!cfg->osrm_cache_dir && json_object_get(travel, "cache_dir")) {
        refuse(r, "bad_input", "model.travel.cache_dir: not accepted by the service (the server's "
               "--osrm-cache-dir decides where matrices are cached)");
        return 0;
    }
    return 1;
}

/* The model as a JSON object: itself, or a new parse of a string that holds
 * a native JSON model (*parsed is then set, for the caller to release). */
static json_t *native_model(json_t *model, json_t **parsed)
{
    *parsed = NULL;
    if (json_is_object(model))
        return model;
    const char *t = json_string_value(model);
    if (!t)
        return NULL;
    while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
        t++;
    if (*t != '{')
        return NULL;
    *parsed = json_loads(t, 0, NULL); /* when it does not parse, the library says why */
    return json_is_object(*parsed) ? *parsed : NULL;
}

static const char *const request_fields[] = {"id", "kind", "model", "solution", "options", "token"};

static void answer_health(reqctx *r)
{
    svc_server *srv = r->srv;
    int queued, running;
    svc_pool_counts(&srv->pool, &queued, &running);
    json_t *res = json_pack("{s:s,s:f,s:i,s:i,s:i,s:i}", "status", srv->stopping ? "shutting_down" : "ok",
                            "uptime_s", round((svc_now() - srv->stats.t_start) * 1e3) / 1e3, "workers", srv->cfg->workers, "queued",
                            queued, "running", running, "connections", srv->n_open);
    char *line = svc_reply_ok(r->id_json, "ok", res, NULL);
    svc_finish_request(srv, r->c, r->no, r->kind, NULL, r->id_json, r->bytes, r->t0, "ok", line, NULL);
}

static void answer_stats(reqctx *r)
{
    svc_server *srv = r->srv;
    int queued, running;
    svc_pool_counts(&srv->pool, &queued, &running);
    json_t *res = svc_stats_json(&srv->stats, svc_now(), queued, running, srv->n_open, srv->cfg->workers);
    char *line = svc_reply_ok(r->id_json, "ok", res, NULL);
    svc_finish_request(srv, r->c, r->no, r->kind, NULL, r->id_json, r->bytes, r->t0, "ok", line, NULL);
}

static void answer_version(reqctx *r)
{
    json_t *res = json_pack("{s:s,s:s,s:i,s:[sssss]}", "name", "ecoroute", "version", ECO_VERSION, "protocol", 1,
                            "kinds", "solve", "check", "health", "stats", "version");
    char *line = svc_reply_ok(r->id_json, "ok", res, NULL);
    svc_finish_request(r->srv, r->c, r->no, r->kind, NULL, r->id_json, r->bytes, r->t0, "ok", line, NULL);
}

/* Validates a solve or check request and queues it. */
static void submit_job(reqctx *r, json_t *req)
{
    svc_server *srv = r->srv;
    const svc_config *cfg = srv->cfg;
    json_t *model = json_object_get(req, "model");
    json_t *solution = json_object_get(req, "solution");
    if (srv->stopping) {
        refuse(r, "shutting_down", "the server is shutting down and takes no new %s requests",
               svc_kind_name(r->kind));
        return;
    }
    if (!model) {
        refuse(r, "bad_input", "model: missing required field (a native model object, or a string holding "
               "a CVRPLIB, Solomon, Kim or native JSON text)");
        return;
    }
    if (!json_is_object(model) && !json_is_string(model)) {
        refuse(r, "bad_input", "model: expected an object (native model) or a string (any supported format), got %s",
               json_type_desc(model));
        return;
    }
    if (r->kind == SVC_KIND_CHECK) {
        if (!solution) {
            refuse(r, "bad_input", "solution: missing required field (a solution object or text)");
            return;
        }
        if (!json_is_object(solution) && !json_is_string(solution)) {
            refuse(r, "bad_input", "solution: expected an object or a string, got %s", json_type_desc(solution));
            return;
        }
    } else if (solution) {
        refuse(r, "bad_input", "solution: only check requests take a solution");
        return;
    }
    json_t *parsed = NULL, *native = native_model(model, &parsed);
    svc_job *j = NULL;
    if (!travel_allowed(r, native))
        goto out;
    /* the model's size before any work: its boxes array */
    json_t *boxes = native ? json_object_get(native, "boxes") : NULL;
    if (cfg->max_boxes > 0 && json_is_array(boxes) && json_array_size(boxes) > (size_t)cfg->max_boxes) {
        refuse(r, "too_large", "model.boxes: %zu boxes, more than this server's limit of %d (--max-boxes)",
               json_array_size(boxes), cfg->max_boxes);
        goto out;
    }
    j = calloc(1, sizeof *j);
    if (!j) {
        refuse(r, "internal_error", "out of memory");
        goto out;
    }
    j->kind = r->kind;
    j->load.format = ECO_FORMAT_AUTO;
    j->load.rounding = ECO_ROUND_DEFAULT;
    j->load.limit_fleet = 1;
    j->load.osrm_url = cfg->osrm_url;
    j->load.osrm_cache_dir = cfg->osrm_cache_dir;
    eco_solve_options_init(&j->solve);
    j->model = json_incref(model);
    j->solution = solution ? json_incref(solution) : NULL;
    j->max_boxes = cfg->max_boxes;
    if (!parse_options(r, json_object_get(req, "options"), native, j))
        goto out;
    /* the job becomes the only owner of the model and solution values (the
     * request lets go of them here), so the worker's reference counting never
     * races with the loop's */
    json_object_del(req, "model");
    if (solution)
        json_object_del(req, "solution");
    j->id_json = strdup(r->id_json);
    if (!j->id_json) {
        refuse(r, "internal_error", "out of memory");
        goto out;
    }
    j->conn = r->c;
    j->req_no = r->no;
    j->bytes = r->bytes;
    j->t_received = r->t0;
    if (svc_pool_submit(&srv->pool, j) != 0) {
        srv->stats.rejected++;
        refuse(r, "busy", "the queue is full (%d requests waiting for %d workers); retry later", cfg->queue_cap,
               cfg->workers);
        goto out;
    }
    /* the connection keeps a list of its jobs, to cancel them if it goes */
    j->conn_next = r->c->jobs;
    if (r->c->jobs)
        r->c->jobs->conn_prev = j;
    r->c->jobs = j;
    r->c->n_jobs++;
    char qid[96];
    svc_log(SVC_LOG_DEBUG, "queued", "conn=%llu req=%llu id=%s kind=%s time_limit_s=%g threads=%d",
            (unsigned long long)r->c->no, (unsigned long long)r->no, log_id(qid, sizeof qid, r->id_json),
            svc_kind_name(r->kind), j->solve.time_limit_s, j->solve.threads);
    j = NULL; /* the pool's now */
out:
    svc_job_free(j);
    json_decref(parsed);
}

void svc_dispatch_line(svc_server *srv, svc_conn *c, const char *line, size_t len)
{
    reqctx r = {srv, c, ++srv->next_req_no, len, svc_now(), SVC_KIND_OTHER, NULL, NULL};
    char *id_json = NULL;
    srv->stats.received++;
    json_error_t je;
    json_t *req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    if (!req) {
        refuse(&r, "bad_input", "malformed JSON at column %d: %s", je.column, je.text);
        return;
    }
    if (!json_is_object(req)) {
        refuse(&r, "bad_input", "request: expected a JSON object, got %s", json_type_desc(req));
        goto out;
    }
    json_t *id = json_object_get(req, "id");
    if (id && (json_is_string(id) || json_is_number(id))) {
        id_json = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
        if (!id_json) {
            refuse(&r, "internal_error", "out of memory");
            goto out;
        }
        if (strlen(id_json) > 1024) { /* an id is a handle, not a payload */
            free(id_json);
            id_json = NULL;
            refuse(&r, "bad_input", "id: longer than 1024 bytes");
            goto out;
        }
        r.id_json = id_json;
    }
    json_t *kind = json_object_get(req, "kind");
    if (json_is_string(kind)) {
        const char *k = json_string_value(kind);
        r.kind_text = k;
        for (int i = 0; i < SVC_KIND_OTHER; i++)
            if (!strcmp(k, kind_names[i]))
                r.kind = (svc_kind)i;
    }
    /* the token first: an unauthenticated client learns nothing else */
    if (srv->cfg->token) {
        json_t *tok = json_object_get(req, "token");
        if (!json_is_string(tok) ||
            !token_equal(json_string_value(tok), json_string_length(tok), srv->cfg->token)) {
            refuse(&r, "unauthorized", tok ? "token: wrong token" : "token: missing (this server requires one)");
            goto out;
        }
    }
    if (!id) {
        refuse(&r, "bad_input", "id: missing required field (a string or a number, echoed in the reply)");
        goto out;
    }
    if (!r.id_json) {
        refuse(&r, "bad_input", "id: expected a string or a number, got %s", json_type_desc(id));
        goto out;
    }
    const char *key;
    json_t *v;
    json_object_foreach(req, key, v) {
        size_t i = 0, n = sizeof request_fields / sizeof request_fields[0];
        while (i < n && strcmp(key, request_fields[i]) != 0)
            i++;
        if (i == n) {
            char qk[64];
            refuse(&r, "bad_input", "%s: unknown field (known: id, kind, model, solution, options, token)",
                   svc_log_quote(qk, sizeof qk, key));
            goto out;
        }
    }
    if (!kind) {
        refuse(&r, "bad_input", "kind: missing required field (solve, check, health, stats or version)");
        goto out;
    }
    if (!json_is_string(kind)) {
        refuse(&r, "bad_input", "kind: expected a string, got %s", json_type_desc(kind));
        goto out;
    }
    switch (r.kind) {
    case SVC_KIND_SOLVE:
    case SVC_KIND_CHECK: submit_job(&r, req); break;
    case SVC_KIND_HEALTH: answer_health(&r); break;
    case SVC_KIND_STATS: answer_stats(&r); break;
    case SVC_KIND_VERSION: answer_version(&r); break;
    default: {
        char qk[80];
        refuse(&r, "unknown_kind", "kind: unknown kind %s (expected solve, check, health, stats or version)",
               svc_log_quote(qk, sizeof qk, json_string_value(kind)));
        break;
    }
    }
out:
    free(id_json);
    json_decref(req);
}
