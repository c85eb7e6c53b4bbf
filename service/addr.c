/*
 * addr.c - socket addresses of the service ("tcp://HOST:PORT", "unix:PATH"):
 * parsing, listening sockets for the server and the client's connect.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "svc.h"

int svc_set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL, 0);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    return 0;
}

int svc_addr_parse(const char *text, svc_addr *out, char *msg, size_t msg_n)
{
    memset(out, 0, sizeof *out);
    if (!strncmp(text, "unix:", 5)) {
        const char *p = text + 5;
        if (!strncmp(p, "//", 2)) /* accept unix://PATH too */
            p += 2;
        if (!*p) {
            snprintf(msg, msg_n, "\"%s\": empty socket path", text);
            return -1;
        }
        if (strlen(p) >= sizeof out->path) {
            snprintf(msg, msg_n, "\"%s\": socket path longer than %zu bytes", text, sizeof out->path - 1);
            return -1;
        }
        out->is_unix = 1;
        strcpy(out->path, p);
        return 0;
    }
    if (strncmp(text, "tcp://", 6) != 0) {
        snprintf(msg, msg_n, "\"%s\": expected tcp://HOST:PORT or unix:PATH", text);
        return -1;
    }
    const char *h = text + 6, *colon;
    size_t hlen;
    if (*h == '[') { /* [v6]:port */
        const char *rb = strchr(h, ']');
        if (!rb || rb[1] != ':') {
            snprintf(msg, msg_n, "\"%s\": expected tcp://[ADDRESS]:PORT", text);
            return -1;
        }
        h++;
        hlen = (size_t)(rb - h);
        colon = rb + 1;
    } else {
        colon = strrchr(h, ':');
        if (!colon) {
            snprintf(msg, msg_n, "\"%s\": missing :PORT", text);
            return -1;
        }
        hlen = (size_t)(colon - h);
    }
    const char *port = colon + 1;
    if (hlen == 0 || hlen >= sizeof out->host) {
        snprintf(msg, msg_n, "\"%s\": missing or overlong host", text);
        return -1;
    }
    size_t plen = strlen(port);
    if (plen == 0 || plen > 5 || strspn(port, "0123456789") != plen || atoi(port) > 65535) {
        snprintf(msg, msg_n, "\"%s\": port must be a number from 0 to 65535", text);
        return -1;
    }
    memcpy(out->host, h, hlen);
    out->host[hlen] = 0;
    strcpy(out->port, port);
    return 0;
}

/* "tcp://1.2.3.4:5" or "tcp://[::1]:5" for a bound socket address. */
static void format_inet(const struct sockaddr *sa, char *buf, size_t n)
{
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
        port = ntohs(s4->sin_port);
        snprintf(buf, n, "tcp://%s:%d", host, port);
    } else {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
        port = ntohs(s6->sin6_port);
        snprintf(buf, n, "tcp://[%s]:%d", host, port);
    }
}

static int listen_unix(const svc_addr *a, int backlog, int *fd_out, char *actual, size_t actual_n, char *msg,
                       size_t msg_n)
{
    struct sockaddr_un sun;
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, a->path);
    struct stat st;
    if (lstat(a->path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            snprintf(msg, msg_n, "unix:%s: exists and is not a socket", a->path);
            return -1;
        }
        /* a live server answers a connect; a stale file does not */
        int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (probe >= 0) {
            int live = connect(probe, (struct sockaddr *)&sun, sizeof sun) == 0;
            close(probe);
            if (live) {
                snprintf(msg, msg_n, "unix:%s: another server is listening there", a->path);
                return -1;
            }
        }
        unlink(a->path);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        snprintf(msg, msg_n, "unix:%s: socket: %s", a->path, strerror(errno));
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0 || listen(fd, backlog) != 0) {
        snprintf(msg, msg_n, "unix:%s: %s", a->path, strerror(errno));
        close(fd);
        return -1;
    }
    *fd_out = fd;
    snprintf(actual, actual_n, "unix:%s", a->path);
    return 0;
}

int svc_listen(const svc_addr *a, int backlog, int *fd_out, char *actual, size_t actual_n, char *msg, size_t msg_n)
{
    if (a->is_unix)
        return listen_unix(a, backlog, fd_out, actual, actual_n, msg, msg_n);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int rc = getaddrinfo(a->host, a->port, &hints, &res);
    if (rc != 0) {
        snprintf(msg, msg_n, "tcp://%s:%s: %s", a->host, a->port, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    char why[256] = "no address";
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
        if (fd < 0) {
            snprintf(why, sizeof why, "socket: %s", strerror(errno));
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (ai->ai_family == AF_INET6)
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, backlog) == 0)
            break;
        snprintf(why, sizeof why, "%s", strerror(errno));
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        snprintf(msg, msg_n, "tcp://%s:%s: %s", a->host, a->port, why);
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
        format_inet((struct sockaddr *)&ss, actual, actual_n);
    else
        snprintf(actual, actual_n, "tcp://%s:%s", a->host, a->port);
    *fd_out = fd;
    return 0;
}

int svc_connect(const svc_addr *a, char *msg, size_t msg_n)
{
    if (a->is_unix) {
        struct sockaddr_un sun;
        memset(&sun, 0, sizeof sun);
        sun.sun_family = AF_UNIX;
        strcpy(sun.sun_path, a->path);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
            snprintf(msg, msg_n, "unix:%s: %s", a->path, strerror(errno));
            if (fd >= 0)
                close(fd);
            return -1;
        }
        return fd;
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(a->host, a->port, &hints, &res);
    if (rc != 0) {
        snprintf(msg, msg_n, "tcp://%s:%s: %s", a->host, a->port, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    char why[256] = "no address";
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            snprintf(why, sizeof why, "%s", strerror(errno));
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        snprintf(why, sizeof why, "%s", strerror(errno));
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        snprintf(msg, msg_n, "tcp://%s:%s: %s", a->host, a->port, why);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}
