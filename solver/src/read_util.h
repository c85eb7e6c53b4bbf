/*
 * read_util.h - line and number scanning shared by the text readers
 * (read_cvrplib.c, read_solomon.c, read_kim.c, solution_read.c).
 *
 * A reader walks its buffer line by line with eco__lines_next, which accepts
 * "\n", "\r\n" and a lone "\r" as line ends, skips a UTF-8 byte-order mark,
 * refuses NUL bytes (binary input) and over-long lines, and keeps the line
 * number for messages. Fields are split in place at blanks. Numbers are parsed
 * strictly: plain decimal notation only (no hex, NaN or infinity), the whole
 * field, within a caller-given range; every refusal is recorded in the
 * caller's eco_error with where = "FILE:LINE".
 */
#ifndef ECO_READ_UTIL_H
#define ECO_READ_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define ECO_LINE_MAX ((size_t)16 << 20) /* longest line accepted, bytes */

typedef struct eco__lines {
    const char *data;   /* borrowed input */
    size_t len, pos;    /* input size and read position, bytes */
    const char *name;   /* borrowed file name used in messages */
    int line_no;        /* 1-based number of the line last returned (0 before) */
    char *buf;          /* the line last returned, NUL-terminated (owned) */
    size_t cap;         /* bytes allocated for buf */
} eco__lines;

void eco__lines_init(eco__lines *L, const char *data, size_t len, const char *name);
void eco__lines_free(eco__lines *L);

/* Next line without its line end: *line points into L->buf (valid until the
 * next call) or is NULL at the end of the input. Errors: ECO_EINPUT for a NUL
 * byte or a line longer than ECO_LINE_MAX, ECO_EINTERNAL when out of memory. */
eco_status eco__lines_next(eco__lines *L, char **line, eco_error *err);

/* Records an error at the current line: where = "FILE:LINE". Returns st. */
eco_status eco__line_error(const eco__lines *L, eco_error *err, eco_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* As eco__line_error for an explicit line number. */
eco_status eco__line_error_at(const char *name, int line_no, eco_error *err, eco_status st,
                              const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Splits line in place at blanks (space, tab, CR, VT, FF). Fills at most max
 * pointers and returns the number of fields found (which may exceed max). */
int eco__split(char *line, char **fields, int max);

/* Next blank-separated field of *cursor, NUL-terminated in place, advancing
 * *cursor past it; NULL when none is left. */
char *eco__next_field(char **cursor);

/* Trims blanks at both ends in place; returns the trimmed start. */
char *eco__trim(char *s);

/* True when the line holds only blanks. */
bool eco__blank(const char *line);

/* Strict decimal number: [sign] digits [. digits] [e|E [sign] digits] with at
 * least one digit, the whole token, finite, |value| <= limit. */
bool eco__parse_number(const char *tok, double limit, double *out);

/* Parses field `tok` as a number in [lo, hi]; on failure records
 * "WHAT: expected a number, got \"x\"" or "... out of range" at the current
 * line and returns ECO_EINPUT. */
eco_status eco__field_number(const eco__lines *L, eco_error *err, const char *tok, const char *what,
                             double lo, double hi, double *out);
/* As eco__field_number for integers (an integral value such as "206.0" is accepted). */
eco_status eco__field_int(const eco__lines *L, eco_error *err, const char *tok, const char *what,
                          long long lo, long long hi, long long *out);

/* Writes a printable, length-capped rendering of s into buf (non-printable
 * bytes as \xNN, "..." when cut). Returns buf. */
const char *eco__quote(const char *s, char *buf, size_t n);

/* Internal distance units per reported unit for a planar rounding convention
 * (nint 1, trunc1 10, exact 1e4), as the planar travel builder uses them. */
double eco__units_per_reported(eco_rounding r);

/* Sets a box to the defaults of the text formats: mandatory, window
 * [0, ECO_TIME_INF], no service, no reporting facts (NaN), file_id -1. */
void eco__box_defaults(eco_box *b);

/* Appends `count` copies of *tmpl to inst->vehicles with ids "1", "2", ...
 * (tmpl->id is ignored). ECO_EINTERNAL when out of memory. */
eco_status eco__add_vehicle_copies(eco_instance *inst, const eco_vehicle *tmpl, int count, eco_error *err);

/* New string: the last path component of path without its extension ("x" for
 * "dir/x.txt"); NULL when out of memory. */
char *eco__base_name(const char *path);

/* Reads a whole file (at most 1 GiB) into a new buffer, NUL-terminated (the
 * NUL is not counted in *len). The caller frees *data. */
eco_status eco__slurp_file(const char *path, char **data, size_t *len, eco_error *err);

#endif /* ECO_READ_UTIL_H */
