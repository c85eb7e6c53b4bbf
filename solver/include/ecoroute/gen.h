/*
 * gen.h - generator of realistic, reproducible city instances in the native
 * JSON model (README "Native JSON model"), behind `ecoroute gen`.
 *
 * A city is a preset (a Kazakh city with its real bounding box, named campus
 * sites, a depot, baling sites and a recycler further out) or any bounding
 * box. Eco-boxes come in Gaussian clusters around campuses and residential
 * districts plus scattered street boxes; materials, capacities, fill levels
 * and fill rates are drawn so that about `full_share` of the boxes are at or
 * above the fill threshold today; the fleet is sized from the day's demand.
 *
 * Determinism: the output depends only on the options. The generator uses
 * its own random number generator (xoshiro256**, seeded by splitmix64 from
 * the seed), no libm calls except sqrt, and prints every number with a fixed
 * format in the C locale, so the same options give byte-identical text on
 * every run and platform. Each aspect (layout, materials, fill levels, time
 * windows, fleet) draws from its own stream, so switching an option such as
 * time windows or breaks on or off leaves the rest of the instance unchanged.
 */
#ifndef ECOROUTE_GEN_H
#define ECOROUTE_GEN_H

#include <stdint.h>

#include "ecoroute/ecoroute.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ECO_GEN_MIN_BOXES 10
#define ECO_GEN_MAX_BOXES 20000
#define ECO_GEN_MAX_FACILITIES 8   /* baling sites inside the city */
#define ECO_GEN_MAX_MATERIALS 4    /* plastic, paper, glass, metal */

typedef struct eco_gen_options {
    const char *city;      /* preset name (see eco_gen_city_names), or NULL with use_bbox (NULL) */
    int use_bbox;          /* 1: generate inside bbox instead of a preset (0) */
    double bbox[4];        /* min lon, min lat, max lon, max lat, degrees (GeoJSON order) */
    int n_boxes;           /* eco-boxes, [ECO_GEN_MIN_BOXES, ECO_GEN_MAX_BOXES] (100) */
    uint64_t seed;         /* random seed (1) */
    int n_materials;       /* 1 .. ECO_GEN_MAX_MATERIALS (2) */
    const char *materials[ECO_GEN_MAX_MATERIALS]; /* names from eco_gen_material_names(),
                                                     no repeats ({"plastic", "paper"}) */
    int n_facilities;      /* baling sites inside the city, 1 .. ECO_GEN_MAX_FACILITIES (1);
                              a recycler outside the city is always added */
    int time_windows;      /* 1: campus opening hours and collection slots on boxes (0) */
    int breaks;            /* 1: every vehicle takes a lunch break (0) */
    double full_share;     /* share of boxes at/above the fill threshold today, [0, 1] (0.7) */
    const char *name;      /* instance name; NULL: derived from the options,
                              e.g. "almaty-100-s1" */
} eco_gen_options;

/* What was generated (filled by eco_gen_city when asked). */
typedef struct eco_gen_summary {
    int n_boxes;           /* all boxes */
    int n_mandatory;       /* fill >= threshold today */
    int n_optional;        /* below it, but reaches it within the horizon */
    int n_skip;            /* below the threshold even after the horizon */
    int n_vehicles;        /* fleet size (all types) */
    int n_facilities;      /* baling sites + recycler */
    double demand_kg;      /* load of the mandatory and optional boxes */
} eco_gen_summary;

/* Sets the defaults shown above. */
void eco_gen_options_init(eco_gen_options *opt);

/* Generates an instance. On success *json_out is a new NUL-terminated JSON
 * text (caller frees with free()) and *summary, when not NULL, is filled.
 * Errors: ECO_EINPUT when an option is out of range, with err->where naming
 * the option as the command line spells it ("boxes", "city", "bbox",
 * "materials", "facilities", "full-share", "name") and err->message the reason,
 * e.g. "expected an integer in [10, 20000], got 5"; ECO_EINTERNAL when out
 * of memory. Thread-safe (no global state). */
eco_status eco_gen_city(const eco_gen_options *opt, char **json_out, eco_gen_summary *summary,
                        eco_error *err);

/* NULL-terminated list of the city presets, lower case ("almaty", ...). Static. */
const char *const *eco_gen_city_names(void);

/* NULL-terminated list of the material names the generator knows. Static. */
const char *const *eco_gen_material_names(void);

#ifdef __cplusplus
}
#endif
#endif /* ECOROUTE_GEN_H */
