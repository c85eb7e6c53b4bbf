/*
 * pool.h - a bounded pool of distinct routes seen by a search, and the
 * set-partitioning recombination over it (GLPK, through eco__sp_solve).
 *
 * A column is a route as the MIP sees it: the set of rows (boxes) it serves,
 * a group (a vehicle type, whose number of routes may be limited), a cost,
 * and an opaque payload the search needs to rebuild the route (the customer
 * sequence for the genetic search; the steps with their unload visits for
 * the waste search). The pool does not interpret the payload.
 *
 * Duplicates: two columns are the same when they serve the same set of rows
 * with the same group (whatever the order of the visits). Adding a known set
 * keeps the cheaper of the two (cost and payload; on a tie the one already
 * there) and marks the column as recently seen.
 *
 * Bound and eviction: at most max_cols columns and max_bytes bytes of rows
 * and payloads. When a new column does not fit, the least recently seen
 * columns are evicted (LRU: "seen" = added or added again). Why LRU rather
 * than the best K per box: the costs of routes over different boxes are not
 * comparable, so "best per box" needs a normalisation (cost per box, or a
 * dual price) that favours short or long routes arbitrarily; what a search
 * re-discovers again and again, and what it found recently (in the region of
 * its current best solutions), is what the recombination can use, and routes
 * of the early, poorer solutions age out by themselves. A route that keeps
 * appearing in the population is refreshed each time and never ages out.
 * Columns of the incumbent are re-added just before a solve, so they are the
 * most recent and cannot be evicted by it (the pool must hold at least as
 * many columns as the incumbent has routes).
 *
 * Ids: a column keeps its id (0 .. eco__pool_id_limit() - 1) until it is
 * evicted; ids of evicted columns are reused. Everything is deterministic:
 * the same sequence of calls gives the same ids, evictions and plans (GLPK
 * too, unless its wall-clock limit cuts it; use the iteration and node
 * limits for reproducible runs).
 *
 * Thread safety: a pool has no lock; one thread at a time uses it (each
 * search thread owns its pool). eco__pool_solve may run in several threads
 * at once on different pools (GLPK keeps its environment per thread).
 *
 * Using it from a search (the genetic search does this in hgs_sp.c; the
 * waste search can do the same):
 *
 *   eco__pool *pool;
 *   eco__pool_create(n_boxes, n_vehicle_types, 20000, 64 << 20, &pool, err);
 *   // for every good route found (e.g. the routes of each new best solution
 *   // and of each improved candidate):
 *   //   rows    = the boxes it picks up (any order; each at most once),
 *   //   group   = the vehicle type of the route,
 *   //   cost    = the route's cost as the search counts it (fixed + distance
 *   //             + time; minus the prizes of the optional boxes it serves
 *   //             when the rows of optional boxes are "at most once"),
 *   //   payload = whatever rebuilds the route, e.g. its eco_step (type, ref)
 *   //             pairs including the unload visits and the break:
 *   //     struct { int8_t type; int ref; } steps[n]; size = n * sizeof *steps
 *   eco__pool_add(pool, boxes, n, type, cost, steps, n * sizeof *steps, NULL, err);
 *
 *   // periodically, and before returning: the incumbent's routes first
 *   int ids[MAX_ROUTES];
 *   for (r = 0; r < n_routes; r++)
 *       eco__pool_add(pool, rows_r, n_r, type_r, cost_r, payload_r, size_r, &ids[r], err);
 *   eco__pool_solve_opt o = {.row_kind = kinds,        // EXACTLY_ONE: mandatory box,
 *                                                      // AT_MOST_ONE: optional box
 *                            .group_max = type_counts, // vehicles per type, -1: no limit
 *                            .incumbent = ids, .n_incumbent = n_routes,
 *                            .time_limit_s = 0.5};
 *   eco__pool_result res;
 *   eco__pool_solve(pool, &o, &res, err);
 *   if (res.outcome == ECO_POOL_IMPROVED)
 *       for (c = 0; c < res.n_chosen; c++) {
 *           size_t size;
 *           const void *steps = eco__pool_payload(pool, res.chosen[c], &size);
 *           ... rebuild route c on a vehicle of type eco__pool_group(pool, res.chosen[c]) ...
 *       }
 *   eco__pool_result_clear(&res);
 *   eco__pool_destroy(pool);
 *
 * The chosen ids stay valid until the next eco__pool_add or merge. Boxes
 * that are not rows of any chosen column are the ones the plan leaves out
 * (only at-most-once rows can be left out). Rows are the boxes the search
 * routes (mandatory and optional; boxes not needed today are no rows), in
 * any numbering 0..n_rows-1 the search keeps; a route that serves no box
 * (n = 0) is not a column. Costs of routes that depend on where they sit in
 * a plan (none in this model: a route's cost is its own) would not fit the
 * MIP. Past a few hundred boxes or a few thousand routes, solve subproblems
 * (opt.row_subset = the boxes of a few neighbouring routes of the incumbent,
 * opt.incumbent = those routes, group_max reduced by the routes outside) as
 * hgs_sp.c does: the whole MIP is then too slow for GLPK.
 */
#ifndef ECO_POOL_H
#define ECO_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "exact.h"

typedef struct eco__pool eco__pool;

#define ECO_POOL_MAX_COLS 4000000 /* largest max_cols eco__pool_create accepts */

/* New empty pool over rows 0..n_rows-1 and groups 0..n_groups-1, holding at
 * most max_cols columns and max_bytes bytes of rows and payloads (0: no byte
 * limit beyond max_cols). Errors: ECO_EINPUT for n_rows < 1, n_groups < 1,
 * max_cols outside 1..ECO_POOL_MAX_COLS; ECO_EINTERNAL out of memory. */
eco_status eco__pool_create(int n_rows, int n_groups, int max_cols, size_t max_bytes, eco__pool **out,
                            eco_error *err);
void eco__pool_destroy(eco__pool *pool);
/* Removes every column (the limits stay). */
void eco__pool_clear(eco__pool *pool);

/* Adds a route serving rows[0..n-1] (any order, distinct, in range; n >= 1)
 * of group `group` at `cost` (finite) with a payload of payload_size bytes
 * (copied; may be NULL when the size is 0). When the same (rows, group) is
 * there, keeps the cheaper and refreshes it. *id (optional) receives the id
 * of the column that now holds this row set. Errors: ECO_EINPUT naming the
 * bad row, group or cost (the pool is unchanged); ECO_EINTERNAL out of memory
 * or a single column larger than max_bytes. */
eco_status eco__pool_add(eco__pool *pool, const int *rows, int n, int group, double cost, const void *payload,
                         size_t payload_size, int *id, eco_error *err);

/* Adds every column of src (same n_rows and n_groups) to dst, least recently
 * seen first, so that src's recency order is kept. Errors as eco__pool_add. */
eco_status eco__pool_merge(eco__pool *dst, const eco__pool *src, eco_error *err);

/* Reading columns (borrowed pointers, valid until the next add or merge). */
int eco__pool_size(const eco__pool *pool);      /* live columns */
int eco__pool_id_limit(const eco__pool *pool);  /* ids are below this */
bool eco__pool_alive(const eco__pool *pool, int id);
const int *eco__pool_rows(const eco__pool *pool, int id, int *n); /* sorted ascending */
int eco__pool_group(const eco__pool *pool, int id);
double eco__pool_cost(const eco__pool *pool, int id);
const void *eco__pool_payload(const eco__pool *pool, int id, size_t *size);

/* Number of live columns whose rows all have subset[row] != 0, counting
 * stops at `limit` (> 0; the cost is one pass over the pool). */
int eco__pool_count_inside(const eco__pool *pool, const unsigned char *subset, int limit);

/* Counters since the pool was created. */
typedef struct eco__pool_stats {
    long added;      /* new columns */
    long duplicates; /* adds of a known row set */
    long replaced;   /* ... that were cheaper and replaced it */
    long evicted;    /* columns evicted for room */
    long solves;     /* eco__pool_solve calls that ran GLPK */
    long improved;   /* ... that found a cheaper plan than the incumbent */
} eco__pool_stats;
void eco__pool_get_stats(const eco__pool *pool, eco__pool_stats *out);

/* ---- the set-partitioning recombination ---- */

typedef struct eco__pool_solve_opt {
    const eco__sp_row_kind *row_kind; /* [n_rows]; NULL: every row exactly once */
    const int *group_max;  /* [n_groups] routes per group, < 0: no limit; NULL: none */
    const unsigned char *row_subset; /* [n_rows]; non-NULL: a subproblem over the rows
                              r with row_subset[r] != 0 and the columns that lie
                              entirely inside them (the other rows are left as
                              they are); NULL: every row and column */
    const int *incumbent;  /* ids of a feasible plan (each exactly-once row covered
                              once, ...; inside the subset), given to GLPK as its
                              first solution and cutoff; NULL with n_incumbent 0: none */
    int n_incumbent;
    double time_limit_s;   /* GLPK's wall-clock budget; <= 0 (or NaN): GLPK is not
                              called and the outcome is ECO_POOL_NOT_RUN */
    int lp_iteration_limit;/* simplex iterations, <= 0: none (reproducible limit) */
    int node_limit;        /* branch-and-bound nodes, <= 0: none (reproducible limit) */
    int verbose;           /* 1: GLPK's terminal output on stdout */
} eco__pool_solve_opt;

typedef enum eco__pool_outcome {
    ECO_POOL_IMPROVED = 0, /* a plan cheaper than the incumbent (or, without one, any plan) */
    ECO_POOL_NO_BETTER,    /* GLPK ran and found nothing cheaper: chosen = the incumbent */
    ECO_POOL_NOT_RUN,      /* time limit <= 0: GLPK not called; chosen = the incumbent */
    ECO_POOL_NO_PLAN,      /* no incumbent and GLPK found no plan within its limits */
    ECO_POOL_INFEASIBLE    /* no incumbent and no set of columns satisfies the rows */
} eco__pool_outcome;

typedef struct eco__pool_result {
    eco__pool_outcome outcome;
    eco__sp_status sp_status; /* GLPK's status when it ran */
    bool proven;           /* the chosen plan is optimal over the pool */
    double cost;           /* sum of the chosen columns' costs (0 without a plan) */
    double incumbent_cost; /* sum of the incumbent's costs (0 without one) */
    double lp_bound;       /* LP relaxation value, NaN when not solved */
    int n_cols;            /* columns given to GLPK */
    double elapsed_s;      /* wall-clock seconds in eco__pool_solve */
    int n_chosen;
    int *chosen;           /* pool ids, new (eco__pool_result_clear frees) */
} eco__pool_result;

/* Solves the set-partitioning MIP over every live column (or the subproblem
 * of opt->row_subset): rows by opt->row_kind, at most group_max[g] columns of
 * group g, minimum total cost, starting from the incumbent. A subproblem over
 * the rows of a few neighbouring routes of the incumbent, with the limits of
 * the groups reduced by the routes outside, is a small, quickly solved MIP
 * whose better plan replaces those routes (a decomposition: hgs_sp.c). Returns ECO_OK with res->outcome set whenever
 * the inputs were valid; ECO_EINPUT for a dead incumbent id or an incumbent
 * that is not a feasible plan; ECO_EINTERNAL out of memory or a GLPK failure
 * (GLPK never aborts the process: see eco__sp_solve). res is always
 * initialised; clear it with eco__pool_result_clear. */
eco_status eco__pool_solve(eco__pool *pool, const eco__pool_solve_opt *opt, eco__pool_result *res,
                           eco_error *err);
void eco__pool_result_clear(eco__pool_result *res);

#endif /* ECO_POOL_H */
