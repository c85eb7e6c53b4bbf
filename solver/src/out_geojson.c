/*
 * out_geojson.c - the solution as an RFC 7946 GeoJSON FeatureCollection for
 * GIS tools (QGIS, geojson.io): a LineString per trip, then a Point per box,
 * facility and depot. One feature per line, so that the file reads and diffs
 * well. Coordinates are [lon, lat] rounded to 1e-6 degrees (about 0.1 m).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "out_common.h"

/* A number as a JSON integer when it is one, else a real rounded to 1e-6. */
static json_t *num(double v)
{
    if (!isfinite(v))
        return json_null();
    v = round(v * 1e6) / 1e6;
    if (fabs(v) < 9e15 && v == floor(v))
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* A string; ids are valid UTF-8 from every reader, a file name may not be. */
static json_t *str(const char *s)
{
    json_t *j = json_string(s ? s : "");
    return j ? j : json_string("?");
}

static json_t *position(const eco_instance *inst, int loc)
{
    return json_pack("[oo]", num(inst->loc_x[loc]), num(inst->loc_y[loc]));
}

/* A point feature at loc (geometry null when the location is unknown). */
static json_t *point_feature(const eco_instance *inst, int loc, json_t *props)
{
    json_t *geom = eco__out_loc_known(inst, loc) ? json_pack("{s:s,s:o}", "type", "Point", "coordinates",
                                                             position(inst, loc))
                                                 : json_null();
    return json_pack("{s:s,s:o,s:o}", "type", "Feature", "geometry", geom, "properties", props);
}

static void set(json_t *o, const char *key, json_t *v)
{
    json_object_set_new(o, key, v);
}

static void set_time(json_t *o, const eco_instance *inst, const char *key, int64_t t)
{
    set(o, key, num((double)t * inst->time_unit));
    if (eco__out_seconds(inst)) {
        char k[64], buf[32];
        snprintf(k, sizeof k, "%s_time", key);
        set(o, k, str(eco__out_clock(buf, sizeof buf, inst, t)));
    }
}

/* Writes one feature on its own line; separator before all but the first. */
static int emit(FILE *f, json_t *feature, int *count)
{
    if (!feature)
        return -1;
    fputs(*count ? ",\n" : "\n", f);
    int rc = json_dumpf(feature, f, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(12));
    json_decref(feature);
    (*count)++;
    return rc;
}

/* Where each box is served: route and stop, or -1. */
typedef struct box_visit {
    int route;      /* index into sol->routes, -1: not served */
    int number;     /* 1-based number among used routes */
    int seq, trip;
    int64_t arrival, start, departure, load;
} box_visit;

/* Road points a..b as positions, without repeats. */
static json_t *road_coords(const eco_out_road *road, int a, int b)
{
    json_t *coords = json_array();
    double px = NAN, py = NAN;
    for (int j = a; coords && j <= b; j++) {
        double x = round(road->lon[j] * 1e6) / 1e6, y = round(road->lat[j] * 1e6) / 1e6;
        if (x == px && y == py)
            continue;
        json_array_append_new(coords, json_pack("[oo]", num(x), num(y)));
        px = x;
        py = y;
    }
    return coords;
}

/* The trip LineStrings of one route: straight segments between the stops,
 * or the road geometry between them when the route carries it. */
static int emit_trips(FILE *f, const eco_instance *inst, const eco_route *r, int number, int *count,
                      const eco_out_road *road)
{
    const eco_vehicle *v = &inst->vehicles[r->vehicle];
    char color[8];
    eco__out_color(number - 1, color);
    eco_out_walk w;
    eco__out_walk_begin(&w, inst, r);
    json_t *coords = json_array();
    if (!coords)
        return -1;
    int stops = 0, first_seq = 0, last_loc = -1;
    int64_t dist = 0, depart = 0, peak = 0, collected = 0;
    while (eco__out_walk_next(&w)) {
        const eco_out_stop *s = &w.stop;
        if (s->type == ECO_STEP_START)
            depart = s->departure;
        dist += s->leg_dist;
        if (s->type == ECO_STEP_PICKUP) {
            stops++;
            collected += s->amount;
        }
        if (s->load > peak)
            peak = s->load;
        if (eco__out_loc_known(inst, s->loc) && s->loc != last_loc) {
            json_array_append_new(coords, position(inst, s->loc));
            last_loc = s->loc;
        }
        if (!s->ends_trip)
            continue;
        if (road->n > 0) {
            json_decref(coords);
            coords = road_coords(road, road->at[first_seq], road->at[s->seq]);
            if (!coords)
                return -1;
        }
        /* a LineString needs two positions: a trip to a box at the depot's
         * own location repeats the one position */
        if (json_array_size(coords) == 1)
            json_array_append(coords, json_array_get(coords, 0));
        json_t *props = json_object();
        if (!props) {
            json_decref(coords);
            return -1;
        }
        set(props, "kind", str("trip"));
        set(props, "vehicle", str(v->id));
        set(props, "route", json_integer(number));
        set(props, "trip", json_integer(s->trip));
        set(props, "stops", json_integer(stops));
        set(props, "first_sequence", json_integer(first_seq));
        set(props, "last_sequence", json_integer(s->seq));
        set_time(props, inst, "departure", depart);
        set_time(props, inst, "arrival", s->arrival);
        set(props, "distance", num((double)dist * inst->dist_unit));
        set(props, "collected", num((double)collected * inst->load_unit));
        set(props, "peak_load", num((double)peak * inst->load_unit));
        set(props, "ends_at", str(s->id));
        set(props, "path", str(road->n > 0 ? "road" : "straight"));
        set(props, "stroke", str(color));
        set(props, "stroke-width", json_integer(3));
        json_t *geom = json_array_size(coords) >= 2
                           ? json_pack("{s:s,s:o}", "type", "LineString", "coordinates", coords)
                           : (json_decref(coords), json_null());
        coords = NULL;
        if (emit(f, json_pack("{s:s,s:o,s:o}", "type", "Feature", "geometry", geom, "properties", props), count) <
            0)
            return -1;
        if (s->type == ECO_STEP_END)
            break;
        /* the next trip starts where this one ended */
        coords = json_array();
        if (!coords)
            return -1;
        first_seq = s->seq;
        depart = s->departure;
        dist = collected = 0;
        peak = s->load;
        stops = 0;
        last_loc = -1;
        if (eco__out_loc_known(inst, s->loc)) {
            json_array_append_new(coords, position(inst, s->loc));
            last_loc = s->loc;
        }
    }
    json_decref(coords);
    return 0;
}

eco_status eco_solution_write_geojson(const eco_instance *inst, const eco_solution *sol_in, FILE *f,
                                      eco_error *err)
{
    const eco_solution *sol;
    eco_solution *owned = NULL;
    box_visit *visit = NULL;
    eco_status st = eco_output_check(inst, ECO_OUTPUT_GEOJSON, err);
    if (st != ECO_OK)
        return st;
    st = eco__out_scheduled(inst, sol_in, &sol, &owned, err);
    if (st != ECO_OK)
        return st;
    visit = malloc((size_t)(inst->n_boxes > 0 ? inst->n_boxes : 1) * sizeof *visit);
    int *depot_use = calloc((size_t)inst->n_depots + 1, sizeof *depot_use);
    int *fac_use = calloc((size_t)inst->n_facilities + 1, sizeof *fac_use);
    if (!visit || !depot_use || !fac_use) {
        st = eco__error(err, ECO_EINTERNAL, "geojson", "out of memory");
        goto out;
    }
    for (int b = 0; b < inst->n_boxes; b++)
        visit[b].route = -1;

    /* bounding box over every known location */
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    for (int i = 0; i < inst->n_locs; i++)
        if (eco__out_loc_known(inst, i)) {
            minx = fmin(minx, inst->loc_x[i]);
            maxx = fmax(maxx, inst->loc_x[i]);
            miny = fmin(miny, inst->loc_y[i]);
            maxy = fmax(maxy, inst->loc_y[i]);
        }

    fputs("{\"type\":\"FeatureCollection\",\"name\":", f);
    json_t *name = str(inst->name);
    json_dumpf(name, f, JSON_ENCODE_ANY);
    json_decref(name);
    json_t *bbox = json_pack("[oooo]", num(minx), num(miny), num(maxx), num(maxy));
    fputs(",\"bbox\":", f);
    json_dumpf(bbox, f, JSON_COMPACT | JSON_REAL_PRECISION(12));
    json_decref(bbox);
    fputs(",\"features\":[", f);

    int count = 0, number = 0;
    for (int r = 0; r < sol->n_routes; r++) {
        const eco_route *rt = &sol->routes[r];
        if (!eco__out_route_used(rt))
            continue;
        number++;
        const eco_vehicle *v = &inst->vehicles[rt->vehicle];
        depot_use[v->start_depot]++;
        eco_out_road road;
        st = eco__out_road(inst, rt, &road, err);
        if (st != ECO_OK)
            goto out;
        int rc = emit_trips(f, inst, rt, number, &count, &road);
        eco__out_road_free(&road);
        if (rc < 0) {
            st = eco__error(err, ECO_EINTERNAL, "geojson", "out of memory or write error");
            goto out;
        }
        eco_out_walk w;
        eco__out_walk_begin(&w, inst, rt);
        while (eco__out_walk_next(&w)) {
            const eco_out_stop *s = &w.stop;
            if (s->type == ECO_STEP_UNLOAD)
                fac_use[s->ref]++;
            if (s->type != ECO_STEP_PICKUP)
                continue;
            box_visit *bv = &visit[s->ref];
            bv->route = r;
            bv->number = number;
            bv->seq = s->seq;
            bv->trip = s->trip;
            bv->arrival = s->arrival;
            bv->start = s->start;
            bv->departure = s->departure;
            bv->load = s->load;
        }
    }

    const char **reason = calloc((size_t)(inst->n_boxes > 0 ? inst->n_boxes : 1), sizeof *reason);
    if (!reason) {
        st = eco__error(err, ECO_EINTERNAL, "geojson", "out of memory");
        goto out;
    }
    for (int i = 0; i < sol->n_unassigned; i++)
        reason[sol->unassigned[i].box] = sol->unassigned[i].reason;

    for (int b = 0; b < inst->n_boxes && st == ECO_OK; b++) {
        const eco_box *bx = &inst->boxes[b];
        const box_visit *bv = &visit[b];
        json_t *p = json_object();
        if (!p) {
            st = eco__error(err, ECO_EINTERNAL, "geojson", "out of memory");
            break;
        }
        char color[8];
        set(p, "kind", str("box"));
        set(p, "id", str(bx->id));
        set(p, "material", str(inst->material_names[bx->material]));
        set(p, "amount", num((double)bx->demand * inst->load_unit));
        if (isfinite(bx->fill))
            set(p, "fill", num(bx->fill));
        if (isfinite(bx->predicted_fill))
            set(p, "predicted_fill", num(bx->predicted_fill));
        set(p, "need", str(eco__out_need_name(bx->need)));
        if (bv->route >= 0) {
            eco__out_color(bv->number - 1, color);
            set(p, "status", str("served"));
            set(p, "vehicle", str(inst->vehicles[sol->routes[bv->route].vehicle].id));
            set(p, "route", json_integer(bv->number));
            set(p, "trip", json_integer(bv->trip));
            set(p, "sequence", json_integer(bv->seq));
            set_time(p, inst, "arrival", bv->arrival);
            if (bv->start != bv->arrival)
                set_time(p, inst, "start", bv->start);
            set_time(p, inst, "departure", bv->departure);
            set(p, "load", num((double)bv->load * inst->load_unit));
            set(p, "marker-color", str(color));
            set(p, "marker-size", str("small"));
        } else {
            set(p, "status", str("unassigned"));
            set(p, "reason", str(reason[b] ? reason[b] : "not in any route"));
            set(p, "marker-color", str(bx->need == ECO_BOX_MANDATORY ? "#e00000" : "#999999"));
            set(p, "marker-size", str(bx->need == ECO_BOX_MANDATORY ? "medium" : "small"));
        }
        if (emit(f, point_feature(inst, bx->loc, p), &count) < 0)
            st = eco__error(err, ECO_EINTERNAL, "geojson", "out of memory or write error");
    }
    free(reason);
    for (int i = 0; i < inst->n_facilities && st == ECO_OK; i++) {
        const eco_facility *fc = &inst->facilities[i];
        char mats[512];
        json_t *acc = json_array();
        for (int m = 0; acc && m < inst->n_materials; m++)
            if (fc->accepts & (1u << m))
                json_array_append_new(acc, str(inst->material_names[m]));
        eco__out_materials(mats, sizeof mats, inst, fc->accepts, ", ");
        json_t *p = json_pack("{s:s,s:o,s:o,s:o,s:i,s:s,s:s,s:s}", "kind", "facility", "id", str(fc->id),
                              "facility_kind", str(fc->kind), "accepts", acc ? acc : json_array(), "visits",
                              fac_use[i], "marker-color", "#5b3a1a", "marker-symbol", "industrial", "marker-size",
                              "large");
        if (!p || emit(f, point_feature(inst, fc->loc, p), &count) < 0)
            st = eco__error(err, ECO_EINTERNAL, "geojson", "out of memory or write error");
    }
    for (int i = 0; i < inst->n_depots && st == ECO_OK; i++) {
        const eco_depot *d = &inst->depots[i];
        json_t *p = json_pack("{s:s,s:o,s:i,s:s,s:s,s:s}", "kind", "depot", "id", str(d->id), "vehicles",
                              depot_use[i], "marker-color", "#000000", "marker-symbol", "warehouse", "marker-size",
                              "large");
        if (!p || emit(f, point_feature(inst, d->loc, p), &count) < 0)
            st = eco__error(err, ECO_EINTERNAL, "geojson", "out of memory or write error");
    }
    fputs("\n]}\n", f);
    if (st == ECO_OK)
        st = eco__out_flush(f, "geojson", err);
out:
    free(visit);
    free(depot_use);
    free(fac_use);
    eco_solution_destroy(owned);
    return st;
}
