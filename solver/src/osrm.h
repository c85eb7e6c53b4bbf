/*
 * osrm.h - the OSRM travel-time provider (internal API).
 *
 * Fills duration and distance matrices from an OSRM server's /table/v1
 * service, and fetches road geometry for a sequence of points from
 * /route/v1. Everything happens before the search; the search never calls
 * this module.
 *
 * Table requests. The n x n matrix is split into source x destination blocks
 * of at most block_size x block_size cells (osrm-routed refuses a request
 * whose sources x destinations exceed --max-table-size squared, default
 * 100 x 100). Each block request lists only the block's own points, so a
 * URL never holds more than 2 x block_size coordinates. Up to `parallel`
 * blocks are in flight at once (one curl multi handle, one thread: no global
 * state besides curl_global_init, which is run once under pthread_once).
 * Every request has a connect timeout and a total timeout, and its response
 * body a size cap; nothing waits forever.
 *
 * Retries. A connection error (refused, reset, timed out, empty reply) or an
 * HTTP 5xx or 429 answer is retried up to max_retries times, after
 * backoff_s, 2 x backoff_s, 4 x backoff_s, ... (at most 10 s each). Any other
 * answer (4xx, a malformed body) is final: it is not retried.
 *
 * Errors. All are ECO_EROUTING unless the arguments are invalid (ECO_EINPUT)
 * or memory runs out (ECO_EINTERNAL). Problems of a point are reported with
 * the point's label as "where", one error per point, in point order:
 *   boxes[3] (b17): no road within 500 m (snapped 812 m away)
 *   boxes[3] (b17): no road segment near [76.9, 43.9] (OSRM NoSegment)
 *   boxes[3] (b17): no route to or from any other point (OSRM returned null)
 *   boxes[3] (b17) -> depots[0] (garage): no route (OSRM returned null)
 * Transport and server problems use "travel.osrm" as "where":
 *   travel.osrm: cannot connect to http://127.0.0.1:5000: ... (3 attempts)
 *   travel.osrm: no answer from http://... within 30 s (table block 4 of 9, ...)
 *   travel.osrm: http://... answered HTTP 400 (TooBig: ...) ...
 *   travel.osrm: malformed response from http://... (...)
 * A point is never silently given an "infinite" travel time.
 *
 * Units: durations in whole seconds and distances in whole metres, each
 * rounded to the nearest from OSRM's decimals.
 *
 * Thread safety: every function is reentrant; calls from several threads at
 * once are fine (each uses its own curl handles).
 */
#ifndef ECO_OSRM_H
#define ECO_OSRM_H

#include <stdint.h>

#include "model.h"

#define ECO_OSRM_MAX_POINTS 20000 /* matrix points accepted (2 x 4 x n^2 bytes) */

typedef struct eco_osrm_config {
    const char *base_url;     /* "http://host:5000" or with a path prefix; required (borrowed) */
    const char *profile;      /* "driving" (default); letters, digits, '-', '_', '.' */
    int block_size;           /* sources and destinations per table request (100) */
    int parallel;             /* requests in flight at once, 1..64 (4) */
    int route_max_points;     /* waypoints per /route request, >= 2; longer routes
                                 are fetched in overlapping pieces (500, like
                                 osrm-routed --max-viaroute-size) */
    double connect_timeout_s; /* per request, connection set-up (5 s) */
    double timeout_s;         /* per request, whole transfer (60 s) */
    int max_retries;          /* extra attempts after a 5xx/429 or a connection
                                 error, 0..10 (3) */
    double backoff_s;         /* first retry delay, doubled each time, <= 10 s (0.25 s) */
    double max_snap_m;        /* a point snapped farther than this from its
                                 coordinate is an error, metres; <= 0: no limit (500) */
    const char *cache_dir;    /* directory of the on-disk matrix cache; NULL: no cache */
} eco_osrm_config;

/* What a call did (for logs and benchmarks). */
typedef struct eco_osrm_stats {
    int blocks;               /* table blocks (or route pieces) needed */
    int requests;             /* HTTP requests sent, retries included */
    int retries;              /* requests that repeated a failed one */
    int max_in_flight;        /* most requests open at once */
    int64_t bytes;            /* response body bytes received */
    double seconds;           /* wall-clock time of the call */
    int cache_hit;            /* 1: matrices read from the cache, no request sent */
    int cache_stored;         /* 1: matrices written to the cache */
} eco_osrm_stats;

/* Fills c with the defaults above; base_url NULL, cache_dir NULL. */
void eco__osrm_config_init(eco_osrm_config *c);

/* Checks c: ECO_EINPUT naming the field as "travel.url", "travel.block_size", ... */
eco_status eco__osrm_config_check(const eco_osrm_config *c, eco_error *err);

/* The n x n matrices between points (lon[i], lat[i]) in degrees, into the
 * caller's arrays dist_m and dur_s (n * n each, row-major: [from * n + to]).
 * labels[i] names point i in errors (e.g. "boxes[3] (b17)"); labels may be
 * NULL ("point 3"). stats may be NULL. With c->cache_dir set, a valid cache
 * file for the same points, profile and base URL is used instead of the
 * server, and a fetched matrix is stored (a cache that cannot be written is
 * not an error: see stats->cache_stored). On error the arrays' contents are
 * unspecified. Errors: see the file comment. */
eco_status eco__osrm_table(const eco_osrm_config *c, int n, const double *lon, const double *lat,
                           const char *const *labels, int32_t *dist_m, int32_t *dur_s,
                           eco_osrm_stats *stats, eco_error *err);

/* Road geometry through the n >= 1 points in order, from /route/v1 with
 * overview=full: *polyline6 is a new string (caller frees) in Google's
 * encoded polyline format with 6 decimals; *distance_m and *duration_s are
 * OSRM's totals (unrounded). Routes with more than c->route_max_points
 * points are fetched in pieces that share their end points and joined.
 * Waypoints snapped farther than max_snap_m are errors naming "route point
 * k". c->cache_dir is not used. stats may be NULL. */
eco_status eco__osrm_route(const eco_osrm_config *c, int n, const double *lon, const double *lat,
                           char **polyline6, double *distance_m, double *duration_s,
                           eco_osrm_stats *stats, eco_error *err);

/* Fills inst->dist and inst->dur (metres and seconds, new arrays) from OSRM
 * for every location of inst (loc_x = longitude, loc_y = latitude), naming
 * each location in errors by the first depot, facility or box that uses it,
 * as "depots[0] (garage)", "facilities[1] (baler)", "boxes[3] (b17)".
 * Replaces any matrices inst already had. stats may be NULL. */
/* The client settings stored in inst->travel (instance.c). */
void eco__osrm_config_from_instance(const eco_instance *inst, eco_osrm_config *cfg);

eco_status eco__instance_build_travel_osrm(eco_instance *inst, const eco_osrm_config *c,
                                           eco_osrm_stats *stats, eco_error *err);

/* Google encoded polyline with 1e6 precision (polyline6). encode: *out is a
 * new string, returns ECO_EINTERNAL on allocation failure. decode: *lon and
 * *lat are new arrays of *n points; ECO_EINPUT if the text is not a valid
 * polyline. Exposed for the tests and for writers of GeoJSON. */
eco_status eco__polyline6_encode(int n, const double *lon, const double *lat, char **out);
eco_status eco__polyline6_decode(const char *text, int *n, double **lon, double **lat);

#endif /* ECO_OSRM_H */
