/*
 * test_search.c - the metaheuristic on small benchmark instances: every box
 * served exactly once, the independent checker finds the solution feasible,
 * the cost is no worse than a recorded value, and two runs with the same
 * (seed, threads) under an iteration limit give the same cost.
 *
 * Usage: test_search SHARED_DIR            (the ctest entry)
 *        test_search run FILE SECONDS THREADS SEED [MAX_ITERATIONS]
 *                                          (one solve, prints cost and check)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecoroute/ecoroute.h"
#include "model.h"
#include "solution.h"

static int failures;

#define FAIL(...)                                                                                            \
    do {                                                                                                     \
        fprintf(stderr, "FAIL: " __VA_ARGS__);                                                               \
        fputc('\n', stderr);                                                                                 \
        failures++;                                                                                          \
    } while (0)

/* Solves, checks, returns the checked cost (negative on failure). */
static double solve_checked(const eco_instance *inst, double seconds, int threads, unsigned seed, long iters,
                            int verbose)
{
    eco_solve_options opt;
    eco_solve_options_init(&opt);
    opt.time_limit_s = seconds;
    opt.threads = threads;
    opt.seed = seed;
    opt.max_iterations = iters;
    opt.verbose = verbose;
    eco_error err;
    eco_error_clear(&err);
    eco_solution *sol = NULL;
    if (eco_solve(inst, &opt, &sol, &err) != ECO_OK) {
        FAIL("%s: solve: %s: %s", inst->name, err.where, err.message);
        return -1;
    }
    /* every box exactly once: in a route or unassigned */
    int *seen = calloc((size_t)inst->n_boxes, sizeof *seen);
    for (int r = 0; r < sol->n_routes; r++)
        for (int s = 0; s < sol->routes[r].n_steps; s++)
            if (sol->routes[r].steps[s].type == ECO_STEP_PICKUP)
                seen[sol->routes[r].steps[s].ref]++;
    for (int u = 0; u < sol->n_unassigned; u++)
        seen[sol->unassigned[u].box]++;
    int bad = 0;
    for (int b = 0; b < inst->n_boxes; b++)
        bad += seen[b] != 1;
    free(seen);
    if (bad)
        FAIL("%s: %d boxes not served exactly once", inst->name, bad);
    eco_check_report *rep = NULL;
    double cost = -1;
    if (eco_check(inst, sol, &rep, &err) != ECO_OK) {
        FAIL("%s: check: %s", inst->name, err.message);
    } else if (!eco_check_report_feasible(rep)) {
        FAIL("%s: infeasible: %s", inst->name, eco_check_report_violation(rep, 0));
    } else {
        cost = eco_check_report_cost(rep);
    }
    eco_summary sum;
    eco_solution_summary(sol, &sum);
    if (verbose)
        printf("%s cost %.1f routes %d unassigned %d iterations %ld elapsed %.2f s\n", inst->name, cost, sum.routes,
               sum.unassigned, sol->iterations, sol->elapsed_s);
    if (bad)
        cost = -1;
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    return cost;
}

static eco_instance *load(const char *path)
{
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    if (eco_instance_load_file(path, NULL, &inst, &err) != ECO_OK) {
        FAIL("%s: load: %s: %s", path, err.where, err.message);
        return NULL;
    }
    return inst;
}

int main(int argc, char **argv)
{
    if (argc >= 6 && strcmp(argv[1], "run") == 0) {
        eco_instance *inst = load(argv[2]);
        if (!inst)
            return 1;
        double c = solve_checked(inst, atof(argv[3]), atoi(argv[4]), (unsigned)atoi(argv[5]),
                                 argc > 6 ? atol(argv[6]) : 0, 1);
        eco_instance_destroy(inst);
        return c < 0 || failures;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: test_search SHARED_DIR | run FILE SECONDS THREADS SEED [MAX_ITERATIONS]\n");
        return 2;
    }
    /* instance, iteration limit, recorded cost (checked, reported units) */
    static const struct {
        const char *file;
        long iters;
        double recorded;
    } cases[] = {
        {"instances/cvrp_x/X-n101-k25.vrp", 500, 27591 * 1.02},
        {"instances/solomon/C101.txt", 200, 827.3 * 1.01},
        {"instances/solomon/R101.txt", 500, 1637.7 * 1.03},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], cases[i].file);
        eco_instance *inst = load(path);
        if (!inst)
            continue;
        double a = solve_checked(inst, 60.0, 2, 7, cases[i].iters, 1);
        double b = solve_checked(inst, 60.0, 2, 7, cases[i].iters, 0);
        if (a >= 0 && a > cases[i].recorded)
            FAIL("%s: cost %.1f worse than the recorded %.1f", cases[i].file, a, cases[i].recorded);
        if (a >= 0 && b >= 0 && a != b)
            FAIL("%s: same (seed, threads) gave %.1f then %.1f", cases[i].file, a, b);
        eco_instance_destroy(inst);
    }
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures != 0;
}
