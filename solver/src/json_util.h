/*
 * json_util.h - what the JSON readers and writers (json_model.c,
 * vroom_read.c, native_write.c, vroom_write.c) share: an error log that
 * counts every problem while the caller's eco_error keeps the first, JSON
 * paths and value descriptions for messages, and the square-matrix reader.
 */
#ifndef ECO_JSON_UTIL_H
#define ECO_JSON_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ecoroute/ecoroute.h"

#define ECO_JPATH_LEN 200        /* a JSON path in a message; longer ones end with "..." */
#define ECO_JMATRIX_ERRORS 20    /* cell errors reported per matrix */

typedef struct eco__jlog {
    eco_error *err;      /* caller's; the first error wins */
    const char *name;    /* the "where" of errors without a path (a file name); may be NULL */
    int n_errors;        /* problems reported */
    bool oom;            /* an allocation failed */
} eco__jlog;

/* Reports an input problem at `where` (a JSON path; empty or NULL: log->name). */
void eco__jfail(eco__jlog *log, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Reports an allocation failure once. */
void eco__joom(eco__jlog *log, const char *where);

/* Copies at most max characters of s into buf[n] for a message: control
 * characters become '?', longer text ends with "...". Returns buf. */
const char *eco__jclip(char *buf, size_t n, const char *s, size_t max);
/* What a value is, for "got ..." in messages ("an object", "string \"x\"", "12"). */
const char *eco__jdesc(const json_t *j, char *buf, size_t n);
/* path.key and path[i] into buf[ECO_JPATH_LEN]. Return buf. */
const char *eco__jkey(char *buf, const char *path, const char *key);
const char *eco__jidx(char *buf, const char *path, size_t i);

/* A square matrix (rows of numbers) as int32, row-major (new), or NULL when
 * invalid (each bad row or cell reported, at most ECO_JMATRIX_ERRORS). With
 * integers, cells must be JSON integers in [0, max_value]; otherwise numbers
 * in [0, max_value], rounded. *n_out is its size, or -1. */
int32_t *eco__jmatrix(eco__jlog *log, const json_t *a, const char *where, int max_n, double max_value,
                      bool integers, int *n_out);

#endif /* ECO_JSON_UTIL_H */
