/*
 * vroom_meta.h - what a VROOM problem says beyond the routing model, kept
 * beside the instance so that the VROOM writers can answer in VROOM's terms:
 * integer ids, descriptions, setup and service apart, priorities, which
 * locations and matrix indices the input gave, how amounts map to materials.
 *
 * vroom_read.c fills it (inst->vroom) and vroom_write.c reads it; nothing in
 * the solver or the checker looks at it. Instances from other formats have
 * inst->vroom == NULL and the writers derive the same facts from the model.
 */
#ifndef ECO_VROOM_META_H
#define ECO_VROOM_META_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* A job or a facility (the facilities extension), parallel to inst->boxes
 * and inst->facilities. */
typedef struct eco_vroom_task {
    int64_t id;            /* VROOM integer id */
    char *description;     /* owned; NULL when the input gave none */
    bool has_location;     /* "location" was given (echoed in the output) */
    int location_index;    /* "location_index" as given, -1 when absent */
    int64_t setup;         /* seconds, as given; the model's service (or
                              unload time) is setup + service */
    int64_t service;       /* seconds, as given */
    int priority;          /* jobs: 0..100 */
} eco_vroom_task;

/* A vehicle, parallel to inst->vehicles. */
typedef struct eco_vroom_vehicle {
    int64_t id;            /* VROOM integer id */
    char *description;     /* owned or NULL */
    bool start_has_location, end_has_location;
    int start_index, end_index; /* as given, -1 when absent */
    int64_t break_id;      /* the break's id (when the vehicle has one) */
    char *break_description; /* owned or NULL */
    char *type;            /* owned or NULL: VROOM's vehicle "type" label */
} eco_vroom_vehicle;

typedef struct eco_vroom_meta {
    int n_dims;            /* length of every amount array (0: no amounts) */
    bool dim_mode;         /* n_dims >= 2: material k is amount dimension k;
                              else one dimension shared by every material
                              (materials then stand for job skills) */
    bool has_distances;    /* distances known: coordinates, or a distances matrix */
    bool matrix;           /* travel from matrices (else great-circle from locations) */
    double speed_factor;   /* as given (1 when absent); durations already scaled */
    char *profile;         /* owned: the vehicles' routing profile ("car") */
    int64_t *material_skill; /* [inst->n_materials]: the skill a material stands
                                for, -1 for none (jobs without skills) or in dim_mode */
    int n_jobs, n_facilities, n_vehicles; /* equal to the instance's counts */
    eco_vroom_task *jobs;          /* [n_jobs], parallel to inst->boxes */
    eco_vroom_task *facilities;    /* [n_facilities], parallel to inst->facilities */
    eco_vroom_vehicle *vehicles;   /* [n_vehicles], parallel to inst->vehicles */
} eco_vroom_meta;

/* Puts every array without objects or arrays inside (coordinates, amounts,
 * windows) of an indented JSON text on one line, in place (vroom_write.c). */
void eco__json_compact_arrays(char *text);

#endif /* ECO_VROOM_META_H */
