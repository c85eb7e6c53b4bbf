/*
 * example_heuristic.c - the worked example of a hackathon plug-in, and the
 * template to copy: nearest neighbour construction, then 2-opt inside every
 * trip, against the public headers only (ecoroute/heuristic.h).
 *
 * Construction: each vehicle in turn leaves its depot and goes to the nearest
 * unvisited box (among the K nearest) that keeps its route feasible, as the
 * library's route evaluation says; when none fits and the instance has
 * facilities, it unloads at the nearest one and goes on; otherwise the next
 * vehicle starts. Mandatory boxes only: optional boxes are left (their prize
 * is paid) and boxes not needed today are skipped. Instances whose vehicles
 * must take a break are not handled (those routes come out infeasible and are
 * trimmed to nothing).
 *
 * Improvement: 2-opt on each trip (the boxes between two unloads), a move
 * kept when the route stays feasible and its cost drops; until no move
 * improves or the time budget is spent.
 *
 * Build: see CMakeLists.txt beside this file. Run:
 *   ecoroute bench x10 --heuristic build/lib/libexample_heuristic.so
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ecoroute/heuristic.h"

#define K_NEAREST 8      /* candidates tried per step */
#define MAX_FAC_TRIES 3  /* facilities tried when the truck is full */

typedef struct step {
    int unload;          /* 1: unload at facility ref; 0: pickup of box ref */
    int ref;
} step;

typedef struct state {
    uint64_t seed;
} state;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void *ex_create(const eco_instance *inst, uint64_t seed)
{
    (void)inst;
    state *s = calloc(1, sizeof *s);
    if (s)
        s->seed = seed;
    return s;
}

static void ex_destroy(void *st) { free(st); }

/* Rewrites route r of sol from steps[0..len). */
static eco_status load_route(eco_solution *sol, const eco_instance *inst, int r, const step *steps, int len)
{
    while (eco_solution_route_length(sol, r) > 0)
        eco_solution_pop_step(sol, r);
    for (int k = 0; k < len; k++) {
        eco_status st = steps[k].unload ? eco_solution_push_unload(sol, inst, r, steps[k].ref)
                                        : eco_solution_push_pickup(sol, inst, r, steps[k].ref);
        if (st != ECO_OK)
            return st;
    }
    return ECO_OK;
}

static int step_node(const eco_instance *inst, const step *s)
{
    return s->unload ? eco_instance_facility_node(inst, s->ref) : eco_instance_box_node(inst, s->ref);
}

/* Nearest facility to node `from` accepting material m, skipping the first
 * `skip` nearest ones; -1 when none. */
static int nearest_facility(const eco_instance *inst, int from, int m, int skip)
{
    int nf = eco_instance_n_facilities(inst);
    int64_t prev = -1;
    int prev_f = -1;
    for (int t = 0; t <= skip; t++) {
        int best = -1;
        int64_t bd = 0;
        for (int f = 0; f < nf; f++) {
            if (m >= 0 && !eco_instance_facility_accepts(inst, f, m))
                continue;
            int64_t d = eco_instance_node_distance(inst, from, eco_instance_facility_node(inst, f));
            if (d < prev || (d == prev && f <= prev_f))
                continue; /* already taken in an earlier round */
            if (best < 0 || d < bd) {
                best = f;
                bd = d;
            }
        }
        if (best < 0)
            return -1;
        prev = bd;
        prev_f = best;
    }
    return prev_f;
}

/* Violations of route r after appending a final unload when the instance
 * wants routes to end empty (the route is left as it was). */
static int evaluate(const eco_instance *inst, eco_solution *sol, int r, int last_node, int last_mat, double *cost)
{
    if (!eco_instance_return_empty(inst))
        return eco_solution_route_evaluate(inst, sol, r, cost);
    int f = nearest_facility(inst, last_node, last_mat, 0);
    if (f < 0 || eco_solution_push_unload(sol, inst, r, f) != ECO_OK)
        return 1;
    int v = eco_solution_route_evaluate(inst, sol, r, cost);
    eco_solution_pop_step(sol, r);
    return v;
}

/* 2-opt inside each trip of route r; steps is the route as the plug-in keeps it. */
static eco_status two_opt(const eco_instance *inst, eco_solution *sol, int r, int start_node, int end_node,
                          step *steps, int len, double deadline)
{
    double cost;
    if (eco_solution_route_evaluate(inst, sol, r, &cost) != 0)
        return ECO_OK;
    int improved = 1;
    while (improved && now_s() < deadline) {
        improved = 0;
        for (int i = 0; i < len && now_s() < deadline; i++) {
            if (steps[i].unload)
                continue;
            for (int j = i + 1; j < len && !steps[j].unload; j++) {
                /* reversing steps[i..j]: edges (i-1, i) and (j, j+1) change */
                int a = i > 0 ? step_node(inst, &steps[i - 1]) : start_node;
                int b = step_node(inst, &steps[i]);
                int c = step_node(inst, &steps[j]);
                int d = j + 1 < len ? step_node(inst, &steps[j + 1]) : end_node;
                int64_t delta = eco_instance_node_distance(inst, a, c) + eco_instance_node_distance(inst, b, d) -
                                eco_instance_node_distance(inst, a, b) - eco_instance_node_distance(inst, c, d);
                if (delta >= 0)
                    continue;
                for (int p = i, q = j; p < q; p++, q--) {
                    step t = steps[p];
                    steps[p] = steps[q];
                    steps[q] = t;
                }
                double nc;
                eco_status st = load_route(sol, inst, r, steps, len);
                if (st != ECO_OK)
                    return st;
                if (eco_solution_route_evaluate(inst, sol, r, &nc) == 0 && nc < cost - 1e-9) {
                    cost = nc;
                    improved = 1;
                    continue;
                }
                for (int p = i, q = j; p < q; p++, q--) { /* undo */
                    step t = steps[p];
                    steps[p] = steps[q];
                    steps[q] = t;
                }
                if ((st = load_route(sol, inst, r, steps, len)) != ECO_OK)
                    return st;
            }
        }
    }
    return ECO_OK;
}

static eco_status ex_solve(void *stv, const eco_instance *inst, double time_limit_s, eco_solution **out)
{
    (void)stv;
    double deadline = now_s() + (time_limit_s > 0 ? time_limit_s : 10.0);
    int n = eco_instance_n_boxes(inst), nv = eco_instance_n_vehicle_slots(inst);
    eco_solution *sol = NULL;
    char *done = calloc(n > 0 ? (size_t)n : 1, 1);
    step *steps = malloc(((size_t)2 * n + 2) * sizeof *steps);
    eco_status st = eco_solution_create(inst, &sol);
    if (!done || !steps) {
        st = ECO_EINTERNAL;
        goto out;
    }
    if (st != ECO_OK)
        goto out;
    int left = 0;
    for (int b = 0; b < n; b++) {
        done[b] = eco_instance_box_need(inst, b) != 0; /* mandatory boxes only */
        left += !done[b];
    }
    for (int v = 0; v < nv && left > 0; v++) {
        int r = eco_solution_add_route(sol, inst, v);
        if (r < 0) {
            st = ECO_EINTERNAL;
            goto out;
        }
        int start = eco_instance_vehicle_start_node(inst, v), end = eco_instance_vehicle_end_node(inst, v);
        int cur = start, cur_mat = -1, len = 0, since_unload = 0;
        for (;;) {
            /* the K nearest unvisited boxes, by insertion into a small sorted array */
            int cand[K_NEAREST], nc = 0;
            int64_t cd[K_NEAREST];
            for (int b = 0; b < n; b++) {
                if (done[b])
                    continue;
                int64_t d = eco_instance_node_distance(inst, cur, eco_instance_box_node(inst, b));
                if (nc == K_NEAREST && d >= cd[nc - 1])
                    continue;
                int k = nc < K_NEAREST ? nc++ : nc - 1;
                while (k > 0 && cd[k - 1] > d) {
                    cand[k] = cand[k - 1];
                    cd[k] = cd[k - 1];
                    k--;
                }
                cand[k] = b;
                cd[k] = d;
            }
            if (nc == 0)
                break;
            int chosen = -1;
            for (int k = 0; k < nc && chosen < 0; k++) {
                int b = cand[k];
                if ((st = eco_solution_push_pickup(sol, inst, r, b)) != ECO_OK)
                    goto out;
                if (evaluate(inst, sol, r, eco_instance_box_node(inst, b), eco_instance_box_material(inst, b), NULL) == 0)
                    chosen = b;
                else
                    eco_solution_pop_step(sol, r);
            }
            if (chosen >= 0) {
                steps[len++] = (step){0, chosen};
                done[chosen] = 1;
                left--;
                cur = eco_instance_box_node(inst, chosen);
                cur_mat = eco_instance_box_material(inst, chosen);
                since_unload++;
                continue;
            }
            /* full or late: unload between trips when the instance has facilities */
            int unloaded = 0;
            for (int t = 0; t < MAX_FAC_TRIES && since_unload > 0 && !unloaded; t++) {
                int f = nearest_facility(inst, cur, -1, t);
                if (f < 0)
                    break;
                if ((st = eco_solution_push_unload(sol, inst, r, f)) != ECO_OK)
                    goto out;
                if (eco_solution_route_evaluate(inst, sol, r, NULL) == 0) {
                    steps[len++] = (step){1, f};
                    cur = eco_instance_facility_node(inst, f);
                    since_unload = 0;
                    unloaded = 1;
                } else {
                    eco_solution_pop_step(sol, r);
                }
            }
            if (!unloaded)
                break;
        }
        if (eco_instance_return_empty(inst) && since_unload > 0) {
            int f = nearest_facility(inst, cur, cur_mat, 0);
            if (f >= 0 && (st = eco_solution_push_unload(sol, inst, r, f)) != ECO_OK)
                goto out;
            if (f >= 0)
                steps[len++] = (step){1, f};
        }
        /* safety: trim a route the evaluation still rejects (its boxes stay unassigned) */
        while (len > 0 && eco_solution_route_evaluate(inst, sol, r, NULL) != 0) {
            len--;
            eco_solution_pop_step(sol, r);
            if (!steps[len].unload) {
                done[steps[len].ref] = 0;
                left++;
            }
        }
        if ((st = two_opt(inst, sol, r, start, end, steps, len, deadline)) != ECO_OK)
            goto out;
    }
    st = eco_solution_finish(inst, sol, NULL);
out:
    free(done);
    free(steps);
    if (st != ECO_OK) {
        eco_solution_destroy(sol);
        sol = NULL;
    }
    *out = sol;
    return st;
}

static const eco_heuristic example = {
    .abi_version = ECO_HEURISTIC_ABI,
    .name = "example-nn-2opt",
    .create = ex_create,
    .solve = ex_solve,
    .destroy = ex_destroy,
};

ECO_HEURISTIC_EXPORT const eco_heuristic *eco_heuristic_entry(void) { return &example; }
