/*
 * hgs_split.c - cuts a giant tour into routes (Prins 2004; Vidal 2016).
 *
 * Bellman over the giant tour: an arc i -> j is the route serving customers
 * i+1..j; its cost is the penalised route cost (distance, excess load, time
 * warp from concatenated time-window segments). Routes stop growing once the
 * load passes 1.5 x capacity. When the best cut needs more routes than the
 * solution has slots (a limited fleet), a layered Bellman with at most
 * max_routes routes is solved instead.
 */
#include <stdlib.h>

#include "hgs.h"

#define INF64 ((int64_t)1 << 62)

struct hgs_split {
    const hgs_data *d;
    int64_t *pot;   /* [n+1] */
    int *pred;      /* [n+1] */
    int64_t *lpot;  /* [(max_routes+1) * (n+1)], allocated when first needed */
    int *lpred;
};

hgs_split *hgs_split_new(const hgs_data *d)
{
    hgs_split *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->d = d;
    s->pot = malloc(((size_t)d->n + 1) * sizeof *s->pot);
    s->pred = malloc(((size_t)d->n + 1) * sizeof *s->pred);
    if (!s->pot || !s->pred) {
        hgs_split_free(s);
        return NULL;
    }
    return s;
}

void hgs_split_free(hgs_split *s)
{
    if (!s)
        return;
    free(s->pot);
    free(s->pred);
    free(s->lpot);
    free(s->lpred);
    free(s);
}

/* Relaxes every route starting after position i (customers giant[i..]) from
 * potential base into pot_out/pred_out. */
static void relax_from(const hgs_data *d, const int *giant, int i, int64_t base, int64_t *pot_out,
                       int *pred_out, int64_t pen_load, int64_t pen_tw, bool no_break)
{
    int n = d->n;
    int64_t load = 0, dist = 0, limit = d->cap + d->cap / 2;
    hgs_tw seg = d->seg[0];
    int prev = 0;
    for (int j = i + 1; j <= n; j++) {
        if (!no_break && load > limit)
            break;
        int c = giant[j - 1];
        load += d->demand[c];
        dist += hgs_dist(d, prev, c);
        int64_t cost = (dist + hgs_dist(d, c, 0)) * HGS_SCALE;
        if (load > d->cap)
            cost += (load - d->cap) * pen_load;
        if (d->has_tw) {
            seg = hgs_tw_cat(d, seg, d->seg[c]);
            cost += hgs_tw_cat(d, seg, d->depot_end).warp * pen_tw;
        }
        prev = c;
        if (base + cost < pot_out[j]) {
            pot_out[j] = base + cost;
            pred_out[j] = i;
        }
    }
}

static bool split_limited(hgs_split *s, hgs_indiv *x, int64_t pen_load, int64_t pen_tw, bool no_break)
{
    const hgs_data *d = s->d;
    int n = d->n, K = d->max_routes;
    size_t row = (size_t)n + 1;
    if (!s->lpot) {
        s->lpot = malloc(((size_t)K + 1) * row * sizeof *s->lpot);
        s->lpred = malloc(((size_t)K + 1) * row * sizeof *s->lpred);
        if (!s->lpot || !s->lpred) {
            free(s->lpot);
            free(s->lpred);
            s->lpot = NULL;
            s->lpred = NULL;
            return false;
        }
    }
    for (size_t q = 0; q < ((size_t)K + 1) * row; q++)
        s->lpot[q] = INF64;
    s->lpot[0] = 0;
    for (int k = 0; k < K; k++)
        for (int i = k; i < n; i++)
            if (s->lpot[(size_t)k * row + i] < INF64)
                relax_from(d, x->giant, i, s->lpot[(size_t)k * row + i], s->lpot + (size_t)(k + 1) * row,
                           s->lpred + (size_t)(k + 1) * row, pen_load, pen_tw, no_break);
    int best_k = -1;
    int64_t best = INF64;
    for (int k = 1; k <= K; k++)
        if (s->lpot[(size_t)k * row + n] < best) {
            best = s->lpot[(size_t)k * row + n];
            best_k = k;
        }
    if (best_k < 0)
        return false;
    for (int r = 0; r < K; r++)
        x->rlen[r] = 0;
    int j = n;
    for (int k = best_k; k >= 1; k--) {
        int i = s->lpred[(size_t)k * row + j];
        x->rlen[k - 1] = j - i;
        j = i;
    }
    return true;
}

void hgs_split_run(hgs_split *s, hgs_indiv *x, int64_t pen_load, int64_t pen_tw)
{
    const hgs_data *d = s->d;
    int n = d->n;
    for (int j = 0; j <= n; j++)
        s->pot[j] = INF64;
    s->pot[0] = 0;
    for (int i = 0; i < n; i++)
        if (s->pot[i] < INF64)
            relax_from(d, x->giant, i, s->pot[i], s->pot, s->pred, pen_load, pen_tw, false);
    int count = 0;
    for (int j = n; j > 0; j = s->pred[j])
        count++;
    if (count <= d->max_routes) {
        for (int r = 0; r < d->max_routes; r++)
            x->rlen[r] = 0;
        int j = n;
        for (int k = count; k >= 1; k--) {
            int i = s->pred[j];
            x->rlen[k - 1] = j - i;
            j = i;
        }
        return;
    }
    if (split_limited(s, x, pen_load, pen_tw, false) || split_limited(s, x, pen_load, pen_tw, true))
        return;
    /* out of memory for the layered split: evenly sized routes */
    int K = d->max_routes;
    for (int r = 0; r < K; r++)
        x->rlen[r] = n / K + (r < n % K ? 1 : 0);
}
