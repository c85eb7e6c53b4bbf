/*
 * conn.c - one client connection: framing its input into lines in a capped
 * buffer, queueing its replies and writing them without blocking, its
 * timeouts, and closing it safely.
 *
 * Framing: bytes are appended to `in` (at most max_request_bytes plus one
 * read), every complete line is handed to the dispatcher in a loop, and the
 * unfinished tail is kept. A line longer than max_request_bytes gets a
 * "too_large" reply as soon as the limit is passed; the rest of that line is
 * then discarded as it arrives, and the next line is read normally.
 *
 * Closing: svc_conn_close closes the socket at once (so the descriptor is
 * released) and cancels the connection's jobs, but the struct lives on until
 * its last job has come back from the pool; the loop frees it then, at its
 * safe point between iterations.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "svc.h"

#define READ_CHUNK 65536          /* bytes read per call */
#define IN_KEEP (2 * READ_CHUNK)  /* input buffer kept allocated between lines */
#define OUT_KEEP 16384            /* output buffer kept allocated when idle */
#define OUT_MAX ((size_t)1 << 30) /* replies queued for one client; beyond: drop it */

/* ---- buffers ---- */

int svc_buf_reserve(svc_buf *b, size_t n)
{
    if (n <= b->cap - b->len)
        return 0;
    if (n > b->max - b->len)
        return -1;
    size_t want = b->len + n;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < want)
        cap = cap > b->max / 2 ? b->max : cap * 2;
    if (cap < want)
        cap = want;
    char *d = realloc(b->data, cap);
    if (!d)
        return -1;
    b->data = d;
    b->cap = cap;
    return 0;
}

int svc_buf_append(svc_buf *b, const void *p, size_t n)
{
    if (svc_buf_reserve(b, n) != 0)
        return -1;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

void svc_buf_consume(svc_buf *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

void svc_buf_shrink(svc_buf *b, size_t keep)
{
    if (b->len == 0 && b->cap > keep) {
        free(b->data);
        b->data = NULL;
        b->cap = 0;
    }
}

void svc_buf_free(svc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- connections ---- */

svc_conn *svc_conn_new(svc_server *srv, int fd, const char *peer)
{
    svc_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    c->no = ++srv->next_conn_no;
    snprintf(c->peer, sizeof c->peer, "%s", peer);
    c->in.max = srv->cfg->max_request_bytes + READ_CHUNK + 1;
    c->out.max = OUT_MAX;
    c->t_active = svc_now();
    c->next = srv->conns;
    if (srv->conns)
        srv->conns->prev = c;
    srv->conns = c;
    srv->n_open++;
    return c;
}

void svc_conn_close(svc_server *srv, svc_conn *c, const char *why)
{
    if (c->fd < 0)
        return;
    close(c->fd);
    c->fd = -1;
    srv->n_open--;
    svc_buf_free(&c->in);
    svc_buf_free(&c->out);
    c->out_off = 0;
    /* its queued jobs are taken back and dropped; running ones are told to stop */
    int cancelled = 0;
    for (svc_job *j = c->jobs, *next; j; j = next) {
        next = j->conn_next;
        j->cancel_reason = 1;
        if (svc_pool_unqueue(&srv->pool, j)) {
            svc_dispatch_done(srv, j); /* unlinks it from c and frees it */
        } else {
            j->cancel = 1;
        }
        cancelled++;
    }
    svc_log(SVC_LOG_INFO, "close", "conn=%llu peer=%s reason=%s cancelled=%d", (unsigned long long)c->no, c->peer,
            why, cancelled);
}

void svc_conn_flush(svc_server *srv, svc_conn *c)
{
    while (c->fd >= 0 && c->out_off < c->out.len) {
        ssize_t n = send(c->fd, c->out.data + c->out_off, c->out.len - c->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            c->out_off += (size_t)n;
            c->t_active = c->t_write = svc_now();
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        svc_conn_close(srv, c, n < 0 && errno == EPIPE ? "peer_closed" : "write_error");
        return;
    }
    if (c->fd < 0)
        return;
    c->out.len = c->out_off = 0;
    svc_buf_shrink(&c->out, OUT_KEEP);
    if (c->closing)
        svc_conn_close(srv, c, c->closing == 2 ? "timeout" : "refused");
}

void svc_conn_send(svc_server *srv, svc_conn *c, char *line)
{
    if (c->fd < 0) {
        free(line);
        return;
    }
    size_t n = strlen(line);
    if (c->out.len == c->out_off)
        c->t_write = svc_now(); /* the write timeout counts from the first pending byte */
    /* reclaim what was written before growing */
    if (c->out_off > 0 && c->out.len + n > c->out.cap) {
        svc_buf_consume(&c->out, c->out_off);
        c->out_off = 0;
    }
    int rc = svc_buf_append(&c->out, line, n);
    free(line);
    if (rc != 0) {
        svc_conn_close(srv, c, "output_overflow");
        return;
    }
    c->t_active = svc_now();
    svc_conn_flush(srv, c);
}

void svc_conn_close_with_error(svc_server *srv, svc_conn *c, const char *code, const char *message)
{
    if (c->fd < 0 || c->closing)
        return;
    svc_stats_refusal(&srv->stats, code);
    c->closing = !strcmp(code, "timeout") ? 2 : 1;
    svc_log(SVC_LOG_INFO, "refuse", "conn=%llu code=%s", (unsigned long long)c->no, code);
    svc_conn_send(srv, c, svc_reply_error(NULL, code, message, NULL));
}

/* Hands every complete line in c->in to the dispatcher and keeps the tail. */
static void frame_lines(svc_server *srv, svc_conn *c)
{
    size_t start = 0, max = srv->cfg->max_request_bytes;
    int framed = 0;
    while (c->fd >= 0 && !c->closing) {
        char *base = c->in.data + start;
        size_t avail = c->in.len - start;
        size_t from = c->scanned > start ? c->scanned - start : 0;
        char *nl = avail > from ? memchr(base + from, '\n', avail - from) : NULL;
        if (!nl) {
            c->scanned = c->in.len;
            break;
        }
        size_t len = (size_t)(nl - base);
        size_t next = start + len + 1;
        framed = 1;
        if (len > 0 && base[len - 1] == '\r')
            len--;
        size_t k = 0;
        while (k < len && (base[k] == ' ' || base[k] == '\t'))
            k++;
        if (len > max) {
            char msg[160];
            snprintf(msg, sizeof msg, "request line of %zu bytes is longer than the limit of %zu bytes "
                     "(--max-request-bytes)", len, max);
            srv->stats.received++;
            svc_finish_request(srv, c, ++srv->next_req_no, SVC_KIND_OTHER, NULL, NULL, len, svc_now(),
                               "too_large", svc_reply_error(NULL, "too_large", msg, NULL), NULL);
        } else if (k < len) { /* blank lines are ignored */
            svc_dispatch_line(srv, c, base, len);
        }
        start = next;
        if (c->scanned < start)
            c->scanned = start;
    }
    if (c->fd < 0)
        return;
    svc_buf_consume(&c->in, start);
    c->scanned = c->scanned > start ? c->scanned - start : 0;
    if (c->in.len > max) {
        /* no newline within the limit: refuse now, drop the rest of the line */
        char msg[160];
        snprintf(msg, sizeof msg, "request line longer than the limit of %zu bytes (--max-request-bytes); "
                 "the rest of the line is discarded", max);
        srv->stats.received++;
        svc_finish_request(srv, c, ++srv->next_req_no, SVC_KIND_OTHER, NULL, NULL, c->in.len, svc_now(),
                           "too_large", svc_reply_error(NULL, "too_large", msg, NULL), NULL);
        c->in.len = 0;
        c->scanned = 0;
        c->discarding = 1;
    }
    if (c->fd < 0)
        return;
    if (c->in.len == 0 && !c->discarding)
        c->t_line = 0;
    else if (framed || c->t_line == 0)
        c->t_line = svc_now(); /* a new partial line starts */
    svc_buf_shrink(&c->in, IN_KEEP);
}

void svc_conn_on_readable(svc_server *srv, svc_conn *c)
{
    if (c->fd < 0 || c->closing)
        return;
    if (svc_buf_reserve(&c->in, READ_CHUNK) != 0) {
        svc_conn_close(srv, c, "out_of_memory");
        return;
    }
    ssize_t n;
    do
        n = recv(c->fd, c->in.data + c->in.len, READ_CHUNK, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (n <= 0) {
        /* end of input: the client is gone (it must keep its side open
         * until it has read its replies); its solves are cancelled */
        svc_conn_close(srv, c, n == 0 ? "eof" : "read_error");
        return;
    }
    c->t_active = svc_now();
    size_t got = (size_t)n;
    if (c->discarding) {
        char *nl = memchr(c->in.data + c->in.len, '\n', got);
        if (!nl) { /* still inside the over-long line */
            if (c->t_line == 0)
                c->t_line = c->t_active;
            return;
        }
        size_t skip = (size_t)(nl - (c->in.data + c->in.len)) + 1;
        memmove(c->in.data + c->in.len, nl + 1, got - skip);
        got -= skip;
        c->discarding = 0;
        c->t_line = 0;
    }
    c->in.len += got;
    frame_lines(srv, c);
}

double svc_conn_check_timeouts(svc_server *srv, svc_conn *c, double now)
{
    const svc_config *cfg = srv->cfg;
    if (c->fd < 0)
        return 0;
    char msg[160];
    double next = 0;
#define CONSIDER(t) \
    do { \
        double t_ = (t); \
        if (next == 0 || t_ < next) \
            next = t_; \
    } while (0)
    int pending_out = c->out_off < c->out.len;
    if (pending_out) {
        /* a client that reads none of its replies for the write timeout is dropped */
        if (now - c->t_write >= cfg->write_timeout_s) {
            svc_conn_close(srv, c, "write_timeout");
            return 0;
        }
        CONSIDER(c->t_write + cfg->write_timeout_s);
    }
    if (c->closing)
        return next;
    if (c->t_line > 0 && c->out.len - c->out_off >= SVC_OUT_PAUSE)
        c->t_line = now; /* not reading while its replies pile up: the read timeout waits */
    if (c->t_line > 0) {
        if (now - c->t_line >= cfg->read_timeout_s) {
            snprintf(msg, sizeof msg, "no complete request line within %g s (--read-timeout); closing",
                     cfg->read_timeout_s);
            svc_conn_close_with_error(srv, c, "timeout", msg);
            return c->fd >= 0 ? now + cfg->write_timeout_s : 0;
        }
        CONSIDER(c->t_line + cfg->read_timeout_s);
    } else if (c->n_jobs == 0 && !pending_out) {
        if (now - c->t_active >= cfg->idle_timeout_s) {
            snprintf(msg, sizeof msg, "idle for %g s (--idle-timeout); closing", cfg->idle_timeout_s);
            svc_conn_close_with_error(srv, c, "timeout", msg);
            return c->fd >= 0 ? now + cfg->write_timeout_s : 0;
        }
        CONSIDER(c->t_active + cfg->idle_timeout_s);
    }
#undef CONSIDER
    return next;
}
