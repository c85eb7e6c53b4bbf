/*
 * client.c - the `ecoroute client` verb: sends the request(s) of a file to a
 * server and prints each reply line on standard output as it arrives.
 *
 * The file holds one JSON request (which may span several lines) or one
 * request per line; lines that are not JSON are sent as they are, so the
 * server's errors can be tried too. Requests are pipelined: all are written
 * while replies are read (one poll loop, so neither side can block the
 * other), and the connection stays open until every reply is in.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "service.h"
#include "svc.h"

#define INPUT_MAX ((size_t)1 << 30) /* bytes of requests read from the file */
#define REPLY_MAX ((size_t)1 << 30) /* bytes of one reply line */

static const char client_help[] =
    "usage: ecoroute client [--connect ADDR] [options] [FILE]\n"
    "Sends the request(s) in FILE (\"-\" or none: standard input) to an `ecoroute serve` and prints\n"
    "each reply line on standard output. FILE holds one JSON request (it may span lines) or one\n"
    "request per line.\n"
    "  -c, --connect ADDR     tcp://HOST:PORT or unix:PATH (default " SVC_DEFAULT_LISTEN ")\n"
    "      --token-file FILE  add \"token\" (FILE's content) to every request that has none\n"
    "      --timeout S        give up when the replies are not all in after S seconds (default: wait)\n"
    "      --pretty           print each reply indented\n"
    "Exit status: 0 when every reply is ok; else that of the first reply that is not: infeasible 1,\n"
    "bad_input, too_large, timeout, unauthorized, unknown_kind 2, routing_error 3, internal_error,\n"
    "busy, shutting_down 4; 4 when the server cannot be reached or closes before replying.\n";

static int read_all(const char *path, svc_buf *b)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "ecoroute client: %s: %s\n", path, strerror(errno));
        return -1;
    }
    b->max = INPUT_MAX;
    int rc = 0;
    for (;;) {
        if (svc_buf_reserve(b, 65536) != 0) {
            fprintf(stderr, "ecoroute client: %s: larger than %zu bytes\n", path, INPUT_MAX);
            rc = -1;
            break;
        }
        size_t n = fread(b->data + b->len, 1, 65536, f);
        b->len += n;
        if (n == 0) {
            if (ferror(f)) {
                fprintf(stderr, "ecoroute client: %s: read error\n", path);
                rc = -1;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    return rc;
}

/* Appends one request (with its '\n') to out, adding the token if asked. */
static int add_request(svc_buf *out, const char *text, size_t len, const char *token)
{
    char *dumped = NULL;
    if (token) {
        json_t *req = json_loadb(text, len, 0, NULL);
        if (json_is_object(req) && !json_object_get(req, "token")) {
            json_object_set_new(req, "token", json_string(token));
            dumped = json_dumps(req, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
        }
        json_decref(req);
        if (dumped) {
            text = dumped;
            len = strlen(dumped);
        }
    }
    int rc = svc_buf_append(out, text, len) == 0 && svc_buf_append(out, "\n", 1) == 0 ? 0 : -1;
    free(dumped);
    return rc;
}

/* Splits the input into requests; returns their number or -1. */
static int build_requests(const svc_buf *in, const char *token, svc_buf *out)
{
    out->max = INPUT_MAX + INPUT_MAX / 4;
    json_t *whole = json_loadb(in->data ? in->data : "", in->len, 0, NULL);
    if (json_is_object(whole)) { /* one request, possibly indented over lines */
        char *text = json_dumps(whole, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
        json_decref(whole);
        int rc = text ? add_request(out, text, strlen(text), token) : -1;
        free(text);
        return rc == 0 ? 1 : -1;
    }
    json_decref(whole);
    int n = 0;
    size_t i = 0;
    while (i < in->len) {
        const char *p = in->data + i;
        const char *nl = memchr(p, '\n', in->len - i);
        size_t len = nl ? (size_t)(nl - p) : in->len - i;
        i += len + (nl ? 1 : 0);
        if (len > 0 && p[len - 1] == '\r')
            len--;
        size_t k = 0;
        while (k < len && (p[k] == ' ' || p[k] == '\t'))
            k++;
        if (k == len)
            continue;
        if (add_request(out, p, len, token) != 0)
            return -1;
        n++;
    }
    return n;
}

/* Prints one reply and returns the exit status it stands for. */
static int print_reply(const char *line, size_t len, int pretty)
{
    json_t *r = json_loadb(line, len, 0, NULL);
    int st = 4;
    if (json_is_object(r)) {
        json_t *ok = json_object_get(r, "ok");
        if (json_is_true(ok)) {
            const char *s = json_string_value(json_object_get(r, "status"));
            st = s ? svc_code_exit_status(s) : 0;
        } else {
            json_t *e = json_object_get(r, "error");
            st = svc_code_exit_status(json_string_value(json_object_get(e, "code")));
        }
    }
    char *pretty_text = pretty && r ? json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))
                                    : NULL;
    if (pretty_text) {
        fputs(pretty_text, stdout);
        fputc('\n', stdout);
        free(pretty_text);
    } else {
        fwrite(line, 1, len, stdout);
        fputc('\n', stdout);
    }
    fflush(stdout);
    json_decref(r);
    return st;
}

int eco_cli_client(int argc, char **argv)
{
    enum { O_TOKEN = 1000, O_TIMEOUT, O_PRETTY };
    static const struct option longopts[] = {{"connect", required_argument, 0, 'c'},
                                             {"token-file", required_argument, 0, O_TOKEN},
                                             {"timeout", required_argument, 0, O_TIMEOUT},
                                             {"pretty", no_argument, 0, O_PRETTY},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *connect_to = SVC_DEFAULT_LISTEN, *token_file = NULL, *path = "-";
    double timeout_s = 0;
    int pretty = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":c:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': connect_to = optarg; break;
        case O_TOKEN: token_file = optarg; break;
        case O_TIMEOUT:
            if (!eco_cli_parse_double("client", "--timeout", optarg, 0.001, 1e7, &timeout_s)) return ECO_EINPUT;
            break;
        case O_PRETTY: pretty = 1; break;
        case 'h': fputs(client_help, stdout); return 0;
        case ':': return eco_cli_usage_error("client", "option %s needs a value", argv[optind - 1]);
        default: return eco_cli_usage_error("client", "unknown option %s", argv[optind - 1]);
        }
    }
    if (argc - optind > 1)
        return eco_cli_usage_error("client", "expected at most one FILE");
    if (optind < argc)
        path = argv[optind];
    svc_addr addr;
    char msg[512];
    if (svc_addr_parse(connect_to, &addr, msg, sizeof msg) != 0)
        return eco_cli_usage_error("client", "--connect %s", msg);

    int rc = ECO_EINTERNAL, fd = -1;
    char *token = NULL;
    svc_buf in = {0}, out = {0}, replies = {0};
    if (token_file) {
        svc_buf t = {0};
        if (read_all(token_file, &t) != 0) {
            svc_buf_free(&t);
            rc = ECO_EINPUT;
            goto out;
        }
        while (t.len > 0 && strchr("\r\n \t", t.data[t.len - 1]))
            t.len--;
        token = strndup(t.data ? t.data : "", t.len);
        svc_buf_free(&t);
        if (!token)
            goto out;
    }
    if (read_all(path, &in) != 0) {
        rc = ECO_EINPUT;
        goto out;
    }
    int n_req = build_requests(&in, token, &out);
    if (n_req < 0) {
        fprintf(stderr, "ecoroute client: out of memory\n");
        goto out;
    }
    if (n_req == 0) {
        fprintf(stderr, "ecoroute client: %s: no request\n", path);
        rc = ECO_EINPUT;
        goto out;
    }
    fd = svc_connect(&addr, msg, sizeof msg);
    if (fd < 0) {
        fprintf(stderr, "ecoroute client: cannot connect to %s\n", msg);
        goto out;
    }
    svc_set_nonblock(fd);
    replies.max = REPLY_MAX;
    size_t sent = 0;
    int got = 0, first_bad = 0;
    double deadline = timeout_s > 0 ? svc_now() + timeout_s : 0;
    while (got < n_req) {
        struct pollfd p = {fd, POLLIN | (sent < out.len ? POLLOUT : 0), 0};
        int wait_ms = -1;
        if (deadline > 0) {
            double left = deadline - svc_now();
            if (left <= 0) {
                fprintf(stderr, "ecoroute client: timed out with %d of %d replies\n", got, n_req);
                goto out;
            }
            wait_ms = (int)(left * 1000) + 1;
        }
        int r = poll(&p, 1, wait_ms);
        if (r < 0 && errno != EINTR) {
            fprintf(stderr, "ecoroute client: poll: %s\n", strerror(errno));
            goto out;
        }
        if (r <= 0)
            continue;
        if ((p.revents & POLLOUT) && sent < out.len) {
            ssize_t w = send(fd, out.data + sent, out.len - sent, MSG_NOSIGNAL);
            if (w > 0)
                sent += (size_t)w;
            else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                /* the server may have refused and closed: read what it said */
                sent = out.len;
            }
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            if (svc_buf_reserve(&replies, 65536) != 0) {
                fprintf(stderr, "ecoroute client: a reply is larger than %zu bytes\n", REPLY_MAX);
                goto out;
            }
            ssize_t n = recv(fd, replies.data + replies.len, 65536, 0);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                continue;
            if (n <= 0) {
                fprintf(stderr, "ecoroute client: the server closed the connection after %d of %d replies\n", got,
                        n_req);
                goto out;
            }
            replies.len += (size_t)n;
            size_t start = 0;
            for (;;) {
                char *nl = memchr(replies.data + start, '\n', replies.len - start);
                if (!nl)
                    break;
                size_t len = (size_t)(nl - (replies.data + start));
                int st = print_reply(replies.data + start, len, pretty);
                if (st != 0 && !first_bad)
                    first_bad = st;
                got++;
                start += len + 1;
            }
            svc_buf_consume(&replies, start);
        }
    }
    rc = first_bad;
out:
    if (fd >= 0)
        close(fd);
    free(token);
    svc_buf_free(&in);
    svc_buf_free(&out);
    svc_buf_free(&replies);
    return rc;
}
