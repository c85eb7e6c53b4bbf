/*
 * vroom.h - VROOM compatibility: solutions in VROOM's response shape, and
 * problems written as VROOM's problem JSON or as the native JSON model (the
 * `ecoroute convert` verb).
 *
 * Reading VROOM's problem JSON needs nothing here: eco_instance_load_file
 * detects it (a JSON object with a top-level "jobs" or "shipments" key) or
 * takes ECO_FORMAT_VROOM. The mapping, what is refused and why, and the
 * facilities extension are described in the README ("VROOM input and
 * output").
 *
 * Every function is thread-safe for distinct output objects; none keeps a
 * reference to its arguments.
 */
#ifndef ECOROUTE_VROOM_H
#define ECOROUTE_VROOM_H

#include <stdio.h>

#include "ecoroute/ecoroute.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes sol as VROOM's response JSON ({"code": 0, "summary", "unassigned",
 * "routes"}) to f. Integer ids of a VROOM problem come back as integers;
 * facility visits are steps of type "unload" (the ecoroute extension).
 * Errors: ECO_EINTERNAL on allocation or write failure. */
eco_status eco_solution_write_vroom(const eco_instance *inst, const eco_solution *sol, FILE *f,
                                    eco_error *err);

/* The same response as a new string (caller frees with free()); indent 0 is
 * compact. */
eco_status eco_solution_to_vroom_string(const eco_instance *inst, const eco_solution *sol, int indent,
                                        char **out, eco_error *err);

/* Writes VROOM's error response {"code": C, "error": "WHERE: MESSAGE"} for a
 * failed load or solve, with VROOM's codes (1 internal, 2 input, 3 routing).
 * Returns ECO_EINTERNAL on a write error. */
eco_status eco_vroom_write_error(const eco_error *e, FILE *f);

/* Writes inst as a VROOM problem (jobs, vehicles, matrices and the
 * "facilities" extension) to f. What VROOM cannot express (optional boxes,
 * a whole-route duration limit, mixed compartment and shared-body fleets,
 * ...) is refused with ECO_EINPUT naming the entity and field; nothing is
 * dropped silently. */
eco_status eco_instance_write_vroom(const eco_instance *inst, FILE *f, eco_error *err);

/* Writes inst as the native JSON model to f. Refuses (ECO_EINPUT, naming the
 * field) what the native model cannot express: descriptions and priorities
 * of a VROOM problem, times beyond 7 days, planar distances in fractions of
 * a unit, ... */
eco_status eco_instance_write_native(const eco_instance *inst, FILE *f, eco_error *err);

#ifdef __cplusplus
}
#endif
#endif /* ECOROUTE_VROOM_H */
