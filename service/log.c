/*
 * log.c - the service's structured logs: one line per event on stderr,
 * "ts=2024-05-01T08:00:00.123Z level=info event=request key=value ...", so
 * that a log shipper or grep can read them. Values that come from clients
 * (ids, kinds) go through svc_log_quote; the token is never logged.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "svc.h"

static int log_level = SVC_LOG_INFO;

static const char *level_names[] = {"error", "warn", "info", "debug"};

void svc_log_set_level(int level)
{
    log_level = level;
}

void svc_log(int level, const char *event, const char *fmt, ...)
{
    if (level > log_level)
        return;
    if (level < 0)
        level = SVC_LOG_INFO;
    char line[2048];
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    int n = snprintf(line, sizeof line, "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03dZ level=%s event=%s",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     (int)(tv.tv_usec / 1000), level_names[level < 0 ? 0 : level > 3 ? 3 : level], event);
    if (n < 0)
        return;
    size_t used = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    if (fmt && *fmt && used + 2 < sizeof line) {
        line[used++] = ' ';
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(line + used, sizeof line - used, fmt, ap);
        va_end(ap);
        if (m > 0)
            used += (size_t)m < sizeof line - used ? (size_t)m : sizeof line - used - 1;
    }
    /* one line, whatever the values held */
    for (size_t i = 0; i < used; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    if (used >= sizeof line - 1)
        used = sizeof line - 2;
    line[used++] = '\n';
    /* a single write keeps lines whole when several threads log */
    ssize_t w = write(STDERR_FILENO, line, used);
    (void)w;
}

const char *svc_log_quote(char *buf, size_t n, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    if (n < 8) { /* too small for even "..." */
        if (n)
            buf[0] = 0;
        return buf;
    }
    buf[o++] = '"';
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        char tmp[4];
        size_t k = 0;
        if (*p == '"' || *p == '\\') {
            tmp[k++] = '\\';
            tmp[k++] = (char)*p;
        } else if (*p < 0x20 || *p == 0x7f) {
            tmp[k++] = '\\';
            tmp[k++] = 'x';
            tmp[k++] = hex[*p >> 4];
            tmp[k++] = hex[*p & 15];
        } else {
            tmp[k++] = (char)*p;
        }
        if (o + k + 5 > n) { /* room for "...\"" and the terminator */
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(buf + o, tmp, k);
        o += k;
    }
    buf[o++] = '"';
    buf[o] = 0;
    return buf;
}
