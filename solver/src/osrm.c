/*
 * osrm.c - the OSRM travel-time provider: /table/v1 matrices in blocks,
 * /route/v1 geometry, fetched with libcurl and read with jansson.
 *
 * One small transfer engine (run_transfers) drives every request: a list of
 * jobs (table blocks or route pieces), at most `parallel` easy handles on one
 * curl multi handle, per-request timeouts and body caps, and a queue of
 * retries waiting for their backoff. It classifies each finished transfer:
 * transport failures and 5xx/429 answers are retried while attempts remain;
 * everything else is handed to the job kind's response handler, which
 * either stores the result, records a problem of a point (reported later,
 * in point order, so every bad point is named), or fails the whole call.
 * See osrm.h for the error messages and guarantees.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "matrix_cache.h"
#include "model.h"
#include "osrm.h"

#define WHERE "travel.osrm"
#define MAX_PARALLEL 64
#define MAX_RETRIES 10
#define MAX_BACKOFF_S 10.0
#define MAX_BLOCK 10000                    /* block_size upper bound */
#define ROUTE_BODY_MAX ((size_t)256 << 20) /* a route answer: at most 256 MiB */
#define MAX_PAIR_ERRORS 10                 /* null cells named one by one */
#define SNIPPET 160                        /* characters of an error body quoted */

void eco__osrm_config_init(eco_osrm_config *c)
{
    memset(c, 0, sizeof *c);
    c->profile = "driving";
    c->block_size = 100;
    c->parallel = 4;
    c->route_max_points = 500;
    c->connect_timeout_s = 5.0;
    c->timeout_s = 60.0;
    c->max_retries = 3;
    c->backoff_s = 0.25;
    c->max_snap_m = 500.0;
}

eco_status eco__osrm_config_check(const eco_osrm_config *c, eco_error *err)
{
    eco_status st = ECO_OK;
    if (!c->base_url || !*c->base_url)
        st = eco__error(err, ECO_EINPUT, "travel.url",
                        "the OSRM server URL is required (e.g. \"http://127.0.0.1:5000\")");
    else if (strncmp(c->base_url, "http://", 7) != 0 && strncmp(c->base_url, "https://", 8) != 0)
        st = eco__error(err, ECO_EINPUT, "travel.url", "expected an http:// or https:// URL, got \"%.100s\"",
                        c->base_url);
    else if (strlen(c->base_url) > 1000)
        st = eco__error(err, ECO_EINPUT, "travel.url", "longer than 1000 characters");
    else
        for (const char *p = c->base_url; *p; p++)
            if (*p <= ' ' || *p == '?' || *p == '#' || (unsigned char)*p >= 127) {
                st = eco__error(err, ECO_EINPUT, "travel.url",
                                "must not contain spaces, '?', '#' or control characters: \"%.100s\"", c->base_url);
                break;
            }
    if (!c->profile || !*c->profile || strlen(c->profile) > 64)
        st = eco__error(err, ECO_EINPUT, "travel.profile", "expected a profile name such as \"driving\"");
    else
        for (const char *p = c->profile; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.') {
                st = eco__error(err, ECO_EINPUT, "travel.profile",
                                "only letters, digits, '-', '_' and '.' are allowed, got \"%.64s\"", c->profile);
                break;
            }
    if (c->block_size < 1 || c->block_size > MAX_BLOCK)
        st = eco__error(err, ECO_EINPUT, "travel.block_size", "expected an integer in [1, %d], got %d", MAX_BLOCK,
                        c->block_size);
    if (c->parallel < 1 || c->parallel > MAX_PARALLEL)
        st = eco__error(err, ECO_EINPUT, "travel.parallel", "expected an integer in [1, %d], got %d", MAX_PARALLEL,
                        c->parallel);
    if (c->route_max_points < 2)
        st = eco__error(err, ECO_EINPUT, "travel.route_max_points", "expected an integer >= 2, got %d",
                        c->route_max_points);
    if (!(c->connect_timeout_s > 0 && c->connect_timeout_s <= 3600))
        st = eco__error(err, ECO_EINPUT, "travel.connect_timeout_s", "expected a number in (0, 3600], got %g",
                        c->connect_timeout_s);
    if (!(c->timeout_s > 0 && c->timeout_s <= 86400))
        st = eco__error(err, ECO_EINPUT, "travel.timeout_s", "expected a number in (0, 86400], got %g", c->timeout_s);
    if (c->max_retries < 0 || c->max_retries > MAX_RETRIES)
        st = eco__error(err, ECO_EINPUT, "travel.max_retries", "expected an integer in [0, %d], got %d", MAX_RETRIES,
                        c->max_retries);
    if (!(c->backoff_s >= 0 && c->backoff_s <= MAX_BACKOFF_S))
        st = eco__error(err, ECO_EINPUT, "travel.backoff_s", "expected a number in [0, %g], got %g", MAX_BACKOFF_S,
                        c->backoff_s);
    if (isnan(c->max_snap_m))
        st = eco__error(err, ECO_EINPUT, "travel.max_snap_m", "expected a number of metres");
    if (c->cache_dir && (!*c->cache_dir || strlen(c->cache_dir) > 3000))
        st = eco__error(err, ECO_EINPUT, "travel.cache_dir", "expected a directory name");
    return st;
}

/* ---- small helpers ---- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init_once(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A growable string with a hard cap. */
typedef struct sbuf {
    char *data;
    size_t len, cap, max;
    int overflow; /* set when an append would pass max */
    int oom;      /* set when an allocation failed */
} sbuf;

static int sbuf_add(sbuf *b, const char *s, size_t n)
{
    if (b->overflow || b->oom)
        return -1;
    if (b->len + n + 1 > b->max) {
        b->overflow = 1;
        return -1;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (cap > b->max)
            cap = b->max;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->oom = 1;
            return -1;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static int sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sbuf_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= sizeof tmp)
        return -1;
    return sbuf_add(b, tmp, (size_t)k);
}

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *user)
{
    sbuf *b = user;
    size_t n = size * nmemb;
    if (sbuf_add(b, ptr, n) != 0)
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    return n;
}

/* A printable excerpt of a response body (for error messages). */
static const char *snippet(const char *body, size_t len, char *out, size_t size)
{
    size_t k = 0;
    for (size_t i = 0; i < len && k + 4 < size && k < SNIPPET; i++) {
        unsigned char ch = (unsigned char)body[i];
        out[k++] = ch >= ' ' && ch < 127 ? (char)ch : ' ';
    }
    if (k < len && k + 4 < size) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
    return out;
}

/* Base URL without trailing slashes (new). */
static char *trim_base(const char *url)
{
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        n--;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, url, n);
        d[n] = '\0';
    }
    return d;
}

/* Appends "lon,lat" with six decimals (OSRM keeps 1e-6 degrees). */
static void add_coord(sbuf *b, double lon, double lat)
{
    sbuf_printf(b, "%.6f,%.6f", lon, lat);
}

/* The name of point i in errors: its label, or "point i" in buf. */
static const char *label_of(const char *const *labels, int i, char *buf, size_t size)
{
    if (labels && labels[i])
        return labels[i];
    snprintf(buf, size, "point %d", i);
    return buf;
}

static eco_status check_points(int n, const double *lon, const double *lat, const char *const *labels, eco_error *err)
{
    eco_status st = ECO_OK;
    char buf[32];
    for (int i = 0; i < n; i++)
        if (!(lon[i] >= -180.0 && lon[i] <= 180.0 && lat[i] >= -90.0 && lat[i] <= 90.0))
            st = eco__error(err, ECO_EINPUT, label_of(labels, i, buf, sizeof buf),
                            "[%g, %g] is not a [longitude, latitude] in degrees", lon[i], lat[i]);
    return st;
}

/* ---- the transfer engine ---- */

/* What a response handler decided. */
enum { RESP_OK = 0, RESP_POINT_ERROR = 1, RESP_FATAL = -1 };

typedef struct xfer {
    int attempts;      /* requests sent so far */
    double not_before; /* monotonic time the next attempt may start */
    CURL *easy;        /* while in flight */
    sbuf body;
    char errbuf[CURL_ERROR_SIZE];
} xfer;

typedef struct engine {
    const eco_osrm_config *cfg;
    const char *base; /* base URL without trailing '/' */
    int n_jobs;
    /* the job kind: */
    char *(*make_url)(void *ctx, int job);  /* new URL; NULL when out of memory */
    size_t (*body_max)(void *ctx, int job); /* response size cap */
    int (*on_response)(void *ctx, int job, long http, const char *body, size_t len, eco_error *err);
    void (*describe)(void *ctx, int job, char *out, size_t size);
    void *ctx;
    eco_osrm_stats *stats;
    eco_status fatal; /* status of a RESP_FATAL answer (ECO_EROUTING unless set) */
} engine;

static int retryable_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return 1;
    default:
        return 0;
    }
}

static int connect_failure(CURLcode rc)
{
    return rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY ||
           rc == CURLE_SSL_CONNECT_ERROR;
}

static int start_job(engine *e, CURLM *multi, xfer *x, int job)
{
    const eco_osrm_config *c = e->cfg;
    char *url = e->make_url(e->ctx, job);
    if (!url)
        return -1;
    CURL *h = curl_easy_init();
    if (!h) {
        free(url);
        return -1;
    }
    x->body.len = 0;
    x->body.overflow = x->body.oom = 0;
    x->body.max = e->body_max(e->ctx, job);
    x->errbuf[0] = '\0';
    int ok = curl_easy_setopt(h, CURLOPT_URL, url) == CURLE_OK;
    free(url); /* curl keeps its own copy */
    ok = ok && curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_WRITEDATA, &x->body) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)x) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)ceil(c->connect_timeout_s * 1000.0)) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)ceil(c->timeout_s * 1000.0)) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "") == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_USERAGENT, "ecoroute/" ECO_VERSION) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500
    ok = ok && curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
#else
    ok = ok && curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) == CURLE_OK;
#endif
    if (!ok || curl_multi_add_handle(multi, h) != CURLM_OK) {
        curl_easy_cleanup(h);
        return -1;
    }
    x->easy = h;
    x->attempts++;
    e->stats->requests++;
    if (x->attempts > 1)
        e->stats->retries++;
    return 0;
}

/* Reports the final failure of a transfer that may have been retried. */
static eco_status report_transport(engine *e, int job, xfer *x, CURLcode rc, long http, eco_error *err)
{
    char what[160], snip[SNIPPET + 8];
    e->describe(e->ctx, job, what, sizeof what);
    const char *detail = x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc);
    const char *plural = x->attempts == 1 ? "" : "s";
    if (rc == CURLE_OK) /* 5xx or 429 */
        return eco__error(err, ECO_EROUTING, WHERE, "%s answered HTTP %ld (%s, %d attempt%s): %s", e->base, http, what,
                          x->attempts, plural,
                          snippet(x->body.data ? x->body.data : "", x->body.len, snip, sizeof snip));
    else if (connect_failure(rc))
        return eco__error(err, ECO_EROUTING, WHERE, "cannot connect to %s: %s (%d attempt%s)", e->base, detail,
                          x->attempts, plural);
    else if (rc == CURLE_OPERATION_TIMEDOUT)
        return eco__error(err, ECO_EROUTING, WHERE, "no answer from %s within %g s (%s, %d attempt%s): %s", e->base,
                          e->cfg->timeout_s, what, x->attempts, plural, detail);
    else if (rc == CURLE_WRITE_ERROR && x->body.overflow)
        return eco__error(err, ECO_EROUTING, WHERE, "response from %s larger than %zu bytes (%s)", e->base,
                          x->body.max - 1, what);
    else if (rc == CURLE_WRITE_ERROR && x->body.oom)
        return eco__error(err, ECO_EINTERNAL, WHERE, "out of memory for a response (%s)", what);
    return eco__error(err, ECO_EROUTING, WHERE, "request to %s failed (%s, %d attempt%s): %s", e->base, what,
                      x->attempts, plural, detail);
}

/* Runs every job to completion. Returns ECO_OK when all jobs were answered
 * and handled (RESP_POINT_ERROR answers included: *point_errors counts them),
 * else the first fatal status. */
static eco_status run_transfers(engine *e, int *point_errors, eco_error *err)
{
    const eco_osrm_config *c = e->cfg;
    eco_status st = ECO_OK;
    int n = e->n_jobs, next = 0, done = 0, running = 0, n_wait = 0;
    *point_errors = 0;
    pthread_once(&curl_once, curl_init_once);
    if (curl_init_rc != CURLE_OK)
        return eco__error(err, ECO_EINTERNAL, WHERE, "curl_global_init failed: %s", curl_easy_strerror(curl_init_rc));
    xfer *xs = calloc((size_t)n, sizeof *xs);
    int *wait = malloc((size_t)n * sizeof *wait); /* jobs waiting for a retry */
    CURLM *multi = curl_multi_init();
    if (!xs || !wait || !multi) {
        st = eco__error(err, ECO_EINTERNAL, WHERE, "out of memory");
        goto out;
    }
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)c->parallel);
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)c->parallel);
    while (done < n) {
        double t = now_s();
        /* start due retries first, then new jobs, up to `parallel` at once */
        while (running < c->parallel) {
            int job = -1;
            for (int k = 0; k < n_wait; k++)
                if (xs[wait[k]].not_before <= t) {
                    job = wait[k];
                    wait[k] = wait[--n_wait];
                    break;
                }
            if (job < 0 && next < n)
                job = next++;
            if (job < 0)
                break;
            if (start_job(e, multi, &xs[job], job) != 0) {
                st = eco__error(err, ECO_EINTERNAL, WHERE, "out of memory starting a request");
                goto out;
            }
            running++;
            if (running > e->stats->max_in_flight)
                e->stats->max_in_flight = running;
        }
        int still = 0;
        if (curl_multi_perform(multi, &still) != CURLM_OK) {
            st = eco__error(err, ECO_EINTERNAL, WHERE, "curl_multi_perform failed");
            goto out;
        }
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            CURL *h = msg->easy_handle;
            CURLcode rc = msg->data.result;
            xfer *x = NULL;
            long http = 0;
            curl_off_t got = 0;
            curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&x);
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
            curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &got);
            curl_multi_remove_handle(multi, h);
            curl_easy_cleanup(h);
            x->easy = NULL;
            running--;
            e->stats->bytes += (int64_t)got;
            int job = (int)(x - xs);
            int retry = rc != CURLE_OK ? retryable_curl(rc) : (http >= 500 || http == 429);
            if (rc != CURLE_OK || retry) {
                if (retry && x->attempts <= c->max_retries) {
                    double delay = c->backoff_s * pow(2.0, x->attempts - 1);
                    x->not_before = now_s() + (delay < MAX_BACKOFF_S ? delay : MAX_BACKOFF_S);
                    wait[n_wait++] = job;
                    continue;
                }
                st = report_transport(e, job, x, rc, http, err);
                goto out;
            }
            int r = e->on_response(e->ctx, job, http, x->body.data ? x->body.data : "", x->body.len, err);
            free(x->body.data);
            x->body.data = NULL;
            x->body.cap = 0;
            if (r == RESP_FATAL) {
                st = e->fatal != ECO_OK ? e->fatal : ECO_EROUTING;
                goto out;
            }
            if (r == RESP_POINT_ERROR)
                (*point_errors)++;
            done++;
        }
        if (done >= n)
            break;
        /* a free slot and a job to start: go round at once; else wait for
         * traffic, or for the earliest retry when one is due sooner */
        int wait_ms = 100;
        if (running < c->parallel) {
            if (next < n)
                continue;
            if (n_wait > 0) {
                double first = xs[wait[0]].not_before;
                for (int k = 1; k < n_wait; k++)
                    if (xs[wait[k]].not_before < first)
                        first = xs[wait[k]].not_before;
                double ms = (first - now_s()) * 1000.0;
                if (ms <= 0)
                    continue;
                wait_ms = ms < 100 ? (int)ceil(ms) : 100;
            }
        }
        if (curl_multi_poll(multi, NULL, 0, wait_ms, NULL) != CURLM_OK) {
            st = eco__error(err, ECO_EINTERNAL, WHERE, "curl_multi_poll failed");
            goto out;
        }
    }
out:
    if (xs) {
        for (int j = 0; j < n; j++) {
            if (xs[j].easy) {
                curl_multi_remove_handle(multi, xs[j].easy);
                curl_easy_cleanup(xs[j].easy);
            }
            free(xs[j].body.data);
        }
    }
    if (multi)
        curl_multi_cleanup(multi);
    free(xs);
    free(wait);
    return st;
}

/* ---- parsing helpers shared by table and route answers ---- */

/* Parses body as a JSON object (new) or reports why not. For a non-200
 * answer that is not JSON, reports the HTTP status with an excerpt. */
static json_t *parse_body(engine *e, int job, long http, const char *body, size_t len, eco_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(body, len, 0, &je);
    if (root && json_is_object(root))
        return root;
    char what[160], snip[SNIPPET + 8];
    e->describe(e->ctx, job, what, sizeof what);
    if (http != 200)
        eco__error(err, ECO_EROUTING, WHERE, "%s answered HTTP %ld (%s): %s", e->base, http, what,
                   snippet(body, len, snip, sizeof snip));
    else if (root)
        eco__error(err, ECO_EROUTING, WHERE, "malformed response from %s (%s): expected a JSON object", e->base, what);
    else
        eco__error(err, ECO_EROUTING, WHERE, "malformed response from %s (%s): %s at line %d, column %d", e->base, what,
                   je.text, je.line, je.column);
    json_decref(root);
    return NULL;
}

static void report_malformed(engine *e, int job, const char *why, eco_error *err)
{
    char what[160];
    e->describe(e->ctx, job, what, sizeof what);
    eco__error(err, ECO_EROUTING, WHERE, "malformed response from %s (%s): %s", e->base, what, why);
}

/* The index N in OSRM's "Could not find a matching segment for coordinate N",
 * or -1. */
static int segment_index(const char *message)
{
    const char *p = message ? strstr(message, "coordinate ") : NULL;
    if (!p)
        return -1;
    p += strlen("coordinate ");
    if (!isdigit((unsigned char)*p))
        return -1;
    long v = strtol(p, NULL, 10);
    return v >= 0 && v < 1000000 ? (int)v : -1;
}

/* Reports an OSRM error answer ("code" other than "Ok"). */
static void report_code(engine *e, int job, long http, const char *code, const char *message, eco_error *err)
{
    char what[160];
    e->describe(e->ctx, job, what, sizeof what);
    if (strcmp(code, "TooBig") == 0)
        eco__error(err, ECO_EROUTING, WHERE,
                   "%s refused the request as too big (%s; TooBig: %s): set travel.block_size (table) or "
                   "route_max_points (route) to at most the server's --max-table-size / --max-viaroute-size",
                   e->base, what, message);
    else if (strcmp(code, "NoTable") == 0)
        eco__error(err, ECO_EROUTING, WHERE, "%s found no table (%s; NoTable: %s)", e->base, what, message);
    else if (strcmp(code, "NoRoute") == 0)
        eco__error(err, ECO_EROUTING, WHERE, "%s found no route (%s; NoRoute: %s)", e->base, what, message);
    else
        eco__error(err, ECO_EROUTING, WHERE, "%s answered HTTP %ld (%s; %s: %s)", e->base, http, what, code, message);
}

/* A cell: a non-negative number (rounded), or null (-1). Returns 0 if it is
 * neither. */
static int cell_value(json_t *v, int32_t *out)
{
    if (json_is_null(v)) {
        *out = -1;
        return 1;
    }
    if (!json_is_number(v))
        return 0;
    double d = json_number_value(v);
    if (!(d >= 0.0 && d < 2.0e9))
        return 0;
    *out = (int32_t)floor(d + 0.5);
    return 1;
}

/* The snapped distance of a waypoint, or -1 when absent. */
static double waypoint_distance(json_t *wp)
{
    json_t *d = json_is_object(wp) ? json_object_get(wp, "distance") : NULL;
    return json_is_number(d) ? json_number_value(d) : -1.0;
}

/* ---- table ---- */

typedef struct table_ctx {
    engine *e;
    int n, bs, nb; /* points, block size, blocks per side */
    const double *lon, *lat;
    int32_t *dist, *dur;
    double *snap_m;   /* per point: largest snapped distance seen (-1: none) */
    char *no_segment; /* per point: OSRM said NoSegment */
} table_ctx;

static void block_of(const table_ctx *t, int job, int *s0, int *ns, int *d0, int *nd)
{
    int sb = job / t->nb, db = job % t->nb;
    *s0 = sb * t->bs;
    *d0 = db * t->bs;
    *ns = t->n - *s0 < t->bs ? t->n - *s0 : t->bs;
    *nd = t->n - *d0 < t->bs ? t->n - *d0 : t->bs;
}

static void table_describe(void *ctx, int job, char *out, size_t size)
{
    table_ctx *t = ctx;
    int s0, ns, d0, nd;
    block_of(t, job, &s0, &ns, &d0, &nd);
    snprintf(out, size, "table block %d of %d: sources %d-%d, destinations %d-%d", job + 1, t->e->n_jobs, s0,
             s0 + ns - 1, d0, d0 + nd - 1);
}

static char *table_url(void *ctx, int job)
{
    table_ctx *t = ctx;
    const engine *e = t->e;
    int s0, ns, d0, nd;
    block_of(t, job, &s0, &ns, &d0, &nd);
    int same = s0 == d0;
    sbuf b = {0};
    b.max = (size_t)1 << 30;
    sbuf_add(&b, e->base, strlen(e->base));
    sbuf_add(&b, "/table/v1/", 10);
    sbuf_add(&b, e->cfg->profile, strlen(e->cfg->profile));
    sbuf_add(&b, "/", 1);
    for (int i = 0; i < ns; i++) {
        if (i)
            sbuf_add(&b, ";", 1);
        add_coord(&b, t->lon[s0 + i], t->lat[s0 + i]);
    }
    if (!same) {
        for (int j = 0; j < nd; j++) {
            sbuf_add(&b, ";", 1);
            add_coord(&b, t->lon[d0 + j], t->lat[d0 + j]);
        }
        sbuf_add(&b, "?sources=", 9);
        for (int i = 0; i < ns; i++)
            sbuf_printf(&b, i ? ";%d" : "%d", i);
        sbuf_add(&b, "&destinations=", 14);
        for (int j = 0; j < nd; j++)
            sbuf_printf(&b, j ? ";%d" : "%d", ns + j);
        sbuf_add(&b, "&", 1);
    } else {
        sbuf_add(&b, "?", 1);
    }
    sbuf_add(&b, "annotations=duration,distance", 29);
    if (b.oom || b.overflow) {
        free(b.data);
        return NULL;
    }
    return b.data;
}

static size_t table_body_max(void *ctx, int job)
{
    table_ctx *t = ctx;
    int s0, ns, d0, nd;
    block_of(t, job, &s0, &ns, &d0, &nd);
    /* two matrices of numbers (at most ~24 characters each), the waypoints
     * (hints and street names: ~1 KiB each is generous), and slack */
    return ((size_t)1 << 20) + (size_t)ns * (size_t)nd * 48 + (size_t)(ns + nd) * 1024;
}

/* Copies one matrix ("durations" or "distances") of a block answer. */
static int copy_matrix(table_ctx *t, json_t *root, const char *key, int32_t *out, int s0, int ns, int d0, int nd,
                       char *why, size_t why_size)
{
    json_t *m = json_object_get(root, key);
    if (!json_is_array(m) || (int)json_array_size(m) != ns) {
        snprintf(why, why_size, "\"%s\" is not an array of %d rows", key, ns);
        return -1;
    }
    for (int i = 0; i < ns; i++) {
        json_t *row = json_array_get(m, (size_t)i);
        if (!json_is_array(row) || (int)json_array_size(row) != nd) {
            snprintf(why, why_size, "\"%s\"[%d] is not an array of %d numbers", key, i, nd);
            return -1;
        }
        int32_t *dst = out + (size_t)(s0 + i) * (size_t)t->n + (size_t)d0;
        for (int j = 0; j < nd; j++)
            if (!cell_value(json_array_get(row, (size_t)j), &dst[j])) {
                snprintf(why, why_size, "\"%s\"[%d][%d] is not a non-negative number or null", key, i, j);
                return -1;
            }
    }
    return 0;
}

static int table_response(void *ctx, int job, long http, const char *body, size_t len, eco_error *err)
{
    table_ctx *t = ctx;
    engine *e = t->e;
    int s0, ns, d0, nd;
    block_of(t, job, &s0, &ns, &d0, &nd);
    int same = s0 == d0;
    json_t *root = parse_body(e, job, http, body, len, err);
    if (!root)
        return RESP_FATAL;
    int r = RESP_FATAL;
    char why[200];
    const char *code = json_string_value(json_object_get(root, "code"));
    const char *message = json_string_value(json_object_get(root, "message"));
    if (!message)
        message = "";
    if (!code) {
        if (http == 200)
            report_malformed(e, job, "no \"code\" field", err);
        else
            report_code(e, job, http, "(no code)", message, err);
        goto out;
    }
    if (strcmp(code, "NoSegment") == 0) {
        /* the coordinate index counts the block's own list: sources first */
        int k = segment_index(message);
        int n_coords = same ? ns : ns + nd;
        if (k >= 0 && k < n_coords) {
            int p = k < ns ? s0 + k : d0 + (k - ns);
            t->no_segment[p] = 1;
            r = RESP_POINT_ERROR;
        } else {
            report_code(e, job, http, code, message, err);
        }
        goto out;
    }
    if (http != 200 || strcmp(code, "Ok") != 0) {
        report_code(e, job, http, code, message, err);
        goto out;
    }
    if (copy_matrix(t, root, "durations", t->dur, s0, ns, d0, nd, why, sizeof why) != 0 ||
        copy_matrix(t, root, "distances", t->dist, s0, ns, d0, nd, why, sizeof why) != 0) {
        report_malformed(e, job, why, err);
        goto out;
    }
    json_t *src = json_object_get(root, "sources"), *dst = json_object_get(root, "destinations");
    if ((src && (!json_is_array(src) || (int)json_array_size(src) != ns)) ||
        (dst && (!json_is_array(dst) || (int)json_array_size(dst) != nd))) {
        report_malformed(e, job, "\"sources\" or \"destinations\" does not list one waypoint per point", err);
        goto out;
    }
    for (int i = 0; src && i < ns; i++) {
        double d = waypoint_distance(json_array_get(src, (size_t)i));
        if (d > t->snap_m[s0 + i])
            t->snap_m[s0 + i] = d;
    }
    for (int j = 0; dst && j < nd; j++) {
        double d = waypoint_distance(json_array_get(dst, (size_t)j));
        if (d > t->snap_m[d0 + j])
            t->snap_m[d0 + j] = d;
    }
    r = RESP_OK;
out:
    json_decref(root);
    return r;
}

/* After every block answered: names the points OSRM could not place, or
 * placed too far away, one error each in point order. */
static eco_status report_points(const table_ctx *t, const eco_osrm_config *c, const char *const *labels, eco_error *err)
{
    eco_status st = ECO_OK;
    char buf[32];
    for (int i = 0; i < t->n; i++) {
        const char *who = label_of(labels, i, buf, sizeof buf);
        if (t->no_segment[i])
            st = eco__error(err, ECO_EROUTING, who, "no road segment near [%.6f, %.6f] (OSRM NoSegment)", t->lon[i],
                            t->lat[i]);
        else if (c->max_snap_m > 0 && t->snap_m[i] > c->max_snap_m)
            st = eco__error(err, ECO_EROUTING, who, "no road within %g m (snapped %.0f m away)", c->max_snap_m,
                            t->snap_m[i]);
    }
    return st;
}

/* Null cells (OSRM found no route): a point with no route to or from any
 * other point is named once; other pairs are named one by one, up to
 * MAX_PAIR_ERRORS, then counted. */
static eco_status report_nulls(const table_ctx *t, const char *const *labels, eco_error *err)
{
    int n = t->n;
    size_t nn = (size_t)n * (size_t)n;
    size_t bad = 0;
    for (size_t k = 0; k < nn; k++)
        if (t->dist[k] < 0 || t->dur[k] < 0)
            bad++;
    if (bad == 0)
        return ECO_OK;
    eco_status st = ECO_EROUTING;
    int *out_null = calloc((size_t)n, sizeof *out_null), *in_null = calloc((size_t)n, sizeof *in_null);
    char *isolated = calloc((size_t)n, 1);
    if (!out_null || !in_null || !isolated) {
        st = eco__error(err, ECO_EINTERNAL, WHERE, "out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            size_t k = (size_t)i * n + j;
            if (t->dist[k] < 0 || t->dur[k] < 0) {
                out_null[i]++;
                in_null[j]++;
            }
        }
    char b1[32], b2[32];
    for (int i = 0; i < n; i++)
        if (n > 2 && out_null[i] >= n - 1 && in_null[i] >= n - 1) {
            isolated[i] = 1;
            eco__error(err, ECO_EROUTING, label_of(labels, i, b1, sizeof b1),
                       "no route to or from any other point (OSRM returned null; is it on a road network "
                       "cut off from the others?)");
        }
    int named = 0;
    size_t more = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            size_t k = (size_t)i * n + j;
            if ((t->dist[k] >= 0 && t->dur[k] >= 0) || isolated[i] || isolated[j])
                continue;
            if (named < MAX_PAIR_ERRORS) {
                char where[600];
                snprintf(where, sizeof where, "%s -> %s", label_of(labels, i, b1, sizeof b1),
                         label_of(labels, j, b2, sizeof b2));
                eco__error(err, ECO_EROUTING, where, "no route (OSRM returned null)");
                named++;
            } else {
                more++;
            }
        }
    if (more)
        eco__error(err, ECO_EROUTING, WHERE, "%zu more pairs of points without a route", more);
out:
    free(out_null);
    free(in_null);
    free(isolated);
    return st;
}

static void stats_done(eco_osrm_stats *stats, double t0)
{
    stats->seconds = now_s() - t0;
}

eco_status eco__osrm_table(const eco_osrm_config *c, int n, const double *lon, const double *lat,
                           const char *const *labels, int32_t *dist_m, int32_t *dur_s, eco_osrm_stats *stats,
                           eco_error *err)
{
    eco_osrm_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    double t0 = now_s();
    eco_status st = eco__osrm_config_check(c, err);
    if (st != ECO_OK)
        return st;
    if (n < 0 || n > ECO_OSRM_MAX_POINTS)
        return eco__error(err, ECO_EINPUT, WHERE, "%d points: expected 0 to %d", n, ECO_OSRM_MAX_POINTS);
    if ((st = check_points(n, lon, lat, labels, err)) != ECO_OK)
        return st;
    if (n <= 1) {
        if (n == 1)
            dist_m[0] = dur_s[0] = 0;
        stats_done(stats, t0);
        return ECO_OK;
    }
    table_ctx t = {0};
    engine e = {0};
    char *base = trim_base(c->base_url);
    t.n = n;
    t.lon = lon;
    t.lat = lat;
    t.snap_m = malloc((size_t)n * sizeof *t.snap_m);
    t.no_segment = calloc((size_t)n, 1);
    if (!base || !t.snap_m || !t.no_segment) {
        st = eco__error(err, ECO_EINTERNAL, WHERE, "out of memory");
        goto out;
    }
    /* the cache keeps the snapped distances, checked against today's limit */
    if (c->cache_dir && eco__matrix_cache_load(c->cache_dir, base, c->profile, n, lon, lat, dist_m, dur_s, t.snap_m)) {
        stats->cache_hit = 1;
        st = report_points(&t, c, labels, err);
        goto out;
    }
    for (int i = 0; i < n; i++)
        t.snap_m[i] = -1.0;
    size_t nn = (size_t)n * (size_t)n;
    for (size_t k = 0; k < nn; k++)
        dist_m[k] = dur_s[k] = -1;
    t.e = &e;
    t.bs = c->block_size;
    t.nb = (n + t.bs - 1) / t.bs;
    t.dist = dist_m;
    t.dur = dur_s;
    e.cfg = c;
    e.base = base;
    e.n_jobs = t.nb * t.nb;
    e.make_url = table_url;
    e.body_max = table_body_max;
    e.on_response = table_response;
    e.describe = table_describe;
    e.ctx = &t;
    e.stats = stats;
    stats->blocks = e.n_jobs;
    int point_errors = 0;
    if ((st = run_transfers(&e, &point_errors, err)) != ECO_OK)
        goto out;
    if ((st = report_points(&t, c, labels, err)) != ECO_OK)
        goto out;
    if ((st = report_nulls(&t, labels, err)) != ECO_OK)
        goto out;
    if (c->cache_dir) {
        eco_error cerr;
        eco_error_clear(&cerr);
        stats->cache_stored = eco__matrix_cache_store(c->cache_dir, base, c->profile, n, lon, lat, dist_m, dur_s,
                                                      t.snap_m, &cerr) == ECO_OK;
    }
out:
    free(base);
    free(t.snap_m);
    free(t.no_segment);
    stats_done(stats, t0);
    return st;
}

/* ---- polyline6 ---- */

static int put_varint(sbuf *b, int64_t v)
{
    uint64_t u = v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1;
    char tmp[16];
    int k = 0;
    while (u >= 0x20) {
        tmp[k++] = (char)((0x20 | (u & 0x1f)) + 63);
        u >>= 5;
    }
    tmp[k++] = (char)(u + 63);
    return sbuf_add(b, tmp, (size_t)k);
}

eco_status eco__polyline6_encode(int n, const double *lon, const double *lat, char **out)
{
    sbuf b = {0};
    b.max = (size_t)1 << 31;
    int64_t plat = 0, plon = 0;
    sbuf_add(&b, "", 0);
    for (int i = 0; i < n; i++) {
        int64_t la = (int64_t)llround(lat[i] * 1e6), lo = (int64_t)llround(lon[i] * 1e6);
        put_varint(&b, la - plat);
        put_varint(&b, lo - plon);
        plat = la;
        plon = lo;
    }
    if (b.oom || b.overflow) {
        free(b.data);
        *out = NULL;
        return ECO_EINTERNAL;
    }
    *out = b.data;
    return ECO_OK;
}

/* Reads one zigzag varint from *p; -1 when malformed. */
static int get_varint(const char **p, int64_t *v)
{
    uint64_t u = 0;
    int shift = 0;
    for (;;) {
        int ch = (unsigned char)**p;
        if (ch < 63 || ch > 126 || shift > 35) /* 8 chunks hold any 1e6-degree delta */
            return -1;
        (*p)++;
        ch -= 63;
        u |= (uint64_t)(ch & 0x1f) << shift;
        shift += 5;
        if (!(ch & 0x20))
            break;
    }
    *v = (u & 1) ? -(int64_t)(u >> 1) - 1 : (int64_t)(u >> 1);
    return 0;
}

eco_status eco__polyline6_decode(const char *text, int *n, double **lon, double **lat)
{
    *n = 0;
    *lon = *lat = NULL;
    size_t len = strlen(text);
    if (len / 2 > (size_t)INT32_MAX)
        return ECO_EINPUT;
    size_t cap = len / 2 + 1; /* every point takes at least two characters */
    double *x = malloc(cap * sizeof *x), *y = malloc(cap * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return ECO_EINTERNAL;
    }
    const char *p = text;
    int64_t la = 0, lo = 0;
    int k = 0;
    while (*p) {
        int64_t dla, dlo;
        if (get_varint(&p, &dla) != 0 || !*p || get_varint(&p, &dlo) != 0) {
            free(x);
            free(y);
            return ECO_EINPUT;
        }
        la += dla;
        lo += dlo;
        if (la < -90000000 || la > 90000000 || lo < -180000000 || lo > 180000000) {
            free(x);
            free(y);
            return ECO_EINPUT;
        }
        y[k] = (double)la / 1e6;
        x[k] = (double)lo / 1e6;
        k++;
    }
    *n = k;
    *lon = x;
    *lat = y;
    return ECO_OK;
}

/* ---- route ---- */

typedef struct route_piece {
    double *lon, *lat; /* decoded geometry (new) */
    int n_geom;
    double distance, duration;
} route_piece;

typedef struct route_ctx {
    engine *e;
    int n, step; /* points; first point of piece k is k * step */
    const double *lon, *lat;
    route_piece *pieces;
    double *snap_m; /* per route point */
    char *no_segment;
} route_ctx;

static void piece_of(const route_ctx *r, int job, int *p0, int *np)
{
    *p0 = job * r->step;
    int last = *p0 + r->step;
    if (last > r->n - 1)
        last = r->n - 1;
    *np = last - *p0 + 1;
}

static void route_describe(void *ctx, int job, char *out, size_t size)
{
    route_ctx *r = ctx;
    int p0, np;
    piece_of(r, job, &p0, &np);
    snprintf(out, size, "route piece %d of %d: points %d-%d", job + 1, r->e->n_jobs, p0, p0 + np - 1);
}

static char *route_url(void *ctx, int job)
{
    route_ctx *r = ctx;
    int p0, np;
    piece_of(r, job, &p0, &np);
    sbuf b = {0};
    b.max = (size_t)1 << 30;
    sbuf_add(&b, r->e->base, strlen(r->e->base));
    sbuf_add(&b, "/route/v1/", 10);
    sbuf_add(&b, r->e->cfg->profile, strlen(r->e->cfg->profile));
    sbuf_add(&b, "/", 1);
    for (int i = 0; i < np; i++) {
        if (i)
            sbuf_add(&b, ";", 1);
        add_coord(&b, r->lon[p0 + i], r->lat[p0 + i]);
    }
    sbuf_add(&b, "?overview=full&geometries=polyline6&steps=false", 47);
    if (b.oom || b.overflow) {
        free(b.data);
        return NULL;
    }
    return b.data;
}

static size_t route_body_max(void *ctx, int job)
{
    (void)ctx;
    (void)job;
    return ROUTE_BODY_MAX;
}

static int route_response(void *ctx, int job, long http, const char *body, size_t len, eco_error *err)
{
    route_ctx *r = ctx;
    engine *e = r->e;
    int p0, np;
    piece_of(r, job, &p0, &np);
    json_t *root = parse_body(e, job, http, body, len, err);
    if (!root)
        return RESP_FATAL;
    int res = RESP_FATAL;
    const char *code = json_string_value(json_object_get(root, "code"));
    const char *message = json_string_value(json_object_get(root, "message"));
    if (!message)
        message = "";
    if (!code) {
        if (http == 200)
            report_malformed(e, job, "no \"code\" field", err);
        else
            report_code(e, job, http, "(no code)", message, err);
        goto out;
    }
    if (strcmp(code, "NoSegment") == 0) {
        int k = segment_index(message);
        if (k >= 0 && k < np) {
            r->no_segment[p0 + k] = 1;
            res = RESP_POINT_ERROR;
        } else {
            report_code(e, job, http, code, message, err);
        }
        goto out;
    }
    if (http != 200 || strcmp(code, "Ok") != 0) {
        report_code(e, job, http, code, message, err);
        goto out;
    }
    json_t *routes = json_object_get(root, "routes");
    json_t *route = json_is_array(routes) ? json_array_get(routes, 0) : NULL;
    json_t *geom = route ? json_object_get(route, "geometry") : NULL;
    json_t *dist = route ? json_object_get(route, "distance") : NULL;
    json_t *dur = route ? json_object_get(route, "duration") : NULL;
    if (!json_is_object(route) || !json_is_string(geom) || !json_is_number(dist) || !json_is_number(dur) ||
        !(json_number_value(dist) >= 0) || !(json_number_value(dur) >= 0)) {
        report_malformed(e, job, "expected routes[0] with a polyline \"geometry\", \"distance\" and \"duration\"", err);
        goto out;
    }
    route_piece *pc = &r->pieces[job];
    eco_status ds = eco__polyline6_decode(json_string_value(geom), &pc->n_geom, &pc->lon, &pc->lat);
    if (ds == ECO_EINTERNAL) {
        e->fatal = eco__error(err, ECO_EINTERNAL, WHERE, "out of memory");
        goto out;
    }
    if (ds != ECO_OK) {
        report_malformed(e, job, "routes[0].geometry is not a valid polyline6", err);
        goto out;
    }
    pc->distance = json_number_value(dist);
    pc->duration = json_number_value(dur);
    json_t *wps = json_object_get(root, "waypoints");
    if (wps && (!json_is_array(wps) || (int)json_array_size(wps) != np)) {
        report_malformed(e, job, "\"waypoints\" does not list one waypoint per point", err);
        goto out;
    }
    for (int i = 0; wps && i < np; i++) {
        double d = waypoint_distance(json_array_get(wps, (size_t)i));
        if (d > r->snap_m[p0 + i])
            r->snap_m[p0 + i] = d;
    }
    res = RESP_OK;
out:
    json_decref(root);
    return res;
}

eco_status eco__osrm_route(const eco_osrm_config *c, int n, const double *lon, const double *lat, char **polyline6,
                           double *distance_m, double *duration_s, eco_osrm_stats *stats, eco_error *err)
{
    eco_osrm_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    double t0 = now_s();
    *polyline6 = NULL;
    *distance_m = *duration_s = 0.0;
    eco_status st = eco__osrm_config_check(c, err);
    if (st != ECO_OK)
        return st;
    if (n < 1 || n > 1000000)
        return eco__error(err, ECO_EINPUT, WHERE, "a route needs 1 to 1000000 points, got %d", n);
    if ((st = check_points(n, lon, lat, NULL, err)) != ECO_OK)
        return st;
    if (n == 1) {
        st = eco__polyline6_encode(1, lon, lat, polyline6);
        stats_done(stats, t0);
        return st == ECO_OK ? ECO_OK : eco__error(err, st, WHERE, "out of memory");
    }
    route_ctx r = {0};
    engine e = {0};
    double *gx = NULL, *gy = NULL;
    char *base = trim_base(c->base_url);
    r.e = &e;
    r.n = n;
    r.step = c->route_max_points - 1;
    r.lon = lon;
    r.lat = lat;
    e.n_jobs = (n - 1 + r.step - 1) / r.step;
    r.pieces = calloc((size_t)e.n_jobs, sizeof *r.pieces);
    r.snap_m = malloc((size_t)n * sizeof *r.snap_m);
    r.no_segment = calloc((size_t)n, 1);
    if (!base || !r.pieces || !r.snap_m || !r.no_segment) {
        st = eco__error(err, ECO_EINTERNAL, WHERE, "out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++)
        r.snap_m[i] = -1.0;
    e.cfg = c;
    e.base = base;
    e.make_url = route_url;
    e.body_max = route_body_max;
    e.on_response = route_response;
    e.describe = route_describe;
    e.ctx = &r;
    e.stats = stats;
    stats->blocks = e.n_jobs;
    int point_errors = 0;
    if ((st = run_transfers(&e, &point_errors, err)) != ECO_OK)
        goto out;
    for (int i = 0; i < n; i++) {
        char who[32];
        snprintf(who, sizeof who, "route point %d", i);
        if (r.no_segment[i])
            st = eco__error(err, ECO_EROUTING, who, "no road segment near [%.6f, %.6f] (OSRM NoSegment)", lon[i],
                            lat[i]);
        else if (c->max_snap_m > 0 && r.snap_m[i] > c->max_snap_m)
            st = eco__error(err, ECO_EROUTING, who, "no road within %g m (snapped %.0f m away)", c->max_snap_m,
                            r.snap_m[i]);
    }
    if (st != ECO_OK)
        goto out;
    /* join the pieces: each starts where the previous one ended */
    size_t total = 0;
    for (int k = 0; k < e.n_jobs; k++)
        total += (size_t)r.pieces[k].n_geom;
    gx = malloc((total + 1) * sizeof *gx);
    gy = malloc((total + 1) * sizeof *gy);
    if (!gx || !gy) {
        st = eco__error(err, ECO_EINTERNAL, WHERE, "out of memory");
        goto out;
    }
    int m = 0;
    for (int k = 0; k < e.n_jobs; k++) {
        const route_piece *pc = &r.pieces[k];
        for (int i = 0; i < pc->n_geom; i++) {
            if (m > 0 && i == 0 && gx[m - 1] == pc->lon[0] && gy[m - 1] == pc->lat[0])
                continue; /* the shared end point */
            gx[m] = pc->lon[i];
            gy[m] = pc->lat[i];
            m++;
        }
        *distance_m += pc->distance;
        *duration_s += pc->duration;
    }
    if (eco__polyline6_encode(m, gx, gy, polyline6) != ECO_OK) {
        st = eco__error(err, ECO_EINTERNAL, WHERE, "out of memory");
        goto out;
    }
out:
    if (st != ECO_OK) {
        *distance_m = *duration_s = 0.0;
        free(*polyline6);
        *polyline6 = NULL;
    }
    if (r.pieces)
        for (int k = 0; k < e.n_jobs; k++) {
            free(r.pieces[k].lon);
            free(r.pieces[k].lat);
        }
    free(r.pieces);
    free(r.snap_m);
    free(r.no_segment);
    free(gx);
    free(gy);
    free(base);
    stats_done(stats, t0);
    return st;
}

/* ---- the instance provider ---- */

eco_status eco__instance_build_travel_osrm(eco_instance *inst, const eco_osrm_config *c, eco_osrm_stats *stats,
                                           eco_error *err)
{
    int n = inst->n_locs;
    if (inst->coord_kind != ECO_COORD_GEO)
        return eco__error(err, ECO_EINPUT, "travel.provider",
                          "\"osrm\" needs [longitude, latitude] locations, not planar coordinates");
    if (n > ECO_OSRM_MAX_POINTS)
        return eco__error(err, ECO_EINPUT, "travel.provider",
                          "%d locations are too many for an OSRM matrix (at most %d)", n, ECO_OSRM_MAX_POINTS);
    eco_status st = ECO_OK;
    char **labels = calloc((size_t)(n ? n : 1), sizeof *labels);
    int32_t *dist = malloc((size_t)(n ? n : 1) * (size_t)(n ? n : 1) * sizeof *dist);
    int32_t *dur = malloc((size_t)(n ? n : 1) * (size_t)(n ? n : 1) * sizeof *dur);
    if (!labels || !dist || !dur) {
        st = eco__error(err, ECO_EINTERNAL, "travel", "out of memory for a %d x %d matrix", n, n);
        goto out;
    }
    char buf[300];
    for (int i = 0; i < inst->n_depots && st == ECO_OK; i++) {
        int l = inst->depots[i].loc;
        if (l >= 0 && l < n && !labels[l]) {
            snprintf(buf, sizeof buf, "depots[%d] (%s)", i, inst->depots[i].id ? inst->depots[i].id : "");
            if (!(labels[l] = eco__strdup(buf)))
                st = ECO_EINTERNAL;
        }
    }
    for (int i = 0; i < inst->n_facilities && st == ECO_OK; i++) {
        int l = inst->facilities[i].loc;
        if (l >= 0 && l < n && !labels[l]) {
            snprintf(buf, sizeof buf, "facilities[%d] (%s)", i, inst->facilities[i].id ? inst->facilities[i].id : "");
            if (!(labels[l] = eco__strdup(buf)))
                st = ECO_EINTERNAL;
        }
    }
    for (int i = 0; i < inst->n_boxes && st == ECO_OK; i++) {
        int l = inst->boxes[i].loc;
        if (l >= 0 && l < n && !labels[l]) {
            snprintf(buf, sizeof buf, "boxes[%d] (%s)", i, inst->boxes[i].id ? inst->boxes[i].id : "");
            if (!(labels[l] = eco__strdup(buf)))
                st = ECO_EINTERNAL;
        }
    }
    for (int l = 0; l < n && st == ECO_OK; l++)
        if (!labels[l]) {
            snprintf(buf, sizeof buf, "locations[%d]", l);
            if (!(labels[l] = eco__strdup(buf)))
                st = ECO_EINTERNAL;
        }
    if (st != ECO_OK) {
        eco__error(err, st, "travel", "out of memory");
        goto out;
    }
    st = eco__osrm_table(c, n, inst->loc_x, inst->loc_y, (const char *const *)labels, dist, dur, stats, err);
    if (st != ECO_OK)
        goto out;
    if (inst->dur != inst->dist)
        free(inst->dur);
    free(inst->dist);
    inst->dist = dist;
    inst->dur = dur;
    dist = dur = NULL;
out:
    if (labels)
        for (int l = 0; l < n; l++)
            free(labels[l]);
    free(labels);
    free(dist);
    free(dur);
    return st;
}
