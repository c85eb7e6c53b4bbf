/*
 * test_waste.c - the waste search (waste.c) on seeded generated cities with
 * two materials, two baling sites (plus the recycler), time windows and
 * breaks, and on Kim et al.'s 102 and 335: every result passes the
 * independent checker, is never worse than the construction heuristic, and
 * letting the search choose the facilities, starting from the best it found
 * with every unload forced to the nearest facility, never does worse than
 * that (the same-budget independent runs are printed for information: they
 * follow different trajectories and either may win). Kim costs
 * are bounded by recorded values. argv[1] is the shared data folder.
 * ECO_WASTE_LONG=1 runs more and larger instances (ctest label "long").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "construct.h"
#include "ecoroute/gen.h"
#include "waste.h"

static int failures = 0;
#define CHECK(c, ...)                                                                                        \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            failures++;                                                                                      \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                             \
            fprintf(stderr, __VA_ARGS__);                                                                    \
            fprintf(stderr, "\n");                                                                           \
        }                                                                                                    \
    } while (0)

static int feasible(const eco_instance *inst, const eco_solution *sol)
{
    eco_check_report *rep = NULL;
    eco_error err = {0};
    if (eco_check(inst, sol, &rep, &err) != ECO_OK)
        return 0;
    int ok = eco_check_report_feasible(rep);
    if (!ok)
        for (int i = 0; i < eco_check_report_n_violations(rep) && i < 5; i++)
            fprintf(stderr, "  %s\n", eco_check_report_violation(rep, i));
    eco_check_report_destroy(rep);
    return ok;
}

static eco_solution *search(const eco_instance *inst, const eco_solution *init, int flags, long iters)
{
    eco_solve_options opt;
    eco_solve_options_init(&opt);
    opt.time_limit_s = 60;
    opt.threads = 1;
    opt.seed = 7;
    opt.max_iterations = iters;
    eco_solution *out = NULL;
    eco_error err = {0};
    if (eco__waste_search(inst, &opt, flags, init, &out, &err) != ECO_OK)
        return NULL;
    return out;
}

static void city(int boxes, uint64_t seed, long iters)
{
    eco_gen_options g;
    eco_gen_options_init(&g);
    g.city = "almaty";
    g.n_boxes = boxes;
    g.seed = seed;
    g.n_facilities = 2;
    g.time_windows = 1;
    g.breaks = 1;
    char *json = NULL;
    eco_error err = {0};
    eco_instance *inst = NULL;
    eco_solution *s0 = NULL, *s1 = NULL, *s2 = NULL, *s3 = NULL;
    if (eco_gen_city(&g, &json, NULL, &err) != ECO_OK ||
        eco_instance_load_buffer(json, strlen(json), "gen", NULL, &inst, &err) != ECO_OK) {
        CHECK(0, "gen/load %d/%llu: %s", boxes, (unsigned long long)seed, err.message);
        goto out;
    }
    CHECK(eco__construct(inst, &s0, &err) == ECO_OK, "construct");
    s1 = search(inst, s0, 0, iters);
    s2 = search(inst, s0, ECO_WASTE_NEAREST_FACILITY, iters);
    CHECK(s1 && s2, "search failed");
    if (!s0 || !s1 || !s2)
        goto out;
    CHECK(feasible(inst, s1), "city %d s%llu: search result infeasible", boxes, (unsigned long long)seed);
    CHECK(feasible(inst, s2), "city %d s%llu: nearest-facility result infeasible", boxes, (unsigned long long)seed);
    CHECK(s1->summary.cost <= s0->summary.cost + 1e-6, "city %d: search %.3f worse than construction %.3f", boxes,
          s1->summary.cost, s0->summary.cost);
    /* choosing facilities, from the nearest-facility result, never does worse */
    s3 = search(inst, s2, 0, iters);
    CHECK(s3 && feasible(inst, s3), "city %d s%llu: choice after nearest infeasible", boxes, (unsigned long long)seed);
    CHECK(s3 && s3->summary.cost <= s2->summary.cost + 1e-6,
          "city %d s%llu: choosing facilities %.3f worse than nearest %.3f", boxes, (unsigned long long)seed,
          s3 ? s3->summary.cost : -1, s2->summary.cost);
    CHECK(eco_solution_mandatory_unassigned(inst, s1) <= eco_solution_mandatory_unassigned(inst, s0),
          "mandatory boxes lost");
    printf("city %d s%llu: construction %.2f, search %.2f, nearest facility %.2f, then choosing %.2f\n", boxes,
           (unsigned long long)seed, s0->summary.cost, s1->summary.cost, s2->summary.cost, s3 ? s3->summary.cost : -1);
out:
    eco_solution_destroy(s0);
    eco_solution_destroy(s1);
    eco_solution_destroy(s2);
    eco_solution_destroy(s3);
    eco_instance_destroy(inst);
    free(json);
}

static void kim(const char *shared, const char *name, double max_cost, long iters)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/instances/kim2006_wcvrptw/%s.txt", shared, name);
    eco_error err = {0};
    eco_instance *inst = NULL;
    eco_solution *s0 = NULL, *s1 = NULL;
    if (eco_instance_load_file(path, NULL, &inst, &err) != ECO_OK) {
        CHECK(0, "load %s: %s", path, err.message);
        return;
    }
    CHECK(eco__construct(inst, &s0, &err) == ECO_OK, "construct");
    s1 = s0 ? search(inst, s0, 0, iters) : NULL;
    CHECK(s1 != NULL, "kim %s: search failed", name);
    if (s1) {
        CHECK(feasible(inst, s1), "kim %s infeasible", name);
        CHECK(s1->summary.unassigned == 0, "kim %s: %d unassigned", name, s1->summary.unassigned);
        CHECK(s1->summary.cost <= max_cost, "kim %s: cost %.0f above the recorded %.0f", name, s1->summary.cost,
              max_cost);
        printf("kim %s: construction %.0f, search %.0f (%d vehicles, %.1f miles)\n", name, s0->summary.cost,
               s1->summary.cost, s1->summary.routes, s1->summary.distance / 5280.0);
    }
    eco_solution_destroy(s0);
    eco_solution_destroy(s1);
    eco_instance_destroy(inst);
}

int main(int argc, char **argv)
{
    const char *shared = argc > 1 ? argv[1] : "../../shared";
    int long_run = getenv("ECO_WASTE_LONG") && atoi(getenv("ECO_WASTE_LONG")) > 0;
    long it = long_run ? 200 : 15;
    city(100, 1, it);
    city(150, 2, it);
    city(200, 3, it);
    if (long_run) {
        city(300, 4, it);
        city(250, 5, it);
        city(120, 6, it);
    }
    /* recorded: cost = 10^6 x vehicles + route seconds (read_kim.c) */
    kim(shared, "102_stop", 3.0e6 + 40000, long_run ? 300 : 40);
    kim(shared, "335_stop", 6.0e6 + 110000, long_run ? 300 : 15);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
