/*
 * error.c - status names and the error-detail collector shared by every
 * module: the first error wins where/message, all are appended to text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

const char *eco_status_name(eco_status st)
{
    switch (st) {
    case ECO_OK: return "ok";
    case ECO_EINFEASIBLE: return "infeasible";
    case ECO_EINPUT: return "bad_input";
    case ECO_EROUTING: return "routing_error";
    case ECO_EINTERNAL: return "internal_error";
    }
    return "internal_error";
}

const char *eco_strerror(eco_status st)
{
    switch (st) {
    case ECO_OK: return "success";
    case ECO_EINFEASIBLE: return "no feasible solution, or the solution is infeasible";
    case ECO_EINPUT: return "bad input or usage";
    case ECO_EROUTING: return "travel times could not be obtained";
    case ECO_EINTERNAL: return "internal error (out of memory?)";
    }
    return "unknown status";
}

void eco_error_clear(eco_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

eco_status eco__error(eco_error *err, eco_status st, const char *where, const char *fmt, ...)
{
    if (!err)
        return st;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (err->n_errors == 0) {
        err->status = st;
        snprintf(err->where, sizeof err->where, "%s", where ? where : "");
        snprintf(err->message, sizeof err->message, "%s", msg);
    }
    err->n_errors++;
    size_t used = strlen(err->text);
    size_t room = sizeof err->text - used;
    if (room > 64) {
        int n = snprintf(err->text + used, room, "%s%s%s\n", where && *where ? where : "",
                         where && *where ? ": " : "", msg);
        if (n < 0 || (size_t)n >= room) /* truncated: mark it */
            snprintf(err->text + sizeof err->text - 20, 20, "\n... (more)\n");
    }
    return st;
}

char *eco__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
