/*
 * check.c - the independent solution checker behind eco_check.
 *
 * It re-derives everything from the instance definition and the bare
 * sequence of steps of each route (vehicle, step types and references, the
 * route's start time and the unassigned list). It shares no code with the
 * solver: it does not call eco__route_schedule, does not read the fields the
 * schedule fills (arrival, start, departure, load, distance, duration, cost,
 * n_violations), and does not use eco__dist/eco__dur. Travel is recomputed
 * from the travel specification (planar coordinates with their rounding
 * convention, great circle x circuity, or the explicit matrix of the input).
 *
 * Units. The checker works in REPORTED units as doubles (seconds, metres,
 * Solomon/CVRPLIB units, ...): an instance value v stored in internal units
 * is v * inst->time_unit (times), v * inst->dist_unit (distances). Loads are
 * exact integers in internal load units (they are integers by definition) and
 * only converted for messages. Per-unit cost coefficients are per INTERNAL
 * unit, so costs convert back: cost_per_dist * (distance_reported /
 * dist_unit). Comparisons of times and distances allow a tolerance of 1e-6
 * plus, for unrounded ("exact") planar travel only, half an internal unit per
 * edge travelled: the solver rounds each exact edge to its internal unit
 * (1e-4), so its schedule may legitimately differ from the real-valued one
 * by that much.
 *
 * The rules are the README's "Model rules".
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "model.h"
#include "solution.h"

#define CHECK_MAX_STORED 4000   /* violation texts kept; all are counted */
#define CHECK_TEXT_MAX 512      /* one violation text, bytes */
#define CHECK_TOL 1e-6          /* absolute tolerance in reported units */

struct eco_check_report {
    int n_violations;          /* all violations found */
    int n_stored, cap_stored;
    char **violations;         /* the first CHECK_MAX_STORED texts (owned) */
    double cost;               /* recomputed objective, prizes included */
    double distance;           /* sum over used routes, reported distance units */
    double duration;           /* sum over used routes, reported time units */
    double prizes;             /* part of cost: prizes of optional boxes left out */
    int routes;                /* routes with at least one step */
    int served;                /* distinct boxes picked up */
    int unassigned;            /* boxes in no route (any need) */
    int unassigned_mandatory;  /* of which mandatory */
    int unassigned_optional;   /* of which optional */
    int unassigned_skip;       /* of which below the fill threshold (not needed today) */
    int oom;                   /* an allocation failed while recording */
};

/* ---- recording ---- */

/* Cuts a truncated text back to a whole UTF-8 character so that it stays
 * valid for JSON (ids may hold any UTF-8). */
static void utf8_trim(char *s)
{
    size_t n = strlen(s);
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--; /* continuation bytes */
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need)
        s[i - 1] = '\0';
}

static void violate(eco_check_report *rep, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void violate(eco_check_report *rep, const char *fmt, ...)
{
    rep->n_violations++;
    if (rep->n_stored >= CHECK_MAX_STORED || rep->oom)
        return;
    if (rep->n_stored == rep->cap_stored) {
        int cap = rep->cap_stored ? 2 * rep->cap_stored : 16;
        char **nv = realloc(rep->violations, (size_t)cap * sizeof *nv);
        if (!nv) {
            rep->oom = 1;
            return;
        }
        rep->violations = nv;
        rep->cap_stored = cap;
    }
    char buf[CHECK_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= sizeof buf)
        utf8_trim(buf);
    char *s = eco__strdup(buf);
    if (!s) {
        rep->oom = 1;
        return;
    }
    rep->violations[rep->n_stored++] = s;
}

/* A number for a message: up to 4 decimals, trailing zeros dropped
 * ("1002.3", "1000"). buf must hold 48 bytes. */
static const char *num(char *buf, double v)
{
    snprintf(buf, 48, "%.4f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

/* A time of day for a message: the number, and for native instances
 * (seconds since midnight) also HH:MM:SS. buf must hold 128 bytes. */
static const char *tod(char *buf, const eco_instance *inst, double t)
{
    char n[48];
    num(n, t);
    if (inst->format == ECO_FORMAT_JSON && t >= 0 && t < 1e7) {
        long s = (long)floor(t + 0.5);
        snprintf(buf, 128, "%s (%02ld:%02ld:%02ld)", n, s / 3600, (s / 60) % 60, s % 60);
    } else {
        snprintf(buf, 128, "%s", n);
    }
    return buf;
}

/* ---- travel, recomputed from the instance definition ---- */

static bool is_inf(int64_t v) { return v >= ECO_TIME_INF; }

static double great_circle_m(double lon1, double lat1, double lon2, double lat2)
{
    const double earth_m = 6371008.8, rad = M_PI / 180.0;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double sdlat = sin((p2 - p1) / 2), sdlon = sin((lon2 - lon1) * rad / 2);
    double h = sdlat * sdlat + cos(p1) * cos(p2) * sdlon * sdlon;
    if (h > 1.0)
        h = 1.0;
    return 2.0 * earth_m * asin(sqrt(h));
}

/* Distance and travel time from location a to b, in reported units. Returns
 * false when the instance gives no way to compute them. */
static bool travel(const eco_instance *inst, int a, int b, double *dist, double *time)
{
    const eco_travel_spec *t = &inst->travel;
    switch (t->kind) {
    case ECO_TRAVEL_PLANAR: {
        double dx = inst->loc_x[a] - inst->loc_x[b], dy = inst->loc_y[a] - inst->loc_y[b];
        double d = t->metric == ECO_METRIC_MANHATTAN ? fabs(dx) + fabs(dy) : sqrt(dx * dx + dy * dy);
        /* noise absorbs floating error around exact ties: with decimal
         * coordinates such as 1300198.36, a true Manhattan distance of
         * 236558.5 computes as 236558.49999999977 and would round down. The
         * tolerance scales with the coordinates' size and stays far below
         * any precision the data can carry. */
        double noise = 1e-9 + 1e-12 * (fabs(inst->loc_x[a]) + fabs(inst->loc_x[b]) + fabs(inst->loc_y[a]) +
                                       fabs(inst->loc_y[b]));
        if (t->rounding == ECO_ROUND_NINT)
            d = floor(d + 0.5 + noise);
        else if (t->rounding == ECO_ROUND_TRUNC1)
            d = floor(10.0 * (d + noise)) / 10.0;
        *dist = d;
        if (t->speed_units_per_time > 0) {
            /* time = distance / speed, a whole number of time units */
            double units = d / t->speed_units_per_time / inst->time_unit;
            *time = floor(units + 0.5) * inst->time_unit;
        } else {
            /* speed 0: "time equals distance", in reported units (Solomon) */
            *time = d;
        }
        return true;
    }
    case ECO_TRAVEL_HAVERSINE: {
        /* metres rounded to the metre, seconds rounded to the second */
        double m = a == b ? 0.0
                          : great_circle_m(inst->loc_x[a], inst->loc_y[a], inst->loc_x[b], inst->loc_y[b]) *
                                t->circuity;
        *dist = floor(m + 0.5);
        *time = floor(m / (t->speed_kmh / 3.6) + 0.5);
        return true;
    }
    case ECO_TRAVEL_MATRIX:
    case ECO_TRAVEL_OSRM:
        /* the input's own matrices are the definition of travel */
        if (!inst->dist || !inst->dur)
            return false;
        *dist = (double)inst->dist[(int64_t)a * inst->n_locs + b] * inst->dist_unit;
        *time = (double)inst->dur[(int64_t)a * inst->n_locs + b] * inst->time_unit;
        return true;
    }
    return false;
}

/* ---- one route ---- */

/* Marks of the boxes across the whole solution. */
typedef struct box_marks {
    int *route;        /* first route (0-based) that picks the box up, -1: none */
    int *step;         /* its step (0-based) */
    int *unassigned;   /* first index in sol->unassigned, -1: not listed */
} box_marks;

static const char *box_id(const eco_instance *inst, int b)
{
    return inst->boxes[b].id ? inst->boxes[b].id : "?";
}

/* Checks route r (0-based) of sol, adding its cost to rep. veh_used[v] is the
 * first route using vehicle v, or -1. */
static void check_route(const eco_instance *inst, const eco_solution *sol, int r, int *veh_used,
                        box_marks *marks, eco_check_report *rep)
{
    const eco_route *rt = &sol->routes[r];
    const int rn = r + 1; /* 1-based in messages */
    char n1[48], n2[48], t1[128], t2[128];

    if (rt->n_steps <= 0) {
        if (rt->vehicle < 0 || rt->vehicle >= inst->n_vehicles)
            violate(rep, "route %d: vehicle index %d is out of range (the instance has %d vehicles)", rn,
                    rt->vehicle, inst->n_vehicles);
        return; /* an empty route is not used: no cost, no rule */
    }
    if (rt->vehicle < 0 || rt->vehicle >= inst->n_vehicles) {
        violate(rep, "route %d: vehicle index %d is out of range (the instance has %d vehicles); "
                     "route not evaluated", rn, rt->vehicle, inst->n_vehicles);
        /* still record its boxes so that they are not also reported missing */
        for (int k = 0; k < rt->n_steps; k++) {
            int b = rt->steps[k].ref;
            if (rt->steps[k].type == ECO_STEP_PICKUP && b >= 0 && b < inst->n_boxes && marks->route[b] < 0) {
                marks->route[b] = r;
                marks->step[b] = k;
            }
        }
        return;
    }
    const eco_vehicle *veh = &inst->vehicles[rt->vehicle];
    if (veh->start_depot < 0 || veh->start_depot >= inst->n_depots || veh->end_depot < 0 ||
        veh->end_depot >= inst->n_depots) {
        violate(rep, "route %d (vehicle %s): the vehicle's depot is not in the instance; route not evaluated", rn,
                veh->id);
        return;
    }
    if (veh_used[rt->vehicle] >= 0)
        violate(rep, "route %d (vehicle %s): vehicle is also used by route %d", rn, veh->id,
                veh_used[rt->vehicle] + 1);
    else
        veh_used[rt->vehicle] = r;
    rep->routes++;

    const eco_depot *start_depot = &inst->depots[veh->start_depot];
    const eco_depot *end_depot = &inst->depots[veh->end_depot];
    const double tu = inst->time_unit, du = inst->dist_unit, lu = inst->load_unit;
    /* per-edge slack for unrounded planar travel (see the file comment) */
    const bool exact = inst->travel.kind == ECO_TRAVEL_PLANAR && inst->travel.rounding != ECO_ROUND_NINT &&
                       inst->travel.rounding != ECO_ROUND_TRUNC1;
    const double time_slack = exact ? 0.5 * tu : 0.0, dist_slack = exact ? 0.5 * du : 0.0;

    /* start */
    double shift_start = (double)veh->shift_start * tu, depot_open = (double)start_depot->open * tu;
    double d0;
    if (rt->start_time == -1) {
        d0 = shift_start > depot_open ? shift_start : depot_open;
    } else {
        d0 = (double)rt->start_time * tu;
        if (d0 < shift_start - CHECK_TOL)
            violate(rep, "route %d start (depot %s): departs at %s before the shift starts at %s", rn,
                    start_depot->id, tod(t1, inst, d0), tod(t2, inst, shift_start));
        if (d0 < depot_open - CHECK_TOL)
            violate(rep, "route %d start (depot %s): departs at %s before the depot opens at %s", rn,
                    start_depot->id, tod(t1, inst, d0), tod(t2, inst, depot_open));
    }

    double t = d0, dist = 0.0;
    int pos = start_depot->loc, edges = 0;
    int64_t load[ECO_MAX_MATERIALS] = {0}; /* internal load units */
    int64_t total = 0, day_load = 0;
    int stops = 0, break_step = -1;

    for (int k = 0; k < rt->n_steps; k++) {
        const eco_step *st = &rt->steps[k];
        const int sn = k + 1;
        double d, tt, tol = CHECK_TOL + edges * time_slack;
        if (st->type == ECO_STEP_PICKUP) {
            int b = st->ref;
            if (b < 0 || b >= inst->n_boxes) {
                violate(rep, "route %d step %d: box index %d is out of range (the instance has %d boxes)", rn,
                        sn, b, inst->n_boxes);
                continue;
            }
            const eco_box *box = &inst->boxes[b];
            const char *id = box_id(inst, b);
            /* once in the whole solution */
            if (marks->route[b] >= 0)
                violate(rep, "route %d step %d (box %s): box is also picked up at route %d step %d", rn, sn, id,
                        marks->route[b] + 1, marks->step[b] + 1);
            else {
                marks->route[b] = r;
                marks->step[b] = k;
            }
            if (marks->unassigned[b] >= 0)
                violate(rep, "route %d step %d (box %s): box is also listed as unassigned (entry %d)", rn, sn, id,
                        marks->unassigned[b] + 1);
            if (box->need == ECO_BOX_SKIP)
                violate(rep, "route %d step %d (box %s): box is below the fill threshold (not needed today) "
                             "and must not be routed", rn, sn, id);
            /* travel and time window on the start of service */
            if (!travel(inst, pos, box->loc, &d, &tt)) {
                violate(rep, "route %d step %d (box %s): no travel time available", rn, sn, id);
                d = tt = 0.0;
            }
            edges++;
            tol += time_slack;
            dist += d;
            double a = t + tt, s = a, open = (double)box->tw_open * tu;
            if (s < open)
                s = open;
            if (!is_inf(box->tw_close) && s > (double)box->tw_close * tu + tol)
                violate(rep, "route %d step %d (box %s): service starts at %s after the window closes at %s", rn,
                        sn, id, tod(t1, inst, s), tod(t2, inst, (double)box->tw_close * tu));
            t = s + (double)box->service * tu;
            pos = box->loc;
            /* loads */
            int m = box->material;
            const char *mname = m >= 0 && m < inst->n_materials ? inst->material_names[m] : "?";
            if (m < 0 || m >= inst->n_materials || m >= ECO_MAX_MATERIALS) {
                violate(rep, "route %d step %d (box %s): material index %d is out of range", rn, sn, id, m);
                continue;
            }
            if (!((veh->materials >> m) & 1u))
                violate(rep, "route %d step %d (box %s): vehicle %s may not carry %s", rn, sn, id, veh->id, mname);
            int64_t before = load[m], total_before = total;
            load[m] += box->demand;
            total += box->demand;
            day_load += box->demand;
            stops++;
            /* reported once per crossing: the load only grows until an unload */
            if (!is_inf(veh->cap[m]) && load[m] > veh->cap[m] && before <= veh->cap[m])
                violate(rep, "route %d step %d (box %s): load of %s is %s after the pickup, above the "
                             "vehicle's capacity %s", rn, sn, id, mname, num(n1, (double)load[m] * lu),
                        num(n2, (double)veh->cap[m] * lu));
            if (!is_inf(veh->cap_total) && total > veh->cap_total && total_before <= veh->cap_total)
                violate(rep, "route %d step %d (box %s): total load is %s after the pickup, above the "
                             "vehicle's capacity %s", rn, sn, id, num(n1, (double)total * lu),
                        num(n2, (double)veh->cap_total * lu));
            if (veh->max_stops >= 0 && veh->max_stops < INT32_MAX && stops == veh->max_stops + 1)
                violate(rep, "route %d step %d (box %s): pickup number %d is above max_stops %d", rn, sn, id, stops,
                        veh->max_stops);
            if (!is_inf(veh->max_day_load) && day_load > veh->max_day_load &&
                day_load - box->demand <= veh->max_day_load)
                violate(rep, "route %d step %d (box %s): load picked up over the day is %s, above "
                             "max_day_load %s", rn, sn, id, num(n1, (double)day_load * lu),
                        num(n2, (double)veh->max_day_load * lu));
        } else if (st->type == ECO_STEP_UNLOAD) {
            int f = st->ref;
            if (f < 0 || f >= inst->n_facilities) {
                violate(rep, "route %d step %d: facility index %d is out of range (the instance has %d "
                             "facilities)", rn, sn, f, inst->n_facilities);
                continue;
            }
            const eco_facility *fac = &inst->facilities[f];
            if (!travel(inst, pos, fac->loc, &d, &tt)) {
                violate(rep, "route %d step %d (facility %s): no travel time available", rn, sn, fac->id);
                d = tt = 0.0;
            }
            edges++;
            tol += time_slack;
            dist += d;
            double a = t + tt, s = a, open = (double)fac->open * tu;
            if (s < open)
                s = open;
            double end = s + (double)fac->unload_time * tu;
            if (!is_inf(fac->close) && end > (double)fac->close * tu + tol)
                violate(rep, "route %d step %d (facility %s): unload ends at %s after the facility closes at %s",
                        rn, sn, fac->id, tod(t1, inst, end), tod(t2, inst, (double)fac->close * tu));
            t = end;
            pos = fac->loc;
            for (int m = 0; m < inst->n_materials && m < ECO_MAX_MATERIALS; m++)
                if ((fac->accepts >> m) & 1u) {
                    total -= load[m];
                    load[m] = 0;
                }
        } else if (st->type == ECO_STEP_BREAK) {
            if (!veh->has_break) {
                violate(rep, "route %d step %d (break): vehicle %s has no break", rn, sn, veh->id);
                continue;
            }
            if (break_step >= 0) {
                violate(rep, "route %d step %d (break): second break (the first is step %d)", rn, sn,
                        break_step + 1);
            } else {
                break_step = k;
            }
            double s = t, bmin = (double)veh->break_start_min * tu;
            if (s < bmin)
                s = bmin;
            if (!is_inf(veh->break_start_max) && s > (double)veh->break_start_max * tu + tol)
                violate(rep, "route %d step %d (break): break starts at %s after its window closes at %s", rn, sn,
                        tod(t1, inst, s), tod(t2, inst, (double)veh->break_start_max * tu));
            t = s + (double)veh->break_duration * tu;
        } else {
            violate(rep, "route %d step %d: step type %d is not a pickup, unload or break", rn, sn, (int)st->type);
        }
    }

    /* end */
    double d, tt;
    if (!travel(inst, pos, end_depot->loc, &d, &tt)) {
        violate(rep, "route %d end (depot %s): no travel time available", rn, end_depot->id);
        d = tt = 0.0;
    }
    edges++;
    dist += d;
    double arr = t + tt, tol = CHECK_TOL + edges * time_slack;
    if (!is_inf(end_depot->close) && arr > (double)end_depot->close * tu + tol)
        violate(rep, "route %d end (depot %s): arrives at %s after the depot closes at %s", rn, end_depot->id,
                tod(t1, inst, arr), tod(t2, inst, (double)end_depot->close * tu));
    if (!is_inf(veh->shift_end) && arr > (double)veh->shift_end * tu + tol)
        violate(rep, "route %d end (depot %s): arrives at %s after the shift of vehicle %s ends at %s", rn,
                end_depot->id, tod(t1, inst, arr), veh->id, tod(t2, inst, (double)veh->shift_end * tu));
    double duration = arr - d0;
    if (!is_inf(veh->max_duration) && duration > (double)veh->max_duration * tu + tol)
        violate(rep, "route %d end (depot %s): duration %s is above the maximum %s", rn, end_depot->id,
                num(n1, duration), num(n2, (double)veh->max_duration * tu));
    if (!is_inf(veh->max_distance) && dist > (double)veh->max_distance * du + CHECK_TOL + edges * dist_slack)
        violate(rep, "route %d end (depot %s): distance %s is above the maximum %s", rn, end_depot->id,
                num(n1, dist), num(n2, (double)veh->max_distance * du));
    if (veh->has_break && break_step < 0 && arr > (double)veh->break_start_min * tu + tol)
        violate(rep, "route %d end (depot %s): no break although the route ends at %s, after the break "
                     "window opens at %s", rn, end_depot->id, tod(t1, inst, arr),
                tod(t2, inst, (double)veh->break_start_min * tu));
    if (inst->n_facilities > 0 && inst->return_empty)
        for (int m = 0; m < inst->n_materials && m < ECO_MAX_MATERIALS; m++)
            if (load[m] != 0)
                violate(rep, "route %d end (depot %s): returns with %s of %s on board (trucks must unload "
                             "before returning)", rn, end_depot->id, num(n1, (double)load[m] * lu),
                        inst->material_names[m]);

    /* cost: coefficients are per internal unit, the figures here are reported */
    rep->distance += dist;
    rep->duration += duration;
    rep->cost += veh->fixed_cost + veh->cost_per_dist * (dist / du) + veh->cost_per_time * (duration / tu);
}

/* ---- the whole solution ---- */

eco_status eco_check(const eco_instance *inst, const eco_solution *sol, eco_check_report **out, eco_error *err)
{
    eco_status st = ECO_OK;
    int *veh_used = NULL;
    box_marks marks = {NULL, NULL, NULL};
    eco_check_report *rep = NULL;
    if (out)
        *out = NULL;
    if (!inst || !sol || !out)
        return eco__error(err, ECO_EINPUT, "check", "missing instance, solution or output");
    if ((inst->travel.kind == ECO_TRAVEL_MATRIX || inst->travel.kind == ECO_TRAVEL_OSRM) &&
        (!inst->dist || !inst->dur))
        return eco__error(err, ECO_EINPUT, "check", "the instance has no travel matrix to check against");
    rep = calloc(1, sizeof *rep);
    if (!rep)
        return eco__error(err, ECO_EINTERNAL, "check", "out of memory");
    size_t nb = inst->n_boxes > 0 ? (size_t)inst->n_boxes : 1;
    size_t nv = inst->n_vehicles > 0 ? (size_t)inst->n_vehicles : 1;
    marks.route = malloc(nb * sizeof(int));
    marks.step = malloc(nb * sizeof(int));
    marks.unassigned = malloc(nb * sizeof(int));
    veh_used = malloc(nv * sizeof(int));
    if (!marks.route || !marks.step || !marks.unassigned || !veh_used) {
        st = eco__error(err, ECO_EINTERNAL, "check", "out of memory for %d boxes", inst->n_boxes);
        goto out;
    }
    for (int b = 0; b < inst->n_boxes; b++)
        marks.route[b] = marks.step[b] = marks.unassigned[b] = -1;
    for (int v = 0; v < inst->n_vehicles; v++)
        veh_used[v] = -1;

    /* the unassigned list first, so that routes can name clashes with it */
    for (int i = 0; i < sol->n_unassigned; i++) {
        int b = sol->unassigned[i].box;
        if (b < 0 || b >= inst->n_boxes)
            violate(rep, "unassigned entry %d: box index %d is out of range (the instance has %d boxes)", i + 1, b,
                    inst->n_boxes);
        else if (marks.unassigned[b] >= 0)
            violate(rep, "unassigned entry %d (box %s): box is listed twice (also entry %d)", i + 1,
                    box_id(inst, b), marks.unassigned[b] + 1);
        else
            marks.unassigned[b] = i;
    }

    for (int r = 0; r < sol->n_routes; r++)
        check_route(inst, sol, r, veh_used, &marks, rep);

    /* every box in a route or listed; prizes of optional boxes left out */
    for (int b = 0; b < inst->n_boxes; b++) {
        const eco_box *box = &inst->boxes[b];
        if (marks.route[b] >= 0) {
            rep->served++;
            continue;
        }
        rep->unassigned++;
        if (box->need == ECO_BOX_MANDATORY)
            rep->unassigned_mandatory++;
        else if (box->need == ECO_BOX_OPTIONAL) {
            rep->unassigned_optional++;
            rep->prizes += box->prize;
        } else {
            rep->unassigned_skip++;
        }
        if (marks.unassigned[b] < 0)
            violate(rep, "box %s: in no route and not listed as unassigned", box_id(inst, b));
    }
    rep->cost += rep->prizes;
    if (rep->oom)
        st = eco__error(err, ECO_EINTERNAL, "check", "out of memory while recording violations");
out:
    free(marks.route);
    free(marks.step);
    free(marks.unassigned);
    free(veh_used);
    if (st != ECO_OK) {
        eco_check_report_destroy(rep);
        return st;
    }
    *out = rep;
    return ECO_OK;
}

/* ---- the report ---- */

void eco_check_report_destroy(eco_check_report *rep)
{
    if (!rep)
        return;
    for (int i = 0; i < rep->n_stored; i++)
        free(rep->violations[i]);
    free(rep->violations);
    free(rep);
}

int eco_check_report_feasible(const eco_check_report *rep) { return rep && rep->n_violations == 0; }
int eco_check_report_n_violations(const eco_check_report *rep) { return rep ? rep->n_violations : 0; }
double eco_check_report_cost(const eco_check_report *rep) { return rep ? rep->cost : 0.0; }
double eco_check_report_distance(const eco_check_report *rep) { return rep ? rep->distance : 0.0; }

/* Texts beyond the stored ones (the count goes on) return NULL. */
const char *eco_check_report_violation(const eco_check_report *rep, int i)
{
    if (!rep || i < 0 || i >= rep->n_stored)
        return NULL;
    return rep->violations[i];
}

static eco_status write_json(const eco_check_report *rep, FILE *f)
{
    eco_status st = ECO_EINTERNAL;
    json_t *root = json_object(), *list = json_array();
    if (!root || !list)
        goto out;
    for (int i = 0; i < rep->n_stored; i++)
        if (json_array_append_new(list, json_string(rep->violations[i])) != 0)
            goto out;
    int bad = 0;
    bad |= json_object_set_new(root, "feasible", json_boolean(rep->n_violations == 0));
    bad |= json_object_set_new(root, "cost", json_real(rep->cost));
    bad |= json_object_set_new(root, "distance", json_real(rep->distance));
    bad |= json_object_set_new(root, "duration", json_real(rep->duration));
    bad |= json_object_set_new(root, "routes", json_integer(rep->routes));
    bad |= json_object_set_new(root, "served", json_integer(rep->served));
    bad |= json_object_set_new(root, "unassigned", json_integer(rep->unassigned));
    bad |= json_object_set_new(root, "unassigned_mandatory", json_integer(rep->unassigned_mandatory));
    bad |= json_object_set_new(root, "unassigned_optional", json_integer(rep->unassigned_optional));
    bad |= json_object_set_new(root, "unassigned_below_threshold", json_integer(rep->unassigned_skip));
    bad |= json_object_set_new(root, "prizes", json_real(rep->prizes));
    bad |= json_object_set_new(root, "n_violations", json_integer(rep->n_violations));
    bad |= json_object_set_new(root, "violations", list);
    list = NULL; /* owned by root now, even on failure */
    if (bad)
        goto out;
    if (json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) != 0 ||
        fputc('\n', f) == EOF)
        goto out;
    st = ECO_OK;
out:
    json_decref(list);
    json_decref(root);
    return st;
}

eco_status eco_check_report_write(const eco_check_report *rep, int json, FILE *f)
{
    if (!rep || !f)
        return ECO_EINPUT;
    if (json)
        return write_json(rep, f) == ECO_OK && !ferror(f) ? ECO_OK : ECO_EINTERNAL;
    for (int i = 0; i < rep->n_stored; i++)
        fprintf(f, "%s\n", rep->violations[i]);
    if (rep->n_violations > rep->n_stored)
        fprintf(f, "... and %d more violations\n", rep->n_violations - rep->n_stored);
    char c[48], d[48], u[48];
    fprintf(f, "feasible: %s cost %s distance %s routes %d served %d unassigned %d (mandatory %d, optional %d, "
               "below threshold %d) duration %s violations %d\n",
            rep->n_violations == 0 ? "yes" : "no", num(c, rep->cost), num(d, rep->distance), rep->routes,
            rep->served, rep->unassigned, rep->unassigned_mandatory, rep->unassigned_optional,
            rep->unassigned_skip, num(u, rep->duration), rep->n_violations);
    return ferror(f) ? ECO_EINTERNAL : ECO_OK;
}
