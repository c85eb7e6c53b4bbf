/*
 * solution_write.c - writers for solutions: the native solution JSON (the
 * names scripts rely on: summary.cost, routes[].steps[].arrival, ...) and
 * CVRPLIB .sol text. Times, loads and costs come from eco__solution_finish.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "solution.h"

/* A number as a JSON integer when it is one, else a real rounded to 1e-6. */
static json_t *num(double v)
{
    if (isfinite(v) && fabs(v) < 9e15 && v == floor(v))
        return json_integer((json_int_t)v);
    if (!isfinite(v))
        return json_null();
    return json_real(round(v * 1e6) / 1e6);
}

static json_t *location(const eco_instance *inst, int loc)
{
    return json_pack("[oo]", num(inst->loc_x[loc]), num(inst->loc_y[loc]));
}

static json_t *step_json(const eco_instance *inst, const eco_route *r, int k)
{
    const eco_vehicle *v = &inst->vehicles[r->vehicle];
    const double tu = inst->time_unit, lu = inst->load_unit;
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (k < 0 || k >= r->n_steps) {
        bool start = k < 0;
        const eco_depot *d = &inst->depots[start ? v->start_depot : v->end_depot];
        int64_t t = start ? eco__route_departure(r) : r->end_arrival;
        json_object_set_new(o, "type", json_string(start ? "start" : "end"));
        json_object_set_new(o, "id", json_string(d->id));
        json_object_set_new(o, "location", location(inst, d->loc));
        json_object_set_new(o, "arrival", num((double)t * tu));
        json_object_set_new(o, "departure", num((double)t * tu));
        json_object_set_new(o, "load", num(start || r->n_steps == 0 ? 0.0 : (double)r->steps[r->n_steps - 1].load * lu));
        return o;
    }
    const eco_step *s = &r->steps[k];
    json_object_set_new(o, "type", json_string(eco__step_type_name(s->type)));
    if (s->type == ECO_STEP_PICKUP) {
        const eco_box *b = &inst->boxes[s->ref];
        json_object_set_new(o, "id", json_string(b->id));
        json_object_set_new(o, "location", location(inst, b->loc));
        json_object_set_new(o, "material", json_string(inst->material_names[b->material]));
        json_object_set_new(o, "amount", num((double)b->demand * lu));
    } else if (s->type == ECO_STEP_UNLOAD) {
        const eco_facility *f = &inst->facilities[s->ref];
        json_object_set_new(o, "id", json_string(f->id));
        json_object_set_new(o, "kind", json_string(f->kind));
        json_object_set_new(o, "location", location(inst, f->loc));
    }
    json_object_set_new(o, "arrival", num((double)s->arrival * tu));
    if (s->start != s->arrival)
        json_object_set_new(o, "start", num((double)s->start * tu));
    json_object_set_new(o, "departure", num((double)s->departure * tu));
    json_object_set_new(o, "load", num((double)s->load * lu));
    return o;
}

/* Per facility: visits, load received per material (what was on board of the
 * materials it accepts, at each unload), the total and, at a facility of kind
 * "baling", the bales of inst->bale_kg (kg; 250 when unset) and the rest.
 * NULL on allocation failure. */
static json_t *facilities_json(const eco_instance *inst, const eco_solution *sol)
{
    int nf = inst->n_facilities;
    double *got = calloc((size_t)nf * ECO_MAX_MATERIALS + 1, sizeof *got);
    int *visits = calloc((size_t)nf + 1, sizeof *visits);
    json_t *arr = json_array();
    if (!got || !visits || !arr)
        goto fail;
    for (int r = 0; r < sol->n_routes; r++) {
        const eco_route *rt = &sol->routes[r];
        int64_t load[ECO_MAX_MATERIALS] = {0};
        for (int k = 0; k < rt->n_steps; k++) {
            const eco_step *s = &rt->steps[k];
            if (s->type == ECO_STEP_PICKUP) {
                load[inst->boxes[s->ref].material] += inst->boxes[s->ref].demand;
            } else if (s->type == ECO_STEP_UNLOAD) {
                const eco_facility *f = &inst->facilities[s->ref];
                visits[s->ref]++;
                for (int m = 0; m < inst->n_materials; m++)
                    if ((f->accepts >> m) & 1u) {
                        got[(size_t)s->ref * ECO_MAX_MATERIALS + m] += (double)load[m] * inst->load_unit;
                        load[m] = 0;
                    }
            }
        }
    }
    for (int fi = 0; fi < nf; fi++) {
        const eco_facility *f = &inst->facilities[fi];
        json_t *rec = json_object();
        if (!rec)
            goto fail;
        double total = 0;
        for (int m = 0; m < inst->n_materials; m++)
            if ((f->accepts >> m) & 1u) {
                double kg = round(got[(size_t)fi * ECO_MAX_MATERIALS + m] * 1000) / 1000;
                total += kg;
                json_object_set_new(rec, inst->material_names[m], num(kg));
            }
        json_t *o = json_pack("{s:s,s:s,s:i,s:o,s:o}", "id", f->id, "kind", f->kind ? f->kind : "facility", "visits",
                              visits[fi], "received", rec, "total", num(round(total * 1000) / 1000));
        if (!o)
            goto fail;
        if (f->kind && strcmp(f->kind, "baling") == 0) {
            double bale = inst->bale_kg > 0 ? inst->bale_kg : 250;
            double bales = floor(total / bale + 1e-9);
            json_object_set_new(o, "bale_kg", num(bale));
            json_object_set_new(o, "bales", num(bales));
            json_object_set_new(o, "rest", num(round((total - bales * bale) * 1000) / 1000));
        }
        json_array_append_new(arr, o);
    }
    free(got);
    free(visits);
    return arr;
fail:
    free(got);
    free(visits);
    json_decref(arr);
    return NULL;
}

static json_t *solution_json(const eco_instance *inst, const eco_solution *sol)
{
    const eco_summary *sm = &sol->summary;
    json_t *root = json_object();
    json_t *routes = json_array(), *unassigned = json_array(), *collected = json_object();
    if (!root || !routes || !unassigned || !collected)
        goto fail;
    double mat_total[ECO_MAX_MATERIALS] = {0};
    int served = 0;
    for (int r = 0; r < sol->n_routes; r++) {
        const eco_route *rt = &sol->routes[r];
        if (rt->n_steps == 0)
            continue;
        json_t *steps = json_array();
        if (!steps)
            goto fail;
        int trips = 1;
        for (int k = -1; k <= rt->n_steps; k++) {
            if (k >= 0 && k < rt->n_steps) {
                const eco_step *s = &rt->steps[k];
                if (s->type == ECO_STEP_PICKUP) {
                    served++;
                    mat_total[inst->boxes[s->ref].material] += (double)inst->boxes[s->ref].demand * inst->load_unit;
                }
                /* an unload followed by more pickups starts a new trip */
                if (s->type == ECO_STEP_UNLOAD)
                    for (int j = k + 1; j < rt->n_steps; j++)
                        if (rt->steps[j].type == ECO_STEP_PICKUP) {
                            trips++;
                            break;
                        }
            }
            json_array_append_new(steps, step_json(inst, rt, k));
        }
        json_t *ro = json_pack("{s:s,s:o,s:o,s:o,s:i,s:o}", "vehicle", inst->vehicles[rt->vehicle].id,
                               "distance_m", num((double)rt->distance * inst->dist_unit), "duration_s",
                               num((double)rt->duration * inst->time_unit), "cost", num(rt->cost), "trips", trips,
                               "steps", steps);
        if (!ro)
            goto fail;
        if (rt->geometry) {
            json_object_set_new(ro, "geometry", json_string(rt->geometry));
            json_object_set_new(ro, "road_distance_m", num(round(rt->road_distance_m)));
            json_object_set_new(ro, "road_duration_s", num(round(rt->road_duration_s)));
        }
        json_array_append_new(routes, ro);
    }
    for (int i = 0; i < sol->n_unassigned; i++) {
        const eco_box *b = &inst->boxes[sol->unassigned[i].box];
        json_array_append_new(unassigned,
                              json_pack("{s:s,s:s,s:s}", "id", b->id, "reason", sol->unassigned[i].reason, "need",
                                        b->need == ECO_BOX_MANDATORY  ? "mandatory"
                                        : b->need == ECO_BOX_OPTIONAL ? "optional"
                                                                      : "not_needed"));
    }
    for (int m = 0; m < inst->n_materials; m++)
        json_object_set_new(collected, inst->material_names[m], num(round(mat_total[m] * 1000) / 1000));

    json_object_set_new(root, "instance", json_string(inst->name));
    json_object_set_new(root, "format", json_string(eco_format_name(inst->format)));
    json_object_set_new(root, "units", json_pack("{s:s,s:s,s:s}", "distance", inst->dist_unit_name, "time",
                                                 inst->time_unit_name, "load", inst->load_unit_name));
    json_t *summary = json_pack("{s:o,s:o,s:o,s:i,s:i,s:i,s:i,s:o}", "cost", num(sm->cost), "distance_m",
                                num(sm->distance), "duration_s", num(sm->duration), "routes", sm->routes,
                                "unassigned", sm->unassigned, "served", served, "unloads", sm->unloads, "collected",
                                collected);
    collected = NULL;
    if (summary && inst->n_facilities > 0) {
        json_t *fac = facilities_json(inst, sol);
        if (!fac) {
            json_decref(summary);
            goto fail;
        }
        json_object_set_new(summary, "facilities", fac);
    }
    json_object_set_new(root, "summary", summary);
    json_object_set_new(root, "solver",
                        json_pack("{s:s,s:s,s:o,s:o,s:i,s:I,s:I}", "name", "ecoroute", "version", ECO_VERSION,
                                  "time_limit_s", num(sol->time_limit_s), "elapsed_s",
                                  num(round(sol->elapsed_s * 1000) / 1000), "threads", sol->threads, "seed",
                                  (json_int_t)sol->seed, "iterations", (json_int_t)sol->iterations));
    if (sol->exact) { /* exact mode: proven or not, and the LP bound */
        json_t *solver = json_object_get(root, "solver");
        if (solver) {
            json_object_set_new(solver, "optimal", json_boolean(sol->optimal));
            json_object_set_new(solver, "lower_bound", num(sol->lower_bound));
        }
    }
    json_object_set_new(root, "routes", routes);
    json_object_set_new(root, "unassigned", unassigned);
    return root;
fail:
    json_decref(root);
    json_decref(routes);
    json_decref(unassigned);
    json_decref(collected);
    return NULL;
}

eco_status eco_solution_to_json_string(const eco_instance *inst, const eco_solution *sol, int indent, char **out,
                                       eco_error *err)
{
    *out = NULL;
    json_t *j = solution_json(inst, sol);
    if (!j)
        return eco__error(err, ECO_EINTERNAL, "output", "out of memory while building the solution JSON");
    size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12) | (indent > 0 ? JSON_INDENT(indent) : JSON_COMPACT);
    *out = json_dumps(j, flags);
    json_decref(j);
    if (!*out)
        return eco__error(err, ECO_EINTERNAL, "output", "out of memory while writing the solution JSON");
    return ECO_OK;
}

static eco_status write_cvrplib(const eco_instance *inst, const eco_solution *sol, FILE *f)
{
    int k = 0;
    for (int r = 0; r < sol->n_routes; r++) {
        const eco_route *rt = &sol->routes[r];
        if (rt->n_steps == 0)
            continue;
        fprintf(f, "Route #%d:", ++k);
        for (int s = 0; s < rt->n_steps; s++)
            if (rt->steps[s].type == ECO_STEP_PICKUP)
                fprintf(f, " %s", inst->boxes[rt->steps[s].ref].id);
        fputc('\n', f);
    }
    fprintf(f, "Cost %.10g\n", round(sol->summary.cost * 1e6) / 1e6);
    return ECO_OK;
}

eco_status eco_solution_write(const eco_instance *inst, const eco_solution *sol, eco_out_format fmt, FILE *f,
                              eco_error *err)
{
    eco_status st = ECO_OK;
    if (fmt == ECO_OUT_CVRPLIB) {
        st = write_cvrplib(inst, sol, f);
    } else {
        char *text = NULL;
        st = eco_solution_to_json_string(inst, sol, 2, &text, err);
        if (st == ECO_OK) {
            fputs(text, f);
            fputc('\n', f);
        }
        free(text);
    }
    if (st == ECO_OK && (fflush(f) != 0 || ferror(f)))
        st = eco__error(err, ECO_EINTERNAL, "output", "write error");
    return st;
}
