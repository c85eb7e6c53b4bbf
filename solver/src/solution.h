/*
 * solution.h - the in-memory solution: routes as sequences of steps, and the
 * boxes left unassigned with their reasons.
 *
 * A route stores only its middle steps (pickups, unloads, a break); the start
 * at the vehicle's start depot and the end at its end depot are implied.
 * Times, loads and costs are filled by eco__route_schedule (route.c), which is
 * the solver's own evaluation. The checker (check.c) never uses them.
 */
#ifndef ECO_SOLUTION_H
#define ECO_SOLUTION_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

typedef enum eco_step_type {
    ECO_STEP_START = 0,
    ECO_STEP_PICKUP,
    ECO_STEP_UNLOAD,
    ECO_STEP_BREAK,
    ECO_STEP_END
} eco_step_type;

const char *eco__step_type_name(eco_step_type t); /* "start", "pickup", ... */

typedef struct eco_step {
    eco_step_type type;    /* PICKUP, UNLOAD or BREAK in route->steps */
    int ref;               /* box index (PICKUP), facility index (UNLOAD), -1 (BREAK) */
    /* filled by eco__route_schedule: */
    int64_t arrival;       /* time units */
    int64_t start;         /* service / unload / break start, time units */
    int64_t departure;     /* time units */
    int64_t load;          /* total load on board after the step, load units */
} eco_step;

typedef struct eco_route {
    int vehicle;           /* index into inst->vehicles */
    int n_steps, cap_steps;
    eco_step *steps;       /* owned; middle steps only */
    int64_t start_time;    /* departure from the start depot, time units;
                              -1: earliest possible (set by the schedule) */
    /* filled by eco__route_schedule: */
    int64_t end_arrival;   /* at the end depot */
    int64_t distance;      /* distance units */
    int64_t duration;      /* end_arrival - start_time */
    double cost;           /* fixed + distance + time costs; 0 for an empty route */
    int n_violations;      /* 0 when the schedule is feasible */
    /* road geometry, filled by eco_solution_fetch_geometry (OSRM /route): */
    char *geometry;        /* polyline6, owned; NULL when not fetched */
    double road_distance_m, road_duration_s;
} eco_route;

typedef struct eco_unassigned {
    int box;               /* index into inst->boxes */
    char *reason;          /* owned, one line */
} eco_unassigned;

struct eco_solution {
    int n_routes, cap_routes;
    eco_route *routes;     /* owned; may include empty routes (not written) */
    int n_unassigned, cap_unassigned;
    eco_unassigned *unassigned;
    eco_summary summary;   /* filled by eco__solution_finish */
    /* how it was made (written in the output when set) */
    double elapsed_s;
    double time_limit_s;
    int threads;
    uint64_t seed;
    long iterations;
    /* exact mode (exact.c): written in the output's "solver" object when exact is set */
    int exact;             /* 1: made by eco_solve with opt->exact */
    int optimal;           /* 1: GLPK proved the set-partitioning optimum */
    double lower_bound;    /* LP relaxation value, same unit as summary.cost */
};

eco_solution *eco__solution_new(void);
/* Appends an empty route for vehicle v; returns it or NULL on allocation failure. */
eco_route *eco__solution_add_route(eco_solution *sol, int vehicle);
/* Appends a step to a route; ECO_EINTERNAL on allocation failure. */
eco_status eco__route_push(eco_route *r, eco_step_type type, int ref);
/* Adds an unassigned box with a printf-style reason. */
eco_status eco__solution_unassign(eco_solution *sol, int box, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Deep copy; NULL on allocation failure. */
eco_solution *eco__solution_clone(const eco_solution *sol);

/* The solver's evaluation of one route: fills the steps' times and loads and
 * the route's distance, duration, cost and violation count (route.c). */
void eco__route_schedule(const eco_instance *inst, eco_route *r);
/* Departure from the start depot used by the last schedule. */
int64_t eco__route_departure(const eco_route *r);
/* Schedules every route and fills sol->summary (cost includes the prizes of
 * optional boxes left unserved). */
void eco__solution_finish(const eco_instance *inst, eco_solution *sol);

#endif /* ECO_SOLUTION_H */
