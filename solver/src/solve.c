/*
 * solve.c - eco_solve: the construction heuristic, then the metaheuristic
 * where it covers the instance's rules (else the waste search, waste.c),
 * within the wall-clock time limit.
 */
#include <string.h>
#include <time.h>

#include "construct.h"
#include "exact.h"
#include "search.h"
#include "waste.h"

void eco_solve_options_init(eco_solve_options *opt)
{
    memset(opt, 0, sizeof *opt); /* seed 0: the model's seed, else 1 */
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

eco_status eco_solve(const eco_instance *inst, const eco_solve_options *opt_in, eco_solution **out, eco_error *err)
{
    double t0 = now_s();
    eco_solve_options opt;
    if (opt_in)
        opt = *opt_in;
    else
        eco_solve_options_init(&opt);
    if (opt.time_limit_s <= 0)
        opt.time_limit_s = inst->opt_time_limit_s > 0 ? inst->opt_time_limit_s : 10.0;
    if (opt.threads <= 0)
        opt.threads = inst->opt_threads > 0 ? inst->opt_threads : 1;
    if (opt.seed == 0)
        opt.seed = inst->opt_seed ? inst->opt_seed : 1;
    *out = NULL;

    eco_solution *sol = NULL;
    eco_status st;
    if (opt.exact) { /* small instances: the proven optimum (exact.c) */
        st = eco__exact_solve(inst, &opt, &sol, err);
        if (st != ECO_OK)
            return st;
        goto done;
    }
    st = eco__construct(inst, &sol, err);
    if (st != ECO_OK)
        return st;
    if (!opt.construction_only) {
        /* the genetic search for the rules it covers (CVRP, VRPTW); else the
         * waste search (facilities, breaks, optional boxes, mixed fleets) */
        eco_solve_options sopt = opt;
        sopt.time_limit_s = opt.time_limit_s - (now_s() - t0);
        if (sopt.time_limit_s < 0.01)
            sopt.time_limit_s = 0.01;
        eco_solution *better = NULL;
        st = eco__search_supports(inst) ? eco__search(inst, &sopt, sol, &better, err)
                                        : eco__waste_search(inst, &sopt, 0, sol, &better, err);
        eco_solution_destroy(sol);
        if (st != ECO_OK)
            return st;
        sol = better;
    }
    eco__solution_finish(inst, sol);
done:
    sol->elapsed_s = now_s() - t0;
    sol->time_limit_s = opt.time_limit_s;
    sol->threads = opt.threads;
    sol->seed = opt.seed;
    *out = sol;
    return ECO_OK;
}
