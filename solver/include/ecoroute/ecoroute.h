/*
 * ecoroute.h - the whole public contract of the ecoroute solver library.
 *
 * The library reads a routing problem (native JSON model, CVRPLIB, Solomon or
 * Kim et al. 2006 text), builds one in-memory instance with its travel
 * matrices, solves it, checks solutions independently and writes them out.
 * What is not declared here is not API: the CLI and the service use only this.
 *
 * Conventions:
 *  - Every function that can fail returns an eco_status and hands objects out
 *    through a pointer argument. The optional caller-owned eco_error receives
 *    the detail; the first error wins, later ones are appended to err->text.
 *  - Objects returned through `**out` are new: the caller frees them with the
 *    matching _destroy function; _destroy(NULL) does nothing.
 *  - An instance is read-only after loading and may be shared by threads.
 *  - The library never aborts and never exits.
 */
#ifndef ECOROUTE_H
#define ECOROUTE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ECO_VERSION "0.1.0"

/* ---- status codes: shared by the CLI (exit status) and the service ---- */

typedef enum eco_status {
    ECO_OK = 0,         /* success */
    ECO_EINFEASIBLE = 1,/* no feasible solution, or a solution is infeasible */
    ECO_EINPUT = 2,     /* bad input or usage */
    ECO_EROUTING = 3,   /* travel-time provider failed (OSRM, matrix) */
    ECO_EINTERNAL = 4   /* out of memory or an internal error */
} eco_status;

/* Short stable name of a status, used as the service's error "code":
 * "ok", "infeasible", "bad_input", "routing_error", "internal_error". */
const char *eco_status_name(eco_status st);
/* One-sentence description of a status (static string). */
const char *eco_strerror(eco_status st);

/* Caller-owned error detail. Zero it (or call eco_error_clear) before use. */
#define ECO_ERROR_TEXT_MAX 8192
typedef struct eco_error {
    eco_status status;           /* status of the first error */
    int n_errors;                /* how many errors were reported in all */
    char where[256];             /* first error: path or file:line */
    char message[512];           /* first error: reason */
    char text[ECO_ERROR_TEXT_MAX]; /* every error, "where: message\n" each, capped */
} eco_error;

void eco_error_clear(eco_error *err);

/* ---- instances ---- */

typedef struct eco_instance eco_instance;

typedef enum eco_format {
    ECO_FORMAT_AUTO = 0,
    ECO_FORMAT_JSON,     /* native JSON model */
    ECO_FORMAT_CVRPLIB,  /* CVRPLIB / TSPLIB */
    ECO_FORMAT_SOLOMON,  /* Solomon / Gehring & Homberger VRPTW */
    ECO_FORMAT_KIM,      /* Kim, Kim & Sahoo (2006) waste collection */
    ECO_FORMAT_VROOM     /* VROOM's problem JSON (jobs, vehicles, matrices; see vroom.h) */
} eco_format;

/* Distance rounding for planar coordinate instances. */
typedef enum eco_rounding {
    ECO_ROUND_DEFAULT = 0, /* the format's convention: nint for CVRPLIB,
                              trunc1 for Solomon, exact otherwise */
    ECO_ROUND_NINT,        /* floor(d + 0.5): CVRPLIB */
    ECO_ROUND_TRUNC1,      /* floor(10 d) / 10: DIMACS VRPTW */
    ECO_ROUND_EXACT        /* unrounded (kept to 1e-4 internally) */
} eco_rounding;

typedef struct eco_load_options {
    eco_format format;     /* ECO_FORMAT_AUTO detects from the content */
    eco_rounding rounding; /* planar formats only */
    int limit_fleet;       /* Solomon: 1 = fleet as given in the file (default), 0 = unlimited */
    const char *osrm_url;  /* native model: take travel times from this OSRM server
                              (overrides travel.url; switches haversine to osrm) */
    const char *osrm_cache_dir; /* on-disk matrix cache for OSRM (overrides travel.cache_dir) */
} eco_load_options;

/* Parses a rounding name ("nint", "trunc1", "exact"); ECO_EINPUT if unknown. */
eco_status eco_rounding_parse(const char *name, eco_rounding *out);
const char *eco_rounding_name(eco_rounding r);
const char *eco_format_name(eco_format f);

/* Loads an instance from a file (format detected unless opt->format is set).
 * opt may be NULL. On success *out is a new instance. Errors: ECO_EINPUT with
 * the file, line or JSON path in err; ECO_EROUTING if travel times cannot be
 * computed; ECO_EINTERNAL on allocation failure. Thread-safe. */
eco_status eco_instance_load_file(const char *path, const eco_load_options *opt,
                                  eco_instance **out, eco_error *err);

/* As eco_instance_load_file, from a buffer of len bytes; `name` is used in
 * messages (e.g. the request id or "<stdin>"). */
eco_status eco_instance_load_buffer(const char *data, size_t len, const char *name,
                                    const eco_load_options *opt,
                                    eco_instance **out, eco_error *err);

void eco_instance_destroy(eco_instance *inst);

/* Read-only facts about a loaded instance (borrowed strings). */
const char *eco_instance_name(const eco_instance *inst);
eco_format eco_instance_format(const eco_instance *inst);
int eco_instance_n_boxes(const eco_instance *inst);      /* boxes = customers */
int eco_instance_n_vehicles(const eco_instance *inst);   /* -1 when unlimited */
int eco_instance_n_facilities(const eco_instance *inst);

/* ---- solutions ---- */

typedef struct eco_solution eco_solution;

void eco_solution_destroy(eco_solution *sol);

/* Summary figures of a solution (computed when it was built). */
typedef struct eco_summary {
    double cost;          /* objective: fixed + distance + time costs */
    double distance;      /* in the instance's distance unit (metres for native) */
    double duration;      /* in the instance's time unit (seconds for native) */
    int routes;           /* non-empty routes */
    int unassigned;       /* boxes not in any route */
    int unloads;          /* facility visits */
} eco_summary;

void eco_solution_summary(const eco_solution *sol, eco_summary *out);

/* Number of mandatory boxes the solution leaves unassigned. */
int eco_solution_mandatory_unassigned(const eco_instance *inst, const eco_solution *sol);

typedef enum eco_out_format {
    ECO_OUT_JSON = 0,  /* the native solution JSON */
    ECO_OUT_CVRPLIB    /* "Route #k: ..." then "Cost N" */
} eco_out_format;

/* Writes the solution to f. Returns ECO_EINTERNAL on a write error. */
eco_status eco_solution_write(const eco_instance *inst, const eco_solution *sol,
                              eco_out_format fmt, FILE *f, eco_error *err);

/* The solution as a new JSON text (caller frees with free()). */
eco_status eco_solution_to_json_string(const eco_instance *inst, const eco_solution *sol,
                                       int indent, char **out, eco_error *err);

/* Reads a solution file for inst: native JSON or CVRPLIB .sol text (detected).
 * Only the sequence of steps per route is taken from the file; times and costs
 * in it are not trusted. Errors: ECO_EINPUT naming the line or JSON path. */
eco_status eco_solution_read_file(const eco_instance *inst, const char *path,
                                  eco_solution **out, eco_error *err);
eco_status eco_solution_read_buffer(const eco_instance *inst, const char *data, size_t len,
                                    const char *name, eco_solution **out, eco_error *err);

/* ---- solving ---- */

typedef void (*eco_progress_fn)(void *user, double elapsed_s, double best_cost, int feasible);

typedef struct eco_solve_options {
    double time_limit_s;     /* wall clock; <= 0 means the instance's option or 10 s */
    int threads;             /* <= 0: the instance's option or 1 */
    uint64_t seed;           /* search k uses seed + k; 0: the model's seed, else 1 */
    long max_iterations;     /* 0 = no limit */
    long max_no_improve;     /* iterations without improvement; 0 = no limit */
    int construction_only;   /* 1: return the construction heuristic's solution */
    int exact;               /* 1: prove the optimum with GLPK (small instances only:
                                at most 12 boxes to serve, else ECO_EINPUT) */
    int verbose;             /* extra diagnostics on stderr */
    eco_progress_fn progress;/* optional, called from one thread only */
    void *progress_user;
    volatile int *cancel;    /* optional: set non-zero to stop early */
    int no_sp;               /* 1: no set-partitioning recombination of routes (GLPK)
                                inside the search (for comparisons) */
} eco_solve_options;

void eco_solve_options_init(eco_solve_options *opt);

/* Solves inst. On success *out is a new solution in which every box is either
 * in a route or listed as unassigned with a reason. Returns ECO_OK even when
 * some boxes are unassigned (see the summary); ECO_EINTERNAL on failure.
 * Thread-safe for distinct output objects. */
eco_status eco_solve(const eco_instance *inst, const eco_solve_options *opt,
                     eco_solution **out, eco_error *err);

/* Fetches the road geometry of every used route from the instance's OSRM
 * server (/route/v1; the instance must use travel.provider "osrm" or have
 * been loaded with eco_load_options.osrm_url) and stores it in the solution:
 * the JSON output then carries "geometry" (polyline6) and "road_distance_m"
 * per route. Errors: ECO_EINPUT without OSRM, ECO_EROUTING from the server. */
eco_status eco_solution_fetch_geometry(const eco_instance *inst, eco_solution *sol, eco_error *err);

/* ---- the independent checker ---- */

typedef struct eco_check_report eco_check_report;

/* Verifies sol against inst with code that shares nothing with the solver's
 * route evaluation: recomputes travel, times, loads and the cost from scratch
 * and lists every violation with its route and step. Returns ECO_OK when the
 * check ran (whether or not the solution is feasible); *out is new. */
eco_status eco_check(const eco_instance *inst, const eco_solution *sol,
                     eco_check_report **out, eco_error *err);
void eco_check_report_destroy(eco_check_report *rep);
int eco_check_report_feasible(const eco_check_report *rep);
int eco_check_report_n_violations(const eco_check_report *rep);
double eco_check_report_cost(const eco_check_report *rep);     /* recomputed */
double eco_check_report_distance(const eco_check_report *rep); /* recomputed */
/* Violation i as "route 3 step 5 (box b17): time window closes at 600, service starts at 655". */
const char *eco_check_report_violation(const eco_check_report *rep, int i);
/* Writes the report as text (json = 0) or JSON (json = 1). */
eco_status eco_check_report_write(const eco_check_report *rep, int json, FILE *f);

#ifdef __cplusplus
}
#endif
#endif /* ECOROUTE_H */
