/*
 * read_util.c - line and number scanning shared by the text readers: a line
 * cursor over a byte buffer that never trusts its content (NUL bytes, lone
 * carriage returns, endless lines), strict number parsing, and error
 * messages of the form "FILE:LINE: what was expected".
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_util.h"

#define MAX_FILE_BYTES ((size_t)1 << 30) /* 1 GiB, as eco_instance_load_file */

void eco__lines_init(eco__lines *L, const char *data, size_t len, const char *name)
{
    memset(L, 0, sizeof *L);
    L->data = data;
    L->len = data ? len : 0;
    L->name = name ? name : "<input>";
    /* a UTF-8 byte-order mark is not content */
    if (L->len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        L->pos = 3;
}

void eco__lines_free(eco__lines *L)
{
    free(L->buf);
    L->buf = NULL;
    L->cap = 0;
}

eco_status eco__lines_next(eco__lines *L, char **line, eco_error *err)
{
    *line = NULL;
    if (L->pos >= L->len)
        return ECO_OK;
    const char *start = L->data + L->pos;
    size_t rest = L->len - L->pos;
    size_t n = 0;
    while (n < rest && start[n] != '\n' && start[n] != '\r')
        n++;
    L->line_no++;
    const char *nul = memchr(start, '\0', n);
    if (nul)
        return eco__line_error(L, err, ECO_EINPUT, "unexpected NUL byte at column %zu (binary input?)",
                               (size_t)(nul - start) + 1);
    if (n > ECO_LINE_MAX)
        return eco__line_error(L, err, ECO_EINPUT, "line longer than %zu bytes", ECO_LINE_MAX);
    if (n + 1 > L->cap) {
        size_t cap = L->cap ? L->cap : 256;
        while (cap < n + 1)
            cap *= 2;
        char *nb = realloc(L->buf, cap);
        if (!nb)
            return eco__line_error(L, err, ECO_EINTERNAL, "out of memory");
        L->buf = nb;
        L->cap = cap;
    }
    memcpy(L->buf, start, n);
    L->buf[n] = '\0';
    L->pos += n;
    if (L->pos < L->len) { /* consume "\n", "\r\n" or a lone "\r" */
        if (L->data[L->pos++] == '\r' && L->pos < L->len && L->data[L->pos] == '\n')
            L->pos++;
    }
    *line = L->buf;
    return ECO_OK;
}

/* "FILE:LINE", keeping the tail of an over-long file name */
static void format_where(char *where, size_t n, const char *name, int line_no)
{
    size_t len = strlen(name);
    if (len > 200)
        snprintf(where, n, "...%s:%d", name + len - 200, line_no);
    else
        snprintf(where, n, "%s:%d", name, line_no);
}

static eco_status line_verror(const char *name, int line_no, eco_error *err, eco_status st,
                              const char *fmt, va_list ap)
{
    char where[256], msg[512];
    format_where(where, sizeof where, name ? name : "<input>", line_no);
    vsnprintf(msg, sizeof msg, fmt, ap);
    return eco__error(err, st, where, "%s", msg);
}

eco_status eco__line_error(const eco__lines *L, eco_error *err, eco_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    st = line_verror(L->name, L->line_no > 0 ? L->line_no : 1, err, st, fmt, ap);
    va_end(ap);
    return st;
}

eco_status eco__line_error_at(const char *name, int line_no, eco_error *err, eco_status st,
                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    st = line_verror(name, line_no > 0 ? line_no : 1, err, st, fmt, ap);
    va_end(ap);
    return st;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n';
}

int eco__split(char *line, char **fields, int max)
{
    int count = 0;
    char *p = line;
    for (;;) {
        while (*p && is_blank(*p))
            p++;
        if (!*p)
            break;
        char *start = p;
        while (*p && !is_blank(*p))
            p++;
        if (count < max)
            fields[count] = start;
        count++;
        if (!*p)
            break;
        *p++ = '\0';
    }
    return count;
}

char *eco__next_field(char **cursor)
{
    char *p = *cursor;
    while (*p && is_blank(*p))
        p++;
    if (!*p) {
        *cursor = p;
        return NULL;
    }
    char *start = p;
    while (*p && !is_blank(*p))
        p++;
    if (*p)
        *p++ = '\0';
    *cursor = p;
    return start;
}

char *eco__trim(char *s)
{
    while (*s && is_blank(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

bool eco__blank(const char *line)
{
    for (; *line; line++)
        if (!is_blank(*line))
            return false;
    return true;
}

/* [sign] digits [. digits] [e|E [sign] digits], at least one mantissa digit */
static bool decimal_syntax(const char *tok)
{
    const char *p = tok;
    if (*p == '+' || *p == '-')
        p++;
    int digits = 0;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits++;
        }
    }
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

bool eco__parse_number(const char *tok, double limit, double *out)
{
    if (!decimal_syntax(tok))
        return false;
    /* strtod sees plain decimal notation only (no hex, NaN, infinity) */
    errno = 0;
    char *end = NULL;
    double v = strtod(tok, &end);
    if (end == tok || *end != '\0' || !isfinite(v) || fabs(v) > limit)
        return false;
    *out = v;
    return true;
}

const char *eco__quote(const char *s, char *buf, size_t n)
{
    size_t o = 0;
    if (n == 0)
        return buf;
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        char tmp[8];
        int k;
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            k = snprintf(tmp, sizeof tmp, "%c", c);
        else if (c == '"' || c == '\\')
            k = snprintf(tmp, sizeof tmp, "\\%c", c);
        else
            k = snprintf(tmp, sizeof tmp, "\\x%02X", c);
        if (o + (size_t)k + 4 >= n || i >= 60) {
            if (o + 4 <= n - 1) {
                memcpy(buf + o, "...", 3);
                o += 3;
            }
            break;
        }
        memcpy(buf + o, tmp, (size_t)k);
        o += (size_t)k;
    }
    buf[o < n ? o : n - 1] = '\0';
    return buf;
}

/* Refusal message for a field that is not a plain number: name the kind of
 * trouble (NaN, infinity, too large) when it can be told from the text. */
static eco_status bad_number(const eco__lines *L, eco_error *err, const char *tok, const char *what,
                             const char *kind, double lo, double hi)
{
    char q[96];
    eco__quote(tok, q, sizeof q);
    if (decimal_syntax(tok) && lo == 0 && tok[0] == '-' && strspn(tok + 1, "0.") != strlen(tok + 1))
        return eco__line_error(L, err, ECO_EINPUT, "%s: expected a non-negative number, got %s", what, q);
    if (decimal_syntax(tok)) /* a plain number, too large or outside the range */
        return eco__line_error(L, err, ECO_EINPUT, "%s: %s is out of range [%.10g, %.10g]", what, q, lo, hi);
    char *end = NULL;
    double v = strtod(tok, &end);
    if (end != tok && *end == '\0' && isnan(v))
        return eco__line_error(L, err, ECO_EINPUT, "%s: expected %s, got NaN (\"%s\")", what, kind, q);
    if (end != tok && *end == '\0' && isinf(v))
        return eco__line_error(L, err, ECO_EINPUT, "%s: expected %s, got an infinite value (\"%s\")", what,
                               kind, q);
    return eco__line_error(L, err, ECO_EINPUT, "%s: expected %s, got \"%s\"", what, kind, q);
}

eco_status eco__field_number(const eco__lines *L, eco_error *err, const char *tok, const char *what,
                             double lo, double hi, double *out)
{
    double limit = fmax(fabs(lo), fabs(hi));
    double v;
    if (!tok)
        return eco__line_error(L, err, ECO_EINPUT, "%s: missing", what);
    if (!eco__parse_number(tok, limit, &v) || v < lo || v > hi)
        return bad_number(L, err, tok, what, "a number", lo, hi);
    *out = v;
    return ECO_OK;
}

eco_status eco__field_int(const eco__lines *L, eco_error *err, const char *tok, const char *what,
                          long long lo, long long hi, long long *out)
{
    double limit = fmax(fabs((double)lo), fabs((double)hi));
    double v;
    if (!tok)
        return eco__line_error(L, err, ECO_EINPUT, "%s: missing", what);
    if (!eco__parse_number(tok, limit, &v) || v < (double)lo || v > (double)hi)
        return bad_number(L, err, tok, what, "an integer", (double)lo, (double)hi);
    if (v != floor(v)) {
        char q[96];
        return eco__line_error(L, err, ECO_EINPUT, "%s: expected an integer, got \"%s\"", what,
                               eco__quote(tok, q, sizeof q));
    }
    *out = (long long)v;
    return ECO_OK;
}

char *eco__base_name(const char *path)
{
    if (!path)
        return eco__strdup("");
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

eco_status eco__slurp_file(const char *path, char **data, size_t *len, eco_error *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return eco__error(err, ECO_EINPUT, path, "cannot open: %s", strerror(errno));
    size_t cap = (size_t)1 << 16, n = 0;
    char *buf = malloc(cap);
    eco_status st = ECO_OK;
    if (!buf) {
        st = eco__error(err, ECO_EINTERNAL, path, "out of memory");
        goto out;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > MAX_FILE_BYTES) {
                st = eco__error(err, ECO_EINPUT, path, "file is larger than 1 GiB");
                goto out;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                st = eco__error(err, ECO_EINTERNAL, path, "out of memory");
                goto out;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        st = eco__error(err, ECO_EINPUT, path, "read error: %s", strerror(errno));
        goto out;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
out:
    free(buf);
    fclose(f);
    return st;
}

double eco__units_per_reported(eco_rounding r)
{
    switch (r) {
    case ECO_ROUND_NINT: return 1.0;
    case ECO_ROUND_TRUNC1: return 10.0;
    default: return 10000.0;
    }
}

void eco__box_defaults(eco_box *b)
{
    memset(b, 0, sizeof *b);
    b->loc = -1;
    b->tw_open = 0;
    b->tw_close = ECO_TIME_INF;
    b->need = ECO_BOX_MANDATORY;
    b->capacity_kg = b->fill = b->fill_rate_per_day = b->predicted_fill = NAN;
    b->file_id = -1;
}

eco_status eco__add_vehicle_copies(eco_instance *inst, const eco_vehicle *tmpl, int count, eco_error *err)
{
    if (count <= 0)
        return ECO_OK;
    size_t total = (size_t)inst->n_vehicles + (size_t)count;
    eco_vehicle *nv = realloc(inst->vehicles, total * sizeof *nv);
    if (!nv)
        return eco__error(err, ECO_EINTERNAL, "vehicles", "out of memory for %d vehicles", count);
    inst->vehicles = nv;
    for (int k = 0; k < count; k++) {
        char id[24];
        snprintf(id, sizeof id, "%d", k + 1);
        eco_vehicle *v = &inst->vehicles[inst->n_vehicles];
        *v = *tmpl;
        v->id = eco__strdup(id);
        if (!v->id)
            return eco__error(err, ECO_EINTERNAL, "vehicles", "out of memory");
        inst->n_vehicles++;
    }
    return ECO_OK;
}
