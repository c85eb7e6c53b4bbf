/*
 * vroom_read.c - reader of VROOM's problem JSON (the API of the VROOM
 * project: jobs, shipments, vehicles, matrices per profile), extended with a
 * top-level "facilities" array, into the one in-memory instance.
 *
 * The mapping onto the model (README "VROOM input and output" has the user's
 * version):
 *  - a job is a mandatory box; its pickup amount is the load; setup is added
 *    to service (always, not only on arrival at a new place); one time window
 *    at most; deliveries must be zero (trucks collect).
 *  - amounts: with one dimension (or none) every material shares the
 *    vehicle's capacity, and materials stand for job skills: "mixed" for jobs
 *    without skills, "skill<N>" for jobs needing skill N (at most one skill a
 *    job), carried by the vehicles holding N. With k >= 2 dimensions,
 *    material "dim<i>" is dimension i, each a compartment with its own
 *    capacity; a job then has at most one non-zero amount and no skills.
 *  - vehicles: start and end (both required) become depots; time_window the
 *    shift; one break with at most one window; costs fixed, per_hour (on the
 *    whole route duration: travel, service and waiting) and per_km;
 *    max_tasks is max_stops; max_distance the route distance limit; one
 *    profile and one speed_factor for the fleet (one travel matrix).
 *  - travel: matrices[profile].durations (and distances, else distances are
 *    unknown and count 0); without matrices, the OSRM server given to the
 *    loader (--osrm), as VROOM asks its routing engine, else great-circle
 *    distance x 1.3 at 30 km/h (x speed_factor) from the locations.
 *  - facilities (extension): {id, location | location_index, setup, service
 *    (the unload time), time_windows (when unloading may start), accepts
 *    (skill ids; jobs without skills are accepted everywhere), kind,
 *    description}; trucks end their routes empty.
 * Anything else VROOM defines is refused with an error naming the field
 * ("vehicles[0].steps: not supported ..."); unknown fields are errors too.
 * Ids, descriptions, setup and service apart, priorities and which locations
 * were given are kept in inst->vroom (vroom_meta.h) for the VROOM writer.
 *
 * Like the native reader, it reports every problem it finds, each with its
 * JSON path, before giving up.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_util.h"
#include "model.h"
#include "vroom_meta.h"

/* ---- limits ---- */

#define MAX_JOBS 50000
#define MAX_VEHICLES 10000
#define MAX_FACILITIES 1000
#define MAX_MATRIX 20000
#define MAX_TIME 1e12        /* timestamps and durations, seconds */
#define MAX_AMOUNT 1e12      /* one amount component */
#define MAX_COST 1e9         /* fixed, per_hour, per_km */
#define MAX_TEXT 1000        /* descriptions, profile, type, kind */
#define MAX_SKILLS 1000      /* skills of one vehicle */

#define DEFAULT_PROFILE "car"
#define CIRCUITY 1.3         /* the native model's great-circle defaults */
#define SPEED_KMH 30.0

/* ---- reader state ---- */

typedef struct vehicle_raw {
    int64_t *skills;       /* owned */
    size_t n_skills;
} vehicle_raw;

typedef struct task_raw {
    int64_t skill;         /* jobs: the skill needed, -1 none */
    int64_t *amounts;      /* jobs: pickup; vehicles: capacity (owned, n_dims or NULL) */
    int64_t *accepts;      /* facilities: skills accepted (owned) */
    size_t n_accepts;
    bool has_accepts;
} task_raw;

typedef struct rd {
    eco_instance *inst;
    eco_vroom_meta *meta;
    eco__jlog log;         /* errors: the caller's eco_error, file name, count */
    bool matrix;           /* travel from matrices */
    int n_matrix;          /* matrix size, -1 when unknown */
    int n_dims;            /* amount arrays' length, -1 until the first one */
    char dims_where[ECO_JPATH_LEN];
    const char *profile;   /* borrowed from the JSON */
    double speed_factor;
} rd;

/* ---- field tables ---- */

typedef struct field {
    const char *name;
    const char *refusal; /* NULL: supported, read by the caller; else why it is refused */
} field;

/* Checks obj's keys against fields[0..n): a refused field is reported with
 * its reason, an unknown one as unknown; vals[k] is the value of fields[k]
 * (borrowed) or NULL. Returns false when obj is not an object. */
static bool walk(rd *r, json_t *obj, const char *path, const char *what, const field *fields, int n,
                 json_t **vals)
{
    char d[80], p[ECO_JPATH_LEN];
    for (int k = 0; k < n; k++)
        vals[k] = NULL;
    if (!json_is_object(obj)) {
        eco__jfail(&r->log, path, "expected a %s object, got %s", what, eco__jdesc(obj, d, sizeof d));
        return false;
    }
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        int k = 0;
        while (k < n && strcmp(fields[k].name, key) != 0)
            k++;
        if (k < n && !fields[k].refusal) {
            vals[k] = val;
        } else if (k < n) {
            eco__jfail(&r->log, eco__jkey(p, path, key), "not supported: %s", fields[k].refusal);
        } else {
            char list[400];
            size_t used = 0;
            list[0] = '\0';
            for (int g = 0; g < n && used < sizeof list; g++)
                if (!fields[g].refusal)
                    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
                                             fields[g].name);
            eco__jfail(&r->log, eco__jkey(p, path, key), "unknown field (%s fields: %s)", what, list);
        }
    }
    return true;
}

/* ---- typed values ---- */

static bool get_int(rd *r, json_t *j, const char *where, double lo, double hi, int64_t *out)
{
    char d[80];
    if (!json_is_integer(j) || (double)json_integer_value(j) < lo || (double)json_integer_value(j) > hi) {
        eco__jfail(&r->log, where, "expected an integer in [%.15g, %.15g], got %s", lo, hi, eco__jdesc(j, d, sizeof d));
        return false;
    }
    *out = (int64_t)json_integer_value(j);
    return true;
}

/* A number in [lo, hi] ((lo, hi] when lo_open). */
static bool get_number(rd *r, json_t *j, const char *where, double lo, double hi, bool lo_open, double *out)
{
    char d[80];
    double x = json_is_number(j) ? json_number_value(j) : NAN;
    if (!(lo_open ? x > lo : x >= lo) || !(x <= hi)) {
        eco__jfail(&r->log, where, "expected a number in %c%.15g, %.15g], got %s", lo_open ? '(' : '[', lo, hi,
             eco__jdesc(j, d, sizeof d));
        return false;
    }
    *out = x;
    return true;
}

static bool get_text(rd *r, json_t *j, const char *where, const char **out)
{
    char d[80];
    if (!json_is_string(j)) {
        eco__jfail(&r->log, where, "expected a string, got %s", eco__jdesc(j, d, sizeof d));
        return false;
    }
    if (json_string_length(j) > MAX_TEXT || strlen(json_string_value(j)) != json_string_length(j)) {
        eco__jfail(&r->log, where, "expected a string of at most %d bytes without NUL characters", MAX_TEXT);
        return false;
    }
    *out = json_string_value(j);
    return true;
}

static bool get_coords(rd *r, json_t *j, const char *where, double loc[2])
{
    char d[80];
    if (!json_is_array(j) || json_array_size(j) != 2 || !json_is_number(json_array_get(j, 0)) ||
        !json_is_number(json_array_get(j, 1))) {
        eco__jfail(&r->log, where, "expected [lon, lat] (two numbers), got %s", eco__jdesc(j, d, sizeof d));
        return false;
    }
    loc[0] = json_number_value(json_array_get(j, 0));
    loc[1] = json_number_value(json_array_get(j, 1));
    if (!(loc[0] >= -180.0 && loc[0] <= 180.0) || !(loc[1] >= -90.0 && loc[1] <= 90.0)) {
        eco__jfail(&r->log, where, "expected [lon, lat] with lon in [-180, 180] and lat in [-90, 90], got [%.6g, %.6g]", loc[0],
             loc[1]);
        return false;
    }
    return true;
}

/* [start, end] of integer seconds, start <= end. */
static bool get_window(rd *r, json_t *j, const char *where, int64_t w[2])
{
    char d[80], p[ECO_JPATH_LEN];
    if (!json_is_array(j) || json_array_size(j) != 2) {
        eco__jfail(&r->log, where, "expected a time window [start, end], got %s", eco__jdesc(j, d, sizeof d));
        return false;
    }
    bool ok = get_int(r, json_array_get(j, 0), eco__jidx(p, where, 0), 0, MAX_TIME, &w[0]);
    ok = get_int(r, json_array_get(j, 1), eco__jidx(p, where, 1), 0, MAX_TIME, &w[1]) && ok;
    if (ok && w[1] < w[0]) {
        eco__jfail(&r->log, where, "ends (%lld) before it starts (%lld)", (long long)w[1], (long long)w[0]);
        return false;
    }
    return ok;
}

/* "time_windows": an array of windows, of which the model takes one. */
static bool get_windows(rd *r, json_t *j, const char *where, const char *what, int64_t w[2])
{
    char d[80], p[ECO_JPATH_LEN];
    if (!json_is_array(j)) {
        eco__jfail(&r->log, where, "expected an array of time windows, got %s", eco__jdesc(j, d, sizeof d));
        return false;
    }
    if (json_array_size(j) != 1) {
        if (json_array_size(j) == 0)
            eco__jfail(&r->log, where, "expected one time window [start, end], got an empty array");
        else
            eco__jfail(&r->log, where, "not supported: several time windows for one %s (got %zu; ecoroute takes one)", what,
                 json_array_size(j));
        return false;
    }
    return get_window(r, json_array_get(j, 0), eco__jidx(p, where, 0), w);
}

/* An array of non-negative integers (skills); *out is new (NULL when empty). */
static bool get_int_array(rd *r, json_t *j, const char *where, double hi, size_t max, int64_t **out, size_t *n)
{
    char d[80], p[ECO_JPATH_LEN];
    *out = NULL;
    *n = 0;
    if (!json_is_array(j) || json_array_size(j) > max) {
        eco__jfail(&r->log, where, "expected an array of at most %zu integers, got %s", max, eco__jdesc(j, d, sizeof d));
        return false;
    }
    size_t len = json_array_size(j);
    if (len == 0)
        return true;
    int64_t *v = malloc(len * sizeof *v);
    if (!v) {
        eco__joom(&r->log, where);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < len; i++)
        ok = get_int(r, json_array_get(j, i), eco__jidx(p, where, i), 0, hi, &v[i]) && ok;
    if (!ok) {
        free(v);
        return false;
    }
    *out = v;
    *n = len;
    return true;
}

/* An amount array (capacity, pickup, delivery): every one has the same
 * length. *out is new, NULL for an empty array. */
static bool get_amounts(rd *r, json_t *j, const char *where, int64_t **out)
{
    size_t n;
    if (!get_int_array(r, j, where, MAX_AMOUNT, ECO_MAX_MATERIALS * 64, out, &n))
        return false;
    if (r->n_dims < 0) {
        r->n_dims = (int)n;
        snprintf(r->dims_where, sizeof r->dims_where, "%s", where);
    } else if ((int)n != r->n_dims) {
        eco__jfail(&r->log, where, "has %zu amounts but %s has %d (every amount array has the same length)", n, r->dims_where,
             r->n_dims);
        free(*out);
        *out = NULL;
        return false;
    }
    return true;
}

/* ---- locations ---- */

/* The location of an entity: coords_key ("location", "start", "end") or
 * index_key ("location_index", ...). With matrices the index is required and
 * the coordinates only kept for the output; without, the coordinates make a
 * new location. Returns the location, or -1 after an error (reported). */
static int entity_loc(rd *r, const char *path, json_t *coords, const char *coords_key, json_t *index,
                      const char *index_key, bool *has_location, int *given_index)
{
    char p[ECO_JPATH_LEN];
    double c[2] = {0.0, 0.0};
    bool have_c = coords && get_coords(r, coords, eco__jkey(p, path, coords_key), c);
    *has_location = have_c;
    *given_index = -1;
    if (r->matrix) {
        int64_t i;
        if (!index) {
            eco__jfail(&r->log, path, "missing \"%s\" (matrices are given, so locations are matrix indices)", index_key);
            return -1;
        }
        if (!get_int(r, index, eco__jkey(p, path, index_key), 0, MAX_MATRIX - 1, &i))
            return -1;
        if (r->n_matrix >= 0 && i >= r->n_matrix) {
            eco__jfail(&r->log, p, "expected an index below %d (the matrix size), got %lld", r->n_matrix, (long long)i);
            return -1;
        }
        if (r->n_matrix < 0)
            return -1;
        *given_index = (int)i;
        if (have_c) {
            r->inst->loc_x[i] = c[0];
            r->inst->loc_y[i] = c[1];
        }
        return (int)i;
    }
    if (index)
        eco__jfail(&r->log, eco__jkey(p, path, index_key), "only used with \"matrices\" (travel here comes from the locations)");
    if (!coords) {
        eco__jfail(&r->log, path, "missing \"%s\" (no matrices are given)", coords_key);
        return -1;
    }
    if (!have_c)
        return -1;
    int l = eco__instance_add_loc(r->inst, c[0], c[1]);
    if (l < 0)
        eco__joom(&r->log, path);
    return l;
}

/* The depot at location loc, made when new ("depot1", "depot2", ...); 0
 * when loc is -1 (an error reported already). */
static int depot_at(rd *r, int loc, const char *where)
{
    eco_instance *inst = r->inst;
    if (loc < 0)
        return 0;
    for (int d = 0; d < inst->n_depots; d++) {
        int l = inst->depots[d].loc;
        if (l == loc || (!r->matrix && inst->loc_x[l] == inst->loc_x[loc] && inst->loc_y[l] == inst->loc_y[loc]))
            return d;
    }
    char id[32];
    snprintf(id, sizeof id, "depot%d", inst->n_depots + 1);
    eco_depot *dep = &inst->depots[inst->n_depots];
    dep->id = eco__strdup(id);
    if (!dep->id) {
        eco__joom(&r->log, where);
        return 0;
    }
    dep->loc = loc;
    dep->open = 0;
    dep->close = ECO_TIME_INF;
    return inst->n_depots++;
}

/* ---- matrices ---- */

enum { M_DURATIONS, M_DISTANCES, M_COSTS, M_N };
static const field matrix_fields[M_N] = {
    [M_DURATIONS] = {"durations", NULL},
    [M_DISTANCES] = {"distances", NULL},
    [M_COSTS] = {"costs", "custom cost matrices (costs come from the vehicles' per_hour and per_km)"},
};

static void read_matrices(rd *r, json_t *m)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN], d[80], s[64];
    eco_instance *inst = r->inst;
    if (!json_is_object(m)) {
        eco__jfail(&r->log, "matrices", "expected an object of profiles, got %s", eco__jdesc(m, d, sizeof d));
        return;
    }
    const char *key;
    json_t *val;
    json_object_foreach(m, key, val) {
        if (strcmp(key, r->profile) != 0)
            eco__jfail(&r->log, eco__jkey(p, "matrices", key), "no vehicle uses this profile (the vehicles use \"%s\")",
                 eco__jclip(s, sizeof s, r->profile, sizeof s));
    }
    json_t *entry = json_object_get(m, r->profile);
    if (!entry) {
        eco__jfail(&r->log, "matrices", "no matrices for profile \"%s\" (the vehicles' profile)", eco__jclip(s, sizeof s, r->profile, sizeof s));
        return;
    }
    r->matrix = true;
    r->meta->matrix = true;
    json_t *v[M_N];
    eco__jkey(p, "matrices", r->profile);
    if (!walk(r, entry, p, "matrices entry", matrix_fields, M_N, v))
        return;
    if (!v[M_DURATIONS]) {
        eco__jfail(&r->log, p, "missing \"durations\" (ecoroute needs travel times; distances alone are not enough)");
        return;
    }
    int nd = -1, nm = -1;
    int32_t *dur = eco__jmatrix(&r->log, v[M_DURATIONS], eco__jkey(q, p, "durations"), MAX_MATRIX, INT32_MAX, true, &nd);
    int32_t *dist = v[M_DISTANCES] ? eco__jmatrix(&r->log, v[M_DISTANCES], eco__jkey(q, p, "distances"), MAX_MATRIX, INT32_MAX, true, &nm) : NULL;
    if (dur && dist && nd != nm)
        eco__jfail(&r->log, eco__jkey(q, p, "distances"), "has %d rows but durations has %d (both are N x N)", nm, nd);
    if (!dur || (v[M_DISTANCES] && (!dist || nd != nm))) {
        free(dur);
        free(dist);
        return;
    }
    r->meta->has_distances = dist != NULL;
    if (!dist) {
        /* distances unknown: they count 0 (per_km and max_distance are refused) */
        dist = calloc((size_t)nd * (size_t)nd, sizeof *dist);
        if (!dist) {
            free(dur);
            eco__joom(&r->log, p);
            return;
        }
    }
    /* speed_factor: travel times divided by it, rounded to the second */
    if (r->speed_factor != 1.0)
        for (size_t i = 0; i < (size_t)nd * (size_t)nd; i++) {
            double t = floor((double)dur[i] / r->speed_factor + 0.5);
            if (t > INT32_MAX) {
                eco__jfail(&r->log, eco__jkey(q, p, "durations"), "a duration divided by speed_factor %g exceeds %d", r->speed_factor,
                     INT32_MAX);
                free(dur);
                free(dist);
                return;
            }
            dur[i] = (int32_t)t;
        }
    inst->dur = dur;
    inst->dist = dist;
    r->n_matrix = nd;
    for (int i = 0; i < nd; i++)
        if (eco__instance_add_loc(inst, 0.0, 0.0) < 0) {
            eco__joom(&r->log, p);
            r->n_matrix = -1;
            return;
        }
}

/* ---- vehicles ---- */

enum {
    V_ID, V_PROFILE, V_DESCRIPTION, V_START, V_START_INDEX, V_END, V_END_INDEX, V_CAPACITY, V_COSTS, V_SKILLS,
    V_TYPE, V_TIME_WINDOW, V_BREAKS, V_SPEED_FACTOR, V_MAX_TASKS, V_MAX_TRAVEL_TIME, V_MAX_DISTANCE, V_STEPS, V_N
};
static const field vehicle_fields[V_N] = {
    [V_ID] = {"id", NULL},
    [V_PROFILE] = {"profile", NULL},
    [V_DESCRIPTION] = {"description", NULL},
    [V_START] = {"start", NULL},
    [V_START_INDEX] = {"start_index", NULL},
    [V_END] = {"end", NULL},
    [V_END_INDEX] = {"end_index", NULL},
    [V_CAPACITY] = {"capacity", NULL},
    [V_COSTS] = {"costs", NULL},
    [V_SKILLS] = {"skills", NULL},
    [V_TYPE] = {"type", NULL},
    [V_TIME_WINDOW] = {"time_window", NULL},
    [V_BREAKS] = {"breaks", NULL},
    [V_SPEED_FACTOR] = {"speed_factor", NULL},
    [V_MAX_TASKS] = {"max_tasks", NULL},
    [V_MAX_TRAVEL_TIME] = {"max_travel_time",
                           "ecoroute limits the whole route duration (travel, service and waiting), not the travel "
                           "time alone; bound the route with the vehicle's time_window instead"},
    [V_MAX_DISTANCE] = {"max_distance", NULL},
    [V_STEPS] = {"steps", "custom routes (vehicle steps and plan mode) are not supported yet"},
};

enum { C_FIXED, C_PER_HOUR, C_PER_KM, C_PER_TASK_HOUR, C_N };
static const field cost_fields[C_N] = {
    [C_FIXED] = {"fixed", NULL},
    [C_PER_HOUR] = {"per_hour", NULL},
    [C_PER_KM] = {"per_km", NULL},
    [C_PER_TASK_HOUR] = {"per_task_hour", NULL},
};

enum { B_ID, B_TIME_WINDOWS, B_SERVICE, B_DESCRIPTION, B_MAX_LOAD, B_N };
static const field break_fields[B_N] = {
    [B_ID] = {"id", NULL},
    [B_TIME_WINDOWS] = {"time_windows", NULL},
    [B_SERVICE] = {"service", NULL},
    [B_DESCRIPTION] = {"description", NULL},
    [B_MAX_LOAD] = {"max_load", "a load limit for taking a break is not supported"},
};

static char *dup_text(rd *r, json_t *j, const char *where)
{
    const char *s;
    if (!j || !get_text(r, j, where, &s))
        return NULL;
    char *d = eco__strdup(s);
    if (!d)
        eco__joom(&r->log, where);
    return d;
}

static void read_costs(rd *r, json_t *j, const char *path, eco_vehicle *veh)
{
    json_t *v[C_N];
    char p[ECO_JPATH_LEN];
    double x;
    /* VROOM's defaults: fixed 0, per_hour 3600 (cost = seconds), per_km 0 */
    veh->fixed_cost = 0.0;
    veh->cost_per_time = 1.0;
    veh->cost_per_dist = 0.0;
    if (!j || !walk(r, j, path, "costs", cost_fields, C_N, v))
        return;
    if (v[C_FIXED] && get_number(r, v[C_FIXED], eco__jkey(p, path, "fixed"), 0, MAX_COST, false, &x))
        veh->fixed_cost = x;
    if (v[C_PER_HOUR] && get_number(r, v[C_PER_HOUR], eco__jkey(p, path, "per_hour"), 0, MAX_COST, false, &x))
        veh->cost_per_time = x / 3600.0;
    if (v[C_PER_KM] && get_number(r, v[C_PER_KM], eco__jkey(p, path, "per_km"), 0, MAX_COST, false, &x)) {
        veh->cost_per_dist = x / 1000.0;
        if (x > 0 && !r->meta->has_distances)
            eco__jfail(&r->log, p, "needs distances: give matrices.%s.distances (ecoroute does not ask a routing engine)",
                 r->profile);
    }
    if (v[C_PER_TASK_HOUR] && get_number(r, v[C_PER_TASK_HOUR], eco__jkey(p, path, "per_task_hour"), 0, MAX_COST, false,
                                         &x) && x != 0.0)
        eco__jfail(&r->log, p, "not supported: a separate cost of task time (ecoroute's per_hour counts the whole route "
                   "duration, tasks included)");
}

static void read_break(rd *r, json_t *a, const char *path, eco_vehicle *veh, eco_vroom_vehicle *mv)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN], d[80];
    if (!json_is_array(a)) {
        eco__jfail(&r->log, path, "expected an array of breaks, got %s", eco__jdesc(a, d, sizeof d));
        return;
    }
    if (json_array_size(a) == 0)
        return;
    if (json_array_size(a) > 1) {
        eco__jfail(&r->log, path, "not supported: several breaks for one vehicle (got %zu; ecoroute takes one)",
             json_array_size(a));
        return;
    }
    json_t *v[B_N];
    eco__jidx(p, path, 0);
    if (!walk(r, json_array_get(a, 0), p, "break", break_fields, B_N, v))
        return;
    int64_t x, w[2];
    if (!v[B_ID])
        eco__jfail(&r->log, p, "missing \"id\"");
    else if (get_int(r, v[B_ID], eco__jkey(q, p, "id"), 0, 9e18, &x))
        mv->break_id = x;
    veh->has_break = true;
    veh->break_duration = 0;
    veh->break_start_min = veh->shift_start;
    veh->break_start_max = veh->shift_end;
    if (v[B_SERVICE] && get_int(r, v[B_SERVICE], eco__jkey(q, p, "service"), 0, MAX_TIME, &x))
        veh->break_duration = x;
    if (v[B_TIME_WINDOWS] && get_windows(r, v[B_TIME_WINDOWS], eco__jkey(q, p, "time_windows"), "break", w)) {
        veh->break_start_min = w[0];
        veh->break_start_max = w[1];
    }
    if (v[B_DESCRIPTION])
        mv->break_description = dup_text(r, v[B_DESCRIPTION], eco__jkey(q, p, "description"));
}

static void read_vehicle(rd *r, json_t *j, size_t i, vehicle_raw *raw, task_raw *cap)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN], s[64], t[64];
    eco_instance *inst = r->inst;
    eco_vehicle *veh = &inst->vehicles[i];
    eco_vroom_vehicle *mv = &r->meta->vehicles[i];
    json_t *v[V_N];
    int64_t x, w[2];
    double f;
    const char *str;
    eco__jidx(p, "vehicles", i);
    mv->start_index = mv->end_index = -1;
    for (int m = 0; m < ECO_MAX_MATERIALS; m++)
        veh->cap[m] = ECO_TIME_INF;
    veh->cap_total = ECO_TIME_INF;
    veh->shift_start = 0;
    veh->shift_end = ECO_TIME_INF;
    veh->max_duration = ECO_TIME_INF;
    veh->max_distance = ECO_TIME_INF;
    veh->max_stops = INT32_MAX;
    veh->max_day_load = ECO_TIME_INF;
    bool obj = walk(r, j, p, "vehicle", vehicle_fields, V_N, v);
    char id[32] = "";
    if (!v[V_ID]) {
        if (obj)
            eco__jfail(&r->log, p, "missing \"id\"");
    } else if (get_int(r, v[V_ID], eco__jkey(q, p, "id"), 0, 9e18, &x)) {
        mv->id = x;
        snprintf(id, sizeof id, "%lld", (long long)x);
    }
    veh->id = eco__strdup(id);
    if (!veh->id) {
        eco__joom(&r->log, p);
        return;
    }
    if (!obj)
        return;
    if (v[V_PROFILE] && get_text(r, v[V_PROFILE], eco__jkey(q, p, "profile"), &str) && strcmp(str, r->profile) != 0)
        eco__jfail(&r->log, q, "all vehicles must use one profile (one travel matrix): vehicles[0] uses \"%s\", this one \"%s\"",
             eco__jclip(s, sizeof s, r->profile, sizeof s), eco__jclip(t, sizeof t, str, sizeof t));
    if (!v[V_PROFILE] && strcmp(r->profile, DEFAULT_PROFILE) != 0)
        eco__jfail(&r->log, p, "all vehicles must use one profile (one travel matrix): vehicles[0] uses \"%s\", this one the "
                   "default \"%s\"", eco__jclip(s, sizeof s, r->profile, sizeof s), DEFAULT_PROFILE);
    f = 1.0;
    if (v[V_SPEED_FACTOR] && get_number(r, v[V_SPEED_FACTOR], eco__jkey(q, p, "speed_factor"), 0, 5, true, &f) &&
        f != r->speed_factor)
        eco__jfail(&r->log, q, "all vehicles must share one speed_factor (one travel matrix): vehicles[0] has %g, this one %g",
             r->speed_factor, f);
    if (!v[V_SPEED_FACTOR] && r->speed_factor != 1.0)
        eco__jfail(&r->log, p, "all vehicles must share one speed_factor (one travel matrix): vehicles[0] has %g, this one 1",
             r->speed_factor);
    if (v[V_DESCRIPTION])
        mv->description = dup_text(r, v[V_DESCRIPTION], eco__jkey(q, p, "description"));
    if (v[V_TYPE])
        mv->type = dup_text(r, v[V_TYPE], eco__jkey(q, p, "type"));
    /* start and end: both required (the model's routes go depot to depot) */
    if (!v[V_START] && !v[V_START_INDEX])
        eco__jfail(&r->log, p, "missing \"start\"%s: routes that begin at their first job are not supported yet",
             r->matrix ? " / \"start_index\"" : "");
    else
        veh->start_depot = depot_at(r,
                                    entity_loc(r, p, v[V_START], "start", v[V_START_INDEX], "start_index",
                                               &mv->start_has_location, &mv->start_index),
                                    p);
    if (!v[V_END] && !v[V_END_INDEX])
        eco__jfail(&r->log, p, "missing \"end\"%s: routes that stop at their last job are not supported yet",
             r->matrix ? " / \"end_index\"" : "");
    else
        veh->end_depot = depot_at(r,
                                  entity_loc(r, p, v[V_END], "end", v[V_END_INDEX], "end_index",
                                             &mv->end_has_location, &mv->end_index),
                                  p);
    if (v[V_CAPACITY])
        get_amounts(r, v[V_CAPACITY], eco__jkey(q, p, "capacity"), &cap->amounts);
    if (v[V_SKILLS])
        get_int_array(r, v[V_SKILLS], eco__jkey(q, p, "skills"), 9e18, MAX_SKILLS, &raw->skills, &raw->n_skills);
    if (v[V_TIME_WINDOW] && get_window(r, v[V_TIME_WINDOW], eco__jkey(q, p, "time_window"), w)) {
        veh->shift_start = w[0];
        veh->shift_end = w[1];
    }
    read_costs(r, v[V_COSTS], eco__jkey(q, p, "costs"), veh);
    if (v[V_BREAKS])
        read_break(r, v[V_BREAKS], eco__jkey(q, p, "breaks"), veh, mv);
    if (v[V_MAX_TASKS] && get_int(r, v[V_MAX_TASKS], eco__jkey(q, p, "max_tasks"), 0, INT32_MAX - 1, &x))
        veh->max_stops = (int)x;
    if (v[V_MAX_DISTANCE] && get_int(r, v[V_MAX_DISTANCE], eco__jkey(q, p, "max_distance"), 0, 1e15, &x)) {
        veh->max_distance = x;
        if (!r->meta->has_distances)
            eco__jfail(&r->log, q, "needs distances: give matrices.%s.distances (ecoroute does not ask a routing engine)",
                 r->profile);
    }
}

/* ---- facilities (the extension) ---- */

enum { F_ID, F_DESCRIPTION, F_KIND, F_LOCATION, F_LOCATION_INDEX, F_SETUP, F_SERVICE, F_TIME_WINDOWS, F_ACCEPTS, F_N };
static const field facility_fields[F_N] = {
    [F_ID] = {"id", NULL},
    [F_DESCRIPTION] = {"description", NULL},
    [F_KIND] = {"kind", NULL},
    [F_LOCATION] = {"location", NULL},
    [F_LOCATION_INDEX] = {"location_index", NULL},
    [F_SETUP] = {"setup", NULL},
    [F_SERVICE] = {"service", NULL},
    [F_TIME_WINDOWS] = {"time_windows", NULL},
    [F_ACCEPTS] = {"accepts", NULL},
};

static void read_facility(rd *r, json_t *j, size_t i, task_raw *raw)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN];
    eco_facility *f = &r->inst->facilities[i];
    eco_vroom_task *mt = &r->meta->facilities[i];
    json_t *v[F_N];
    int64_t x, w[2];
    eco__jidx(p, "facilities", i);
    mt->location_index = -1;
    bool obj = walk(r, j, p, "facility", facility_fields, F_N, v);
    char id[32] = "";
    if (!v[F_ID]) {
        if (obj)
            eco__jfail(&r->log, p, "missing \"id\"");
    } else if (get_int(r, v[F_ID], eco__jkey(q, p, "id"), 0, 9e18, &x)) {
        mt->id = x;
        snprintf(id, sizeof id, "%lld", (long long)x);
    }
    const char *kind = "facility";
    if (v[F_KIND])
        get_text(r, v[F_KIND], eco__jkey(q, p, "kind"), &kind);
    f->id = eco__strdup(id);
    f->kind = eco__strdup(kind);
    if (!f->id || !f->kind) {
        eco__joom(&r->log, p);
        return;
    }
    if (!obj)
        return;
    if (v[F_DESCRIPTION])
        mt->description = dup_text(r, v[F_DESCRIPTION], eco__jkey(q, p, "description"));
    int loc = entity_loc(r, p, v[F_LOCATION], "location", v[F_LOCATION_INDEX], "location_index",
                         &mt->has_location, &mt->location_index);
    f->loc = loc < 0 ? 0 : loc;
    if (v[F_SETUP] && get_int(r, v[F_SETUP], eco__jkey(q, p, "setup"), 0, MAX_TIME, &x))
        mt->setup = x;
    if (v[F_SERVICE] && get_int(r, v[F_SERVICE], eco__jkey(q, p, "service"), 0, MAX_TIME, &x))
        mt->service = x;
    f->unload_time = mt->setup + mt->service;
    /* the window bounds the start of unloading; the model's closing time
     * bounds its end */
    f->open = 0;
    f->close = ECO_TIME_INF;
    if (v[F_TIME_WINDOWS] && get_windows(r, v[F_TIME_WINDOWS], eco__jkey(q, p, "time_windows"), "facility", w)) {
        f->open = w[0];
        f->close = w[1] + f->unload_time;
    }
    if (v[F_ACCEPTS]) {
        raw->has_accepts = true;
        get_int_array(r, v[F_ACCEPTS], eco__jkey(q, p, "accepts"), 9e18, MAX_SKILLS, &raw->accepts, &raw->n_accepts);
    }
}

/* ---- jobs ---- */

enum {
    J_ID, J_DESCRIPTION, J_LOCATION, J_LOCATION_INDEX, J_SETUP, J_SERVICE, J_SETUP_PER_TYPE, J_SERVICE_PER_TYPE,
    J_AMOUNT, J_DELIVERY, J_PICKUP, J_SKILLS, J_PRIORITY, J_TIME_WINDOWS, J_N
};
static const field job_fields[J_N] = {
    [J_ID] = {"id", NULL},
    [J_DESCRIPTION] = {"description", NULL},
    [J_LOCATION] = {"location", NULL},
    [J_LOCATION_INDEX] = {"location_index", NULL},
    [J_SETUP] = {"setup", NULL},
    [J_SERVICE] = {"service", NULL},
    [J_SETUP_PER_TYPE] = {"setup_per_type", "task times per vehicle type are not supported yet"},
    [J_SERVICE_PER_TYPE] = {"service_per_type", "task times per vehicle type are not supported yet"},
    [J_AMOUNT] = {"amount", "deprecated in VROOM; give \"pickup\""},
    [J_DELIVERY] = {"delivery", NULL},
    [J_PICKUP] = {"pickup", NULL},
    [J_SKILLS] = {"skills", NULL},
    [J_PRIORITY] = {"priority", NULL},
    [J_TIME_WINDOWS] = {"time_windows", NULL},
};

static void read_job(rd *r, json_t *j, size_t i, task_raw *raw)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN];
    eco_box *b = &r->inst->boxes[i];
    eco_vroom_task *mt = &r->meta->jobs[i];
    json_t *v[J_N];
    int64_t x, w[2];
    eco__jidx(p, "jobs", i);
    mt->location_index = -1;
    raw->skill = -1;
    b->file_id = -1;
    b->need = ECO_BOX_MANDATORY;
    b->tw_open = 0;
    b->tw_close = ECO_TIME_INF;
    b->capacity_kg = b->fill = b->fill_rate_per_day = b->predicted_fill = NAN;
    bool obj = walk(r, j, p, "job", job_fields, J_N, v);
    char id[32] = "";
    if (!v[J_ID]) {
        if (obj)
            eco__jfail(&r->log, p, "missing \"id\"");
    } else if (get_int(r, v[J_ID], eco__jkey(q, p, "id"), 0, 9e18, &x)) {
        mt->id = x;
        snprintf(id, sizeof id, "%lld", (long long)x);
    }
    b->id = eco__strdup(id);
    if (!b->id) {
        eco__joom(&r->log, p);
        return;
    }
    if (!obj)
        return;
    if (v[J_DESCRIPTION])
        mt->description = dup_text(r, v[J_DESCRIPTION], eco__jkey(q, p, "description"));
    int loc = entity_loc(r, p, v[J_LOCATION], "location", v[J_LOCATION_INDEX], "location_index",
                         &mt->has_location, &mt->location_index);
    b->loc = loc < 0 ? 0 : loc;
    if (v[J_SETUP] && get_int(r, v[J_SETUP], eco__jkey(q, p, "setup"), 0, MAX_TIME, &x))
        mt->setup = x;
    if (v[J_SERVICE] && get_int(r, v[J_SERVICE], eco__jkey(q, p, "service"), 0, MAX_TIME, &x))
        mt->service = x;
    b->service = mt->setup + mt->service;
    if (v[J_TIME_WINDOWS] && get_windows(r, v[J_TIME_WINDOWS], eco__jkey(q, p, "time_windows"), "job", w)) {
        b->tw_open = w[0];
        b->tw_close = w[1];
    }
    if (v[J_PRIORITY] && get_int(r, v[J_PRIORITY], eco__jkey(q, p, "priority"), 0, 100, &x))
        mt->priority = (int)x;
    if (v[J_DELIVERY]) {
        int64_t *d = NULL;
        eco__jkey(q, p, "delivery");
        if (get_amounts(r, v[J_DELIVERY], q, &d))
            for (int k = 0; k < r->n_dims; k++)
                if (d[k] != 0) {
                    eco__jfail(&r->log, q, "not supported: deliveries (ecoroute's trucks collect: give amounts as \"pickup\"; "
                               "\"delivery\" must be zero)");
                    break;
                }
        free(d);
    }
    if (v[J_PICKUP])
        get_amounts(r, v[J_PICKUP], eco__jkey(q, p, "pickup"), &raw->amounts);
    if (v[J_SKILLS]) {
        int64_t *sk = NULL;
        size_t n = 0;
        eco__jkey(q, p, "skills");
        if (get_int_array(r, v[J_SKILLS], q, 9e18, MAX_SKILLS, &sk, &n)) {
            size_t distinct = 0;
            for (size_t k = 0; k < n; k++) {
                bool seen = false;
                for (size_t l = 0; l < k; l++)
                    seen |= sk[l] == sk[k];
                distinct += !seen;
            }
            if (distinct > 1)
                eco__jfail(&r->log, q, "not supported: a job needing several skills (got %zu; each job maps to one material, "
                           "so at most one skill)", distinct);
            else if (distinct == 1)
                raw->skill = sk[0];
        }
        free(sk);
    }
}

/* ---- materials: from skills (one dimension) or from dimensions ---- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Material of skill s, -1 when no job needs it. */
static int skill_material(const eco_vroom_meta *meta, int n_materials, int64_t s)
{
    for (int m = 0; m < n_materials; m++)
        if (meta->material_skill[m] == s)
            return m;
    return -1;
}

static void build_materials(rd *r, task_raw *jobs, vehicle_raw *vehs, task_raw *caps, task_raw *facs)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN], name[32];
    eco_instance *inst = r->inst;
    eco_vroom_meta *meta = r->meta;
    int nd = r->n_dims < 0 ? 0 : r->n_dims;
    meta->n_dims = nd;
    meta->dim_mode = nd >= 2;
    meta->material_skill = malloc(ECO_MAX_MATERIALS * sizeof *meta->material_skill);
    if (!meta->material_skill) {
        eco__joom(&r->log, "jobs");
        return;
    }
    for (int v = 0; v < inst->n_vehicles; v++)
        if (nd > 0 && !caps[v].amounts && inst->vehicles[v].id)
            eco__jfail(&r->log, eco__jidx(p, "vehicles", (size_t)v), "missing \"capacity\" (amounts have %d dimensions, first in %s)",
                 nd, r->dims_where);
    if (meta->dim_mode) {
        if (nd > ECO_MAX_MATERIALS) {
            eco__jfail(&r->log, r->dims_where, "not supported: more than %d amount dimensions (got %d)", ECO_MAX_MATERIALS, nd);
            return;
        }
        for (int k = 0; k < nd; k++) {
            snprintf(name, sizeof name, "dim%d", k);
            if (eco__instance_material(inst, name) < 0) {
                eco__joom(&r->log, "jobs");
                return;
            }
            meta->material_skill[k] = -1;
        }
        for (int i = 0; i < inst->n_boxes; i++) {
            eco_box *b = &inst->boxes[i];
            b->material = 0;
            b->demand = 0;
            if (jobs[i].skill >= 0)
                eco__jfail(&r->log, eco__jkey(q, eco__jidx(p, "jobs", (size_t)i), "skills"),
                     "not supported: skills together with amounts in several dimensions (each dimension is then "
                     "a material, and a job has one)");
            int nz = 0;
            for (int k = 0; jobs[i].amounts && k < nd; k++)
                if (jobs[i].amounts[k] > 0) {
                    if (nz++ == 0) {
                        b->material = k;
                        b->demand = jobs[i].amounts[k];
                    }
                }
            if (nz > 1)
                eco__jfail(&r->log, eco__jkey(q, eco__jidx(p, "jobs", (size_t)i), "pickup"),
                     "not supported: amounts in %d dimensions for one job (each dimension is a material and a job "
                     "carries one; give at most one non-zero amount)", nz);
        }
        uint32_t all = (1u << nd) - 1u;
        for (int v = 0; v < inst->n_vehicles; v++) {
            eco_vehicle *veh = &inst->vehicles[v];
            veh->materials = all;
            veh->cap_total = ECO_TIME_INF;
            for (int k = 0; k < nd; k++)
                veh->cap[k] = caps[v].amounts ? caps[v].amounts[k] : ECO_TIME_INF;
        }
        for (int f = 0; f < inst->n_facilities; f++) {
            if (facs[f].has_accepts)
                eco__jfail(&r->log, eco__jkey(q, eco__jidx(p, "facilities", (size_t)f), "accepts"),
                     "not supported with amounts in several dimensions (a facility then takes every dimension)");
            inst->facilities[f].accepts = all;
        }
        return;
    }
    /* one dimension (or none): materials stand for skills */
    int64_t *skills = malloc(((size_t)inst->n_boxes + 1) * sizeof *skills);
    if (!skills) {
        eco__joom(&r->log, "jobs");
        return;
    }
    size_t n = 0;
    bool plain = inst->n_boxes == 0;
    for (int i = 0; i < inst->n_boxes; i++) {
        if (jobs[i].skill < 0)
            plain = true;
        else
            skills[n++] = jobs[i].skill;
    }
    qsort(skills, n, sizeof *skills, cmp_i64);
    if (plain) {
        if (eco__instance_material(inst, "mixed") < 0)
            eco__joom(&r->log, "jobs");
        meta->material_skill[0] = -1;
    }
    for (size_t k = 0; k < n && !r->log.oom; k++) {
        if (k > 0 && skills[k] == skills[k - 1])
            continue;
        if (inst->n_materials >= ECO_MAX_MATERIALS) {
            eco__jfail(&r->log, "jobs",
                 "not supported: more than %d distinct job skills%s (each is a material, and ecoroute has at most %d)",
                 ECO_MAX_MATERIALS - (plain ? 1 : 0), plain ? " besides jobs without skills" : "", ECO_MAX_MATERIALS);
            break;
        }
        snprintf(name, sizeof name, "skill%lld", (long long)skills[k]);
        int m = eco__instance_material(inst, name);
        if (m < 0) {
            eco__joom(&r->log, "jobs");
            break;
        }
        meta->material_skill[m] = skills[k];
    }
    free(skills);
    if (r->log.n_errors)
        return;
    uint32_t plain_bit = plain ? 1u : 0u;
    for (int i = 0; i < inst->n_boxes; i++) {
        eco_box *b = &inst->boxes[i];
        b->material = jobs[i].skill < 0 ? 0 : skill_material(meta, inst->n_materials, jobs[i].skill);
        b->demand = nd == 1 && jobs[i].amounts ? jobs[i].amounts[0] : 0;
    }
    for (int v = 0; v < inst->n_vehicles; v++) {
        eco_vehicle *veh = &inst->vehicles[v];
        veh->materials = plain_bit;
        for (size_t k = 0; k < vehs[v].n_skills; k++) {
            int m = skill_material(meta, inst->n_materials, vehs[v].skills[k]);
            if (m >= 0)
                veh->materials |= 1u << m;
        }
        veh->cap_total = nd == 1 && caps[v].amounts ? caps[v].amounts[0] : ECO_TIME_INF;
    }
    for (int f = 0; f < inst->n_facilities; f++) {
        eco_facility *fa = &inst->facilities[f];
        if (!facs[f].has_accepts) {
            fa->accepts = (1u << inst->n_materials) - 1u;
            continue;
        }
        fa->accepts = plain_bit;
        for (size_t k = 0; k < facs[f].n_accepts; k++) {
            int m = skill_material(meta, inst->n_materials, facs[f].accepts[k]);
            if (m >= 0)
                fa->accepts |= 1u << m;
        }
    }
}

/* Rules the model checks too, said in VROOM's terms first: a job no vehicle
 * may serve, or heavier than every vehicle that may; pickups no facility
 * takes. */
static void check_jobs(rd *r, task_raw *jobs)
{
    char p[ECO_JPATH_LEN], q[ECO_JPATH_LEN];
    eco_instance *inst = r->inst;
    for (int i = 0; i < inst->n_boxes; i++) {
        const eco_box *b = &inst->boxes[i];
        bool carried = false, fits = false, accepted = inst->n_facilities == 0;
        for (int v = 0; v < inst->n_vehicles; v++) {
            const eco_vehicle *veh = &inst->vehicles[v];
            if (!((veh->materials >> b->material) & 1u))
                continue;
            carried = true;
            fits |= b->demand <= veh->cap[b->material] && b->demand <= veh->cap_total;
        }
        for (int f = 0; f < inst->n_facilities; f++)
            accepted |= (inst->facilities[f].accepts >> b->material) & 1u;
        eco__jidx(p, "jobs", (size_t)i);
        if (!carried && jobs[i].skill >= 0)
            eco__jfail(&r->log, eco__jkey(q, p, "skills"), "no vehicle has skill %lld", (long long)jobs[i].skill);
        else if (!carried)
            eco__jfail(&r->log, p, "no vehicle may serve this job");
        else if (!fits)
            eco__jfail(&r->log, eco__jkey(q, p, "pickup"), "more than the capacity of every vehicle that may serve this job");
        if (!accepted)
            eco__jfail(&r->log, p, "no facility accepts its pickup (%s)", inst->material_names[b->material]);
    }
}

typedef struct id_ref {
    int64_t id;
    int index;
} id_ref;

static int cmp_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    if (x->id != y->id)
        return (x->id > y->id) - (x->id < y->id);
    return (x->index > y->index) - (x->index < y->index);
}

static void check_ids(rd *r, const char *kind, const eco_vroom_task *tasks, const eco_vroom_vehicle *vehs, int n,
                      const char **ids)
{
    char p[ECO_JPATH_LEN];
    if (n < 2)
        return;
    id_ref *refs = malloc((size_t)n * sizeof *refs);
    if (!refs) {
        eco__joom(&r->log, kind);
        return;
    }
    int k = 0;
    for (int i = 0; i < n; i++)
        if (ids[i][0]) /* invalid ids were reported already */
            refs[k++] = (id_ref){tasks ? tasks[i].id : vehs[i].id, i};
    qsort(refs, (size_t)k, sizeof *refs, cmp_ref);
    for (int i = 1; i < k; i++)
        if (refs[i].id == refs[i - 1].id) {
            int first = i - 1;
            while (first > 0 && refs[first - 1].id == refs[i].id)
                first--;
            snprintf(p, sizeof p, "%s[%d].id", kind, refs[i].index);
            eco__jfail(&r->log, p, "duplicate id %lld (also %s[%d])", (long long)refs[i].id, kind, refs[first].index);
        }
    free(refs);
}

static const char **id_list(rd *r, int n, const char *kind, size_t stride, const void *base)
{
    const char **ids = malloc(((size_t)n + 1) * sizeof *ids);
    if (!ids) {
        eco__joom(&r->log, kind);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        ids[i] = *(char *const *)((const char *)base + (size_t)i * stride);
    return ids;
}

/* ---- the whole problem ---- */

enum { T_JOBS, T_SHIPMENTS, T_VEHICLES, T_MATRICES, T_MATRIX, T_FACILITIES, T_N };
static const field top_fields[T_N] = {
    [T_JOBS] = {"jobs", NULL},
    [T_SHIPMENTS] = {"shipments", NULL},
    [T_VEHICLES] = {"vehicles", NULL},
    [T_MATRICES] = {"matrices", NULL},
    [T_MATRIX] = {"matrix", "deprecated in VROOM; give matrices.PROFILE.durations"},
    [T_FACILITIES] = {"facilities", NULL},
};

void eco__vroom_meta_destroy(eco_vroom_meta *meta)
{
    if (!meta)
        return;
    for (int i = 0; i < meta->n_jobs; i++)
        free(meta->jobs[i].description);
    for (int i = 0; i < meta->n_facilities; i++)
        free(meta->facilities[i].description);
    for (int i = 0; i < meta->n_vehicles; i++) {
        free(meta->vehicles[i].description);
        free(meta->vehicles[i].break_description);
        free(meta->vehicles[i].type);
    }
    free(meta->jobs);
    free(meta->facilities);
    free(meta->vehicles);
    free(meta->material_skill);
    free(meta->profile);
    free(meta);
}

bool eco__vroom_detect(const char *data, size_t len)
{
    int depth = 0;
    bool key_next = false;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '"') {
            size_t start = ++i;
            while (i < len && data[i] != '"')
                i += data[i] == '\\' ? 2 : 1;
            if (i >= len)
                return false;
            size_t n = i - start;
            if (depth == 1 && key_next &&
                ((n == 4 && memcmp(data + start, "jobs", 4) == 0) ||
                 (n == 9 && memcmp(data + start, "shipments", 9) == 0)))
                return true;
            key_next = false;
        } else if (c == '{' || c == '[') {
            if (depth == 0 && c != '{')
                return false;
            depth++;
            key_next = depth == 1;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0)
                return false;
        } else if (c == ',') {
            key_next = depth == 1;
        }
    }
    return false;
}

/* The instance name: the file's base name without ".json". */
static char *base_name(const char *name)
{
    const char *b = strrchr(name, '/');
    b = b ? b + 1 : name;
    size_t n = strlen(b);
    if (n > 5 && strcmp(b + n - 5, ".json") == 0)
        n -= 5;
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, b, n);
        s[n] = '\0';
    }
    return s;
}

static json_t *array_or_fail(rd *r, json_t *j, const char *where, size_t max)
{
    char d[80];
    if (!j)
        return NULL;
    if (!json_is_array(j)) {
        eco__jfail(&r->log, where, "expected an array, got %s", eco__jdesc(j, d, sizeof d));
        return NULL;
    }
    if (json_array_size(j) > max) {
        eco__jfail(&r->log, where, "at most %zu entries, got %zu", max, json_array_size(j));
        return NULL;
    }
    return j;
}

eco_status eco__read_vroom(const char *data, size_t len, const char *name, const eco_load_options *opt,
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
    rd r = {.log = {.err = err, .name = name}, .n_matrix = -1, .n_dims = -1, .speed_factor = 1.0};
    eco_status st = ECO_OK;
    vehicle_raw *vraw = NULL;
    task_raw *craw = NULL, *jraw = NULL, *fraw = NULL;
    size_t nv = 0, nj = 0, nf = 0;
    char *bname = base_name(name);
    r.inst = bname ? eco__instance_new(ECO_FORMAT_VROOM, bname) : NULL;
    free(bname);
    r.meta = calloc(1, sizeof *r.meta);
    if (!r.inst || !r.meta) {
        free(r.meta);
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
        goto out;
    }
    eco_instance *inst = r.inst;
    inst->vroom = r.meta;
    inst->coord_kind = ECO_COORD_GEO;
    inst->dist_unit_name = "m";
    inst->time_unit_name = "s";
    inst->load_unit_name = "unit";
    inst->travel.kind = ECO_TRAVEL_HAVERSINE;
    inst->travel.circuity = CIRCUITY;
    inst->travel.speed_kmh = SPEED_KMH;
    inst->return_empty = true;
    inst->opt_time_limit_s = 10.0;
    inst->opt_threads = 1;
    inst->opt_seed = 1;
    r.meta->has_distances = true;

    json_t *v[T_N];
    if (!walk(&r, root, "", "VROOM problem", top_fields, T_N, v))
        goto done;
    json_t *jobs = array_or_fail(&r, v[T_JOBS], "jobs", MAX_JOBS);
    json_t *vehicles = array_or_fail(&r, v[T_VEHICLES], "vehicles", MAX_VEHICLES);
    json_t *facilities = array_or_fail(&r, v[T_FACILITIES], "facilities", MAX_FACILITIES);
    json_t *shipments = array_or_fail(&r, v[T_SHIPMENTS], "shipments", SIZE_MAX);
    if (shipments && json_array_size(shipments) > 0)
        eco__jfail(&r.log, "shipments", "pickup-and-delivery pairs are not supported yet");
    if (!v[T_VEHICLES])
        eco__jfail(&r.log, name, "missing \"vehicles\"");
    else if (vehicles && json_array_size(vehicles) == 0)
        eco__jfail(&r.log, "vehicles", "at least one vehicle is required");
    if (!vehicles || json_array_size(vehicles) == 0)
        goto done;

    /* the fleet's profile and speed factor decide the travel matrix */
    json_t *v0 = json_array_get(vehicles, 0);
    json_t *prof = json_is_object(v0) ? json_object_get(v0, "profile") : NULL;
    r.profile = json_is_string(prof) ? json_string_value(prof) : DEFAULT_PROFILE;
    json_t *sf = json_is_object(v0) ? json_object_get(v0, "speed_factor") : NULL;
    if (json_is_number(sf) && json_number_value(sf) > 0 && json_number_value(sf) <= 5)
        r.speed_factor = json_number_value(sf);
    r.meta->speed_factor = r.speed_factor;
    r.meta->profile = eco__strdup(r.profile);
    if (!r.meta->profile) {
        eco__joom(&r.log, "vehicles");
        goto done;
    }
    inst->travel.speed_kmh = SPEED_KMH * r.speed_factor;
    if (v[T_MATRICES]) {
        read_matrices(&r, v[T_MATRICES]);
        if (r.matrix)
            inst->travel.kind = ECO_TRAVEL_MATRIX;
        if (r.matrix && r.n_matrix < 0)
            goto done; /* without the matrix nothing can be placed */
    }
    /* an OSRM server given to the loader: travel from the road network, as
     * VROOM itself does without matrices */
    if (opt && (opt->osrm_url || opt->osrm_cache_dir)) {
        if (r.matrix)
            eco__jfail(&r.log, "matrices", "an OSRM server (--osrm) cannot be used with matrices, which already give travel");
        else if (!opt->osrm_url)
            eco__jfail(&r.log, name, "an OSRM matrix cache needs an OSRM server URL (--osrm)");
        else {
            inst->travel.kind = ECO_TRAVEL_OSRM;
            inst->travel.osrm_url = eco__strdup(opt->osrm_url);
            inst->travel.osrm_cache_dir = opt->osrm_cache_dir ? eco__strdup(opt->osrm_cache_dir) : NULL;
            inst->travel.osrm_max_snap_m = -1;
            if (!inst->travel.osrm_url || (opt->osrm_cache_dir && !inst->travel.osrm_cache_dir))
                eco__joom(&r.log, name);
        }
    }

    /* allocate every entity up front (depots: at most two per vehicle) */
    nv = json_array_size(vehicles);
    nj = jobs ? json_array_size(jobs) : 0;
    nf = facilities ? json_array_size(facilities) : 0;
    inst->vehicles = calloc(nv, sizeof *inst->vehicles);
    inst->depots = calloc(2 * nv, sizeof *inst->depots);
    inst->boxes = calloc(nj ? nj : 1, sizeof *inst->boxes);
    inst->facilities = calloc(nf ? nf : 1, sizeof *inst->facilities);
    r.meta->vehicles = calloc(nv, sizeof *r.meta->vehicles);
    r.meta->jobs = calloc(nj ? nj : 1, sizeof *r.meta->jobs);
    r.meta->facilities = calloc(nf ? nf : 1, sizeof *r.meta->facilities);
    vraw = calloc(nv, sizeof *vraw);
    craw = calloc(nv, sizeof *craw);
    jraw = calloc(nj ? nj : 1, sizeof *jraw);
    fraw = calloc(nf ? nf : 1, sizeof *fraw);
    if (!inst->vehicles || !inst->depots || !inst->boxes || !inst->facilities || !r.meta->vehicles ||
        !r.meta->jobs || !r.meta->facilities || !vraw || !craw || !jraw || !fraw) {
        eco__joom(&r.log, name);
        goto done;
    }
    /* locations in the native reader's order: depots, facilities, boxes */
    for (size_t i = 0; i < nv && !r.log.oom; i++) {
        read_vehicle(&r, json_array_get(vehicles, i), i, &vraw[i], &craw[i]);
        if (inst->vehicles[i].id) {
            inst->n_vehicles++;
            r.meta->n_vehicles++;
        }
    }
    for (size_t i = 0; i < nf && !r.log.oom; i++) {
        read_facility(&r, json_array_get(facilities, i), i, &fraw[i]);
        if (inst->facilities[i].id) {
            inst->n_facilities++;
            r.meta->n_facilities++;
        }
    }
    for (size_t i = 0; i < nj && !r.log.oom; i++) {
        read_job(&r, json_array_get(jobs, i), i, &jraw[i]);
        if (inst->boxes[i].id) {
            inst->n_boxes++;
            r.meta->n_jobs++;
        }
    }
    if (r.log.oom)
        goto done;
    const char **ids = id_list(&r, inst->n_boxes, "jobs", sizeof(eco_box), &inst->boxes[0].id);
    if (ids) {
        check_ids(&r, "jobs", r.meta->jobs, NULL, inst->n_boxes, ids);
        free(ids);
    }
    ids = id_list(&r, inst->n_vehicles, "vehicles", sizeof(eco_vehicle), &inst->vehicles[0].id);
    if (ids) {
        check_ids(&r, "vehicles", NULL, r.meta->vehicles, inst->n_vehicles, ids);
        free(ids);
    }
    ids = id_list(&r, inst->n_facilities, "facilities", sizeof(eco_facility), &inst->facilities[0].id);
    if (ids) {
        check_ids(&r, "facilities", r.meta->facilities, NULL, inst->n_facilities, ids);
        free(ids);
    }
    for (int i = 1; i < inst->n_boxes; i++)
        if (r.meta->jobs[i].priority != r.meta->jobs[0].priority) {
            char p[ECO_JPATH_LEN];
            snprintf(p, sizeof p, "jobs[%d].priority", i);
            eco__jfail(&r.log, p, "not supported: priorities that differ between jobs (%d here, %d for jobs[0]); every job "
                        "is mandatory in ecoroute, with no ranking among them yet",
                 r.meta->jobs[i].priority, r.meta->jobs[0].priority);
            break;
        }
    if (r.log.n_errors)
        goto done;
    build_materials(&r, jraw, vraw, craw, fraw);
    if (r.log.n_errors)
        goto done;
    check_jobs(&r, jraw);

done:
    for (size_t i = 0; vraw && i < nv; i++)
        free(vraw[i].skills);
    for (size_t i = 0; craw && i < nv; i++)
        free(craw[i].amounts);
    for (size_t i = 0; jraw && i < nj; i++)
        free(jraw[i].amounts);
    for (size_t i = 0; fraw && i < nf; i++)
        free(fraw[i].accepts);
    free(vraw);
    free(craw);
    free(jraw);
    free(fraw);
    if (r.log.n_errors) {
        st = r.log.oom ? ECO_EINTERNAL : ECO_EINPUT;
        goto out;
    }
    st = eco__instance_build_travel(inst, err);
    if (st == ECO_OK && inst->travel.kind == ECO_TRAVEL_OSRM && r.speed_factor != 1.0 && inst->dur &&
        inst->dur != inst->dist)
        for (size_t i = 0; i < (size_t)inst->n_locs * (size_t)inst->n_locs; i++)
            inst->dur[i] = (int32_t)fmin(floor((double)inst->dur[i] / r.speed_factor + 0.5), INT32_MAX);
    if (st == ECO_OK)
        st = eco__instance_validate(inst, err);
out:
    json_decref(root);
    if (st != ECO_OK) {
        eco_instance_destroy(r.inst);
        return st;
    }
    *out = r.inst;
    return ECO_OK;
}
