/*
 * search.c - the metaheuristic behind eco_solve: which instances the hybrid
 * genetic search handles, the OpenMP island driver, and the translation of
 * its best individual back into an eco_solution.
 *
 * Islands: thread k runs its own HGS seeded seed + k. Every EPOCH genetic
 * iterations an island takes in the best solution of island k - 1 (when it
 * changed since the last time); without an iteration limit also at least
 * every 1/30 of the time limit. Under an
 * iteration limit (max_iterations or max_no_improve) the islands meet at
 * barriers at the end of each epoch, so the run is reproducible for a given
 * (seed, threads); under a time limit alone they exchange through a mailbox
 * without waiting. The winner is chosen by (feasible, cost, k), never by
 * which thread finished first.
 *
 * max_iterations and max_no_improve count the genetic iterations of each
 * island. The time limit is wall clock from the call (CLOCK_MONOTONIC).
 */
#include <limits.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "hgs.h"
#include "search.h"

#define EPOCH 200 /* genetic iterations between migrations */

/* Set-partitioning recombination (hgs_sp.c): each island's pool of routes,
 * solved with GLPK periodically and once more at the end. With a time limit
 * alone: first at SP_FIRST of the time, each run with at most SP_SHARE of the
 * time; the next one SP_EVERY later after a run that improved the island's
 * best, twice the previous interval (at most SP_EVERY_MAX) after one that did
 * not, so that the recombination costs little where it finds nothing; a
 * final run of every island (in parallel) starts SP_FINAL before the end,
 * and the search goes on after it until the end. Under iteration limits: every SP_EPOCHS epochs and after the
 * last one, with GLPK's iteration and node limits per MIP (reproducible; the
 * time limit only as a safety net). */
#define SP_MAX_COLS 20000    /* routes per island's pool */
#define SP_COLLECT_GAP 0.02  /* collect routes of individuals within 2% of the best */
#define SP_FIRST 0.20
#define SP_EVERY 0.10
#define SP_EVERY_MAX 0.40
#define SP_SHARE 0.02
#define SP_FINAL 0.04
#define SP_EPOCHS 5
#define SP_LP_ITERATIONS 20000
#define SP_NODES 200

/* ---- what the search handles ---- */

static bool same_vehicle(const eco_instance *inst, const eco_vehicle *a, const eco_vehicle *b)
{
    if (a->start_depot != b->start_depot || a->end_depot != b->end_depot || a->cap_total != b->cap_total ||
        a->materials != b->materials || a->shift_start != b->shift_start || a->shift_end != b->shift_end ||
        a->max_duration != b->max_duration || a->max_distance != b->max_distance ||
        a->fixed_cost != b->fixed_cost || a->cost_per_dist != b->cost_per_dist ||
        a->cost_per_time != b->cost_per_time || a->has_break != b->has_break || a->max_stops != b->max_stops ||
        a->max_day_load != b->max_day_load)
        return false;
    for (int m = 0; m < inst->n_materials; m++)
        if (a->cap[m] != b->cap[m])
            return false;
    return true;
}

bool eco__search_supports(const eco_instance *inst)
{
    if (!inst || inst->n_facilities > 0 || inst->n_vehicles < 1 || inst->n_depots < 1 || inst->n_boxes < 1)
        return false;
    const eco_vehicle *v0 = &inst->vehicles[0];
    uint32_t used = 0;
    int n_route = 0;
    for (int i = 0; i < inst->n_boxes; i++) {
        const eco_box *b = &inst->boxes[i];
        if (b->need == ECO_BOX_OPTIONAL)
            return false;
        if (b->need == ECO_BOX_MANDATORY) {
            used |= 1u << b->material;
            n_route++;
        }
    }
    if (n_route < 2)
        return false;
    for (int v = 1; v < inst->n_vehicles; v++)
        if (!same_vehicle(inst, v0, &inst->vehicles[v]))
            return false;
    if ((v0->materials & used) != used || v0->has_break || v0->cost_per_time != 0.0 || v0->fixed_cost != 0.0 ||
        !(v0->cost_per_dist > 0.0) || v0->max_distance < ECO_TIME_INF || v0->max_stops < n_route)
        return false;
    if (v0->start_depot != v0->end_depot &&
        inst->depots[v0->start_depot].loc != inst->depots[v0->end_depot].loc)
        return false;
    /* one shared capacity: with several materials on board, none may have its own limit */
    int n_used = 0;
    for (int m = 0; m < inst->n_materials; m++)
        if ((used >> m) & 1u) {
            n_used++;
            if (v0->cap[m] < v0->cap_total && n_used > 1)
                return false;
        }
    if (n_used > 1)
        for (int m = 0; m < inst->n_materials; m++)
            if (((used >> m) & 1u) && v0->cap[m] < v0->cap_total)
                return false;
    /* a route is one trip (no facilities): the day load is the route load,
     * handled as capacity; the duration limit must not bind */
    const eco_depot *ds = &inst->depots[v0->start_depot], *de = &inst->depots[v0->end_depot];
    int64_t start = v0->shift_start > ds->open ? v0->shift_start : ds->open;
    int64_t end = v0->shift_end < de->close ? v0->shift_end : de->close;
    if (v0->max_duration < ECO_TIME_INF && v0->max_duration < end - start)
        return false;
    return true;
}

/* ---- helpers ---- */

static int64_t effective_capacity(const eco_instance *inst)
{
    const eco_vehicle *v0 = &inst->vehicles[0];
    int64_t cap = v0->cap_total;
    for (int i = 0; i < inst->n_boxes; i++)
        if (inst->boxes[i].need == ECO_BOX_MANDATORY && v0->cap[inst->boxes[i].material] < cap)
            cap = v0->cap[inst->boxes[i].material];
    if (v0->max_day_load < cap)
        cap = v0->max_day_load;
    return cap;
}

/* Can one vehicle serve box b alone (depot, b, depot)? Returns NULL or a reason. */
static const char *alone_reason(const eco_instance *inst, int b, int64_t cap)
{
    const eco_vehicle *v0 = &inst->vehicles[0];
    const eco_depot *ds = &inst->depots[v0->start_depot], *de = &inst->depots[v0->end_depot];
    const eco_box *bx = &inst->boxes[b];
    int64_t start = v0->shift_start > ds->open ? v0->shift_start : ds->open;
    int64_t end = v0->shift_end < de->close ? v0->shift_end : de->close;
    if (bx->demand > cap)
        return "its load exceeds the vehicle capacity";
    int64_t s = start + eco__dur(inst, ds->loc, bx->loc);
    if (s < bx->tw_open)
        s = bx->tw_open;
    if (s > bx->tw_close)
        return "no vehicle can reach it within its time window";
    if (s + bx->service + eco__dur(inst, bx->loc, de->loc) > end)
        return "no vehicle can serve it and return to the depot before the end of the shift";
    return NULL;
}

/* distance (units) of the routes of a solution, and its unassigned mandatory boxes */
static void solution_measure(const eco_instance *inst, const eco_solution *s, int64_t *dist, int *missing)
{
    *dist = 0;
    *missing = 0;
    for (int r = 0; r < s->n_routes; r++) {
        const eco_route *rt = &s->routes[r];
        if (rt->n_steps == 0)
            continue;
        const eco_vehicle *v = &inst->vehicles[rt->vehicle];
        int prev = inst->depots[v->start_depot].loc;
        for (int k = 0; k < rt->n_steps; k++) {
            int loc = prev;
            if (rt->steps[k].type == ECO_STEP_PICKUP)
                loc = inst->boxes[rt->steps[k].ref].loc;
            else if (rt->steps[k].type == ECO_STEP_UNLOAD)
                loc = inst->facilities[rt->steps[k].ref].loc;
            *dist += eco__dist(inst, prev, loc);
            prev = loc;
        }
        *dist += eco__dist(inst, prev, inst->depots[v->end_depot].loc);
    }
    for (int u = 0; u < s->n_unassigned; u++)
        if (inst->boxes[s->unassigned[u].box].need == ECO_BOX_MANDATORY)
            (*missing)++;
}

/* route r of x as a list of customers */
static int route_of(const hgs_indiv *x, int r, const int **seq)
{
    int off = 0;
    for (int q = 0; q < r; q++)
        off += x->rlen[q];
    *seq = x->giant + off;
    return x->rlen[r];
}

typedef struct route_eval {
    int64_t excess, warp;
} route_eval;

static route_eval eval_seq(const hgs_data *d, const int *seq, int len)
{
    int64_t load = 0;
    hgs_tw s = d->seg[0];
    for (int i = 0; i < len; i++) {
        load += d->demand[seq[i]];
        if (d->has_tw)
            s = hgs_tw_cat(d, s, d->seg[seq[i]]);
    }
    route_eval e = {load > d->cap ? load - d->cap : 0, 0};
    if (d->has_tw)
        e.warp = hgs_tw_cat(d, s, d->depot_end).warp;
    return e;
}

/* ---- building the result ---- */

static eco_status build_solution(const hgs_data *d, const hgs_indiv *best,
                                 const int *skip, int n_skip, const int *alone, const char **alone_why,
                                 int n_alone, eco_solution **out, eco_error *err)
{
    eco_solution *sol = eco__solution_new();
    int *seq = malloc(((size_t)d->n + 1) * sizeof *seq);
    eco_status st = ECO_OK;
    if (!sol || !seq) {
        st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
        goto out;
    }
    int vehicle = 0;
    for (int r = 0; r < d->max_routes && best; r++) {
        const int *rs;
        int len = route_of(best, r, &rs);
        if (len == 0)
            continue;
        memcpy(seq, rs, (size_t)len * sizeof *seq);
        /* an infeasible route (no feasible solution was found): drop boxes until it is */
        for (;;) {
            route_eval e = eval_seq(d, seq, len);
            if (e.excess == 0 && e.warp == 0)
                break;
            int best_i = 0;
            int64_t best_v = INT64_MAX;
            for (int i = 0; i < len; i++) {
                int c = seq[i];
                memmove(seq + i, seq + i + 1, (size_t)(len - i - 1) * sizeof *seq);
                route_eval f = eval_seq(d, seq, len - 1);
                memmove(seq + i + 1, seq + i, (size_t)(len - i - 1) * sizeof *seq);
                seq[i] = c;
                int64_t v = f.excess + f.warp;
                if (v < best_v) {
                    best_v = v;
                    best_i = i;
                }
            }
            if (eco__solution_unassign(sol, d->box[seq[best_i]],
                                       "the fleet cannot serve it (capacity or time windows)") != ECO_OK) {
                st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
                goto out;
            }
            memmove(seq + best_i, seq + best_i + 1, (size_t)(len - best_i - 1) * sizeof *seq);
            len--;
        }
        if (len == 0)
            continue;
        eco_route *rt = eco__solution_add_route(sol, vehicle++);
        if (!rt) {
            st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
            goto out;
        }
        rt->start_time = -1;
        for (int i = 0; i < len; i++)
            if (eco__route_push(rt, ECO_STEP_PICKUP, d->box[seq[i]]) != ECO_OK) {
                st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
                goto out;
            }
    }
    for (int i = 0; i < n_alone; i++)
        if (eco__solution_unassign(sol, alone[i], "%s", alone_why[i]) != ECO_OK) {
            st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
            goto out;
        }
    for (int i = 0; i < n_skip; i++)
        if (eco__solution_unassign(sol, skip[i], "below_threshold") != ECO_OK) {
            st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
            goto out;
        }
out:
    free(seq);
    if (st != ECO_OK) {
        eco_solution_destroy(sol);
        sol = NULL;
    }
    *out = sol;
    return st;
}

/* the construction's solution as a giant tour over the search's customers */
static bool initial_tour(const eco_instance *inst, const hgs_data *d, const eco_solution *initial, int *giant)
{
    if (!initial)
        return false;
    int *node_of = malloc((size_t)inst->n_boxes * sizeof *node_of);
    char *seen = calloc((size_t)d->n + 1, 1);
    if (!node_of || !seen) {
        free(node_of);
        free(seen);
        return false;
    }
    for (int b = 0; b < inst->n_boxes; b++)
        node_of[b] = 0;
    for (int i = 1; i <= d->n; i++)
        node_of[d->box[i]] = i;
    int k = 0;
    for (int r = 0; r < initial->n_routes; r++)
        for (int s = 0; s < initial->routes[r].n_steps; s++) {
            const eco_step *st = &initial->routes[r].steps[s];
            if (st->type != ECO_STEP_PICKUP || st->ref < 0 || st->ref >= inst->n_boxes)
                continue;
            int c = node_of[st->ref];
            if (c > 0 && !seen[c]) {
                seen[c] = 1;
                giant[k++] = c;
            }
        }
    for (int c = 1; c <= d->n; c++)
        if (!seen[c])
            giant[k++] = c;
    free(node_of);
    free(seen);
    return true;
}

/* ---- the driver ---- */

/* records island me's best in the shared best cost (for the progress line) */
static void note_best(const hgs_island *me, int64_t *global_best)
{
    if (!me->pop.has_best)
        return;
#pragma omp critical(eco_search_best)
    if (me->pop.best->dist < *global_best)
        *global_best = me->pop.best->dist;
}

static bool better_indiv(const hgs_indiv *a, const hgs_indiv *b)
{
    if (!b)
        return a != NULL;
    if (!a)
        return false;
    if (a->feasible != b->feasible)
        return a->feasible;
    if (a->feasible)
        return a->dist < b->dist;
    int64_t ea = a->excess + a->warp, eb = b->excess + b->warp;
    return ea < eb || (ea == eb && a->dist < b->dist);
}

eco_status eco__search(const eco_instance *inst, const eco_solve_options *opt, const eco_solution *initial,
                       eco_solution **out, eco_error *err)
{
    *out = NULL;
    if (!eco__search_supports(inst))
        return eco__error(err, ECO_EINPUT, "search", "the instance has rules the search does not handle");
    double t0 = hgs_now();
    int threads = opt && opt->threads > 0 ? opt->threads : 1;
    if (threads > 256)
        threads = 256; /* islands beyond that only cost memory */
    double limit = opt && opt->time_limit_s > 0 ? opt->time_limit_s : 10.0;
    uint64_t seed = opt ? opt->seed : 1;
    long max_iter = opt ? opt->max_iterations : 0, max_noimp = opt ? opt->max_no_improve : 0;
    bool sync = max_iter > 0 || max_noimp > 0;
    double deadline = t0 + limit;
    bool sp_on = !(opt && opt->no_sp);
    int verbose = opt ? opt->verbose : 0;
    /* with a time limit alone: the final recombination starts here */
    double final_sp_at = deadline - SP_FINAL * limit;

    eco_status st = ECO_OK;
    hgs_data data;
    bool have_data = false;
    int nb = inst->n_boxes;
    int *nodes = malloc((size_t)nb * sizeof *nodes);
    int *skip = malloc((size_t)nb * sizeof *skip);
    int *alone = malloc((size_t)nb * sizeof *alone);
    const char **alone_why = malloc((size_t)nb * sizeof *alone_why);
    int *tour = NULL;
    hgs_island **isl = calloc((size_t)threads, sizeof *isl);
    hgs_indiv **mail = calloc((size_t)threads, sizeof *mail);
    char *mail_has = calloc((size_t)threads, 1);
    char *finished = calloc((size_t)threads, 1);
    eco_solution *sol = NULL;
    if (!nodes || !skip || !alone || !alone_why || !isl || !mail || !mail_has || !finished) {
        st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
        goto out;
    }
    int64_t cap = effective_capacity(inst);
    int n = 0, n_skip = 0, n_alone = 0;
    for (int b = 0; b < nb; b++) {
        if (inst->boxes[b].need == ECO_BOX_SKIP) {
            skip[n_skip++] = b;
            continue;
        }
        const char *why = alone_reason(inst, b, cap);
        if (why) {
            alone_why[n_alone] = why;
            alone[n_alone++] = b;
        } else {
            nodes[n++] = b;
        }
    }
    const hgs_indiv *win = NULL;
    long total_iter = 0;
    if (n >= 2) {
        st = hgs_data_build(&data, inst, nodes, n, threads, err);
        if (st != ECO_OK)
            goto out;
        have_data = true;
        tour = malloc((size_t)n * sizeof *tour);
        for (int k = 0; k < threads; k++) {
            isl[k] = hgs_island_new(&data, seed, k);
            mail[k] = hgs_indiv_new(&data);
            if (!isl[k] || !mail[k]) {
                st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
                goto out;
            }
            /* a time-capped initial population is not reproducible: only without iteration limits */
            if (!sync)
                isl[k]->init_budget = 0.3 * (deadline - hgs_now());
            hgs_ls_set_deadline(isl[k]->ls, deadline);
            if (sp_on && !(isl[k]->sp = hgs_sp_new(&data, SP_MAX_COLS, SP_COLLECT_GAP))) {
                st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
                goto out;
            }
        }
        bool have_tour = tour && initial_tour(inst, &data, initial, tour);
        volatile int stop = 0;
        int64_t global_best = INT64_MAX;
        double last_report = 0.0;
#pragma omp parallel num_threads(threads)
        {
            int k = omp_get_thread_num();
            int team = omp_get_num_threads(); /* may be fewer than asked */
            hgs_island *me = isl[k];
            hgs_indiv *in = hgs_indiv_new(&data);
            int64_t last_recv = -1; /* distance of the last migrant taken in */
            double mig_every = limit / 30.0 > 0.5 ? limit / 30.0 : 0.5;
            double next_sp = t0 + SP_FIRST * limit, sp_every = SP_EVERY * limit;
            bool final_sp_done = false;
            long epochs = 0;
            if (have_tour)
                hgs_island_seed_tour(me, tour);
            for (;;) {
                long target = me->iter + EPOCH;
                double next_mig = hgs_now() + mig_every;
                while (!finished[k] && me->iter < target) {
                    double now = hgs_now();
                    if (!sync && now >= next_mig)
                        break;
                    if (now >= deadline || (opt && opt->cancel && *opt->cancel)) {
#pragma omp atomic write
                        stop = 1;
                        break;
                    }
                    if (me->sp && !sync && !final_sp_done && now >= final_sp_at) {
                        /* the final recombination (each island on its pool); the search
                         * goes on after it until the deadline */
                        final_sp_done = true;
                        if (hgs_sp_run(me, deadline - now - 0.01 * limit, 0, 0, verbose))
                            note_best(me, &global_best);
                        continue;
                    }
                    if (me->sp && !sync && now >= next_sp && now < final_sp_at && me->init_done) {
                        double budget = SP_SHARE * limit;
                        if (budget > final_sp_at - now)
                            budget = final_sp_at - now;
                        if (hgs_sp_run(me, budget, 0, 0, verbose)) {
                            note_best(me, &global_best);
                            sp_every = SP_EVERY * limit;
                        } else if (sp_every < SP_EVERY_MAX * limit) {
                            sp_every *= 2;
                        }
                        next_sp = hgs_now() + sp_every;
                        continue;
                    }
                    int s;
#pragma omp atomic read
                    s = stop;
                    if (s)
                        break;
                    if (hgs_island_step(me, now))
                        note_best(me, &global_best);
                    if ((max_iter > 0 && me->iter >= max_iter) ||
                        (max_noimp > 0 && me->no_improve_best >= max_noimp))
                        finished[k] = 1;
                    if (k == 0 && opt && opt->progress && now - last_report >= 0.25) {
                        int64_t gb;
#pragma omp critical(eco_search_best)
                        gb = global_best;
                        last_report = now;
                        if (gb < INT64_MAX)
                            opt->progress(opt->progress_user, now - t0,
                                          (double)gb * inst->vehicles[0].cost_per_dist, 1);
                    }
                }
                bool got = false;
                if (sync) {
                    int decide;
#pragma omp barrier
                    const hgs_island *from = isl[(k + team - 1) % team];
                    if (in && team > 1 && from->pop.has_best && from->pop.best->dist != last_recv) {
                        hgs_indiv_copy(&data, in, from->pop.best);
                        last_recv = in->dist;
                        got = true;
                    }
                    int all = 1;
                    for (int j = 0; j < team; j++)
                        all &= finished[j];
#pragma omp atomic read
                    decide = stop;
                    decide |= all;
#pragma omp barrier
                    if (got)
                        hgs_island_receive(me, in);
                    /* recombination at fixed epochs and at the end: reproducible limits */
                    epochs++;
                    if (me->sp && (decide || epochs % SP_EPOCHS == 0) && hgs_now() < deadline &&
                        hgs_sp_run(me, deadline - hgs_now(), SP_LP_ITERATIONS, SP_NODES, verbose))
                        note_best(me, &global_best);
                    if (decide)
                        break;
                } else {
                    int s;
#pragma omp atomic read
                    s = stop;
                    if (s || finished[k])
                        break;
                    if (team > 1) {
#pragma omp critical(eco_search_mail)
                        {
                            if (me->pop.has_best) {
                                hgs_indiv_copy(&data, mail[k], me->pop.best);
                                mail_has[k] = 1;
                            }
                            int j = (k + team - 1) % team;
                            if (in && mail_has[j] && mail[j]->dist != last_recv) {
                                hgs_indiv_copy(&data, in, mail[j]);
                                last_recv = in->dist;
                                got = true;
                            }
                        }
                        if (got)
                            hgs_island_receive(me, in);
                    }
                }
            }
            hgs_indiv_free(in);
            if (me->sp)
                hgs_sp_thread_done(); /* GLPK's environment of this thread */
        }
        for (int k = 0; k < threads; k++) {
            const hgs_indiv *b = hgs_island_best(isl[k]);
            if (better_indiv(b, win))
                win = b;
            total_iter += isl[k]->iter;
        }
        if (opt && opt->verbose) {
            fprintf(stderr, "search: %d customers, %d islands, %ld iterations, %.2f s\n", n, threads, total_iter,
                    hgs_now() - t0);
            for (int k = 0; k < threads; k++)
                hgs_sp_report(isl[k]->sp, k);
        }
    } else {
        /* at most one box to route: one route if any */
        memset(&data, 0, sizeof data);
    }
    if (n < 2) {
        sol = eco__solution_new();
        if (!sol) {
            st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
            goto out;
        }
        if (n == 1) {
            eco_route *rt = eco__solution_add_route(sol, 0);
            if (!rt || eco__route_push(rt, ECO_STEP_PICKUP, nodes[0]) != ECO_OK) {
                st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
                goto out;
            }
            rt->start_time = -1;
        }
        for (int i = 0; i < n_alone; i++)
            if (eco__solution_unassign(sol, alone[i], "%s", alone_why[i]) != ECO_OK)
                st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
        for (int i = 0; i < n_skip; i++)
            if (eco__solution_unassign(sol, skip[i], "below_threshold") != ECO_OK)
                st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
        if (st != ECO_OK)
            goto out;
    } else {
        st = build_solution(&data, win, skip, n_skip, alone, alone_why, n_alone, &sol, err);
        if (st != ECO_OK)
            goto out;
    }
    sol->threads = threads;
    sol->seed = seed;
    sol->iterations = total_iter;
    /* never worse than the construction */
    if (initial) {
        int64_t d_mine, d_init;
        int m_mine, m_init;
        solution_measure(inst, sol, &d_mine, &m_mine);
        solution_measure(inst, initial, &d_init, &m_init);
        if (m_init < m_mine || (m_init == m_mine && d_init < d_mine)) {
            eco_solution *c = eco__solution_clone(initial);
            if (!c) {
                st = eco__error(err, ECO_EINTERNAL, "search", "out of memory");
                goto out;
            }
            eco_solution_destroy(sol);
            sol = c;
        }
    }
out:
    if (st == ECO_OK) {
        *out = sol;
        sol = NULL;
    }
    eco_solution_destroy(sol);
    for (int k = 0; k < threads && isl; k++) {
        hgs_island_free(isl[k]);
        if (mail)
            hgs_indiv_free(mail[k]);
    }
    free(isl);
    free(mail);
    free(mail_has);
    free(finished);
    free(tour);
    if (have_data)
        hgs_data_free(&data);
    free(nodes);
    free(skip);
    free(alone);
    free(alone_why);
    return st;
}
