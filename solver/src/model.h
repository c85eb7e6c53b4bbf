/*
 * model.h - the in-memory instance shared by every part of the solver.
 *
 * Readers (json_model.c, read_cvrplib.c, read_solomon.c, read_kim.c) fill an
 * eco_instance through the builder helpers in instance.c; the search, the
 * writers and the checker only read it. No file format is visible here.
 *
 * Units. Everything the search touches is an integer:
 *  - distances in "distance units": 1 unit = inst->dist_unit reported units
 *    (native: metres, unit 1; CVRPLIB nint: unit 1; trunc1: unit 0.1;
 *    exact: unit 1e-4; Kim: feet, unit 1);
 *  - times in "time units": 1 unit = inst->time_unit reported units
 *    (native and Kim: seconds, unit 1; Solomon: like the distance);
 *  - loads in "load units": 1 unit = inst->load_unit reported units
 *    (CVRPLIB/Solomon: 1; native kg: 0.001 (grams); Kim yd3: 0.001).
 * Costs are doubles computed per route from its distance and duration.
 */
#ifndef ECO_MODEL_H
#define ECO_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "ecoroute/ecoroute.h"

#define ECO_MAX_MATERIALS 16
#define ECO_TIME_INF ((int64_t)1 << 50) /* "no limit" for times and loads */

typedef enum eco_coord_kind {
    ECO_COORD_PLANAR = 0, /* x, y in the instance's unit */
    ECO_COORD_GEO = 1     /* x = longitude, y = latitude, degrees */
} eco_coord_kind;

typedef enum eco_planar_metric {
    ECO_METRIC_EUCLID = 0,
    ECO_METRIC_MANHATTAN = 1
} eco_planar_metric;

typedef enum eco_travel_kind {
    ECO_TRAVEL_PLANAR = 0,    /* from planar coordinates with rounding */
    ECO_TRAVEL_HAVERSINE = 1, /* great circle x circuity, at a speed */
    ECO_TRAVEL_MATRIX = 2,    /* explicit matrices in the input */
    ECO_TRAVEL_OSRM = 3       /* reserved for the OSRM provider */
} eco_travel_kind;

typedef struct eco_travel_spec {
    eco_travel_kind kind;
    eco_rounding rounding;       /* planar */
    eco_planar_metric metric;    /* planar */
    double speed_units_per_time; /* planar: distance (reported units) per time
                                    (reported unit); 0 = time equals distance */
    double circuity;             /* haversine: road / great-circle, >= 1 */
    double speed_kmh;            /* haversine */
    /* osrm (strings owned by the instance) */
    char *osrm_url, *osrm_profile, *osrm_cache_dir;
    int osrm_block_size, osrm_parallel; /* 0: the client's defaults */
    double osrm_timeout_s;       /* per request; 0: default */
    double osrm_max_snap_m;      /* < 0: default; 0: no limit */
} eco_travel_spec;

typedef enum eco_box_need {
    ECO_BOX_MANDATORY = 0, /* must be collected */
    ECO_BOX_OPTIONAL = 1,  /* collected when worth its prize */
    ECO_BOX_SKIP = 2       /* not needed today (below the fill threshold): always
                              listed as unassigned, reason "below_threshold" */
} eco_box_need;

typedef struct eco_box {
    char *id;              /* owned; unique among boxes */
    int loc;               /* index into loc_x/loc_y */
    int material;          /* index into material_names */
    int64_t demand;        /* load units to pick up */
    int64_t service;       /* time units */
    int64_t tw_open;       /* earliest service start, time units */
    int64_t tw_close;      /* latest service start, time units (ECO_TIME_INF: none) */
    eco_box_need need;
    double prize;          /* optional boxes: cost added when left unserved */
    /* native model facts, for reporting only (NaN when not given) */
    double capacity_kg, fill, fill_rate_per_day, predicted_fill;
    int file_id;           /* id in a numbered format (CVRPLIB/Solomon/Kim), else -1 */
} eco_box;

typedef struct eco_depot {
    char *id;
    int loc;
    int64_t open, close;   /* time units */
} eco_depot;

typedef struct eco_facility {
    char *id;
    char *kind;            /* "baling", "recycler", "landfill", ... (owned) */
    int loc;
    uint32_t accepts;      /* bit m set: accepts material m */
    int64_t unload_time;   /* time units */
    int64_t open, close;   /* unloading must start >= open and end <= close */
} eco_facility;

typedef struct eco_vehicle {
    char *id;              /* owned; unique among vehicles */
    int start_depot, end_depot; /* indices into depots */
    /* capacity: for every material m, load[m] <= cap[m], and the sum of all
     * materials <= cap_total. A shared body has cap[m] = ECO_TIME_INF; a
     * compartment vehicle has cap_total = ECO_TIME_INF. */
    int64_t cap[ECO_MAX_MATERIALS];
    int64_t cap_total;
    uint32_t materials;    /* bit m set: may carry material m */
    int64_t shift_start, shift_end; /* time units */
    int64_t max_duration;  /* time units, ECO_TIME_INF: none */
    int64_t max_distance;  /* distance units, ECO_TIME_INF: none */
    double fixed_cost;     /* cost when used */
    double cost_per_dist;  /* cost per distance unit */
    double cost_per_time;  /* cost per time unit of route duration */
    bool has_break;
    int64_t break_duration;            /* time units */
    int64_t break_start_min, break_start_max; /* window for the break's start */
    int max_stops;         /* boxes per day, INT32_MAX: none */
    int64_t max_day_load;  /* load units per day over all trips, ECO_TIME_INF: none */
} eco_vehicle;

struct eco_instance {
    char *name;
    eco_format format;
    eco_coord_kind coord_kind;

    /* locations */
    int n_locs;
    double *loc_x, *loc_y;

    /* reported unit of one internal unit (see the file comment) */
    double dist_unit, time_unit, load_unit;
    const char *dist_unit_name, *time_unit_name, *load_unit_name; /* static */

    int n_materials;
    char *material_names[ECO_MAX_MATERIALS];

    int n_boxes;
    eco_box *boxes;
    int n_depots;
    eco_depot *depots;
    int n_facilities;
    eco_facility *facilities;
    int n_vehicles;        /* the fleet, expanded (a type with count 3 gives 3) */
    eco_vehicle *vehicles;
    bool unlimited_fleet;  /* CVRPLIB: n_vehicles copies of vehicles[0] are enough
                              (n_vehicles = n_boxes); reported as -1 */

    bool return_empty;     /* with facilities: routes end with an unload */
    double fill_threshold; /* native model */
    double bale_kg;        /* weight of one bale at a "baling" facility, kg, for the
                              solution's facility summary (native option bale_kg;
                              0: 250) */

    /* travel */
    eco_travel_spec travel;
    int32_t *dist;         /* n_locs x n_locs row-major, or NULL: computed */
    int32_t *dur;          /* idem; may alias dist (then dur == dist) */

    /* solve options given in the model (CLI flags override) */
    double opt_time_limit_s;
    int opt_threads;
    uint64_t opt_seed;

    /* VROOM input only: ids, descriptions and other facts of the VROOM
     * problem for the VROOM writers (vroom_meta.h); NULL otherwise. Owned. */
    struct eco_vroom_meta *vroom;
};

/* Distance and time between locations, in internal units. The matrices are
 * flat arrays; when absent (large planar instances) the value is computed. */
int32_t eco__planar_dist(const eco_instance *inst, int a, int b);

static inline int32_t eco__dist(const eco_instance *inst, int a, int b)
{
    if (inst->dist)
        return inst->dist[(int64_t)a * inst->n_locs + b];
    return eco__planar_dist(inst, a, b);
}

static inline int32_t eco__dur(const eco_instance *inst, int a, int b)
{
    if (inst->dur)
        return inst->dur[(int64_t)a * inst->n_locs + b];
    return eco__planar_dist(inst, a, b); /* planar without matrix: time = distance */
}

/* ---- builder helpers (instance.c) ---- */

/* New empty instance with default units and options; NULL on allocation failure. */
eco_instance *eco__instance_new(eco_format fmt, const char *name);
/* Appends a location, returns its index or -1 on allocation failure. */
int eco__instance_add_loc(eco_instance *inst, double x, double y);
/* Index of a material by name, adding it if new; -1 when there are already
 * ECO_MAX_MATERIALS or on allocation failure. */
int eco__instance_material(eco_instance *inst, const char *name);
/* Fills inst->dist/dur for the travel spec (planar, haversine; an explicit
 * matrix is filled by its reader). Leaves them NULL for planar instances
 * above ECO_FULL_MATRIX_MAX locations. */
#define ECO_FULL_MATRIX_MAX 12000
eco_status eco__instance_build_travel(eco_instance *inst, eco_error *err);
/* Checks the cross-entity rules every format must satisfy (a box heavier than
 * every vehicle, a material no vehicle carries, windows that close before
 * they open, ...) and reports each with its box/vehicle id. */
eco_status eco__instance_validate(eco_instance *inst, eco_error *err);

/* ---- error helpers (error.c) ---- */

/* Records an error: the first one fills where/message, each one is appended
 * to err->text while room lasts. Returns st. err may be NULL. */
eco_status eco__error(eco_error *err, eco_status st, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* strdup that returns NULL on NULL or failure */
char *eco__strdup(const char *s);

/* ---- readers (one file each) ---- */

eco_status eco__read_json_model(const char *data, size_t len, const char *name,
                                const eco_load_options *opt, eco_instance **out, eco_error *err);
eco_status eco__read_cvrplib(const char *data, size_t len, const char *name,
                             const eco_load_options *opt, eco_instance **out, eco_error *err);
eco_status eco__read_solomon(const char *data, size_t len, const char *name,
                             const eco_load_options *opt, eco_instance **out, eco_error *err);
eco_status eco__read_vroom(const char *data, size_t len, const char *name,
                           const eco_load_options *opt, eco_instance **out, eco_error *err);
/* True when data is a JSON object with a top-level "jobs" or "shipments" key
 * (VROOM's problem JSON rather than the native model). */
bool eco__vroom_detect(const char *data, size_t len);
/* Frees inst->vroom (vroom_read.c); NULL does nothing. */
void eco__vroom_meta_destroy(struct eco_vroom_meta *meta);
eco_status eco__read_kim(const char *data, size_t len, const char *name,
                         const eco_load_options *opt, eco_instance **out, eco_error *err);

#endif /* ECO_MODEL_H */
