/*
 * heuristic.h - the hackathon plug-in point: a heuristic written in C against
 * the public headers, built as a shared library and run by
 * `ecoroute bench --heuristic ./libteam.so` with the same checker and scoring
 * as the built-in solver.
 *
 * A plug-in exports one function, eco_heuristic_entry(), that returns a
 * static eco_heuristic table (create, solve within a time budget, destroy).
 * To read the instance and to build its answer it uses only the accessors
 * declared here and in ecoroute.h; the program that loads it (the ecoroute
 * binary) provides them. See bench/example_heuristic/ for a worked template.
 *
 * Nodes. Travel is read between "nodes": node 0 is depot 0 (where vehicle 0
 * starts), nodes 1..n are the boxes 0..n-1 (box b is node b + 1), nodes
 * n+1..n+F the facilities 0..F-1, and nodes n+F+1.. the other depots (1..D-1).
 * eco_instance_vehicle_start_node/_end_node give each vehicle's depots.
 *
 * Units are the instance's internal integers: distance units, time units and
 * load units (for CVRPLIB and Solomon these are the file's numbers, possibly
 * scaled by the rounding: trunc1 gives tenths). Costs are doubles, the same
 * objective the checker recomputes.
 *
 * Thread safety: the instance is read-only and may be shared; a solution must
 * be built by one thread at a time.
 */
#ifndef ECOROUTE_HEURISTIC_H
#define ECOROUTE_HEURISTIC_H

#include <stdint.h>

#include "ecoroute/ecoroute.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when the table or the accessors change incompatibly. */
#define ECO_HEURISTIC_ABI 1
/* The symbol `ecoroute bench --heuristic` looks up with dlsym. */
#define ECO_HEURISTIC_ENTRY_SYMBOL "eco_heuristic_entry"

typedef struct eco_heuristic {
    int abi_version;       /* ECO_HEURISTIC_ABI */
    const char *name;      /* team or heuristic name, shown on the leaderboard */
    /* New per-instance state (NULL on failure). seed >= 1. */
    void *(*create)(const eco_instance *inst, uint64_t seed);
    /* Solves within time_limit_s wall-clock seconds; on ECO_OK *out is a
     * solution made with eco_solution_create and finished with
     * eco_solution_finish (the caller destroys it). */
    eco_status (*solve)(void *state, const eco_instance *inst, double time_limit_s, eco_solution **out);
    void (*destroy)(void *state); /* frees the state; NULL does nothing */
} eco_heuristic;

/* What a plug-in exports (with C linkage and default visibility):
 *   ECO_HEURISTIC_EXPORT const eco_heuristic *eco_heuristic_entry(void)
 *   { return &my_table; } */
#define ECO_HEURISTIC_EXPORT __attribute__((visibility("default")))
typedef const eco_heuristic *(*eco_heuristic_entry_fn)(void);
ECO_HEURISTIC_EXPORT const eco_heuristic *eco_heuristic_entry(void);

/* ---- reading the instance ---- */

int eco_instance_n_nodes(const eco_instance *inst);        /* 1 + boxes + facilities + other depots */
int eco_instance_n_depots(const eco_instance *inst);
/* Vehicles that may be used: for an unlimited fleet (CVRPLIB) one per box. */
int eco_instance_n_vehicle_slots(const eco_instance *inst);
int eco_instance_n_materials(const eco_instance *inst);

/* Travel between nodes, internal units; 0 for an index out of range. */
int64_t eco_instance_node_distance(const eco_instance *inst, int a, int b);
int64_t eco_instance_node_duration(const eco_instance *inst, int a, int b);
/* Node of box b (b + 1), of facility f, of a vehicle's start and end depot. */
int eco_instance_box_node(const eco_instance *inst, int b);
int eco_instance_facility_node(const eco_instance *inst, int f);
int eco_instance_vehicle_start_node(const eco_instance *inst, int v);
int eco_instance_vehicle_end_node(const eco_instance *inst, int v);

/* Boxes (index 0..n-1). Out-of-range indices give 0. */
int64_t eco_instance_box_demand(const eco_instance *inst, int b);   /* load units */
int eco_instance_box_material(const eco_instance *inst, int b);     /* 0..materials-1 */
int64_t eco_instance_box_service(const eco_instance *inst, int b);  /* time units */
/* Earliest and latest service start, time units (close is huge when none). */
void eco_instance_box_window(const eco_instance *inst, int b, int64_t *open, int64_t *close);
/* 0 mandatory (must be collected), 1 optional (worth its prize), 2 not needed today. */
int eco_instance_box_need(const eco_instance *inst, int b);
double eco_instance_box_prize(const eco_instance *inst, int b);     /* optional boxes */

/* Vehicles (index 0..slots-1). */
/* Load units of `material` the vehicle can hold (0 if it may not carry it);
 * the sum over materials is also bounded by eco_instance_vehicle_capacity_total. */
int64_t eco_instance_vehicle_capacity(const eco_instance *inst, int v, int material);
int64_t eco_instance_vehicle_capacity_total(const eco_instance *inst, int v);
void eco_instance_vehicle_shift(const eco_instance *inst, int v, int64_t *start, int64_t *end);

/* Facilities (unload points between trips; 0 for CVRPLIB and Solomon). */
int eco_instance_facility_accepts(const eco_instance *inst, int f, int material);
/* 1 when every route must end with an unload (the truck returns empty). */
int eco_instance_return_empty(const eco_instance *inst);

/* ---- building a solution ---- */

/* A new empty solution for inst (*out; caller frees with eco_solution_destroy). */
eco_status eco_solution_create(const eco_instance *inst, eco_solution **out);
/* Appends an empty route for vehicle v; returns the route's index or -1
 * (vehicle out of range or out of memory). Each vehicle gets at most one route. */
int eco_solution_add_route(eco_solution *sol, const eco_instance *inst, int vehicle);
/* Appends a step to route r: a pickup of box b, an unload at facility f, a
 * break. ECO_EINPUT for a bad index, ECO_EINTERNAL when out of memory. */
eco_status eco_solution_push_pickup(eco_solution *sol, const eco_instance *inst, int r, int b);
eco_status eco_solution_push_unload(eco_solution *sol, const eco_instance *inst, int r, int f);
eco_status eco_solution_push_break(eco_solution *sol, int r);
/* Removes the last step of route r (for trial insertions); ECO_EINPUT if empty. */
eco_status eco_solution_pop_step(eco_solution *sol, int r);
int eco_solution_n_routes(const eco_solution *sol);
int eco_solution_route_length(const eco_solution *sol, int r);
/* Evaluates route r with the solver's schedule: returns the number of rule
 * violations (0: feasible) and sets *cost when not NULL; -1 for a bad index.
 * O(route length). */
int eco_solution_route_evaluate(const eco_instance *inst, eco_solution *sol, int r, double *cost);
/* Completes a solution: every box in no route is listed as unassigned (with
 * "not routed by the heuristic", or "below_threshold" for boxes not needed
 * today) and the summary is computed. Call once, last. */
eco_status eco_solution_finish(const eco_instance *inst, eco_solution *sol, eco_error *err);

#ifdef __cplusplus
}
#endif
#endif /* ECOROUTE_HEURISTIC_H */
