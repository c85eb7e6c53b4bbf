/*
 * hgs_sp.c - set-partitioning recombination inside the hybrid genetic
 * search. Each island keeps its own route pool (pool.c) of the routes of its
 * good feasible individuals (educated offspring close to the island's best,
 * repaired ones, migrants, and what the recombination produced). hgs_sp_run
 * takes the island's best as the incumbent and solves set-partitioning MIPs
 * over the pool with GLPK; a cheaper plan is educated by the local search
 * and added to the population.
 *
 * Whole pool or subproblems. Over the whole pool of a large instance the
 * LP relaxation is weak (measured on X-n401: 1.6 % below the incumbent with
 * 8,000 routes) and GLPK's simplex alone takes seconds, so branch-and-bound
 * gets nowhere in the time a search can spare. A small pool of a small
 * instance (at most WHOLE_ROWS customers, 2 x SUB_COLS routes) is solved
 * whole; otherwise the MIP is decomposed: around each route of the incumbent
 * in turn (a seed), the nearest routes (by barycentre, or by the closest
 * pair of customers without coordinates) are gathered while they serve at
 * most SUB_ROWS customers and at most SUB_COLS routes of the pool lie
 * entirely among those customers; the subproblem has those customers as
 * rows and those routes as columns, the incumbent's routes there as the
 * warm plan, and at most as many routes as the fleet leaves. Its optimum
 * replaces those routes when cheaper. Bounding the columns rather than the
 * rows matters: where the search has produced many variants of the routes
 * of one area, 85 customers can carry 1,200 columns and an LP gap of 1 %,
 * which GLPK does not close in 0.5 s; with at most 400 columns most
 * subproblems are solved to optimality in a few hundredths of a second
 * (measured on pools of X-n303). Each run continues with the seed where the
 * previous run stopped.
 *
 * Rows are the customers (row c - 1 for customer c), one group (the fleet:
 * at most min(fleet, route slots) routes), the cost of a column is the
 * route's distance in distance units, its payload the customer sequence.
 * Nothing here is shared between islands: each island's pool and GLPK runs
 * belong to its thread, so a run is reproducible when the recombination is
 * triggered at fixed iteration counts with GLPK's iteration and node limits.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hgs.h"
#include "pool.h"

#define WHOLE_ROWS 150      /* customers of an instance whose small pool is solved whole */
#define SUB_ROWS 300        /* customers of a subproblem at most */
#define SUB_COLS 400        /* pool routes inside a subproblem at most (beyond its first two routes) */
#define SUB_TIME_SHARE 0.25 /* one subproblem gets at most this share of a run's budget ... */
#define SUB_TIME_MAX 0.1    /* ... and at most this many seconds */
#define SYNC_SEEDS 30       /* subproblems per run under GLPK's iteration limit (reproducible runs) */
#define POOL_MAX_BYTES ((size_t)128 << 20) /* per island */

struct hgs_sp {
    const hgs_data *d;
    eco__pool *pool;
    int *rows;             /* [n] scratch: rows of one route */
    int *plan;             /* [max_routes] pool ids of the working plan */
    int *sub_ids;          /* [max_routes] incumbent ids inside a subproblem */
    int *order;            /* [max_routes] scratch: routes by proximity */
    double *prox;          /* [max_routes] scratch */
    double *bx, *by;       /* [max_routes] barycentres of the plan's routes */
    unsigned char *subset; /* [n] rows of the subproblem */
    unsigned char *gone;   /* [max_routes] scratch: plan routes being replaced */
    int group_max;         /* routes a plan may have */
    double collect_gap;    /* routes of feasible individuals at most this fraction
                              above the island's best are collected */
    bool coords;           /* the instance has coordinates: barycentres */
    int next_seed;         /* first seed route of the next run (rotates) */
    /* what happened, for verbose runs */
    long runs, improved, subproblems;
    double seconds, gain;
};

hgs_sp *hgs_sp_new(const hgs_data *d, int max_cols, double collect_gap)
{
    hgs_sp *sp = calloc(1, sizeof *sp);
    if (!sp)
        return NULL;
    sp->d = d;
    sp->collect_gap = collect_gap;
    sp->group_max = d->max_routes < d->fleet ? d->max_routes : d->fleet;
    size_t mr = (size_t)d->max_routes + 1, n = (size_t)d->n;
    sp->rows = malloc(n * sizeof *sp->rows);
    sp->plan = malloc(mr * sizeof *sp->plan);
    sp->sub_ids = malloc(mr * sizeof *sp->sub_ids);
    sp->order = malloc(mr * sizeof *sp->order);
    sp->prox = malloc(mr * sizeof *sp->prox);
    sp->bx = malloc(mr * sizeof *sp->bx);
    sp->by = malloc(mr * sizeof *sp->by);
    sp->subset = malloc(n);
    sp->gone = malloc(mr);
    /* barycentres need coordinates: a matrix instance may have none (all zero) */
    for (int i = 2; i <= d->n && d->inst->loc_x && !sp->coords; i++)
        sp->coords = d->px[i] != d->px[1] || d->py[i] != d->py[1];
    /* bytes: rows and payload (4 bytes each per customer) of routes of about
     * the average length, twice over, plus headroom */
    int64_t lb = d->cap > 0 ? (d->total_demand + d->cap - 1) / d->cap : 1;
    size_t avg_len = (size_t)(d->n / (lb > 0 ? lb : 1)) + 1;
    size_t max_bytes = (size_t)max_cols * (16 * avg_len + 64);
    if (max_bytes > POOL_MAX_BYTES)
        max_bytes = POOL_MAX_BYTES; /* very long routes (XXL instances): fewer of them */
    if (!sp->rows || !sp->plan || !sp->sub_ids || !sp->order || !sp->prox || !sp->bx || !sp->by || !sp->subset ||
        !sp->gone || eco__pool_create(d->n, 1, max_cols, max_bytes, &sp->pool, NULL) != ECO_OK) {
        hgs_sp_free(sp);
        return NULL;
    }
    return sp;
}

void hgs_sp_free(hgs_sp *sp)
{
    if (!sp)
        return;
    eco__pool_destroy(sp->pool);
    free(sp->rows);
    free(sp->plan);
    free(sp->sub_ids);
    free(sp->order);
    free(sp->prox);
    free(sp->bx);
    free(sp->by);
    free(sp->subset);
    free(sp->gone);
    free(sp);
}

/* Adds a route of len customers to the pool; returns its id or -1. */
static int add_route(hgs_sp *sp, const int *seq, int len)
{
    const hgs_data *d = sp->d;
    int64_t dist = 0;
    int prev = 0;
    for (int i = 0; i < len; i++) {
        sp->rows[i] = seq[i] - 1;
        dist += hgs_dist(d, prev, seq[i]);
        prev = seq[i];
    }
    dist += hgs_dist(d, prev, 0);
    int id = -1;
    if (eco__pool_add(sp->pool, sp->rows, len, 0, (double)dist, seq, (size_t)len * sizeof *seq, &id, NULL) != ECO_OK)
        return -1;
    return id;
}

/* Adds every route of x; fills sp->plan and returns the route count, -1 on failure. */
static int add_routes(hgs_sp *sp, const hgs_indiv *x)
{
    int off = 0, nr = 0, ok = 1;
    for (int r = 0; r < sp->d->max_routes; r++) {
        int len = x->rlen[r];
        if (len == 0)
            continue;
        int id = add_route(sp, x->giant + off, len);
        off += len;
        if (id < 0)
            ok = 0;
        sp->plan[nr++] = id;
    }
    return ok ? nr : -1;
}

void hgs_sp_collect(hgs_sp *sp, const hgs_pop *pop, const hgs_indiv *x)
{
    if (!sp || !x->feasible)
        return;
    if (pop->has_best && (double)x->dist > (double)pop->best->dist * (1.0 + sp->collect_gap))
        return;
    add_routes(sp, x);
}

/* ---- subproblems ---- */

/* barycentres of the working plan's routes */
static void plan_geometry(hgs_sp *sp, int nr)
{
    const hgs_data *d = sp->d;
    for (int r = 0; r < nr; r++) {
        int n;
        const int *rows = eco__pool_rows(sp->pool, sp->plan[r], &n);
        double x = 0, y = 0;
        for (int i = 0; i < n; i++) {
            x += d->px[rows[i] + 1];
            y += d->py[rows[i] + 1];
        }
        sp->bx[r] = n ? x / n : 0;
        sp->by[r] = n ? y / n : 0;
    }
}

/* proximity of route r to the seed route s */
static double route_proximity(const hgs_sp *sp, int s, int r)
{
    if (sp->coords)
        return hypot(sp->bx[r] - sp->bx[s], sp->by[r] - sp->by[s]);
    int na, nb;
    const int *a = eco__pool_rows(sp->pool, sp->plan[s], &na);
    const int *b = eco__pool_rows(sp->pool, sp->plan[r], &nb);
    int64_t best = INT64_MAX;
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++) {
            int64_t v = hgs_dist(sp->d, a[i] + 1, b[j] + 1);
            if (v < best)
                best = v;
        }
    return (double)best;
}

/* Gathers the routes nearest to seed s into the subset; returns how many
 * routes (their plan indices in sp->order[0..k-1]). */
static int gather(hgs_sp *sp, int nr, int s)
{
    for (int r = 0; r < nr; r++) {
        sp->order[r] = r;
        sp->prox[r] = r == s ? -1.0 : route_proximity(sp, s, r);
    }
    /* insertion sort by (proximity, index): nr is at most a few hundred */
    for (int i = 1; i < nr; i++) {
        int t = sp->order[i], j = i - 1;
        while (j >= 0 && (sp->prox[sp->order[j]] > sp->prox[t] ||
                          (sp->prox[sp->order[j]] == sp->prox[t] && sp->order[j] > t))) {
            sp->order[j + 1] = sp->order[j];
            j--;
        }
        sp->order[j + 1] = t;
    }
    memset(sp->subset, 0, (size_t)sp->d->n);
    int k = 0, rows = 0;
    while (k < nr) {
        int n;
        const int *rw = eco__pool_rows(sp->pool, sp->plan[sp->order[k]], &n);
        for (int i = 0; i < n; i++)
            sp->subset[rw[i]] = 1;
        rows += n;
        k++;
        if (k <= 2)
            continue;
        if (rows > SUB_ROWS || eco__pool_count_inside(sp->pool, sp->subset, SUB_COLS + 1) > SUB_COLS) {
            for (int i = 0; i < n; i++) /* too large with it: without it */
                sp->subset[rw[i]] = 0;
            k--;
            break;
        }
    }
    return k;
}

/* One MIP: the whole pool (subset NULL) or the subproblem of the routes
 * sp->order[0..k-1] of the plan. A cheaper plan replaces them in sp->plan;
 * returns the new route count of the plan, or -1 when nothing changed. */
static int solve_one(hgs_sp *sp, int nr, int k, bool whole, double time_limit_s, int lp_it, int nodes, int verbose,
                     double *gain)
{
    int gm = sp->group_max - (nr - k);
    for (int i = 0; i < k; i++)
        sp->sub_ids[i] = sp->plan[whole ? i : sp->order[i]];
    eco__pool_solve_opt o = {.row_subset = whole ? NULL : sp->subset,
                             .group_max = &gm,
                             .incumbent = sp->sub_ids,
                             .n_incumbent = k,
                             .time_limit_s = time_limit_s,
                             .lp_iteration_limit = lp_it,
                             .node_limit = nodes,
                             .verbose = verbose > 1};
    eco__pool_result res;
    eco_error err;
    eco_error_clear(&err);
    eco_status st = eco__pool_solve(sp->pool, &o, &res, &err);
    sp->subproblems++;
    int out = -1;
    if (st == ECO_OK && res.outcome == ECO_POOL_IMPROVED && res.n_chosen <= gm) {
        /* the plan without the replaced routes, then the chosen ones */
        int m = 0;
        if (!whole) {
            memset(sp->gone, 0, (size_t)nr);
            for (int i = 0; i < k; i++)
                sp->gone[sp->order[i]] = 1;
            for (int r = 0; r < nr; r++)
                if (!sp->gone[r])
                    sp->plan[m++] = sp->plan[r];
        }
        for (int c = 0; c < res.n_chosen; c++)
            sp->plan[m++] = res.chosen[c];
        out = m;
        *gain += res.incumbent_cost - res.cost;
    }
    if (verbose > 1 || (verbose && st != ECO_OK))
        fprintf(stderr, "search: set partitioning over %d routes, %d in the plan: %s, %.0f -> %.0f (LP %.1f), %.3f s\n",
                res.n_cols, k, st != ECO_OK ? err.message : out >= 0 ? "improved" : "no better plan",
                res.incumbent_cost, out >= 0 ? res.cost : res.incumbent_cost, res.lp_bound, res.elapsed_s);
    eco__pool_result_clear(&res);
    return out;
}

bool hgs_sp_run(hgs_island *is, double time_limit_s, int lp_iteration_limit, int node_limit, int verbose)
{
    hgs_sp *sp = is->sp;
    hgs_pop *p = &is->pop;
    if (!sp || !p->has_best || !(time_limit_s > 0))
        return false;
    const hgs_data *d = is->d;
    double t0 = hgs_now(), deadline = t0 + time_limit_s;
    int64_t before = p->best->dist;
    /* the incumbent's routes are added last: the most recent, never evicted by the solve */
    int nr = add_routes(sp, p->best);
    if (nr < 0)
        return false;
    double gain = 0;
    long subs_before = sp->subproblems;
    bool changed = false;
    if (d->n <= WHOLE_ROWS && eco__pool_size(sp->pool) <= 2 * SUB_COLS) {
        int m = solve_one(sp, nr, nr, true, time_limit_s, lp_iteration_limit, node_limit, verbose, &gain);
        if (m >= 0) {
            nr = m;
            changed = true;
        }
    } else {
        /* every route of the plan as a seed once, from where the last run stopped */
        int tried = 0, total = nr;
        if (lp_iteration_limit > 0 && total > SYNC_SEEDS)
            total = SYNC_SEEDS; /* reproducible runs: a bounded number of MIPs instead of a time budget */
        int seed = sp->next_seed % nr;
        plan_geometry(sp, nr);
        while (tried < total) {
            double now = hgs_now();
            if (now >= deadline)
                break;
            double cap = SUB_TIME_SHARE * time_limit_s;
            if (cap > SUB_TIME_MAX && lp_iteration_limit <= 0)
                cap = SUB_TIME_MAX;
            double tl = deadline - now < cap ? deadline - now : cap;
            int k = gather(sp, nr, seed % nr);
            int m = solve_one(sp, nr, k, false, tl, lp_iteration_limit, node_limit, verbose, &gain);
            if (m >= 0) {
                nr = m;
                changed = true;
                plan_geometry(sp, nr);
            }
            seed++;
            tried++;
        }
        sp->next_seed = seed;
    }
    sp->runs++;
    bool improved = false;
    if (changed) {
        hgs_indiv *x = is->child;
        int k = 0, r = 0;
        for (int c = 0; c < nr && r < d->max_routes; c++) {
            size_t size;
            const int *seq = eco__pool_payload(sp->pool, sp->plan[c], &size);
            int len = (int)(size / sizeof *seq);
            if (k + len > d->n)
                break;
            memcpy(x->giant + k, seq, size);
            k += len;
            x->rlen[r++] = len;
        }
        if (k == d->n) { /* a partition of the customers (always, unless the pool is corrupt) */
            for (; r < d->max_routes; r++)
                x->rlen[r] = 0;
            /* the plan itself (feasible: its routes are), then educated */
            hgs_indiv_eval(d, x, p->pen_load, p->pen_tw);
            if (hgs_pop_add(p, x, false))
                is->no_improve = 0;
            hgs_ls_run(is->ls, x, p->pen_load, p->pen_tw, p->pen_load, p->pen_tw);
            if (x->feasible && x->dist < p->best->dist) {
                if (hgs_pop_add(p, x, false))
                    is->no_improve = 0;
            }
            hgs_sp_collect(sp, p, x);
            improved = p->best->dist < before;
            if (improved)
                is->no_improve_best = 0;
        }
    }
    double secs = hgs_now() - t0;
    sp->seconds += secs;
    sp->improved += improved;
    sp->gain += gain;
    if (verbose)
        fprintf(stderr,
                "search: island %d: set partitioning, %ld MIPs over a pool of %d routes: %ld -> %ld (MIPs %.0f) in "
                "%.2f s\n",
                is->k, sp->subproblems - subs_before, eco__pool_size(sp->pool), (long)before, (long)p->best->dist,
                gain, secs);
    return improved;
}

void hgs_sp_report(const hgs_sp *sp, int k)
{
    if (!sp)
        return;
    eco__pool_stats s;
    eco__pool_get_stats(sp->pool, &s);
    fprintf(stderr,
            "search: island %d: route pool %d routes (%ld added, %ld duplicates, %ld evicted); %ld recombinations "
            "(%ld MIPs) improved the best %ld times, by %.0f in all, in %.2f s\n",
            k, eco__pool_size(sp->pool), s.added, s.duplicates, s.evicted, sp->runs, sp->subproblems, sp->improved,
            sp->gain, sp->seconds);
}

void hgs_sp_thread_done(void)
{
    eco__sp_release_thread();
}
