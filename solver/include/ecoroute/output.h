/*
 * output.h - solutions for people and GIS tools: GeoJSON, CSV manifests (one
 * file per vehicle in stop order), a self-contained HTML or SVG map, and a
 * human summary for the terminal.
 *
 * Every writer reads a solution and its instance and changes neither. A
 * solution from eco_solve is already scheduled; one from
 * eco_solution_read_file is scheduled by the writer on a private copy (times,
 * loads and distances are never taken from a file).
 *
 * Conventions shared by the writers:
 *  - Stops are numbered per route: sequence 0 is the start at the depot, then
 *    every pickup, unload and break in order, and the last is the end.
 *  - A trip ends at an unload that is followed by more pickups, and at the
 *    end of the route; trip numbers start at 1 (as "trips" in the JSON).
 *  - Numbers are in the instance's units (native: metres, seconds, kg);
 *    clock times of instances counted in seconds are also written as
 *    HH:MM:SS (hours may pass 24 on multi-day horizons).
 *  - Errors: ECO_EINPUT when the instance cannot be drawn that way (GeoJSON
 *    of planar coordinates, a map of an instance without coordinates) or a
 *    file cannot be created (naming the path); ECO_EINTERNAL on a write error
 *    or when memory runs out. The first error wins in err, as everywhere.
 *  - Thread safety: writers share nothing; distinct FILEs may be written
 *    from several threads at once.
 */
#ifndef ECOROUTE_OUTPUT_H
#define ECOROUTE_OUTPUT_H

#include <stdio.h>

#include "ecoroute/ecoroute.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a writer needs from the instance: see eco_output_check. */
typedef enum eco_output_kind {
    ECO_OUTPUT_GEOJSON = 0, /* needs longitude/latitude locations */
    ECO_OUTPUT_CSV,         /* always possible */
    ECO_OUTPUT_MAP,         /* needs coordinates of some kind */
    ECO_OUTPUT_SUMMARY      /* always possible */
} eco_output_kind;

/* ECO_OK when inst can be written as kind; else ECO_EINPUT with the reason
 * (e.g. "GeoJSON needs [lon, lat] locations; this CVRPLIB instance has
 * planar x, y"). Lets a program refuse before it spends time solving. */
eco_status eco_output_check(const eco_instance *inst, eco_output_kind kind, eco_error *err);

typedef struct eco_output_options {
    const char *title;        /* map title; NULL: the instance name (borrowed) */
    int summary_max_listed;   /* summary: unassigned boxes named one by one (5) */
    int summary_max_vehicles; /* summary: per-vehicle lines (20); the rest are counted */
    double wall_s;            /* summary: whole run in seconds, loading included (0: not shown) */
    int checked;              /* summary: 1 adds "checked feasible" (the caller ran eco_check) */
} eco_output_options;

/* Fills opt with the defaults above. */
void eco_output_options_init(eco_output_options *opt);

/* GeoJSON (RFC 7946) FeatureCollection, one feature per line: a LineString
 * per trip (straight segments between the stops, in stop order), then a Point
 * for every box (served: vehicle, trip, sequence, arrival, load; unassigned:
 * reason), every facility and every depot. Properties follow the simplestyle
 * names ("stroke", "marker-color") so that geojson.io colours the routes.
 * Needs a geographic instance (eco_output_check). */
eco_status eco_solution_write_geojson(const eco_instance *inst, const eco_solution *sol, FILE *f,
                                      eco_error *err);

/* CSV (RFC 4180: header row, CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break, UTF-8 without a byte-order mark).
 *
 * stops: every stop of every used vehicle in order, one row each, with the
 *   vehicle as the first column; then one row per unassigned box (kind
 *   "unassigned", the reason in "notes"). The whole solution in one sheet.
 * summary: one row per used vehicle (stops, trips, unloads, start and end,
 *   distance, duration, collected per material, cost, its manifest file). */
eco_status eco_solution_write_stops_csv(const eco_instance *inst, const eco_solution *sol, FILE *f,
                                        eco_error *err);
eco_status eco_solution_write_summary_csv(const eco_instance *inst, const eco_solution *sol, FILE *f,
                                          eco_error *err);

/* Writes into directory dir (created if missing; its parent must exist):
 * one manifest per used vehicle "NN-VEHICLE.csv" (NN the route number,
 * VEHICLE the id with characters other than letters, digits, '.', '-', '_'
 * and non-ASCII ones replaced by '_'), "summary.csv", "unassigned.csv" and
 * "summary.txt" (the human summary). Existing files of those names are
 * replaced; other files are left alone. */
eco_status eco_solution_write_manifests(const eco_instance *inst, const eco_solution *sol, const char *dir,
                                        eco_error *err);

typedef enum eco_map_format {
    ECO_MAP_HTML = 0, /* a page: inline SVG, legend, hover/click details, zoom */
    ECO_MAP_SVG       /* the same drawing alone, legend inside, <title> tooltips */
} eco_map_format;

/* The map format named by a file's extension: ".html"/".htm" or ".svg"
 * (any case). ECO_EINPUT naming the path otherwise. */
eco_status eco_map_format_from_path(const char *path, eco_map_format *out, eco_error *err);

/* The map: routes in distinct colours over the stops, depots (squares) and
 * facilities (diamonds) marked, unassigned mandatory boxes ringed in red,
 * and a legend with each vehicle's distance, time, load and trips. Geographic
 * instances are drawn in an equirectangular projection scaled by cos(latitude);
 * planar ones as given (y up). Self-contained: no network, no library.
 * opt may be NULL. */
eco_status eco_solution_write_map(const eco_instance *inst, const eco_solution *sol, eco_map_format fmt,
                                  const eco_output_options *opt, FILE *f, eco_error *err);

/* The human summary: vehicles used, distance, duration, kg per material
 * collected, a line per vehicle, the unassigned boxes with their reasons
 * (mandatory ones first, the first few by name, then counts) and the time
 * the solve took. opt may be NULL. */
eco_status eco_solution_write_text_summary(const eco_instance *inst, const eco_solution *sol,
                                           const eco_output_options *opt, FILE *f, eco_error *err);

#ifdef __cplusplus
}
#endif
#endif /* ECOROUTE_OUTPUT_H */
