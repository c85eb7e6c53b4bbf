/*
 * service.c - libFuzzer target: the service's request framing (conn.c) and
 * dispatch (dispatch.c), with the jobs run through exec.c, in one process and
 * one thread. No listener and no event loop: each input is written into one
 * end of a socketpair whose other end is a connection of a server built
 * here, and the connection reads it with svc_conn_on_readable as the loop
 * would; the queued solve and check jobs are then taken from the pool's
 * queue and run on this thread (svc_exec, svc_dispatch_done), so a run is
 * deterministic and needs no worker threads.
 *
 * Input: byte 0 sets the server's state for this run (bit 0: a token is
 * required; bit 1: the server is shutting down; bit 2: a 200-byte request
 * limit instead of 1 MB; bit 3: the client goes away before its jobs run,
 * which cancels them; bit 4: the connection's timeouts are applied as if a
 * long time had passed), byte 1 the size of the pieces the rest is written
 * in (0: all at once), so lines arrive split across reads. The rest is what
 * the client sends.
 *
 * Solves are capped at 40 boxes and the shortest time limit (0.01 s) so that runs stay quick. Every
 * reply line must be a JSON object with "id" and a boolean "ok", and an
 * error reply must carry a known code and a message. A request must never
 * make the server contact an OSRM server (it has none configured): the
 * stand-in for curl_multi_init here aborts if it is reached.
 */
#define _GNU_SOURCE /* pipe2, SOCK_NONBLOCK */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "fuzz_common.h"
#include "svc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

CURLM *curl_multi_init(void)
{
    fuzz_fail("a request made the service contact an OSRM server it was not given");
}

static svc_config cfg;
static svc_server srv;
static char token[] = "fuzz-token";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    signal(SIGPIPE, SIG_IGN);
    cfg.listen[0] = "unix:/nonexistent";
    cfg.n_listen = 1;
    cfg.workers = 1;
    cfg.queue_cap = 3;
    cfg.max_conns = 16;
    cfg.max_request_bytes = (size_t)1 << 20;
    cfg.max_boxes = 40;
    cfg.max_time_limit_s = 0.001; /* eco_solve gives a search at least 0.01 s */
    cfg.default_time_limit_s = 0.001;
    cfg.max_threads = 1;
    cfg.read_timeout_s = 30;
    cfg.idle_timeout_s = 300;
    cfg.write_timeout_s = 30;
    cfg.grace_s = 1;
    /* quiet: the values of the request log lines are still quoted and
     * clipped (the arguments are built before svc_log looks at the level) */
    cfg.log_level = SVC_LOG_ERROR;
    svc_log_set_level(SVC_LOG_ERROR);
    srv.cfg = &cfg;
    svc_stats_init(&srv.stats, svc_now());
    /* the pool without threads: its queue, mutex and wake pipe */
    svc_pool *p = &srv.pool;
    p->queue_cap = cfg.queue_cap;
    if (pthread_mutex_init(&p->mu, NULL) != 0 || pthread_cond_init(&p->cv, NULL) != 0 ||
        pipe2(p->wake_fd, O_NONBLOCK | O_CLOEXEC) != 0) {
        perror("fuzz service: pool");
        abort();
    }
    return 0;
}

static const char *const known_codes[] = {"ok", "infeasible", "bad_input", "routing_error", "internal_error",
                                          "too_large", "timeout", "unauthorized", "unknown_kind", "busy",
                                          "shutting_down"};

/* Checks one reply line (without its '\n'). */
static void check_reply(const char *line, size_t len)
{
    json_error_t je;
    json_t *r = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(r))
        fuzz_fail("a reply is not a JSON object (%s): %.200s", r ? "not an object" : je.text, line);
    json_t *ok = json_object_get(r, "ok");
    if (!json_object_get(r, "id") || !json_is_boolean(ok))
        fuzz_fail("a reply lacks \"id\" or a boolean \"ok\": %.300s", line);
    if (json_is_false(ok)) {
        json_t *e = json_object_get(r, "error");
        const char *code = json_string_value(json_object_get(e, "code"));
        const char *msg = json_string_value(json_object_get(e, "message"));
        size_t i = 0, n = sizeof known_codes / sizeof known_codes[0];
        while (code && i < n && strcmp(code, known_codes[i]) != 0)
            i++;
        if (!code || i == n || !msg || !*msg)
            fuzz_fail("an error reply without a known code and a message: %.300s", line);
        if (!strcmp(code, "internal_error") && strstr(msg, "independent check"))
            fuzz_fail("a solve failed the independent check: %.500s", line);
    } else if (!json_object_get(r, "result")) {
        fuzz_fail("an ok reply without a result: %.300s", line);
    }
    json_decref(r);
}

/* Reads what the server wrote to the client's end and checks whole lines;
 * `pending` keeps a partial line between calls. */
typedef struct reader {
    char *data;
    size_t len, cap;
} reader;

static void drain(int fd, reader *rd)
{
    for (;;) {
        if (rd->cap - rd->len < 65536) {
            size_t cap = rd->cap ? rd->cap * 2 : 131072;
            char *d = realloc(rd->data, cap);
            if (!d)
                abort();
            rd->data = d;
            rd->cap = cap;
        }
        ssize_t n = read(fd, rd->data + rd->len, rd->cap - rd->len);
        if (n <= 0)
            break;
        rd->len += (size_t)n;
    }
    size_t start = 0;
    for (;;) {
        char *nl = memchr(rd->data + start, '\n', rd->len - start);
        if (!nl)
            break;
        check_reply(rd->data + start, (size_t)(nl - (rd->data + start)));
        start = (size_t)(nl - rd->data) + 1;
    }
    memmove(rd->data, rd->data + start, rd->len - start);
    rd->len -= start;
}

/* Lets the connection read everything waiting on its socket. */
static void pump(svc_conn *c, int client, reader *rd)
{
    for (int guard = 0; guard < 1000 && c->fd >= 0 && !c->closing; guard++) {
        int avail = 0;
        if (ioctl(c->fd, FIONREAD, &avail) != 0 || avail <= 0)
            break;
        svc_conn_on_readable(&srv, c);
        drain(client, rd);
        if (c->fd >= 0)
            svc_conn_flush(&srv, c);
    }
}

/* Runs the queued jobs on this thread, as a worker would, and hands them back. */
static void run_jobs(void)
{
    svc_job *list = svc_pool_unqueue_all(&srv.pool);
    while (list) {
        svc_job *j = list;
        list = j->next;
        j->next = NULL;
        j->state = SVC_JOB_RUNNING;
        svc_exec(j);
        j->state = SVC_JOB_DONE;
        svc_dispatch_done(&srv, j);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned flags = data[0];
    size_t piece = data[1] ? data[1] : size;
    data += 2;
    size -= 2;
    cfg.token = flags & 1 ? token : NULL;
    srv.stopping = (flags >> 1) & 1;
    cfg.max_request_bytes = flags & 4 ? 200 : (size_t)1 << 20;

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) != 0) {
        perror("fuzz service: socketpair");
        abort();
    }
    svc_conn *c = svc_conn_new(&srv, sv[0], "fuzz");
    if (!c)
        abort();
    reader rd = {0};
    size_t off = 0;
    while (off < size && c->fd >= 0) {
        size_t n = size - off < piece ? size - off : piece;
        ssize_t w = write(sv[1], data + off, n);
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            break; /* the server closed its end */
        if (w > 0)
            off += (size_t)w;
        pump(c, sv[1], &rd);
        if (c->closing)
            break;
    }
    if (flags & 8)
        svc_conn_close(&srv, c, "fuzz_client_gone"); /* cancels its queued jobs */
    run_jobs();
    if (c->fd >= 0 && (flags & 16))
        svc_conn_check_timeouts(&srv, c, svc_now() + 1e4);
    for (int guard = 0; guard < 1000 && c->fd >= 0 && c->out_off < c->out.len; guard++) {
        drain(sv[1], &rd);
        svc_conn_flush(&srv, c);
    }
    drain(sv[1], &rd);
    if (c->fd >= 0)
        svc_conn_close(&srv, c, "eof");
    if (c->n_jobs != 0 || c->jobs)
        fuzz_fail("a closed connection still has %d jobs after they all ran", c->n_jobs);
    /* the loop's safe point: unlink and free the connection */
    if (c->prev)
        c->prev->next = c->next;
    else
        srv.conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    svc_buf_free(&c->in);
    svc_buf_free(&c->out);
    free(c);
    close(sv[1]);
    free(rd.data);
    if (srv.n_open != 0)
        fuzz_fail("%d connections counted open after the run", srv.n_open);
    return 0;
}
