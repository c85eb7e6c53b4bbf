/*
 * search.h - the metaheuristic (hybrid genetic search with granular local
 * search, OpenMP islands) behind eco_solve.
 */
#ifndef ECO_SEARCH_H
#define ECO_SEARCH_H

#include <stdbool.h>

#include "model.h"
#include "solution.h"

/* True when the search handles every rule of inst; otherwise eco_solve keeps
 * the construction heuristic's solution. */
bool eco__search_supports(const eco_instance *inst);

/* Improves `initial` (borrowed; may be NULL) until the time limit, iteration
 * limits or *opt->cancel. On ECO_OK *out is a new solution, never worse than
 * `initial`, with every box routed or unassigned with a reason. Deterministic
 * for a given (seed, threads) when no time limit cuts it short. */
eco_status eco__search(const eco_instance *inst, const eco_solve_options *opt,
                       const eco_solution *initial, eco_solution **out, eco_error *err);

#endif /* ECO_SEARCH_H */
