/*
 * vroom_write.c - VROOM's side of the conversion: a solution as VROOM's
 * response JSON, an instance as VROOM's problem JSON (with the "facilities"
 * extension), and VROOM's error response.
 *
 * The response follows VROOM's documented shape: {"code": 0, "summary",
 * "unassigned", "routes"}, routes with "steps" of type start, job, break and
 * end, each with setup, service, waiting_time, load, arrival, duration (the
 * travel time so far) and distance, plus the extension's "unload" steps for
 * facility visits. VROOM's "duration" is travel time only; "cost" is the
 * route's cost in the model (per_hour over the whole route duration),
 * rounded to an integer as VROOM's costs are. Unassigned jobs carry a
 * "reason" (extension).
 *
 * For an instance read from VROOM (inst->vroom) ids, descriptions, setup and
 * service come back as they were given. For other instances the writer
 * derives them: ids are integers when every id of a kind is one, else
 * strings; amounts have one dimension per material.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ecoroute/vroom.h"
#include "json_util.h"
#include "solution.h"
#include "vroom_meta.h"

#define DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
#define OPEN_END 4294967295LL /* the end written for a window open on the right */

/* ---- small helpers ---- */

/* A number as a JSON integer when it is one, else a real rounded to 1e-6. */
static json_t *num(double v)
{
    if (!isfinite(v))
        return json_null();
    if (fabs(v) < 9e15 && v == floor(v))
        return json_integer((json_int_t)v);
    return json_real(round(v * 1e6) / 1e6);
}

/* A cost, rate or factor: kept to 15 significant digits. */
static json_t *real_or_int(double v)
{
    if (isfinite(v) && fabs(v) < 9e15 && v == floor(v))
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* "0" or [1-9][0-9]* of at most 18 digits. */
static bool parse_int_id(const char *s, int64_t *out)
{
    size_t n = strlen(s);
    if (n == 0 || n > 18 || (s[0] == '0' && n > 1))
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool all_int_ids(const void *base, int n, size_t stride)
{
    int64_t x;
    for (int i = 0; i < n; i++)
        if (!parse_int_id(*(char *const *)((const char *)base + (size_t)i * stride), &x))
            return false;
    return true;
}

/* ---- layout ---- */

/* Copies the JSON string starting at text[r] (a '"') to text[w]; returns the
 * read and write positions after it. */
static void copy_string(char *text, size_t *r, size_t *w)
{
    text[(*w)++] = text[(*r)++];
    while (text[*r] && text[*r] != '"') {
        if (text[*r] == '\\' && text[*r + 1])
            text[(*w)++] = text[(*r)++];
        text[(*w)++] = text[(*r)++];
    }
    if (text[*r])
        text[(*w)++] = text[(*r)++];
}

void eco__json_compact_arrays(char *text)
{
    size_t r = 0, w = 0;
    while (text[r]) {
        if (text[r] == '"') {
            copy_string(text, &r, &w);
            continue;
        }
        if (text[r] != '[') {
            text[w++] = text[r++];
            continue;
        }
        /* a leaf array: no object or array inside before its ']' */
        size_t k = r + 1;
        bool leaf = true;
        while (text[k] && text[k] != ']') {
            if (text[k] == '{' || text[k] == '[') {
                leaf = false;
                break;
            }
            if (text[k] == '"') {
                k++;
                while (text[k] && text[k] != '"')
                    k += text[k] == '\\' && text[k + 1] ? 2 : 1;
            }
            if (text[k])
                k++;
        }
        text[w++] = text[r++];
        if (!leaf)
            continue;
        while (text[r] && text[r] != ']') {
            if (text[r] == '"')
                copy_string(text, &r, &w);
            else if (text[r] == ',') {
                text[w++] = ',';
                text[w++] = ' ';
                r++;
            } else if (text[r] == ' ' || text[r] == '\n')
                r++;
            else
                text[w++] = text[r++];
        }
    }
    text[w] = '\0';
}

/* ---- route geometry ---- */

/* Appends v in the encoded-polyline alphabet (zigzag, 5-bit groups + 63). */
static size_t polyline_put(char *out, size_t k, int64_t v)
{
    uint64_t u = v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1;
    while (u >= 0x20) {
        out[k++] = (char)((0x20 | (u & 0x1f)) + 63);
        u >>= 5;
    }
    out[k++] = (char)(u + 63);
    return k;
}

/* The solution keeps OSRM's geometry as an encoded polyline of precision 6;
 * VROOM's responses carry precision 5 (OSRM's default). Returns a new
 * string, or NULL when p6 is malformed or memory runs out. */
static char *polyline6_to_5(const char *p6)
{
    size_t n = strlen(p6), i = 0, k = 0;
    char *out = malloc(n + 16);
    if (!out)
        return NULL;
    int64_t abs6[2] = {0, 0}, last5[2] = {0, 0};
    int c = 0; /* 0: latitude, 1: longitude */
    while (i < n) {
        uint64_t result = 0;
        int shift = 0, b;
        do {
            if (i >= n || shift > 60) {
                free(out);
                return NULL;
            }
            b = p6[i++] - 63;
            if (b < 0 || b > 63) {
                free(out);
                return NULL;
            }
            result |= (uint64_t)(b & 0x1f) << shift;
            shift += 5;
        } while (b >= 0x20);
        int64_t delta = (result & 1) ? ~(int64_t)(result >> 1) : (int64_t)(result >> 1);
        abs6[c] += delta;
        int64_t v5 = llround((double)abs6[c] / 10.0);
        k = polyline_put(out, k, v5 - last5[c]);
        last5[c] = v5;
        c ^= 1;
    }
    out[k] = '\0';
    return c == 0 ? out : (free(out), (char *)NULL);
}

/* ---- the view of an instance in VROOM's terms ---- */

typedef struct view {
    const eco_instance *inst;
    const eco_vroom_meta *meta;   /* NULL: not read from VROOM */
    bool int_boxes, int_vehicles, int_facilities; /* native ids that are all integers */
    int n_dims;
    bool per_material;            /* dimension k is material k; else one dimension, the sum */
    bool has_distances;
} view;

static void view_init(view *w, const eco_instance *inst)
{
    memset(w, 0, sizeof *w);
    w->inst = inst;
    w->meta = inst->vroom;
    if (w->meta) {
        w->n_dims = w->meta->n_dims;
        w->per_material = w->meta->dim_mode;
        w->has_distances = w->meta->has_distances;
        return;
    }
    w->int_boxes = inst->n_boxes > 0 && all_int_ids(&inst->boxes[0].id, inst->n_boxes, sizeof(eco_box));
    w->int_vehicles = all_int_ids(&inst->vehicles[0].id, inst->n_vehicles, sizeof(eco_vehicle));
    w->int_facilities = inst->n_facilities > 0 &&
                        all_int_ids(&inst->facilities[0].id, inst->n_facilities, sizeof(eco_facility));
    w->n_dims = inst->n_materials;
    w->per_material = true;
    w->has_distances = true;
}

static json_t *id_of(bool meta, int64_t meta_id, bool as_int, const char *sid)
{
    int64_t x;
    if (meta)
        return json_integer((json_int_t)meta_id);
    if (as_int && parse_int_id(sid, &x))
        return json_integer((json_int_t)x);
    return json_string(sid);
}

static json_t *box_id(const view *w, int b)
{
    return id_of(w->meta != NULL, w->meta ? w->meta->jobs[b].id : 0, w->int_boxes, w->inst->boxes[b].id);
}

static json_t *vehicle_id(const view *w, int v)
{
    return id_of(w->meta != NULL, w->meta ? w->meta->vehicles[v].id : 0, w->int_vehicles, w->inst->vehicles[v].id);
}

static json_t *facility_id(const view *w, int f)
{
    return id_of(w->meta != NULL, w->meta ? w->meta->facilities[f].id : 0, w->int_facilities,
                 w->inst->facilities[f].id);
}

static json_t *coords(const eco_instance *inst, int loc)
{
    return json_pack("[oo]", num(inst->loc_x[loc]), num(inst->loc_y[loc]));
}

/* Sets "location" and "location_index" on o as the input gave them (VROOM),
 * or from the model: coordinates for great-circle instances, indices for
 * matrix ones. */
static void set_location(const view *w, json_t *o, int loc, bool has_location, int given_index)
{
    const eco_instance *inst = w->inst;
    if (w->meta) {
        if (has_location)
            json_object_set_new(o, "location", coords(inst, loc));
        if (given_index >= 0)
            json_object_set_new(o, "location_index", json_integer(given_index));
        return;
    }
    if (inst->coord_kind == ECO_COORD_GEO &&
        (inst->travel.kind != ECO_TRAVEL_MATRIX || inst->loc_x[loc] != 0.0 || inst->loc_y[loc] != 0.0))
        json_object_set_new(o, "location", coords(inst, loc));
    if (inst->travel.kind == ECO_TRAVEL_MATRIX)
        json_object_set_new(o, "location_index", json_integer(loc));
}

static void set_box_location(const view *w, json_t *o, int b)
{
    const eco_vroom_task *t = w->meta ? &w->meta->jobs[b] : NULL;
    set_location(w, o, w->inst->boxes[b].loc, t && t->has_location, t ? t->location_index : -1);
}

static void set_depot_location(const view *w, json_t *o, int v, bool end)
{
    const eco_vehicle *veh = &w->inst->vehicles[v];
    const eco_vroom_vehicle *mv = w->meta ? &w->meta->vehicles[v] : NULL;
    int loc = w->inst->depots[end ? veh->end_depot : veh->start_depot].loc;
    set_location(w, o, loc, mv && (end ? mv->end_has_location : mv->start_has_location),
                 mv ? (end ? mv->end_index : mv->start_index) : -1);
}

static void set_description(json_t *o, const char *d)
{
    if (d)
        json_object_set_new(o, "description", json_string(d));
}

/* The amounts of per-material loads (load units) as VROOM's array. */
static json_t *amounts(const view *w, const int64_t *load)
{
    json_t *a = json_array();
    const double lu = w->inst->load_unit;
    if (w->per_material) {
        for (int m = 0; m < w->n_dims; m++)
            json_array_append_new(a, num((double)load[m] * lu));
    } else if (w->n_dims == 1) {
        int64_t sum = 0;
        for (int m = 0; m < w->inst->n_materials; m++)
            sum += load[m];
        json_array_append_new(a, num((double)sum * lu));
    }
    return a;
}

/* ---- the response ---- */

typedef struct totals {
    int64_t travel, dist, setup, service, waiting;
    long priority;
    int64_t picked[ECO_MAX_MATERIALS];
    double cost;
} totals;

static void set_times(const view *w, json_t *o, int64_t setup, int64_t service, int64_t waiting,
                      const int64_t *load, int64_t arrival, int64_t travel, int64_t dist)
{
    const double tu = w->inst->time_unit;
    json_object_set_new(o, "setup", num((double)setup * tu));
    json_object_set_new(o, "service", num((double)service * tu));
    json_object_set_new(o, "waiting_time", num((double)waiting * tu));
    json_object_set_new(o, "load", amounts(w, load));
    json_object_set_new(o, "arrival", num((double)arrival * tu));
    json_object_set_new(o, "duration", num((double)travel * tu));
    if (w->has_distances)
        json_object_set_new(o, "distance", num((double)dist * w->inst->dist_unit));
    json_object_set_new(o, "violations", json_array());
}

static json_t *route_json(const view *w, const eco_route *rt, totals *sum)
{
    const eco_instance *inst = w->inst;
    const eco_vehicle *veh = &inst->vehicles[rt->vehicle];
    const eco_vroom_vehicle *mv = w->meta ? &w->meta->vehicles[rt->vehicle] : NULL;
    int64_t load[ECO_MAX_MATERIALS] = {0}, picked[ECO_MAX_MATERIALS] = {0};
    int64_t travel = 0, dist = 0, setup = 0, service = 0, waiting = 0;
    long priority = 0;
    int pos = inst->depots[veh->start_depot].loc;
    json_t *steps = json_array();
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("start"));
    set_depot_location(w, o, rt->vehicle, false);
    set_times(w, o, 0, 0, 0, load, eco__route_departure(rt), 0, 0);
    json_array_append_new(steps, o);
    for (int k = 0; k < rt->n_steps; k++) {
        const eco_step *s = &rt->steps[k];
        int64_t su = 0, sv = 0, wait = s->start - s->arrival;
        o = json_object();
        if (s->type == ECO_STEP_PICKUP) {
            const eco_box *b = &inst->boxes[s->ref];
            const eco_vroom_task *t = w->meta ? &w->meta->jobs[s->ref] : NULL;
            travel += eco__dur(inst, pos, b->loc);
            dist += eco__dist(inst, pos, b->loc);
            pos = b->loc;
            load[b->material] += b->demand;
            picked[b->material] += b->demand;
            su = t ? t->setup : 0;
            sv = t ? t->service : b->service;
            priority += t ? t->priority : 0;
            json_object_set_new(o, "type", json_string("job"));
            json_object_set_new(o, "id", box_id(w, s->ref));
            json_object_set_new(o, "job", box_id(w, s->ref));
            set_description(o, t ? t->description : NULL);
            set_box_location(w, o, s->ref);
        } else if (s->type == ECO_STEP_UNLOAD) {
            const eco_facility *f = &inst->facilities[s->ref];
            const eco_vroom_task *t = w->meta ? &w->meta->facilities[s->ref] : NULL;
            travel += eco__dur(inst, pos, f->loc);
            dist += eco__dist(inst, pos, f->loc);
            pos = f->loc;
            for (int m = 0; m < inst->n_materials; m++)
                if ((f->accepts >> m) & 1u)
                    load[m] = 0;
            su = t ? t->setup : 0;
            sv = t ? t->service : f->unload_time;
            json_object_set_new(o, "type", json_string("unload"));
            json_object_set_new(o, "id", facility_id(w, s->ref));
            set_description(o, t ? t->description : NULL);
            set_location(w, o, f->loc, t && t->has_location, t ? t->location_index : -1);
        } else {
            sv = veh->break_duration;
            json_object_set_new(o, "type", json_string("break"));
            json_object_set_new(o, "id", json_integer(mv ? (json_int_t)mv->break_id : 1));
            set_description(o, mv ? mv->break_description : NULL);
        }
        setup += su;
        service += sv;
        waiting += wait;
        set_times(w, o, su, sv, wait, load, s->arrival, travel, dist);
        json_array_append_new(steps, o);
    }
    int end = inst->depots[veh->end_depot].loc;
    travel += eco__dur(inst, pos, end);
    dist += eco__dist(inst, pos, end);
    o = json_object();
    json_object_set_new(o, "type", json_string("end"));
    set_depot_location(w, o, rt->vehicle, true);
    set_times(w, o, 0, 0, 0, load, rt->end_arrival, travel, dist);
    json_array_append_new(steps, o);

    const double tu = inst->time_unit;
    int64_t zero[ECO_MAX_MATERIALS] = {0};
    double cost = (double)llround(rt->cost);
    json_t *r = json_object();
    json_object_set_new(r, "vehicle", vehicle_id(w, rt->vehicle));
    json_object_set_new(r, "cost", num(cost));
    set_description(r, mv ? mv->description : NULL);
    json_object_set_new(r, "delivery", amounts(w, zero));
    json_object_set_new(r, "pickup", amounts(w, picked));
    json_object_set_new(r, "setup", num((double)setup * tu));
    json_object_set_new(r, "service", num((double)service * tu));
    json_object_set_new(r, "duration", num((double)travel * tu));
    json_object_set_new(r, "waiting_time", num((double)waiting * tu));
    json_object_set_new(r, "priority", json_integer(priority));
    if (w->has_distances)
        json_object_set_new(r, "distance", num((double)dist * inst->dist_unit));
    if (rt->geometry) { /* fetched from OSRM (solve -g) */
        char *p5 = polyline6_to_5(rt->geometry);
        if (p5)
            json_object_set_new(r, "geometry", json_string(p5));
        free(p5);
    }
    json_object_set_new(r, "steps", steps);
    json_object_set_new(r, "violations", json_array());
    sum->travel += travel;
    sum->dist += dist;
    sum->setup += setup;
    sum->service += service;
    sum->waiting += waiting;
    sum->priority += priority;
    sum->cost += cost;
    for (int m = 0; m < inst->n_materials; m++)
        sum->picked[m] += picked[m];
    return r;
}

static json_t *response_json(const eco_instance *inst, const eco_solution *sol)
{
    view w;
    view_init(&w, inst);
    totals sum;
    memset(&sum, 0, sizeof sum);
    json_t *routes = json_array(), *unassigned = json_array();
    int n_routes = 0;
    for (int r = 0; r < sol->n_routes; r++)
        if (sol->routes[r].n_steps > 0) {
            json_array_append_new(routes, route_json(&w, &sol->routes[r], &sum));
            n_routes++;
        }
    for (int i = 0; i < sol->n_unassigned; i++) {
        int b = sol->unassigned[i].box;
        json_t *o = json_object();
        json_object_set_new(o, "id", box_id(&w, b));
        json_object_set_new(o, "type", json_string("job"));
        set_description(o, w.meta ? w.meta->jobs[b].description : NULL);
        set_box_location(&w, o, b);
        json_object_set_new(o, "reason", json_string(sol->unassigned[i].reason));
        json_array_append_new(unassigned, o);
    }
    const double tu = inst->time_unit;
    int64_t zero[ECO_MAX_MATERIALS] = {0};
    json_t *s = json_object();
    json_object_set_new(s, "cost", num(sum.cost));
    json_object_set_new(s, "routes", json_integer(n_routes));
    json_object_set_new(s, "unassigned", json_integer(sol->n_unassigned));
    json_object_set_new(s, "delivery", amounts(&w, zero));
    json_object_set_new(s, "pickup", amounts(&w, sum.picked));
    json_object_set_new(s, "setup", num((double)sum.setup * tu));
    json_object_set_new(s, "service", num((double)sum.service * tu));
    json_object_set_new(s, "duration", num((double)sum.travel * tu));
    json_object_set_new(s, "waiting_time", num((double)sum.waiting * tu));
    json_object_set_new(s, "priority", json_integer(sum.priority));
    if (w.has_distances)
        json_object_set_new(s, "distance", num((double)sum.dist * inst->dist_unit));
    json_object_set_new(s, "violations", json_array());
    json_t *root = json_object();
    json_object_set_new(root, "code", json_integer(0));
    json_object_set_new(root, "summary", s);
    json_object_set_new(root, "unassigned", unassigned);
    json_object_set_new(root, "routes", routes);
    return root;
}

eco_status eco_solution_to_vroom_string(const eco_instance *inst, const eco_solution *sol, int indent, char **out,
                                        eco_error *err)
{
    *out = NULL;
    json_t *j = response_json(inst, sol);
    if (j)
        *out = json_dumps(j, DUMP_FLAGS | (indent > 0 ? JSON_INDENT(indent) : JSON_COMPACT));
    json_decref(j);
    if (*out && indent > 0)
        eco__json_compact_arrays(*out);
    if (!*out)
        return eco__error(err, ECO_EINTERNAL, "output", "out of memory while writing the VROOM response");
    return ECO_OK;
}

eco_status eco_solution_write_vroom(const eco_instance *inst, const eco_solution *sol, FILE *f, eco_error *err)
{
    char *text = NULL;
    eco_status st = eco_solution_to_vroom_string(inst, sol, 2, &text, err);
    if (st != ECO_OK)
        return st;
    fputs(text, f);
    fputc('\n', f);
    free(text);
    if (fflush(f) != 0 || ferror(f))
        return eco__error(err, ECO_EINTERNAL, "output", "write error");
    return ECO_OK;
}

eco_status eco_vroom_write_error(const eco_error *e, FILE *f)
{
    /* VROOM's codes: 1 internal, 2 input, 3 routing */
    int code = e->status == ECO_EINPUT ? 2 : e->status == ECO_EROUTING ? 3 : 1;
    char msg[ECO_ERROR_TEXT_MAX + 800];
    if (e->text[0]) {
        snprintf(msg, sizeof msg, "%s", e->text);
        size_t n = strlen(msg);
        while (n > 0 && msg[n - 1] == '\n')
            msg[--n] = '\0';
    } else {
        snprintf(msg, sizeof msg, "%s%s%s", e->where, e->where[0] ? ": " : "",
                 e->message[0] ? e->message : eco_strerror(e->status));
    }
    json_t *j = json_pack("{s:i,s:s}", "code", code, "error", msg);
    char *text = j ? json_dumps(j, DUMP_FLAGS | JSON_INDENT(2)) : NULL;
    json_decref(j);
    if (!text)
        return ECO_EINTERNAL;
    fputs(text, f);
    fputc('\n', f);
    free(text);
    return fflush(f) != 0 || ferror(f) ? ECO_EINTERNAL : ECO_OK;
}

/* ---- the instance as a VROOM problem ---- */

typedef struct wctx {
    const eco_instance *inst;
    const eco_vroom_meta *meta;
    eco__jlog log;          /* errors: the caller's eco_error, count */
    bool matrices;          /* write matrices (else locations for VROOM's routing engine) */
    bool dim_mode;          /* one dimension per material (compartments) */
    int n_dims;
    bool skills;            /* materials written as skills */
    int64_t load_div;       /* internal load units per written amount */
    int64_t total_demand;   /* of every box, internal units */
    view w;                 /* ids and locations as the response writes them */
} wctx;

static bool is_inf(int64_t v) { return v >= ECO_TIME_INF / 2; }

static json_t *amount_of(const wctx *c, int64_t v) { return json_integer((json_int_t)(v / c->load_div)); }

/* A time window [a, b] as VROOM writes it (b open: OPEN_END). */
static json_t *window(int64_t a, int64_t b)
{
    return json_pack("[II]", (json_int_t)a, (json_int_t)(is_inf(b) ? OPEN_END : b));
}

/* Decides how materials, amounts and travel are written; refuses what VROOM
 * cannot say. */
static void plan(wctx *c)
{
    const eco_instance *inst = c->inst;
    char where[160];
    if (inst->dist_unit != 1.0 || inst->time_unit != 1.0)
        eco__jfail(&c->log, "travel", "distances in steps of %g %s and times in steps of %g %s cannot be written as VROOM's "
                            "whole metres and seconds (for planar instances use --rounding nint)",
               inst->dist_unit, inst->dist_unit_name, inst->time_unit, inst->time_unit_name);
    if (!inst->dist || !inst->dur)
        eco__jfail(&c->log, "travel", "no travel matrix (too many planar locations)");
    if (c->meta) {
        c->matrices = c->meta->matrix;
    } else {
        c->matrices = !(inst->travel.kind == ECO_TRAVEL_HAVERSINE && inst->travel.circuity == 1.3 &&
                        inst->travel.speed_kmh == 30.0);
    }
    /* amounts: whole kg (or whatever unit) when every value allows it */
    c->load_div = 1;
    if (inst->load_unit < 1.0) {
        int64_t div = llround(1.0 / inst->load_unit);
        bool whole = div > 1;
        for (int i = 0; i < inst->n_boxes && whole; i++)
            whole = inst->boxes[i].demand % div == 0;
        for (int v = 0; v < inst->n_vehicles && whole; v++) {
            const eco_vehicle *veh = &inst->vehicles[v];
            whole = is_inf(veh->cap_total) || veh->cap_total % div == 0;
            for (int m = 0; m < inst->n_materials && whole; m++)
                whole = is_inf(veh->cap[m]) || veh->cap[m] % div == 0;
            whole = whole && (is_inf(veh->max_day_load) || veh->max_day_load % div == 0);
        }
        if (whole)
            c->load_div = div;
    }
    for (int i = 0; i < inst->n_boxes; i++)
        c->total_demand += inst->boxes[i].demand;
    /* compartments (a capacity per material) or one shared body */
    bool any_comp = false, any_shared = false;
    int first_comp = -1, first_shared = -1;
    for (int v = 0; v < inst->n_vehicles; v++) {
        const eco_vehicle *veh = &inst->vehicles[v];
        bool comp = false;
        for (int m = 0; m < inst->n_materials; m++)
            comp |= !is_inf(veh->cap[m]);
        if (comp && !is_inf(veh->cap_total) && inst->n_materials > 1) {
            snprintf(where, sizeof where, "vehicles[%d] (%s).capacity", v, veh->id);
            eco__jfail(&c->log, where, "a total capacity together with capacities per material cannot be written for VROOM");
        }
        if (comp && first_comp < 0)
            first_comp = v;
        if (!comp && first_shared < 0)
            first_shared = v;
        any_comp |= comp;
        any_shared |= !comp;
    }
    c->dim_mode = any_comp && inst->n_materials > 1;
    if (c->dim_mode && any_shared) {
        snprintf(where, sizeof where, "vehicles[%d] (%s).capacity", first_shared, inst->vehicles[first_shared].id);
        eco__jfail(&c->log, where, "a shared body in a fleet with compartments (vehicles[%d]) cannot be written for VROOM: its "
                         "amounts are either one shared dimension or one dimension per material",
               first_comp);
    }
    if (c->dim_mode) {
        c->n_dims = inst->n_materials;
        uint32_t all = (1u << inst->n_materials) - 1u;
        for (int f = 0; f < inst->n_facilities; f++)
            if (inst->facilities[f].accepts != all) {
                snprintf(where, sizeof where, "facilities[%d] (%s).accepts", f, inst->facilities[f].id);
                eco__jfail(&c->log, where, "a facility taking only some materials of compartment vehicles cannot be written "
                                 "for VROOM (the extension's facilities take every dimension then)");
            }
        for (int i = 0; !c->meta && i < inst->n_boxes; i++) { /* a VROOM problem maps back exactly */
            const eco_box *b = &inst->boxes[i];
            if (b->demand != 0)
                continue;
            for (int v = 0; v < inst->n_vehicles; v++)
                if (!((inst->vehicles[v].materials >> b->material) & 1u) || inst->vehicles[v].cap[b->material] == 0) {
                    snprintf(where, sizeof where, "boxes[%d] (%s)", i, b->id);
                    eco__jfail(&c->log, where, "an empty box that not every vehicle may carry cannot be written for VROOM "
                                     "with compartments");
                    break;
                }
        }
        for (int v = 0; v < inst->n_vehicles; v++)
            if (!is_inf(inst->vehicles[v].max_day_load)) {
                snprintf(where, sizeof where, "vehicles[%d] (%s).max_day_load_kg", v, inst->vehicles[v].id);
                eco__jfail(&c->log, where, "a daily load limit over compartments cannot be written for VROOM");
            }
        c->skills = false;
        return;
    }
    /* one shared dimension; materials become skills when they restrict anything */
    bool capacity = false;
    for (int v = 0; v < inst->n_vehicles; v++) {
        const eco_vehicle *veh = &inst->vehicles[v];
        capacity |= !is_inf(veh->cap_total) || !is_inf(veh->cap[0]) ||
                    (!is_inf(veh->max_day_load) && inst->n_facilities == 0);
        if (!is_inf(veh->max_day_load) && inst->n_facilities > 0) {
            snprintf(where, sizeof where, "vehicles[%d] (%s).max_day_load_kg", v, veh->id);
            eco__jfail(&c->log, where, "a daily load limit over several trips cannot be written for VROOM");
        }
    }
    c->n_dims = capacity || c->total_demand > 0 ? 1 : 0;
    if (c->meta) {
        c->n_dims = c->meta->n_dims;
        c->skills = false;
        for (int m = 0; m < inst->n_materials; m++)
            c->skills |= c->meta->material_skill[m] >= 0;
        return;
    }
    uint32_t used = 0, all = (1u << inst->n_materials) - 1u;
    for (int i = 0; i < inst->n_boxes; i++)
        used |= 1u << inst->boxes[i].material;
    c->skills = false;
    for (int v = 0; v < inst->n_vehicles; v++)
        c->skills |= (inst->vehicles[v].materials & used) != used;
    for (int f = 0; f < inst->n_facilities; f++)
        c->skills |= (inst->facilities[f].accepts & all) != all;
}

/* The skill written for material m (skills on). */
static int64_t skill_of(const wctx *c, int m)
{
    return c->meta ? c->meta->material_skill[m] : (int64_t)m + 1;
}

static json_t *write_job(wctx *c, int i, bool int_ids)
{
    const eco_instance *inst = c->inst;
    const eco_box *b = &inst->boxes[i];
    const eco_vroom_task *t = c->meta ? &c->meta->jobs[i] : NULL;
    char where[160];
    snprintf(where, sizeof where, "boxes[%d] (%s)", i, b->id);
    if (b->need == ECO_BOX_OPTIONAL)
        eco__jfail(&c->log, where, "an optional box (collected only when worth its prize) cannot be written for VROOM, whose "
                         "jobs are all to be served");
    else if (b->need == ECO_BOX_SKIP)
        eco__jfail(&c->log, where, "a box below the fill threshold (not needed today) cannot be written for VROOM");
    json_t *o = json_object();
    int64_t x = 0;
    if (t)
        json_object_set_new(o, "id", json_integer((json_int_t)t->id));
    else if (int_ids && parse_int_id(b->id, &x))
        json_object_set_new(o, "id", json_integer((json_int_t)x));
    else
        json_object_set_new(o, "id", json_integer(i + 1));
    if (t)
        set_description(o, t->description);
    else if (!int_ids)
        json_object_set_new(o, "description", json_string(b->id));
    if (c->matrices && !c->meta) {
        if (inst->coord_kind == ECO_COORD_GEO &&
            (inst->travel.kind != ECO_TRAVEL_MATRIX || inst->loc_x[b->loc] != 0.0 || inst->loc_y[b->loc] != 0.0))
            json_object_set_new(o, "location", coords(inst, b->loc));
        json_object_set_new(o, "location_index", json_integer(b->loc));
    } else {
        set_box_location(&c->w, o, i);
    }
    if (t && t->setup)
        json_object_set_new(o, "setup", json_integer((json_int_t)t->setup));
    int64_t service = t ? t->service : b->service;
    if (service)
        json_object_set_new(o, "service", json_integer((json_int_t)service));
    if (c->n_dims > 0) {
        json_t *p = json_array();
        for (int k = 0; k < c->n_dims; k++)
            json_array_append_new(p, amount_of(c, c->dim_mode && k != b->material ? 0 : b->demand));
        json_object_set_new(o, "pickup", p);
    }
    if (c->skills && (!c->meta || c->meta->material_skill[b->material] >= 0))
        json_object_set_new(o, "skills", json_pack("[I]", (json_int_t)skill_of(c, b->material)));
    if (t && t->priority)
        json_object_set_new(o, "priority", json_integer(t->priority));
    if (b->tw_open > 0 || !is_inf(b->tw_close))
        json_object_set_new(o, "time_windows", json_pack("[o]", window(b->tw_open, b->tw_close)));
    return o;
}

static void set_end(wctx *c, json_t *o, int v, bool end)
{
    const eco_instance *inst = c->inst;
    const eco_vehicle *veh = &inst->vehicles[v];
    int loc = inst->depots[end ? veh->end_depot : veh->start_depot].loc;
    const char *ck = end ? "end" : "start", *ik = end ? "end_index" : "start_index";
    if (c->meta) {
        const eco_vroom_vehicle *mv = &c->meta->vehicles[v];
        if (end ? mv->end_has_location : mv->start_has_location)
            json_object_set_new(o, ck, coords(inst, loc));
        int idx = end ? mv->end_index : mv->start_index;
        if (idx >= 0)
            json_object_set_new(o, ik, json_integer(idx));
        return;
    }
    if (inst->coord_kind == ECO_COORD_GEO &&
        (inst->travel.kind != ECO_TRAVEL_MATRIX || inst->loc_x[loc] != 0.0 || inst->loc_y[loc] != 0.0))
        json_object_set_new(o, ck, coords(inst, loc));
    if (c->matrices)
        json_object_set_new(o, ik, json_integer(loc));
}

static json_t *write_vehicle(wctx *c, int v, bool int_ids)
{
    const eco_instance *inst = c->inst;
    const eco_vehicle *veh = &inst->vehicles[v];
    const eco_vroom_vehicle *mv = c->meta ? &c->meta->vehicles[v] : NULL;
    const eco_depot *d0 = &inst->depots[veh->start_depot], *d1 = &inst->depots[veh->end_depot];
    char where[160];
    snprintf(where, sizeof where, "vehicles[%d] (%s)", v, veh->id);
    json_t *o = json_object();
    int64_t x = 0;
    if (mv)
        json_object_set_new(o, "id", json_integer((json_int_t)mv->id));
    else if (int_ids && parse_int_id(veh->id, &x))
        json_object_set_new(o, "id", json_integer((json_int_t)x));
    else
        json_object_set_new(o, "id", json_integer(v + 1));
    if (mv)
        set_description(o, mv->description);
    else if (!int_ids)
        json_object_set_new(o, "description", json_string(veh->id));
    if (c->meta && strcmp(c->meta->profile, "car") != 0)
        json_object_set_new(o, "profile", json_string(c->meta->profile));
    if (mv && mv->type)
        json_object_set_new(o, "type", json_string(mv->type));
    set_end(c, o, v, false);
    set_end(c, o, v, true);
    /* capacity */
    if (c->dim_mode) {
        json_t *cap = json_array();
        for (int m = 0; m < inst->n_materials; m++) {
            int64_t cm = (veh->materials >> m) & 1u ? veh->cap[m] : 0;
            if (is_inf(cm)) {
                int64_t dm = 0; /* unlimited: the material's total demand never binds */
                for (int i = 0; i < inst->n_boxes; i++)
                    dm += inst->boxes[i].material == m ? inst->boxes[i].demand : 0;
                cm = dm;
            }
            json_array_append_new(cap, amount_of(c, cm));
        }
        json_object_set_new(o, "capacity", cap);
    } else if (c->n_dims == 1) {
        int64_t cm = veh->cap_total;
        for (int m = 0; m < inst->n_materials; m++)
            cm = veh->cap[m] < cm ? veh->cap[m] : cm;
        if (inst->n_facilities == 0 && veh->max_day_load < cm)
            cm = veh->max_day_load; /* one trip: the day's load is the route's */
        if (is_inf(cm))
            cm = c->total_demand;
        json_object_set_new(o, "capacity", json_pack("[o]", amount_of(c, cm)));
    }
    if (c->skills) {
        json_t *sk = json_array();
        for (int m = 0; m < inst->n_materials; m++)
            if (((veh->materials >> m) & 1u) && skill_of(c, m) >= 0)
                json_array_append_new(sk, json_integer((json_int_t)skill_of(c, m)));
        json_object_set_new(o, "skills", sk);
    }
    int64_t start = veh->shift_start > d0->open ? veh->shift_start : d0->open;
    int64_t end = veh->shift_end < d1->close ? veh->shift_end : d1->close;
    if (start > 0 || !is_inf(end))
        json_object_set_new(o, "time_window", window(start, end));
    json_object_set_new(o, "costs",
                        json_pack("{s:o,s:o,s:o}", "fixed", real_or_int(veh->fixed_cost), "per_hour",
                                  real_or_int(veh->cost_per_time * 3600.0), "per_km",
                                  real_or_int(veh->cost_per_dist * 1000.0)));
    if (veh->has_break) {
        json_t *b = json_object();
        json_object_set_new(b, "id", json_integer(mv ? (json_int_t)mv->break_id : 1));
        if (mv)
            set_description(b, mv->break_description);
        json_object_set_new(b, "time_windows", json_pack("[o]", window(veh->break_start_min, veh->break_start_max)));
        json_object_set_new(b, "service", json_integer((json_int_t)veh->break_duration));
        json_object_set_new(o, "breaks", json_pack("[o]", b));
    }
    if (veh->max_stops < INT32_MAX)
        json_object_set_new(o, "max_tasks", json_integer(veh->max_stops));
    if (!is_inf(veh->max_distance))
        json_object_set_new(o, "max_distance", json_integer((json_int_t)veh->max_distance));
    if (!is_inf(veh->max_duration) && (is_inf(end) || veh->max_duration < end - start)) {
        char w2[200];
        snprintf(w2, sizeof w2, "%s.max_duration_s", where);
        eco__jfail(&c->log, w2, "a limit on the whole route duration cannot be written for VROOM (its max_travel_time "
                      "counts travel only)");
    }
    if (c->meta && !c->meta->matrix && c->meta->speed_factor != 1.0)
        json_object_set_new(o, "speed_factor", real_or_int(c->meta->speed_factor));
    return o;
}

static json_t *write_facility(wctx *c, int f, bool int_ids)
{
    const eco_instance *inst = c->inst;
    const eco_facility *fa = &inst->facilities[f];
    const eco_vroom_task *t = c->meta ? &c->meta->facilities[f] : NULL;
    json_t *o = json_object();
    int64_t x = 0;
    if (t)
        json_object_set_new(o, "id", json_integer((json_int_t)t->id));
    else if (int_ids && parse_int_id(fa->id, &x))
        json_object_set_new(o, "id", json_integer((json_int_t)x));
    else
        json_object_set_new(o, "id", json_integer(f + 1));
    if (t)
        set_description(o, t->description);
    else if (!int_ids)
        json_object_set_new(o, "description", json_string(fa->id));
    if (strcmp(fa->kind, "facility") != 0)
        json_object_set_new(o, "kind", json_string(fa->kind));
    if (c->matrices && !c->meta) {
        if (inst->coord_kind == ECO_COORD_GEO && (inst->travel.kind != ECO_TRAVEL_MATRIX ||
                                                  inst->loc_x[fa->loc] != 0.0 || inst->loc_y[fa->loc] != 0.0))
            json_object_set_new(o, "location", coords(inst, fa->loc));
        json_object_set_new(o, "location_index", json_integer(fa->loc));
    } else {
        set_location(&c->w, o, fa->loc, t && t->has_location, t ? t->location_index : -1);
    }
    if (t && t->setup)
        json_object_set_new(o, "setup", json_integer((json_int_t)t->setup));
    int64_t service = t ? t->service : fa->unload_time;
    if (service)
        json_object_set_new(o, "service", json_integer((json_int_t)service));
    if (fa->open > 0 || !is_inf(fa->close)) {
        /* the model's closing time bounds the end of unloading, the window its start */
        int64_t last = is_inf(fa->close) ? fa->close : fa->close - fa->unload_time;
        json_object_set_new(o, "time_windows", json_pack("[o]", window(fa->open, last)));
    }
    uint32_t all = (1u << inst->n_materials) - 1u;
    if (c->skills && (fa->accepts & all) != all) {
        json_t *a = json_array();
        for (int m = 0; m < inst->n_materials; m++)
            if (((fa->accepts >> m) & 1u) && skill_of(c, m) >= 0)
                json_array_append_new(a, json_integer((json_int_t)skill_of(c, m)));
        json_object_set_new(o, "accepts", a);
    }
    return o;
}

/* Writes obj without its closing brace, then `"key": ` and an N x N matrix
 * per name, then closes: matrices too large for a JSON tree in memory. */
static void write_matrix(FILE *f, const int32_t *m, int n, const char *indent)
{
    fputs("[\n", f);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%s  [", indent);
        for (int j = 0; j < n; j++)
            fprintf(f, j ? ",%d" : "%d", m ? m[(size_t)i * n + j] : 0);
        fprintf(f, "]%s\n", i + 1 < n ? "," : "");
    }
    fprintf(f, "%s]", indent);
}

eco_status eco_instance_write_vroom(const eco_instance *inst, FILE *f, eco_error *err)
{
    wctx c = {.inst = inst, .meta = inst->vroom, .log = {.err = err}};
    view_init(&c.w, inst);
    plan(&c);
    bool int_boxes = inst->n_boxes > 0 && all_int_ids(&inst->boxes[0].id, inst->n_boxes, sizeof(eco_box));
    bool int_vehicles = all_int_ids(&inst->vehicles[0].id, inst->n_vehicles, sizeof(eco_vehicle));
    bool int_facilities = inst->n_facilities > 0 &&
                          all_int_ids(&inst->facilities[0].id, inst->n_facilities, sizeof(eco_facility));
    if (inst->n_facilities > 0 && !inst->return_empty)
        eco__jfail(&c.log, "options.return_empty", "false cannot be written for VROOM (routes of the facilities extension "
                                           "always end empty)");
    json_t *root = json_object(), *vehicles = json_array(), *jobs = json_array();
    for (int v = 0; v < inst->n_vehicles; v++)
        json_array_append_new(vehicles, write_vehicle(&c, v, int_vehicles));
    for (int i = 0; i < inst->n_boxes; i++)
        json_array_append_new(jobs, write_job(&c, i, int_boxes));
    json_object_set_new(root, "vehicles", vehicles);
    json_object_set_new(root, "jobs", jobs);
    if (inst->n_facilities > 0) {
        json_t *fs = json_array();
        for (int i = 0; i < inst->n_facilities; i++)
            json_array_append_new(fs, write_facility(&c, i, int_facilities));
        json_object_set_new(root, "facilities", fs);
    }
    if (c.log.n_errors) {
        json_decref(root);
        return ECO_EINPUT;
    }
    char *text = json_dumps(root, DUMP_FLAGS | JSON_INDENT(2));
    json_decref(root);
    if (!text)
        return eco__error(err, ECO_EINTERNAL, "output", "out of memory while writing the VROOM problem");
    eco__json_compact_arrays(text);
    char *close = strrchr(text, '}');
    if (c.matrices && close) {
        *close = '\0';
        size_t n = strlen(text);
        while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
            text[--n] = '\0';
        fputs(text, f);
        const char *profile = c.meta ? c.meta->profile : "car";
        json_t *pj = json_string(profile);
        char *pq = pj ? json_dumps(pj, JSON_ENCODE_ANY) : NULL;
        json_decref(pj);
        fprintf(f, ",\n  \"matrices\": {\n    %s: {\n      \"durations\": ", pq ? pq : "\"car\"");
        free(pq);
        write_matrix(f, inst->dur, inst->n_locs, "      ");
        if (!c.meta || c.meta->has_distances) {
            fputs(",\n      \"distances\": ", f);
            write_matrix(f, inst->dist, inst->n_locs, "      ");
        }
        fputs("\n    }\n  }\n}\n", f);
    } else {
        fputs(text, f);
        fputc('\n', f);
    }
    free(text);
    if (fflush(f) != 0 || ferror(f))
        return eco__error(err, ECO_EINTERNAL, "output", "write error");
    return ECO_OK;
}
