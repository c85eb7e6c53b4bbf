/*
 * hgs_data.c - the problem as the hybrid genetic search sees it: customers
 * 1..n (the boxes to route) around depot 0, their single-visit time-window
 * segments, polar angles, the granular neighbour lists, and the random
 * number generator.
 *
 * Neighbour lists are built row by row (each customer's k nearest by a
 * proximity that adds time-window incompatibility to the distance), so no
 * n x n array is ever held: memory is O(n k) even for 30,000 customers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hgs.h"

/* ---- random numbers ---- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void hgs_rng_seed(hgs_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t hgs_rng_next(hgs_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

void hgs_shuffle(hgs_rng *r, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = hgs_rng_int(r, i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* ---- neighbour lists ---- */

typedef struct cand {
    double prox;
    int node;
} cand;

/* a worse than b: larger proximity, then larger index (deterministic ties) */
static inline bool cand_worse(cand a, cand b)
{
    return a.prox > b.prox || (a.prox == b.prox && a.node > b.node);
}

static void heap_sift_down(cand *h, int k, int i)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < k && cand_worse(h[l], h[m]))
            m = l;
        if (r < k && cand_worse(h[r], h[m]))
            m = r;
        if (m == i)
            return;
        cand t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void heap_sift_up(cand *h, int i)
{
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!cand_worse(h[i], h[p]))
            return;
        cand t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

static int cmp_cand(const void *a, const void *b)
{
    cand x = *(const cand *)a, y = *(const cand *)b;
    if (cand_worse(x, y))
        return 1;
    if (cand_worse(y, x))
        return -1;
    return 0;
}

/* Proximity of j to i: distance plus, with time windows, the least waiting
 * (weight 0.2) and the least time warp (weight 1) when j follows i, taking
 * the smaller of both directions. */
static double proximity(const hgs_data *d, int i, int j)
{
    double dist = (double)hgs_dist(d, i, j);
    if (!d->has_tw)
        return dist;
    double best = INFINITY;
    for (int dir = 0; dir < 2; dir++) {
        int a = dir ? j : i, b = dir ? i : j;
        const hgs_tw *sa = &d->seg[a], *sb = &d->seg[b];
        int64_t t = hgs_time(d, a, b);
        int64_t wait = sb->early - (sa->late + sa->dur + t);
        int64_t warp = sa->early + sa->dur + t - sb->late;
        double p = dist + 0.2 * (double)(wait > 0 ? wait : 0) + 1.0 * (double)(warp > 0 ? warp : 0);
        if (p < best)
            best = p;
    }
    return best;
}

static eco_status build_neighbours(hgs_data *d, int k, int threads, eco_error *err)
{
    int n = d->n;
    if (k > n - 1)
        k = n - 1;
    int *knn = malloc((size_t)(n + 1) * (size_t)(k > 0 ? k : 1) * sizeof *knn);
    int *deg = calloc((size_t)n + 2, sizeof *deg);
    int64_t max_d = 0;
    if (!knn || !deg) {
        free(knn);
        free(deg);
        return eco__error(err, ECO_EINTERNAL, "search", "out of memory for neighbour lists");
    }
    bool oom = false;
#pragma omp parallel num_threads(threads > 0 ? threads : 1) reduction(max : max_d)
    {
        cand *heap = malloc((size_t)(k > 0 ? k : 1) * sizeof *heap);
        if (!heap) {
#pragma omp atomic write
            oom = true;
        }
#pragma omp for schedule(dynamic, 32)
        for (int i = 1; i <= n; i++) {
            if (!heap)
                continue;
            int sz = 0;
            for (int j = 1; j <= n; j++) {
                if (j == i)
                    continue;
                if (j > i) {
                    int64_t dij = hgs_dist(d, i, j);
                    if (dij > max_d)
                        max_d = dij;
                }
                cand c = {proximity(d, i, j), j};
                if (sz < k) {
                    heap[sz++] = c;
                    heap_sift_up(heap, sz - 1);
                } else if (k > 0 && cand_worse(heap[0], c)) {
                    heap[0] = c;
                    heap_sift_down(heap, k, 0);
                }
            }
            qsort(heap, (size_t)sz, sizeof *heap, cmp_cand);
            for (int q = 0; q < k; q++)
                knn[(size_t)i * k + q] = heap[q].node;
            int64_t d0 = hgs_dist(d, 0, i);
            if (d0 > max_d)
                max_d = d0;
        }
        free(heap);
    }
    if (oom) {
        free(knn);
        free(deg);
        return eco__error(err, ECO_EINTERNAL, "search", "out of memory for neighbour lists");
    }
    /* symmetric union: j in list(i) or i in list(j) */
    for (int i = 1; i <= n; i++)
        for (int q = 0; q < k; q++) {
            deg[i]++;
            deg[knn[(size_t)i * k + q]]++;
        }
    d->neigh_start = malloc((size_t)(n + 2) * sizeof *d->neigh_start);
    int *fill = calloc((size_t)n + 2, sizeof *fill);
    size_t total = 0;
    for (int i = 0; i <= n; i++)
        total += (size_t)deg[i];
    d->neigh = malloc((total ? total : 1) * sizeof *d->neigh);
    if (!d->neigh_start || !fill || !d->neigh) {
        free(knn);
        free(deg);
        free(fill);
        return eco__error(err, ECO_EINTERNAL, "search", "out of memory for neighbour lists");
    }
    d->neigh_start[0] = 0;
    for (int i = 0; i <= n; i++)
        d->neigh_start[i + 1] = d->neigh_start[i] + deg[i];
    /* forward lists first (nearest first), then the reverse links not yet present */
    for (int i = 1; i <= n; i++)
        for (int q = 0; q < k; q++)
            d->neigh[d->neigh_start[i] + fill[i]++] = knn[(size_t)i * k + q];
    for (int i = 1; i <= n; i++)
        for (int q = 0; q < k; q++) {
            int j = knn[(size_t)i * k + q];
            /* is i already in j's forward list? */
            bool present = false;
            for (int r = 0; r < k && !present; r++)
                present = knn[(size_t)j * k + r] == i;
            if (!present)
                d->neigh[d->neigh_start[j] + fill[j]++] = i;
        }
    /* compact: lists may be shorter than deg */
    int w = 0;
    for (int i = 0; i <= n; i++) {
        int s = d->neigh_start[i];
        d->neigh_start[i] = w;
        for (int q = 0; q < fill[i]; q++)
            d->neigh[w++] = d->neigh[s + q];
    }
    d->neigh_start[n + 1] = w;
    free(knn);
    free(deg);
    free(fill);
    /* initial load penalty: max distance per max demand, in [0.1, 1000] */
    int64_t max_dem = 1;
    for (int i = 1; i <= n; i++)
        if (d->demand[i] > max_dem)
            max_dem = d->demand[i];
    double pl = (double)max_d / (double)max_dem;
    if (pl < 0.1)
        pl = 0.1;
    if (pl > 1000.0)
        pl = 1000.0;
    d->pen_load_init = (int64_t)llround(pl * HGS_SCALE);
    if (d->pen_load_init < 1)
        d->pen_load_init = 1;
    return ECO_OK;
}

/* ---- the search's view of the instance ---- */

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

eco_status hgs_data_build(hgs_data *d, const eco_instance *inst, const int *nodes_box, int n,
                          int threads, eco_error *err)
{
    memset(d, 0, sizeof *d);
    d->inst = inst;
    d->n = n;
    const eco_vehicle *veh = &inst->vehicles[0];
    const eco_depot *dep = &inst->depots[veh->start_depot];
    const eco_depot *dep_end = &inst->depots[veh->end_depot];
    size_t m = (size_t)n + 1;
    d->box = malloc(m * sizeof *d->box);
    d->loc = malloc(m * sizeof *d->loc);
    d->demand = malloc(m * sizeof *d->demand);
    d->seg = malloc(m * sizeof *d->seg);
    d->angle = malloc(m * sizeof *d->angle);
    d->px = malloc(m * sizeof *d->px);
    d->py = malloc(m * sizeof *d->py);
    if (!d->box || !d->loc || !d->demand || !d->seg || !d->angle || !d->px || !d->py) {
        hgs_data_free(d);
        return eco__error(err, ECO_EINTERNAL, "search", "out of memory");
    }
    d->start_time = veh->shift_start > dep->open ? veh->shift_start : dep->open;
    d->end_time = min64(veh->shift_end, dep_end->close);
    d->cap = veh->cap_total;
    for (int i = 0; i < n; i++) {
        const eco_box *b = &inst->boxes[nodes_box[i]];
        d->cap = min64(d->cap, veh->cap[b->material]);
    }
    d->cap = min64(d->cap, veh->max_day_load); /* one trip per route: day load = route load */
    d->box[0] = -1;
    d->loc[0] = dep->loc;
    d->demand[0] = 0;
    d->seg[0] = (hgs_tw){0, 0, d->start_time, d->end_time, 0, 0};
    d->depot_end = (hgs_tw){0, 0, d->start_time, d->end_time, 0, 0};
    d->has_tw = d->end_time < ECO_TIME_INF / 2;
    d->total_demand = 0;
    for (int i = 1; i <= n; i++) {
        const eco_box *b = &inst->boxes[nodes_box[i - 1]];
        d->box[i] = nodes_box[i - 1];
        d->loc[i] = b->loc;
        d->demand[i] = b->demand;
        d->total_demand += b->demand;
        d->seg[i] = (hgs_tw){b->service, 0, b->tw_open, b->tw_close, i, i};
        if (b->tw_open > d->start_time || b->tw_close < ECO_TIME_INF / 2)
            d->has_tw = true;
    }
    double x0 = inst->loc_x ? inst->loc_x[dep->loc] : 0.0, y0 = inst->loc_y ? inst->loc_y[dep->loc] : 0.0;
    for (int i = 0; i <= n; i++) {
        double x = inst->loc_x ? inst->loc_x[d->loc[i]] : 0.0;
        double y = inst->loc_y ? inst->loc_y[d->loc[i]] : 0.0;
        d->px[i] = x;
        d->py[i] = y;
        double a = atan2(y - y0, x - x0); /* [-pi, pi] */
        int ang = (int)floor((a + M_PI) / (2.0 * M_PI) * 65536.0);
        d->angle[i] = ang < 0 ? 0 : ang > 65535 ? 65535 : ang;
    }
    /* symmetry: planar and great-circle travel is symmetric; check matrices */
    d->symmetric = true;
    if (inst->travel.kind == ECO_TRAVEL_MATRIX || inst->travel.speed_units_per_time > 0) {
        for (int i = 0; i <= n && d->symmetric; i++)
            for (int j = i + 1; j <= n; j++)
                if (hgs_dist(d, i, j) != hgs_dist(d, j, i) || hgs_time(d, i, j) != hgs_time(d, j, i)) {
                    d->symmetric = false;
                    break;
                }
    }
    d->fleet = inst->unlimited_fleet ? INT32_MAX : inst->n_vehicles;
    int64_t lb = d->cap > 0 ? (d->total_demand + d->cap - 1) / d->cap : 1;
    int64_t slots = (int64_t)ceil(1.3 * (double)lb) + 3;
    if (d->has_tw)
        slots += n / 5;
    if (slots > d->fleet)
        slots = d->fleet;
    if (slots > n)
        slots = n;
    if (slots < 1)
        slots = 1;
    d->max_routes = (int)slots;
    d->pen_tw_init = HGS_SCALE; /* one distance unit per time unit of warp */
    d->mu = 25;
    d->lambda = 40;
    d->n_elite = 4;
    d->n_close = 5;
    /* initial population: 4 mu (HGS-CVRP); half of it on large instances, whose
     * random starts are costly to educate within short time limits */
    d->n_init = n <= 400 ? 4 * d->mu : n <= 1500 ? 2 * d->mu : 20;
    d->target_feasible = 0.2;
    d->restart_after = 20000;
    eco_status st = build_neighbours(d, d->has_tw ? 40 : 20, threads, err);
    if (st != ECO_OK)
        hgs_data_free(d);
    return st;
}

void hgs_data_free(hgs_data *d)
{
    if (!d)
        return;
    free(d->box);
    free(d->loc);
    free(d->demand);
    free(d->seg);
    free(d->angle);
    free(d->px);
    free(d->py);
    free(d->neigh_start);
    free(d->neigh);
    memset(d, 0, sizeof *d);
}
