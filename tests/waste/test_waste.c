/*
 * test_waste.c - the waste search (waste.c) on seeded generated cities with
 * two materials, two baling sites (plus the recycler), time windows and
 * breaks, and on Kim et al.'s 102 and 335: every result passes the
 * independent checker and is never worse than the construction heuristic.
 *
 * Evaluation from cached data: every search's evaluations of accepted moves
 * agree with the full schedule (eco__waste_stats.mismatches == 0), and on a
 * few small runs every single evaluation is compared (ECO_WASTE_VERIFY).
 *
 * Facility choice: on seeded cities where the choice matters (an overloaded
 * baler next to the depot, 45 min to unload, that closes at 11:00; a quick
 * one elsewhere; the recycler takes plastic only), the search choosing the
 * facilities and the search forcing the nearest one (construct.c's rule)
 * run with the same budget (iterations, threads, seed), each from its own
 * construction; the free one must never be worse (fewer mandatory boxes
 * left, or as many at no higher cost) on any instance; the margins are
 * printed. Kim costs are bounded by recorded values. argv[1] is the shared
 * data folder. ECO_WASTE_LONG=1 runs more and larger instances (ctest label
 * "long").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

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

static eco__waste_stats all; /* summed over every search of the test */

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

static eco_solution *search_stats(const eco_instance *inst, const eco_solution *init, int flags, long iters,
                                  int threads, eco__waste_stats *st)
{
    eco_solve_options opt;
    eco_solve_options_init(&opt);
    opt.time_limit_s = 300;
    opt.threads = threads;
    opt.seed = 7;
    opt.max_iterations = iters;
    eco_solution *out = NULL;
    eco_error err = {0};
    if (eco__waste_search_stats(inst, &opt, flags, init, &out, st, &err) != ECO_OK)
        return NULL;
    return out;
}

static eco_solution *search(const eco_instance *inst, const eco_solution *init, int flags, long iters, int threads)
{
    eco__waste_stats st = {0};
    eco_solution *out = search_stats(inst, init, flags, iters, threads, &st);
    all.evals += st.evals;
    all.joins += st.joins;
    all.ranges += st.ranges;
    all.confirms += st.confirms;
    all.mismatches += st.mismatches;
    return out;
}

/* (mandatory boxes left out, cost) of a is at most b's */
static int no_worse(const eco_instance *inst, const eco_solution *a, const eco_solution *b)
{
    int ma = eco_solution_mandatory_unassigned(inst, a), mb = eco_solution_mandatory_unassigned(inst, b);
    return ma < mb || (ma == mb && a->summary.cost <= b->summary.cost + 1e-6);
}

static eco_instance *gen_city(const char *city, int boxes, uint64_t seed, int time_windows)
{
    eco_gen_options g;
    eco_gen_options_init(&g);
    g.city = city;
    g.n_boxes = boxes;
    g.seed = seed;
    g.n_facilities = 2;
    g.time_windows = time_windows;
    g.breaks = 1;
    char *json = NULL;
    eco_error err = {0};
    eco_instance *inst = NULL;
    if (eco_gen_city(&g, &json, NULL, &err) != ECO_OK ||
        eco_instance_load_buffer(json, strlen(json), "gen", NULL, &inst, &err) != ECO_OK)
        CHECK(0, "gen/load %s %d/%llu: %s", city, boxes, (unsigned long long)seed, err.message);
    free(json);
    return inst;
}

static void city(int boxes, uint64_t seed, long iters)
{
    eco_error err = {0};
    eco_instance *inst = gen_city("almaty", boxes, seed, 1);
    eco_solution *s0 = NULL, *s1 = NULL, *s2 = NULL;
    if (!inst)
        return;
    CHECK(eco__construct(inst, &s0, &err) == ECO_OK, "construct");
    s1 = s0 ? search(inst, s0, 0, iters, 1) : NULL;
    s2 = s0 ? search(inst, s0, ECO_WASTE_NEAREST_FACILITY, iters, 1) : NULL;
    CHECK(s1 && s2, "search failed");
    if (!s0 || !s1 || !s2)
        goto out;
    CHECK(feasible(inst, s1), "city %d s%llu: search result infeasible", boxes, (unsigned long long)seed);
    CHECK(feasible(inst, s2), "city %d s%llu: nearest-facility result infeasible", boxes, (unsigned long long)seed);
    CHECK(no_worse(inst, s1, s0), "city %d: search %.3f worse than construction %.3f", boxes, s1->summary.cost,
          s0->summary.cost);
    CHECK(no_worse(inst, s2, s0), "city %d: nearest-facility search %.3f worse than construction %.3f", boxes,
          s2->summary.cost, s0->summary.cost);
    printf("city %d s%llu: construction %.2f, search %.2f, nearest facility %.2f\n", boxes, (unsigned long long)seed,
           s0->summary.cost, s1->summary.cost, s2->summary.cost);
out:
    eco_solution_destroy(s0);
    eco_solution_destroy(s1);
    eco_solution_destroy(s2);
    eco_instance_destroy(inst);
}

/* Every evaluation from cached data compared with the full schedule. */
static void verify(const eco_instance *inst, const char *what, long iters)
{
    eco_error err = {0};
    eco_solution *s0 = NULL;
    CHECK(eco__construct(inst, &s0, &err) == ECO_OK, "construct");
    if (!s0)
        return;
    for (int mode = 0; mode < 2; mode++) {
        int flags = ECO_WASTE_VERIFY | (mode ? ECO_WASTE_NEAREST_FACILITY : 0);
        eco__waste_stats st = {0};
        eco_solution *s1 = search_stats(inst, s0, flags, iters, 1, &st);
        CHECK(s1 && feasible(inst, s1), "%s: verified search failed or infeasible", what);
        CHECK(st.verified > 0 && st.verified == st.evals, "%s: %ld of %ld evaluations verified", what, st.verified,
              st.evals);
        CHECK(st.mismatches == 0, "%s%s: %ld evaluations from cached data differ from the full schedule", what,
              mode ? " (nearest facility)" : "", st.mismatches);
        printf("%s%s: %ld evaluations compared with the full schedule, %ld suffix joins, %ld cached runs, "
               "%ld mismatches\n",
               what, mode ? " (nearest facility)" : "", st.verified, st.joins, st.ranges, st.mismatches);
        eco_solution_destroy(s1);
    }
    eco_solution_destroy(s0);
}

/* A generated city where the facility choice matters: facilities[0] moves
 * next to the depot, takes 45 min to unload and closes at 11:00;
 * facilities[1] unloads in 10 min; the recycler takes plastic only. */
static eco_instance *facility_city(const char *name, int boxes, uint64_t seed)
{
    eco_gen_options g;
    eco_gen_options_init(&g);
    g.city = name;
    g.n_boxes = boxes;
    g.seed = seed;
    g.n_facilities = 2;
    g.time_windows = (int)(seed % 2);
    g.breaks = 1;
    char *json = NULL;
    eco_error err = {0};
    eco_instance *inst = NULL;
    json_t *root = NULL;
    if (eco_gen_city(&g, &json, NULL, &err) != ECO_OK) {
        CHECK(0, "gen %s s%llu: %s", name, (unsigned long long)seed, err.message);
        return NULL;
    }
    json_error_t je;
    root = json_loads(json, 0, &je);
    free(json);
    json = NULL;
    json_t *facs = json_object_get(root, "facilities");
    json_t *dep = json_object_get(json_array_get(json_object_get(root, "depots"), 0), "location");
    json_t *a = json_array_get(facs, 0), *b = json_array_get(facs, 1);
    if (!a || !b || !dep) {
        CHECK(0, "gen %s s%llu: unexpected model", name, (unsigned long long)seed);
        goto out;
    }
    json_object_set_new(a, "location", json_pack("[f, f]", json_real_value(json_array_get(dep, 0)) + 0.004,
                                                 json_real_value(json_array_get(dep, 1)) + 0.003));
    json_object_set_new(a, "unload_s", json_integer(2700));
    json_object_set_new(a, "hours", json_pack("[s, s]", "07:30", "11:00"));
    json_object_set_new(b, "unload_s", json_integer(600));
    json = json_dumps(root, 0);
    if (!json || eco_instance_load_buffer(json, strlen(json), name, NULL, &inst, &err) != ECO_OK)
        CHECK(0, "load %s s%llu: %s", name, (unsigned long long)seed, err.message);
out:
    free(json);
    json_decref(root);
    return inst;
}

static double margin_sum = 0, margin_min = 1e9;
static int margin_n = 0;

static void facility_choice(const char *name, int boxes, uint64_t seed, long iters, int threads)
{
    eco_error err = {0};
    eco_instance *inst = facility_city(name, boxes, seed);
    eco_solution *c_forced = NULL, *c_free = NULL, *forced = NULL, *free_ = NULL;
    if (!inst)
        return;
    /* each from its own construction, the same budget */
    CHECK(eco__construct(inst, &c_forced, &err) == ECO_OK && eco__construct(inst, &c_free, &err) == ECO_OK,
          "construct");
    if (!c_forced || !c_free)
        goto out;
    forced = search(inst, c_forced, ECO_WASTE_NEAREST_FACILITY, iters, threads);
    free_ = search(inst, c_free, 0, iters, threads);
    CHECK(forced && free_, "search failed");
    if (!forced || !free_)
        goto out;
    CHECK(feasible(inst, forced), "%s-%d-s%llu: nearest-facility result infeasible", name, boxes,
          (unsigned long long)seed);
    CHECK(feasible(inst, free_), "%s-%d-s%llu: result infeasible", name, boxes, (unsigned long long)seed);
    double m = forced->summary.cost - free_->summary.cost;
    CHECK(no_worse(inst, free_, forced),
          "%s-%d-s%llu: choosing the facilities %.3f (%d mandatory left) worse than the nearest %.3f (%d)", name,
          boxes, (unsigned long long)seed, free_->summary.cost, eco_solution_mandatory_unassigned(inst, free_),
          forced->summary.cost, eco_solution_mandatory_unassigned(inst, forced));
    margin_sum += 100 * m / forced->summary.cost;
    margin_min = m / forced->summary.cost < margin_min ? m / forced->summary.cost : margin_min;
    margin_n++;
    printf("facilities %s-%d-s%llu (%ld iterations x %d threads): nearest %.2f, chosen %.2f, margin %+.2f "
           "(%+.2f%%)\n",
           name, boxes, (unsigned long long)seed, iters, threads, forced->summary.cost, free_->summary.cost, m,
           100 * m / forced->summary.cost);
out:
    eco_solution_destroy(c_forced);
    eco_solution_destroy(c_free);
    eco_solution_destroy(forced);
    eco_solution_destroy(free_);
    eco_instance_destroy(inst);
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
    s1 = s0 ? search(inst, s0, 0, iters, 1) : NULL;
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

    /* every evaluation compared with the full schedule */
    eco_instance *v = gen_city("oral", 60, 11, 1);
    if (v)
        verify(v, "verified city oral-60", long_run ? 40 : 8);
    eco_instance_destroy(v);
    char path[1024];
    snprintf(path, sizeof path, "%s/instances/kim2006_wcvrptw/102_stop.txt", shared);
    eco_error err = {0};
    v = NULL;
    if (eco_instance_load_file(path, NULL, &v, &err) == ECO_OK)
        verify(v, "verified kim 102", long_run ? 20 : 4);
    else
        CHECK(0, "load %s: %s", path, err.message);
    eco_instance_destroy(v);

    /* choosing the facility never does worse than forcing the nearest */
    static const char *const names[4] = {"almaty", "oral", "ust-kamenogorsk", "petropavlovsk"};
    int n_fac = long_run ? 12 : 4;
    for (int s = 1; s <= n_fac; s++)
        facility_choice(names[s % 4], long_run ? 100 : 60, (uint64_t)s, 1000, 2);
    if (margin_n)
        printf("facility choice: %d instances, margin over the nearest facility: mean %+.2f%%, min %+.2f%%\n",
               margin_n, margin_sum / margin_n, 100 * margin_min);

    /* recorded: cost = 10^6 x vehicles + route seconds (read_kim.c) */
    kim(shared, "102_stop", 3.0e6 + 40000, long_run ? 300 : 40);
    kim(shared, "335_stop", 6.0e6 + 110000, long_run ? 300 : 15);

    CHECK(all.mismatches == 0, "%ld evaluations of accepted moves differ from the full schedule", all.mismatches);
    printf("evaluations from cached data: %ld (%ld suffix joins, %ld cached runs), %ld accepted moves confirmed, "
           "%ld mismatches\n",
           all.evals, all.joins, all.ranges, all.confirms, all.mismatches);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
