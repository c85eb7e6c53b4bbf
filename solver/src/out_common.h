/*
 * out_common.h - what the planner-facing writers (out_geojson.c, out_csv.c,
 * out_map.c) share: a walk over a route's stops with trip numbers, positions
 * and unloaded amounts; per-route figures; number, clock and distance
 * formatting in the instance's units; CSV, XML and colour helpers.
 * Internal: nothing here is API (see ecoroute/output.h).
 */
#ifndef ECO_OUT_COMMON_H
#define ECO_OUT_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ecoroute/output.h"
#include "solution.h"

/* Makes sure the solution is scheduled: *use is sol itself when it is, else
 * a private scheduled copy held in *owned (the caller destroys *owned, which
 * is NULL when no copy was needed). ECO_EINTERNAL when memory runs out. */
eco_status eco__out_scheduled(const eco_instance *inst, const eco_solution *sol, const eco_solution **use,
                              eco_solution **owned, eco_error *err);

/* 1 when location loc has a known position: everything except the [0, 0]
 * placeholder of a matrix instance given without locations. */
bool eco__out_loc_known(const eco_instance *inst, int loc);

/* ---- walking a route's stops: start, middle steps, end ---- */

typedef struct eco_out_stop {
    eco_step_type type;     /* START, PICKUP, UNLOAD, BREAK or END */
    int ref;                /* box (PICKUP), facility (UNLOAD), depot (START/END), -1 (BREAK) */
    int loc;                /* location; a break is where the vehicle is */
    const char *id;         /* box, facility or depot id; "" for a break (borrowed) */
    int seq;                /* 0 = start, then 1, 2, ... */
    int trip;               /* 1-based trip this stop belongs to */
    bool ends_trip;         /* an unload followed by more pickups, or the end */
    int64_t arrival, start, departure; /* time units */
    int64_t load;           /* on board after the stop, load units */
    int64_t amount;         /* picked up (PICKUP) or unloaded (UNLOAD), load units */
    int64_t unloaded[ECO_MAX_MATERIALS]; /* UNLOAD: per material, load units */
    int64_t leg_dist;       /* distance from the previous stop, distance units */
} eco_out_stop;

typedef struct eco_out_walk {
    const eco_instance *inst;
    const eco_route *r;
    int k;                  /* next middle step: -1 before the start */
    int last_pickup;        /* index of the last pickup step, -1 if none */
    int trip;
    int loc;                /* where the vehicle is */
    int64_t onboard[ECO_MAX_MATERIALS];
    eco_out_stop stop;      /* the current stop after eco__out_walk_next */
} eco_out_walk;

void eco__out_walk_begin(eco_out_walk *w, const eco_instance *inst, const eco_route *r);
/* Advances to the next stop (the start first); false after the end. */
bool eco__out_walk_next(eco_out_walk *w);

/* Figures of one route. */
typedef struct eco_out_route {
    int stops;              /* pickups */
    int trips, unloads, breaks;
    int64_t depart, end;    /* leaving the start depot, arriving at the end depot, time units */
    int64_t collected;      /* load units */
    int64_t per_material[ECO_MAX_MATERIALS]; /* load units */
    int64_t peak_load;      /* most on board at once, load units */
} eco_out_route;

void eco__out_route_figures(const eco_instance *inst, const eco_route *r, eco_out_route *out);

/* Routes written by every writer: those with at least one step. */
static inline bool eco__out_route_used(const eco_route *r)
{
    return r->n_steps > 0;
}

/* ---- road geometry (OSRM /route, see eco_solution_fetch_geometry) ---- */

typedef struct eco_out_road {
    int n;                  /* polyline points; 0: no usable road geometry */
    double *lon, *lat;      /* owned, n each */
    int *at;                /* owned: for stop seq (0 .. n_steps + 1), its point */
} eco_out_road;

/* When route r carries road geometry, decodes it and matches every stop of
 * the walk to a point of the line: the monotone matching (stops in order,
 * points in order) with the least total squared distance, so that a road
 * passing by a facility before the truck stops there does not fool it.
 * road->n is 0 (straight lines are drawn) when there is no geometry, when it
 * is not a valid polyline, or when stops x points exceeds ECO_OUT_ROAD_MAX.
 * ECO_EINTERNAL only when memory runs out. */
#define ECO_OUT_ROAD_MAX 20000000L
eco_status eco__out_road(const eco_instance *inst, const eco_route *r, eco_out_road *road, eco_error *err);
void eco__out_road_free(eco_out_road *road);

/* ---- formatting (each returns buf) ---- */

/* v with at most `decimals` decimals, trailing zeros dropped ("12.5", "3"). */
const char *eco__out_num(char *buf, size_t n, double v, int decimals);
/* True when the instance counts time in seconds (clock times make sense). */
bool eco__out_seconds(const eco_instance *inst);
/* A time of day: "HH:MM:SS" for seconds-based instances, else the number. */
const char *eco__out_clock(char *buf, size_t n, const eco_instance *inst, int64_t t);
/* A duration for people: "8h05m", "12m", "40s"; else the number. */
const char *eco__out_span(char *buf, size_t n, const eco_instance *inst, int64_t d);
/* A duration for sheets: "H:MM:SS"; else the number. */
const char *eco__out_hms(char *buf, size_t n, const eco_instance *inst, int64_t d);
/* A distance for people: "35.1 km", "850 m", "1234 ft", "96.3". */
const char *eco__out_dist(char *buf, size_t n, const eco_instance *inst, int64_t d);
/* A load for people: "1234.5 kg", "42". */
const char *eco__out_load(char *buf, size_t n, const eco_instance *inst, int64_t l);
/* Materials of a mask joined by sep ("plastic, paper"). */
const char *eco__out_materials(char *buf, size_t n, const eco_instance *inst, uint32_t mask, const char *sep);
/* "mandatory", "optional" or "not_needed". */
const char *eco__out_need_name(eco_box_need need);

/* ---- CSV (RFC 4180) ---- */

/* One field: quoted when it holds a comma, a quote, CR or LF (quotes doubled). */
void eco__csv_field(FILE *f, const char *s);
/* A row from n fields: separators and a CRLF. */
void eco__csv_row(FILE *f, int n, const char *const *fields);

/* ---- XML / HTML text ---- */

/* Writes s escaped for XML text and attribute values; control characters that
 * XML 1.0 does not allow become U+FFFD. */
void eco__xml_text(FILE *f, const char *s);

/* ---- colours ---- */

/* Distinct colour k of a palette for many routes, "#rrggbb". */
void eco__out_color(int k, char out[8]);

/* Ends a writer: ECO_EINTERNAL "write error" (where = what) when f failed. */
eco_status eco__out_flush(FILE *f, const char *what, eco_error *err);

#endif /* ECO_OUT_COMMON_H */
