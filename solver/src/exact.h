/*
 * exact.h - proven optima for small instances, and the set-partitioning MIP
 * (GLPK) over a pool of routes that the exact mode is built on.
 *
 * The exact mode enumerates every feasible route per vehicle type (labels
 * over subsets of boxes with dominance, each closed route evaluated by
 * eco__route_schedule), keeps the cheapest route per (type, subset), and
 * chooses routes with a set-partitioning MIP: mandatory boxes exactly once,
 * optional boxes at most once (their prize is subtracted from the column's
 * cost), at most `count` routes per vehicle type when the fleet is limited.
 */
#ifndef ECO_EXACT_H
#define ECO_EXACT_H

#include "solution.h"

#define ECO_EXACT_MAX_BOXES 12      /* mandatory + optional boxes the exact mode accepts */
#define ECO_EXACT_MAX_LABELS 3000000 /* partial routes per vehicle type before refusing */

/* ---- the set-partitioning MIP (GLPK) ---- */

typedef enum eco__sp_row_kind {
    ECO_SP_ROW_EXACTLY_ONE = 0, /* mandatory box: covered once */
    ECO_SP_ROW_AT_MOST_ONE = 1  /* optional box: covered at most once */
} eco__sp_row_kind;

/* A pool of routes (columns) over rows. Column j covers rows
 * col_rows[col_start[j] .. col_start[j+1]-1] (distinct, in range), belongs to
 * group col_group[j] (a vehicle type; -1: none) and costs col_cost[j]
 * (finite). Group g may take at most group_max[g] columns (< 0: no limit).
 * Everything is borrowed. */
typedef struct eco__sp_problem {
    int n_rows;
    const eco__sp_row_kind *row_kind;
    int n_groups;
    const int *group_max;
    int n_cols;
    const int *col_start;   /* n_cols + 1 entries */
    const int *col_rows;
    const int *col_group;
    const double *col_cost;
    double time_limit_s;    /* GLPK's wall time for LP + MIP; <= 0: none */
    int verbose;            /* 1: GLPK's terminal output on */
    /* optional (zero: unused), for the searches' route pools (pool.c): */
    const int *warm;        /* n_warm distinct columns forming a feasible plan (every
                               exactly-one row covered once, at-most-one rows at most
                               once, groups within their limits; checked): given to
                               branch-and-bound as its first incumbent, so only cheaper
                               plans are searched (a cutoff), and returned when GLPK
                               stops before finding a better one */
    int n_warm;
    int lp_iteration_limit; /* simplex iterations of the LP relaxation; <= 0: none */
    int node_limit;         /* branch-and-bound subproblems; <= 0: none. These two
                               limits do not depend on the clock: with them (and no
                               time limit reached) the outcome is reproducible */
} eco__sp_problem;

typedef enum eco__sp_status {
    ECO_SP_OPTIMAL = 0,     /* proven optimum */
    ECO_SP_FEASIBLE,        /* an integer solution, not proven optimal (a limit was
                               reached; with a warm plan, possibly that plan) */
    ECO_SP_INFEASIBLE,      /* no column set satisfies the rows */
    ECO_SP_NO_SOLUTION      /* time limit before any integer solution */
} eco__sp_status;

typedef struct eco__sp_result {
    eco__sp_status status;
    double objective;       /* sum of the chosen columns' costs (OPTIMAL, FEASIBLE) */
    double lp_bound;        /* LP relaxation optimum; NaN when not solved */
    int n_chosen;
    int *chosen;            /* column indices, new (eco__sp_result_clear frees) */
} eco__sp_result;

/* Solves the MIP. Returns ECO_OK with res->status set whenever the problem
 * was valid (infeasible and time-limited runs included); ECO_EINPUT naming
 * the column or row for an invalid problem (GLPK is never called with it);
 * ECO_EINTERNAL on allocation failure or a GLPK error (GLPK's error hook
 * returns control here: the process is never aborted). The GLPK problem is
 * freed on every path. Thread-safe (GLPK keeps its environment per thread). */
eco_status eco__sp_solve(const eco__sp_problem *p, eco__sp_result *res, eco_error *err);
void eco__sp_result_clear(eco__sp_result *res);
/* Frees the calling thread's GLPK environment (GLPK keeps one per thread);
 * for threads that end or will not solve again. Nothing of GLPK may be in
 * use on the thread. Harmless when there is none. */
void eco__sp_release_thread(void);

/* ---- the exact mode ---- */

/* Solves inst to proven optimality. ECO_EINPUT when inst has more than
 * ECO_EXACT_MAX_BOXES boxes to serve, or the enumeration passes
 * ECO_EXACT_MAX_LABELS partial routes or the time limit (opt->time_limit_s,
 * <= 0: 10 s), or GLPK finds no plan in time. When the fleet cannot serve
 * every mandatory box, the plan serves as many as possible, then at least
 * cost, and lists the others as unassigned. On ECO_OK *out is new and
 * finished (eco__solution_finish), with exact = 1, optimal = 1 only when GLPK
 * proved it, lower_bound = the LP relaxation value (plus the constant prizes). */
eco_status eco__exact_solve(const eco_instance *inst, const eco_solve_options *opt, eco_solution **out,
                            eco_error *err);

#endif /* ECO_EXACT_H */
