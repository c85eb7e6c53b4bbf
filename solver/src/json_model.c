/*
 * json_model.c - reader of the native JSON model (README "Native JSON model").
 *
 * The text is parsed with jansson (duplicate keys rejected), then walked
 * object by object against small field tables (fspec): every key must be in
 * its object's table, and every value is checked for its type and range by
 * one function per kind (number, integer, time, window, location, ...), so
 * "unknown field" and "expected ..." errors read the same everywhere. The
 * reader reports every problem it finds, each with its JSON path, and keeps
 * going with defaults; only when the fields are all valid does it build the
 * travel matrices and run the cross-entity checks of eco__instance_validate.
 *
 * Units: metres, seconds, and grams internally (load_unit 0.001 kg); the
 * coordinates are [lon, lat] degrees.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_util.h"
#include "model.h"

/* ---- limits ---- */

#define DAY_S 86400.0
#define MAX_TIME_S (7.0 * DAY_S) /* every time and duration: within 7 days */
#define MAX_KG 1e9               /* capacities and loads */
#define MAX_BOXES 50000
#define MAX_DEPOTS 1000
#define MAX_FACILITIES 1000
#define MAX_VEHICLE_TYPES 10000
#define MAX_FLEET 10000          /* vehicles after expanding counts */
#define MAX_MATRIX 20000         /* locations of an explicit matrix */
#define MAX_MATRIX_VALUE 1e9     /* seconds or metres in a matrix cell */
#define MAX_ID_LEN 200
#define MAX_TEXT_LEN 1000
#define EPS 1e-9                 /* fill comparisons */

/* ---- reader state ---- */

typedef struct ctx {
    eco_instance *inst;
    eco__jlog log;        /* errors: the caller's eco_error, file name, count */
    bool matrix;          /* travel.provider is "matrix" */
    int n_matrix;         /* matrix size, -1 when unknown (invalid) */
    double fill_threshold, horizon_days, prize_per_kg;
    const eco_load_options *opt; /* may be NULL */
} ctx;

/* "HH:MM" or "HH:MM:SS" for messages. */
static const char *fmt_time(char *buf, size_t n, int64_t t)
{
    if (t % 60)
        snprintf(buf, n, "%02lld:%02lld:%02lld", (long long)(t / 3600), (long long)(t / 60 % 60), (long long)(t % 60));
    else
        snprintf(buf, n, "%02lld:%02lld", (long long)(t / 3600), (long long)(t / 60 % 60));
    return buf;
}

/* Levenshtein distance of two short strings, capped at 9. */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 9;
    int row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb] > 9 ? 9 : row[lb];
}

/* ---- field tables and the walker ---- */

typedef enum fkind {
    K_ID,       /* non-empty string of at most MAX_ID_LEN bytes */
    K_TEXT,     /* any string of at most MAX_TEXT_LEN bytes */
    K_NUMBER,   /* number in [lo, hi] ((lo, hi] with F_LO_OPEN) */
    K_INTEGER,  /* integer in [lo, hi] */
    K_BOOL,
    K_TIME,     /* seconds in [0, 7 days] or "HH:MM" / "HH:MM:SS" */
    K_WINDOW,   /* [open, close] of K_TIME with close >= open */
    K_LOCATION, /* [lon, lat] degrees */
    K_NAMES,    /* non-empty array of K_ID (material names) */
    K_ARRAY,    /* an array, read by the caller */
    K_OBJECT,   /* an object, read by the caller */
    K_ANY       /* anything, read by the caller */
} fkind;

#define F_REQ 1u     /* required */
#define F_LO_OPEN 2u /* the lower bound is excluded */

typedef struct fspec {
    const char *name;
    fkind kind;
    unsigned flags;
    double lo, hi;   /* K_NUMBER, K_INTEGER */
} fspec;

typedef struct fval {
    json_t *j;       /* the value (borrowed), NULL when absent */
    bool ok;         /* present and valid */
    double num;      /* K_NUMBER, K_INTEGER, K_TIME (seconds) */
    int64_t i;       /* K_INTEGER; K_TIME rounded to seconds */
    int64_t w[2];    /* K_WINDOW, seconds */
    double loc[2];   /* K_LOCATION: lon, lat */
    const char *str; /* K_ID, K_TEXT (borrowed from j) */
} fval;

static bool parse_hhmm(const char *s, int64_t *out)
{
    int64_t h = 0, m = 0, sec = 0;
    int nd = 0;
    while (isdigit((unsigned char)*s) && nd < 3)
        h = h * 10 + (*s++ - '0'), nd++;
    if (nd == 0 || *s++ != ':')
        return false;
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
        return false;
    m = (s[0] - '0') * 10 + (s[1] - '0');
    s += 2;
    if (*s == ':') {
        s++;
        if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
            return false;
        sec = (s[0] - '0') * 10 + (s[1] - '0');
        s += 2;
    }
    if (*s || m > 59 || sec > 59)
        return false;
    *out = h * 3600 + m * 60 + sec;
    return *out <= (int64_t)MAX_TIME_S;
}

static bool get_time(ctx *c, json_t *j, const char *where, int64_t *out)
{
    char d[80];
    if (json_is_number(j)) {
        double v = json_number_value(j);
        if (v >= 0 && v <= MAX_TIME_S) {
            *out = llround(v);
            return true;
        }
    } else if (json_is_string(j) && parse_hhmm(json_string_value(j), out)) {
        return true;
    }
    eco__jfail(&c->log, where, "expected a time: seconds in [0, %.0f] or \"HH:MM\" or \"HH:MM:SS\" (at most 168:00), got %s",
         MAX_TIME_S, eco__jdesc(j, d, sizeof d));
    return false;
}

static bool get_window(ctx *c, json_t *j, const char *where, int64_t w[2])
{
    char d[80], p[ECO_JPATH_LEN], a[32], b[32];
    if (!json_is_array(j) || json_array_size(j) != 2) {
        eco__jfail(&c->log, where, "expected [open, close], got %s", eco__jdesc(j, d, sizeof d));
        return false;
    }
    bool ok = get_time(c, json_array_get(j, 0), eco__jidx(p, where, 0), &w[0]);
    ok = get_time(c, json_array_get(j, 1), eco__jidx(p, where, 1), &w[1]) && ok;
    if (ok && w[1] < w[0]) {
        eco__jfail(&c->log, where, "ends (%s) before it starts (%s)", fmt_time(a, sizeof a, w[1]), fmt_time(b, sizeof b, w[0]));
        return false;
    }
    return ok;
}

static bool get_location(ctx *c, json_t *j, const char *where, double loc[2])
{
    char d[80];
    if (!json_is_array(j) || json_array_size(j) != 2 || !json_is_number(json_array_get(j, 0)) ||
        !json_is_number(json_array_get(j, 1))) {
        eco__jfail(&c->log, where, "expected [lon, lat] (two numbers), got %s", eco__jdesc(j, d, sizeof d));
        return false;
    }
    loc[0] = json_number_value(json_array_get(j, 0));
    loc[1] = json_number_value(json_array_get(j, 1));
    bool ok = true;
    if (!(loc[0] >= -180.0 && loc[0] <= 180.0)) {
        eco__jfail(&c->log, where, "expected [lon, lat] with lon in [-180, 180], got lon %.6g", loc[0]);
        ok = false;
    }
    if (!(loc[1] >= -90.0 && loc[1] <= 90.0)) {
        eco__jfail(&c->log, where, "expected [lon, lat] with lat in [-90, 90], got lat %.6g", loc[1]);
        ok = false;
    }
    return ok;
}

static bool get_string(ctx *c, json_t *j, const char *where, fkind kind, const char **out)
{
    char d[80];
    size_t max = kind == K_ID ? MAX_ID_LEN : MAX_TEXT_LEN;
    if (!json_is_string(j) || (kind == K_ID && json_string_length(j) == 0)) {
        eco__jfail(&c->log, where, "expected a %sstring, got %s", kind == K_ID ? "non-empty " : "", eco__jdesc(j, d, sizeof d));
        return false;
    }
    if (json_string_length(j) > max) {
        eco__jfail(&c->log, where, "is longer than %zu bytes", max);
        return false;
    }
    *out = json_string_value(j);
    return true;
}

static bool check_value(ctx *c, json_t *j, const char *where, const fspec *s, fval *v)
{
    char d[80], p[ECO_JPATH_LEN];
    switch (s->kind) {
    case K_ID:
    case K_TEXT:
        return get_string(c, j, where, s->kind, &v->str);
    case K_NUMBER:
    case K_INTEGER: {
        bool isint = s->kind == K_INTEGER;
        bool ok = json_is_number(j);
        double x = ok ? json_number_value(j) : 0.0;
        if (ok && isint)
            ok = json_is_integer(j) || (x == floor(x) && fabs(x) <= 9007199254740992.0);
        if (ok)
            ok = ((s->flags & F_LO_OPEN) ? x > s->lo : x >= s->lo) && x <= s->hi;
        if (!ok) {
            eco__jfail(&c->log, where, "expected %s in %c%.16g, %.16g], got %s", isint ? "an integer" : "a number",
                 (s->flags & F_LO_OPEN) ? '(' : '[', s->lo, s->hi, eco__jdesc(j, d, sizeof d));
            return false;
        }
        v->num = x;
        v->i = json_is_integer(j) ? (int64_t)json_integer_value(j) : (int64_t)x;
        return true;
    }
    case K_BOOL:
        if (!json_is_boolean(j)) {
            eco__jfail(&c->log, where, "expected true or false, got %s", eco__jdesc(j, d, sizeof d));
            return false;
        }
        v->num = json_is_true(j);
        return true;
    case K_TIME:
        if (!get_time(c, j, where, &v->i))
            return false;
        v->num = (double)v->i;
        return true;
    case K_WINDOW:
        return get_window(c, j, where, v->w);
    case K_LOCATION:
        return get_location(c, j, where, v->loc);
    case K_NAMES: {
        if (!json_is_array(j) || json_array_size(j) == 0) {
            eco__jfail(&c->log, where, "expected a non-empty array of material names, got %s", eco__jdesc(j, d, sizeof d));
            return false;
        }
        bool ok = true;
        const char *str;
        for (size_t i = 0; i < json_array_size(j); i++)
            ok = get_string(c, json_array_get(j, i), eco__jidx(p, where, i), K_ID, &str) && ok;
        return ok;
    }
    case K_ARRAY:
        if (!json_is_array(j)) {
            eco__jfail(&c->log, where, "expected an array, got %s", eco__jdesc(j, d, sizeof d));
            return false;
        }
        return true;
    case K_OBJECT:
        if (!json_is_object(j)) {
            eco__jfail(&c->log, where, "expected an object, got %s", eco__jdesc(j, d, sizeof d));
            return false;
        }
        return true;
    case K_ANY:
        return true;
    }
    return false;
}

/* Checks obj against spec[0..n): reports unknown keys, missing required
 * fields and every invalid value; fills v[k] for spec[k]. Returns false when
 * obj is not an object (then every v[k] is absent). */
static bool walk(ctx *c, json_t *obj, const char *path, const fspec *spec, int n, fval *v)
{
    char d[80], p[ECO_JPATH_LEN], k[64];
    memset(v, 0, (size_t)n * sizeof *v);
    if (!json_is_object(obj)) {
        eco__jfail(&c->log, path, "expected an object, got %s", eco__jdesc(obj, d, sizeof d));
        return false;
    }
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        int f = 0, best = -1, best_d = 3;
        while (f < n && strcmp(spec[f].name, key) != 0)
            f++;
        if (f < n) {
            v[f].j = val;
            continue;
        }
        for (int g = 0; g < n; g++) {
            int e = edit_distance(key, spec[g].name);
            if (e < best_d && (e <= 1 || strlen(spec[g].name) > 4))
                best = g, best_d = e;
        }
        if (best >= 0) {
            eco__jfail(&c->log, path, "unknown field \"%s\" (did you mean \"%s\"?)", eco__jclip(k, sizeof k, key, 48), spec[best].name);
        } else {
            char list[400];
            size_t used = 0;
            list[0] = '\0';
            for (int g = 0; g < n && used < sizeof list; g++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", g ? ", " : "", spec[g].name);
            eco__jfail(&c->log, path, "unknown field \"%s\" (fields: %s)", eco__jclip(k, sizeof k, key, 48), list);
        }
    }
    for (int f = 0; f < n; f++) {
        if (!v[f].j) {
            if (spec[f].flags & F_REQ)
                eco__jfail(&c->log, path, "missing required field \"%s\"", spec[f].name);
            continue;
        }
        v[f].ok = check_value(c, v[f].j, eco__jkey(p, path, spec[f].name), &spec[f], &v[f]);
    }
    return true;
}

/* ---- the tables ---- */

enum { T_NAME, T_MATERIALS, T_DEPOTS, T_VEHICLES, T_FACILITIES, T_BOXES, T_TRAVEL, T_OPTIONS, T_N };
static const fspec top_spec[T_N] = {
    [T_NAME] = {"name", K_TEXT, 0, 0, 0},
    [T_MATERIALS] = {"materials", K_ANY, 0, 0, 0},
    [T_DEPOTS] = {"depots", K_ARRAY, F_REQ, 0, 0},
    [T_VEHICLES] = {"vehicles", K_ARRAY, F_REQ, 0, 0},
    [T_FACILITIES] = {"facilities", K_ARRAY, 0, 0, 0},
    [T_BOXES] = {"boxes", K_ARRAY, F_REQ, 0, 0},
    [T_TRAVEL] = {"travel", K_OBJECT, 0, 0, 0},
    [T_OPTIONS] = {"options", K_OBJECT, 0, 0, 0},
};

enum { D_ID, D_LOCATION, D_LOCATION_INDEX, D_TIME_WINDOW, D_N };
static const fspec depot_spec[D_N] = {
    [D_ID] = {"id", K_ID, F_REQ, 0, 0},
    [D_LOCATION] = {"location", K_LOCATION, 0, 0, 0},
    [D_LOCATION_INDEX] = {"location_index", K_INTEGER, 0, 0, MAX_MATRIX - 1},
    [D_TIME_WINDOW] = {"time_window", K_WINDOW, 0, 0, 0},
};

enum {
    V_ID, V_COUNT, V_DEPOT, V_END_DEPOT, V_CAPACITY, V_MATERIALS, V_SHIFT, V_MAX_DURATION, V_MAX_DISTANCE,
    V_COSTS, V_BREAK, V_MAX_STOPS, V_MAX_DAY_LOAD, V_N
};
static const fspec vehicle_spec[V_N] = {
    [V_ID] = {"id", K_ID, F_REQ, 0, 0},
    [V_COUNT] = {"count", K_INTEGER, 0, 1, 10000},
    [V_DEPOT] = {"depot", K_ID, 0, 0, 0},
    [V_END_DEPOT] = {"end_depot", K_ID, 0, 0, 0},
    [V_CAPACITY] = {"capacity_kg", K_ANY, F_REQ, 0, 0},
    [V_MATERIALS] = {"materials", K_NAMES, 0, 0, 0},
    [V_SHIFT] = {"shift", K_WINDOW, 0, 0, 0},
    [V_MAX_DURATION] = {"max_duration_s", K_NUMBER, F_LO_OPEN, 0, MAX_TIME_S},
    [V_MAX_DISTANCE] = {"max_distance_m", K_NUMBER, F_LO_OPEN, 0, 1e9},
    [V_COSTS] = {"costs", K_OBJECT, 0, 0, 0},
    [V_BREAK] = {"break", K_OBJECT, 0, 0, 0},
    [V_MAX_STOPS] = {"max_stops", K_INTEGER, 0, 1, 1000000},
    [V_MAX_DAY_LOAD] = {"max_day_load_kg", K_NUMBER, F_LO_OPEN, 0, MAX_KG},
};

enum { C_FIXED, C_PER_KM, C_PER_HOUR, C_N };
static const fspec costs_spec[C_N] = {
    [C_FIXED] = {"fixed", K_NUMBER, 0, 0, 1e9},
    [C_PER_KM] = {"per_km", K_NUMBER, 0, 0, 1e6},
    [C_PER_HOUR] = {"per_hour", K_NUMBER, 0, 0, 1e6},
};

enum { B_DURATION, B_START_WINDOW, B_N };
static const fspec break_spec[B_N] = {
    [B_DURATION] = {"duration_s", K_NUMBER, F_REQ | F_LO_OPEN, 0, MAX_TIME_S},
    [B_START_WINDOW] = {"start_window", K_WINDOW, 0, 0, 0},
};

enum { F_ID, F_KIND, F_LOCATION, F_LOCATION_INDEX, F_ACCEPTS, F_UNLOAD, F_HOURS, F_N };
static const fspec facility_spec[F_N] = {
    [F_ID] = {"id", K_ID, F_REQ, 0, 0},
    [F_KIND] = {"kind", K_ID, 0, 0, 0},
    [F_LOCATION] = {"location", K_LOCATION, 0, 0, 0},
    [F_LOCATION_INDEX] = {"location_index", K_INTEGER, 0, 0, MAX_MATRIX - 1},
    [F_ACCEPTS] = {"accepts", K_NAMES, F_REQ, 0, 0},
    [F_UNLOAD] = {"unload_s", K_NUMBER, 0, 0, MAX_TIME_S},
    [F_HOURS] = {"hours", K_WINDOW, 0, 0, 0},
};

enum {
    X_ID, X_LOCATION, X_LOCATION_INDEX, X_MATERIAL, X_CAPACITY, X_FILL, X_LOAD, X_FILL_RATE, X_SERVICE,
    X_TIME_WINDOW, X_MANDATORY, X_PRIZE, X_N
};
static const fspec box_spec[X_N] = {
    [X_ID] = {"id", K_ID, F_REQ, 0, 0},
    [X_LOCATION] = {"location", K_LOCATION, 0, 0, 0},
    [X_LOCATION_INDEX] = {"location_index", K_INTEGER, 0, 0, MAX_MATRIX - 1},
    [X_MATERIAL] = {"material", K_ID, 0, 0, 0},
    [X_CAPACITY] = {"capacity_kg", K_NUMBER, 0, 0, MAX_KG},
    [X_FILL] = {"fill", K_NUMBER, 0, 0, 1},
    [X_LOAD] = {"load_kg", K_NUMBER, 0, 0, MAX_KG},
    [X_FILL_RATE] = {"fill_rate", K_NUMBER, 0, 0, 100},
    [X_SERVICE] = {"service_s", K_NUMBER, 0, 0, MAX_TIME_S},
    [X_TIME_WINDOW] = {"time_window", K_WINDOW, 0, 0, 0},
    [X_MANDATORY] = {"mandatory", K_BOOL, 0, 0, 0},
    [X_PRIZE] = {"prize", K_NUMBER, 0, 0, 1e9},
};

enum { R_PROVIDER, R_CIRCUITY, R_SPEED, R_DURATIONS, R_DISTANCES, R_URL, R_PROFILE, R_BLOCK, R_PARALLEL,
       R_TIMEOUT, R_SNAP, R_CACHE, R_N };
static const fspec travel_spec[R_N] = {
    [R_PROVIDER] = {"provider", K_ID, 0, 0, 0},
    [R_CIRCUITY] = {"circuity", K_NUMBER, 0, 1, 10},
    [R_SPEED] = {"speed_kmh", K_NUMBER, F_LO_OPEN, 0, 200},
    [R_DURATIONS] = {"durations", K_ARRAY, 0, 0, 0},
    [R_DISTANCES] = {"distances", K_ARRAY, 0, 0, 0},
    [R_URL] = {"url", K_TEXT, 0, 0, 0},
    [R_PROFILE] = {"profile", K_ID, 0, 0, 0},
    [R_BLOCK] = {"block_size", K_INTEGER, 0, 1, 10000},
    [R_PARALLEL] = {"parallel", K_INTEGER, 0, 1, 64},
    [R_TIMEOUT] = {"timeout_s", K_NUMBER, F_LO_OPEN, 0, 3600},
    [R_SNAP] = {"max_snap_m", K_NUMBER, 0, 0, 1e6},
    [R_CACHE] = {"cache_dir", K_TEXT, 0, 0, 0},
};

enum { O_FILL_THRESHOLD, O_HORIZON, O_PRIZE_PER_KG, O_RETURN_EMPTY, O_TIME_LIMIT, O_THREADS, O_SEED, O_BALE_KG, O_N };
static const fspec options_spec[O_N] = {
    [O_FILL_THRESHOLD] = {"fill_threshold", K_NUMBER, F_LO_OPEN, 0, 1},
    [O_HORIZON] = {"horizon_days", K_NUMBER, 0, 0, 365},
    [O_PRIZE_PER_KG] = {"prize_per_kg", K_NUMBER, 0, 0, 1e6},
    [O_RETURN_EMPTY] = {"return_empty", K_BOOL, 0, 0, 0},
    [O_TIME_LIMIT] = {"time_limit_s", K_NUMBER, F_LO_OPEN, 0, DAY_S},
    [O_THREADS] = {"threads", K_INTEGER, 0, 1, 256},
    [O_SEED] = {"seed", K_INTEGER, 0, 0, 9007199254740992.0},
    [O_BALE_KG] = {"bale_kg", K_NUMBER, F_LO_OPEN, 0, 1e6},
};

/* ---- helpers over the instance ---- */

static int64_t kg_to_units(double kg) { return llround(kg * 1000.0); }

/* "a, b, c" of up to the first names, into buf. */
static const char *name_list(char *buf, size_t n, const char *(*get)(const eco_instance *, int),
                             const eco_instance *inst, int count)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < count; i++) {
        char s[48];
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", eco__jclip(s, sizeof s, get(inst, i), 40));
        if (w < 0 || (size_t)w >= n - used || used + (size_t)w > n - 8) {
            snprintf(buf + used, n - used, "%s...", i ? ", " : "");
            break;
        }
        used += (size_t)w;
    }
    return buf;
}

static const char *material_name(const eco_instance *inst, int i) { return inst->material_names[i]; }
static const char *depot_name(const eco_instance *inst, int i) { return inst->depots[i].id; }

/* Index of a known material, or -1 with an error at `where`. */
static int material_ref(ctx *c, const char *where, const char *name)
{
    for (int m = 0; m < c->inst->n_materials; m++)
        if (strcmp(c->inst->material_names[m], name) == 0)
            return m;
    char s[64], list[300];
    eco__jfail(&c->log, where, "unknown material \"%s\" (materials: %s)", eco__jclip(s, sizeof s, name, 48),
         name_list(list, sizeof list, material_name, c->inst, c->inst->n_materials));
    return -1;
}

/* Bit mask of the materials named in a valid K_NAMES array. */
static uint32_t material_mask(ctx *c, json_t *names, const char *where)
{
    char p[ECO_JPATH_LEN];
    uint32_t mask = 0;
    for (size_t i = 0; i < json_array_size(names); i++) {
        int m = material_ref(c, eco__jidx(p, where, i), json_string_value(json_array_get(names, i)));
        if (m >= 0)
            mask |= 1u << m;
    }
    return mask;
}

static int depot_ref(ctx *c, const char *where, const char *id)
{
    for (int d = 0; d < c->inst->n_depots; d++)
        if (strcmp(c->inst->depots[d].id, id) == 0)
            return d;
    char s[64], list[300];
    eco__jfail(&c->log, where, "unknown depot \"%s\" (depots: %s)", eco__jclip(s, sizeof s, id, 48),
         name_list(list, sizeof list, depot_name, c->inst, c->inst->n_depots));
    return -1;
}

/* The location of an entity: a new one from `location` (great-circle
 * travel), or its `location_index` into the matrix. Reports what is missing. */
static int entity_loc(ctx *c, const char *path, const fval *loc, const fval *idx)
{
    char p[ECO_JPATH_LEN];
    if (c->matrix) {
        if (!idx->j) {
            eco__jfail(&c->log, path, "missing required field \"location_index\" (travel.provider is \"matrix\")");
            return 0;
        }
        if (!idx->ok)
            return 0;
        if (c->n_matrix >= 0 && idx->i >= c->n_matrix) {
            eco__jfail(&c->log, eco__jkey(p, path, "location_index"), "expected an integer in [0, %d) (the matrix size), got %lld",
                 c->n_matrix, (long long)idx->i);
            return 0;
        }
        if (c->n_matrix < 0)
            return 0;
        if (loc->ok) {
            c->inst->loc_x[idx->i] = loc->loc[0];
            c->inst->loc_y[idx->i] = loc->loc[1];
        }
        return (int)idx->i;
    }
    if (idx->j)
        eco__jfail(&c->log, eco__jkey(p, path, "location_index"), "only used with travel.provider \"matrix\"");
    if (!loc->j)
        eco__jfail(&c->log, path, "missing required field \"location\"");
    int l = eco__instance_add_loc(c->inst, loc->ok ? loc->loc[0] : 0.0, loc->ok ? loc->loc[1] : 0.0);
    if (l < 0) {
        eco__joom(&c->log, path);
        return 0;
    }
    return l;
}

/* An id and the index of the entity it belongs to, for duplicate checks. */
typedef struct id_ref {
    const char *id;
    int index;   /* the entity reported, KIND[index] */
} id_ref;

static int cmp_id_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Sorts refs[0..n) and reports every entity whose id another, earlier one
 * has, once: "KIND[j].id: duplicate id "x" (also KIND[i])". */
static void check_duplicates(ctx *c, const char *kind, id_ref *refs, int n)
{
    if (n < 2)
        return;
    qsort(refs, (size_t)n, sizeof *refs, cmp_id_ref);
    char where[ECO_JPATH_LEN], s[64];
    int first = 0, last_reported = -1;
    for (int k = 1; k < n; k++) {
        if (strcmp(refs[k].id, refs[first].id) != 0) {
            first = k;
            continue;
        }
        if (refs[k].index == refs[first].index || refs[k].index == last_reported)
            continue;
        last_reported = refs[k].index;
        snprintf(where, sizeof where, "%s[%d].id", kind, refs[k].index);
        eco__jfail(&c->log, where, "duplicate id \"%s\" (also %s[%d])", eco__jclip(s, sizeof s, refs[k].id, 48), kind,
             refs[first].index);
    }
}

/* ---- the parts of the model ---- */

static void read_options(ctx *c, json_t *j)
{
    fval v[O_N];
    eco_instance *inst = c->inst;
    c->fill_threshold = 0.8;
    c->horizon_days = 1.0;
    c->prize_per_kg = 0.05;
    inst->opt_time_limit_s = 10.0;
    inst->opt_threads = 1;
    inst->opt_seed = 1;
    inst->bale_kg = 250;
    if (!j)
        return;
    walk(c, j, "options", options_spec, O_N, v);
    if (v[O_BALE_KG].ok) inst->bale_kg = v[O_BALE_KG].num;
    if (v[O_FILL_THRESHOLD].ok) c->fill_threshold = v[O_FILL_THRESHOLD].num;
    if (v[O_HORIZON].ok) c->horizon_days = v[O_HORIZON].num;
    if (v[O_PRIZE_PER_KG].ok) c->prize_per_kg = v[O_PRIZE_PER_KG].num;
    if (v[O_RETURN_EMPTY].ok) inst->return_empty = v[O_RETURN_EMPTY].num != 0;
    if (v[O_TIME_LIMIT].ok) inst->opt_time_limit_s = v[O_TIME_LIMIT].num;
    if (v[O_THREADS].ok) inst->opt_threads = (int)v[O_THREADS].i;
    if (v[O_SEED].ok) inst->opt_seed = (uint64_t)v[O_SEED].i;
}

static void read_travel(ctx *c, json_t *j)
{
    fval v[R_N];
    eco_instance *inst = c->inst;
    inst->travel.kind = ECO_TRAVEL_HAVERSINE;
    inst->travel.circuity = 1.3;
    inst->travel.speed_kmh = 30.0;
    if (!j || !walk(c, j, "travel", travel_spec, R_N, v))
        return;
    const char *provider = v[R_PROVIDER].ok ? v[R_PROVIDER].str : "haversine";
    char s[64];
    bool osrm = false;
    if (strcmp(provider, "matrix") == 0) {
        c->matrix = true;
        inst->travel.kind = ECO_TRAVEL_MATRIX;
        if (c->opt && c->opt->osrm_url)
            eco__jfail(&c->log, "travel.provider", "--osrm cannot be used with explicit matrices");
    } else if (strcmp(provider, "osrm") == 0) {
        osrm = true;
    } else if (strcmp(provider, "haversine") != 0) {
        eco__jfail(&c->log, "travel.provider", "expected \"haversine\", \"matrix\" or \"osrm\", got \"%s\"",
             eco__jclip(s, sizeof s, provider, 48));
    }
    if (!c->matrix && c->opt && c->opt->osrm_url)
        osrm = true; /* --osrm URL switches great-circle travel to the road network */
    static const int osrm_fields[] = {R_URL, R_PROFILE, R_BLOCK, R_PARALLEL, R_TIMEOUT, R_SNAP, R_CACHE};
    if (!osrm) {
        for (size_t k = 0; k < sizeof osrm_fields / sizeof osrm_fields[0]; k++)
            if (v[osrm_fields[k]].j) {
                char w[64];
                snprintf(w, sizeof w, "travel.%s", travel_spec[osrm_fields[k]].name);
                eco__jfail(&c->log, w, "only used with travel.provider \"osrm\"");
            }
    } else {
        bool model_says_osrm = strcmp(provider, "osrm") == 0; /* else --osrm overrides haversine */
        if (v[R_CIRCUITY].j && model_says_osrm)
            eco__jfail(&c->log, "travel.circuity", "only used with travel.provider \"haversine\"");
        if (v[R_SPEED].j && model_says_osrm)
            eco__jfail(&c->log, "travel.speed_kmh", "only used with travel.provider \"haversine\"");
        if (v[R_DURATIONS].j || v[R_DISTANCES].j)
            eco__jfail(&c->log, "travel", "durations and distances are only used with travel.provider \"matrix\"");
        const char *url = c->opt && c->opt->osrm_url ? c->opt->osrm_url : v[R_URL].ok ? v[R_URL].str : NULL;
        const char *cache = c->opt && c->opt->osrm_cache_dir ? c->opt->osrm_cache_dir
                            : v[R_CACHE].ok                 ? v[R_CACHE].str
                                                            : NULL;
        if (!url) {
            eco__jfail(&c->log, "travel.url", "required with travel.provider \"osrm\" (or give --osrm URL)");
            return;
        }
        eco_travel_spec *t = &inst->travel;
        t->kind = ECO_TRAVEL_OSRM;
        t->osrm_url = eco__strdup(url);
        t->osrm_profile = v[R_PROFILE].ok ? eco__strdup(v[R_PROFILE].str) : NULL;
        t->osrm_cache_dir = cache ? eco__strdup(cache) : NULL;
        t->osrm_block_size = v[R_BLOCK].ok ? (int)v[R_BLOCK].i : 0;
        t->osrm_parallel = v[R_PARALLEL].ok ? (int)v[R_PARALLEL].i : 0;
        t->osrm_timeout_s = v[R_TIMEOUT].ok ? v[R_TIMEOUT].num : 0;
        t->osrm_max_snap_m = v[R_SNAP].ok ? v[R_SNAP].num : -1;
        if (!t->osrm_url || (v[R_PROFILE].ok && !t->osrm_profile) || (cache && !t->osrm_cache_dir))
            eco__joom(&c->log, "travel");
        return;
    }
    if (c->matrix) {
        if (v[R_CIRCUITY].j)
            eco__jfail(&c->log, "travel.circuity", "only used with travel.provider \"haversine\"");
        if (v[R_SPEED].j)
            eco__jfail(&c->log, "travel.speed_kmh", "only used with travel.provider \"haversine\"");
        if (!v[R_DURATIONS].j)
            eco__jfail(&c->log, "travel", "missing required field \"durations\" (travel.provider is \"matrix\")");
        if (!v[R_DISTANCES].j)
            eco__jfail(&c->log, "travel", "missing required field \"distances\" (travel.provider is \"matrix\")");
        int nd = -1, nm = -1;
        int32_t *dur = v[R_DURATIONS].ok ? eco__jmatrix(&c->log, v[R_DURATIONS].j, "travel.durations", MAX_MATRIX, MAX_MATRIX_VALUE, false, &nd) : NULL;
        int32_t *dist = v[R_DISTANCES].ok ? eco__jmatrix(&c->log, v[R_DISTANCES].j, "travel.distances", MAX_MATRIX, MAX_MATRIX_VALUE, false, &nm) : NULL;
        if (dur && dist && nd != nm)
            eco__jfail(&c->log, "travel.distances", "has %d rows but travel.durations has %d (both are N x N)", nm, nd);
        if (dur && dist && nd == nm) {
            c->n_matrix = nd;
            inst->dur = dur;
            inst->dist = dist;
            for (int i = 0; i < nd; i++)
                if (eco__instance_add_loc(inst, 0.0, 0.0) < 0) {
                    eco__joom(&c->log, "travel");
                    c->n_matrix = -1;
                    break;
                }
        } else {
            free(dur);
            free(dist);
        }
        return;
    }
    if (v[R_DURATIONS].j)
        eco__jfail(&c->log, "travel.durations", "only used with travel.provider \"matrix\"");
    if (v[R_DISTANCES].j)
        eco__jfail(&c->log, "travel.distances", "only used with travel.provider \"matrix\"");
    if (v[R_CIRCUITY].ok)
        inst->travel.circuity = v[R_CIRCUITY].num;
    if (v[R_SPEED].ok)
        inst->travel.speed_kmh = v[R_SPEED].num;
}

/* Adds a material name met in the model (implicit materials list). */
static void gather(ctx *c, json_t *name, const char *where)
{
    if (!json_is_string(name) || json_string_length(name) == 0 || json_string_length(name) > MAX_ID_LEN)
        return; /* reported later */
    const char *s = json_string_value(name);
    for (int m = 0; m < c->inst->n_materials; m++)
        if (strcmp(c->inst->material_names[m], s) == 0)
            return;
    if (c->inst->n_materials >= ECO_MAX_MATERIALS) {
        eco__jfail(&c->log, where, "more than %d materials", ECO_MAX_MATERIALS);
        return;
    }
    if (eco__instance_material(c->inst, s) < 0)
        eco__joom(&c->log, where);
}

static void gather_names(ctx *c, json_t *names, const char *where)
{
    char p[ECO_JPATH_LEN];
    for (size_t i = 0; json_is_array(names) && i < json_array_size(names); i++)
        gather(c, json_array_get(names, i), eco__jidx(p, where, i));
}

/* The materials: the top-level list when given, else every name met in
 * boxes, vehicles and facilities, else "mixed". */
static void read_materials(ctx *c, json_t *list, json_t *boxes, json_t *vehicles, json_t *facilities)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN], d[80], s[64];
    eco_instance *inst = c->inst;
    if (list) {
        if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > ECO_MAX_MATERIALS) {
            eco__jfail(&c->log, "materials", "expected an array of 1 to %d material names, got %s", ECO_MAX_MATERIALS,
                 eco__jdesc(list, d, sizeof d));
        } else {
            bool ok = true;
            for (size_t i = 0; i < json_array_size(list); i++) {
                json_t *x = json_array_get(list, i);
                const char *name;
                if (!get_string(c, x, eco__jidx(p, "materials", i), K_ID, &name)) {
                    ok = false;
                    continue;
                }
                for (int m = 0; m < inst->n_materials; m++)
                    if (strcmp(inst->material_names[m], name) == 0) {
                        eco__jfail(&c->log, p, "duplicate material \"%s\"", eco__jclip(s, sizeof s, name, 48));
                        ok = false;
                    }
                if (eco__instance_material(inst, name) < 0)
                    eco__joom(&c->log, p);
            }
            if (ok)
                return;
        }
        /* invalid list: fall back to the names used, to limit follow-on errors */
        for (int m = 0; m < inst->n_materials; m++)
            free(inst->material_names[m]);
        inst->n_materials = 0;
    }
    for (size_t i = 0; json_is_array(boxes) && i < json_array_size(boxes); i++) {
        json_t *b = json_array_get(boxes, i);
        gather(c, json_object_get(b, "material"), eco__jkey(q, eco__jidx(p, "boxes", i), "material"));
    }
    for (size_t i = 0; json_is_array(vehicles) && i < json_array_size(vehicles); i++) {
        json_t *veh = json_array_get(vehicles, i), *cap = json_object_get(veh, "capacity_kg");
        char r[ECO_JPATH_LEN];
        eco__jidx(p, "vehicles", i);
        gather_names(c, json_object_get(veh, "materials"), eco__jkey(q, p, "materials"));
        const char *key;
        json_t *val;
        if (json_is_object(cap))
            json_object_foreach(cap, key, val) {
                json_t *name = json_string(key);
                if (!name) {
                    eco__joom(&c->log, p);
                    break;
                }
                gather(c, name, eco__jkey(r, eco__jkey(q, p, "capacity_kg"), key));
                json_decref(name);
            }
    }
    for (size_t i = 0; json_is_array(facilities) && i < json_array_size(facilities); i++)
        gather_names(c, json_object_get(json_array_get(facilities, i), "accepts"),
                     eco__jkey(q, eco__jidx(p, "facilities", i), "accepts"));
    if (inst->n_materials == 0 && eco__instance_material(inst, "mixed") < 0)
        eco__joom(&c->log, "materials");
}

static void read_depots(ctx *c, json_t *a)
{
    char p[ECO_JPATH_LEN];
    eco_instance *inst = c->inst;
    size_t n = json_array_size(a);
    if (n == 0) {
        eco__jfail(&c->log, "depots", "at least one depot is required");
        return;
    }
    if (n > MAX_DEPOTS) {
        eco__jfail(&c->log, "depots", "at most %d depots, got %zu", MAX_DEPOTS, n);
        return;
    }
    inst->depots = calloc(n, sizeof *inst->depots);
    if (!inst->depots) {
        eco__joom(&c->log, "depots");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        fval v[D_N];
        eco__jidx(p, "depots", i);
        bool obj = walk(c, json_array_get(a, i), p, depot_spec, D_N, v);
        eco_depot *d = &inst->depots[inst->n_depots];
        d->id = eco__strdup(v[D_ID].ok ? v[D_ID].str : "");
        if (!d->id) {
            eco__joom(&c->log, p);
            return;
        }
        inst->n_depots++;
        if (!obj)
            continue;
        d->loc = entity_loc(c, p, &v[D_LOCATION], &v[D_LOCATION_INDEX]);
        d->open = v[D_TIME_WINDOW].ok ? v[D_TIME_WINDOW].w[0] : 0;
        d->close = v[D_TIME_WINDOW].ok ? v[D_TIME_WINDOW].w[1] : (int64_t)DAY_S;
    }
}

static void read_facilities(ctx *c, json_t *a)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN];
    eco_instance *inst = c->inst;
    size_t n = json_array_size(a);
    if (n > MAX_FACILITIES) {
        eco__jfail(&c->log, "facilities", "at most %d facilities, got %zu", MAX_FACILITIES, n);
        return;
    }
    if (n == 0)
        return;
    inst->facilities = calloc(n, sizeof *inst->facilities);
    if (!inst->facilities) {
        eco__joom(&c->log, "facilities");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        fval v[F_N];
        eco__jidx(p, "facilities", i);
        bool obj = walk(c, json_array_get(a, i), p, facility_spec, F_N, v);
        eco_facility *f = &inst->facilities[inst->n_facilities];
        f->id = eco__strdup(v[F_ID].ok ? v[F_ID].str : "");
        f->kind = eco__strdup(v[F_KIND].ok ? v[F_KIND].str : "facility");
        if (!f->id || !f->kind) {
            free(f->id);
            free(f->kind);
            eco__joom(&c->log, p);
            return;
        }
        inst->n_facilities++;
        if (!obj)
            continue;
        f->loc = entity_loc(c, p, &v[F_LOCATION], &v[F_LOCATION_INDEX]);
        if (v[F_ACCEPTS].ok)
            f->accepts = material_mask(c, v[F_ACCEPTS].j, eco__jkey(q, p, "accepts"));
        f->unload_time = v[F_UNLOAD].ok ? llround(v[F_UNLOAD].num) : 0;
        f->open = v[F_HOURS].ok ? v[F_HOURS].w[0] : 0;
        f->close = v[F_HOURS].ok ? v[F_HOURS].w[1] : (int64_t)DAY_S;
    }
}

static void read_box(ctx *c, json_t *j, const char *p, eco_box *b)
{
    fval v[X_N];
    char q[ECO_JPATH_LEN];
    eco_instance *inst = c->inst;
    b->file_id = -1;
    if (!walk(c, j, p, box_spec, X_N, v))
        return;
    b->loc = entity_loc(c, p, &v[X_LOCATION], &v[X_LOCATION_INDEX]);
    /* material */
    if (v[X_MATERIAL].ok) {
        int m = material_ref(c, eco__jkey(q, p, "material"), v[X_MATERIAL].str);
        b->material = m < 0 ? 0 : m;
    } else if (!v[X_MATERIAL].j && inst->n_materials > 1) {
        eco__jfail(&c->log, p, "missing required field \"material\" (the model has %d materials)", inst->n_materials);
    }
    /* load: load_kg, else capacity_kg x fill */
    double cap = v[X_CAPACITY].ok ? v[X_CAPACITY].num : NAN;
    double fill = v[X_FILL].ok ? v[X_FILL].num : NAN;
    double rate = v[X_FILL_RATE].ok ? v[X_FILL_RATE].num : NAN;
    double load_kg = 0.0;
    if (v[X_LOAD].ok)
        load_kg = v[X_LOAD].num;
    else if (v[X_CAPACITY].ok && v[X_FILL].ok)
        load_kg = cap * fill;
    else if (!v[X_LOAD].j && !(v[X_CAPACITY].j && v[X_FILL].j))
        eco__jfail(&c->log, p, "missing load: give \"load_kg\", or \"capacity_kg\" and \"fill\"");
    b->demand = kg_to_units(load_kg);
    b->capacity_kg = cap;
    b->fill = fill;
    b->fill_rate_per_day = rate;
    b->predicted_fill = isnan(fill) ? NAN : fill + (isnan(rate) ? 0.0 : rate) * c->horizon_days;
    /* need: `mandatory` overrides the fill rule; no fill information: mandatory */
    if (v[X_MANDATORY].ok)
        b->need = v[X_MANDATORY].num != 0 ? ECO_BOX_MANDATORY : ECO_BOX_OPTIONAL;
    else if (isnan(fill) || fill >= c->fill_threshold - EPS)
        b->need = ECO_BOX_MANDATORY;
    else if (b->predicted_fill >= c->fill_threshold - EPS)
        b->need = ECO_BOX_OPTIONAL;
    else
        b->need = ECO_BOX_SKIP;
    b->prize = v[X_PRIZE].ok ? v[X_PRIZE].num : c->prize_per_kg * load_kg;
    b->service = v[X_SERVICE].ok ? llround(v[X_SERVICE].num) : 0;
    b->tw_open = v[X_TIME_WINDOW].ok ? v[X_TIME_WINDOW].w[0] : 0;
    b->tw_close = v[X_TIME_WINDOW].ok ? v[X_TIME_WINDOW].w[1] : ECO_TIME_INF;
}

static void read_boxes(ctx *c, json_t *a)
{
    char p[ECO_JPATH_LEN];
    eco_instance *inst = c->inst;
    size_t n = json_array_size(a);
    if (n > MAX_BOXES) {
        eco__jfail(&c->log, "boxes", "at most %d boxes, got %zu", MAX_BOXES, n);
        return;
    }
    if (n == 0)
        return;
    inst->boxes = calloc(n, sizeof *inst->boxes);
    id_ref *refs = malloc(n * sizeof *refs);
    if (!inst->boxes || !refs) {
        free(refs);
        eco__joom(&c->log, "boxes");
        return;
    }
    int n_refs = 0;
    for (size_t i = 0; i < n; i++) {
        eco_box *b = &inst->boxes[inst->n_boxes];
        json_t *j = json_array_get(a, i);
        json_t *id = json_object_get(j, "id");
        b->id = eco__strdup(json_is_string(id) ? json_string_value(id) : "");
        if (!b->id) {
            eco__joom(&c->log, "boxes");
            break;
        }
        inst->n_boxes++;
        read_box(c, j, eco__jidx(p, "boxes", i), b);
        if (json_is_string(id) && json_string_length(id) > 0)
            refs[n_refs++] = (id_ref){b->id, (int)i};
    }
    check_duplicates(c, "boxes", refs, n_refs);
    free(refs);
}

/* Capacity: a number (shared body) or {material: kg} (compartments). Returns
 * the mask of compartments (0 for a shared body or when invalid). */
static uint32_t read_capacity(ctx *c, json_t *j, const char *where, eco_vehicle *veh)
{
    char d[80], p[ECO_JPATH_LEN];
    for (int m = 0; m < ECO_MAX_MATERIALS; m++)
        veh->cap[m] = ECO_TIME_INF;
    veh->cap_total = ECO_TIME_INF;
    if (json_is_number(j)) {
        double kg = json_number_value(j);
        if (!(kg > 0.0 && kg <= MAX_KG))
            eco__jfail(&c->log, where, "expected a positive number (at most %.10g) or an object of materials, got %s", MAX_KG,
                 eco__jdesc(j, d, sizeof d));
        else
            veh->cap_total = kg_to_units(kg);
        return 0;
    }
    if (!json_is_object(j) || json_object_size(j) == 0) {
        eco__jfail(&c->log, where, "expected a positive number or an object of materials, got %s", eco__jdesc(j, d, sizeof d));
        return 0;
    }
    uint32_t mask = 0;
    for (int m = 0; m < ECO_MAX_MATERIALS; m++)
        veh->cap[m] = 0;
    const char *key;
    json_t *val;
    json_object_foreach(j, key, val) {
        eco__jkey(p, where, key);
        int m = material_ref(c, p, key);
        double kg = json_is_number(val) ? json_number_value(val) : -1.0;
        if (!(kg > 0.0 && kg <= MAX_KG)) {
            eco__jfail(&c->log, p, "expected a number in (0, %.10g], got %s", MAX_KG, eco__jdesc(val, d, sizeof d));
            continue;
        }
        if (m >= 0) {
            veh->cap[m] = kg_to_units(kg);
            mask |= 1u << m;
        }
    }
    return mask;
}

/* One vehicle type into *veh (its id is set by the caller); returns the count. */
static int read_vehicle(ctx *c, json_t *j, const char *p, eco_vehicle *veh, const char **id)
{
    fval v[V_N], cv[C_N], bv[B_N];
    char q[ECO_JPATH_LEN], s[64];
    eco_instance *inst = c->inst;
    walk(c, j, p, vehicle_spec, V_N, v);
    *id = v[V_ID].ok ? v[V_ID].str : "";
    veh->start_depot = 0;
    if (v[V_DEPOT].ok && inst->n_depots > 0) {
        int d = depot_ref(c, eco__jkey(q, p, "depot"), v[V_DEPOT].str);
        veh->start_depot = d < 0 ? 0 : d;
    }
    veh->end_depot = veh->start_depot;
    if (v[V_END_DEPOT].ok && inst->n_depots > 0) {
        int d = depot_ref(c, eco__jkey(q, p, "end_depot"), v[V_END_DEPOT].str);
        veh->end_depot = d < 0 ? 0 : d;
    }
    uint32_t all = (1u << inst->n_materials) - 1u; /* n_materials <= ECO_MAX_MATERIALS */
    uint32_t compartments = 0;
    if (v[V_CAPACITY].j)
        compartments = read_capacity(c, v[V_CAPACITY].j, eco__jkey(q, p, "capacity_kg"), veh);
    veh->materials = compartments ? compartments : all;
    if (v[V_MATERIALS].ok) {
        veh->materials = material_mask(c, v[V_MATERIALS].j, eco__jkey(q, p, "materials"));
        uint32_t extra = compartments ? veh->materials & ~compartments : 0;
        for (int m = 0; m < inst->n_materials; m++)
            if ((extra >> m) & 1u)
                eco__jfail(&c->log, q, "\"%s\" has no compartment in capacity_kg", eco__jclip(s, sizeof s, inst->material_names[m], 48));
    }
    veh->shift_start = v[V_SHIFT].ok ? v[V_SHIFT].w[0] : 0;
    veh->shift_end = v[V_SHIFT].ok ? v[V_SHIFT].w[1] : (int64_t)DAY_S;
    veh->max_duration = v[V_MAX_DURATION].ok ? llround(v[V_MAX_DURATION].num) : ECO_TIME_INF;
    veh->max_distance = v[V_MAX_DISTANCE].ok ? llround(v[V_MAX_DISTANCE].num) : ECO_TIME_INF;
    veh->fixed_cost = 0.0;
    veh->cost_per_dist = 1.0 / 1000.0;
    veh->cost_per_time = 0.0;
    if (v[V_COSTS].ok) {
        walk(c, v[V_COSTS].j, eco__jkey(q, p, "costs"), costs_spec, C_N, cv);
        if (cv[C_FIXED].ok) veh->fixed_cost = cv[C_FIXED].num;
        if (cv[C_PER_KM].ok) veh->cost_per_dist = cv[C_PER_KM].num / 1000.0;
        if (cv[C_PER_HOUR].ok) veh->cost_per_time = cv[C_PER_HOUR].num / 3600.0;
    }
    veh->has_break = false;
    if (v[V_BREAK].ok) {
        walk(c, v[V_BREAK].j, eco__jkey(q, p, "break"), break_spec, B_N, bv);
        veh->has_break = bv[B_DURATION].ok;
        veh->break_duration = bv[B_DURATION].ok ? llround(bv[B_DURATION].num) : 0;
        veh->break_start_min = bv[B_START_WINDOW].ok ? bv[B_START_WINDOW].w[0] : veh->shift_start;
        veh->break_start_max = bv[B_START_WINDOW].ok ? bv[B_START_WINDOW].w[1] : veh->shift_end;
    }
    veh->max_stops = v[V_MAX_STOPS].ok ? (int)v[V_MAX_STOPS].i : INT32_MAX;
    veh->max_day_load = v[V_MAX_DAY_LOAD].ok ? kg_to_units(v[V_MAX_DAY_LOAD].num) : ECO_TIME_INF;
    return v[V_COUNT].ok ? (int)v[V_COUNT].i : 1;
}

static void read_vehicles(ctx *c, json_t *a)
{
    char p[ECO_JPATH_LEN];
    eco_instance *inst = c->inst;
    size_t n = json_array_size(a);
    if (n == 0) {
        eco__jfail(&c->log, "vehicles", "at least one vehicle is required");
        return;
    }
    if (n > MAX_VEHICLE_TYPES) {
        eco__jfail(&c->log, "vehicles", "at most %d vehicles, got %zu", MAX_VEHICLE_TYPES, n);
        return;
    }
    int cap = 0, fleet = 0, n_refs = 0;
    id_ref *refs = NULL;
    for (size_t i = 0; i < n; i++) {
        eco_vehicle tpl;
        const char *id;
        memset(&tpl, 0, sizeof tpl);
        eco__jidx(p, "vehicles", i);
        int count = read_vehicle(c, json_array_get(a, i), p, &tpl, &id);
        fleet += count;
        if (fleet > MAX_FLEET) {
            eco__jfail(&c->log, p, "the fleet has more than %d vehicles (counts included)", MAX_FLEET);
            break;
        }
        if (fleet > cap) {
            int ncap = cap ? cap : 16;
            while (ncap < fleet)
                ncap *= 2;
            eco_vehicle *nv = realloc(inst->vehicles, (size_t)ncap * sizeof *nv);
            if (nv)
                inst->vehicles = nv;
            id_ref *nr = realloc(refs, (size_t)ncap * sizeof *nr);
            if (nr)
                refs = nr;
            if (!nv || !nr) {
                eco__joom(&c->log, "vehicles");
                break;
            }
            cap = ncap;
        }
        for (int k = 1; k <= count; k++) {
            eco_vehicle *veh = &inst->vehicles[inst->n_vehicles];
            char vid[MAX_ID_LEN + 16];
            if (count > 1)
                snprintf(vid, sizeof vid, "%s#%d", id, k);
            else
                snprintf(vid, sizeof vid, "%s", id);
            *veh = tpl;
            veh->id = eco__strdup(vid);
            if (!veh->id) {
                eco__joom(&c->log, p);
                goto dups;
            }
            if (*id) /* invalid ids were reported already */
                refs[n_refs++] = (id_ref){veh->id, (int)i};
            inst->n_vehicles++;
        }
    }
dups:
    /* ids of the expanded fleet must be unique ("a#1" may meet a copy of "a") */
    check_duplicates(c, "vehicles", refs, n_refs);
    free(refs);
}

static void check_entity_duplicates(ctx *c)
{
    eco_instance *inst = c->inst;
    int n = inst->n_depots > inst->n_facilities ? inst->n_depots : inst->n_facilities;
    if (n < 2)
        return;
    id_ref *refs = malloc((size_t)n * sizeof *refs);
    if (!refs) {
        eco__joom(&c->log, "depots");
        return;
    }
    int k = 0;
    for (int i = 0; i < inst->n_depots; i++)
        if (inst->depots[i].id[0])
            refs[k++] = (id_ref){inst->depots[i].id, i};
    check_duplicates(c, "depots", refs, k);
    k = 0;
    for (int i = 0; i < inst->n_facilities; i++)
        if (inst->facilities[i].id[0])
            refs[k++] = (id_ref){inst->facilities[i].id, i};
    check_duplicates(c, "facilities", refs, k);
    free(refs);
}

/* ---- entry point ---- */

/* Parses the native JSON model in data[0..len). On ECO_OK *out is a new
 * instance (the caller destroys it). Errors: ECO_EINPUT with every problem in
 * err, each "PATH: reason" ("NAME:LINE:COLUMN" for a syntax error);
 * ECO_EINTERNAL when out of memory. Thread-safe. */
eco_status eco__read_json_model(const char *data, size_t len, const char *name, const eco_load_options *opt,
                                eco_instance **out, eco_error *err)
{
    *out = NULL;
    if (!name)
        name = "<input>";
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        char where[ECO_JPATH_LEN + 40];
        snprintf(where, sizeof where, "%.*s:%d:%d", ECO_JPATH_LEN, name, jerr.line, jerr.column);
        return eco__error(err, ECO_EINPUT, where, "invalid JSON: %s", jerr.text);
    }
    ctx c = {.log = {.err = err, .name = name}, .n_matrix = -1, .opt = opt};
    eco_status st = ECO_OK;
    c.inst = eco__instance_new(ECO_FORMAT_JSON, "");
    if (!c.inst) {
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
        goto out;
    }
    eco_instance *inst = c.inst;
    inst->coord_kind = ECO_COORD_GEO;
    inst->dist_unit = 1.0;
    inst->dist_unit_name = "m";
    inst->time_unit = 1.0;
    inst->time_unit_name = "s";
    inst->load_unit = 0.001;
    inst->load_unit_name = "kg";

    fval v[T_N];
    if (!walk(&c, root, "", top_spec, T_N, v))
        goto done;
    if (v[T_NAME].ok) {
        char *nm = eco__strdup(v[T_NAME].str);
        if (!nm)
            eco__joom(&c.log, "name");
        else {
            free(inst->name);
            inst->name = nm;
        }
    }
    read_options(&c, v[T_OPTIONS].ok ? v[T_OPTIONS].j : NULL);
    inst->fill_threshold = c.fill_threshold;
    read_travel(&c, v[T_TRAVEL].ok ? v[T_TRAVEL].j : NULL);
    read_materials(&c, v[T_MATERIALS].j, v[T_BOXES].ok ? v[T_BOXES].j : NULL,
                   v[T_VEHICLES].ok ? v[T_VEHICLES].j : NULL, v[T_FACILITIES].ok ? v[T_FACILITIES].j : NULL);
    if (v[T_DEPOTS].ok)
        read_depots(&c, v[T_DEPOTS].j);
    if (v[T_FACILITIES].ok)
        read_facilities(&c, v[T_FACILITIES].j);
    if (v[T_BOXES].ok)
        read_boxes(&c, v[T_BOXES].j);
    if (v[T_VEHICLES].ok)
        read_vehicles(&c, v[T_VEHICLES].j);
    check_entity_duplicates(&c);

done:
    if (c.log.n_errors) {
        st = c.log.oom ? ECO_EINTERNAL : ECO_EINPUT;
        goto out;
    }
    /* every field is valid: the travel matrices and the cross-entity rules */
    st = eco__instance_build_travel(inst, err);
    if (st == ECO_OK)
        st = eco__instance_validate(inst, err);
out:
    json_decref(root);
    if (st != ECO_OK) {
        eco_instance_destroy(c.inst);
        return st;
    }
    *out = c.inst;
    return ECO_OK;
}
