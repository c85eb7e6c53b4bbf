/*
 * construct.h - first-solution heuristic for every variant of the model.
 */
#ifndef ECO_CONSTRUCT_H
#define ECO_CONSTRUCT_H

#include "solution.h"

/* Builds a feasible solution: every box routed or unassigned with a reason.
 * *out is new; ECO_EINTERNAL on allocation failure. */
eco_status eco__construct(const eco_instance *inst, eco_solution **out, eco_error *err);

#endif /* ECO_CONSTRUCT_H */
