/*
 * heuristic_api.c - the public accessors of ecoroute/heuristic.h: a read-only
 * node view of the instance (depot 0, boxes, facilities, other depots) and
 * the calls a plug-in heuristic uses to build a solution step by step. Thin
 * wrappers over model.h and solution.h; nothing here decides anything.
 */
#include <stdlib.h>
#include <string.h>

#include "ecoroute/heuristic.h"
#include "model.h"
#include "solution.h"

/* Location index of a node, or -1 when out of range. */
static int node_loc(const eco_instance *inst, int node)
{
    int n = inst->n_boxes, f = inst->n_facilities;
    if (node < 0)
        return -1;
    if (node == 0)
        return inst->n_depots > 0 ? inst->depots[0].loc : -1;
    if (node <= n)
        return inst->boxes[node - 1].loc;
    if (node <= n + f)
        return inst->facilities[node - 1 - n].loc;
    if (node < n + f + inst->n_depots)
        return inst->depots[node - n - f].loc;
    return -1;
}

static int depot_node(const eco_instance *inst, int d)
{
    return d == 0 ? 0 : inst->n_boxes + inst->n_facilities + d;
}

static int box_ok(const eco_instance *inst, int b) { return b >= 0 && b < inst->n_boxes; }
static int veh_ok(const eco_instance *inst, int v) { return v >= 0 && v < inst->n_vehicles; }

int eco_instance_n_nodes(const eco_instance *inst)
{
    return inst->n_boxes + inst->n_facilities + (inst->n_depots > 0 ? inst->n_depots : 1);
}

int eco_instance_n_depots(const eco_instance *inst) { return inst->n_depots; }
int eco_instance_n_vehicle_slots(const eco_instance *inst) { return inst->n_vehicles; }
int eco_instance_n_materials(const eco_instance *inst) { return inst->n_materials; }

int64_t eco_instance_node_distance(const eco_instance *inst, int a, int b)
{
    int la = node_loc(inst, a), lb = node_loc(inst, b);
    return la < 0 || lb < 0 ? 0 : eco__dist(inst, la, lb);
}

int64_t eco_instance_node_duration(const eco_instance *inst, int a, int b)
{
    int la = node_loc(inst, a), lb = node_loc(inst, b);
    return la < 0 || lb < 0 ? 0 : eco__dur(inst, la, lb);
}

int eco_instance_box_node(const eco_instance *inst, int b) { return box_ok(inst, b) ? b + 1 : -1; }

int eco_instance_facility_node(const eco_instance *inst, int f)
{
    return f >= 0 && f < inst->n_facilities ? inst->n_boxes + 1 + f : -1;
}

int eco_instance_vehicle_start_node(const eco_instance *inst, int v)
{
    return veh_ok(inst, v) ? depot_node(inst, inst->vehicles[v].start_depot) : -1;
}

int eco_instance_vehicle_end_node(const eco_instance *inst, int v)
{
    return veh_ok(inst, v) ? depot_node(inst, inst->vehicles[v].end_depot) : -1;
}

int64_t eco_instance_box_demand(const eco_instance *inst, int b) { return box_ok(inst, b) ? inst->boxes[b].demand : 0; }
int eco_instance_box_material(const eco_instance *inst, int b) { return box_ok(inst, b) ? inst->boxes[b].material : 0; }
int64_t eco_instance_box_service(const eco_instance *inst, int b) { return box_ok(inst, b) ? inst->boxes[b].service : 0; }
int eco_instance_box_need(const eco_instance *inst, int b) { return box_ok(inst, b) ? (int)inst->boxes[b].need : 0; }
double eco_instance_box_prize(const eco_instance *inst, int b) { return box_ok(inst, b) ? inst->boxes[b].prize : 0.0; }

void eco_instance_box_window(const eco_instance *inst, int b, int64_t *open, int64_t *close)
{
    *open = box_ok(inst, b) ? inst->boxes[b].tw_open : 0;
    *close = box_ok(inst, b) ? inst->boxes[b].tw_close : 0;
}

int64_t eco_instance_vehicle_capacity(const eco_instance *inst, int v, int material)
{
    if (!veh_ok(inst, v) || material < 0 || material >= ECO_MAX_MATERIALS)
        return 0;
    const eco_vehicle *vh = &inst->vehicles[v];
    if (!(vh->materials & (1u << material)))
        return 0;
    return vh->cap[material] < vh->cap_total ? vh->cap[material] : vh->cap_total;
}

int64_t eco_instance_vehicle_capacity_total(const eco_instance *inst, int v)
{
    return veh_ok(inst, v) ? inst->vehicles[v].cap_total : 0;
}

void eco_instance_vehicle_shift(const eco_instance *inst, int v, int64_t *start, int64_t *end)
{
    *start = veh_ok(inst, v) ? inst->vehicles[v].shift_start : 0;
    *end = veh_ok(inst, v) ? inst->vehicles[v].shift_end : 0;
}

int eco_instance_facility_accepts(const eco_instance *inst, int f, int material)
{
    if (f < 0 || f >= inst->n_facilities || material < 0 || material >= ECO_MAX_MATERIALS)
        return 0;
    return (inst->facilities[f].accepts >> material) & 1u;
}

int eco_instance_return_empty(const eco_instance *inst)
{
    return inst->n_facilities > 0 && inst->return_empty;
}

/* ---- building a solution ---- */

eco_status eco_solution_create(const eco_instance *inst, eco_solution **out)
{
    (void)inst;
    *out = eco__solution_new();
    return *out ? ECO_OK : ECO_EINTERNAL;
}

int eco_solution_add_route(eco_solution *sol, const eco_instance *inst, int vehicle)
{
    if (!veh_ok(inst, vehicle))
        return -1;
    for (int r = 0; r < sol->n_routes; r++)
        if (sol->routes[r].vehicle == vehicle)
            return -1;
    return eco__solution_add_route(sol, vehicle) ? sol->n_routes - 1 : -1;
}

static int route_ok(const eco_solution *sol, int r) { return r >= 0 && r < sol->n_routes; }

eco_status eco_solution_push_pickup(eco_solution *sol, const eco_instance *inst, int r, int b)
{
    if (!route_ok(sol, r) || !box_ok(inst, b))
        return ECO_EINPUT;
    return eco__route_push(&sol->routes[r], ECO_STEP_PICKUP, b);
}

eco_status eco_solution_push_unload(eco_solution *sol, const eco_instance *inst, int r, int f)
{
    if (!route_ok(sol, r) || f < 0 || f >= inst->n_facilities)
        return ECO_EINPUT;
    return eco__route_push(&sol->routes[r], ECO_STEP_UNLOAD, f);
}

eco_status eco_solution_push_break(eco_solution *sol, int r)
{
    if (!route_ok(sol, r))
        return ECO_EINPUT;
    return eco__route_push(&sol->routes[r], ECO_STEP_BREAK, -1);
}

eco_status eco_solution_pop_step(eco_solution *sol, int r)
{
    if (!route_ok(sol, r) || sol->routes[r].n_steps == 0)
        return ECO_EINPUT;
    sol->routes[r].n_steps--;
    return ECO_OK;
}

int eco_solution_n_routes(const eco_solution *sol) { return sol->n_routes; }

int eco_solution_route_length(const eco_solution *sol, int r)
{
    return route_ok(sol, r) ? sol->routes[r].n_steps : 0;
}

int eco_solution_route_evaluate(const eco_instance *inst, eco_solution *sol, int r, double *cost)
{
    if (!route_ok(sol, r))
        return -1;
    eco_route *rt = &sol->routes[r];
    rt->start_time = -1; /* let the schedule choose the departure */
    eco__route_schedule(inst, rt);
    if (cost)
        *cost = rt->cost;
    return rt->n_violations;
}

eco_status eco_solution_finish(const eco_instance *inst, eco_solution *sol, eco_error *err)
{
    int nb = inst->n_boxes;
    char *seen = calloc(nb > 0 ? (size_t)nb : 1, 1);
    eco_status st = ECO_OK;
    if (!seen)
        return eco__error(err, ECO_EINTERNAL, "heuristic", "out of memory");
    for (int r = 0; r < sol->n_routes; r++) {
        sol->routes[r].start_time = -1;
        for (int k = 0; k < sol->routes[r].n_steps; k++) {
            const eco_step *s = &sol->routes[r].steps[k];
            if (s->type == ECO_STEP_PICKUP && s->ref >= 0 && s->ref < nb)
                seen[s->ref] = 1;
        }
    }
    for (int i = 0; i < sol->n_unassigned; i++)
        if (sol->unassigned[i].box >= 0 && sol->unassigned[i].box < nb)
            seen[sol->unassigned[i].box] = 1;
    for (int b = 0; b < nb && st == ECO_OK; b++) {
        if (seen[b])
            continue;
        st = inst->boxes[b].need == ECO_BOX_SKIP ? eco__solution_unassign(sol, b, "below_threshold")
                                                  : eco__solution_unassign(sol, b, "not routed by the heuristic");
        if (st != ECO_OK)
            eco__error(err, st, "heuristic", "out of memory");
    }
    free(seen);
    if (st == ECO_OK)
        eco__solution_finish(inst, sol);
    return st;
}
