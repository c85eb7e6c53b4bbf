/*
 * waste.c - local search and large-neighbourhood search for the full model:
 * multi-trip routes with unloads at facilities, materials and compartments,
 * breaks, optional boxes with prizes, a mixed fleet with fixed costs.
 *
 * A solution is a set of routes of steps (pickups, unloads, a break), as in
 * solution.h; a route is only ever replaced by a candidate with no violation,
 * so the current solution stays feasible. After each edit a route is tidied
 * (unloads that would empty nothing are dropped).
 *
 * Evaluation. Every route of a solution keeps a cache (rcache): the schedule
 * after each prefix of its steps (departure time of the earliest-departure
 * schedule, waiting so far, the bound on delaying the departure, distance,
 * loads and pickups per material, on-board mask, stops, day load, breaks);
 * for each suffix, its time function (arrival x at the suffix's first step
 * gives the arrival at the end depot max(x + A, B), feasible iff x <= lat),
 * distance, stops, day load, the next unload and the materials picked up
 * before it; and a block tree of the time functions of runs of 2^k steps. A
 * candidate route is described as pieces (ranges of cached routes, reversed
 * ranges, single steps: rdesc); it is evaluated by taking the prefix state
 * from the cache, simulating the new steps, crossing unchanged runs in
 * O(log n) and joining the cached suffix in O(materials), as soon as the
 * loads agree with the cached route's after the next unload (before that,
 * the capacity check shifts the cached loads of the trip): a relocate, swap,
 * 2-opt* or unload move costs O(1) or O(trip). The cost is exactly route.c's
 * (README "Model rules", with the later departure that removes waiting). An
 * accepted move is confirmed by the full schedule (eco__route_schedule) and
 * the two costs must be equal (eco__waste_stats.mismatches, asserted to be 0
 * by the tests; ECO_WASTE_VERIFY compares every evaluation).
 *
 * Moves, over granular neighbour lists (each box's K nearest boxes):
 *  - relocate a box next to a neighbour (same or another route), plainly or
 *    with an unload just after or before it (a new trip), and with the unload
 *    that ends its old or new trip sent where the nearest rule sends it; an
 *    unserved box is also tried on a new route of each vehicle type; optional
 *    boxes are inserted when the detour costs less than their prize, removed
 *    when not; a break made late by a move is moved one to three steps
 *    earlier, a route that now needs one gets it near its end;
 *  - swap two boxes of different routes; 2-opt* (exchange route tails, with
 *    their unloads); 2-opt inside a route (reverse a segment);
 *  - per route changed since last time: the cheapest facility for every
 *    unload at once (a bounded depth-first search, exact for the sequence),
 *    shift an unload by a few steps, drop an unload, re-place the break,
 *    change the vehicle (other types, the trips cut again for its capacity),
 *    cut the trips again where the truck is full.
 * Local search applies improving moves until none is found. Around it, a
 * ruin-and-recreate loop with simulated-annealing acceptance diversifies:
 * remove related boxes (around a served box, or around a box left out that is
 * then inserted first), a whole trip, or a whole route (half of the time
 * without a new route in its place: one vehicle fewer); reinsert the removed
 * boxes, every mandatory box left out and optional ones nearby by cheapest
 * insertion (mandatory first; in random order, largest first, smallest first
 * or farthest first; sometimes with noise on the costs and a bonus on the
 * prizes); local search on the touched boxes. Unserved boxes cost their prize
 * (optional) or a penalty of 1e9 (mandatory); mandatory boxes still left out
 * get a repair: insertion into the routes in use, else an ejection (the box
 * takes the place of another, which goes elsewhere or, when optional, is
 * left out), else a new route. After a long time without improvement the
 * search goes back to the best; at the end the best's facilities are chosen
 * again per route.
 *
 * Threads: opt->threads independent searches (OpenMP), seeded seed + k, the
 * winner chosen by (cost, k). The result goes through the independent checker
 * (eco_check); a solution it refuses, or one worse than the initial (more
 * mandatory boxes left out, or as many at a higher cost), is never returned:
 * the initial solution is copied instead.
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
#define MAX_PIECES 12         /* pieces of one candidate route */
#define NEG_INF (-ECO_TIME_INF)
#define RANGE_MIN 6           /* shorter runs of a cached route are simulated */
#define MAX_REVERSE 48        /* longest segment 2-opt reverses inside a route */

/* ---- route cache ---- */

typedef struct pst {        /* the schedule after the first i steps of a route */
    int64_t t;              /* departure from the last step, earliest-departure schedule, time units */
    int64_t wait;           /* waiting so far, time units */
    int64_t dmin;           /* min over the steps so far of close - start + waiting so far (how much
                               later the vehicle could leave the depot), time units */
    int64_t dist;           /* distance so far, distance units */
    int64_t day;            /* picked up so far, load units */
    int32_t loc;            /* where the vehicle is (a break: where the previous step was) */
    int32_t stops;          /* pickups so far */
    int32_t brk;            /* breaks so far */
    uint32_t mask;          /* materials on board as tidy() sees them */
} pst;

typedef struct sfx {        /* the route from step j to the end depot */
    int64_t A, B, lat;      /* arrival x at step j: end depot reached at max(x + A, B), time units;
                               feasible iff x <= lat (lat: min over the steps of close - offset) */
    int64_t latnb;          /* lat when the break's window is ignored */
    int64_t dist;           /* distance from step j's location to the end depot, distance units */
    int64_t day;            /* picked up from step j on, load units */
    int32_t stops, brk;     /* pickups and breaks from step j on */
    int32_t nextu;          /* first unload at or after j (n: none) */
    uint32_t pfrom;         /* materials picked up in [j, nextu) */
} sfx;

/* time function of a run of steps: arrival x at its first step gives the
 * departure from its last max(x + A, B); feasible iff x <= lat */
typedef struct tfn {
    int64_t A, B, lat;      /* time units */
} tfn;

#define TF_LEVELS 24        /* levels of the block tree (blocks up to 2^23 steps) */

enum { CACHE_INVALID = 0, CACHE_OK, CACHE_PREFIX, CACHE_BAD };

typedef struct rcache {
    int state;              /* CACHE_*: OK (prefix and suffix data), PREFIX (prefix only: the route is
                               not a fixed point of tidy()), BAD (not feasible: unusable) */
    int n, cap;             /* steps cached, capacity of the arrays */
    pst *p;                 /* n + 1: state after i steps */
    sfx *s;                 /* n + 1: suffix from step j (s[n]: the end depot) */
    int64_t *ld;            /* (n + 1) x (nm + 1): load per material after i steps, then the total */
    int32_t *cnt;           /* (n + 1) x nm: pickups per material in the first i steps */
    tfn *blk;               /* block tree: level k holds the time functions of steps
                               [i 2^k, (i + 1) 2^k) for i < n >> k, from blk + off[k] */
    int off[TF_LEVELS + 1];
    int levels;
    bool tuned;             /* route_moves found nothing since the route last changed */
} rcache;

/* why an evaluation failed, for what eval_desc tries next */
enum {
    FAIL_OTHER = 0,        /* capacity, a window, a limit: moving the break is not tried */
    FAIL_LATE_BREAK,       /* the break would start after its window: it is moved earlier */
    FAIL_NO_BREAK          /* the route needs a break and has none: fix_break places one */
};

/* a state of the evaluation (est): the prefix state and the loads */
typedef struct est {
    pst p;
    int64_t ld[ECO_MAX_MATERIALS]; /* load units per material */
    int64_t tot;            /* total on board, load units */
    bool changed;           /* tidy() dropped or re-chose an unload on the way */
} est;

/* a candidate route: pieces of cached routes and single steps, in order */
typedef struct piece {
    const eco_route *r;     /* NULL: the single step (type, ref) */
    const rcache *c;        /* r's cache, NULL: none */
    int a, b;               /* steps [a, b) of r */
    bool rev;               /* visited from b - 1 down to a */
    eco_step_type type;
    int ref;
} piece;

typedef struct rdesc {
    int vehicle;
    int np;
    piece pc[MAX_PIECES];
} rdesc;

typedef struct wsol {
    int n_routes, cap_routes;
    eco_route *routes;     /* owned step buffers; vehicle, cost (scheduled) */
    rcache *rc;            /* cap_routes caches, one per route */
    int *where;            /* box -> route index, -1 unserved */
    double cost;           /* routes + unserved costs */
} wsol;

typedef struct ws {
    const eco_instance *inst;
    int flags;
    int nb, nm;
    int *nbr;              /* nb x K_NBR, -1 padded */
    int *vtype;            /* vehicle -> first identical vehicle */
    double *uncost;        /* box -> cost when unserved */
    eco_route A, B, C, D, E, V; /* scratch routes */
    uint64_t rng;
    bool oom;
    double deadline;
    volatile int *cancel;
    bool *used;            /* vehicle in use (scratch, rebuilt on demand) */
    int *list;             /* scratch box lists */
    char *mark;
    int fail;              /* why the last evaluation failed (FAIL_*) */
    int16_t *rule;         /* memo of eco__unload_choice: n_locs x 2^nm entries (nm <= 4), -2: not
                              known yet; NULL: not kept */
    double noise;          /* insertions are chosen by cost x (1 +- noise) (0: the cheapest) */
    eco__waste_stats st;
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
static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* f, then travel tau, then g */
static tfn tf_then(tfn f, int64_t tau, tfn g)
{
    tfn h;
    h.A = f.A + tau + g.A;
    h.B = max64(f.B + tau + g.A, g.B);
    h.lat = f.B + tau > g.lat ? NEG_INF : min64(f.lat, g.lat - f.A - tau);
    return h;
}

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

/* ---- evaluation by the full schedule ---- */

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
    w->st.schedules++;
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

/* ---- evaluation from cached data ---- */

/* eco__unload_choice, remembered per location and mask */
static int unload_rule(const ws *w, uint32_t mask, int loc)
{
    if (!w->rule)
        return eco__unload_choice(w->inst, mask, loc);
    int16_t *m = &w->rule[((size_t)loc << w->nm) + mask];
    if (*m == -2)
        *m = (int16_t)eco__unload_choice(w->inst, mask, loc);
    return *m;
}

static int64_t depart0(const eco_instance *inst, const eco_vehicle *v)
{
    return max64(v->shift_start, inst->depots[v->start_depot].open);
}

static void est_start(const ws *w, const eco_vehicle *v, est *e)
{
    memset(e, 0, sizeof *e);
    e->p.t = depart0(w->inst, v);
    e->p.dmin = ECO_TIME_INF;
    e->p.loc = w->inst->depots[v->start_depot].loc;
}

static void est_from_cache(const ws *w, est *e, const rcache *c, int i)
{
    e->p = c->p[i];
    const int64_t *l = &c->ld[(size_t)i * (w->nm + 1)];
    memcpy(e->ld, l, (size_t)w->nm * sizeof *l);
    for (int m = w->nm; m < ECO_MAX_MATERIALS; m++)
        e->ld[m] = 0;
    e->tot = l[w->nm];
    e->changed = c->state == CACHE_PREFIX; /* tidy() changes that prefix */
}

/* One step of tidy() and of route.c's forward pass. False: a violation. */
static bool est_step(ws *w, const eco_vehicle *v, est *e, eco_step_type type, int ref)
{
    const eco_instance *inst = w->inst;
    w->st.steps++;
    if (type == ECO_STEP_PICKUP) {
        const eco_box *b = &inst->boxes[ref];
        int m = b->material;
        if (!((v->materials >> m) & 1u))
            return false;
        int64_t arr = e->p.t + eco__dur(inst, e->p.loc, b->loc);
        int64_t s = max64(arr, b->tw_open);
        if (s > b->tw_close)
            return false;
        e->p.dist += eco__dist(inst, e->p.loc, b->loc);
        e->p.wait += s - arr;
        e->p.dmin = min64(e->p.dmin, b->tw_close - s + e->p.wait);
        e->p.t = s + b->service;
        e->p.loc = b->loc;
        e->ld[m] += b->demand;
        e->tot += b->demand;
        e->p.day += b->demand;
        e->p.stops++;
        e->p.mask |= 1u << m;
        return e->ld[m] <= v->cap[m] && e->tot <= v->cap_total;
    }
    if (type == ECO_STEP_UNLOAD) {
        if (w->flags & ECO_WASTE_NEAREST_FACILITY) {
            int f = unload_rule(w, e->p.mask, e->p.loc);
            if (f >= 0 && f != ref) {
                ref = f;
                e->changed = true;
            }
        }
        const eco_facility *f = &inst->facilities[ref];
        if (!(e->p.mask & f->accepts)) {
            e->changed = true; /* tidy() drops it */
            return true;
        }
        int64_t arr = e->p.t + eco__dur(inst, e->p.loc, f->loc);
        int64_t s = max64(arr, f->open);
        int64_t close = f->close - f->unload_time;
        if (s > close)
            return false;
        e->p.dist += eco__dist(inst, e->p.loc, f->loc);
        e->p.wait += s - arr;
        e->p.dmin = min64(e->p.dmin, close - s + e->p.wait);
        e->p.t = s + f->unload_time;
        e->p.loc = f->loc;
        for (int m = 0; m < w->nm; m++)
            if ((f->accepts >> m) & 1u) {
                e->tot -= e->ld[m];
                e->ld[m] = 0;
            }
        e->p.mask &= ~f->accepts;
        return true;
    }
    /* break, where the vehicle is */
    if (!v->has_break || ++e->p.brk > 1)
        return false;
    int64_t s = max64(e->p.t, v->break_start_min);
    if (s > v->break_start_max) {
        w->fail = FAIL_LATE_BREAK;
        return false;
    }
    e->p.wait += s - e->p.t;
    e->p.dmin = min64(e->p.dmin, v->break_start_max - s + e->p.wait);
    e->p.t = s + v->break_duration;
    return true;
}

/* The end of route.c's schedule: the checks at the end depot and the cost,
 * with the departure delayed by `delay` (clipped as route.c does). */
static bool finish_common(ws *w, const eco_vehicle *v, int stops, int brk, int64_t day, int64_t dist, int64_t end,
                          int64_t delay, int64_t tot_final, double *cost)
{
    const eco_instance *inst = w->inst;
    int64_t d0 = depart0(inst, v);
    if (v->has_break && brk == 0 && end > v->break_start_min) {
        w->fail = FAIL_NO_BREAK;
        return false;
    }
    if (brk > (v->has_break ? 1 : 0))
        return false;
    if (end - d0 > v->max_duration || dist > v->max_distance)
        return false;
    if (stops > v->max_stops || day > v->max_day_load)
        return false;
    if (inst->n_facilities > 0 && inst->return_empty && tot_final != 0)
        return false;
    int64_t slack = delay > 0 ? delay : 0;
    int64_t dur = end - d0;
    if (slack > 0 && slack < ECO_TIME_INF / 2)
        dur -= slack;
    *cost = v->fixed_cost + v->cost_per_dist * (double)dist + v->cost_per_time * (double)dur;
    return true;
}

static bool est_finish(ws *w, const eco_vehicle *v, const est *e, double *cost)
{
    const eco_instance *inst = w->inst;
    if (e->p.stops == 0) {
        *cost = 0;
        return true;
    }
    const eco_depot *dep1 = &inst->depots[v->end_depot];
    int64_t dist = e->p.dist + eco__dist(inst, e->p.loc, dep1->loc);
    int64_t end = e->p.t + eco__dur(inst, e->p.loc, dep1->loc);
    int64_t end_close = min64(dep1->close, v->shift_end);
    if (end > end_close)
        return false;
    int64_t delay = min64(e->p.dmin, end_close - end + e->p.wait);
    delay = min64(delay, e->p.wait);
    return finish_common(w, v, e->p.stops, e->p.brk, e->p.day, dist, end, delay, e->tot, cost);
}

/* Joins the cached suffix [j, n) of route R (a vehicle of the same type) to
 * state e in O(materials). Returns 1 (feasible, *cost), 0 (infeasible), -1
 * when the suffix cannot be joined before the next unload (the loads differ
 * from the cached route's beyond it, or tidy() would change it), -2 when not
 * at step j (a break taken elsewhere; a facility that depends on where the
 * vehicle comes from). */
static int try_join(ws *w, const eco_vehicle *v, const est *e, const eco_route *R, const rcache *c, int j,
                    double *cost)
{
    const eco_instance *inst = w->inst;
    const int nm = w->nm, n = c->n;
    const sfx *sj = &c->s[j];
    const eco_step *st = &R->steps[j];
    if (st->type == ECO_STEP_BREAK && e->p.loc != c->p[j].loc)
        return -2;
    if (st->type == ECO_STEP_UNLOAD && (w->flags & ECO_WASTE_NEAREST_FACILITY))
        return -2; /* its facility depends on where the vehicle comes from */
    const int64_t *L0 = &c->ld[(size_t)j * (nm + 1)];
    const int64_t *Ln = &c->ld[(size_t)n * (nm + 1)];
    bool eq = e->p.mask == c->p[j].mask && e->tot == L0[nm];
    for (int m = 0; m < nm && eq; m++)
        eq = e->ld[m] == L0[m];
    int64_t tot_final = Ln[nm];
    if (!eq) {
        if (w->flags & ECO_WASTE_NEAREST_FACILITY)
            return -1;
        int u = sj->nextu;
        const int64_t *Lu = &c->ld[(size_t)u * (nm + 1)];
        if (sj->pfrom) {
            /* loads only grow before the unload: the last pickup holds the most */
            if (e->tot - L0[nm] + Lu[nm] > v->cap_total)
                return 0;
            for (uint32_t bits = sj->pfrom; bits; bits &= bits - 1) {
                int m = __builtin_ctz(bits);
                if (e->ld[m] - L0[m] + Lu[m] > v->cap[m])
                    return 0;
            }
        }
        if (u < n) {
            uint32_t acc = inst->facilities[R->steps[u].ref].accepts;
            if (!((e->p.mask | sj->pfrom) & acc))
                return -1; /* tidy() would drop it */
            if ((e->p.mask ^ c->p[j].mask) & ~acc & ~sj->pfrom)
                return -1;
            for (int m = 0; m < nm; m++)
                if (!((acc >> m) & 1u) && e->ld[m] != L0[m])
                    return -1;
        } else {
            tot_final = e->tot - L0[nm] + Lu[nm];
        }
    }
    int64_t x, dd = sj->dist;
    if (st->type == ECO_STEP_BREAK) {
        x = e->p.t;
    } else {
        int lj = c->p[j + 1].loc;
        x = e->p.t + eco__dur(inst, e->p.loc, lj);
        dd += eco__dist(inst, e->p.loc, lj);
    }
    w->st.joins++;
    if (x > sj->lat) {
        if (x <= sj->latnb)
            w->fail = FAIL_LATE_BREAK; /* feasible but for the break's window */
        return 0;
    }
    int64_t end = max64(x + sj->A, sj->B);
    int64_t wait = e->p.wait + (end - x - sj->A);
    int64_t dmin = min64(e->p.dmin, sj->lat - x + e->p.wait);
    int64_t delay = min64(dmin, wait);
    return finish_common(w, v, e->p.stops + sj->stops, e->p.brk + sj->brk, e->p.day + sj->day, e->p.dist + dd, end,
                         delay, tot_final, cost)
               ? 1
               : 0;
}


/* The time function of steps [a, b) of the cached route (b > a): O(log n)
 * blocks of the block tree, joined by the travel between them. */
static tfn tf_range(const ws *w, const rcache *c, int a, int b)
{
    tfn f = {0, NEG_INF, ECO_TIME_INF};
    bool has = false;
    while (a < b) {
        int k = a ? __builtin_ctz((unsigned)a) : TF_LEVELS;
        if (k > c->levels - 1)
            k = c->levels - 1;
        while (a + (1 << k) > b)
            k--;
        tfn g = c->blk[c->off[k] + (a >> k)];
        f = has ? tf_then(f, eco__dur(w->inst, c->p[a].loc, c->p[a + 1].loc), g) : g;
        has = true;
        a += 1 << k;
    }
    return f;
}

/* Advances state e over steps [a, b) (a < b) of the cached route R (a vehicle
 * of the same type) in O(materials + log n): 1 done, 0 infeasible, -1 and -2
 * as for try_join (the caller then simulates steps). */
static int try_range(ws *w, const eco_vehicle *v, est *e, const eco_route *R, const rcache *c, int a, int b)
{
    const eco_instance *inst = w->inst;
    const int nm = w->nm;
    const eco_step *st = &R->steps[a];
    if (st->type == ECO_STEP_BREAK && e->p.loc != c->p[a].loc)
        return -2;
    if (st->type == ECO_STEP_UNLOAD && (w->flags & ECO_WASTE_NEAREST_FACILITY))
        return -2; /* its facility depends on where the vehicle comes from */
    const int64_t *L0 = &c->ld[(size_t)a * (nm + 1)];
    const int64_t *Lb = &c->ld[(size_t)b * (nm + 1)];
    const int32_t *C0 = &c->cnt[(size_t)a * nm];
    bool eq = e->p.mask == c->p[a].mask && e->tot == L0[nm];
    for (int m = 0; m < nm && eq; m++)
        eq = e->ld[m] == L0[m];
    int64_t ld[ECO_MAX_MATERIALS], tot;
    uint32_t mask;
    if (eq) {
        memcpy(ld, Lb, (size_t)nm * sizeof *ld);
        tot = Lb[nm];
        mask = c->p[b].mask;
    } else {
        if (w->flags & ECO_WASTE_NEAREST_FACILITY)
            return -1;
        int u = c->s[a].nextu;
        int uu = u < b ? u : b;
        const int64_t *Lu = &c->ld[(size_t)uu * (nm + 1)];
        const int32_t *Cu = &c->cnt[(size_t)uu * nm];
        uint32_t picked = 0;
        for (int m = 0; m < nm; m++)
            if (Cu[m] > C0[m])
                picked |= 1u << m;
        if (picked) {
            /* loads only grow before the unload: the last pickup holds the most */
            if (e->tot - L0[nm] + Lu[nm] > v->cap_total)
                return 0;
            for (uint32_t bits = picked; bits; bits &= bits - 1) {
                int m = __builtin_ctz(bits);
                if (e->ld[m] - L0[m] + Lu[m] > v->cap[m])
                    return 0;
            }
        }
        if (u < b) {
            uint32_t acc = inst->facilities[R->steps[u].ref].accepts;
            if (!((e->p.mask | picked) & acc))
                return -1; /* tidy() would drop it */
            if ((e->p.mask ^ c->p[a].mask) & ~acc & ~picked)
                return -1;
            for (int m = 0; m < nm; m++)
                if (!((acc >> m) & 1u) && e->ld[m] != L0[m])
                    return -1;
            memcpy(ld, Lb, (size_t)nm * sizeof *ld);
            tot = Lb[nm];
            mask = c->p[b].mask;
        } else {
            for (int m = 0; m < nm; m++)
                ld[m] = e->ld[m] - L0[m] + Lb[m];
            tot = e->tot - L0[nm] + Lb[nm];
            mask = e->p.mask | picked;
        }
    }
    int64_t x, dd = c->p[b].dist - c->p[a + 1].dist;
    if (st->type == ECO_STEP_BREAK) {
        x = e->p.t;
    } else {
        int la = c->p[a + 1].loc;
        x = e->p.t + eco__dur(inst, e->p.loc, la);
        dd += eco__dist(inst, e->p.loc, la);
    }
    int brk = e->p.brk + c->p[b].brk - c->p[a].brk;
    if (brk > (v->has_break ? 1 : 0))
        return 0;
    tfn f = tf_range(w, c, a, b);
    w->st.ranges++;
    if (x > f.lat) {
        if (c->p[b].brk > c->p[a].brk)
            w->fail = FAIL_LATE_BREAK; /* perhaps */
        return 0;
    }
    int64_t dep = max64(x + f.A, f.B);
    e->p.dmin = min64(e->p.dmin, f.lat - x + e->p.wait);
    e->p.wait += dep - x - f.A;
    e->p.t = dep;
    e->p.loc = c->p[b].loc;
    e->p.dist += dd;
    e->p.day += c->p[b].day - c->p[a].day;
    e->p.stops += c->p[b].stops - c->p[a].stops;
    e->p.brk = brk;
    e->p.mask = mask;
    memcpy(e->ld, ld, (size_t)nm * sizeof *ld);
    e->tot = tot;
    return 1;
}

/* ---- candidate routes as pieces ---- */

static void d_init(rdesc *d, int vehicle)
{
    d->vehicle = vehicle;
    d->np = 0;
}

static void d_range(rdesc *d, const eco_route *r, const rcache *c, int a, int b, bool rev)
{
    if (a >= b)
        return;
    piece *p = &d->pc[d->np++];
    p->r = r;
    p->c = c;
    p->a = a;
    p->b = b;
    p->rev = rev;
}

static void d_step(rdesc *d, eco_step_type type, int ref)
{
    piece *p = &d->pc[d->np++];
    p->r = NULL;
    p->c = NULL;
    p->type = type;
    p->ref = ref;
}

/* d = route R (may be NULL: empty) of `vehicle` with step k removed (k < 0:
 * none) and steps ins[0..ni) inserted before position p of what remains. */
static void d_edit(rdesc *d, int vehicle, const eco_route *R, const rcache *c, int k, int p, const eco_step *ins,
                   int ni)
{
    d_init(d, vehicle);
    int n = R ? R->n_steps : 0;
    if (k < 0) {
        d_range(d, R, c, 0, p, false);
        for (int i = 0; i < ni; i++)
            d_step(d, ins[i].type, ins[i].ref);
        d_range(d, R, c, p, n, false);
        return;
    }
    int q = p < k ? p : p + 1; /* index in R of the step now at p */
    if (q <= k) {
        d_range(d, R, c, 0, q, false);
        for (int i = 0; i < ni; i++)
            d_step(d, ins[i].type, ins[i].ref);
        d_range(d, R, c, q, k, false);
        d_range(d, R, c, k + 1, n, false);
    } else {
        d_range(d, R, c, 0, k, false);
        d_range(d, R, c, k + 1, q, false);
        for (int i = 0; i < ni; i++)
            d_step(d, ins[i].type, ins[i].ref);
        d_range(d, R, c, q, n, false);
    }
}

/* dst = the steps d describes (not tidied, not scheduled) */
static bool materialize(ws *w, const rdesc *d, eco_route *dst)
{
    int n = 0;
    for (int i = 0; i < d->np; i++)
        n += d->pc[i].r ? d->pc[i].b - d->pc[i].a : 1;
    if (!reserve(w, dst, n + 4))
        return false;
    int k = 0;
    for (int i = 0; i < d->np; i++) {
        const piece *p = &d->pc[i];
        if (!p->r) {
            memset(&dst->steps[k], 0, sizeof dst->steps[k]);
            dst->steps[k].type = p->type;
            dst->steps[k].ref = p->ref;
            k++;
        } else if (p->rev) {
            for (int j = p->b - 1; j >= p->a; j--)
                dst->steps[k++] = p->r->steps[j];
        } else {
            memcpy(&dst->steps[k], &p->r->steps[p->a], (size_t)(p->b - p->a) * sizeof *dst->steps);
            k += p->b - p->a;
        }
    }
    dst->n_steps = k;
    dst->vehicle = d->vehicle;
    dst->start_time = -1;
    return true;
}

static bool piece_cached(const ws *w, const piece *p, int vt)
{
    return p->r && p->c && p->c->state == CACHE_OK && w->vtype[p->r->vehicle] == vt;
}

/* Tidies and schedules the route d describes, from cached data where it can:
 * true when feasible, with its cost (0 when no box is left). The same result
 * as tidy() and eco__route_schedule on the materialized route. *changed:
 * tidy() dropped or re-chose an unload. */
static bool feval_core(ws *w, const rdesc *d, double *cost, bool *changed)
{
    const eco_vehicle *v = &w->inst->vehicles[d->vehicle];
    int vt = w->vtype[d->vehicle];
    est e;
    int i0 = 0;
    *changed = false;
    w->fail = FAIL_OTHER;
    /* no box at all: tidy() empties the route */
    bool any = false;
    for (int i = 0; i < d->np && !any; i++) {
        const piece *p = &d->pc[i];
        if (!p->r)
            any = p->type == ECO_STEP_PICKUP;
        else if (p->c && p->c->state != CACHE_INVALID && p->c->state != CACHE_BAD)
            any = p->c->p[p->b].stops > p->c->p[p->a].stops;
        else
            for (int k = p->a; k < p->b && !any; k++)
                any = p->r->steps[k].type == ECO_STEP_PICKUP;
    }
    if (!any) {
        *cost = 0;
        return true;
    }
    const piece *p0 = &d->pc[0];
    if (p0->r && !p0->rev && p0->a == 0 && p0->c && p0->c->state != CACHE_INVALID && p0->c->state != CACHE_BAD &&
        w->vtype[p0->r->vehicle] == vt) {
        est_from_cache(w, &e, p0->c, p0->b);
        i0 = 1;
    } else {
        est_start(w, v, &e);
    }
    bool ok = true;
    for (int i = i0; i < d->np && ok; i++) {
        const piece *p = &d->pc[i];
        if (!p->r) {
            ok = est_step(w, v, &e, p->type, p->ref);
            continue;
        }
        if (p->rev) {
            for (int k = p->b - 1; k >= p->a && ok; k--)
                ok = est_step(w, v, &e, p->r->steps[k].type, p->r->steps[k].ref);
            continue;
        }
        bool cached = piece_cached(w, p, vt);
        bool join = cached && i == d->np - 1 && p->b == p->r->n_steps;
        int next_try = p->a;
        for (int k = p->a; k < p->b && ok; k++) {
            if (join && k >= next_try) {
                int res = try_join(w, v, &e, p->r, p->c, k, cost);
                if (res >= 0) {
                    *changed = e.changed;
                    return res == 1;
                }
                next_try = res == -2 ? k + 1 : p->c->s[k].nextu + 1;
            } else if (cached && !join && k >= next_try && p->b - k >= RANGE_MIN) {
                int res = try_range(w, v, &e, p->r, p->c, k, p->b);
                if (res == 1)
                    break;
                if (res == 0) {
                    ok = false;
                    break;
                }
                next_try = res == -2 ? k + 1 : p->c->s[k].nextu + 1;
            }
            ok = est_step(w, v, &e, p->r->steps[k].type, p->r->steps[k].ref);
        }
    }
    *changed = e.changed;
    return ok && est_finish(w, v, &e, cost);
}

static bool feval(ws *w, const rdesc *d, double *cost, bool *changed)
{
    w->st.evals++;
    bool ok = feval_core(w, d, cost, changed);
    if ((w->flags & ECO_WASTE_VERIFY) && materialize(w, d, &w->V)) {
        tidy(w, &w->V);
        bool ok2 = w->V.n_steps == 0 ? true : schedule_ok(w, &w->V);
        double c2 = w->V.n_steps == 0 ? 0 : w->V.cost;
        w->st.verified++;
        if (ok != ok2 || (ok && c2 != *cost))
            w->st.mismatches++;
    }
    return ok;
}

/* ---- the break ---- */

/* steps in piece p */
static int piece_len(const piece *p) { return p->r ? p->b - p->a : 1; }

/* the step at position i of piece p (in the order visited) */
static const eco_step *piece_step(const piece *p, int i, eco_step *tmp)
{
    if (!p->r) {
        tmp->type = p->type;
        tmp->ref = p->ref;
        return tmp;
    }
    return &p->r->steps[p->rev ? p->b - 1 - i : p->a + i];
}

/* positions [i0, i1) of piece p as a piece of out */
static void d_sub(rdesc *out, const piece *p, int i0, int i1)
{
    if (i0 >= i1)
        return;
    if (!p->r) {
        out->pc[out->np++] = *p;
        return;
    }
    if (p->rev)
        d_range(out, p->r, p->c, p->b - i1, p->b - i0, true);
    else
        d_range(out, p->r, p->c, p->a + i0, p->a + i1, false);
}

/* Position of the (first) break in the route d describes, -1: none. */
static int d_find_break(const rdesc *d)
{
    int g = 0;
    for (int i = 0; i < d->np; i++) {
        const piece *p = &d->pc[i];
        int len = piece_len(p);
        if (p->r && !p->rev && p->c && p->c->state != CACHE_INVALID && p->c->state != CACHE_BAD &&
            p->c->p[p->b].brk == p->c->p[p->a].brk) {
            g += len;
            continue;
        }
        eco_step tmp;
        for (int k = 0; k < len; k++)
            if (piece_step(p, k, &tmp)->type == ECO_STEP_BREAK)
                return g + k;
        g += len;
    }
    return -1;
}

/* out = d with its step at position `from` moved before the step at position
 * `to` (to may be the length: the end), replaced by *with when not NULL;
 * from < 0: a break (or *with) inserted there. False when out would have
 * too many pieces or a position is out of range. */
static bool d_move(const rdesc *d, int from, int to, const eco_step *with, rdesc *out)
{
    d_init(out, d->vehicle);
    eco_step moved = {.type = ECO_STEP_BREAK, .ref = -1};
    int g = 0;
    for (int i = 0; i < d->np; i++) {
        eco_step tmp;
        const piece *p = &d->pc[i];
        int len = piece_len(p);
        if (from >= g && from < g + len)
            moved = *piece_step(p, from - g, &tmp);
        g += len;
    }
    if (from >= g || to < 0 || to > g)
        return false;
    if (with)
        moved = *with;
    g = 0;
    for (int i = 0; i < d->np; i++) {
        const piece *p = &d->pc[i];
        int len = piece_len(p);
        if (out->np + 4 > MAX_PIECES)
            return false;
        int lo = 0;
        for (int k = 0; k < len; k++) {
            int gk = g + k;
            if (gk == to || gk == from) {
                d_sub(out, p, lo, k);
                if (gk == to)
                    d_step(out, moved.type, moved.ref);
                lo = gk == from ? k + 1 : k;
            }
        }
        d_sub(out, p, lo, len);
        g += len;
    }
    if (to == g)
        d_step(out, moved.type, moved.ref);
    return true;
}

/* The first unload at position >= g0 of the route d describes that tidy()
 * keeps: its position (-1: none), its facility (*f_cur) and the facility
 * the nearest rule (eco__unload_choice) gives it there (*f_rule). */
static int d_next_unload(ws *w, const rdesc *d, int g0, int *f_cur, int *f_rule)
{
    const eco_instance *inst = w->inst;
    uint32_t mask = 0;
    int loc = inst->depots[inst->vehicles[d->vehicle].start_depot].loc;
    int g = 0;
    for (int i = 0; i < d->np; i++) {
        const piece *p = &d->pc[i];
        int len = piece_len(p);
        if (i == 0 && p->r && !p->rev && p->a == 0 && p->b > 0 && p->c && p->c->state != CACHE_INVALID &&
            p->c->state != CACHE_BAD && g0 >= len) {
            mask = p->c->p[p->b].mask;
            loc = p->c->p[p->b].loc;
            g += len;
            continue;
        }
        eco_step tmp;
        const rcache *c = p->c;
        bool fast = p->r && !p->rev && c && c->state == CACHE_OK;
        for (int k = 0; k < len; k++, g++) {
            if (fast && g >= g0) {
                /* from the cache: straight to the next unload of this piece */
                int a = p->a + k, u = c->s[a].nextu < p->b ? c->s[a].nextu : p->b;
                if (u > a) {
                    const int32_t *c0 = &c->cnt[(size_t)a * w->nm], *c1 = &c->cnt[(size_t)u * w->nm];
                    bool located = c->p[u].stops > c->p[a].stops;
                    for (int m = 0; m < w->nm; m++)
                        if (c1[m] > c0[m])
                            mask |= 1u << m;
                    for (int q = a; q < u && !located; q++)
                        located = p->r->steps[q].type != ECO_STEP_BREAK;
                    if (located)
                        loc = c->p[u].loc;
                    g += u - a;
                    k += u - a;
                    if (k >= len)
                        break;
                }
            }
            const eco_step *st = piece_step(p, k, &tmp);
            if (st->type == ECO_STEP_PICKUP) {
                mask |= 1u << inst->boxes[st->ref].material;
                loc = inst->boxes[st->ref].loc;
            } else if (st->type == ECO_STEP_UNLOAD) {
                uint32_t acc = inst->facilities[st->ref].accepts;
                if (!(mask & acc))
                    continue; /* tidy() drops it */
                if (g >= g0) {
                    *f_cur = st->ref;
                    *f_rule = unload_rule(w, mask, loc);
                    return g;
                }
                mask &= ~acc;
                loc = inst->facilities[st->ref].loc;
            }
        }
    }
    return -1;
}

/* out = d with the first unload at or after position g0 sent where the
 * nearest rule sends it, when that differs (false: nothing to change). */
static bool d_rechoose(ws *w, const rdesc *d, int g0, rdesc *out)
{
    if (w->inst->n_facilities < 2 || (w->flags & ECO_WASTE_NEAREST_FACILITY))
        return false;
    int f_cur = -1, f_rule = -1;
    int g = d_next_unload(w, d, g0, &f_cur, &f_rule);
    if (g < 0 || f_rule < 0 || f_rule == f_cur)
        return false;
    eco_step u = {.type = ECO_STEP_UNLOAD, .ref = f_rule};
    return d_move(d, g, g + 1, &u, out);
}

/* How a candidate was evaluated */
typedef enum { EV_NO = 0, EV_FAST, EV_SLOW } evres;

/* Evaluates d: tidied and scheduled from cached data. When only the break
 * is late, it is moved one to three steps earlier; a route that needs a break
 * and has none gets one at one of its last four positions (each from cached
 * data, the cheapest kept: d becomes it); on a short route (at most 8 steps)
 * by fix_break on the route materialized in *slow (full schedules; EV_SLOW:
 * *slow holds the result). Other failures are final: the break moves of
 * route_moves and the ruin and recreate cover the rest. */
static evres eval_desc(ws *w, rdesc *d, double *cost, bool *changed, eco_route *slow)
{
    if (feval(w, d, cost, changed))
        return EV_FAST;
    if (!w->inst->vehicles[d->vehicle].has_break || w->fail == FAIL_OTHER)
        return EV_NO;
    int gb = d_find_break(d);
    int len = 0;
    for (int i = 0; i < d->np; i++)
        len += piece_len(&d->pc[i]);
    if (gb >= 0 || len > 8) {
        /* the late break one to three steps earlier; a missing break at one
         * of the last four positions */
        if (gb >= 0 ? w->fail != FAIL_LATE_BREAK : w->fail != FAIL_NO_BREAK)
            return EV_NO;
        rdesc best, dm;
        double best_cost = INFINITY;
        bool found = false;
        for (int i = 0; i < (gb >= 0 ? 3 : 4); i++) {
            double c;
            bool ch;
            if (d_move(d, gb, gb >= 0 ? gb - 1 - i : len - i, NULL, &dm) && feval(w, &dm, &c, &ch) &&
                c < best_cost - EPS) {
                best = dm;
                best_cost = c;
                found = true;
            }
        }
        if (!found)
            return EV_NO;
        *d = best;
        *cost = best_cost;
        *changed = true; /* the break moved */
        return EV_FAST;
    }
    if (!materialize(w, d, slow))
        return EV_NO;
    w->st.slow++;
    tidy(w, slow);
    if (slow->n_steps == 0 || !fix_break(w, slow))
        return EV_NO;
    *cost = slow->cost;
    return EV_SLOW;
}

/* dst = d, tidied and scheduled by route.c; its cost must be fast_cost */
static bool confirm(ws *w, const rdesc *d, double fast_cost, eco_route *dst)
{
    if (!materialize(w, d, dst))
        return false;
    w->st.confirms++;
    tidy(w, dst);
    bool ok;
    if (dst->n_steps == 0) {
        dst->cost = 0;
        dst->n_violations = 0;
        ok = true;
    } else {
        ok = schedule_ok(w, dst);
    }
    if (!ok || dst->cost != fast_cost)
        w->st.mismatches++;
    return ok;
}

/* ---- building a cache ---- */

static bool cache_reserve(ws *w, rcache *c, int n)
{
    if (n + 1 <= c->cap)
        return true;
    int cap = c->cap ? c->cap : 16;
    while (cap < n + 1)
        cap *= 2;
    pst *p = realloc(c->p, (size_t)cap * sizeof *p);
    if (p)
        c->p = p;
    sfx *s = realloc(c->s, (size_t)cap * sizeof *s);
    if (s)
        c->s = s;
    int64_t *ld = realloc(c->ld, (size_t)cap * (w->nm + 1) * sizeof *ld);
    if (ld)
        c->ld = ld;
    int32_t *cnt = realloc(c->cnt, (size_t)cap * (w->nm + 1) * sizeof *cnt);
    if (cnt)
        c->cnt = cnt;
    tfn *blk = realloc(c->blk, (size_t)cap * 2 * sizeof *blk);
    if (blk)
        c->blk = blk;
    if (!p || !s || !ld || !cnt || !blk) {
        w->oom = true;
        return false;
    }
    c->cap = cap;
    return true;
}

static void cache_free(rcache *c)
{
    free(c->p);
    free(c->s);
    free(c->ld);
    free(c->cnt);
    free(c->blk);
    memset(c, 0, sizeof *c);
}

/* open, close and duration of step st for vehicle v (route.c's rules) */
static void step_window(const eco_instance *inst, const eco_vehicle *v, const eco_step *st, int64_t *open,
                        int64_t *close, int64_t *svc)
{
    if (st->type == ECO_STEP_PICKUP) {
        const eco_box *b = &inst->boxes[st->ref];
        *open = b->tw_open;
        *close = b->tw_close;
        *svc = b->service;
    } else if (st->type == ECO_STEP_UNLOAD) {
        const eco_facility *f = &inst->facilities[st->ref];
        *open = f->open;
        *close = f->close - f->unload_time;
        *svc = f->unload_time;
    } else {
        *open = v->break_start_min;
        *close = v->break_start_max;
        *svc = v->break_duration;
    }
}

/* Fills c from route r (feasible, scheduled): a forward pass as route.c's,
 * then the suffix functions backwards. */
static void cache_build(ws *w, const eco_route *r, rcache *c)
{
    const eco_instance *inst = w->inst;
    const eco_vehicle *v = &inst->vehicles[r->vehicle];
    const int n = r->n_steps, nm = w->nm;
    w->st.cache_builds++;
    c->state = CACHE_BAD;
    if (!cache_reserve(w, c, n))
        return;
    c->n = n;
    est e;
    est_start(w, v, &e);
    bool ok = true;
    for (int i = 0; i <= n; i++) {
        c->p[i] = e.p;
        int64_t *l = &c->ld[(size_t)i * (nm + 1)];
        memcpy(l, e.ld, (size_t)nm * sizeof *l);
        l[nm] = e.tot;
        int32_t *cn = &c->cnt[(size_t)i * nm];
        if (i == 0)
            memset(cn, 0, (size_t)nm * sizeof *cn);
        else {
            memcpy(cn, cn - nm, (size_t)nm * sizeof *cn);
            if (r->steps[i - 1].type == ECO_STEP_PICKUP)
                cn[inst->boxes[r->steps[i - 1].ref].material]++;
        }
        if (i < n && !est_step(w, v, &e, r->steps[i].type, r->steps[i].ref)) {
            ok = false;
            break;
        }
    }
    double cost = 0;
    if (!ok || !est_finish(w, v, &e, &cost))
        return;
    if (n > 0 && cost != r->cost)
        w->st.mismatches++;
    if (e.changed) {
        c->state = CACHE_PREFIX;
        return;
    }
    const eco_depot *dep1 = &inst->depots[v->end_depot];
    sfx *s = &c->s[n];
    memset(s, 0, sizeof *s);
    s->A = 0;
    s->B = NEG_INF;
    s->lat = s->latnb = min64(dep1->close, v->shift_end);
    s->nextu = n;
    for (int j = n - 1; j >= 0; j--) {
        const eco_step *st = &r->steps[j];
        const sfx *nx = &c->s[j + 1];
        s = &c->s[j];
        int64_t open, close, svc;
        step_window(inst, v, st, &open, &close, &svc);
        int lj = c->p[j + 1].loc;
        int ln = j + 1 < n ? c->p[j + 2].loc : dep1->loc;
        int64_t a1 = svc + eco__dur(inst, lj, ln);
        int64_t b1 = open + a1;
        s->A = a1 + nx->A;
        s->B = max64(b1 + nx->A, nx->B);
        s->lat = open > close || b1 > nx->lat ? NEG_INF : min64(close, nx->lat - a1);
        if (st->type == ECO_STEP_BREAK)
            s->latnb = b1 > nx->latnb ? NEG_INF : nx->latnb - a1;
        else
            s->latnb = open > close || b1 > nx->latnb ? NEG_INF : min64(close, nx->latnb - a1);
        s->dist = eco__dist(inst, lj, ln) + nx->dist;
        s->day = nx->day;
        s->stops = nx->stops;
        s->brk = nx->brk + (st->type == ECO_STEP_BREAK);
        if (st->type == ECO_STEP_UNLOAD) {
            s->nextu = j;
            s->pfrom = 0;
        } else {
            s->nextu = nx->nextu;
            s->pfrom = nx->pfrom;
        }
        if (st->type == ECO_STEP_PICKUP) {
            const eco_box *b = &inst->boxes[st->ref];
            s->day += b->demand;
            s->stops++;
            s->pfrom |= 1u << b->material;
        }
    }
    /* the block tree of time functions */
    c->off[0] = 0;
    c->levels = 0;
    for (int j = 0; j < n; j++) {
        int64_t open, close, svc;
        step_window(inst, v, &r->steps[j], &open, &close, &svc);
        c->blk[j] = (tfn){.A = svc, .B = open + svc, .lat = open > close ? NEG_INF : close};
    }
    c->off[1] = n;
    for (int k = 1; k < TF_LEVELS && (n >> k) > 0; k++) {
        const tfn *lo = c->blk + c->off[k - 1];
        tfn *hi = c->blk + c->off[k];
        for (int i = 0; i < (n >> k); i++) {
            int m = (2 * i + 1) << (k - 1); /* first step of the right half */
            hi[i] = tf_then(lo[2 * i], eco__dur(inst, c->p[m].loc, c->p[m + 1].loc), lo[2 * i + 1]);
        }
        c->off[k + 1] = c->off[k] + (n >> k);
        c->levels = k;
    }
    c->levels++;
    c->state = CACHE_OK;
}

/* ---- solutions ---- */

static void wsol_free(wsol *s)
{
    for (int i = 0; i < s->cap_routes; i++) {
        free(s->routes[i].steps);
        cache_free(&s->rc[i]);
    }
    free(s->routes);
    free(s->rc);
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
    rcache *nc = realloc(s->rc, (size_t)cap * sizeof *nc);
    if (!nc) {
        w->oom = true;
        return false;
    }
    memset(nc + s->cap_routes, 0, (size_t)(cap - s->cap_routes) * sizeof *nc);
    s->rc = nc;
    s->cap_routes = cap;
    return true;
}

static bool cache_copy(ws *w, rcache *dst, const rcache *src)
{
    dst->state = CACHE_INVALID;
    dst->tuned = src->tuned;
    if (src->state == CACHE_INVALID || src->state == CACHE_BAD)
        return true;
    if (!cache_reserve(w, dst, src->n))
        return false;
    size_t n1 = (size_t)src->n + 1;
    memcpy(dst->p, src->p, n1 * sizeof *dst->p);
    memcpy(dst->s, src->s, n1 * sizeof *dst->s);
    memcpy(dst->ld, src->ld, n1 * (w->nm + 1) * sizeof *dst->ld);
    memcpy(dst->cnt, src->cnt, n1 * w->nm * sizeof *dst->cnt);
    if (src->state == CACHE_OK) {
        memcpy(dst->blk, src->blk, (size_t)src->off[src->levels] * sizeof *dst->blk);
        memcpy(dst->off, src->off, sizeof dst->off);
        dst->levels = src->levels;
    }
    dst->n = src->n;
    dst->state = src->state;
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
        if (!rcopy(w, &dst->routes[i], &src->routes[i]) || !cache_copy(w, &dst->rc[i], &src->rc[i]))
            return false;
    dst->n_routes = src->n_routes;
    memcpy(dst->where, src->where, (size_t)w->nb * sizeof *dst->where);
    dst->cost = src->cost;
    return true;
}

/* The cache of route ri, built when stale; NULL when it cannot be had. */
static const rcache *get_cache(ws *w, wsol *s, int ri)
{
    rcache *c = &s->rc[ri];
    if (c->state == CACHE_INVALID)
        cache_build(w, &s->routes[ri], c);
    return c->state == CACHE_BAD ? NULL : c;
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
        if (i != j) {
            swap_routes(&s->routes[i], &s->routes[j]);
            rcache t = s->rc[i];
            s->rc[i] = s->rc[j];
            s->rc[j] = t;
        }
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
    s->rc[ri].state = CACHE_INVALID;
    s->rc[ri].tuned = false;
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
    double key;            /* delta with noise (w->noise): what the choice compares */
    int route;             /* route index, or -1 - vehicle for a new route */
    bool found;
    bool slow;             /* the route is in w->C (evaluated); else described by d */
    rdesc d;
} ins;

/* a base route for insertions: route r (cache c or NULL) without its step k (k < 0: none) */
typedef struct base {
    const eco_route *r;    /* NULL: an empty route of `vehicle` */
    const rcache *c;
    int k;
    int vehicle;
    int n;                 /* steps of the base */
} base;

static const eco_step *base_step(const base *bs, int p)
{
    return &bs->r->steps[bs->k < 0 || p < bs->k ? p : p + 1];
}

/* location of the last box or facility before base position p */
static int base_loc(const eco_instance *inst, const base *bs, int p)
{
    for (int q = p - 1; q >= 0; q--) {
        const eco_step *s = base_step(bs, q);
        if (s->type == ECO_STEP_PICKUP)
            return inst->boxes[s->ref].loc;
        if (s->type == ECO_STEP_UNLOAD)
            return inst->facilities[s->ref].loc;
    }
    return inst->depots[inst->vehicles[bs->vehicle].start_depot].loc;
}

/* materials on board before base position p, as tidy() sees them */
static uint32_t base_mask(const eco_instance *inst, const base *bs, int p)
{
    if (bs->c && bs->c->state != CACHE_INVALID && bs->c->state != CACHE_BAD)
        return bs->c->p[bs->k < 0 || p <= bs->k ? p : p + 1].mask; /* (ignores the box removed) */
    uint32_t mask = 0;
    for (int q = 0; q < p; q++) {
        const eco_step *s = base_step(bs, q);
        if (s->type == ECO_STEP_PICKUP)
            mask |= 1u << inst->boxes[s->ref].material;
        else if (s->type == ECO_STEP_UNLOAD)
            mask &= ~inst->facilities[s->ref].accepts;
    }
    return mask;
}

/* Records a candidate of cost change delta in *best when it is the best so far. */
static void keep_best(ws *w, ins *best, evres ev, const rdesc *d, double delta, int ri)
{
    double key = delta;
    if (w->noise > 0)
        key += fabs(delta) * w->noise * (2 * rnd_unit(&w->rng) - 1);
    if (best->found && key >= best->key - EPS)
        return;
    best->found = true;
    best->key = key;
    best->delta = delta;
    best->route = ri;
    best->slow = ev == EV_SLOW;
    if (ev == EV_SLOW)
        swap_routes(&w->B, &w->C);
    else
        best->d = *d;
}

/* Tries box b into base bs (of cost base_cost) at position p, plainly or with
 * an unload after / before it. Keeps the best candidate in *best. */
static void try_at(ws *w, const base *bs, double base_cost, int ri, int b, int p, ins *best)
{
    const eco_instance *inst = w->inst;
    const eco_box *bx = &inst->boxes[b];
    if (!((inst->vehicles[bs->vehicle].materials >> bx->material) & 1u))
        return;
    for (int var = 0; var < 3; var++) {
        eco_step ins[2] = {{.type = ECO_STEP_PICKUP, .ref = b}};
        int ni = 1;
        if (var > 0) {
            if (inst->n_facilities == 0)
                return;
            if (var == 1) {
                if (p < bs->n && base_step(bs, p)->type == ECO_STEP_UNLOAD)
                    continue;
                int f = eco__unload_choice(inst, base_mask(inst, bs, p) | 1u << bx->material, bx->loc);
                if (f < 0)
                    return;
                ins[1] = (eco_step){.type = ECO_STEP_UNLOAD, .ref = f};
            } else {
                if (p > 0 && base_step(bs, p - 1)->type == ECO_STEP_UNLOAD)
                    continue;
                uint32_t onb = base_mask(inst, bs, p);
                if (!onb)
                    continue; /* nothing to unload */
                int f = eco__unload_choice(inst, onb, base_loc(inst, bs, p));
                if (f < 0)
                    return;
                ins[0] = (eco_step){.type = ECO_STEP_UNLOAD, .ref = f};
                ins[1] = (eco_step){.type = ECO_STEP_PICKUP, .ref = b};
            }
            ni = 2;
        }
        rdesc d, d2;
        d_edit(&d, bs->vehicle, bs->r, bs->c, bs->k, p, ins, ni);
        double cost;
        bool changed, ok = false;
        evres ev = eval_desc(w, &d, &cost, &changed, &w->B);
        if (ev != EV_NO) {
            keep_best(w, best, ev, &d, cost - base_cost, ri);
            ok = true;
        }
        if (var == 0 && d_rechoose(w, &d, p, &d2)) {
            /* the unload that ends b's trip sent where the nearest rule sends it */
            ev = eval_desc(w, &d2, &cost, &changed, &w->B);
            if (ev != EV_NO) {
                keep_best(w, best, ev, &d2, cost - base_cost, ri);
                ok = true;
            }
        }
        if (ok || w->oom)
            return; /* a feasible variant: the costlier unload variants are not tried */
    }
}

static base base_of(wsol *s, ws *w, int ri)
{
    base bs = {.r = &s->routes[ri], .c = get_cache(w, s, ri), .k = -1};
    bs.vehicle = bs.r->vehicle;
    bs.n = bs.r->n_steps;
    return bs;
}

/* Best insertion of unserved box b into s (neighbour positions, route ends,
 * new routes when allow_new). */
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
        base bs = base_of(s, w, ri);
        try_at(w, &bs, r->cost, ri, b, k, &best);
        try_at(w, &bs, r->cost, ri, b, k + 1, &best);
        if (w->oom)
            return best;
    }
    /* the beginning of every route and the end of its last trip */
    for (int ri = 0; ri < s->n_routes; ri++) {
        const eco_route *r = &s->routes[ri];
        base bs = base_of(s, w, ri);
        try_at(w, &bs, r->cost, ri, b, 0, &best);
        int last = r->n_steps;
        while (last > 0 && r->steps[last - 1].type != ECO_STEP_PICKUP)
            last--;
        try_at(w, &bs, r->cost, ri, b, last, &best);
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
            base bs = {.r = NULL, .c = NULL, .k = -1, .vehicle = v, .n = 0};
            try_at(w, &bs, 0, -1 - v, b, 0, &best);
            if (w->oom)
                break;
        }
        free(tried);
    }
    return best;
}

/* Applies an insertion found by best_insert. */
static bool apply_insert(ws *w, wsol *s, int b, const ins *in)
{
    if (!in->slow) {
        if (!materialize(w, &in->d, &w->C))
            return false;
        w->st.confirms++;
        tidy(w, &w->C);
        double fast = in->delta + (in->route >= 0 ? s->routes[in->route].cost : 0);
        if (!schedule_ok(w, &w->C) || w->C.cost != fast) {
            w->st.mismatches++;
            if (w->C.n_violations)
                return false;
        }
    }
    double old = in->route >= 0 ? s->routes[in->route].cost : 0;
    int ri = in->route;
    if (ri < 0) {
        if (!wsol_reserve(w, s, s->n_routes + 1))
            return false;
        ri = s->n_routes++;
        s->routes[ri].n_steps = 0;
    }
    s->cost += w->C.cost - old - w->uncost[b];
    commit_route(s, ri, &w->C);
    return true;
}

/* ---- moves ---- */

/* the route d describes in *dst, scheduled (ev: how it was evaluated; EV_SLOW: already in *slow) */
static bool realize(ws *w, evres ev, const rdesc *d, double cost, eco_route *slow, eco_route *dst)
{
    if (ev == EV_SLOW) {
        if (slow != dst)
            swap_routes(slow, dst);
        return true;
    }
    return confirm(w, d, cost, dst);
}

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
    const eco_route *R1 = &s->routes[r1];
    const rcache *c1 = get_cache(w, s, r1);
    int k = find_box(R1, b);
    if (k < 0)
        return false;
    rdesc rem;
    d_init(&rem, R1->vehicle);
    d_range(&rem, R1, c1, 0, k, false);
    d_range(&rem, R1, c1, k + 1, R1->n_steps, false);
    double rem_cost;
    bool changed;
    evres rev = eval_desc(w, &rem, &rem_cost, &changed, &w->A);
    rdesc rem2;
    if (rev != EV_SLOW && d_rechoose(w, &rem, k, &rem2)) {
        /* the unload that ended b's trip sent where the nearest rule sends it */
        double c2;
        bool ch2;
        evres ev2 = eval_desc(w, &rem2, &c2, &ch2, &w->A);
        if (ev2 != EV_NO && (rev == EV_NO || c2 < rem_cost - EPS)) {
            rem = rem2;
            rem_cost = c2;
            rev = ev2;
            changed = true;
        }
    }
    if (rev == EV_NO)
        return false;
    double gain = R1->cost - rem_cost; /* saved by removing b */
    /* drop an optional box that costs more than its prize */
    if (gain - w->uncost[b] > EPS) {
        if (!realize(w, rev, &rem, rem_cost, &w->A, &w->A))
            return false;
        s->cost += w->A.cost - R1->cost + w->uncost[b];
        s->where[b] = -1;
        commit_route(s, r1, &w->A);
        return true;
    }
    /* the same route without b: from the cache, or materialized when tidy()
     * or the break changed more than b */
    base b1 = {.r = R1, .c = c1, .k = k, .vehicle = R1->vehicle, .n = R1->n_steps - 1};
    if (rev == EV_SLOW || changed) {
        if (rev == EV_FAST && !confirm(w, &rem, rem_cost, &w->A))
            return false;
        b1 = (base){.r = &w->A, .c = NULL, .k = -1, .vehicle = R1->vehicle, .n = w->A.n_steps};
        rev = EV_SLOW;
    }
    ins best = {.found = false};
    const int *nb = &w->nbr[(size_t)b * K_NBR];
    for (int j = 0; j < K_NBR && nb[j] >= 0; j++) {
        int c = nb[j], r2 = s->where[c];
        if (r2 < 0)
            continue;
        base bs;
        double base_cost;
        int kc;
        if (r2 == r1) {
            bs = b1;
            base_cost = rem_cost; /* same route: the route without b */
            if (b1.k < 0) {
                kc = find_box(b1.r, c);
            } else {
                kc = find_box(R1, c);
                if (kc > k)
                    kc--;
            }
        } else {
            bs = base_of(s, w, r2);
            base_cost = s->routes[r2].cost;
            kc = find_box(bs.r, c);
        }
        if (kc < 0)
            continue;
        try_at(w, &bs, base_cost, r2, b, kc, &best);
        try_at(w, &bs, base_cost, r2, b, kc + 1, &best);
        if (w->oom)
            return false;
    }
    if (!best.found)
        return false;
    double delta = best.delta - gain; /* insertion after removal */
    if (delta >= -EPS)
        return false;
    /* the new routes: the insertion in w->C, the removal in w->A */
    if (!best.slow) {
        double fast = best.delta + (best.route == r1 ? rem_cost : s->routes[best.route].cost);
        if (!confirm(w, &best.d, fast, &w->C))
            return false;
    }
    if (best.route != r1 && !realize(w, rev, &rem, rem_cost, &w->A, &w->A))
        return false;
    int r2 = best.route;
    double old = s->routes[r1].cost + (r2 != r1 ? s->routes[r2].cost : 0);
    double now = w->C.cost + (r2 != r1 ? w->A.cost : 0);
    s->cost += now - old;
    if (r2 != r1)
        commit_route(s, r1, &w->A);
    commit_route(s, r2, &w->C);
    return true;
}

/* Commits two evaluated routes (in w->A for r1, w->B for r2) when cheaper. */
static bool take_pair(ws *w, wsol *s, int r1, int r2, evres e1, const rdesc *d1, double c1, evres e2,
                      const rdesc *d2, double c2)
{
    double old = s->routes[r1].cost + s->routes[r2].cost;
    if (c1 + c2 >= old - EPS)
        return false;
    if (!realize(w, e1, d1, c1, &w->A, &w->A) || !realize(w, e2, d2, c2, &w->B, &w->B))
        return false;
    s->cost += w->A.cost + w->B.cost - old;
    commit_route(s, r1, &w->A);
    commit_route(s, r2, &w->B);
    return true;
}

/* swap b with c (different routes), and 2-opt* between their routes */
static bool move_swap_tails(ws *w, wsol *s, int b, int c)
{
    int r1 = s->where[b], r2 = s->where[c];
    if (r1 < 0 || r2 < 0 || r1 == r2)
        return false;
    const eco_route *R1 = &s->routes[r1], *R2 = &s->routes[r2];
    const rcache *c1 = get_cache(w, s, r1), *c2 = get_cache(w, s, r2);
    int i = find_box(R1, b), j = find_box(R2, c);
    if (i < 0 || j < 0)
        return false;
    int n1 = R1->n_steps, n2 = R2->n_steps;
    rdesc d1, d2;
    double k1, k2;
    bool ch;
    /* swap */
    eco_step sc = {.type = ECO_STEP_PICKUP, .ref = c}, sb = {.type = ECO_STEP_PICKUP, .ref = b};
    d_edit(&d1, R1->vehicle, R1, c1, i, i, &sc, 1);
    d_edit(&d2, R2->vehicle, R2, c2, j, j, &sb, 1);
    evres e1 = eval_desc(w, &d1, &k1, &ch, &w->A);
    evres e2 = e1 != EV_NO ? eval_desc(w, &d2, &k2, &ch, &w->B) : EV_NO;
    if (e1 != EV_NO && e2 != EV_NO && take_pair(w, s, r1, r2, e1, &d1, k1, e2, &d2, k2))
        return true;
    if (w->oom)
        return false;
    /* 2-opt*: R1[0..i] + R2[j+1..], R2[0..j] + R1[i+1..] */
    d_init(&d1, R1->vehicle);
    d_range(&d1, R1, c1, 0, i + 1, false);
    d_range(&d1, R2, c2, j + 1, n2, false);
    d_init(&d2, R2->vehicle);
    d_range(&d2, R2, c2, 0, j + 1, false);
    d_range(&d2, R1, c1, i + 1, n1, false);
    e1 = eval_desc(w, &d1, &k1, &ch, &w->A);
    e2 = e1 != EV_NO ? eval_desc(w, &d2, &k2, &ch, &w->B) : EV_NO;
    if (e1 != EV_NO && e2 != EV_NO && take_pair(w, s, r1, r2, e1, &d1, k1, e2, &d2, k2))
        return true;
    return false;
}

/* Commits the route d describes (evaluated: ev, cost) to ri when cheaper. */
static bool take_if_better(ws *w, wsol *s, int ri, evres ev, const rdesc *d, double cost)
{
    if (ev == EV_NO || cost >= s->routes[ri].cost - EPS)
        return false;
    if (!realize(w, ev, d, cost, &w->A, &w->A))
        return false;
    s->cost += w->A.cost - s->routes[ri].cost;
    commit_route(s, ri, &w->A);
    return true;
}

static bool try_desc(ws *w, wsol *s, int ri, rdesc *d)
{
    double cost;
    bool ch;
    evres ev = eval_desc(w, d, &cost, &ch, &w->A);
    return take_if_better(w, s, ri, ev, d, cost);
}

/* 2-opt inside a route: make c follow b by reversing the segment between */
static bool move_2opt(ws *w, wsol *s, int b, int c)
{
    int ri = s->where[b];
    if (ri < 0 || s->where[c] != ri)
        return false;
    const eco_route *R = &s->routes[ri];
    const rcache *rc = get_cache(w, s, ri);
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
    if (hi - lo > MAX_REVERSE)
        return false; /* long reversals: simulated step by step, rarely better */
    rdesc d;
    d_init(&d, R->vehicle);
    d_range(&d, R, rc, 0, lo, false);
    d_range(&d, R, rc, lo, hi + 1, true);
    d_range(&d, R, rc, hi + 1, R->n_steps, false);
    return try_desc(w, s, ri, &d);
}

/* dst = the boxes of r in the same order on vehicle v, with an unload before
 * each box that would not fit and unloads to return empty, each at the
 * facility the nearest rule gives; tidied and scheduled, the break placed by
 * fix_break. True when feasible. */
static bool resplit(ws *w, const eco_route *r, int v, eco_route *dst)
{
    const eco_instance *inst = w->inst;
    const eco_vehicle *veh = &inst->vehicles[v];
    if (!reserve(w, dst, 2 * r->n_steps + inst->n_facilities + 4))
        return false;
    int64_t ld[ECO_MAX_MATERIALS] = {0}, tot = 0;
    uint32_t mask = 0;
    int loc = inst->depots[veh->start_depot].loc, n = 0;
    for (int k = 0; k < r->n_steps; k++) {
        const eco_step *st = &r->steps[k];
        if (st->type != ECO_STEP_PICKUP)
            continue;
        const eco_box *b = &inst->boxes[st->ref];
        int m = b->material;
        for (int guard = 0; guard < inst->n_facilities && mask &&
                            (ld[m] + b->demand > veh->cap[m] || tot + b->demand > veh->cap_total);
             guard++) {
            int f = eco__unload_choice(inst, mask, loc);
            if (f < 0)
                break;
            const eco_facility *fa = &inst->facilities[f];
            dst->steps[n++] = (eco_step){.type = ECO_STEP_UNLOAD, .ref = f};
            for (int mm = 0; mm < w->nm; mm++)
                if ((fa->accepts >> mm) & 1u) {
                    tot -= ld[mm];
                    ld[mm] = 0;
                }
            mask &= ~fa->accepts;
            loc = fa->loc;
        }
        dst->steps[n++] = (eco_step){.type = ECO_STEP_PICKUP, .ref = st->ref};
        ld[m] += b->demand;
        tot += b->demand;
        mask |= 1u << m;
        loc = b->loc;
    }
    while (inst->return_empty && mask) {
        int f = eco__unload_choice(inst, mask, loc);
        if (f < 0)
            return false;
        dst->steps[n++] = (eco_step){.type = ECO_STEP_UNLOAD, .ref = f};
        mask &= ~inst->facilities[f].accepts;
        loc = inst->facilities[f].loc;
    }
    dst->n_steps = n;
    dst->vehicle = v;
    dst->start_time = -1;
    if (v == r->vehicle) {
        /* nothing new when the unloads are where they were */
        int j = 0;
        bool same = true;
        for (int k = 0; k < r->n_steps && same; k++) {
            if (r->steps[k].type == ECO_STEP_BREAK)
                continue;
            same = j < n && dst->steps[j].type == r->steps[k].type && dst->steps[j].ref == r->steps[k].ref;
            j++;
        }
        if (same && j == n)
            return false;
    }
    w->st.slow++;
    if (!rcopy(w, &w->E, dst))
        return false;
    if (evaluate(w, dst))
        return true;
    if (v == r->vehicle)
        return false;
    /* infeasible on the other vehicle (a facility closed, ...): another
     * facility for one unload, the last ones first */
    for (int k = w->E.n_steps - 1; k >= 0; k--) {
        if (w->E.steps[k].type != ECO_STEP_UNLOAD)
            continue;
        for (int f = 0; f < inst->n_facilities; f++) {
            if (f == w->E.steps[k].ref || !rcopy(w, dst, &w->E))
                continue;
            dst->steps[k].ref = f;
            w->st.slow++;
            if (evaluate(w, dst))
                return true;
        }
    }
    return false;
}

/* the facility search of best_facilities */
typedef struct fsearch {
    const eco_route *r;
    const eco_vehicle *v;
    int64_t d0;
    int *choice, *best;    /* facility per step (unloads), the current and the best */
    double best_cost;
    long budget;           /* nodes left */
    bool found;
} fsearch;

static void fac_dfs(ws *w, fsearch *fs, int k, est e)
{
    const eco_route *r = fs->r;
    for (; k < r->n_steps && r->steps[k].type != ECO_STEP_UNLOAD; k++)
        if (!est_step(w, fs->v, &e, r->steps[k].type, r->steps[k].ref))
            return;
    /* a bound: distance and time so far (waiting aside) only grow */
    double lb = fs->v->fixed_cost + fs->v->cost_per_dist * (double)e.p.dist +
                fs->v->cost_per_time * (double)(e.p.t - fs->d0 - e.p.wait);
    if (lb >= fs->best_cost - EPS)
        return;
    if (k == r->n_steps) {
        double c;
        if (est_finish(w, fs->v, &e, &c) && c < fs->best_cost - EPS) {
            fs->best_cost = c;
            fs->found = true;
            memcpy(fs->best, fs->choice, (size_t)r->n_steps * sizeof *fs->best);
        }
        return;
    }
    for (int i = 0; i < w->inst->n_facilities && fs->budget > 0; i++) {
        /* the facility it has first, then the others */
        int f = i == 0 ? r->steps[k].ref : i <= r->steps[k].ref ? i - 1 : i;
        fs->budget--;
        est e2 = e;
        fs->choice[k] = f;
        if (est_step(w, fs->v, &e2, ECO_STEP_UNLOAD, f))
            fac_dfs(w, fs, k + 1, e2);
    }
    fs->choice[k] = r->steps[k].ref;
}

/* The cheapest facility for every unload of route ri at once, its boxes,
 * unloads and break staying where they are (a depth-first search with a
 * bound, at most a few thousand nodes). Applied when cheaper: true. */
static bool best_facilities(ws *w, wsol *s, int ri)
{
    const eco_instance *inst = w->inst;
    const eco_route *r = &s->routes[ri];
    if (inst->n_facilities < 2 || (w->flags & ECO_WASTE_NEAREST_FACILITY))
        return false;
    int n = r->n_steps;
    int *buf = malloc((size_t)(2 * n + 2) * sizeof *buf);
    if (!buf) {
        w->oom = true;
        return false;
    }
    fsearch fs = {.r = r, .v = &inst->vehicles[r->vehicle], .choice = buf, .best = buf + n + 1,
                  .best_cost = r->cost, .budget = 4000, .found = false};
    fs.d0 = depart0(inst, fs.v);
    for (int k = 0; k < n; k++)
        fs.choice[k] = r->steps[k].ref;
    est e;
    est_start(w, fs.v, &e);
    fac_dfs(w, &fs, 0, e);
    bool done = false;
    if (fs.found && rcopy(w, &w->A, r)) {
        for (int k = 0; k < n; k++)
            if (w->A.steps[k].type == ECO_STEP_UNLOAD)
                w->A.steps[k].ref = fs.best[k];
        w->st.confirms++;
        tidy(w, &w->A);
        bool ok = w->A.n_steps == 0 ? (w->A.cost = 0, true) : schedule_ok(w, &w->A);
        if (!ok || w->A.cost != fs.best_cost)
            w->st.mismatches++;
        if (ok && w->A.cost < r->cost - EPS) {
            s->cost += w->A.cost - r->cost;
            commit_route(s, ri, &w->A);
            done = true;
        }
    }
    free(buf);
    return done;
}

/* unload, break and vehicle moves on route ri; true when something improved */
static bool route_moves(ws *w, wsol *s, int ri)
{
    const eco_instance *inst = w->inst;
    bool any = false, fac_checked = false;
    /* unloads: change facility, shift, drop */
    for (int k = 0; k < s->routes[ri].n_steps && !w->oom; k++) {
        if (s->routes[ri].steps[k].type != ECO_STEP_UNLOAD)
            continue;
        rdesc d;
        if (!fac_checked && !(w->flags & ECO_WASTE_NEAREST_FACILITY)) {
            fac_checked = true; /* every unload's facility at once, for the sequence as it is */
            if (best_facilities(w, s, ri)) {
                any = true;
                k = -1;
                continue;
            }
        }
        {
            const eco_route *R = &s->routes[ri];
            d_edit(&d, R->vehicle, R, get_cache(w, s, ri), k, 0, NULL, 0);
            if (try_desc(w, s, ri, &d)) {
                any = true;
                k--;
                continue;
            }
        }
        for (int dd = -3; dd <= 3 && !w->oom; dd++) {
            const eco_route *R = &s->routes[ri];
            int n = R->n_steps;
            if (dd == 0 || k + dd < 0 || k + dd >= n)
                continue;
            eco_step u = R->steps[k];
            d_edit(&d, R->vehicle, R, get_cache(w, s, ri), k, k + dd, &u, 1);
            if (try_desc(w, s, ri, &d)) {
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
            if (w->used[vv])
                continue;
            const eco_route *R = &s->routes[ri];
            rdesc d;
            d_init(&d, vv);
            d_range(&d, R, get_cache(w, s, ri), 0, R->n_steps, false);
            bool ok = try_desc(w, s, ri, &d);
            /* the same boxes with the trips cut again for that vehicle */
            if (!ok && inst->n_facilities > 0 && resplit(w, &s->routes[ri], vv, &w->A) &&
                w->A.cost < s->routes[ri].cost - EPS) {
                s->cost += w->A.cost - s->routes[ri].cost;
                commit_route(s, ri, &w->A);
                ok = true;
            }
            if (ok) {
                any = true;
                mark_used(w, s);
                v0 = vv;
            }
        }
    }
    /* the trips cut again where the truck is full */
    if (inst->n_facilities > 0 && resplit(w, &s->routes[ri], s->routes[ri].vehicle, &w->A) &&
        w->A.cost < s->routes[ri].cost - EPS) {
        s->cost += w->A.cost - s->routes[ri].cost;
        commit_route(s, ri, &w->A);
        any = true;
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
            if (!s->rc[ri].tuned) {
                bool moved = route_moves(w, s, ri);
                improved |= moved;
                s->rc[ri].tuned = !moved;
            }
        compact(s);
        (*evals)++;
        if (!improved)
            break;
    }
}
/* ---- serving every mandatory box ---- */

/* Tries to serve unserved mandatory box b by an ejection: b takes the place
 * of a box e of some route (b at its cheapest position in the route without
 * e), and e is reinserted elsewhere at its cheapest, or left out when it is
 * optional. Applied at the first success: true. */
static bool eject_for(ws *w, wsol *s, int b)
{
    const eco_instance *inst = w->inst;
    const eco_box *bx = &inst->boxes[b];
    int start = rnd_int(&w->rng, s->n_routes > 0 ? s->n_routes : 1);
    for (int t = 0; t < s->n_routes && !stop_now(w); t++) {
        int ri = (start + t) % s->n_routes;
        if (!((inst->vehicles[s->routes[ri].vehicle].materials >> bx->material) & 1u))
            continue;
        int n = s->routes[ri].n_steps;
        /* optional boxes first, then the others, each from a random start */
        for (int pass = 0; pass < 2; pass++) {
            int k0 = rnd_int(&w->rng, n);
            for (int kk = 0; kk < n && !stop_now(w); kk++) {
                int k = (k0 + kk) % n;
                const eco_route *R = &s->routes[ri];
                if (R->steps[k].type != ECO_STEP_PICKUP)
                    continue;
                int e = R->steps[k].ref;
                if ((inst->boxes[e].need == ECO_BOX_OPTIONAL) != (pass == 0))
                    continue;
                base bs = {.r = R, .c = get_cache(w, s, ri), .k = k, .vehicle = R->vehicle, .n = n - 1};
                ins best = {.found = false};
                if (n <= 64) {
                    for (int p = 0; p <= n - 1; p++)
                        try_at(w, &bs, R->cost, ri, b, p, &best);
                } else {
                    try_at(w, &bs, R->cost, ri, b, 0, &best);
                    try_at(w, &bs, R->cost, ri, b, n - 1, &best);
                    const int *nb = &w->nbr[(size_t)b * K_NBR];
                    for (int j = 0; j < K_NBR && nb[j] >= 0; j++) {
                        if (s->where[nb[j]] != ri)
                            continue;
                        int kc = find_box(R, nb[j]);
                        kc -= kc > k;
                        try_at(w, &bs, R->cost, ri, b, kc, &best);
                        try_at(w, &bs, R->cost, ri, b, kc + 1, &best);
                    }
                }
                if (w->oom)
                    return false;
                if (!best.found)
                    continue;
                /* tentatively: route ri with b instead of e; the old one kept in w->E */
                if (!best.slow && !confirm(w, &best.d, best.delta + R->cost, &w->C))
                    continue;
                if (!rcopy(w, &w->E, R))
                    return false;
                commit_route(s, ri, &w->C);
                s->where[e] = -1;
                ins in = best_insert(w, s, e, false);
                if (in.found && apply_insert(w, s, e, &in)) {
                    s->cost = wsol_total(w, s);
                    return true;
                }
                if (inst->boxes[e].need == ECO_BOX_OPTIONAL) {
                    s->cost = wsol_total(w, s);
                    return true;
                }
                /* undo */
                commit_route(s, ri, &w->E);
                s->where[b] = -1;
                s->cost = wsol_total(w, s);
                n = s->routes[ri].n_steps;
            }
        }
    }
    return false;
}

/* Unserved mandatory boxes: a plain insertion into the routes in use, else
 * an ejection, else a new route. Boxes that failed often are tried less
 * often. */
static void repair(ws *w, wsol *s, int *fails)
{
    const eco_instance *inst = w->inst;
    bool any = false;
    for (int b = 0; b < w->nb && !stop_now(w); b++) {
        if (s->where[b] >= 0 || inst->boxes[b].need != ECO_BOX_MANDATORY)
            continue;
        if (fails[b] > 4 && rnd_int(&w->rng, fails[b]) > 4)
            continue;
        /* into the routes in use, else by an ejection, else on a new route */
        ins in = best_insert(w, s, b, false);
        bool ok = in.found && apply_insert(w, s, b, &in);
        ok = ok || eject_for(w, s, b);
        if (!ok) {
            in = best_insert(w, s, b, true);
            ok = in.found && apply_insert(w, s, b, &in);
        }
        if (ok) {
            fails[b] = 0;
            any = true;
        } else {
            fails[b]++;
        }
    }
    if (any) {
        compact(s);
        s->cost = wsol_total(w, s);
    }
}

static int mandatory_unserved(const ws *w, const wsol *s)
{
    int n = 0;
    for (int b = 0; b < w->nb; b++)
        n += s->where[b] < 0 && w->inst->boxes[b].need == ECO_BOX_MANDATORY;
    return n;
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
    int n_rem = 0, target = -1;
    bool allow_new = true;
    memset(w->mark, 0, (size_t)w->nb);
    double kind = rnd_unit(&w->rng);
    if (kind < 0.15 && inst->n_facilities > 0) {
        /* a whole trip of a route (its unload goes with it) */
        int ri = rnd_int(&w->rng, s->n_routes);
        const eco_route *r = &s->routes[ri];
        int trips = 1;
        for (int k = 0; k + 1 < r->n_steps; k++)
            trips += r->steps[k].type == ECO_STEP_UNLOAD;
        int t = rnd_int(&w->rng, trips), cur = 0;
        for (int k = 0; k < r->n_steps; k++) {
            if (r->steps[k].type == ECO_STEP_UNLOAD)
                cur++;
            else if (r->steps[k].type == ECO_STEP_PICKUP && cur == t)
                rem[n_rem++] = r->steps[k].ref;
        }
    } else if ((s->n_routes > 1 && kind < 0.35) || (s->n_routes == 1 && !inst->unlimited_fleet && served <= 300 && kind < 0.2)) {
        /* a whole route, small ones more likely; half of the time its boxes
         * must go to the other routes (one vehicle fewer, the repair ejects
         * for the mandatory ones that do not fit) */
        allow_new = s->n_routes == 1 || rnd_unit(&w->rng) < 0.5; /* one route: rebuilt, perhaps on
                                                                    another vehicle */
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
        if (served < w->nb && rnd_unit(&w->rng) < 0.2) {
            /* around a box left out, which is inserted first */
            for (int t = 0; t < 50 && seed < 0; t++) {
                int b = rnd_int(&w->rng, w->nb);
                if (s->where[b] < 0 && w->uncost[b] > 0)
                    seed = target = b;
            }
        }
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
    /* remove them route by route; sometimes the unloads of the routes touched
     * are sent where the nearest rule sends them (the trips change) */
    for (int x = 0; x < n_rem; x++)
        w->mark[rem[x]] = 1;
    bool nearest = inst->n_facilities > 1 && !(w->flags & ECO_WASTE_NEAREST_FACILITY) && rnd_unit(&w->rng) < 0.5;
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
        bool ok = false;
        if (nearest && rcopy(w, &w->E, &w->A)) {
            w->flags |= ECO_WASTE_NEAREST_FACILITY;
            ok = evaluate(w, &w->A);
            w->flags &= ~ECO_WASTE_NEAREST_FACILITY;
            if (!ok)
                swap_routes(&w->A, &w->E);
        }
        if (!ok)
            ok = evaluate(w, &w->A);
        if (!ok) {
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
    /* optional boxes left out near the removed ones are tried too (two boxes
     * may be worth their detour together and not alone), and every mandatory
     * box left out */
    int n_ruined = n_rem;
    for (int b = 0; b < w->nb; b++)
        if (s->where[b] < 0 && !w->mark[b] && inst->boxes[b].need == ECO_BOX_MANDATORY) {
            w->mark[b] = 1;
            rem[n_rem++] = b;
        }
    for (int x = 0; x < n_ruined; x++) {
        const int *nb = &w->nbr[(size_t)rem[x] * K_NBR];
        for (int j = 0; j < 8 && nb[j] >= 0; j++) {
            int c = nb[j];
            if (s->where[c] < 0 && !w->mark[c] && inst->boxes[c].need == ECO_BOX_OPTIONAL) {
                w->mark[c] = 1;
                rem[n_rem++] = c;
            }
        }
    }
    /* recreate: mandatory first, in random order, or the largest first, or
     * the smallest first (serves the most boxes when the fleet is short), or
     * the farthest from the depot first; sometimes with noise on the costs
     * and a bonus on the prizes */
    for (int x = n_rem - 1; x > 0; x--) {
        int y = rnd_int(&w->rng, x + 1);
        int t = rem[x];
        rem[x] = rem[y];
        rem[y] = t;
    }
    double mode = rnd_unit(&w->rng);
    if (mode >= 0.5) {
        int dep = inst->depots[inst->vehicles[0].start_depot].loc;
        double sign = mode < 0.625 || mode >= 0.75 ? 1 : -1;
        for (int x = 1; x < n_rem; x++) {
            int b = rem[x], y = x;
            double kb = mode < 0.75 ? (double)inst->boxes[b].demand : (double)eco__dist(inst, dep, inst->boxes[b].loc);
            while (y > 0) {
                int a = rem[y - 1];
                double ka = mode < 0.75 ? (double)inst->boxes[a].demand
                                        : (double)eco__dist(inst, dep, inst->boxes[a].loc);
                if (sign * ka >= sign * kb)
                    break;
                rem[y] = a;
                y--;
            }
            rem[y] = b;
        }
    }
    int front = 0;
    for (int x = 0; x < n_rem; x++)
        if (inst->boxes[rem[x]].need == ECO_BOX_MANDATORY) { /* stable: keeps the order chosen */
            int t = rem[x];
            memmove(&rem[front + 1], &rem[front], (size_t)(x - front) * sizeof *rem);
            rem[front++] = t;
        }
    for (int x = 0; x < n_rem && target >= 0; x++)
        if (rem[x] == target) {
            memmove(&rem[1], &rem[0], (size_t)x * sizeof *rem);
            rem[0] = target;
            break;
        }
    double bonus = rnd_unit(&w->rng) < 0.3 ? 1 + rnd_unit(&w->rng) : 1;
    w->noise = rnd_unit(&w->rng) < 0.5 ? 0.2 : 0;
    for (int x = 0; x < n_rem && !stop_now(w); x++) {
        int b = rem[x];
        if (s->where[b] >= 0)
            continue;
        ins in = best_insert(w, s, b, allow_new);
        if (in.found && in.delta - w->uncost[b] * bonus < EPS)
            apply_insert(w, s, b, &in);
    }
    w->noise = 0;
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
    free(w->E.steps);
    free(w->V.steps);
    free(w->used);
    free(w->list);
    free(w->mark);
    free(w->rule);
}

/* One search from init; the best is left in *best. */
static void run_search(ws *w, const wsol *init, wsol *best, long max_iter, long max_noimp, long *iters,
                       const eco_solve_options *opt, double t0, bool report)
{
    wsol cur = {0}, trial = {0};
    long it = 0, noimp = 0;
    int *fails = calloc((size_t)w->nb + 1, sizeof *fails);
    if (!fails || !wsol_copy(w, &cur, init) || !wsol_copy(w, best, init))
        goto out;
    long ev = 0;
    local_search(w, &cur, NULL, 0, &ev);
    cur.cost = wsol_total(w, &cur);
    if (mandatory_unserved(w, &cur) > 0) {
        repair(w, &cur, fails);
        local_search(w, &cur, NULL, 0, &ev);
        cur.cost = wsol_total(w, &cur);
    }
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
    long restart = 100 + served / 2;
    while (!stop_now(w)) {
        if (max_iter > 0 && it >= max_iter)
            break;
        if (max_noimp > 0 && noimp >= max_noimp)
            break;
        if (!wsol_copy(w, &trial, &cur))
            break;
        ruin_recreate(w, &trial);
        if (mandatory_unserved(w, &trial) > 0)
            repair(w, &trial, fails);
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
        } else if (noimp % restart == 0 && cur.cost > best->cost + EPS && !wsol_copy(w, &cur, best)) {
            break; /* long without improvement: back to the best */
        }
        if (report && opt->progress) {
            double now = now_s();
            if (now - last_report >= 0.25) {
                last_report = now;
                opt->progress(opt->progress_user, now - t0, best->cost, best->cost < PENALTY);
            }
        }
    }
    /* last, the cheapest facilities for each route of the best as it is */
    if (best->where && !w->oom)
        for (int ri = 0; ri < best->n_routes; ri++)
            best_facilities(w, best, ri);
out:
    *iters = it;
    free(fails);
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
    w->nm = inst->n_materials;
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
    if (inst->n_facilities > 0 && w->nm <= 4 && (size_t)inst->n_locs << w->nm <= (size_t)1 << 22) {
        size_t n = (size_t)inst->n_locs << w->nm;
        w->rule = malloc(n * sizeof *w->rule);
        if (w->rule)
            for (size_t i = 0; i < n; i++)
                w->rule[i] = -2;
        /* without it: eco__unload_choice each time */
    }
    return w->used && w->list && w->mark;
}

/* ---- entry ---- */

static void stats_add(eco__waste_stats *a, const eco__waste_stats *b)
{
    a->evals += b->evals;
    a->steps += b->steps;
    a->joins += b->joins;
    a->ranges += b->ranges;
    a->slow += b->slow;
    a->schedules += b->schedules;
    a->confirms += b->confirms;
    a->cache_builds += b->cache_builds;
    a->verified += b->verified;
    a->mismatches += b->mismatches;
}

eco_status eco__waste_search(const eco_instance *inst, const eco_solve_options *opt, int flags,
                             const eco_solution *initial, eco_solution **out, eco_error *err)
{
    return eco__waste_search_stats(inst, opt, flags, initial, out, NULL, err);
}

eco_status eco__waste_search_stats(const eco_instance *inst, const eco_solve_options *opt, int flags,
                                   const eco_solution *initial, eco_solution **out, eco__waste_stats *stats,
                                   eco_error *err)
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
    eco__waste_stats *tstats = NULL;
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
    tstats = calloc((size_t)threads, sizeof *tstats);
    if (!bests || !iters || !tstats)
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
        tstats[k] = w.st;
        ws_free(&w);
    }
    if (fail)
        goto oom;
    if (stats)
        for (int k = 0; k < threads; k++)
            stats_add(stats, &tstats[k]);
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
    /* never worse (fewer mandatory boxes unassigned, or as many at no higher
     * cost), never refused by the checker */
    int mu_sol = eco_solution_mandatory_unassigned(inst, sol);
    int mu_init = eco_solution_mandatory_unassigned(inst, initial);
    bool keep = mu_sol < mu_init || (mu_sol == mu_init && sol->summary.cost <= initial->summary.cost + EPS);
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
    free(tstats);
    wsol_free(&init);
    ws_free(&base);
    free(base.nbr);
    free(uncost);
    free(vtype);
    return st;
}
