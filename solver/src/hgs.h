/*
 * hgs.h - internal interface of the hybrid genetic search (HGS) used by
 * search.c: the problem as the search sees it (customers 1..n around one
 * depot 0, one capacity, time windows), time-window segments, individuals
 * (giant tour + routes), split, local search, population and one island.
 *
 * Costs in the hot loops are integers: a penalised cost is
 *   HGS_SCALE x distance + pen_load x excess load + pen_tw x time warp
 * with pen_load and pen_tw in cost units per load / time unit (so a penalty
 * of 0.5 distance units per load unit is 500). Nothing here is thread-shared
 * except the read-only hgs_data.
 */
#ifndef ECO_HGS_H
#define ECO_HGS_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

#define HGS_SCALE 1000 /* cost units per distance unit */

/* ---- random numbers (xoshiro256**, seeded by splitmix64) ---- */

typedef struct hgs_rng {
    uint64_t s[4];
} hgs_rng;

void hgs_rng_seed(hgs_rng *r, uint64_t seed);
uint64_t hgs_rng_next(hgs_rng *r);
/* Uniform integer in [0, n), n > 0. */
static inline int hgs_rng_int(hgs_rng *r, int n)
{
    return (int)(((hgs_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}
void hgs_shuffle(hgs_rng *r, int *a, int n);

/* ---- time-window segments (Vidal et al. 2013) ---- */

/* A sequence of visits summarised for O(1) concatenation. */
typedef struct hgs_tw {
    int64_t dur;   /* travel + service + waiting, time units */
    int64_t warp;  /* time warp (lateness that must be undone), time units */
    int64_t early; /* earliest start of service at the first visit */
    int64_t late;  /* latest start at the first visit without extra warp */
    int first, last; /* first and last node (0 = depot) */
} hgs_tw;

/* ---- the problem as the search sees it ---- */

typedef struct hgs_data {
    const eco_instance *inst; /* borrowed, read-only */
    int n;                 /* customers: nodes 1..n; node 0 is the depot */
    int *box;              /* [n+1] node -> box index (box[0] = -1) */
    int *loc;              /* [n+1] node -> location index */
    int64_t *demand;       /* [n+1] load units */
    hgs_tw *seg;           /* [n+1] single-visit segments; seg[0] = depot start */
    hgs_tw depot_end;      /* segment of the arrival at the end depot */
    int *angle;            /* [n+1] polar angle around the depot, 0..65535 */
    double *px, *py;       /* [n+1] coordinates (for route barycentres) */
    int64_t cap;           /* vehicle capacity, load units */
    int64_t total_demand;
    int64_t start_time;    /* D0: departure from the depot, time units */
    int64_t end_time;      /* latest arrival back at the depot, time units */
    int fleet;             /* vehicles available (INT32_MAX: unlimited) */
    int max_routes;        /* route slots in a solution */
    bool has_tw;           /* any binding time constraint */
    bool symmetric;        /* dist and dur symmetric (reversal moves allowed) */
    int *neigh_start;      /* [n+2] customer i's neighbours are neigh[neigh_start[i] ..
                              neigh_start[i+1]) (granular lists, symmetric) */
    int *neigh;
    int64_t pen_load_init, pen_tw_init; /* initial penalties, cost units */
    /* parameters */
    int mu, lambda, n_elite, n_close, n_init;
    double target_feasible;
    long restart_after;    /* iterations without improvement before a restart */
} hgs_data;

static inline int64_t hgs_dist(const hgs_data *d, int a, int b)
{
    return eco__dist(d->inst, d->loc[a], d->loc[b]);
}

static inline int64_t hgs_time(const hgs_data *d, int a, int b)
{
    return eco__dur(d->inst, d->loc[a], d->loc[b]);
}

static inline hgs_tw hgs_tw_cat(const hgs_data *d, hgs_tw a, hgs_tw b)
{
    int64_t t = hgs_time(d, a.last, b.first);
    int64_t delta = a.dur - a.warp + t;
    int64_t wait = b.early - delta - a.late;
    int64_t warp = a.early + delta - b.late;
    if (wait < 0)
        wait = 0;
    if (warp < 0)
        warp = 0;
    hgs_tw r;
    r.dur = a.dur + b.dur + t + wait;
    r.warp = a.warp + b.warp + warp;
    r.early = (b.early - delta > a.early ? b.early - delta : a.early) - wait;
    r.late = (b.late - delta < a.late ? b.late - delta : a.late) + warp;
    r.first = a.first;
    r.last = b.last;
    return r;
}

/* Builds the search's view of inst (customers = boxes to route, given in
 * `nodes_box`, n of them). Returns ECO_EINTERNAL on allocation failure. */
eco_status hgs_data_build(hgs_data *d, const eco_instance *inst, const int *nodes_box, int n,
                          int threads, eco_error *err);
void hgs_data_free(hgs_data *d);

/* ---- individuals ---- */

typedef struct hgs_indiv {
    int *giant;            /* [n] customers in route order */
    int *rlen;             /* [max_routes] customers per route (routes are consecutive in giant) */
    int *succ, *pred;      /* [n+1] neighbours in the routes (0 = depot) */
    int n_routes;          /* non-empty routes */
    int64_t dist;          /* distance units */
    int64_t excess;        /* load over capacity, summed over routes */
    int64_t warp;          /* time warp, summed over routes */
    int64_t pcost;         /* penalised cost with the island's current penalties */
    bool feasible;
    double fitness;        /* biased fitness in its subpopulation */
    double avg_close;      /* mean distance to the n_close closest */
    int slot;              /* slot in its subpopulation */
} hgs_indiv;

hgs_indiv *hgs_indiv_new(const hgs_data *d);
void hgs_indiv_free(hgs_indiv *x);
void hgs_indiv_copy(const hgs_data *d, hgs_indiv *dst, const hgs_indiv *src);
/* Recomputes succ/pred, distance, excess, warp and feasibility from giant/rlen. */
void hgs_indiv_eval(const hgs_data *d, hgs_indiv *x, int64_t pen_load, int64_t pen_tw);
static inline int64_t hgs_pcost(const hgs_indiv *x, int64_t pen_load, int64_t pen_tw)
{
    return x->dist * HGS_SCALE + x->excess * pen_load + x->warp * pen_tw;
}
/* Broken-pairs distance in [0, 1]. */
double hgs_broken_pairs(const hgs_data *d, const hgs_indiv *a, const hgs_indiv *b);

/* ---- split (hgs_split.c) ---- */

typedef struct hgs_split hgs_split;
hgs_split *hgs_split_new(const hgs_data *d);
void hgs_split_free(hgs_split *s);
/* Cuts x->giant into at most d->max_routes routes minimising the penalised
 * cost; fills x->rlen (other fields are left for the local search). */
void hgs_split_run(hgs_split *s, hgs_indiv *x, int64_t pen_load, int64_t pen_tw);

/* ---- local search (hgs_ls.c, hgs_swapstar.c) ---- */

typedef struct hgs_ls hgs_ls;
hgs_ls *hgs_ls_new(const hgs_data *d, hgs_rng *rng);
void hgs_ls_free(hgs_ls *ls);
/* Stops later runs early (a valid, less improved result) after deadline (hgs_now() s). */
void hgs_ls_set_deadline(hgs_ls *ls, double deadline);
/* Educates x (giant/rlen in, everything out) with the given penalties;
 * x->pcost is computed with (pen_load_eval, pen_tw_eval). */
void hgs_ls_run(hgs_ls *ls, hgs_indiv *x, int64_t pen_load, int64_t pen_tw, int64_t pen_load_eval,
                int64_t pen_tw_eval);

/* ---- population and crossover (hgs_pop.c) ---- */

typedef struct hgs_subpop {
    int size, cap;
    hgs_indiv **ind;       /* [cap] sorted by pcost */
    double *bp;            /* [cap * cap] broken-pairs distances by slot */
    hgs_indiv **slot_of;   /* [cap] individual in a slot (NULL: free) */
} hgs_subpop;

typedef struct hgs_pop {
    const hgs_data *d;
    hgs_subpop feas, infeas;
    hgs_indiv **spare;     /* free individuals */
    int n_spare, cap_spare;
    /* feasibility history for the penalty management */
    int hist_n, hist_load_ok, hist_tw_ok;
    int64_t pen_load, pen_tw;
    hgs_indiv *best;       /* best feasible since the start */
    hgs_indiv *best_restart; /* best feasible since the last restart */
    bool has_best, has_best_restart;
} hgs_pop;

eco_status hgs_pop_init(hgs_pop *p, const hgs_data *d);
void hgs_pop_free(hgs_pop *p);
/* Adds a copy of x; returns true when x is a new best feasible since the
 * last restart (and updates the bests). */
bool hgs_pop_add(hgs_pop *p, const hgs_indiv *x, bool record_history);
/* Binary tournament on the biased fitness. */
const hgs_indiv *hgs_pop_select(hgs_pop *p, hgs_rng *rng);
/* Adjusts the penalties from the recent feasibility history. */
void hgs_pop_manage_penalties(hgs_pop *p);
/* Empties the subpopulations (the bests are kept). */
void hgs_pop_restart(hgs_pop *p);
/* Order crossover of two giant tours into child->giant. */
void hgs_crossover_ox(const hgs_data *d, hgs_rng *rng, const hgs_indiv *a, const hgs_indiv *b,
                      hgs_indiv *child, int *scratch);

/* ---- set-partitioning recombination over a route pool (hgs_sp.c) ---- */

typedef struct hgs_sp hgs_sp;
/* A pool of at most max_cols routes; routes of feasible individuals at most
 * collect_gap (a fraction) above the island's best are collected. NULL on
 * allocation failure. */
hgs_sp *hgs_sp_new(const hgs_data *d, int max_cols, double collect_gap);
void hgs_sp_free(hgs_sp *sp);
/* Adds the routes of x to the pool when x is feasible and good enough. */
void hgs_sp_collect(hgs_sp *sp, const hgs_pop *pop, const hgs_indiv *x);
/* Prints the pool's counters on stderr. */
void hgs_sp_report(const hgs_sp *sp, int k);
/* Called by each search thread when it is done: frees its GLPK environment. */
void hgs_sp_thread_done(void);

/* ---- one island: a complete HGS run (hgs_island.c) ---- */

typedef struct hgs_island {
    const hgs_data *d;
    int k;                 /* island number; seeded seed + k */
    hgs_rng rng;
    hgs_pop pop;
    hgs_split *split;
    hgs_ls *ls;
    hgs_indiv *child;
    int *scratch;          /* [n + 1] */
    long iter;             /* genetic iterations done */
    long no_improve;       /* iterations since the best since the last restart improved */
    long no_improve_best;  /* iterations since the overall best improved */
    int n_init_done;       /* individuals of the current initial population */
    bool init_done;
    double init_budget;    /* seconds an initial population may take (set by the driver) */
    double init_deadline;  /* stop building the initial population after (monotonic s) */
    hgs_sp *sp;            /* route pool for set partitioning, owned; NULL: off */
} hgs_island;

hgs_island *hgs_island_new(const hgs_data *d, uint64_t seed, int k);
void hgs_island_free(hgs_island *is);
/* Educates a copy of giant (n customers in some order), split first, and
 * adds it; used for the construction's solution. */
void hgs_island_seed_tour(hgs_island *is, const int *giant);
/* Adds an educated individual from another island (re-priced here). */
void hgs_island_receive(hgs_island *is, const hgs_indiv *x);
/* One unit of work: an initial individual or a genetic iteration.
 * Returns true when the overall best of the island improved. */
bool hgs_island_step(hgs_island *is, double now);
/* Set partitioning over the island's pool (is->sp) with its best as the
 * incumbent, within GLPK's limits (time_limit_s > 0; the iteration and node
 * limits <= 0: none); a cheaper plan is educated and added to the
 * population. verbose: 1 a line per run on stderr, 2 also GLPK's output.
 * Returns true when the island's best improved. */
bool hgs_sp_run(hgs_island *is, double time_limit_s, int lp_iteration_limit, int node_limit, int verbose);
/* Best individual (feasible if any, else least penalised); NULL if none. */
const hgs_indiv *hgs_island_best(const hgs_island *is);

double hgs_now(void); /* CLOCK_MONOTONIC seconds */

#endif /* ECO_HGS_H */
