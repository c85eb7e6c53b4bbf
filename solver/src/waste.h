/*
 * waste.h - local search and large-neighbourhood search for the full model
 * (intermediate facilities, materials, compartments, breaks, optional boxes,
 * a mixed fleet). eco_solve runs it after the construction heuristic when the
 * metaheuristic (search.c) does not cover the instance's rules.
 */
#ifndef ECO_WASTE_H
#define ECO_WASTE_H

#include "solution.h"

/* flags for eco__waste_search */
#define ECO_WASTE_NEAREST_FACILITY 1 /* every unload goes to the nearest facility that
                                        accepts what is on board (construct.c's rule);
                                        the search does not choose facilities. For
                                        tests and comparisons. */
#define ECO_WASTE_VERIFY 2           /* every evaluation from cached data is compared with
                                        the full schedule (slow; for tests) */

/* What one search did (summed over threads), for tests and measurements. */
typedef struct eco__waste_stats {
    long evals;            /* candidate routes evaluated from cached data */
    long steps;            /* steps simulated by those evaluations */
    long joins;            /* cached suffixes joined in O(materials) */
    long ranges;           /* runs of cached steps crossed in O(materials + log n) */
    long slow;             /* candidates re-evaluated by full schedules (break re-placed) */
    long schedules;        /* full schedules (eco__route_schedule) run */
    long confirms;         /* accepted candidates confirmed by the full schedule */
    long cache_builds;     /* route caches (re)built */
    long verified;         /* evaluations compared with the full schedule (ECO_WASTE_VERIFY) */
    long mismatches;       /* evaluations from cached data that disagreed with the full schedule:
                              must be 0 */
} eco__waste_stats;

/* Improves `initial` (borrowed, feasible per route.c, finished) until the time
 * limit, opt->max_iterations / max_no_improve (per search thread) or
 * *opt->cancel. Runs opt->threads independent searches seeded seed + k and
 * keeps the best by (cost, k). On ECO_OK *out is a new solution, never worse
 * than `initial` (fewer mandatory boxes unassigned, or as many at no higher
 * cost) and passing eco_check (else a copy of `initial`), every box routed or
 * unassigned with a reason; (*out)->iterations counts the LNS iterations of
 * all threads. ECO_EINTERNAL on allocation failure. */
eco_status eco__waste_search(const eco_instance *inst, const eco_solve_options *opt, int flags,
                             const eco_solution *initial, eco_solution **out, eco_error *err);

/* The same, adding what the search did to *stats (may be NULL). */
eco_status eco__waste_search_stats(const eco_instance *inst, const eco_solve_options *opt, int flags,
                                   const eco_solution *initial, eco_solution **out, eco__waste_stats *stats,
                                   eco_error *err);

#endif /* ECO_WASTE_H */
