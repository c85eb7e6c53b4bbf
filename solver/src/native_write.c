/*
 * native_write.c - an instance written as the native JSON model (README
 * "Native JSON model"), for `ecoroute convert --to native`: reading the
 * result back gives the same routing problem.
 *
 * What the native model cannot say is refused with ECO_EINPUT naming the
 * entity and field, never dropped: descriptions and priorities of a VROOM
 * problem, times beyond 7 days, distances or times in fractions of a unit,
 * zero capacities, zero-length breaks. Open windows (no limit) become the
 * model's 7-day horizon. Loads are written in the model's kg: one VROOM
 * amount unit becomes 1 kg.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ecoroute/vroom.h"
#include "json_util.h"
#include "model.h"
#include "vroom_meta.h"

#define DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
#define HORIZON_S 604800LL   /* the native model's largest time: 7 days */
#define MAX_KG 1e9           /* the native model's largest load or capacity */
#define MAX_MATRIX 20000     /* the native model's largest matrix */

typedef struct nctx {
    const eco_instance *inst;
    const eco_vroom_meta *meta;
    eco__jlog log;          /* errors: the caller's eco_error, count */
} nctx;

static bool is_inf(int64_t v) { return v >= ECO_TIME_INF / 2; }

/* A field's name in the input's terms: VROOM's for a VROOM problem. */
static const char *fld(const nctx *c, const char *native, const char *vroom) { return c->meta ? vroom : native; }

static json_t *num(double v)
{
    if (isfinite(v) && fabs(v) < 9e15 && v == floor(v))
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* A time in the model's horizon; an open end becomes the horizon. */
static json_t *time_of(nctx *c, int64_t t, const char *where)
{
    if (is_inf(t))
        return json_integer(HORIZON_S);
    if (t < 0 || t > HORIZON_S)
        eco__jfail(&c->log, where, "time %lld is beyond the native model's 7 days (%lld s)", (long long)t, HORIZON_S);
    return json_integer((json_int_t)t);
}

static json_t *window(nctx *c, int64_t a, int64_t b, const char *where)
{
    json_t *ja = time_of(c, a, where);
    json_t *jb = time_of(c, b, where);
    return json_pack("[oo]", ja, jb);
}

static double kg(const eco_instance *inst, int64_t v) { return (double)v * inst->load_unit; }

static json_t *kg_json(const eco_instance *inst, int64_t v) { return num(round(kg(inst, v) * 1e6) / 1e6); }

/* "location" and/or "location_index" of a location. */
static void set_loc(const nctx *c, json_t *o, int loc, bool has_location)
{
    const eco_instance *inst = c->inst;
    bool matrix = inst->travel.kind != ECO_TRAVEL_HAVERSINE;
    if (inst->coord_kind == ECO_COORD_GEO && (!matrix || has_location))
        json_object_set_new(o, "location", json_pack("[oo]", num(inst->loc_x[loc]), num(inst->loc_y[loc])));
    if (matrix)
        json_object_set_new(o, "location_index", json_integer(loc));
}

static json_t *names(const eco_instance *inst, uint32_t mask)
{
    json_t *a = json_array();
    for (int m = 0; m < inst->n_materials; m++)
        if ((mask >> m) & 1u)
            json_array_append_new(a, json_string(inst->material_names[m]));
    return a;
}

static void no_description(nctx *c, const char *d, const char *where)
{
    if (d)
        eco__jfail(&c->log, where, "the native model has no descriptions; remove it to convert");
}

static json_t *write_depot(nctx *c, int d)
{
    const eco_depot *dep = &c->inst->depots[d];
    char where[160];
    if (c->meta) /* VROOM's depots are open all the time: never refused */
        snprintf(where, sizeof where, "%s (a vehicle's start or end)", dep->id);
    else
        snprintf(where, sizeof where, "depots[%d] (%s).time_window", d, dep->id);
    /* a VROOM depot has coordinates when a vehicle starting or ending there gave them */
    bool has = !c->meta;
    for (int v = 0; c->meta && v < c->inst->n_vehicles; v++) {
        const eco_vehicle *veh = &c->inst->vehicles[v];
        has |= (veh->start_depot == d && c->meta->vehicles[v].start_has_location) ||
               (veh->end_depot == d && c->meta->vehicles[v].end_has_location);
    }
    json_t *o = json_pack("{s:s}", "id", dep->id);
    set_loc(c, o, dep->loc, has);
    json_object_set_new(o, "time_window", window(c, dep->open, dep->close, where));
    return o;
}

static json_t *write_vehicle(nctx *c, int v)
{
    const eco_instance *inst = c->inst;
    const eco_vehicle *veh = &inst->vehicles[v];
    const eco_vroom_vehicle *mv = c->meta ? &c->meta->vehicles[v] : NULL;
    char p[160], q[200];
    if (c->meta)
        snprintf(p, sizeof p, "vehicles[%d]", v);
    else
        snprintf(p, sizeof p, "vehicles[%d] (%s)", v, veh->id);
    if (mv) { /* VROOM's paths for what VROOM said */
        snprintf(q, sizeof q, "vehicles[%d].description", v);
        no_description(c, mv->description, q);
        snprintf(q, sizeof q, "vehicles[%d].breaks[0].description", v);
        no_description(c, mv->break_description, q);
    }
    json_t *o = json_pack("{s:s,s:s,s:s}", "id", veh->id, "depot", inst->depots[veh->start_depot].id, "end_depot",
                          inst->depots[veh->end_depot].id);
    /* capacity: one number (shared body) or kg per material (compartments) */
    bool comp = false;
    for (int m = 0; m < inst->n_materials; m++)
        comp |= !is_inf(veh->cap[m]);
    snprintf(q, sizeof q, "%s.capacity", p);
    if (comp && !is_inf(veh->cap_total)) {
        eco__jfail(&c->log, q, "a total capacity together with capacities per material cannot be written in the native model");
    } else if (comp) {
        json_t *cap = json_object();
        uint32_t mask = 0;
        for (int m = 0; m < inst->n_materials; m++) {
            if (!((veh->materials >> m) & 1u) || veh->cap[m] == 0)
                continue;
            double x = is_inf(veh->cap[m]) ? MAX_KG : kg(inst, veh->cap[m]);
            if (x > MAX_KG)
                eco__jfail(&c->log, q, "%.10g kg for %s is more than the native model's %.10g", x, inst->material_names[m],
                       MAX_KG);
            int64_t units = is_inf(veh->cap[m]) ? llround(MAX_KG / inst->load_unit) : veh->cap[m];
            json_object_set_new(cap, inst->material_names[m], kg_json(inst, units));
            mask |= 1u << m;
        }
        if (mask == 0)
            eco__jfail(&c->log, q, "a vehicle that can carry nothing cannot be written in the native model");
        /* a material with no room: an empty box of it would differ */
        for (int i = 0; i < inst->n_boxes; i++)
            if (((veh->materials >> inst->boxes[i].material) & 1u) && !((mask >> inst->boxes[i].material) & 1u)) {
                eco__jfail(&c->log, q, "capacity 0 for %s, which empty boxes need: cannot be written in the native model",
                       inst->material_names[inst->boxes[i].material]);
                break;
            }
        json_object_set_new(o, "capacity_kg", cap);
        json_object_set_new(o, "materials", names(inst, mask));
    } else {
        double x;
        if (is_inf(veh->cap_total)) {
            double total = 0;
            for (int i = 0; i < inst->n_boxes; i++)
                total += kg(inst, inst->boxes[i].demand);
            if (total > MAX_KG)
                eco__jfail(&c->log, q, "no capacity limit, and the boxes weigh more than the native model's largest "
                             "capacity (%.10g kg)", MAX_KG);
            x = MAX_KG;
        } else {
            x = kg(inst, veh->cap_total);
            if (x <= 0)
                eco__jfail(&c->log, q, "capacity 0 cannot be written in the native model (capacities are positive)");
            if (x > MAX_KG)
                eco__jfail(&c->log, q, "%.10g kg is more than the native model's %.10g", x, MAX_KG);
        }
        json_object_set_new(o, "capacity_kg", num(round(x * 1e6) / 1e6));
        json_object_set_new(o, "materials", names(inst, veh->materials));
    }
    snprintf(q, sizeof q, "%s.%s", p, fld(c, "shift", "time_window"));
    json_object_set_new(o, "shift", window(c, veh->shift_start, veh->shift_end, q));
    if (!is_inf(veh->max_duration))
        json_object_set_new(o, "max_duration_s", json_integer((json_int_t)veh->max_duration));
    if (!is_inf(veh->max_distance))
        json_object_set_new(o, "max_distance_m", json_integer((json_int_t)veh->max_distance));
    json_object_set_new(o, "costs",
                        json_pack("{s:o,s:o,s:o}", "fixed", num(veh->fixed_cost), "per_km",
                                  num(veh->cost_per_dist * 1000.0), "per_hour", num(veh->cost_per_time * 3600.0)));
    if (veh->has_break) {
        snprintf(q, sizeof q, "%s.%s", p, fld(c, "break", "breaks[0]"));
        if (veh->break_duration <= 0)
            eco__jfail(&c->log, q, "a break of 0 s cannot be written in the native model (breaks last > 0 s)");
        json_object_set_new(o, "break",
                            json_pack("{s:I,s:o}", "duration_s", (json_int_t)veh->break_duration, "start_window",
                                      window(c, veh->break_start_min, veh->break_start_max, q)));
    }
    if (veh->max_stops < INT32_MAX) {
        if (veh->max_stops < 1) {
            snprintf(q, sizeof q, "%s.%s", p, fld(c, "max_stops", "max_tasks"));
            eco__jfail(&c->log, q, "0 cannot be written in the native model (at least 1)");
        }
        json_object_set_new(o, "max_stops", json_integer(veh->max_stops));
    }
    if (!is_inf(veh->max_day_load))
        json_object_set_new(o, "max_day_load_kg", kg_json(inst, veh->max_day_load));
    return o;
}

static json_t *write_facility(nctx *c, int f)
{
    const eco_instance *inst = c->inst;
    const eco_facility *fa = &inst->facilities[f];
    const eco_vroom_task *t = c->meta ? &c->meta->facilities[f] : NULL;
    char p[160], q[200];
    if (c->meta)
        snprintf(p, sizeof p, "facilities[%d]", f);
    else
        snprintf(p, sizeof p, "facilities[%d] (%s)", f, fa->id);
    if (t) {
        snprintf(q, sizeof q, "facilities[%d].description", f);
        no_description(c, t->description, q);
    }
    json_t *o = json_pack("{s:s,s:s}", "id", fa->id, "kind", fa->kind);
    set_loc(c, o, fa->loc, !t || t->has_location);
    json_object_set_new(o, "accepts", names(inst, fa->accepts));
    json_object_set_new(o, "unload_s", json_integer((json_int_t)fa->unload_time));
    snprintf(q, sizeof q, "%s.%s", p, fld(c, "hours", "time_windows"));
    json_object_set_new(o, "hours", window(c, fa->open, fa->close, q));
    return o;
}

static json_t *write_box(nctx *c, int i)
{
    const eco_instance *inst = c->inst;
    const eco_box *b = &inst->boxes[i];
    const eco_vroom_task *t = c->meta ? &c->meta->jobs[i] : NULL;
    char p[160], q[200];
    if (c->meta)
        snprintf(p, sizeof p, "jobs[%d]", i);
    else
        snprintf(p, sizeof p, "boxes[%d] (%s)", i, b->id);
    if (t) {
        snprintf(q, sizeof q, "jobs[%d].description", i);
        no_description(c, t->description, q);
        if (t->priority) {
            snprintf(q, sizeof q, "jobs[%d].priority", i);
            eco__jfail(&c->log, q, "the native model has no priorities; remove them to convert");
        }
    }
    if (b->need == ECO_BOX_SKIP)
        eco__jfail(&c->log, p, "a box below the fill threshold cannot be written yet (its fill forecast is not kept)");
    json_t *o = json_pack("{s:s}", "id", b->id);
    set_loc(c, o, b->loc, !t || t->has_location);
    json_object_set_new(o, "material", json_string(inst->material_names[b->material]));
    double x = kg(inst, b->demand);
    if (x > MAX_KG) {
        snprintf(q, sizeof q, "%s.%s", p, fld(c, "load_kg", "pickup"));
        eco__jfail(&c->log, q, "%.10g kg is more than the native model's %.10g", x, MAX_KG);
    }
    json_object_set_new(o, "load_kg", kg_json(inst, b->demand));
    if (b->service)
        json_object_set_new(o, "service_s", json_integer((json_int_t)b->service));
    if (b->tw_open > 0 || !is_inf(b->tw_close)) {
        snprintf(q, sizeof q, "%s.%s", p, fld(c, "time_window", "time_windows"));
        json_object_set_new(o, "time_window", window(c, b->tw_open, b->tw_close, q));
    }
    json_object_set_new(o, "mandatory", json_boolean(b->need == ECO_BOX_MANDATORY));
    if (b->need == ECO_BOX_OPTIONAL)
        json_object_set_new(o, "prize", num(b->prize));
    return o;
}

static void write_matrix(FILE *f, const int32_t *m, int n)
{
    fputs("[\n", f);
    for (int i = 0; i < n; i++) {
        fputs("      [", f);
        for (int j = 0; j < n; j++)
            fprintf(f, j ? ",%d" : "%d", m[(size_t)i * n + j]);
        fprintf(f, "]%s\n", i + 1 < n ? "," : "");
    }
    fputs("    ]", f);
}

eco_status eco_instance_write_native(const eco_instance *inst, FILE *f, eco_error *err)
{
    nctx c = {.inst = inst, .meta = inst->vroom, .log = {.err = err}};
    bool matrix = inst->travel.kind != ECO_TRAVEL_HAVERSINE;
    if (inst->dist_unit != 1.0 || inst->time_unit != 1.0)
        eco__jfail(&c.log, "travel", "distances in steps of %g %s and times in steps of %g %s cannot be written in the native "
                             "model's whole metres and seconds (for planar instances use --rounding nint)",
               inst->dist_unit, inst->dist_unit_name, inst->time_unit, inst->time_unit_name);
    if (matrix && (!inst->dist || !inst->dur || inst->n_locs > MAX_MATRIX))
        eco__jfail(&c.log, "travel", "%d locations are too many for the native model's matrix (at most %d)", inst->n_locs,
               MAX_MATRIX);
    json_t *root = json_object();
    json_object_set_new(root, "name", json_string(inst->name));
    json_t *mats = json_array();
    for (int m = 0; m < inst->n_materials; m++)
        json_array_append_new(mats, json_string(inst->material_names[m]));
    json_object_set_new(root, "materials", mats);
    json_t *a = json_array();
    for (int d = 0; d < inst->n_depots; d++)
        json_array_append_new(a, write_depot(&c, d));
    json_object_set_new(root, "depots", a);
    a = json_array();
    for (int v = 0; v < inst->n_vehicles; v++)
        json_array_append_new(a, write_vehicle(&c, v));
    json_object_set_new(root, "vehicles", a);
    if (inst->n_facilities > 0) {
        a = json_array();
        for (int i = 0; i < inst->n_facilities; i++)
            json_array_append_new(a, write_facility(&c, i));
        json_object_set_new(root, "facilities", a);
    }
    a = json_array();
    for (int i = 0; i < inst->n_boxes; i++)
        json_array_append_new(a, write_box(&c, i));
    json_object_set_new(root, "boxes", a);
    json_t *opts = json_pack("{s:o,s:b}", "fill_threshold", num(inst->fill_threshold), "return_empty",
                             inst->return_empty);
    if (inst->opt_time_limit_s > 0)
        json_object_set_new(opts, "time_limit_s", num(inst->opt_time_limit_s));
    if (inst->opt_threads >= 1)
        json_object_set_new(opts, "threads", json_integer(inst->opt_threads));
    if (inst->opt_seed > 0)
        json_object_set_new(opts, "seed", json_integer((json_int_t)inst->opt_seed));
    json_object_set_new(root, "options", opts);
    if (!matrix)
        json_object_set_new(root, "travel",
                            json_pack("{s:s,s:o,s:o}", "provider", "haversine", "circuity",
                                      num(inst->travel.circuity), "speed_kmh", num(inst->travel.speed_kmh)));
    if (c.log.n_errors) {
        json_decref(root);
        return ECO_EINPUT;
    }
    char *text = json_dumps(root, DUMP_FLAGS | JSON_INDENT(2));
    json_decref(root);
    if (!text)
        return eco__error(err, ECO_EINTERNAL, "output", "out of memory while writing the native model");
    eco__json_compact_arrays(text);
    char *close = strrchr(text, '}');
    if (matrix && close) {
        /* the matrices stream after the tree: too large for one in memory */
        *close = '\0';
        size_t n = strlen(text);
        while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
            text[--n] = '\0';
        fputs(text, f);
        fputs(",\n  \"travel\": {\n    \"provider\": \"matrix\",\n    \"durations\": ", f);
        write_matrix(f, inst->dur, inst->n_locs);
        fputs(",\n    \"distances\": ", f);
        write_matrix(f, inst->dist, inst->n_locs);
        fputs("\n  }\n}\n", f);
    } else {
        fputs(text, f);
        fputc('\n', f);
    }
    free(text);
    if (fflush(f) != 0 || ferror(f))
        return eco__error(err, ECO_EINTERNAL, "output", "write error");
    return ECO_OK;
}
