/*
 * waste.c - local search and large-neighbourhood search for the full model:
 * multi-trip routes with unloads at facilities, materials and compartments,
 * breaks, optional boxes with prizes, a mixed fleet with fixed costs.
 *
 * A solution is a set of routes of steps (pickups, unloads, a break), as in
 * solution.h. Every candidate route is judged by the solver's schedule
 * (eco__route_schedule, O(route)); a route is only ever replaced by a
 * candidate with no violation, so the current solution stays feasible. After
 * each edit a route is tidied (unloads that would empty nothing are dropped)
 * and, when infeasible, its break is re-placed (a few positions around the
 * break window) before it is rejected.
 *
 * Moves, over granular neighbour lists (each box's K nearest boxes):
 *  - relocate a box next to a neighbour (same or another route), plainly or
 *    with an unload just after or before it (a new trip); an unserved box is
 *    also tried on a new route of each vehicle type; optional boxes are
 *    inserted when the detour costs less than their prize, removed when not;
 *  - swap two boxes of different routes; 2-opt* (exchange route tails, with
 *    their unloads); 2-opt inside a route (reverse a segment);
 *  - per route: change an unload's facility, shift an unload by a few steps,
 *    drop an unload, re-place the break, change the vehicle (other types).
 * Local search applies improving moves until none is found. Around it, a
 * ruin-and-recreate loop (remove related boxes or a whole route, reinsert by
 * cheapest insertion in random order, local search on the touched boxes) with
 * simulated-annealing acceptance diversifies; the best solution is kept.
 * Unserved boxes cost their prize (optional) or a large penalty (mandatory).
 *
 * Threads: opt->threads independent searches (OpenMP), seeded seed + k, the
 * winner chosen by (cost, k). The result goes through the independent checker
 * (eco_check); a solution it refuses, or one not better than the initial, is
 * never returned: the initial solution is copied instead.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "construct.h"
#include "waste.h"

#define K_NBR 16              /* neighbours per box */
#define PENALTY 1e9           /* cost of an unserved mandatory box */
#define EPS 1e-6
#define MAX_STEPS (1 << 22)   /* cap on one route's steps */

typedef struct wsol {
    int n_routes, cap_routes;
    eco_route *routes;     /* owned step buffers; vehicle, cost (scheduled) */
    int *where;            /* box -> route index, -1 unserved */
    double cost;           /* routes + unserved costs */
} wsol;

typedef struct ws {
    const eco_instance *inst;
    int flags;
    int nb;
    int *nbr;              /* nb x K_NBR, -1 padded */
    int *vtype;            /* vehicle -> first identical vehicle */
    double *uncost;        /* box -> cost when unserved */
    eco_route A, B, C, D;  /* scratch routes */
    uint64_t rng;
    bool oom;
    double deadline;
    volatile int *cancel;
    bool *used;            /* vehicle in use (scratch, rebuilt on demand) */
    int *list;             /* scratch box lists */
    char *mark;
} ws;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static int rnd_int(uint64_t *s, int n) { return n <= 1 ? 0 : (int)(rnd(s) % (uint64_t)n); }
static double rnd_unit(uint64_t *s) { return (double)(rnd(s) >> 11) * (1.0 / 9007199254740992.0); }

static bool stop_now(ws *w)
{
    return w->oom || now_s() >= w->deadline || (w->cancel && *w->cancel);
}

/* ---- route buffers ---- */

static bool reserve(ws *w, eco_route *r, int n)
{
    if (n <= r->cap_steps)
        return true;
    if (n > MAX_STEPS) {
        w->oom = true;
        return false;
    }
    int cap = r->cap_steps ? r->cap_steps : 16;
    while (cap < n)
        cap *= 2;
    eco_step *ns = realloc(r->steps, (size_t)cap * sizeof *ns);
    if (!ns) {
        w->oom = true;
        return false;
    }
    r->steps = ns;
    r->cap_steps = cap;
    return true;
}

/* dst = src (steps, vehicle, cost); dst keeps its own buffer */
static bool rcopy(ws *w, eco_route *dst, const eco_route *src)
{
    if (!reserve(w, dst, src->n_steps + 4))
        return false;
    if (src->n_steps > 0)
        memcpy(dst->steps, src->steps, (size_t)src->n_steps * sizeof *dst->steps);
    dst->n_steps = src->n_steps;
    dst->vehicle = src->vehicle;
    dst->cost = src->cost;
    dst->start_time = -1;
    dst->n_violations = src->n_violations;
    return true;
}

static void swap_routes(eco_route *a, eco_route *b)
{
    eco_route t = *a;
    *a = *b;
    *b = t;
}

static void st_insert(eco_route *r, int pos, eco_step_type t, int ref)
{
    memmove(&r->steps[pos + 1], &r->steps[pos], (size_t)(r->n_steps - pos) * sizeof *r->steps);
    memset(&r->steps[pos], 0, sizeof *r->steps);
    r->steps[pos].type = t;
    r->steps[pos].ref = ref;
    r->n_steps++;
}

static void st_remove(eco_route *r, int pos)
{
    memmove(&r->steps[pos], &r->steps[pos + 1], (size_t)(r->n_steps - pos - 1) * sizeof *r->steps);
    r->n_steps--;
}

static int find_box(const eco_route *r, int b)
{
    for (int k = 0; k < r->n_steps; k++)
        if (r->steps[k].type == ECO_STEP_PICKUP && r->steps[k].ref == b)
            return k;
    return -1;
}

static int step_loc(const eco_instance *inst, const eco_route *r, int k)
{
    for (; k >= 0; k--) {
        const eco_step *s = &r->steps[k];
        if (s->type == ECO_STEP_PICKUP)
            return inst->boxes[s->ref].loc;
        if (s->type == ECO_STEP_UNLOAD)
            return inst->facilities[s->ref].loc;
    }
    return inst->depots[inst->vehicles[r->vehicle].start_depot].loc;
}

/* ---- evaluation ---- */

/* Drops unloads that would empty nothing (and everything when no box is
 * left); with ECO_WASTE_NEAREST_FACILITY sets every unload to the nearest. */
static void tidy(ws *w, eco_route *r)
{
    const eco_instance *inst = w->inst;
    uint32_t on_board = 0;
    bool any = false;
    for (int k = 0; k < r->n_steps;) {
        eco_step *s = &r->steps[k];
        if (s->type == ECO_STEP_PICKUP) {
            on_board |= 1u << inst->boxes[s->ref].material;
            any = true;
        } else if (s->type == ECO_STEP_UNLOAD) {
            if (w->flags & ECO_WASTE_NEAREST_FACILITY) {
                int f = eco__unload_choice(inst, on_board, step_loc(inst, r, k - 1));
                if (f >= 0)
                    s->ref = f;
            }
            uint32_t acc = inst->facilities[s->ref].accepts;
            if (!(on_board & acc)) {
                st_remove(r, k);
                continue;
            }
            on_board &= ~acc;
        }
        k++;
    }
    if (!any)
        r->n_steps = 0;
}

static bool schedule_ok(ws *w, eco_route *r)
{
    r->start_time = -1;
    eco__route_schedule(w->inst, r);
    return r->n_violations == 0;
}

/* Re-places the break of r (removing it first) at the best of a few positions
 * around its window. Leaves r scheduled: feasible (true) with the best
 * placement, or infeasible (false). */
static bool fix_break(ws *w, eco_route *r)
{
    const eco_vehicle *v = &w->inst->vehicles[r->vehicle];
    for (int k = r->n_steps - 1; k >= 0; k--)
        if (r->steps[k].type == ECO_STEP_BREAK)
            st_remove(r, k);
    if (r->n_steps == 0)
        return schedule_ok(w, r);
    bool ok = schedule_ok(w, r);
    double best = ok ? r->cost : INFINITY;
    int best_p = -1;
    int n = r->n_steps;
    int64_t d0 = eco__route_departure(r);
    /* t(p): departure before position p */
    int p0 = 0, plast = -1;
    for (int p = 0; p <= n; p++) {
        int64_t t = p == 0 ? d0 : r->steps[p - 1].departure;
        if (t <= v->break_start_min)
            p0 = p;
        if (t <= v->break_start_max)
            plast = p;
    }
    int cands[6] = {p0, p0 + 1, p0 + 2, p0 + 3, plast, plast - 1};
    if (!reserve(w, &w->D, n + 2))
        return false;
    for (int c = 0; c < 6; c++) {
        int p = cands[c];
        if (p < 0 || p > n || p > plast)
            continue;
        bool dup = false;
        for (int e = 0; e < c; e++)
            dup |= cands[e] == p;
        if (dup)
            continue;
        memcpy(w->D.steps, r->steps, (size_t)n * sizeof *r->steps);
        w->D.n_steps = n;
        w->D.vehicle = r->vehicle;
        st_insert(&w->D, p, ECO_STEP_BREAK, -1);
        if (schedule_ok(w, &w->D) && w->D.cost < best - EPS) {
            best = w->D.cost;
            best_p = p;
        }
    }
    if (best_p >= 0) {
        st_insert(r, best_p, ECO_STEP_BREAK, -1);
        return schedule_ok(w, r);
    }
    if (ok)
        return schedule_ok(w, r);
    return false;
}

/* Tidies and schedules r; tries re-placing the break when infeasible. On
 * true r->cost is the route's cost (0 when empty). */
static bool evaluate(ws *w, eco_route *r)
{
    tidy(w, r);
    if (r->n_steps == 0) {
        r->cost = 0;
        r->n_violations = 0;
        return true;
    }
    if (schedule_ok(w, r))
        return true;
    if (w->inst->vehicles[r->vehicle].has_break)
        return fix_break(w, r);
    return false;
}

/* ---- solutions ---- */

static void wsol_free(wsol *s)
{
    for (int i = 0; i < s->cap_routes; i++)
        free(s->routes[i].steps);
    free(s->routes);
    free(s->where);
    memset(s, 0, sizeof *s);
}

static bool wsol_reserve(ws *w, wsol *s, int n)
{
    if (n <= s->cap_routes)
        return true;
    int cap = s->cap_routes ? s->cap_routes * 2 : 8;
    while (cap < n)
        cap *= 2;
    eco_route *nr = realloc(s->routes, (size_t)cap * sizeof *nr);
    if (!nr) {
        w->oom = true;
        return false;
    }
    memset(nr + s->cap_routes, 0, (size_t)(cap - s->cap_routes) * sizeof *nr);
    s->routes = nr;
    s->cap_routes = cap;
    return true;
}

static bool wsol_copy(ws *w, wsol *dst, const wsol *src)
{
    if (!dst->where) {
        dst->where = malloc((size_t)(w->nb + 1) * sizeof *dst->where);
        if (!dst->where) {
            w->oom = true;
            return false;
        }
    }
    if (!wsol_reserve(w, dst, src->n_routes))
        return false;
    for (int i = 0; i < src->n_routes; i++)
        if (!rcopy(w, &dst->routes[i], &src->routes[i]))
            return false;
    dst->n_routes = src->n_routes;
    memcpy(dst->where, src->where, (size_t)w->nb * sizeof *dst->where);
    dst->cost = src->cost;
    return true;
}

static void set_where(wsol *s, int ri)
{
    const eco_route *r = &s->routes[ri];
    for (int k = 0; k < r->n_steps; k++)
        if (r->steps[k].type == ECO_STEP_PICKUP)
            s->where[r->steps[k].ref] = ri;
}

static double wsol_total(ws *w, const wsol *s)
{
    double c = 0;
    for (int i = 0; i < s->n_routes; i++)
        c += s->routes[i].cost;
    for (int b = 0; b < w->nb; b++)
        if (s->where[b] < 0)
            c += w->uncost[b];
    return c;
}

/* Removes empty routes (keeping where[] right). */
static void compact(wsol *s)
{
    int j = 0;
    for (int i = 0; i < s->n_routes; i++) {
        if (s->routes[i].n_steps == 0)
            continue;
        if (i != j)
            swap_routes(&s->routes[i], &s->routes[j]);
        set_where(s, j);
        j++;
    }
    s->n_routes = j;
}

/* Replaces route ri with scratch *nr (buffers swapped); boxes of the old route
 * not in the new one must be handled by the caller. */
static void commit_route(wsol *s, int ri, eco_route *nr)
{
    swap_routes(&s->routes[ri], nr);
    set_where(s, ri);
}

/* ---- vehicles ---- */

static bool same_vehicle(const eco_vehicle *a, const eco_vehicle *b, int n_mat)
{
    if (a->start_depot != b->start_depot || a->end_depot != b->end_depot || a->cap_total != b->cap_total ||
        a->materials != b->materials || a->shift_start != b->shift_start || a->shift_end != b->shift_end ||
        a->max_duration != b->max_duration || a->max_distance != b->max_distance ||
        a->fixed_cost != b->fixed_cost || a->cost_per_dist != b->cost_per_dist ||
        a->cost_per_time != b->cost_per_time || a->has_break != b->has_break ||
        a->max_stops != b->max_stops || a->max_day_load != b->max_day_load)
        return false;
    if (a->has_break && (a->break_duration != b->break_duration || a->break_start_min != b->break_start_min ||
                         a->break_start_max != b->break_start_max))
        return false;
    for (int m = 0; m < n_mat; m++)
        if (a->cap[m] != b->cap[m])
            return false;
    return true;
}

static void mark_used(ws *w, const wsol *s)
{
    memset(w->used, 0, (size_t)w->inst->n_vehicles * sizeof *w->used);
    for (int i = 0; i < s->n_routes; i++)
        w->used[s->routes[i].vehicle] = true;
}

/* ---- insertion ---- */

typedef struct ins {
    double delta;          /* cost change (routes only) */
    int route;             /* route index, or -1 - vehicle for a new route */
    bool found;
} ins;

/* nearest facility to loc accepting material m */
static int fac_for(const eco_instance *inst, int m, int loc)
{
    int best = -1;
    int32_t bd = 0;
    for (int f = 0; f < inst->n_facilities; f++) {
        if (!((inst->facilities[f].accepts >> m) & 1u))
            continue;
        int32_t d = eco__dist(inst, loc, inst->facilities[f].loc);
        if (best < 0 || d < bd) {
            best = f;
            bd = d;
        }
    }
    return best;
}

/* Tries box b into base (route of cost base_cost) at position p, plainly or
 * with an unload after / before it. Keeps the best candidate in w->C (by
 * delta) and updates *best. */
static void try_at(ws *w, const eco_route *base, double base_cost, int ri, int b, int p, ins *best)
{
    const eco_instance *inst = w->inst;
    const eco_box *bx = &inst->boxes[b];
    if (!((inst->vehicles[base->vehicle].materials >> bx->material) & 1u))
        return;
    for (int var = 0; var < 3; var++) {
        if (!rcopy(w, &w->B, base))
            return;
        st_insert(&w->B, p, ECO_STEP_PICKUP, b);
        if (var > 0) {
            if (inst->n_facilities == 0)
                return;
            if (var == 1) {
                if (p + 1 < w->B.n_steps && w->B.steps[p + 1].type == ECO_STEP_UNLOAD)
                    continue;
                int f = fac_for(inst, bx->material, bx->loc);
                if (f < 0)
                    return;
                st_insert(&w->B, p + 1, ECO_STEP_UNLOAD, f);
            } else {
                if (p > 0 && w->B.steps[p - 1].type == ECO_STEP_UNLOAD)
                    continue;
                int prev = step_loc(inst, &w->B, p - 1);
                int f = eco__unload_choice(inst, inst->vehicles[base->vehicle].materials, prev);
                if (f < 0)
                    return;
                st_insert(&w->B, p, ECO_STEP_UNLOAD, f);
            }
        }
        if (evaluate(w, &w->B)) {
            double d = w->B.cost - base_cost;
            if (!best->found || d < best->delta - EPS) {
                best->found = true;
                best->delta = d;
                best->route = ri;
                swap_routes(&w->B, &w->C);
            }
            return; /* a feasible variant: the costlier unload variants are not tried */
        }
    }
}

/* Best insertion of unserved box b into s (neighbour positions, route ends,
 * new routes when allow_new). Result route in w->C. */
static ins best_insert(ws *w, wsol *s, int b, bool allow_new)
{
    const eco_instance *inst = w->inst;
    ins best = {.found = false, .route = 0, .delta = 0};
    const int *nb = &w->nbr[(size_t)b * K_NBR];
    for (int j = 0; j < K_NBR && nb[j] >= 0; j++) {
        int c = nb[j], ri = s->where[c];
        if (ri < 0)
            continue;
        const eco_route *r = &s->routes[ri];
        int k = find_box(r, c);
        if (k < 0)
            continue;
        try_at(w, r, r->cost, ri, b, k, &best);
        try_at(w, r, r->cost, ri, b, k + 1, &best);
        if (w->oom)
            return best;
    }
    /* the beginning of every route and the end of its last trip */
    for (int ri = 0; ri < s->n_routes; ri++) {
        const eco_route *r = &s->routes[ri];
        try_at(w, r, r->cost, ri, b, 0, &best);
        int last = r->n_steps;
        while (last > 0 && r->steps[last - 1].type != ECO_STEP_PICKUP)
            last--;
        try_at(w, r, r->cost, ri, b, last, &best);
    }
    if (allow_new) {
        mark_used(w, s);
        bool *tried = calloc((size_t)inst->n_vehicles, 1);
        if (!tried) {
            w->oom = true;
            return best;
        }
        for (int v = 0; v < inst->n_vehicles; v++) {
            if (w->used[v] || tried[w->vtype[v]])
                continue;
            tried[w->vtype[v]] = true;
            eco_route empty = {.vehicle = v, .start_time = -1};
            try_at(w, &empty, 0, -1 - v, b, 0, &best);
            if (w->oom)
                break;
        }
        free(tried);
    }
    return best;
}

/* Applies an insertion found by best_insert (route in w->C). */
static bool apply_insert(ws *w, wsol *s, int b, const ins *in)
{
    if (in->route >= 0) {
        s->cost += in->delta - w->uncost[b];
        commit_route(s, in->route, &w->C);
        return true;
    }
    if (!wsol_reserve(w, s, s->n_routes + 1))
        return false;
    int ri = s->n_routes++;
    s->routes[ri].n_steps = 0;
    commit_route(s, ri, &w->C);
    s->cost += in->delta - w->uncost[b];
    return true;
}

/* Removes box b from its route: result in w->A (evaluated). */
static bool removed_route(ws *w, wsol *s, int b)
{
    int ri = s->where[b];
    if (!rcopy(w, &w->A, &s->routes[ri]))
        return false;
    int k = find_box(&w->A, b);
    if (k < 0)
        return false;
    st_remove(&w->A, k);
    return evaluate(w, &w->A);
}

/* ---- moves ---- */

/* Relocation of b (served or not). Returns true when applied. */
static bool move_relocate(ws *w, wsol *s, int b)
{
    int r1 = s->where[b];
    if (r1 < 0) {
        if (w->uncost[b] <= 0)
            return false;
        ins in = best_insert(w, s, b, true);
        if (in.found && in.delta - w->uncost[b] < -EPS)
            return apply_insert(w, s, b, &in);
        return false;
    }
    if (!removed_route(w, s, b))
        return false;
    double gain = s->routes[r1].cost - w->A.cost; /* saved by removing b */
    /* drop an optional box that costs more than its prize */
    if (gain - w->uncost[b] > EPS) {
        s->cost -= gain - w->uncost[b];
        s->where[b] = -1;
        commit_route(s, r1, &w->A);
        return true;
    }
    ins best = {.found = false};
    const int *nb = &w->nbr[(size_t)b * K_NBR];
    for (int j = 0; j < K_NBR && nb[j] >= 0; j++) {
        int c = nb[j], r2 = s->where[c];
        if (r2 < 0)
            continue;
        const eco_route *base = r2 == r1 ? &w->A : &s->routes[r2];
        double base_cost = base->cost; /* same route: the route without b */
        int k = find_box(base, c);
        if (k < 0)
            continue;
        try_at(w, base, base_cost, r2, b, k, &best);
        try_at(w, base, base_cost, r2, b, k + 1, &best);
        if (w->oom)
            return false;
    }
    if (!best.found)
        return false;
    double delta = best.delta - gain; /* insertion after removal */
    if (delta >= -EPS)
        return false;
    s->cost += delta;
    if (best.route != r1)
        commit_route(s, r1, &w->A);
    commit_route(s, best.route, &w->C);
    return true;
}

/* swap b with c (different routes), and 2-opt* between their routes */
static bool move_swap_tails(ws *w, wsol *s, int b, int c)
{
    int r1 = s->where[b], r2 = s->where[c];
    if (r1 < 0 || r2 < 0 || r1 == r2)
        return false;
    const eco_route *R1 = &s->routes[r1], *R2 = &s->routes[r2];
    int i = find_box(R1, b), j = find_box(R2, c);
    if (i < 0 || j < 0)
        return false;
    double old = R1->cost + R2->cost;
    /* swap */
    if (rcopy(w, &w->A, R1) && rcopy(w, &w->B, R2)) {
        w->A.steps[i].ref = c;
        w->B.steps[j].ref = b;
        if (evaluate(w, &w->A) && evaluate(w, &w->B) && w->A.cost + w->B.cost < old - EPS) {
            s->cost += w->A.cost + w->B.cost - old;
            commit_route(s, r1, &w->A);
            commit_route(s, r2, &w->B);
            return true;
        }
    }
    if (w->oom)
        return false;
    /* 2-opt*: R1[0..i] + R2[j+1..], R2[0..j] + R1[i+1..] */
    int n1 = R1->n_steps, n2 = R2->n_steps;
    if (!reserve(w, &w->A, i + 1 + n2 - j - 1 + 4) || !reserve(w, &w->B, j + 1 + n1 - i - 1 + 4))
        return false;
    memcpy(w->A.steps, R1->steps, (size_t)(i + 1) * sizeof *R1->steps);
    memcpy(w->A.steps + i + 1, R2->steps + j + 1, (size_t)(n2 - j - 1) * sizeof *R1->steps);
    w->A.n_steps = i + 1 + n2 - j - 1;
    w->A.vehicle = R1->vehicle;
    memcpy(w->B.steps, R2->steps, (size_t)(j + 1) * sizeof *R1->steps);
    memcpy(w->B.steps + j + 1, R1->steps + i + 1, (size_t)(n1 - i - 1) * sizeof *R1->steps);
    w->B.n_steps = j + 1 + n1 - i - 1;
    w->B.vehicle = R2->vehicle;
    if (evaluate(w, &w->A) && evaluate(w, &w->B) && w->A.cost + w->B.cost < old - EPS) {
        s->cost += w->A.cost + w->B.cost - old;
        commit_route(s, r1, &w->A);
        commit_route(s, r2, &w->B);
        return true;
    }
    return false;
}

/* 2-opt inside a route: make c follow b by reversing the segment between */
static bool move_2opt(ws *w, wsol *s, int b, int c)
{
    int ri = s->where[b];
    if (ri < 0 || s->where[c] != ri)
        return false;
    const eco_route *R = &s->routes[ri];
    int i = find_box(R, b), j = find_box(R, c);
    if (i < 0 || j < 0 || i == j || j == i + 1)
        return false;
    int lo, hi;
    if (i < j) {
        lo = i + 1;
        hi = j;
    } else {
        lo = j + 1;
        hi = i;
    }
    if (!rcopy(w, &w->A, R))
        return false;
    for (int x = lo, y = hi; x < y; x++, y--) {
        eco_step t = w->A.steps[x];
        w->A.steps[x] = w->A.steps[y];
        w->A.steps[y] = t;
    }
    if (evaluate(w, &w->A) && w->A.cost < R->cost - EPS) {
        s->cost += w->A.cost - R->cost;
        commit_route(s, ri, &w->A);
        return true;
    }
    return false;
}

/* accept w->A for route ri when it is cheaper */
static bool take_if_better(ws *w, wsol *s, int ri)
{
    if (evaluate(w, &w->A) && w->A.cost < s->routes[ri].cost - EPS) {
        s->cost += w->A.cost - s->routes[ri].cost;
        commit_route(s, ri, &w->A);
        return true;
    }
    return false;
}

/* unload, break and vehicle moves on route ri; true when something improved */
static bool route_moves(ws *w, wsol *s, int ri)
{
    const eco_instance *inst = w->inst;
    bool any = false;
    /* unloads: change facility, shift, drop */
    for (int k = 0; k < s->routes[ri].n_steps && !w->oom; k++) {
        if (s->routes[ri].steps[k].type != ECO_STEP_UNLOAD)
            continue;
        int f0 = s->routes[ri].steps[k].ref;
        if (!(w->flags & ECO_WASTE_NEAREST_FACILITY))
            for (int f = 0; f < inst->n_facilities; f++) {
                if (f == f0 || !rcopy(w, &w->A, &s->routes[ri]))
                    continue;
                w->A.steps[k].ref = f;
                if (take_if_better(w, s, ri)) {
                    any = true;
                    break;
                }
            }
        if (k >= s->routes[ri].n_steps || s->routes[ri].steps[k].type != ECO_STEP_UNLOAD)
            continue;
        if (rcopy(w, &w->A, &s->routes[ri])) {
            st_remove(&w->A, k);
            if (take_if_better(w, s, ri)) {
                any = true;
                k--;
                continue;
            }
        }
        for (int d = -3; d <= 3 && !w->oom; d++) {
            int n = s->routes[ri].n_steps;
            if (d == 0 || k + d < 0 || k + d >= n)
                continue;
            if (!rcopy(w, &w->A, &s->routes[ri]))
                break;
            eco_step u = w->A.steps[k];
            st_remove(&w->A, k);
            st_insert(&w->A, k + d, u.type, u.ref);
            if (take_if_better(w, s, ri)) {
                any = true;
                break;
            }
        }
    }
    /* break */
    if (inst->vehicles[s->routes[ri].vehicle].has_break && rcopy(w, &w->A, &s->routes[ri])) {
        tidy(w, &w->A);
        if (fix_break(w, &w->A) && w->A.cost < s->routes[ri].cost - EPS) {
            s->cost += w->A.cost - s->routes[ri].cost;
            commit_route(s, ri, &w->A);
            any = true;
        }
    }
    /* vehicle: another type among the unused vehicles */
    if (!inst->unlimited_fleet) {
        mark_used(w, s);
        int v0 = s->routes[ri].vehicle;
        for (int v = 0; v < inst->n_vehicles && !w->oom; v++) {
            if (w->used[v] || w->vtype[v] != v || w->vtype[v] == w->vtype[v0])
                continue;
            int vv = v; /* first unused vehicle of this type */
            for (int u = v; u < inst->n_vehicles; u++)
                if (w->vtype[u] == v && !w->used[u]) {
                    vv = u;
                    break;
                }
            if (w->used[vv] || !rcopy(w, &w->A, &s->routes[ri]))
                continue;
            w->A.vehicle = vv;
            if (take_if_better(w, s, ri)) {
                any = true;
                mark_used(w, s);
                v0 = vv;
            }
        }
    }
    return any;
}

/* Local search over the boxes in list (all served/optional when NULL) */
static void local_search(ws *w, wsol *s, const int *list, int n_list, long *evals)
{
    const eco_instance *inst = w->inst;
    int *order = w->list + w->nb; /* second half of the scratch list */
    int n = 0;
    if (list) {
        memcpy(order, list, (size_t)n_list * sizeof *order);
        n = n_list;
    } else {
        for (int b = 0; b < w->nb; b++)
            if (inst->boxes[b].need != ECO_BOX_SKIP)
                order[n++] = b;
    }
    for (int pass = 0; pass < 50; pass++) {
        bool improved = false;
        for (int x = n - 1; x > 0; x--) {
            int y = rnd_int(&w->rng, x + 1);
            int t = order[x];
            order[x] = order[y];
            order[y] = t;
        }
        for (int x = 0; x < n; x++) {
            if (stop_now(w))
                return;
            int b = order[x];
            if (move_relocate(w, s, b)) {
                improved = true;
                continue;
            }
            if (s->where[b] < 0)
                continue;
            const int *nb = &w->nbr[(size_t)b * K_NBR];
            for (int j = 0; j < K_NBR && nb[j] >= 0; j++) {
                int c = nb[j];
                if (s->where[c] < 0)
                    continue;
                if (s->where[c] == s->where[b] ? move_2opt(w, s, b, c) : move_swap_tails(w, s, b, c)) {
                    improved = true;
                    break;
                }
            }
        }
        for (int ri = 0; ri < s->n_routes && !stop_now(w); ri++)
            improved |= route_moves(w, s, ri);
        compact(s);
        (*evals)++;
        if (!improved)
            break;
    }
}

/* ---- ruin and recreate ---- */

static void ruin_recreate(ws *w, wsol *s)
{
    const eco_instance *inst = w->inst;
    int served = 0;
    for (int b = 0; b < w->nb; b++)
        served += s->where[b] >= 0;
    if (served == 0)
        return;
    int *rem = w->list;
    int n_rem = 0;
    memset(w->mark, 0, (size_t)w->nb);
    if (s->n_routes > 1 && rnd_unit(&w->rng) < 0.25) {
        /* a whole route, small ones more likely */
        int ri = rnd_int(&w->rng, s->n_routes);
        int r2 = rnd_int(&w->rng, s->n_routes);
        if (s->routes[r2].n_steps < s->routes[ri].n_steps)
            ri = r2;
        for (int k = 0; k < s->routes[ri].n_steps; k++)
            if (s->routes[ri].steps[k].type == ECO_STEP_PICKUP)
                rem[n_rem++] = s->routes[ri].steps[k].ref;
    } else {
        int q = 5 + rnd_int(&w->rng, 1 + (served < 200 ? served / 5 : 40));
        int seed = -1;
        for (int t = 0; t < 100 && seed < 0; t++) {
            int b = rnd_int(&w->rng, w->nb);
            if (s->where[b] >= 0)
                seed = b;
        }
        if (seed < 0)
            return;
        rem[n_rem++] = seed;
        w->mark[seed] = 1;
        /* grow by neighbours of removed boxes */
        for (int x = 0; x < n_rem && n_rem < q; x++) {
            const int *nb = &w->nbr[(size_t)rem[x] * K_NBR];
            int start = rnd_int(&w->rng, 3);
            for (int j = start; j < K_NBR && nb[j] >= 0 && n_rem < q; j++) {
                int c = nb[j];
                if (!w->mark[c] && s->where[c] >= 0 && rnd_unit(&w->rng) < 0.7) {
                    w->mark[c] = 1;
                    rem[n_rem++] = c;
                }
            }
        }
    }
    /* remove them route by route */
    for (int x = 0; x < n_rem; x++)
        w->mark[rem[x]] = 1;
    for (int ri = 0; ri < s->n_routes; ri++) {
        eco_route *r = &s->routes[ri];
        bool touched = false;
        for (int k = 0; k < r->n_steps; k++)
            if (r->steps[k].type == ECO_STEP_PICKUP && w->mark[r->steps[k].ref])
                touched = true;
        if (!touched)
            continue;
        if (!rcopy(w, &w->A, r))
            return;
        int j = 0;
        for (int k = 0; k < w->A.n_steps; k++)
            if (!(w->A.steps[k].type == ECO_STEP_PICKUP && w->mark[w->A.steps[k].ref]))
                w->A.steps[j++] = w->A.steps[k];
        w->A.n_steps = j;
        if (!evaluate(w, &w->A)) {
            /* removal broke the route (unusual matrices): keep those boxes */
            for (int k = 0; k < r->n_steps; k++)
                if (r->steps[k].type == ECO_STEP_PICKUP)
                    w->mark[r->steps[k].ref] = 0;
            continue;
        }
        commit_route(s, ri, &w->A);
    }
    int m = 0;
    for (int x = 0; x < n_rem; x++)
        if (w->mark[rem[x]]) {
            rem[m++] = rem[x];
            s->where[rem[x]] = -1;
        }
    n_rem = m;
    compact(s);
    s->cost = wsol_total(w, s);
    /* recreate: random order, mandatory first */
    for (int x = n_rem - 1; x > 0; x--) {
        int y = rnd_int(&w->rng, x + 1);
        int t = rem[x];
        rem[x] = rem[y];
        rem[y] = t;
    }
    int front = 0;
    for (int x = 0; x < n_rem; x++)
        if (inst->boxes[rem[x]].need == ECO_BOX_MANDATORY) {
            int t = rem[front];
            rem[front++] = rem[x];
            rem[x] = t;
        }
    for (int x = 0; x < n_rem && !stop_now(w); x++) {
        int b = rem[x];
        ins in = best_insert(w, s, b, true);
        if (in.found && in.delta - w->uncost[b] < EPS)
            apply_insert(w, s, b, &in);
    }
    /* the removed boxes and their neighbours get the local search */
    int n_ls = 0;
    int *ls = w->list + 2 * w->nb;
    memset(w->mark, 0, (size_t)w->nb);
    for (int x = 0; x < n_rem; x++) {
        int b = rem[x];
        if (!w->mark[b]) {
            w->mark[b] = 1;
            ls[n_ls++] = b;
        }
        const int *nb = &w->nbr[(size_t)b * K_NBR];
        for (int j = 0; j < 6 && nb[j] >= 0; j++)
            if (!w->mark[nb[j]]) {
                w->mark[nb[j]] = 1;
                ls[n_ls++] = nb[j];
            }
    }
    long ev = 0;
    local_search(w, s, ls, n_ls, &ev);
    s->cost = wsol_total(w, s);
}

/* ---- setup ---- */

static bool build_neighbours(ws *w)
{
    const eco_instance *inst = w->inst;
    int nb = w->nb;
    w->nbr = malloc((size_t)nb * K_NBR * sizeof *w->nbr);
    int64_t *kd = malloc(K_NBR * sizeof *kd);
    if (!w->nbr || !kd) {
        free(kd);
        return false;
    }
    for (int a = 0; a < nb; a++) {
        int *row = &w->nbr[(size_t)a * K_NBR];
        int n = 0;
        const eco_box *ba = &inst->boxes[a];
        for (int b = 0; b < nb; b++) {
            if (b == a || inst->boxes[b].need == ECO_BOX_SKIP)
                continue;
            const eco_box *bb = &inst->boxes[b];
            int64_t d = (int64_t)eco__dist(inst, ba->loc, bb->loc) + eco__dist(inst, bb->loc, ba->loc);
            if (n == K_NBR && d >= kd[n - 1])
                continue;
            int p = n < K_NBR ? n++ : n - 1;
            while (p > 0 && kd[p - 1] > d) {
                kd[p] = kd[p - 1];
                row[p] = row[p - 1];
                p--;
            }
            kd[p] = d;
            row[p] = b;
        }
        for (int j = n; j < K_NBR; j++)
            row[j] = -1;
    }
    free(kd);
    return true;
}

static void ws_free(ws *w)
{
    free(w->A.steps);
    free(w->B.steps);
    free(w->C.steps);
    free(w->D.steps);
    free(w->used);
    free(w->list);
    free(w->mark);
}

/* One search from init; the best is left in *best. */
static void run_search(ws *w, const wsol *init, wsol *best, long max_iter, long max_noimp, long *iters,
                       const eco_solve_options *opt, double t0, bool report)
{
    wsol cur = {0}, trial = {0};
    long it = 0, noimp = 0;
    if (!wsol_copy(w, &cur, init) || !wsol_copy(w, best, init))
        goto out;
    long ev = 0;
    local_search(w, &cur, NULL, 0, &ev);
    cur.cost = wsol_total(w, &cur);
    if (cur.cost < best->cost - EPS && !wsol_copy(w, best, &cur))
        goto out;
    double last_report = 0;
    /* temperature from the variable cost (fixed costs and prizes left out) */
    double var = 0;
    for (int i = 0; i < cur.n_routes; i++)
        var += cur.routes[i].cost - w->inst->vehicles[cur.routes[i].vehicle].fixed_cost;
    int served = 0;
    for (int b = 0; b < w->nb; b++)
        served += cur.where[b] >= 0;
    double temp0 = 0.3 * var / (served + 1);
    double t_start = now_s();
    while (!stop_now(w)) {
        if (max_iter > 0 && it >= max_iter)
            break;
        if (max_noimp > 0 && noimp >= max_noimp)
            break;
        if (!wsol_copy(w, &trial, &cur))
            break;
        ruin_recreate(w, &trial);
        if (w->oom)
            break;
        it++;
        noimp++;
        double frac = (now_s() - t_start) / (w->deadline - t_start > 1e-9 ? w->deadline - t_start : 1e-9);
        if (max_iter > 0)
            frac = (double)it / (double)max_iter;
        double temp = temp0 * (1 - (frac < 1 ? frac : 1));
        double d = trial.cost - cur.cost;
        if (d < -EPS || (temp > 0 && d < PENALTY / 2 && rnd_unit(&w->rng) < exp(-d / temp))) {
            wsol t = cur;
            cur = trial;
            trial = t;
        }
        if (cur.cost < best->cost - EPS) {
            if (!wsol_copy(w, best, &cur))
                break;
            noimp = 0;
        }
        if (report && opt->progress) {
            double now = now_s();
            if (now - last_report >= 0.25) {
                last_report = now;
                opt->progress(opt->progress_user, now - t0, best->cost, best->cost < PENALTY);
            }
        }
    }
out:
    *iters = it;
    wsol_free(&cur);
    wsol_free(&trial);
}

static bool ws_init(ws *w, const eco_instance *inst, int flags, uint64_t seed, double deadline,
                    volatile int *cancel, const int *nbr, const int *vtype, const double *uncost)
{
    memset(w, 0, sizeof *w);
    w->inst = inst;
    w->flags = flags;
    w->nb = inst->n_boxes;
    w->nbr = (int *)nbr;
    w->vtype = (int *)vtype;
    w->uncost = (double *)uncost;
    w->rng = seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL;
    if (!w->rng)
        w->rng = 1;
    w->deadline = deadline;
    w->cancel = cancel;
    w->used = calloc((size_t)inst->n_vehicles + 1, sizeof *w->used);
    w->list = malloc((size_t)(3 * w->nb + 1) * sizeof *w->list);
    w->mark = calloc((size_t)w->nb + 1, 1);
    return w->used && w->list && w->mark;
}

/* ---- entry ---- */

eco_status eco__waste_search(const eco_instance *inst, const eco_solve_options *opt, int flags,
                             const eco_solution *initial, eco_solution **out, eco_error *err)
{
    double t0 = now_s();
    eco_status st = ECO_OK;
    int nb = inst->n_boxes, nv = inst->n_vehicles;
    int threads = opt && opt->threads > 0 ? opt->threads : 1;
    if (threads > 64)
        threads = 64;
    double limit = opt && opt->time_limit_s > 0 ? opt->time_limit_s : 10.0;
    double deadline = t0 + limit;
    uint64_t seed = opt && opt->seed ? opt->seed : 1;
    ws base = {0};
    wsol init = {0};
    wsol *bests = NULL;
    long *iters = NULL;
    double *uncost = malloc((size_t)(nb + 1) * sizeof *uncost);
    int *vtype = malloc((size_t)(nv + 1) * sizeof *vtype);
    eco_solution *sol = NULL;
    eco_check_report *rep = NULL;
    *out = NULL;
    if (!uncost || !vtype)
        goto oom;
    for (int b = 0; b < nb; b++) {
        const eco_box *bx = &inst->boxes[b];
        uncost[b] = bx->need == ECO_BOX_MANDATORY ? PENALTY : bx->need == ECO_BOX_OPTIONAL ? bx->prize : 0;
    }
    for (int v = 0; v < nv; v++) {
        vtype[v] = v;
        if (inst->unlimited_fleet && v > 0) {
            vtype[v] = 0;
            continue;
        }
        for (int u = 0; u < v; u++)
            if (vtype[u] == u && same_vehicle(&inst->vehicles[u], &inst->vehicles[v], inst->n_materials)) {
                vtype[v] = u;
                break;
            }
    }
    if (!ws_init(&base, inst, flags, seed, deadline, opt ? opt->cancel : NULL, NULL, vtype, uncost) ||
        !build_neighbours(&base))
        goto oom;
    /* the initial solution as a wsol, every route re-evaluated */
    init.where = malloc((size_t)(nb + 1) * sizeof *init.where);
    if (!init.where || !wsol_reserve(&base, &init, initial->n_routes + 1))
        goto oom;
    for (int b = 0; b < nb; b++)
        init.where[b] = -1;
    for (int i = 0; i < initial->n_routes; i++) {
        const eco_route *r = &initial->routes[i];
        if (r->n_steps == 0)
            continue;
        eco_route *d = &init.routes[init.n_routes];
        if (!rcopy(&base, d, r))
            goto oom;
        if (flags & ECO_WASTE_NEAREST_FACILITY)
            tidy(&base, d);
        if (!schedule_ok(&base, d)) {
            /* not feasible for our evaluation: nothing to improve safely */
            wsol_free(&init);
            ws_free(&base);
            free(base.nbr);
            free(uncost);
            free(vtype);
            sol = eco__solution_clone(initial);
            if (!sol)
                return eco__error(err, ECO_EINTERNAL, "waste search", "out of memory");
            *out = sol;
            return ECO_OK;
        }
        set_where(&init, init.n_routes);
        init.n_routes++;
    }
    init.cost = wsol_total(&base, &init);

    bests = calloc((size_t)threads, sizeof *bests);
    iters = calloc((size_t)threads, sizeof *iters);
    if (!bests || !iters)
        goto oom;
    long max_iter = opt ? opt->max_iterations : 0, max_noimp = opt ? opt->max_no_improve : 0;
    int fail = 0;
#pragma omp parallel for num_threads(threads) schedule(static, 1) reduction(| : fail)
    for (int k = 0; k < threads; k++) {
        ws w;
        if (!ws_init(&w, inst, flags, seed + (uint64_t)k, deadline, opt ? opt->cancel : NULL, base.nbr, vtype,
                     uncost)) {
            fail = 1;
        } else {
            run_search(&w, &init, &bests[k], max_iter, max_noimp, &iters[k], opt, t0, k == 0);
            if (w.oom || !bests[k].where)
                fail = 1;
        }
        ws_free(&w);
    }
    if (fail)
        goto oom;
    int win = 0;
    long total_iters = 0;
    for (int k = 0; k < threads; k++) {
        total_iters += iters[k];
        if (bests[k].cost < bests[win].cost - EPS)
            win = k;
    }
    /* back to an eco_solution */
    wsol *b = &bests[win];
    sol = eco__solution_new();
    if (!sol)
        goto oom;
    for (int i = 0; i < b->n_routes; i++) {
        const eco_route *r = &b->routes[i];
        if (r->n_steps == 0)
            continue;
        eco_route *nr = eco__solution_add_route(sol, r->vehicle);
        if (!nr)
            goto oom;
        for (int k = 0; k < r->n_steps; k++)
            if (eco__route_push(nr, r->steps[k].type, r->steps[k].ref) != ECO_OK)
                goto oom;
    }
    for (int x = 0; x < nb; x++) {
        if (b->where[x] >= 0)
            continue;
        const char *reason = NULL;
        for (int u = 0; u < initial->n_unassigned; u++)
            if (initial->unassigned[u].box == x)
                reason = initial->unassigned[u].reason;
        eco_status us;
        if (reason)
            us = eco__solution_unassign(sol, x, "%s", reason);
        else if (inst->boxes[x].need == ECO_BOX_OPTIONAL)
            us = eco__solution_unassign(sol, x, "optional: the detour costs more than its prize %.2f",
                                        inst->boxes[x].prize);
        else
            us = eco__solution_unassign(sol, x, "no route could take it");
        if (us != ECO_OK)
            goto oom;
    }
    eco__solution_finish(inst, sol);
    sol->iterations = total_iters;
    /* never worse, never refused by the checker */
    bool keep = sol->summary.cost <= initial->summary.cost + EPS &&
                eco_solution_mandatory_unassigned(inst, sol) <= eco_solution_mandatory_unassigned(inst, initial);
    if (keep) {
        eco_error cerr = {0};
        if (eco_check(inst, sol, &rep, &cerr) != ECO_OK || !eco_check_report_feasible(rep))
            keep = false;
    }
    if (!keep) {
        eco_solution_destroy(sol);
        sol = eco__solution_clone(initial);
        if (!sol)
            goto oom;
        sol->iterations = total_iters;
    }
    *out = sol;
    sol = NULL;
    goto out;
oom:
    st = eco__error(err, ECO_EINTERNAL, "waste search", "out of memory");
out:
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    if (bests)
        for (int k = 0; k < threads; k++)
            wsol_free(&bests[k]);
    free(bests);
    free(iters);
    wsol_free(&init);
    ws_free(&base);
    free(base.nbr);
    free(uncost);
    free(vtype);
    return st;
}
