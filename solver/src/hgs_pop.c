/*
 * hgs_pop.c - individuals, the two subpopulations (feasible, infeasible)
 * with biased fitness (cost rank + diversity rank by broken-pairs
 * distance), survivor selection that removes clones first, binary
 * tournament, adaptive penalties, and the order crossover (OX).
 */
#include <stdlib.h>
#include <string.h>

#include "hgs.h"

/* ---- individuals ---- */

hgs_indiv *hgs_indiv_new(const hgs_data *d)
{
    hgs_indiv *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->giant = malloc((size_t)d->n * sizeof *x->giant);
    x->rlen = calloc((size_t)d->max_routes, sizeof *x->rlen);
    x->succ = calloc((size_t)d->n + 1, sizeof *x->succ);
    x->pred = calloc((size_t)d->n + 1, sizeof *x->pred);
    if (!x->giant || !x->rlen || !x->succ || !x->pred) {
        hgs_indiv_free(x);
        return NULL;
    }
    return x;
}

void hgs_indiv_free(hgs_indiv *x)
{
    if (!x)
        return;
    free(x->giant);
    free(x->rlen);
    free(x->succ);
    free(x->pred);
    free(x);
}

void hgs_indiv_copy(const hgs_data *d, hgs_indiv *dst, const hgs_indiv *src)
{
    memcpy(dst->giant, src->giant, (size_t)d->n * sizeof *dst->giant);
    memcpy(dst->rlen, src->rlen, (size_t)d->max_routes * sizeof *dst->rlen);
    memcpy(dst->succ, src->succ, ((size_t)d->n + 1) * sizeof *dst->succ);
    memcpy(dst->pred, src->pred, ((size_t)d->n + 1) * sizeof *dst->pred);
    dst->n_routes = src->n_routes;
    dst->dist = src->dist;
    dst->excess = src->excess;
    dst->warp = src->warp;
    dst->pcost = src->pcost;
    dst->feasible = src->feasible;
    dst->fitness = src->fitness;
    dst->avg_close = src->avg_close;
}

void hgs_indiv_eval(const hgs_data *d, hgs_indiv *x, int64_t pen_load, int64_t pen_tw)
{
    int k = 0, nr = 0;
    x->dist = x->excess = x->warp = 0;
    for (int r = 0; r < d->max_routes; r++) {
        if (x->rlen[r] == 0)
            continue;
        nr++;
        int64_t load = 0;
        int prev = 0;
        hgs_tw seg = d->seg[0];
        for (int q = 0; q < x->rlen[r]; q++) {
            int c = x->giant[k++];
            load += d->demand[c];
            x->dist += hgs_dist(d, prev, c);
            x->pred[c] = prev;
            if (prev)
                x->succ[prev] = c;
            if (d->has_tw)
                seg = hgs_tw_cat(d, seg, d->seg[c]);
            prev = c;
        }
        x->succ[prev] = 0;
        x->dist += hgs_dist(d, prev, 0);
        if (d->has_tw)
            x->warp += hgs_tw_cat(d, seg, d->depot_end).warp;
        if (load > d->cap)
            x->excess += load - d->cap;
    }
    x->n_routes = nr;
    x->feasible = x->excess == 0 && x->warp == 0;
    x->pcost = hgs_pcost(x, pen_load, pen_tw);
}

double hgs_broken_pairs(const hgs_data *d, const hgs_indiv *a, const hgs_indiv *b)
{
    int diff = 0;
    for (int j = 1; j <= d->n; j++) {
        if (a->succ[j] != b->succ[j] && a->succ[j] != b->pred[j])
            diff++;
        if (a->pred[j] == 0 && b->pred[j] != 0 && b->succ[j] != 0)
            diff++;
    }
    return (double)diff / (double)d->n;
}

/* ---- subpopulations ---- */

static eco_status subpop_init(hgs_subpop *sp, int cap)
{
    sp->size = 0;
    sp->cap = cap;
    sp->ind = calloc((size_t)cap, sizeof *sp->ind);
    sp->slot_of = calloc((size_t)cap, sizeof *sp->slot_of);
    sp->bp = calloc((size_t)cap * (size_t)cap, sizeof *sp->bp);
    return sp->ind && sp->slot_of && sp->bp ? ECO_OK : ECO_EINTERNAL;
}

static void subpop_free(hgs_subpop *sp)
{
    for (int i = 0; i < sp->size; i++)
        hgs_indiv_free(sp->ind[i]);
    free(sp->ind);
    free(sp->slot_of);
    free(sp->bp);
    memset(sp, 0, sizeof *sp);
}

eco_status hgs_pop_init(hgs_pop *p, const hgs_data *d)
{
    memset(p, 0, sizeof *p);
    p->d = d;
    int cap = d->mu + d->lambda + 1;
    p->cap_spare = 2 * cap + 4;
    p->spare = calloc((size_t)p->cap_spare, sizeof *p->spare);
    p->best = hgs_indiv_new(d);
    p->best_restart = hgs_indiv_new(d);
    p->pen_load = d->pen_load_init;
    p->pen_tw = d->pen_tw_init;
    if (!p->spare || !p->best || !p->best_restart || subpop_init(&p->feas, cap) != ECO_OK ||
        subpop_init(&p->infeas, cap) != ECO_OK) {
        hgs_pop_free(p);
        return ECO_EINTERNAL;
    }
    return ECO_OK;
}

void hgs_pop_free(hgs_pop *p)
{
    subpop_free(&p->feas);
    subpop_free(&p->infeas);
    for (int i = 0; i < p->n_spare; i++)
        hgs_indiv_free(p->spare[i]);
    free(p->spare);
    hgs_indiv_free(p->best);
    hgs_indiv_free(p->best_restart);
    memset(p, 0, sizeof *p);
}

static hgs_indiv *take_spare(hgs_pop *p)
{
    if (p->n_spare > 0)
        return p->spare[--p->n_spare];
    return hgs_indiv_new(p->d);
}

static void give_spare(hgs_pop *p, hgs_indiv *x)
{
    if (p->n_spare < p->cap_spare)
        p->spare[p->n_spare++] = x;
    else
        hgs_indiv_free(x);
}

/* mean broken-pairs distance of slot s to its k closest others */
static double avg_closest(const hgs_subpop *sp, int s, int k, double *buf)
{
    int m = 0;
    for (int i = 0; i < sp->size; i++) {
        int t = sp->ind[i]->slot;
        if (t != s)
            buf[m++] = sp->bp[(size_t)s * sp->cap + t];
    }
    if (k > m)
        k = m;
    if (k == 0)
        return 0.0;
    /* partial selection sort: k is small */
    double sum = 0.0;
    for (int a = 0; a < k; a++) {
        int mi = a;
        for (int b = a + 1; b < m; b++)
            if (buf[b] < buf[mi])
                mi = b;
        double t = buf[a];
        buf[a] = buf[mi];
        buf[mi] = t;
        sum += buf[a];
    }
    return sum / k;
}

static void update_fitness(const hgs_data *d, hgs_subpop *sp)
{
    int n = sp->size;
    if (n == 0)
        return;
    if (n == 1) {
        sp->ind[0]->fitness = 0.0;
        sp->ind[0]->avg_close = 0.0;
        return;
    }
    double buf[256];
    int idx[256];
    for (int i = 0; i < n; i++) {
        sp->ind[i]->avg_close = avg_closest(sp, sp->ind[i]->slot, d->n_close, buf);
        idx[i] = i;
    }
    /* diversity rank: larger distance first; ties by cost rank */
    for (int i = 1; i < n; i++) {
        int t = idx[i], j = i - 1;
        while (j >= 0 && sp->ind[idx[j]]->avg_close < sp->ind[t]->avg_close) {
            idx[j + 1] = idx[j];
            j--;
        }
        idx[j + 1] = t;
    }
    for (int r = 0; r < n; r++) {
        int i = idx[r];
        double div_rank = (double)r / (double)(n - 1);
        double cost_rank = (double)i / (double)(n - 1);
        if (n <= d->n_elite)
            sp->ind[i]->fitness = cost_rank;
        else
            sp->ind[i]->fitness = cost_rank + (1.0 - (double)d->n_elite / (double)n) * div_rank;
    }
}

static void remove_at(hgs_pop *p, hgs_subpop *sp, int i)
{
    hgs_indiv *x = sp->ind[i];
    sp->slot_of[x->slot] = NULL;
    memmove(sp->ind + i, sp->ind + i + 1, (size_t)(sp->size - i - 1) * sizeof *sp->ind);
    sp->size--;
    give_spare(p, x);
}

static void remove_worst(hgs_pop *p, hgs_subpop *sp)
{
    update_fitness(p->d, sp);
    int worst = -1;
    bool worst_clone = false;
    double worst_fit = -1e30;
    for (int i = 1; i < sp->size; i++) {
        bool clone = false;
        int s = sp->ind[i]->slot;
        for (int j = 0; j < sp->size && !clone; j++)
            if (j != i && sp->bp[(size_t)s * sp->cap + sp->ind[j]->slot] <= 0.0)
                clone = true;
        if ((clone && !worst_clone) || (clone == worst_clone && sp->ind[i]->fitness > worst_fit)) {
            worst = i;
            worst_clone = clone;
            worst_fit = sp->ind[i]->fitness;
        }
    }
    if (worst >= 0)
        remove_at(p, sp, worst);
}

static void sort_subpop(hgs_subpop *sp)
{
    for (int i = 1; i < sp->size; i++) {
        hgs_indiv *t = sp->ind[i];
        int j = i - 1;
        while (j >= 0 && sp->ind[j]->pcost > t->pcost) {
            sp->ind[j + 1] = sp->ind[j];
            j--;
        }
        sp->ind[j + 1] = t;
    }
}

static void subpop_add(hgs_pop *p, hgs_subpop *sp, const hgs_indiv *x)
{
    const hgs_data *d = p->d;
    if (sp->size >= sp->cap)
        remove_worst(p, sp);
    hgs_indiv *y = take_spare(p);
    if (!y)
        return; /* out of memory: the individual is dropped */
    hgs_indiv_copy(d, y, x);
    int s = 0;
    while (sp->slot_of[s])
        s++;
    y->slot = s;
    sp->slot_of[s] = y;
    for (int i = 0; i < sp->size; i++) {
        int t = sp->ind[i]->slot;
        double bp = hgs_broken_pairs(d, y, sp->ind[i]);
        sp->bp[(size_t)s * sp->cap + t] = bp;
        sp->bp[(size_t)t * sp->cap + s] = bp;
    }
    int pos = sp->size;
    while (pos > 0 && sp->ind[pos - 1]->pcost > y->pcost) {
        sp->ind[pos] = sp->ind[pos - 1];
        pos--;
    }
    sp->ind[pos] = y;
    sp->size++;
    if (sp->size > d->mu + d->lambda)
        while (sp->size > d->mu)
            remove_worst(p, sp);
}

bool hgs_pop_add(hgs_pop *p, const hgs_indiv *x, bool record_history)
{
    if (record_history) {
        p->hist_n++;
        p->hist_load_ok += x->excess == 0;
        p->hist_tw_ok += x->warp == 0;
    }
    subpop_add(p, x->feasible ? &p->feas : &p->infeas, x);
    if (!x->feasible)
        return false;
    bool better = !p->has_best_restart || x->dist < p->best_restart->dist;
    if (better) {
        hgs_indiv_copy(p->d, p->best_restart, x);
        p->has_best_restart = true;
        if (!p->has_best || x->dist < p->best->dist) {
            hgs_indiv_copy(p->d, p->best, x);
            p->has_best = true;
        }
    }
    return better;
}

const hgs_indiv *hgs_pop_select(hgs_pop *p, hgs_rng *rng)
{
    update_fitness(p->d, &p->feas);
    update_fitness(p->d, &p->infeas);
    int total = p->feas.size + p->infeas.size;
    if (total == 0)
        return NULL;
    int a = hgs_rng_int(rng, total), b = hgs_rng_int(rng, total);
    const hgs_indiv *x = a < p->feas.size ? p->feas.ind[a] : p->infeas.ind[a - p->feas.size];
    const hgs_indiv *y = b < p->feas.size ? p->feas.ind[b] : p->infeas.ind[b - p->feas.size];
    return x->fitness <= y->fitness ? x : y;
}

static int64_t adjust(int64_t pen, double frac, double target)
{
    const int64_t lo = HGS_SCALE / 10, hi = (int64_t)100000 * HGS_SCALE;
    if (frac < target - 0.05 && pen < hi) {
        int64_t np = (int64_t)((double)pen * 1.2) + 1;
        return np < hi ? np : hi;
    }
    if (frac > target + 0.05 && pen > lo) {
        int64_t np = (int64_t)((double)pen * 0.85);
        return np > lo ? np : lo;
    }
    return pen;
}

void hgs_pop_manage_penalties(hgs_pop *p)
{
    if (p->hist_n == 0)
        return;
    double fl = (double)p->hist_load_ok / p->hist_n, ft = (double)p->hist_tw_ok / p->hist_n;
    p->pen_load = adjust(p->pen_load, fl, p->d->target_feasible);
    if (p->d->has_tw)
        p->pen_tw = adjust(p->pen_tw, ft, p->d->target_feasible);
    p->hist_n = p->hist_load_ok = p->hist_tw_ok = 0;
    for (int i = 0; i < p->infeas.size; i++)
        p->infeas.ind[i]->pcost = hgs_pcost(p->infeas.ind[i], p->pen_load, p->pen_tw);
    sort_subpop(&p->infeas);
}

void hgs_pop_restart(hgs_pop *p)
{
    while (p->feas.size > 0)
        remove_at(p, &p->feas, p->feas.size - 1);
    while (p->infeas.size > 0)
        remove_at(p, &p->infeas, p->infeas.size - 1);
    p->has_best_restart = false;
}

/* ---- crossover ---- */

void hgs_crossover_ox(const hgs_data *d, hgs_rng *rng, const hgs_indiv *a, const hgs_indiv *b,
                      hgs_indiv *child, int *scratch)
{
    int n = d->n;
    char *used = (char *)scratch; /* n + 1 bytes */
    memset(used, 0, (size_t)n + 1);
    int start = hgs_rng_int(rng, n), end = hgs_rng_int(rng, n);
    while (n > 1 && end == start)
        end = hgs_rng_int(rng, n);
    int j = start;
    for (;;) {
        child->giant[j] = a->giant[j];
        used[a->giant[j]] = 1;
        if (j == end)
            break;
        j = (j + 1) % n;
    }
    int pos = (end + 1) % n;
    for (int i = 1; i <= n; i++) {
        int c = b->giant[(end + i) % n];
        if (!used[c]) {
            child->giant[pos] = c;
            pos = (pos + 1) % n;
        }
    }
}
