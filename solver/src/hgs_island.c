/*
 * hgs_island.c - one complete hybrid genetic search (one OpenMP island):
 * an initial population of random giant tours (split and educated), then
 * iterations of parent selection, OX crossover, split, education, insertion
 * and, half of the time, repair of infeasible offspring under ten-fold
 * penalties; penalties adapt every 100 iterations; the population restarts
 * after d->restart_after iterations without improvement.
 *
 * An island is driven step by step by search.c, which owns time limits,
 * migration and the choice of the winner.
 */
#include <stdlib.h>
#include <time.h>

#include "hgs.h"

double hgs_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

hgs_island *hgs_island_new(const hgs_data *d, uint64_t seed, int k)
{
    hgs_island *is = calloc(1, sizeof *is);
    if (!is)
        return NULL;
    is->d = d;
    is->k = k;
    hgs_rng_seed(&is->rng, seed + (uint64_t)k);
    is->split = hgs_split_new(d);
    is->ls = hgs_ls_new(d, &is->rng);
    is->child = hgs_indiv_new(d);
    is->scratch = malloc(((size_t)d->n + 1) * sizeof *is->scratch);
    if (hgs_pop_init(&is->pop, d) != ECO_OK || !is->split || !is->ls || !is->child || !is->scratch) {
        hgs_island_free(is);
        return NULL;
    }
    is->init_budget = 1e300;
    return is;
}

void hgs_island_free(hgs_island *is)
{
    if (!is)
        return;
    hgs_pop_free(&is->pop);
    hgs_split_free(is->split);
    hgs_ls_free(is->ls);
    hgs_indiv_free(is->child);
    hgs_sp_free(is->sp);
    free(is->scratch);
    free(is);
}

/* Educates is->child (giant and rlen set) and adds it, repairing half of the
 * infeasible ones. Returns true when the overall best improved. */
static bool educate_add(hgs_island *is, bool record)
{
    hgs_pop *p = &is->pop;
    int64_t before = p->has_best ? p->best->dist : -1;
    hgs_ls_run(is->ls, is->child, p->pen_load, p->pen_tw, p->pen_load, p->pen_tw);
    bool better = hgs_pop_add(p, is->child, record);
    hgs_sp_collect(is->sp, p, is->child);
    if (!is->child->feasible && hgs_rng_int(&is->rng, 2) == 0) {
        hgs_ls_run(is->ls, is->child, 10 * p->pen_load, 10 * p->pen_tw, p->pen_load, p->pen_tw);
        if (is->child->feasible) {
            better |= hgs_pop_add(p, is->child, false);
            hgs_sp_collect(is->sp, p, is->child);
        }
    }
    if (better)
        is->no_improve = 0;
    return p->has_best && (before < 0 || p->best->dist < before);
}

void hgs_island_seed_tour(hgs_island *is, const int *giant)
{
    for (int i = 0; i < is->d->n; i++)
        is->child->giant[i] = giant[i];
    hgs_split_run(is->split, is->child, is->pop.pen_load, is->pop.pen_tw);
    educate_add(is, false);
}

void hgs_island_receive(hgs_island *is, const hgs_indiv *x)
{
    hgs_indiv_copy(is->d, is->child, x);
    is->child->pcost = hgs_pcost(is->child, is->pop.pen_load, is->pop.pen_tw);
    if (hgs_pop_add(&is->pop, is->child, false))
        is->no_improve = 0;
    hgs_sp_collect(is->sp, &is->pop, is->child);
}

bool hgs_island_step(hgs_island *is, double now)
{
    const hgs_data *d = is->d;
    hgs_pop *p = &is->pop;
    bool improved;
    if (!is->init_done) {
        if (is->n_init_done == 0)
            is->init_deadline = now + is->init_budget;
        for (int i = 0; i < d->n; i++)
            is->child->giant[i] = i + 1;
        hgs_shuffle(&is->rng, is->child->giant, d->n);
        hgs_split_run(is->split, is->child, p->pen_load, p->pen_tw);
        improved = educate_add(is, true);
        is->n_init_done++;
        if (is->n_init_done >= d->n_init || (now > is->init_deadline && p->feas.size + p->infeas.size >= 2))
            is->init_done = true;
        return improved;
    }
    const hgs_indiv *a = hgs_pop_select(p, &is->rng);
    const hgs_indiv *b = hgs_pop_select(p, &is->rng);
    if (!a || !b) {
        is->init_done = false;
        is->n_init_done = 0;
        return false;
    }
    hgs_crossover_ox(d, &is->rng, a, b, is->child, is->scratch);
    hgs_split_run(is->split, is->child, p->pen_load, p->pen_tw);
    is->no_improve++;
    is->no_improve_best++;
    improved = educate_add(is, true);
    if (improved)
        is->no_improve_best = 0;
    is->iter++;
    if (is->iter % 100 == 0)
        hgs_pop_manage_penalties(p);
    if (is->no_improve >= d->restart_after) {
        hgs_pop_restart(p);
        is->init_done = false;
        is->n_init_done = 0;
        is->no_improve = 0;
    }
    return improved;
}

const hgs_indiv *hgs_island_best(const hgs_island *is)
{
    const hgs_pop *p = &is->pop;
    if (p->has_best)
        return p->best;
    if (p->infeas.size > 0)
        return p->infeas.ind[0];
    if (p->feas.size > 0)
        return p->feas.ind[0];
    return NULL;
}
