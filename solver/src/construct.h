/*
 * construct.h - first-solution heuristic for every variant of the model.
 */
#ifndef ECO_CONSTRUCT_H
#define ECO_CONSTRUCT_H

#include "solution.h"

/* Builds a feasible solution: every box routed or unassigned with a reason.
 * *out is new; ECO_EINTERNAL on allocation failure. */
eco_status eco__construct(const eco_instance *inst, eco_solution **out, eco_error *err);

/* The facility to unload the materials in `on_board` (a bit mask) from
 * location pos: the one accepting most of them, then the nearest; -1 when
 * none accepts any. */
int eco__unload_choice(const eco_instance *inst, uint32_t on_board, int pos);

#endif /* ECO_CONSTRUCT_H */
