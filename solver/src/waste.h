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

/* Improves `initial` (borrowed, feasible per route.c, finished) until the time
 * limit, opt->max_iterations / max_no_improve (per search thread) or
 * *opt->cancel. Runs opt->threads independent searches seeded seed + k and
 * keeps the best by (cost, k). On ECO_OK *out is a new solution, never worse
 * than `initial` and passing eco_check (else a copy of `initial`), every box
 * routed or unassigned with a reason; (*out)->iterations counts the LNS
 * iterations of all threads. ECO_EINTERNAL on allocation failure. */
eco_status eco__waste_search(const eco_instance *inst, const eco_solve_options *opt, int flags,
                             const eco_solution *initial, eco_solution **out, eco_error *err);

#endif /* ECO_WASTE_H */
