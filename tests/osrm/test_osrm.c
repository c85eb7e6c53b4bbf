/*
 * test_osrm.c - tests of the OSRM client (osrm.c) and the matrix cache
 * (matrix_cache.c) against fake_osrm.py, a local server that answers in
 * OSRM's formats, and against a real osrm-routed when one is configured.
 *
 * usage: test_osrm PYTHON FAKE_OSRM_PY CASE [SCRATCH_DIR]
 * Each CASE starts its own fake server on an ephemeral loopback port (the
 * server exits when this program's end of its standard input closes) and
 * exits 0 on success, 1 on failure, 77 when skipped (case "real" without a
 * server). Every request made here has a timeout; nothing waits forever.
 */
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "matrix_cache.h"
#include "model.h"
#include "osrm.h"

extern char **environ;

static int failures;
static const char *python_exe, *server_script, *scratch_dir = "/tmp";

#define CHECK(cond)                                                                                                    \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                                   \
            failures++;                                                                                                \
        }                                                                                                              \
    } while (0)

#define CHECK_ST(st, want, err)                                                                                        \
    do {                                                                                                               \
        eco_status st_ = (st);                                                                                         \
        if (st_ != (want)) {                                                                                           \
            fprintf(stderr, "%s:%d: status %s, expected %s; errors:\n%s", __FILE__, __LINE__, eco_status_name(st_),    \
                    eco_status_name(want), (err)->text);                                                               \
            failures++;                                                                                                \
        }                                                                                                              \
    } while (0)

#define CHECK_HAS(text, needle)                                                                                        \
    do {                                                                                                               \
        if (!strstr((text), (needle))) {                                                                               \
            fprintf(stderr, "%s:%d: expected \"%s\" in: %s\n", __FILE__, __LINE__, (needle), (text));                  \
            failures++;                                                                                                \
        }                                                                                                              \
    } while (0)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- the fake server ---- */

typedef struct server {
    pid_t pid;
    int stdin_fd; /* closing it makes the server exit */
    int port;
    char url[128]; /* http://127.0.0.1:PORT */
} server;

static int server_start(server *s)
{
    int in[2], out[2];
    memset(s, 0, sizeof *s);
    if (pipe(in) != 0 || pipe(out) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    char *argv[] = {(char *)python_exe, (char *)server_script, NULL};
    int rc = posix_spawn(&s->pid, python_exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        fprintf(stderr, "cannot start %s %s: %s\n", python_exe, server_script, strerror(rc));
        close(in[1]);
        close(out[0]);
        return -1;
    }
    s->stdin_fd = in[1];
    char line[32];
    size_t len = 0;
    double deadline = now_s() + 30.0;
    while (len < sizeof line - 1 && now_s() < deadline) {
        struct pollfd p = {out[0], POLLIN, 0};
        if (poll(&p, 1, 200) <= 0)
            continue;
        ssize_t k = read(out[0], line + len, 1);
        if (k <= 0)
            break;
        if (line[len] == '\n')
            break;
        len++;
    }
    line[len] = '\0';
    close(out[0]);
    s->port = atoi(line);
    if (s->port <= 0) {
        fprintf(stderr, "the fake server did not print its port\n");
        return -1;
    }
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", s->port);
    return 0;
}

static void server_stop(server *s)
{
    if (s->pid <= 0)
        return;
    close(s->stdin_fd);
    kill(s->pid, SIGTERM);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
}

static size_t sink(char *p, size_t size, size_t n, void *user)
{
    char *buf = user;
    size_t have = strlen(buf), k = size * n;
    if (have + k < 4096) {
        memcpy(buf + have, p, k);
        buf[have + k] = '\0';
    }
    return k;
}

/* GET url and return one integer field of its JSON answer (-1 on failure). */
static long get_json_int(const char *url, const char *key)
{
    char buf[4096] = "";
    CURL *h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, buf);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK)
        return -1;
    json_t *j = json_loads(buf, 0, NULL);
    long v = j && json_is_integer(json_object_get(j, key)) ? (long)json_integer_value(json_object_get(j, key)) : -1;
    json_decref(j);
    return v;
}

static long server_stat(const server *s, const char *key)
{
    char url[160];
    snprintf(url, sizeof url, "%s/stats", s->url);
    return get_json_int(url, key);
}

static void server_reset(const server *s)
{
    char url[160];
    snprintf(url, sizeof url, "%s/reset", s->url);
    get_json_int(url, "code");
}

/* ---- points and the fake server's travel model (see fake_osrm.py) ---- */

typedef struct pts {
    int n;
    double *lon, *lat;
    char **labels;
} pts;

static void pts_make(pts *p, int n, unsigned seed)
{
    p->n = n;
    p->lon = malloc((size_t)n * sizeof *p->lon);
    p->lat = malloc((size_t)n * sizeof *p->lat);
    p->labels = malloc((size_t)n * sizeof *p->labels);
    unsigned x = seed * 2654435761u + 12345u;
    for (int i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        double u = (double)(x >> 8) / 16777216.0;
        x = x * 1103515245u + 12345u;
        double v = (double)(x >> 8) / 16777216.0;
        /* Almaty, on a 1e-6 degree grid like the URLs */
        p->lon[i] = round((76.80 + 0.20 * u) * 1e6) / 1e6;
        p->lat[i] = round((43.18 + 0.12 * v) * 1e6) / 1e6;
        char buf[64];
        snprintf(buf, sizeof buf, "boxes[%d] (b%d)", i, i + 14);
        p->labels[i] = strdup(buf);
    }
}

static void pts_free(pts *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->labels[i]);
    free(p->labels);
    free(p->lon);
    free(p->lat);
}

static void expected_leg(double lon1, double lat1, double lon2, double lat2, double *d, double *t)
{
    const double r = 6371008.8, rad = M_PI / 180.0;
    if (lon1 == lon2 && lat1 == lat2) {
        *d = *t = 0.0;
        return;
    }
    double x1 = r * lon1 * rad * cos(lat1 * rad), y1 = r * lat1 * rad;
    double x2 = r * lon2 * rad * cos(lat2 * rad), y2 = r * lat2 * rad;
    *d = hypot(x1 - x2, y1 - y2) * 1.3 + (lon2 > lon1 ? 40.0 : 0.0);
    *t = *d / (30.0 / 3.6) * (lat2 > lat1 ? 1.25 : 1.0);
}

/* Every cell within 1 of the model (OSRM's one decimal, then our rounding). */
static int matrix_matches_model(const pts *p, const int32_t *dist, const int32_t *dur)
{
    int bad = 0;
    for (int i = 0; i < p->n; i++)
        for (int j = 0; j < p->n; j++) {
            double d, t;
            expected_leg(p->lon[i], p->lat[i], p->lon[j], p->lat[j], &d, &t);
            size_t k = (size_t)i * p->n + j;
            if (fabs(dist[k] - d) > 1.0 || fabs(dur[k] - t) > 1.0) {
                if (bad < 5)
                    fprintf(stderr, "cell %d,%d: got %d m %d s, model %.1f m %.1f s\n", i, j, dist[k], dur[k], d, t);
                bad++;
            }
        }
    return bad == 0;
}

static eco_osrm_config config_for(const char *url)
{
    eco_osrm_config c;
    eco__osrm_config_init(&c);
    c.base_url = url;
    c.timeout_s = 20.0;
    c.backoff_s = 0.05;
    return c;
}

typedef struct mats {
    int32_t *dist, *dur;
} mats;

static mats mats_new(int n)
{
    mats m = {malloc((size_t)n * n * sizeof(int32_t)), malloc((size_t)n * n * sizeof(int32_t))};
    return m;
}

static void mats_free(mats *m)
{
    free(m->dist);
    free(m->dur);
}

static int mats_equal(const mats *a, const mats *b, int n)
{
    return memcmp(a->dist, b->dist, (size_t)n * n * sizeof(int32_t)) == 0 &&
           memcmp(a->dur, b->dur, (size_t)n * n * sizeof(int32_t)) == 0;
}

static eco_status table(const eco_osrm_config *c, const pts *p, mats *m, eco_osrm_stats *stats, eco_error *err)
{
    eco_error_clear(err);
    return eco__osrm_table(c, p->n, p->lon, p->lat, (const char *const *)p->labels, m->dist, m->dur, stats, err);
}

/* ---- cases ---- */

/* 250 points in blocks of 100 (9 requests) equal one 250 x 250 request and
 * blocks of 64 (16 requests), and match the server's model cell by cell. */
static void case_block_split(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/max=250", s->url);
    eco_osrm_config c = config_for(url);
    pts p;
    pts_make(&p, 250, 1);
    mats a = mats_new(p.n), b = mats_new(p.n), d = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    CHECK_ST(table(&c, &p, &a, &st, &err), ECO_OK, &err);
    CHECK(st.blocks == 9 && st.requests == 9 && st.retries == 0);
    CHECK(st.bytes > 0);
    c.block_size = 250;
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.blocks == 1 && st.requests == 1);
    c.block_size = 64;
    CHECK_ST(table(&c, &p, &d, &st, &err), ECO_OK, &err);
    CHECK(st.blocks == 16 && st.requests == 16);
    CHECK(mats_equal(&a, &b, p.n));
    CHECK(mats_equal(&a, &d, p.n));
    CHECK(matrix_matches_model(&p, a.dist, a.dur));
    int asym = 0;
    for (int i = 0; i < p.n; i++) {
        CHECK(a.dist[i * p.n + i] == 0 && a.dur[i * p.n + i] == 0);
        for (int j = 0; j < p.n; j++)
            asym += a.dur[i * p.n + j] != a.dur[j * p.n + i];
    }
    CHECK(asym > 0); /* the model is asymmetric: a transposed block would show */
    /* exactly at osrm-routed's default limit (100 x 100) */
    snprintf(url, sizeof url, "%s/max=100", s->url);
    c.base_url = url;
    c.block_size = 100;
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(mats_equal(&a, &b, p.n));
    /* a trailing slash on the base URL changes nothing */
    snprintf(url, sizeof url, "%s/max=100/", s->url);
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(mats_equal(&a, &b, p.n));
    /* 0 and 1 points need no request */
    CHECK_ST(eco__osrm_table(&c, 1, p.lon, p.lat, NULL, b.dist, b.dur, &st, &err), ECO_OK, &err);
    CHECK(st.requests == 0 && b.dist[0] == 0 && b.dur[0] == 0);
    CHECK_ST(eco__osrm_table(&c, 0, p.lon, p.lat, NULL, b.dist, b.dur, &st, &err), ECO_OK, &err);
    mats_free(&a);
    mats_free(&b);
    mats_free(&d);
    pts_free(&p);
}

/* A block over the server's limit: 400 TooBig, reported, not retried. */
static void case_too_big(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/max=50", s->url);
    eco_osrm_config c = config_for(url);
    pts p;
    pts_make(&p, 150, 2);
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    CHECK_HAS(err.where, "travel.osrm");
    CHECK_HAS(err.message, "TooBig");
    CHECK_HAS(err.message, "travel.block_size");
    CHECK(st.retries == 0);
    c.block_size = 50;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_OK, &err);
    CHECK(st.blocks == 9);
    mats_free(&m);
    pts_free(&p);
}

/* Blocks are fetched concurrently, never more than `parallel` at once. */
static void case_concurrency(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/delay=0.3", s->url);
    eco_osrm_config c = config_for(url);
    c.block_size = 30;
    c.parallel = 4;
    pts p;
    pts_make(&p, 120, 3); /* 4 x 4 = 16 blocks of 0.3 s: 4.8 s one at a time */
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    server_reset(s);
    double t0 = now_s();
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_OK, &err);
    double el = now_s() - t0;
    long srv_max = server_stat(s, "max_in_flight");
    fprintf(stderr, "parallel 4: %d requests in %.2f s, server saw at most %ld at once\n", st.requests, el, srv_max);
    CHECK(st.blocks == 16 && st.requests == 16);
    CHECK(st.max_in_flight == 4);
    CHECK(srv_max >= 2 && srv_max <= 4);
    CHECK(el < 3.6);
    CHECK(matrix_matches_model(&p, m.dist, m.dur));
    pts_free(&p);
    mats_free(&m);
    /* parallel 1: one at a time */
    pts_make(&p, 60, 3);
    m = mats_new(p.n);
    c.parallel = 1;
    server_reset(s);
    t0 = now_s();
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_OK, &err);
    el = now_s() - t0;
    srv_max = server_stat(s, "max_in_flight");
    fprintf(stderr, "parallel 1: %d requests in %.2f s, server saw at most %ld at once\n", st.requests, el, srv_max);
    CHECK(st.max_in_flight == 1 && srv_max == 1 && el >= 1.2);
    pts_free(&p);
    mats_free(&m);
}

/* 500 then success: each block retried once; 500 every time: reported after
 * max_retries + 1 attempts. */
static void case_retry_500(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/fail500=1", s->url);
    eco_osrm_config c = config_for(url);
    c.block_size = 10;
    pts p;
    pts_make(&p, 30, 4);
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_OK, &err);
    CHECK(st.blocks == 9 && st.requests == 18 && st.retries == 9);
    CHECK(matrix_matches_model(&p, m.dist, m.dur));
    snprintf(url, sizeof url, "%s/fail500=100", s->url);
    c.max_retries = 2;
    double t0 = now_s();
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    CHECK(now_s() - t0 < 5.0);
    CHECK_HAS(err.where, "travel.osrm");
    CHECK_HAS(err.message, "HTTP 500");
    CHECK_HAS(err.message, "3 attempts");
    CHECK(st.requests >= 3);
    /* max_retries 0: one attempt */
    c.max_retries = 0;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    CHECK_HAS(err.message, "1 attempt)");
    mats_free(&m);
    pts_free(&p);
}

/* 4xx is final: one request, the server's code and message quoted. */
static void case_no_retry_400(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/status400", s->url);
    eco_osrm_config c = config_for(url);
    pts p;
    pts_make(&p, 10, 5);
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    CHECK(st.requests == 1 && st.retries == 0);
    CHECK_HAS(err.message, "HTTP 400");
    CHECK_HAS(err.message, "InvalidQuery");
    /* a path the server does not know: 404 with an HTML body */
    CHECK(get_json_int(s->url, "x") == -1);
    mats_free(&m);
    pts_free(&p);
}

/* A server that does not answer in time: timed out, retried, reported; no hang. */
static void case_timeout(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/delay=30", s->url);
    eco_osrm_config c = config_for(url);
    c.timeout_s = 0.5;
    c.max_retries = 1;
    pts p;
    pts_make(&p, 10, 6);
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    double t0 = now_s();
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    double el = now_s() - t0;
    fprintf(stderr, "timeout: %.2f s, %s\n", el, err.message);
    CHECK(el >= 1.0 && el < 5.0);
    CHECK(st.requests == 2 && st.retries == 1);
    CHECK_HAS(err.message, "no answer from");
    CHECK_HAS(err.message, "within 0.5 s");
    /* the same for a route */
    char *poly = NULL;
    double dm, ds;
    eco_error_clear(&err);
    CHECK_ST(eco__osrm_route(&c, 3, p.lon, p.lat, &poly, &dm, &ds, &st, &err), ECO_EROUTING, &err);
    CHECK(poly == NULL);
    CHECK_HAS(err.message, "no answer from");
    mats_free(&m);
    pts_free(&p);
}

/* Broken bodies are reported as malformed and not retried; an oversized body
 * is cut off at the cap. */
static void case_malformed(const server *s)
{
    const char *kinds[] = {"truncated", "shape", "type", "notjson", "nocode"};
    pts p;
    pts_make(&p, 12, 7);
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    char url[200];
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        snprintf(url, sizeof url, "%s/malformed=%s", s->url, kinds[k]);
        eco_osrm_config c = config_for(url);
        CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
        fprintf(stderr, "malformed=%s: %s\n", kinds[k], err.message);
        CHECK_HAS(err.message, "malformed response");
        CHECK(st.requests == 1);
        char *poly = NULL;
        double dm, ds;
        eco_error_clear(&err);
        CHECK_ST(eco__osrm_route(&c, 4, p.lon, p.lat, &poly, &dm, &ds, &st, &err), ECO_EROUTING, &err);
        CHECK_HAS(err.message, "malformed response");
        CHECK(poly == NULL);
    }
    /* 3 x 3 cells may take ~1 MiB; 5 MB is refused */
    snprintf(url, sizeof url, "%s/huge=5000000", s->url);
    eco_osrm_config c = config_for(url);
    c.block_size = 3;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    CHECK_HAS(err.message, "larger than");
    /* 1 MB of leading white space is still valid JSON under the cap */
    snprintf(url, sizeof url, "%s/huge=1000000", s->url);
    c.block_size = 100;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_OK, &err);
    mats_free(&m);
    pts_free(&p);
}

static void case_notable(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/notable", s->url);
    eco_osrm_config c = config_for(url);
    pts p;
    pts_make(&p, 10, 8);
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    CHECK_HAS(err.message, "NoTable");
    CHECK(st.requests == 1);
    mats_free(&m);
    pts_free(&p);
}

/* NoSegment names the point; with small blocks every such point is named. */
static void case_nosegment(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/noseg_north_of=43.5", s->url);
    eco_osrm_config c = config_for(url);
    c.block_size = 5;
    pts p;
    pts_make(&p, 20, 9);
    p.lat[3] = 43.61;
    p.lat[17] = 43.62;
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    fprintf(stderr, "%s", err.text);
    CHECK(strcmp(err.where, p.labels[3]) == 0);
    CHECK_HAS(err.message, "NoSegment");
    CHECK_HAS(err.text, p.labels[17]);
    CHECK(err.n_errors == 2);
    /* a route through it names the route point */
    char *poly = NULL;
    double dm, ds;
    eco_error_clear(&err);
    CHECK_ST(eco__osrm_route(&c, 5, p.lon, p.lat, &poly, &dm, &ds, &st, &err), ECO_EROUTING, &err);
    CHECK(strcmp(err.where, "route point 3") == 0);
    mats_free(&m);
    pts_free(&p);
}

/* null cells: a point cut off from the rest is named, never routed at infinity. */
static void case_null_cells(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/null_north_of=43.5", s->url);
    eco_osrm_config c = config_for(url);
    c.block_size = 8;
    pts p;
    pts_make(&p, 20, 10);
    p.lat[7] = 43.6;
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    fprintf(stderr, "%s", err.text);
    CHECK(strcmp(err.where, p.labels[7]) == 0);
    CHECK_HAS(err.message, "no route to or from any other point");
    CHECK(err.n_errors == 1);
    /* two points on the island: they reach each other, not the rest: pairs */
    p.lat[8] = 43.61;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    CHECK_HAS(err.where, " -> ");
    CHECK_HAS(err.message, "no route (OSRM returned null)");
    CHECK_HAS(err.text, "more pairs of points without a route");
    /* a route through the island */
    char *poly = NULL;
    double dm, ds;
    eco_error_clear(&err);
    CHECK_ST(eco__osrm_route(&c, 10, p.lon, p.lat, &poly, &dm, &ds, &st, &err), ECO_EROUTING, &err);
    CHECK_HAS(err.message, "NoRoute");
    mats_free(&m);
    pts_free(&p);
}

/* A point snapped farther than max_snap_m from its coordinate. */
static void case_snap_far(const server *s)
{
    char url[200];
    snprintf(url, sizeof url, "%s/far_north_of=43.5", s->url);
    eco_osrm_config c = config_for(url);
    c.block_size = 7;
    pts p;
    pts_make(&p, 20, 11);
    free(p.labels[3]);
    p.labels[3] = strdup("boxes[3] (b17)");
    p.lon[3] = 76.9; /* the fake adds 0 m of noise at a multiple of 50e-6 degrees */
    p.lat[3] = round((43.5 + 812.0 / 111195.0) * 1e6) / 1e6;
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    CHECK(strcmp(err.where, "boxes[3] (b17)") == 0);
    CHECK(strcmp(err.message, "no road within 500 m (snapped 812 m away)") == 0);
    CHECK(err.n_errors == 1);
    fprintf(stderr, "%s", err.text);
    c.max_snap_m = 1000;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_OK, &err);
    c.max_snap_m = 0; /* no limit */
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_OK, &err);
    /* the cache keeps snapped distances: a hit is held to today's limit */
    char dir[600], cmd[700];
    snprintf(dir, sizeof dir, "%s/osrm-snap-cache-%ld", scratch_dir, (long)getpid());
    c.cache_dir = dir;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_OK, &err);
    CHECK(st.cache_stored == 1);
    c.max_snap_m = 500;
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    CHECK(st.cache_hit == 1 && st.requests == 0);
    CHECK(strcmp(err.message, "no road within 500 m (snapped 812 m away)") == 0);
    c.cache_dir = NULL;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    char *poly = NULL;
    double dm, ds;
    eco_error_clear(&err);
    CHECK_ST(eco__osrm_route(&c, 6, p.lon, p.lat, &poly, &dm, &ds, &st, &err), ECO_EROUTING, &err);
    CHECK(strcmp(err.where, "route point 3") == 0);
    mats_free(&m);
    pts_free(&p);
}

/* Nothing listens: "cannot connect", after the retries, quickly. */
static void case_dead_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
    close(fd); /* the port is free again and nobody listens */
    char url[200], want[240];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
    snprintf(want, sizeof want, "cannot connect to %s: ", url);
    eco_osrm_config c = config_for(url);
    c.max_retries = 2;
    pts p;
    pts_make(&p, 10, 12);
    mats m = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    double t0 = now_s();
    CHECK_ST(table(&c, &p, &m, &st, &err), ECO_EROUTING, &err);
    fprintf(stderr, "dead port: %.2f s: %s: %s\n", now_s() - t0, err.where, err.message);
    CHECK(now_s() - t0 < 5.0);
    CHECK(strcmp(err.where, "travel.osrm") == 0);
    CHECK(strncmp(err.message, want, strlen(want)) == 0);
    CHECK_HAS(err.message, "(3 attempts)");
    CHECK(st.requests == 3 && st.retries == 2);
    mats_free(&m);
    pts_free(&p);
}

static long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* The cache: miss then hit; another profile or point is a miss; a corrupt,
 * truncated or empty file is ignored and rewritten. */
static void case_cache(const server *s)
{
    char dir[600], path[1200], cmd[1400];
    snprintf(dir, sizeof dir, "%s/osrm-cache-%ld", scratch_dir, (long)getpid());
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    eco_osrm_config c = config_for(s->url);
    c.cache_dir = dir;
    c.block_size = 20;
    pts p;
    pts_make(&p, 50, 13);
    mats a = mats_new(p.n), b = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    CHECK_ST(table(&c, &p, &a, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 0 && st.cache_stored == 1 && st.requests == 9);
    CHECK(eco__matrix_cache_path(dir, s->url, "driving", p.n, p.lon, p.lat, path, sizeof path) == 0);
    long size = file_size(path);
    CHECK(size > 2L * 50 * 50 * 4);
    /* hit: no request */
    memset(b.dist, 0x55, (size_t)p.n * p.n * 4);
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 1 && st.requests == 0);
    CHECK(mats_equal(&a, &b, p.n));
    /* another profile, server or point list: miss */
    c.profile = "bike";
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 0 && st.requests == 9);
    c.profile = "driving";
    p.lon[10] += 1e-6;
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 0 && st.requests == 9);
    p.lon[10] -= 1e-6;
    /* corrupt one byte of the distances: ignored, rewritten, then a hit */
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, size - 8 - 50 * 50 * 4 - 100, SEEK_SET);
        int ch = fgetc(f);
        fseek(f, -1, SEEK_CUR);
        fputc(ch ^ 0x10, f);
        fclose(f);
    }
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 0 && st.requests == 9 && st.cache_stored == 1);
    CHECK(mats_equal(&a, &b, p.n));
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 1 && st.requests == 0);
    /* truncated */
    CHECK(truncate(path, size / 2) == 0);
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 0 && st.cache_stored == 1);
    CHECK(file_size(path) == size);
    CHECK(mats_equal(&a, &b, p.n));
    /* the checksum itself damaged */
    CHECK(truncate(path, size - 1) == 0);
    f = fopen(path, "ab");
    if (f) {
        fputc(0, f);
        fclose(f);
    }
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 0);
    /* empty */
    CHECK(truncate(path, 0) == 0);
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 0 && st.cache_stored == 1);
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_hit == 1);
    /* a failed fetch stores nothing */
    p.lon[0] += 1e-6;
    char bad[200];
    snprintf(bad, sizeof bad, "%s/status400", s->url);
    c.base_url = bad;
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_EROUTING, &err);
    CHECK(st.cache_stored == 0);
    CHECK(eco__matrix_cache_path(dir, bad, "driving", p.n, p.lon, p.lat, path, sizeof path) == 0);
    CHECK(file_size(path) == -1);
    /* a cache directory that cannot be made: the matrix still comes, not stored */
    c.base_url = s->url;
    c.cache_dir = "/proc/no/such/dir";
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.cache_stored == 0 && st.cache_hit == 0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    mats_free(&a);
    mats_free(&b);
    pts_free(&p);
}

/* /route/v1: geometry, totals, pieces, limits. */
static void case_route(const server *s)
{
    eco_osrm_config c = config_for(s->url);
    pts p;
    pts_make(&p, 12, 14);
    char *poly = NULL;
    double dm = 0, ds = 0;
    eco_osrm_stats st;
    eco_error err;
    eco_error_clear(&err);
    CHECK_ST(eco__osrm_route(&c, p.n, p.lon, p.lat, &poly, &dm, &ds, &st, &err), ECO_OK, &err);
    CHECK(st.requests == 1 && st.blocks == 1);
    int ng = 0;
    double *gx = NULL, *gy = NULL;
    CHECK(poly && eco__polyline6_decode(poly, &ng, &gx, &gy) == ECO_OK);
    CHECK(ng == 2 * (p.n - 1) + 1); /* the fake bends halfway along each leg */
    double sum_d = 0, sum_t = 0;
    for (int k = 0; k < p.n && ng == 2 * (p.n - 1) + 1; k++) {
        CHECK(fabs(gx[2 * k] - p.lon[k]) < 1e-9 && fabs(gy[2 * k] - p.lat[k]) < 1e-9);
        if (k + 1 < p.n) {
            double d, t;
            expected_leg(p.lon[k], p.lat[k], p.lon[k + 1], p.lat[k + 1], &d, &t);
            sum_d += d;
            sum_t += t;
        }
    }
    CHECK(fabs(dm - sum_d) < 1.0 * p.n && fabs(ds - sum_t) < 1.0 * p.n);
    free(gx);
    free(gy);
    /* in pieces of 5 points (3 requests), joined: the same geometry and totals */
    char url[200];
    snprintf(url, sizeof url, "%s/maxroute=5", s->url);
    eco_osrm_config c5 = config_for(url);
    c5.route_max_points = 5;
    char *poly5 = NULL;
    double dm5 = 0, ds5 = 0;
    CHECK_ST(eco__osrm_route(&c5, p.n, p.lon, p.lat, &poly5, &dm5, &ds5, &st, &err), ECO_OK, &err);
    CHECK(st.blocks == 3 && st.requests == 3);
    CHECK(poly5 && poly && strcmp(poly5, poly) == 0);
    CHECK(fabs(dm5 - dm) < 0.5 && fabs(ds5 - ds) < 0.5);
    free(poly5);
    /* more points than the server takes: TooBig, not retried */
    c5.route_max_points = 500;
    eco_error_clear(&err);
    CHECK_ST(eco__osrm_route(&c5, p.n, p.lon, p.lat, &poly5, &dm5, &ds5, &st, &err), ECO_EROUTING, &err);
    CHECK_HAS(err.message, "TooBig");
    CHECK(st.requests == 1 && poly5 == NULL);
    /* one point: no request */
    CHECK_ST(eco__osrm_route(&c, 1, p.lon, p.lat, &poly5, &dm5, &ds5, &st, &err), ECO_OK, &err);
    CHECK(st.requests == 0 && dm5 == 0 && poly5 && strlen(poly5) > 0);
    free(poly5);
    /* 500 then success */
    snprintf(url, sizeof url, "%s/fail500=1", s->url);
    eco_osrm_config cr = config_for(url);
    CHECK_ST(eco__osrm_route(&cr, p.n, p.lon, p.lat, &poly5, &dm5, &ds5, &st, &err), ECO_OK, &err);
    CHECK(st.requests == 2 && st.retries == 1 && poly5 && strcmp(poly5, poly) == 0);
    free(poly5);
    free(poly);
    pts_free(&p);
}

static void case_polyline(void)
{
    double lon[] = {-120.2, -120.95, -126.453, 0.0, 179.999999, -179.999999, 7.4246};
    double lat[] = {38.5, 40.7, 43.252, 0.0, -89.999999, 89.999999, 43.7384};
    char *s = NULL;
    CHECK(eco__polyline6_encode(7, lon, lat, &s) == ECO_OK);
    int n = 0;
    double *x = NULL, *y = NULL;
    CHECK(eco__polyline6_decode(s, &n, &x, &y) == ECO_OK);
    CHECK(n == 7);
    for (int i = 0; i < n && n == 7; i++)
        CHECK(fabs(x[i] - lon[i]) < 5e-7 && fabs(y[i] - lat[i]) < 5e-7);
    /* the first point alone: (38.5, -120.2) at 1e6 */
    free(x);
    free(y);
    free(s);
    CHECK(eco__polyline6_encode(0, lon, lat, &s) == ECO_OK && s && *s == '\0');
    free(s);
    CHECK(eco__polyline6_decode("", &n, &x, &y) == ECO_OK && n == 0);
    free(x);
    free(y);
    CHECK(eco__polyline6_decode("_p~iF", &n, &x, &y) == ECO_EINPUT); /* half a point */
    CHECK(eco__polyline6_decode("ab cd", &n, &x, &y) == ECO_EINPUT);
    CHECK(eco__polyline6_decode("~~~~~~~~~~~~~~~~~~~~~~~~", &n, &x, &y) == ECO_EINPUT);
}

/* eco__instance_build_travel_osrm: labels from depots, facilities and boxes. */
static void case_instance(const server *s)
{
    eco_instance *inst = eco__instance_new(ECO_FORMAT_JSON, "osrm-test");
    CHECK(inst != NULL);
    if (!inst)
        return;
    inst->coord_kind = ECO_COORD_GEO;
    pts p;
    pts_make(&p, 6, 15);
    for (int i = 0; i < p.n; i++)
        eco__instance_add_loc(inst, p.lon[i], p.lat[i]);
    inst->n_depots = 1;
    inst->depots = calloc(1, sizeof *inst->depots);
    inst->depots[0].id = strdup("garage");
    inst->depots[0].loc = 0;
    inst->n_facilities = 1;
    inst->facilities = calloc(1, sizeof *inst->facilities);
    inst->facilities[0].id = strdup("baler");
    inst->facilities[0].kind = strdup("baling");
    inst->facilities[0].loc = 5;
    inst->n_boxes = 4;
    inst->boxes = calloc(4, sizeof *inst->boxes);
    for (int i = 0; i < 4; i++) {
        char id[16];
        snprintf(id, sizeof id, "b%d", i + 1);
        inst->boxes[i].id = strdup(id);
        inst->boxes[i].loc = i + 1;
    }
    eco_osrm_config c = config_for(s->url);
    eco_osrm_stats st;
    eco_error err;
    eco_error_clear(&err);
    CHECK_ST(eco__instance_build_travel_osrm(inst, &c, &st, &err), ECO_OK, &err);
    CHECK(inst->dist && inst->dur && inst->dist != inst->dur);
    if (inst->dist)
        CHECK(matrix_matches_model(&p, inst->dist, inst->dur));
    CHECK(eco__dist(inst, 1, 2) == inst->dist[1 * 6 + 2]);
    /* a box and the facility far from any road: both named */
    char url[200];
    snprintf(url, sizeof url, "%s/far_north_of=43.5", s->url);
    c.base_url = url;
    inst->loc_y[2] = 43.6;
    inst->loc_y[5] = 43.7;
    eco_error_clear(&err);
    CHECK_ST(eco__instance_build_travel_osrm(inst, &c, &st, &err), ECO_EROUTING, &err);
    CHECK(strcmp(err.where, "boxes[1] (b2)") == 0);
    CHECK_HAS(err.text, "facilities[0] (baler): no road within 500 m");
    CHECK(err.n_errors == 2);
    fprintf(stderr, "%s", err.text);
    /* planar instances are refused */
    inst->coord_kind = ECO_COORD_PLANAR;
    eco_error_clear(&err);
    CHECK_ST(eco__instance_build_travel_osrm(inst, &c, &st, &err), ECO_EINPUT, &err);
    eco_instance_destroy(inst);
    pts_free(&p);
}

/* Bad settings are ECO_EINPUT naming the field; bad points name the point. */
static void case_config(void)
{
    eco_osrm_config c;
    eco_error err;
    pts p;
    pts_make(&p, 3, 16);
    mats m = mats_new(p.n);
    eco__osrm_config_init(&c);
    CHECK_ST(table(&c, &p, &m, NULL, &err), ECO_EINPUT, &err);
    CHECK(strcmp(err.where, "travel.url") == 0);
    c.base_url = "ftp://example";
    CHECK_ST(table(&c, &p, &m, NULL, &err), ECO_EINPUT, &err);
    CHECK(strcmp(err.where, "travel.url") == 0);
    c.base_url = "http://127.0.0.1:1";
    c.block_size = 0;
    CHECK_ST(table(&c, &p, &m, NULL, &err), ECO_EINPUT, &err);
    CHECK(strcmp(err.where, "travel.block_size") == 0);
    c.block_size = 100;
    c.profile = "car/../x";
    CHECK_ST(table(&c, &p, &m, NULL, &err), ECO_EINPUT, &err);
    CHECK(strcmp(err.where, "travel.profile") == 0);
    c.profile = "driving";
    c.timeout_s = 0;
    CHECK_ST(table(&c, &p, &m, NULL, &err), ECO_EINPUT, &err);
    CHECK(strcmp(err.where, "travel.timeout_s") == 0);
    c.timeout_s = 1;
    c.parallel = 0;
    CHECK_ST(table(&c, &p, &m, NULL, &err), ECO_EINPUT, &err);
    CHECK(strcmp(err.where, "travel.parallel") == 0);
    c.parallel = 2;
    c.max_retries = 11;
    CHECK_ST(table(&c, &p, &m, NULL, &err), ECO_EINPUT, &err);
    c.max_retries = 1;
    p.lat[1] = 91.0;
    CHECK_ST(table(&c, &p, &m, NULL, &err), ECO_EINPUT, &err);
    CHECK(strcmp(err.where, p.labels[1]) == 0);
    p.lat[1] = NAN;
    CHECK_ST(table(&c, &p, &m, NULL, &err), ECO_EINPUT, &err);
    mats_free(&m);
    pts_free(&p);
}

/* ---- a real osrm-routed, when configured ---- */

static const char *env2(const char *a, const char *b)
{
    const char *v = getenv(a);
    return v && *v ? v : (v = getenv(b)) && *v ? v : NULL;
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

static int case_real(void)
{
    const char *url = env2("ECOROUTE_OSRM_URL", "ECO_OSRM_URL");
    const char *bin = getenv("OSRM_ROUTED");
    const char *data = env2("ECOROUTE_OSRM_DATA", "ECO_OSRM_DATA");
    char own_url[64];
    pid_t pid = 0;
    if (!url && !(bin && *bin && data)) {
        printf("osrm-real: skipped: set ECOROUTE_OSRM_URL (a running osrm-routed) or OSRM_ROUTED and "
               "ECOROUTE_OSRM_DATA (a binary and a prepared .osrm file) to run it\n");
        return 77;
    }
    if (!url) {
        int port = free_port();
        char port_s[16], hsgr[1200];
        snprintf(port_s, sizeof port_s, "%d", port);
        snprintf(hsgr, sizeof hsgr, "%s.hsgr", data);
        int ch = access(hsgr, R_OK) == 0;
        char *argv[] = {(char *)bin,       "--ip",       "127.0.0.1", "--port", port_s, "--algorithm",
                        ch ? "ch" : "mld", (char *)data, NULL};
        int rc = posix_spawn(&pid, bin, NULL, NULL, argv, environ);
        if (rc != 0) {
            fprintf(stderr, "cannot start %s: %s\n", bin, strerror(rc));
            return 1;
        }
        snprintf(own_url, sizeof own_url, "http://127.0.0.1:%d", port);
        url = own_url;
        fprintf(stderr, "started %s on %s (%s)\n", bin, url, ch ? "ch" : "mld");
    }
    /* the area: ECOROUTE_OSRM_CENTER="lon,lat", else Andorra or Monaco */
    double clon = 7.4200, clat = 43.7370;
    const char *center = getenv("ECOROUTE_OSRM_CENTER");
    if (center)
        sscanf(center, "%lf,%lf", &clon, &clat);
    else if (data && strstr(data, "andorra"))
        clon = 1.5218, clat = 42.5063;
    eco_osrm_config c = config_for(url);
    c.timeout_s = 30;
    c.max_snap_m = 0;
    pts p;
    pts_make(&p, 12, 17);
    for (int i = 0; i < p.n; i++) {
        p.lon[i] = clon + (p.lon[i] - 76.9) * 0.05;
        p.lat[i] = clat + (p.lat[i] - 43.24) * 0.05;
    }
    mats a = mats_new(p.n), b = mats_new(p.n);
    eco_osrm_stats st;
    eco_error err;
    eco_status s1 = ECO_EROUTING;
    for (int k = 0; k < 60 && s1 != ECO_OK; k++) { /* the server may still be loading */
        s1 = table(&c, &p, &a, &st, &err);
        if (s1 != ECO_OK && pid)
            sleep(1);
        else
            break;
    }
    CHECK_ST(s1, ECO_OK, &err);
    c.block_size = 4;
    CHECK_ST(table(&c, &p, &b, &st, &err), ECO_OK, &err);
    CHECK(st.blocks == 9);
    CHECK(mats_equal(&a, &b, p.n));
    int positive = 0;
    for (int i = 0; i < p.n; i++)
        for (int j = 0; j < p.n; j++) {
            CHECK(a.dist[i * p.n + j] >= 0 && a.dur[i * p.n + j] >= 0);
            positive += a.dist[i * p.n + j] > 0;
        }
    CHECK(positive > p.n);
    char *poly = NULL;
    double dm = 0, ds = 0;
    eco_error_clear(&err);
    CHECK_ST(eco__osrm_route(&c, 5, p.lon, p.lat, &poly, &dm, &ds, &st, &err), ECO_OK, &err);
    double legs = 0;
    for (int k = 0; k + 1 < 5; k++)
        legs += a.dist[k * p.n + k + 1];
    fprintf(stderr, "real: route %.1f m %.1f s, table legs %.0f m, geometry %zu chars\n", dm, ds, legs,
            poly ? strlen(poly) : 0);
    CHECK(dm > 0 && fabs(dm - legs) <= 0.1 * legs + 50);
    free(poly);
    /* a point out at sea: named */
    c.max_snap_m = 500;
    p.lon[4] = clon + 0.3;
    p.lat[4] = clat - 0.3;
    free(p.labels[4]);
    p.labels[4] = strdup("boxes[4] (at-sea)");
    CHECK_ST(table(&c, &p, &a, &st, &err), ECO_EROUTING, &err);
    CHECK(strcmp(err.where, "boxes[4] (at-sea)") == 0);
    fprintf(stderr, "%s", err.text);
    mats_free(&a);
    mats_free(&b);
    pts_free(&p);
    if (pid) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: test_osrm PYTHON FAKE_OSRM_PY CASE [SCRATCH_DIR]\n");
        return 2;
    }
    python_exe = argv[1];
    server_script = argv[2];
    const char *name = argv[3];
    if (argc > 4)
        scratch_dir = argv[4];
    mkdir(scratch_dir, 0777);
    signal(SIGPIPE, SIG_IGN);
    /* loopback requests must not go through a proxy from the environment */
    const char *proxies[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
    for (size_t k = 0; k < sizeof proxies / sizeof *proxies; k++)
        unsetenv(proxies[k]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (strcmp(name, "real") == 0)
        return case_real();
    if (strcmp(name, "polyline") == 0 || strcmp(name, "config") == 0 || strcmp(name, "dead-port") == 0) {
        if (name[0] == 'p')
            case_polyline();
        else if (name[0] == 'c')
            case_config();
        else
            case_dead_port();
    } else {
        static const struct {
            const char *name;
            void (*fn)(const server *);
        } cases[] = {
            {"block-split", case_block_split},
            {"too-big", case_too_big},
            {"concurrency", case_concurrency},
            {"retry-500", case_retry_500},
            {"no-retry-400", case_no_retry_400},
            {"timeout", case_timeout},
            {"malformed", case_malformed},
            {"notable", case_notable},
            {"nosegment", case_nosegment},
            {"null-cells", case_null_cells},
            {"snap-far", case_snap_far},
            {"cache", case_cache},
            {"route", case_route},
            {"instance", case_instance},
        };
        size_t k = 0, nc = sizeof cases / sizeof *cases;
        while (k < nc && strcmp(cases[k].name, name) != 0)
            k++;
        if (k == nc) {
            fprintf(stderr, "unknown case %s\n", name);
            return 2;
        }
        server s;
        if (server_start(&s) != 0)
            return 1;
        cases[k].fn(&s);
        server_stop(&s);
    }
    curl_global_cleanup();
    printf("osrm-%s: %s\n", name, failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
