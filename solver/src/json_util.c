/*
 * json_util.c - error log, message paths and the matrix reader shared by the
 * JSON readers and writers (json_util.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_util.h"
#include "model.h"

void eco__jfail(eco__jlog *log, const char *where, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log->n_errors++;
    eco__error(log->err, ECO_EINPUT, where && *where ? where : log->name, "%s", msg);
}

void eco__joom(eco__jlog *log, const char *where)
{
    if (!log->oom)
        eco__error(log->err, ECO_EINTERNAL, where && *where ? where : log->name, "out of memory");
    log->oom = true;
    log->n_errors++;
}

const char *eco__jclip(char *buf, size_t n, const char *s, size_t max)
{
    size_t k = 0, len = strlen(s);
    if (max > n - 4)
        max = n - 4;
    for (; k < len && k < max; k++)
        buf[k] = iscntrl((unsigned char)s[k]) ? '?' : s[k];
    if (k < len)
        buf[k++] = '.', buf[k++] = '.', buf[k++] = '.';
    buf[k] = '\0';
    return buf;
}

const char *eco__jdesc(const json_t *j, char *buf, size_t n)
{
    char s[64];
    switch (json_typeof(j)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: snprintf(buf, n, "an array of %zu", json_array_size(j)); return buf;
    case JSON_STRING:
        snprintf(buf, n, "string \"%s\"", eco__jclip(s, sizeof s, json_string_value(j), 40));
        return buf;
    case JSON_INTEGER: snprintf(buf, n, "%lld", (long long)json_integer_value(j)); return buf;
    case JSON_REAL: snprintf(buf, n, "%.6g", json_real_value(j)); return buf;
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    case JSON_NULL: return "null";
    }
    return "?";
}

/* A path too long for ECO_JPATH_LEN ends with "..." (snprintf cut it). */
static const char *cut(char *buf, int written)
{
    if (written < 0 || written >= ECO_JPATH_LEN)
        memcpy(buf + ECO_JPATH_LEN - 4, "...", 4);
    return buf;
}

const char *eco__jkey(char *buf, const char *path, const char *key)
{
    char k[64];
    eco__jclip(k, sizeof k, key, 48);
    return cut(buf, snprintf(buf, ECO_JPATH_LEN, "%s%s%s", path, *path ? "." : "", k));
}

const char *eco__jidx(char *buf, const char *path, size_t i)
{
    return cut(buf, snprintf(buf, ECO_JPATH_LEN, "%s[%zu]", path, i));
}

int32_t *eco__jmatrix(eco__jlog *log, const json_t *a, const char *where, int max_n, double max_value,
                      bool integers, int *n_out)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN], d[80];
    *n_out = -1;
    size_t n = json_is_array(a) ? json_array_size(a) : 0;
    if (n == 0 || n > (size_t)max_n) {
        eco__jfail(log, where, "expected a square array of 1 to %d rows, got %s", max_n, eco__jdesc(a, d, sizeof d));
        return NULL;
    }
    int32_t *m = malloc(n * n * sizeof *m);
    if (!m) {
        eco__joom(log, where);
        return NULL;
    }
    const char *kind = integers ? "integers" : "numbers";
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *row = json_array_get(a, i);
        if (!json_is_array(row) || json_array_size(row) != n) {
            if (bad++ < ECO_JMATRIX_ERRORS)
                eco__jfail(log, eco__jidx(p, where, i), "expected a row of %zu %s (the matrix must be square), got %s",
                           n, kind, eco__jdesc(row, d, sizeof d));
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            const json_t *x = json_array_get(row, k);
            double v = -1.0;
            if (integers ? json_is_integer(x) : json_is_number(x))
                v = json_number_value(x);
            if (!(v >= 0.0 && v <= max_value)) {
                if (bad++ < ECO_JMATRIX_ERRORS)
                    eco__jfail(log, eco__jidx(q, eco__jidx(p, where, i), k), "expected %s in [0, %.10g], got %s",
                               integers ? "an integer" : "a number", max_value, eco__jdesc(x, d, sizeof d));
                continue;
            }
            m[i * n + k] = (int32_t)llround(v);
        }
    }
    if (bad > ECO_JMATRIX_ERRORS)
        eco__jfail(log, where, "%d more invalid entries", bad - ECO_JMATRIX_ERRORS);
    if (bad) {
        free(m);
        return NULL;
    }
    *n_out = (int)n;
    return m;
}
