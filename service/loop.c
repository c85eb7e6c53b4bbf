/*
 * loop.c - the service's event loop: one thread, one poll() over the
 * listeners, the connections, the worker pool's wake pipe and the signal
 * self-pipe. Each turn accepts new connections, reads and frames requests,
 * writes queued replies, takes finished jobs back from the pool, applies the
 * timeouts, and at the end (the safe point) frees connections that are
 * closed and have no job left in the pool.
 *
 * Shutdown (SIGTERM or SIGINT, through the self-pipe): the listeners are
 * closed at once, queued jobs are answered "shutting_down", running solves
 * may finish within the grace period and are then cancelled (they answer
 * with the best solution found so far). When every job is back and every
 * reply written (or a flush deadline passed), the loop ends and the server
 * exits 0. A second signal cancels running solves at once.
 */
#define _GNU_SOURCE /* accept4, pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "svc.h"

#define ACCEPT_BATCH 64       /* connections accepted per turn and listener */
#define FLUSH_AFTER_S 2.0     /* shutdown: time left to write the last replies */
#define ABANDON_AFTER_S 5.0   /* shutdown: a solve that ignores its cancel flag this long is given up */

double svc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int sig_write_fd = -1;

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    ssize_t w = write(sig_write_fd, &b, 1);
    (void)w;
    errno = saved;
}

static void close_listeners(svc_server *srv)
{
    for (int i = 0; i < srv->n_ls; i++) {
        if (srv->ls[i].fd >= 0)
            close(srv->ls[i].fd);
        srv->ls[i].fd = -1;
        if (srv->ls[i].is_unix && srv->ls[i].path[0]) {
            unlink(srv->ls[i].path);
            srv->ls[i].path[0] = 0;
        }
    }
}

/* Every job still out in the pool, through the connections' lists. */
static void cancel_running(svc_server *srv)
{
    int n = 0;
    for (svc_conn *c = srv->conns; c; c = c->next)
        for (svc_job *j = c->jobs; j; j = j->conn_next) {
            if (!j->cancel_reason)
                j->cancel_reason = 2;
            j->cancel = 1;
            n++;
        }
    svc_log(SVC_LOG_INFO, "shutdown", "phase=cancel running=%d", n);
}

static void begin_stop(svc_server *srv, int sig)
{
    if (srv->stopping) { /* a second signal: do not wait for the grace period */
        if (!srv->grace_over) {
            srv->grace_over = 1;
            cancel_running(srv);
        }
        return;
    }
    srv->stopping = 1;
    srv->t_stop = svc_now();
    close_listeners(srv);
    int queued, running;
    svc_pool_counts(&srv->pool, &queued, &running);
    svc_log(SVC_LOG_ALWAYS, "shutdown", "phase=begin signal=%s queued=%d running=%d grace_s=%g",
            sig == SIGINT ? "SIGINT" : "SIGTERM", queued, running, srv->cfg->grace_s);
    /* queued jobs will not run: each is answered "shutting_down" */
    svc_job *list = svc_pool_unqueue_all(&srv->pool);
    while (list) {
        svc_job *j = list;
        list = j->next;
        j->next = NULL;
        j->cancel_reason = 2;
        svc_dispatch_done(srv, j);
    }
    if (srv->cfg->grace_s <= 0) {
        srv->grace_over = 1;
        cancel_running(srv);
    }
}

static void take_done(svc_server *srv)
{
    svc_pool_drain_wake(&srv->pool);
    svc_job *list = svc_pool_take_done(&srv->pool);
    while (list) {
        svc_job *j = list;
        list = j->next;
        j->next = NULL;
        svc_dispatch_done(srv, j);
    }
}

static void peer_name(const struct sockaddr_storage *ss, int is_unix, char *buf, size_t n)
{
    char host[INET6_ADDRSTRLEN] = "?";
    if (is_unix) {
        snprintf(buf, n, "unix");
    } else if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
        snprintf(buf, n, "tcp:%s:%d", host, ntohs(s4->sin_port));
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
        inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
        snprintf(buf, n, "tcp:[%s]:%d", host, ntohs(s6->sin6_port));
    } else {
        snprintf(buf, n, "?");
    }
}

static void accept_some(svc_server *srv, svc_listener *l)
{
    for (int k = 0; k < ACCEPT_BATCH && l->fd >= 0; k++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int fd = accept4(l->fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                svc_log(SVC_LOG_WARN, "accept", "error=%s pause_ms=100", errno == EMFILE ? "EMFILE" : strerror(errno));
                srv->accept_pause_until = svc_now() + 0.1;
            }
            return; /* EAGAIN: none left */
        }
        char peer[96];
        peer_name(&ss, l->is_unix, peer, sizeof peer);
        if (srv->n_open >= srv->cfg->max_conns) {
            /* turned away with an explicit reply, best effort, then closed */
            char msg[160];
            snprintf(msg, sizeof msg, "too many connections (%d, --max-connections); retry later",
                     srv->cfg->max_conns);
            char *line = svc_reply_error(NULL, "busy", msg, NULL);
            if (line) {
                ssize_t w = send(fd, line, strlen(line), MSG_NOSIGNAL | MSG_DONTWAIT);
                (void)w;
                free(line);
            }
            close(fd);
            srv->stats.conns_rejected++;
            svc_stats_refusal(&srv->stats, "busy");
            svc_log(SVC_LOG_WARN, "refuse", "peer=%s code=busy reason=max_connections", peer);
            continue;
        }
        if (!l->is_unix) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
        svc_conn *c = svc_conn_new(srv, fd, peer);
        if (!c) {
            close(fd);
            svc_log(SVC_LOG_ERROR, "accept", "error=out_of_memory");
            continue;
        }
        srv->stats.conns_accepted++;
        svc_log(SVC_LOG_DEBUG, "open", "conn=%llu peer=%s", (unsigned long long)c->no, peer);
    }
}

/* Frees closed connections whose jobs are all back: the safe point. */
static void reap(svc_server *srv)
{
    for (svc_conn *c = srv->conns, *next; c; c = next) {
        next = c->next;
        if (c->fd >= 0 || c->n_jobs > 0)
            continue;
        if (c->prev)
            c->prev->next = c->next;
        else
            srv->conns = c->next;
        if (c->next)
            c->next->prev = c->prev;
        svc_buf_free(&c->in);
        svc_buf_free(&c->out);
        free(c);
    }
}

static int all_flushed(svc_server *srv)
{
    for (svc_conn *c = srv->conns; c; c = c->next)
        if (c->fd >= 0 && c->out_off < c->out.len)
            return 0;
    return 1;
}

/* Shutdown past every deadline with solves that ignore their cancel flag:
 * answer them here; their threads are left behind when the process exits. */
static void abandon_running(svc_server *srv)
{
    for (svc_conn *c = srv->conns; c; c = c->next)
        for (svc_job *j = c->jobs; j; j = j->conn_next) {
            char *line = svc_reply_error(j->id_json, "shutting_down",
                                         "the server is shutting down and the solve did not stop in time", NULL);
            svc_finish_request(srv, c->fd >= 0 ? c : NULL, j->req_no, j->kind, NULL, j->id_json, j->bytes,
                               j->t_received, "shutting_down", line, "abandoned: shutdown");
        }
    /* a last, bounded chance for the replies to leave */
    double until = svc_now() + FLUSH_AFTER_S;
    while (!all_flushed(srv) && svc_now() < until) {
        for (svc_conn *c = srv->conns; c; c = c->next)
            svc_conn_flush(srv, c);
        poll(NULL, 0, 10);
    }
}

int svc_run(const svc_config *cfg)
{
    svc_server srv;
    memset(&srv, 0, sizeof srv);
    srv.cfg = cfg;
    srv.sig_fd[0] = srv.sig_fd[1] = -1;
    for (int i = 0; i < SVC_MAX_LISTEN; i++)
        srv.ls[i].fd = -1;
    svc_stats_init(&srv.stats, svc_now());
    int rc = 4, abandoned = 0, pool_started = 0;
    struct pollfd *pfd = NULL;
    svc_conn **pconn = NULL;
    size_t pcap = 0;
    char msg[512];
    struct sigaction sa_old_term, sa_old_int, sa_old_pipe;
    int handlers = 0;

    if (pipe2(srv.sig_fd, O_NONBLOCK | O_CLOEXEC) != 0) {
        svc_log(SVC_LOG_ERROR, "start", "error=\"pipe: %s\"", strerror(errno));
        goto out;
    }
    sig_write_fd = srv.sig_fd[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, &sa_old_term);
    sigaction(SIGINT, &sa, &sa_old_int);
    sa.sa_handler = SIG_IGN; /* a client that goes away must never kill the server */
    sigaction(SIGPIPE, &sa, &sa_old_pipe);
    handlers = 1;

    pool_started = 1; /* destroyed on every path: stops the threads a failed start left */
    if (svc_pool_start(&srv.pool, cfg->workers, cfg->queue_cap, msg, sizeof msg) != 0) {
        char q[600];
        svc_log(SVC_LOG_ERROR, "start", "error=%s", svc_log_quote(q, sizeof q, msg));
        goto out;
    }
    int loopback_only = 1;
    for (int i = 0; i < cfg->n_listen; i++) {
        svc_addr a;
        svc_listener *l = &srv.ls[srv.n_ls];
        char q[600];
        if (svc_addr_parse(cfg->listen[i], &a, msg, sizeof msg) != 0 ||
            svc_listen(&a, 128, &l->fd, l->addr, sizeof l->addr, msg, sizeof msg) != 0) {
            svc_log(SVC_LOG_ERROR, "start", "error=%s", svc_log_quote(q, sizeof q, msg));
            rc = 2;
            goto out;
        }
        l->is_unix = a.is_unix;
        if (a.is_unix)
            snprintf(l->path, sizeof l->path, "%s", a.path);
        else if (strcmp(a.host, "127.0.0.1") != 0 && strcmp(a.host, "::1") != 0 && strcmp(a.host, "localhost") != 0)
            loopback_only = 0;
        srv.n_ls++;
        svc_log(SVC_LOG_ALWAYS, "listening", "addr=%s", l->addr);
    }
    if (!loopback_only && !cfg->token)
        svc_log(SVC_LOG_WARN, "start", "warning=\"listening beyond loopback without --token-file\"");
    svc_log(SVC_LOG_ALWAYS, "ready",
            "version=%s workers=%d queue=%d max_connections=%d max_request_bytes=%zu max_time_limit_s=%g token=%s",
            ECO_VERSION, cfg->workers, cfg->queue_cap, cfg->max_conns, cfg->max_request_bytes,
            cfg->max_time_limit_s, cfg->token ? "required" : "none");

    for (;;) {
        double now = svc_now();
        int queued, running;
        if (srv.stopping) {
            if (!srv.grace_over && now - srv.t_stop >= cfg->grace_s) {
                srv.grace_over = 1;
                cancel_running(&srv);
            }
            svc_pool_counts(&srv.pool, &queued, &running);
            int jobs_out = 0;
            for (svc_conn *c = srv.conns; c; c = c->next)
                jobs_out += c->n_jobs;
            if (jobs_out == 0 && (all_flushed(&srv) || now - srv.t_stop >= cfg->grace_s + FLUSH_AFTER_S))
                break;
            if (jobs_out > 0 && now - srv.t_stop >= cfg->grace_s + ABANDON_AFTER_S) {
                abandon_running(&srv);
                abandoned = 1;
                break;
            }
        }

        /* the poll set: signals, wake pipe, listeners, connections */
        size_t need = 2 + (size_t)srv.n_ls + (size_t)srv.n_open;
        if (need > pcap) {
            size_t ncap = need * 2;
            struct pollfd *np = realloc(pfd, ncap * sizeof *np);
            if (np)
                pfd = np;
            svc_conn **nc = realloc(pconn, ncap * sizeof *nc);
            if (nc)
                pconn = nc;
            if (!np || !nc) { /* both keep their old size: try again shortly */
                svc_log(SVC_LOG_ERROR, "loop", "error=out_of_memory");
                poll(NULL, 0, 100);
                continue;
            }
            pcap = ncap;
        }
        size_t n = 0;
        pfd[n] = (struct pollfd){srv.sig_fd[0], POLLIN, 0};
        pconn[n++] = NULL;
        pfd[n] = (struct pollfd){srv.pool.wake_fd[0], POLLIN, 0};
        pconn[n++] = NULL;
        size_t first_ls = n;
        int accepting = !srv.stopping && now >= srv.accept_pause_until;
        for (int i = 0; i < srv.n_ls; i++) {
            pfd[n] = (struct pollfd){srv.ls[i].fd, (short)(accepting && srv.ls[i].fd >= 0 ? POLLIN : 0), 0};
            pconn[n++] = NULL;
        }
        size_t first_conn = n;
        double deadline = 0;
        for (svc_conn *c = srv.conns; c; c = c->next) {
            if (c->fd < 0)
                continue;
            double d = svc_conn_check_timeouts(&srv, c, now);
            if (c->fd < 0)
                continue;
            if (d > 0 && (deadline == 0 || d < deadline))
                deadline = d;
            short ev = 0;
            if (!c->closing && c->out.len - c->out_off < SVC_OUT_PAUSE)
                ev |= POLLIN;
            if (c->out_off < c->out.len)
                ev |= POLLOUT;
            pfd[n] = (struct pollfd){c->fd, ev, 0};
            pconn[n++] = c;
        }
        double wait_s = 1.0;
        if (deadline > 0 && deadline - now < wait_s)
            wait_s = deadline - now;
        if (srv.stopping && wait_s > 0.05)
            wait_s = 0.05;
        if (!accepting && !srv.stopping && srv.accept_pause_until - now < wait_s)
            wait_s = srv.accept_pause_until - now;
        int timeout_ms = wait_s <= 0 ? 0 : (int)(wait_s * 1000.0) + 1;

        int ready = poll(pfd, (nfds_t)n, timeout_ms);
        if (ready < 0 && errno != EINTR) {
            svc_log(SVC_LOG_ERROR, "loop", "error=\"poll: %s\"", strerror(errno));
            poll(NULL, 0, 10);
        }
        if (ready > 0) {
            if (pfd[0].revents & POLLIN) {
                unsigned char sigs[16];
                ssize_t got = read(srv.sig_fd[0], sigs, sizeof sigs);
                for (ssize_t i = 0; i < got; i++)
                    begin_stop(&srv, sigs[i]);
            }
            if (pfd[1].revents & POLLIN)
                take_done(&srv);
            for (int i = 0; i < srv.n_ls; i++)
                if ((pfd[first_ls + (size_t)i].revents & POLLIN) && !srv.stopping)
                    accept_some(&srv, &srv.ls[i]);
            for (size_t i = first_conn; i < n; i++) {
                svc_conn *c = pconn[i];
                short re = pfd[i].revents;
                if (!re || c->fd < 0)
                    continue;
                if (re & POLLOUT)
                    svc_conn_flush(&srv, c);
                if (c->fd >= 0 && (re & POLLIN))
                    svc_conn_on_readable(&srv, c);
                else if (c->fd >= 0 && (re & (POLLERR | POLLHUP | POLLNVAL)))
                    svc_conn_close(&srv, c, "hangup");
            }
        }
        reap(&srv); /* the safe point */
    }
    rc = 0;
    svc_log(SVC_LOG_ALWAYS, "shutdown", "phase=done served=%llu cancelled=%llu%s",
            (unsigned long long)srv.stats.answered, (unsigned long long)srv.stats.cancelled,
            abandoned ? " abandoned=yes" : "");

out:
    for (svc_conn *c = srv.conns; c; c = c->next)
        if (c->fd >= 0)
            svc_conn_close(&srv, c, "shutdown");
    if (!abandoned) {
        if (pool_started)
            take_done(&srv);
        reap(&srv);
        if (pool_started)
            svc_pool_destroy(&srv.pool);
    }
    close_listeners(&srv);
    free(pfd);
    free(pconn);
    if (handlers) {
        sigaction(SIGTERM, &sa_old_term, NULL);
        sigaction(SIGINT, &sa_old_int, NULL);
        sigaction(SIGPIPE, &sa_old_pipe, NULL);
    }
    sig_write_fd = -1;
    for (int k = 0; k < 2; k++)
        if (srv.sig_fd[k] >= 0)
            close(srv.sig_fd[k]);
    return rc;
}
