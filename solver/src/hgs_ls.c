/*
 * hgs_ls.c - education of an individual by granular local search.
 *
 * Routes are doubly linked lists of nodes (customers 1..n, and one start
 * and one end depot node per route slot). Each node caches its prefix data
 * (load, distance, forward time-window segment) and its suffix segment, so
 * every move below is priced in O(1) from them: relocate 1 and 2 nodes (also
 * reversed), swap 1-1, 2-1, 2-2, 2-opt, 2-opt* (both kinds) and SWAP*
 * (Vidal 2022). Intra-route moves with time windows concatenate the segment
 * between the two positions, which is computed only when the distance gain
 * could beat the route's current penalty. A move is applied when its
 * penalised cost change is negative; only the changed routes are refreshed.
 * Candidate pairs (u, v) come from the granular neighbour lists and are
 * retested only when one of their routes changed since u was last tried.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hgs.h"

#define INF64 ((int64_t)1 << 62)

typedef struct ls_node {
    int cust;            /* customer, 0 for a depot node */
    int route;
    int pos;             /* 0 = start depot */
    int next, prev;      /* node ids (-1 past the ends) */
    int last_test;       /* move counter when this customer was last tried */
    int64_t cum_load;    /* load from the start through this node */
    hgs_tw fw;           /* segment start depot .. this node */
    hgs_tw bw;           /* segment this node .. end depot */
} ls_node;

typedef struct ls_route {
    int start, end;      /* depot node ids */
    int n;               /* customers */
    int64_t load, dist, warp;
    int64_t pen;         /* load and warp penalties, cost units */
    int last_mod;        /* move counter at the last change */
    int last_swapstar;   /* move counter when last tried in SWAP* */
    int sec_start, sec_end; /* polar sector of its customers */
} ls_route;

typedef struct ins3 {
    int64_t cost[3];     /* three cheapest insertion costs, ascending */
    int pos[3];          /* insert after this node (-1: none) */
} ins3;

struct hgs_ls {
    const hgs_data *d;
    hgs_rng *rng;
    int n, R;
    ls_node *nd;         /* [n + 1 + 2R] */
    ls_route *rt;        /* [R] */
    int *order;          /* [n] customers in the order they are tried */
    int *rorder;         /* [R] */
    int *neigh;          /* own copy of the neighbour lists (shuffled) */
    int *tmp, *tmp2;     /* [n + 2] scratch */
    ins3 *ins;           /* [n + 1] SWAP* insertion positions (no cache) */
    ins3 *cache;         /* [R * (n + 1)] insertion positions of customer c in route r, or NULL */
    int *cache_when;     /* [R * (n + 1)] move counter when computed (-1: never) */
    int64_t *rem;        /* [n + 1] SWAP* removal gains */
    int *pl, *pn;        /* [n + 2] SWAP* insertion points: location, node */
    int64_t *pe;         /* [n + 2] SWAP* insertion points: edge cost */
    struct ss_item *ssu, *ssv; /* [n + 2] SWAP* route contents */
    int *ridx;           /* [R] export order */
    double *rang;        /* [R] export polar angles */
    int64_t pen_load, pen_tw;
    double deadline;     /* stop early after this (monotonic s) */
    int n_moves;
    bool done;
    bool use_swapstar;
    /* the move under test */
    int u, x, pu, xn, v, y, pv, yn;   /* node ids */
    int cu, cx, cpu, cxn, cv, cy, cpv, cyn; /* their customers (0: depot) */
    ls_route *ru, *rv;
};

/* ---- small helpers ---- */

#define D(a, b) hgs_dist(ls->d, (a), (b))

static inline int64_t pen_of(const hgs_ls *ls, int64_t load, int64_t warp)
{
    int64_t ex = load - ls->d->cap;
    return (ex > 0 ? ex * ls->pen_load : 0) + warp * ls->pen_tw;
}

static inline bool is_depot(const hgs_ls *ls, int node)
{
    return ls->nd[node].cust == 0;
}

static inline hgs_tw S1(const hgs_ls *ls, int node)
{
    return ls->d->seg[ls->nd[node].cust];
}

static inline hgs_tw CAT(const hgs_ls *ls, hgs_tw a, hgs_tw b)
{
    return hgs_tw_cat(ls->d, a, b);
}

/* segment of the nodes a..b (same route, a not after b) */
static hgs_tw between(const hgs_ls *ls, int a, int b)
{
    hgs_tw s = S1(ls, a);
    while (a != b) {
        a = ls->nd[a].next;
        s = CAT(ls, s, S1(ls, a));
    }
    return s;
}

static inline int64_t dem64(const hgs_ls *ls, int cust)
{
    return ls->d->demand[cust];
}

static inline void link_nodes(hgs_ls *ls, int a, int b)
{
    ls->nd[a].next = b;
    ls->nd[b].prev = a;
}

static inline void remove_node(hgs_ls *ls, int a)
{
    link_nodes(ls, ls->nd[a].prev, ls->nd[a].next);
}

static inline void insert_after(hgs_ls *ls, int a, int p)
{
    int q = ls->nd[p].next;
    link_nodes(ls, p, a);
    link_nodes(ls, a, q);
}

static inline int pos_mod(int i)
{
    return i & 65535;
}

static void sector_extend(ls_route *r, int a, bool first)
{
    if (first) {
        r->sec_start = r->sec_end = a;
        return;
    }
    if (pos_mod(a - r->sec_start) <= pos_mod(r->sec_end - r->sec_start))
        return;
    if (pos_mod(a - r->sec_end) <= pos_mod(r->sec_start - a))
        r->sec_end = a;
    else
        r->sec_start = a;
}

static bool sector_overlap(const ls_route *a, const ls_route *b)
{
    return pos_mod(b->sec_start - a->sec_start) <= pos_mod(a->sec_end - a->sec_start) ||
           pos_mod(a->sec_start - b->sec_start) <= pos_mod(b->sec_end - b->sec_start);
}

/* Refreshes positions, prefix/suffix data, totals and sector of route r. */
static void update_route(hgs_ls *ls, ls_route *r)
{
    const hgs_data *d = ls->d;
    int ri = (int)(r - ls->rt);
    ls_node *s = &ls->nd[r->start];
    s->pos = 0;
    s->cum_load = 0;
    s->route = ri;
    s->fw = d->seg[0];
    int64_t load = 0, dist = 0;
    int pos = 0, prev = r->start;
    for (int a = s->next; a != r->end; a = ls->nd[a].next) {
        ls_node *na = &ls->nd[a];
        pos++;
        na->pos = pos;
        na->route = ri;
        load += d->demand[na->cust];
        dist += D(ls->nd[prev].cust, na->cust);
        na->cum_load = load;
        if (d->has_tw)
            na->fw = hgs_tw_cat(d, ls->nd[prev].fw, d->seg[na->cust]);
        sector_extend(r, d->angle[na->cust], pos == 1);
        prev = a;
    }
    ls_node *e = &ls->nd[r->end];
    e->pos = pos + 1;
    e->route = ri;
    e->cum_load = load;
    dist += D(ls->nd[prev].cust, 0);
    r->n = pos;
    r->load = load;
    r->dist = dist;
    r->warp = 0;
    if (d->has_tw) {
        e->fw = hgs_tw_cat(d, ls->nd[prev].fw, d->depot_end);
        r->warp = e->fw.warp;
        e->bw = d->depot_end;
        int nxt = r->end;
        for (int a = e->prev; a != r->start; a = ls->nd[a].prev) {
            ls->nd[a].bw = hgs_tw_cat(d, d->seg[ls->nd[a].cust], ls->nd[nxt].bw);
            nxt = a;
        }
        s->bw = hgs_tw_cat(d, d->seg[0], ls->nd[nxt].bw);
    }
    r->pen = pen_of(ls, load, r->warp);
    r->last_mod = ls->n_moves;
}

static void finish_move(hgs_ls *ls)
{
    ls->n_moves++;
    ls->done = false;
    update_route(ls, ls->ru);
    if (ls->rv != ls->ru)
        update_route(ls, ls->rv);
}

static void set_u(hgs_ls *ls, int u)
{
    ls_node *n = ls->nd;
    ls->u = u;
    ls->x = n[u].next;
    ls->pu = n[u].prev;
    ls->xn = is_depot(ls, ls->x) ? ls->x : n[ls->x].next;
    ls->cu = n[u].cust;
    ls->cx = n[ls->x].cust;
    ls->cpu = n[ls->pu].cust;
    ls->cxn = n[ls->xn].cust;
    ls->ru = &ls->rt[n[u].route];
}

static void set_v(hgs_ls *ls, int v)
{
    ls_node *n = ls->nd;
    ls->v = v;
    ls->y = n[v].next;
    ls->pv = n[v].prev >= 0 ? n[v].prev : v;
    ls->yn = is_depot(ls, ls->y) ? ls->y : n[ls->y].next;
    ls->cv = n[v].cust;
    ls->cy = n[ls->y].cust;
    ls->cpv = n[ls->pv].cust;
    ls->cyn = n[ls->yn].cust;
    ls->rv = &ls->rt[n[v].route];
}

/* ---- the moves ---- */

/* relocate u after v */
static bool move1(hgs_ls *ls)
{
    if (ls->u == ls->y || ls->u == ls->v)
        return false;
    int64_t dd = D(ls->cpu, ls->cx) - D(ls->cpu, ls->cu) - D(ls->cu, ls->cx) + D(ls->cv, ls->cu) +
                 D(ls->cu, ls->cy) - D(ls->cv, ls->cy);
    int64_t delta = dd * HGS_SCALE;
    ls_route *ru = ls->ru, *rv = ls->rv;
    if (ru != rv) {
        if (delta - ru->pen - rv->pen >= 0)
            return false;
        int64_t wu = 0, wv = 0;
        if (ls->d->has_tw) {
            wu = CAT(ls, ls->nd[ls->pu].fw, ls->nd[ls->x].bw).warp;
            wv = CAT(ls, CAT(ls, ls->nd[ls->v].fw, S1(ls, ls->u)), ls->nd[ls->y].bw).warp;
        }
        int64_t q = dem64(ls, ls->cu);
        delta += pen_of(ls, ru->load - q, wu) - ru->pen + pen_of(ls, rv->load + q, wv) - rv->pen;
    } else if (ls->d->has_tw) {
        if (delta - ru->pen >= 0)
            return false;
        hgs_tw s;
        if (ls->nd[ls->v].pos < ls->nd[ls->u].pos)
            s = CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->v].fw, S1(ls, ls->u)), between(ls, ls->y, ls->pu)),
                    ls->nd[ls->x].bw);
        else
            s = CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pu].fw, between(ls, ls->x, ls->v)), S1(ls, ls->u)),
                    ls->nd[ls->y].bw);
        delta += pen_of(ls, ru->load, s.warp) - ru->pen;
    }
    if (delta >= 0)
        return false;
    remove_node(ls, ls->u);
    insert_after(ls, ls->u, ls->v);
    finish_move(ls);
    return true;
}

/* relocate (u, x) after v; reversed: as (x, u) */
static bool move23(hgs_ls *ls, bool reversed)
{
    if (ls->u == ls->y || ls->v == ls->x || is_depot(ls, ls->x))
        return false;
    int64_t dd;
    if (!reversed)
        dd = D(ls->cpu, ls->cxn) - D(ls->cpu, ls->cu) - D(ls->cx, ls->cxn) + D(ls->cv, ls->cu) +
             D(ls->cx, ls->cy) - D(ls->cv, ls->cy);
    else
        dd = D(ls->cpu, ls->cxn) - D(ls->cpu, ls->cu) - D(ls->cu, ls->cx) - D(ls->cx, ls->cxn) +
             D(ls->cv, ls->cx) + D(ls->cx, ls->cu) + D(ls->cu, ls->cy) - D(ls->cv, ls->cy);
    int64_t delta = dd * HGS_SCALE;
    ls_route *ru = ls->ru, *rv = ls->rv;
    int a = reversed ? ls->x : ls->u, b = reversed ? ls->u : ls->x; /* inserted order */
    if (ru != rv) {
        if (delta - ru->pen - rv->pen >= 0)
            return false;
        int64_t wu = 0, wv = 0;
        if (ls->d->has_tw) {
            wu = CAT(ls, ls->nd[ls->pu].fw, ls->nd[ls->xn].bw).warp;
            wv = CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->v].fw, S1(ls, a)), S1(ls, b)), ls->nd[ls->y].bw).warp;
        }
        int64_t q = dem64(ls, ls->cu) + dem64(ls, ls->cx);
        delta += pen_of(ls, ru->load - q, wu) - ru->pen + pen_of(ls, rv->load + q, wv) - rv->pen;
    } else if (ls->d->has_tw) {
        if (delta - ru->pen >= 0)
            return false;
        hgs_tw s;
        if (ls->nd[ls->v].pos < ls->nd[ls->u].pos)
            s = CAT(ls,
                    CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->v].fw, S1(ls, a)), S1(ls, b)), between(ls, ls->y, ls->pu)),
                    ls->nd[ls->xn].bw);
        else
            s = CAT(ls,
                    CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pu].fw, between(ls, ls->xn, ls->v)), S1(ls, a)), S1(ls, b)),
                    ls->nd[ls->y].bw);
        delta += pen_of(ls, ru->load, s.warp) - ru->pen;
    }
    if (delta >= 0)
        return false;
    remove_node(ls, ls->u);
    remove_node(ls, ls->x);
    insert_after(ls, a, ls->v);
    insert_after(ls, b, a);
    finish_move(ls);
    return true;
}

/* swap u and v */
static bool move4(hgs_ls *ls)
{
    if (is_depot(ls, ls->v) || ls->u == ls->pv || ls->u == ls->y)
        return false;
    int64_t dd = D(ls->cpu, ls->cv) + D(ls->cv, ls->cx) - D(ls->cpu, ls->cu) - D(ls->cu, ls->cx) +
                 D(ls->cpv, ls->cu) + D(ls->cu, ls->cy) - D(ls->cpv, ls->cv) - D(ls->cv, ls->cy);
    int64_t delta = dd * HGS_SCALE;
    ls_route *ru = ls->ru, *rv = ls->rv;
    if (ru != rv) {
        if (delta - ru->pen - rv->pen >= 0)
            return false;
        int64_t wu = 0, wv = 0;
        if (ls->d->has_tw) {
            wu = CAT(ls, CAT(ls, ls->nd[ls->pu].fw, S1(ls, ls->v)), ls->nd[ls->x].bw).warp;
            wv = CAT(ls, CAT(ls, ls->nd[ls->pv].fw, S1(ls, ls->u)), ls->nd[ls->y].bw).warp;
        }
        int64_t q = dem64(ls, ls->cv) - dem64(ls, ls->cu);
        delta += pen_of(ls, ru->load + q, wu) - ru->pen + pen_of(ls, rv->load - q, wv) - rv->pen;
    } else if (ls->d->has_tw) {
        if (delta - ru->pen >= 0)
            return false;
        hgs_tw s;
        if (ls->nd[ls->u].pos < ls->nd[ls->v].pos)
            s = CAT(ls,
                    CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pu].fw, S1(ls, ls->v)), between(ls, ls->x, ls->pv)),
                        S1(ls, ls->u)),
                    ls->nd[ls->y].bw);
        else
            s = CAT(ls,
                    CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pv].fw, S1(ls, ls->u)), between(ls, ls->y, ls->pu)),
                        S1(ls, ls->v)),
                    ls->nd[ls->x].bw);
        delta += pen_of(ls, ru->load, s.warp) - ru->pen;
    }
    if (delta >= 0)
        return false;
    int pu = ls->pu, pv = ls->pv;
    remove_node(ls, ls->u);
    remove_node(ls, ls->v);
    insert_after(ls, ls->v, pu);
    insert_after(ls, ls->u, pv);
    finish_move(ls);
    return true;
}

/* swap (u, x) and v */
static bool move5(hgs_ls *ls)
{
    if (is_depot(ls, ls->x) || is_depot(ls, ls->v) || ls->u == ls->pv || ls->x == ls->pv || ls->u == ls->y)
        return false;
    int64_t dd = D(ls->cpu, ls->cv) + D(ls->cv, ls->cxn) - D(ls->cpu, ls->cu) - D(ls->cx, ls->cxn) +
                 D(ls->cpv, ls->cu) + D(ls->cx, ls->cy) - D(ls->cpv, ls->cv) - D(ls->cv, ls->cy);
    int64_t delta = dd * HGS_SCALE;
    ls_route *ru = ls->ru, *rv = ls->rv;
    if (ru != rv) {
        if (delta - ru->pen - rv->pen >= 0)
            return false;
        int64_t wu = 0, wv = 0;
        if (ls->d->has_tw) {
            wu = CAT(ls, CAT(ls, ls->nd[ls->pu].fw, S1(ls, ls->v)), ls->nd[ls->xn].bw).warp;
            wv = CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pv].fw, S1(ls, ls->u)), S1(ls, ls->x)), ls->nd[ls->y].bw).warp;
        }
        int64_t q = dem64(ls, ls->cv) - dem64(ls, ls->cu) - dem64(ls, ls->cx);
        delta += pen_of(ls, ru->load + q, wu) - ru->pen + pen_of(ls, rv->load - q, wv) - rv->pen;
    } else if (ls->d->has_tw) {
        if (delta - ru->pen >= 0)
            return false;
        hgs_tw s;
        if (ls->nd[ls->u].pos < ls->nd[ls->v].pos)
            s = CAT(ls,
                    CAT(ls,
                        CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pu].fw, S1(ls, ls->v)), between(ls, ls->xn, ls->pv)),
                            S1(ls, ls->u)),
                        S1(ls, ls->x)),
                    ls->nd[ls->y].bw);
        else
            s = CAT(ls,
                    CAT(ls,
                        CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pv].fw, S1(ls, ls->u)), S1(ls, ls->x)),
                            between(ls, ls->y, ls->pu)),
                        S1(ls, ls->v)),
                    ls->nd[ls->xn].bw);
        delta += pen_of(ls, ru->load, s.warp) - ru->pen;
    }
    if (delta >= 0)
        return false;
    int pu = ls->pu, pv = ls->pv;
    remove_node(ls, ls->u);
    remove_node(ls, ls->x);
    remove_node(ls, ls->v);
    insert_after(ls, ls->v, pu);
    insert_after(ls, ls->u, pv);
    insert_after(ls, ls->x, ls->u);
    finish_move(ls);
    return true;
}

/* swap (u, x) and (v, y) */
static bool move6(hgs_ls *ls)
{
    if (is_depot(ls, ls->x) || is_depot(ls, ls->v) || is_depot(ls, ls->y) || ls->y == ls->pu ||
        ls->u == ls->y || ls->x == ls->v || ls->v == ls->xn)
        return false;
    int64_t dd = D(ls->cpu, ls->cv) + D(ls->cy, ls->cxn) - D(ls->cpu, ls->cu) - D(ls->cx, ls->cxn) +
                 D(ls->cpv, ls->cu) + D(ls->cx, ls->cyn) - D(ls->cpv, ls->cv) - D(ls->cy, ls->cyn);
    int64_t delta = dd * HGS_SCALE;
    ls_route *ru = ls->ru, *rv = ls->rv;
    if (ru != rv) {
        if (delta - ru->pen - rv->pen >= 0)
            return false;
        int64_t wu = 0, wv = 0;
        if (ls->d->has_tw) {
            wu = CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pu].fw, S1(ls, ls->v)), S1(ls, ls->y)), ls->nd[ls->xn].bw).warp;
            wv = CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pv].fw, S1(ls, ls->u)), S1(ls, ls->x)), ls->nd[ls->yn].bw).warp;
        }
        int64_t q = dem64(ls, ls->cv) + dem64(ls, ls->cy) - dem64(ls, ls->cu) - dem64(ls, ls->cx);
        delta += pen_of(ls, ru->load + q, wu) - ru->pen + pen_of(ls, rv->load - q, wv) - rv->pen;
    } else if (ls->d->has_tw) {
        if (delta - ru->pen >= 0)
            return false;
        hgs_tw s;
        if (ls->nd[ls->u].pos < ls->nd[ls->v].pos) {
            s = CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pu].fw, S1(ls, ls->v)), S1(ls, ls->y)), between(ls, ls->xn, ls->pv));
            s = CAT(ls, CAT(ls, CAT(ls, s, S1(ls, ls->u)), S1(ls, ls->x)), ls->nd[ls->yn].bw);
        } else {
            s = CAT(ls, CAT(ls, CAT(ls, ls->nd[ls->pv].fw, S1(ls, ls->u)), S1(ls, ls->x)), between(ls, ls->yn, ls->pu));
            s = CAT(ls, CAT(ls, CAT(ls, s, S1(ls, ls->v)), S1(ls, ls->y)), ls->nd[ls->xn].bw);
        }
        delta += pen_of(ls, ru->load, s.warp) - ru->pen;
    }
    if (delta >= 0)
        return false;
    int pu = ls->pu, pv = ls->pv;
    remove_node(ls, ls->u);
    remove_node(ls, ls->x);
    remove_node(ls, ls->v);
    remove_node(ls, ls->y);
    insert_after(ls, ls->v, pu);
    insert_after(ls, ls->y, ls->v);
    insert_after(ls, ls->u, pv);
    insert_after(ls, ls->x, ls->u);
    finish_move(ls);
    return true;
}

/* 2-opt within a route: reverse x..v */
static bool move7(hgs_ls *ls)
{
    if (!ls->d->symmetric || ls->nd[ls->u].pos > ls->nd[ls->v].pos || ls->x == ls->v)
        return false;
    int64_t dd = D(ls->cu, ls->cv) + D(ls->cx, ls->cy) - D(ls->cu, ls->cx) - D(ls->cv, ls->cy);
    int64_t delta = dd * HGS_SCALE;
    ls_route *ru = ls->ru;
    if (ls->d->has_tw) {
        if (delta - ru->pen >= 0)
            return false;
        hgs_tw s = CAT(ls, ls->nd[ls->u].fw, S1(ls, ls->v));
        for (int a = ls->v; a != ls->x;) {
            a = ls->nd[a].prev;
            s = CAT(ls, s, S1(ls, a));
        }
        s = CAT(ls, s, ls->nd[ls->y].bw);
        delta += pen_of(ls, ru->load, s.warp) - ru->pen;
    }
    if (delta >= 0)
        return false;
    int k = 0;
    for (int a = ls->x;; a = ls->nd[a].next) {
        ls->tmp[k++] = a;
        if (a == ls->v)
            break;
    }
    int prev = ls->u;
    for (int i = k - 1; i >= 0; i--) {
        link_nodes(ls, prev, ls->tmp[i]);
        prev = ls->tmp[i];
    }
    link_nodes(ls, prev, ls->y);
    finish_move(ls);
    return true;
}

/* relinks route r as start, seq[0..k-1], end */
static void relink_route(hgs_ls *ls, ls_route *r, const int *seq, int k)
{
    int prev = r->start;
    for (int i = 0; i < k; i++) {
        link_nodes(ls, prev, seq[i]);
        prev = seq[i];
    }
    link_nodes(ls, prev, r->end);
}

/* 2-opt* with reversal: (u,x),(v,y) -> (u,v),(x,y) */
static bool move8(hgs_ls *ls)
{
    if (!ls->d->symmetric || ls->d->has_tw)
        return false;
    ls_route *ru = ls->ru, *rv = ls->rv;
    int64_t dd = D(ls->cu, ls->cv) + D(ls->cx, ls->cy) - D(ls->cu, ls->cx) - D(ls->cv, ls->cy);
    int64_t delta = dd * HGS_SCALE;
    if (delta - ru->pen - rv->pen >= 0)
        return false;
    int64_t lu = ls->nd[ls->u].cum_load, lv = ls->nd[ls->v].cum_load;
    delta += pen_of(ls, lu + lv, 0) - ru->pen + pen_of(ls, ru->load - lu + rv->load - lv, 0) - rv->pen;
    if (delta >= 0)
        return false;
    int k1 = 0, k2 = 0;
    for (int a = ls->nd[ru->start].next; a != ls->x; a = ls->nd[a].next)
        ls->tmp[k1++] = a;
    for (int a = ls->v; a != rv->start; a = ls->nd[a].prev)
        ls->tmp[k1++] = a;
    for (int a = ls->nd[ru->end].prev; a != ls->u; a = ls->nd[a].prev)
        ls->tmp2[k2++] = a;
    for (int a = ls->y; a != rv->end; a = ls->nd[a].next)
        ls->tmp2[k2++] = a;
    relink_route(ls, ru, ls->tmp, k1);
    relink_route(ls, rv, ls->tmp2, k2);
    finish_move(ls);
    return true;
}

/* 2-opt*: (u,x),(v,y) -> (u,y),(v,x) */
static bool move9(hgs_ls *ls)
{
    ls_route *ru = ls->ru, *rv = ls->rv;
    int64_t dd = D(ls->cu, ls->cy) + D(ls->cv, ls->cx) - D(ls->cu, ls->cx) - D(ls->cv, ls->cy);
    int64_t delta = dd * HGS_SCALE;
    if (delta - ru->pen - rv->pen >= 0)
        return false;
    int64_t wu = 0, wv = 0;
    if (ls->d->has_tw) {
        wu = CAT(ls, ls->nd[ls->u].fw, ls->nd[ls->y].bw).warp;
        wv = CAT(ls, ls->nd[ls->v].fw, ls->nd[ls->x].bw).warp;
    }
    int64_t lu = ls->nd[ls->u].cum_load, lv = ls->nd[ls->v].cum_load;
    delta += pen_of(ls, lu + rv->load - lv, wu) - ru->pen + pen_of(ls, lv + ru->load - lu, wv) - rv->pen;
    if (delta >= 0)
        return false;
    int last_u = ls->nd[ru->end].prev, last_v = ls->nd[rv->end].prev;
    bool chain_x = ls->x != ru->end, chain_y = ls->y != rv->end;
    if (chain_y) {
        link_nodes(ls, ls->u, ls->y);
        link_nodes(ls, last_v, ru->end);
    } else {
        link_nodes(ls, ls->u, ru->end);
    }
    if (chain_x) {
        link_nodes(ls, ls->v, ls->x);
        link_nodes(ls, last_u, rv->end);
    } else {
        link_nodes(ls, ls->v, rv->end);
    }
    finish_move(ls);
    return true;
}

/* ---- SWAP* (capacity only) ---- */

static void ins_add(ins3 *b, int64_t c, int p)
{
    if (c >= b->cost[2])
        return;
    if (c >= b->cost[1]) {
        b->cost[2] = c;
        b->pos[2] = p;
    } else if (c >= b->cost[0]) {
        b->cost[2] = b->cost[1];
        b->pos[2] = b->pos[1];
        b->cost[1] = c;
        b->pos[1] = p;
    } else {
        b->cost[2] = b->cost[1];
        b->pos[2] = b->pos[1];
        b->cost[1] = b->cost[0];
        b->pos[1] = b->pos[0];
        b->cost[0] = c;
        b->pos[0] = p;
    }
}

static inline ins3 *ins_of(const hgs_ls *ls, int cust, const ls_route *r)
{
    if (ls->cache)
        return &ls->cache[(size_t)(r - ls->rt) * (size_t)(ls->n + 1) + (size_t)cust];
    return &ls->ins[cust];
}

/* removal gains of r1's customers and their three best insertions in r2 */
static void preprocess_insertions(hgs_ls *ls, const ls_route *r1, const ls_route *r2)
{
    const hgs_data *d = ls->d;
    const eco_instance *inst = d->inst;
    /* r2's insertion points: location of p, of its successor, and the edge cost */
    int k = 0;
    for (int p = r2->start; p != r2->end; p = ls->nd[p].next) {
        int cp = ls->nd[p].cust, cq = ls->nd[ls->nd[p].next].cust;
        ls->pl[k] = d->loc[cp];
        ls->pe[k] = D(cp, cq);
        ls->pn[k] = p;
        k++;
    }
    ls->pl[k] = d->loc[0];
    /* with a symmetric matrix, u's row gives both d(p, u) and d(u, q) */
    const int32_t *mat = d->symmetric && inst->dist ? inst->dist : NULL;
    for (int u = ls->nd[r1->start].next; u != r1->end; u = ls->nd[u].next) {
        int cu = ls->nd[u].cust, cp = ls->nd[ls->nd[u].prev].cust, cn = ls->nd[ls->nd[u].next].cust;
        ls->rem[cu] = D(cp, cn) - D(cp, cu) - D(cu, cn);
        ins3 *b = ins_of(ls, cu, r2);
        if (ls->cache) {
            int *when = &ls->cache_when[b - ls->cache];
            if (*when >= r2->last_mod)
                continue;
            *when = ls->n_moves;
        }
        for (int q = 0; q < 3; q++) {
            b->cost[q] = INF64;
            b->pos[q] = -1;
        }
        if (mat) {
            const int32_t *row = mat + (size_t)d->loc[cu] * (size_t)inst->n_locs;
            for (int i = 0; i < k; i++) {
                int64_t c = (int64_t)row[ls->pl[i]] + row[ls->pl[i + 1]] - ls->pe[i];
                if (c < b->cost[2])
                    ins_add(b, c, ls->pn[i]);
            }
        } else {
            for (int i = 0; i < k; i++) {
                int p = ls->pn[i];
                int cp2 = ls->nd[p].cust, cq = ls->nd[ls->nd[p].next].cust;
                ins_add(b, D(cp2, cu) + D(cu, cq) - ls->pe[i], p);
            }
        }
    }
}

/* a customer of a route in SWAP*, with what its evaluation needs */
typedef struct ss_item {
    int node, prev;      /* node ids */
    int cust, pcust, ncust;
    int loc, ploc, nloc; /* locations of it and its neighbours */
    int64_t e;           /* d(prev, next) */
    int64_t dem;
    const ins3 *b;       /* its best insertions in the other route */
} ss_item;

static int gather(hgs_ls *ls, const ls_route *r, const ls_route *other, ss_item *it)
{
    const hgs_data *d = ls->d;
    int k = 0;
    for (int u = ls->nd[r->start].next; u != r->end; u = ls->nd[u].next) {
        ss_item *x = &it[k++];
        x->node = u;
        x->prev = ls->nd[u].prev;
        x->cust = ls->nd[u].cust;
        x->pcust = ls->nd[x->prev].cust;
        x->ncust = ls->nd[ls->nd[u].next].cust;
        x->loc = d->loc[x->cust];
        x->ploc = d->loc[x->pcust];
        x->nloc = d->loc[x->ncust];
        x->e = D(x->pcust, x->ncust);
        x->dem = d->demand[x->cust];
        x->b = ins_of(ls, x->cust, other);
    }
    return k;
}

/* cheapest of the three insertions b that stays valid when `node` (with
 * predecessor prev) leaves the route; -1 position when none */
static inline int64_t first_valid(const ins3 *b, int node, int prev, int *pos)
{
    for (int k = 0; k < 3; k++) {
        int p = b->pos[k];
        if (p >= 0 && p != node && p != prev) {
            *pos = p;
            return b->cost[k];
        }
    }
    *pos = -1;
    return INF64;
}

static bool swap_star(hgs_ls *ls, ls_route *ru, ls_route *rv)
{
    const hgs_data *d = ls->d;
    const eco_instance *inst = d->inst;
    preprocess_insertions(ls, ru, rv);
    preprocess_insertions(ls, rv, ru);
    ss_item *U = ls->ssu, *V = ls->ssv;
    int nu = gather(ls, ru, rv, U), nv = gather(ls, rv, ru, V);
    const int32_t *mat = d->symmetric && inst->dist ? inst->dist : NULL;
    size_t stride = (size_t)inst->n_locs;
    int64_t best = 0;
    int bu = -1, bv = -1, bpu = -1, bpv = -1;
    for (int i = 0; i < nu; i++) {
        const ss_item *x = &U[i];
        int64_t rem_u = x->e - D(x->pcust, x->cust) - D(x->cust, x->ncust);
        const int32_t *row_u = mat ? mat + (size_t)x->loc * stride : NULL;
        const int32_t *row_p = mat ? mat + (size_t)x->ploc * stride : NULL;
        const int32_t *row_n = mat ? mat + (size_t)x->nloc * stride : NULL;
        for (int j = 0; j < nv; j++) {
            const ss_item *y = &V[j];
            int64_t q = y->dem - x->dem;
            int64_t dpu = pen_of(ls, ru->load + q, 0) - ru->pen;
            int64_t dpv = pen_of(ls, rv->load - q, 0) - rv->pen;
            int64_t rem_v = y->e - D(y->pcust, y->cust) - D(y->cust, y->ncust);
            int64_t base = dpu + dpv + (rem_u + rem_v) * HGS_SCALE;
            if (base > 0)
                continue;
            /* u into V without v, v into U without u; or each in the other's place */
            int pu, pv;
            int64_t iu = first_valid(x->b, y->node, y->prev, &pu);
            int64_t iv = first_valid(y->b, x->node, x->prev, &pv);
            int64_t cu, cv;
            if (mat) {
                cu = (int64_t)row_u[y->ploc] + row_u[y->nloc] - y->e;
                cv = (int64_t)row_p[y->loc] + row_n[y->loc] - x->e;
            } else {
                cu = D(y->pcust, x->cust) + D(x->cust, y->ncust) - y->e;
                cv = D(x->pcust, y->cust) + D(y->cust, x->ncust) - x->e;
            }
            if (cu < iu) {
                iu = cu;
                pu = y->prev;
            }
            if (cv < iv) {
                iv = cv;
                pv = x->prev;
            }
            int64_t c = base + (iu + iv) * HGS_SCALE;
            if (c < best) {
                best = c;
                bu = x->node;
                bv = y->node;
                bpu = pu;
                bpv = pv;
            }
        }
    }
    /* plain relocations, from the same preprocessing */
    for (int i = 0; i < nu; i++) {
        const ss_item *x = &U[i];
        int64_t c = (ls->rem[x->cust] + x->b->cost[0]) * HGS_SCALE + pen_of(ls, ru->load - x->dem, 0) - ru->pen +
                    pen_of(ls, rv->load + x->dem, 0) - rv->pen;
        if (c < best) {
            best = c;
            bu = x->node;
            bv = -1;
            bpu = x->b->pos[0];
            bpv = -1;
        }
    }
    for (int j = 0; j < nv; j++) {
        const ss_item *y = &V[j];
        int64_t c = (ls->rem[y->cust] + y->b->cost[0]) * HGS_SCALE + pen_of(ls, rv->load - y->dem, 0) - rv->pen +
                    pen_of(ls, ru->load + y->dem, 0) - ru->pen;
        if (c < best) {
            best = c;
            bu = -1;
            bv = y->node;
            bpu = -1;
            bpv = y->b->pos[0];
        }
    }
    if (best >= 0)
        return false;
    if (bu >= 0)
        remove_node(ls, bu);
    if (bv >= 0)
        remove_node(ls, bv);
    if (bu >= 0)
        insert_after(ls, bu, bpu);
    if (bv >= 0)
        insert_after(ls, bv, bpv);
    ls->ru = ru;
    ls->rv = rv;
    finish_move(ls);
    return true;
}

/* ---- life cycle, load and export ---- */

hgs_ls *hgs_ls_new(const hgs_data *d, hgs_rng *rng)
{
    hgs_ls *ls = calloc(1, sizeof *ls);
    if (!ls)
        return NULL;
    ls->d = d;
    ls->rng = rng;
    ls->n = d->n;
    ls->R = d->max_routes;
    size_t nn = (size_t)d->n + 1 + 2 * (size_t)d->max_routes;
    ls->nd = calloc(nn, sizeof *ls->nd);
    ls->rt = calloc((size_t)ls->R, sizeof *ls->rt);
    ls->order = malloc((size_t)d->n * sizeof *ls->order);
    ls->rorder = malloc((size_t)ls->R * sizeof *ls->rorder);
    size_t nl = (size_t)d->neigh_start[d->n + 1];
    ls->neigh = malloc((nl ? nl : 1) * sizeof *ls->neigh);
    ls->tmp = malloc(((size_t)d->n + 2) * sizeof *ls->tmp);
    ls->tmp2 = malloc(((size_t)d->n + 2) * sizeof *ls->tmp2);
    ls->ins = malloc(((size_t)d->n + 1) * sizeof *ls->ins);
    ls->rem = malloc(((size_t)d->n + 1) * sizeof *ls->rem);
    ls->pl = malloc(((size_t)d->n + 3) * sizeof *ls->pl);
    ls->pn = malloc(((size_t)d->n + 3) * sizeof *ls->pn);
    ls->pe = malloc(((size_t)d->n + 3) * sizeof *ls->pe);
    ls->ssu = malloc(((size_t)d->n + 3) * sizeof *ls->ssu);
    ls->ssv = malloc(((size_t)d->n + 3) * sizeof *ls->ssv);
    ls->ridx = malloc((size_t)ls->R * sizeof *ls->ridx);
    ls->rang = malloc((size_t)ls->R * sizeof *ls->rang);
    if (!ls->nd || !ls->rt || !ls->order || !ls->rorder || !ls->neigh || !ls->tmp || !ls->tmp2 || !ls->ins ||
        !ls->rem || !ls->ridx || !ls->rang || !ls->pl || !ls->pn || !ls->pe || !ls->ssu || !ls->ssv) {
        hgs_ls_free(ls);
        return NULL;
    }
    memcpy(ls->neigh, d->neigh, nl * sizeof *ls->neigh);
    /* SWAP* insertion cache, when it fits in 512 MiB */
    size_t nc = (size_t)ls->R * ((size_t)d->n + 1);
    if (!d->has_tw && nc * (sizeof(ins3) + sizeof(int)) <= ((size_t)512 << 20)) {
        ls->cache = malloc(nc * sizeof *ls->cache);
        ls->cache_when = malloc(nc * sizeof *ls->cache_when);
        if (!ls->cache || !ls->cache_when) {
            free(ls->cache);
            free(ls->cache_when);
            ls->cache = NULL;
            ls->cache_when = NULL;
        }
    }
    for (int i = 0; i < d->n; i++)
        ls->order[i] = i + 1;
    for (int r = 0; r < ls->R; r++)
        ls->rorder[r] = r;
    for (int i = 1; i <= d->n; i++) {
        ls->nd[i].cust = i;
        ls->nd[i].last_test = -1;
    }
    for (int r = 0; r < ls->R; r++) {
        ls_route *rt = &ls->rt[r];
        rt->start = d->n + 1 + r;
        rt->end = d->n + 1 + ls->R + r;
        ls->nd[rt->start].cust = 0;
        ls->nd[rt->end].cust = 0;
        ls->nd[rt->start].prev = -1;
        ls->nd[rt->end].next = -1;
        ls->nd[rt->start].route = r;
        ls->nd[rt->end].route = r;
    }
    /* SWAP* needs route sectors, i.e. coordinates */
    ls->use_swapstar = !d->has_tw && d->inst->loc_x != NULL && d->inst->loc_y != NULL;
    ls->deadline = 1e300;
    return ls;
}

void hgs_ls_set_deadline(hgs_ls *ls, double deadline)
{
    ls->deadline = deadline;
}

void hgs_ls_free(hgs_ls *ls)
{
    if (!ls)
        return;
    free(ls->nd);
    free(ls->rt);
    free(ls->order);
    free(ls->rorder);
    free(ls->neigh);
    free(ls->tmp);
    free(ls->tmp2);
    free(ls->ins);
    free(ls->cache);
    free(ls->cache_when);
    free(ls->rem);
    free(ls->pl);
    free(ls->pn);
    free(ls->pe);
    free(ls->ssu);
    free(ls->ssv);
    free(ls->ridx);
    free(ls->rang);
    free(ls);
}

static void load_indiv(hgs_ls *ls, const hgs_indiv *x)
{
    int k = 0;
    for (int r = 0; r < ls->R; r++) {
        ls_route *rt = &ls->rt[r];
        int prev = rt->start;
        for (int q = 0; q < x->rlen[r]; q++) {
            int c = x->giant[k++];
            link_nodes(ls, prev, c);
            prev = c;
        }
        link_nodes(ls, prev, rt->end);
        rt->last_mod = 0;
        rt->last_swapstar = -1;
        update_route(ls, rt);
    }
    for (int i = 1; i <= ls->n; i++)
        ls->nd[i].last_test = -1;
    if (ls->cache && ls->use_swapstar)
        for (size_t q = 0; q < (size_t)ls->R * ((size_t)ls->n + 1); q++)
            ls->cache_when[q] = -1;
}

static void export_indiv(hgs_ls *ls, hgs_indiv *x, int64_t pen_load, int64_t pen_tw)
{
    const hgs_data *d = ls->d;
    int nr = 0;
    for (int r = 0; r < ls->R; r++) {
        ls_route *rt = &ls->rt[r];
        if (rt->n == 0)
            continue;
        double sx = 0, sy = 0;
        for (int a = ls->nd[rt->start].next; a != rt->end; a = ls->nd[a].next) {
            sx += d->px[ls->nd[a].cust];
            sy += d->py[ls->nd[a].cust];
        }
        ls->rang[r] = atan2(sy / rt->n - d->py[0], sx / rt->n - d->px[0]);
        ls->ridx[nr++] = r;
    }
    /* insertion sort by polar angle (few routes), ties by index */
    for (int i = 1; i < nr; i++) {
        int r = ls->ridx[i], j = i - 1;
        while (j >= 0 && (ls->rang[ls->ridx[j]] > ls->rang[r] ||
                          (ls->rang[ls->ridx[j]] == ls->rang[r] && ls->ridx[j] > r))) {
            ls->ridx[j + 1] = ls->ridx[j];
            j--;
        }
        ls->ridx[j + 1] = r;
    }
    int k = 0;
    x->dist = x->excess = x->warp = 0;
    for (int i = 0; i < ls->R; i++)
        x->rlen[i] = 0;
    for (int i = 0; i < nr; i++) {
        ls_route *rt = &ls->rt[ls->ridx[i]];
        x->rlen[i] = rt->n;
        int prev = 0;
        for (int a = ls->nd[rt->start].next; a != rt->end; a = ls->nd[a].next) {
            int c = ls->nd[a].cust;
            x->giant[k++] = c;
            x->pred[c] = prev;
            if (prev)
                x->succ[prev] = c;
            prev = c;
        }
        x->succ[prev] = 0;
        x->dist += rt->dist;
        if (rt->load > d->cap)
            x->excess += rt->load - d->cap;
        x->warp += rt->warp;
    }
    x->n_routes = nr;
    x->feasible = x->excess == 0 && x->warp == 0;
    x->pcost = hgs_pcost(x, pen_load, pen_tw);
}

/* ---- the search ---- */

static bool try_moves_v(hgs_ls *ls, int v, bool with_swaps)
{
    set_v(ls, v);
    if (move1(ls) || move23(ls, false) || move23(ls, true))
        return true;
    if (with_swaps) {
        if (ls->cu <= ls->cv && move4(ls))
            return true;
        if (move5(ls))
            return true;
        if (ls->cu <= ls->cv && move6(ls))
            return true;
        if (ls->ru == ls->rv && move7(ls))
            return true;
    }
    if (ls->ru != ls->rv && (move8(ls) || move9(ls)))
        return true;
    return false;
}

void hgs_ls_run(hgs_ls *ls, hgs_indiv *x, int64_t pen_load, int64_t pen_tw, int64_t pen_load_eval,
                int64_t pen_tw_eval)
{
    const hgs_data *d = ls->d;
    ls->pen_load = pen_load;
    ls->pen_tw = pen_tw;
    ls->n_moves = 0;
    load_indiv(ls, x);
    hgs_shuffle(ls->rng, ls->order, ls->n);
    hgs_shuffle(ls->rng, ls->rorder, ls->R);
    for (int i = 1; i <= ls->n; i++) {
        int s = d->neigh_start[i], e = d->neigh_start[i + 1];
        if (e > s && hgs_rng_int(ls->rng, e - s) == 0)
            hgs_shuffle(ls->rng, ls->neigh + s, e - s);
    }
    ls->done = false;
    for (int loop = 0; !ls->done; loop++) {
        if (loop > 1)
            ls->done = true;
        for (int oi = 0; oi < ls->n; oi++) {
            if ((oi & 255) == 255 && hgs_now() > ls->deadline) {
                ls->done = true;
                break;
            }
            int u = ls->order[oi];
            int last_test = ls->nd[u].last_test;
            ls->nd[u].last_test = ls->n_moves;
            int s = d->neigh_start[u], e = d->neigh_start[u + 1];
            for (int q = s; q < e; q++) {
                int v = ls->neigh[q];
                if (loop > 0 && (ls->rt[ls->nd[u].route].last_mod <= last_test &&
                                 ls->rt[ls->nd[v].route].last_mod <= last_test))
                    continue;
                set_u(ls, u);
                if (try_moves_v(ls, v, true))
                    continue;
                /* u right after the depot of v's route */
                int pv = ls->nd[v].prev;
                if (is_depot(ls, pv) && try_moves_v(ls, pv, false))
                    continue;
            }
            /* an empty route (not in the first loop, not to grow the fleet too fast) */
            if (loop > 0) {
                for (int r = 0; r < ls->R; r++)
                    if (ls->rt[r].n == 0) {
                        set_u(ls, u);
                        set_v(ls, ls->rt[r].start);
                        if (!(move1(ls) || move23(ls, false) || move23(ls, true)))
                            move9(ls);
                        break;
                    }
            }
        }
        if (ls->use_swapstar) {
            for (int a = 0; a < ls->R && !(ls->done && hgs_now() > ls->deadline); a++) {
                ls_route *ru = &ls->rt[ls->rorder[a]];
                int last = ru->last_swapstar;
                ru->last_swapstar = ls->n_moves;
                if (ru->n == 0)
                    continue;
                for (int b = 0; b < ls->R; b++) {
                    ls_route *rv = &ls->rt[ls->rorder[b]];
                    if (rv->n == 0 || ls->rorder[a] >= ls->rorder[b])
                        continue;
                    if (loop > 0 && ru->last_mod <= last && rv->last_mod <= last)
                        continue;
                    if (sector_overlap(ru, rv))
                        swap_star(ls, ru, rv);
                    if (ru->n == 0)
                        break;
                }
            }
        }
    }
    export_indiv(ls, x, pen_load_eval, pen_tw_eval);
}
