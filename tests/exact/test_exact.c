/*
 * test_exact.c - the exact mode (exact.c) against the metaheuristic on
 * seeded random small instances built here as native JSON (explicit travel
 * matrices): CVRP, time windows, two facilities and two materials (a break
 * and per-hour costs on some), optional boxes with prizes and a small fleet.
 * Each instance: the exact solve is proven optimal, passes eco_check, and
 * its LP bound is below its cost; the metaheuristic with a short limit
 * passes eco_check, is never below the optimum, and equals it on at least
 * 95% of instances. Also: an instance too large is refused at once, a zero
 * time limit, and the set-partitioning MIP builder on degenerate pools.
 * ECO_EXACT_LONG=1 runs more and larger instances (ctest label "long"), where
 * an instance the enumeration cannot bound is refused and counted, not failed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exact.h"

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

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int rint_in(int lo, int hi) { return lo + (int)(rnd() % (uint64_t)(hi - lo + 1)); }

/* a growable text buffer */
typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? t->cap - t->n : 0, fmt, ap);
        va_end(ap);
        if (k >= 0 && t->s && t->n + (size_t)k < t->cap) {
            t->n += (size_t)k;
            return;
        }
        t->cap = (t->cap + (size_t)k + 1) * 2;
        t->s = realloc(t->s, t->cap);
        if (!t->s) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }
}

enum { K_CVRP = 0, K_TW, K_FAC, K_OPT, N_KINDS };
static const char *kind_name[N_KINDS] = {"cvrp", "tw", "facilities", "optional"};

/* A random instance of kind k with n boxes as native JSON (new, caller frees). */
static char *make_instance(int kind, int n, uint64_t seed)
{
    rng_state = seed * 0x9E3779B97F4A7C15ull + 12345;
    int n_fac = kind == K_FAC ? 2 : 0;
    int n_loc = 1 + n_fac + n;
    double x[32], y[32];
    for (int i = 0; i < n_loc; i++) {
        x[i] = rint_in(0, 10000);
        y[i] = rint_in(0, 10000);
    }
    text t = {0};
    put(&t, "{\"name\": \"%s-%d-s%llu\",", kind_name[kind], n, (unsigned long long)seed);
    if (kind == K_FAC)
        put(&t, "\"materials\": [\"plastic\", \"paper\"],");
    put(&t, "\"depots\": [{\"id\": \"d\", \"location_index\": 0}],");
    /* vehicles */
    if (kind == K_CVRP || kind == K_TW) {
        put(&t, "\"vehicles\": [{\"id\": \"v\", \"count\": %d, \"capacity_kg\": %d, "
                "\"costs\": {\"fixed\": 0, \"per_km\": 1}}],",
            n, rint_in(150, 300));
    } else if (kind == K_FAC) {
        int brk = seed % 2 == 1, per_hour = seed % 3 == 0 ? 10 : 0;
        put(&t, "\"vehicles\": [{\"id\": \"v\", \"count\": 2, \"capacity_kg\": %d, \"shift\": [\"08:00\", \"18:00\"], "
                "\"costs\": {\"fixed\": 20, \"per_km\": 1, \"per_hour\": %d}",
            rint_in(150, 250), per_hour);
        if (brk)
            put(&t, ", \"break\": {\"duration_s\": 1800, \"start_window\": [\"%02d:00\", \"%02d:30\"]}",
                rint_in(8, 9), 10);
        put(&t, "}],");
        put(&t, "\"facilities\": [{\"id\": \"baler\", \"location_index\": 1, \"accepts\": [\"plastic\", \"paper\"], "
                "\"unload_s\": 600},"
                "{\"id\": \"recycler\", \"location_index\": 2, \"accepts\": [\"plastic\"], \"unload_s\": 300}],");
    } else {
        put(&t, "\"vehicles\": [{\"id\": \"v\", \"count\": 2, \"capacity_kg\": %d, \"costs\": {\"fixed\": 5, \"per_km\": 1}}],",
            rint_in(150, 300));
    }
    /* boxes */
    put(&t, "\"boxes\": [");
    for (int i = 0; i < n; i++) {
        put(&t, "%s{\"id\": \"b%d\", \"location_index\": %d, \"load_kg\": %d", i ? "," : "", i, 1 + n_fac + i,
            rint_in(10, 90));
        if (kind == K_FAC)
            put(&t, ", \"material\": \"%s\", \"service_s\": 120", rnd() % 2 ? "plastic" : "paper");
        if (kind == K_TW) {
            int open = rint_in(0, 6000), width = rint_in(900, 4000);
            put(&t, ", \"service_s\": 300, \"time_window\": [%d, %d]", open, open + width);
        }
        if (kind == K_OPT && rnd() % 2)
            put(&t, ", \"mandatory\": false, \"prize\": %d", rint_in(1, 12));
        else
            put(&t, ", \"mandatory\": true");
        put(&t, "}");
    }
    put(&t, "],");
    /* travel: metres and seconds at 10 m/s, one decimal kept off (integers) */
    put(&t, "\"travel\": {\"provider\": \"matrix\", \"distances\": [");
    for (int i = 0; i < n_loc; i++) {
        put(&t, "%s[", i ? "," : "");
        for (int j = 0; j < n_loc; j++)
            put(&t, "%s%d", j ? "," : "", (int)lround(hypot(x[i] - x[j], y[i] - y[j])));
        put(&t, "]");
    }
    put(&t, "], \"durations\": [");
    for (int i = 0; i < n_loc; i++) {
        put(&t, "%s[", i ? "," : "");
        for (int j = 0; j < n_loc; j++)
            put(&t, "%s%d", j ? "," : "", (int)lround(hypot(x[i] - x[j], y[i] - y[j]) / 10.0));
        put(&t, "]");
    }
    put(&t, "]}}");
    return t.s;
}

/* Runs eco_check; returns 1 when feasible, with the recomputed cost. */
static int checked(const eco_instance *inst, const eco_solution *sol, double *cost, const char *what)
{
    eco_check_report *rep = NULL;
    eco_error err = {0};
    if (eco_check(inst, sol, &rep, &err) != ECO_OK) {
        fprintf(stderr, "%s: check failed to run: %s\n", what, err.message);
        return 0;
    }
    int ok = eco_check_report_feasible(rep);
    *cost = eco_check_report_cost(rep);
    if (!ok)
        for (int i = 0; i < eco_check_report_n_violations(rep) && i < 5; i++)
            fprintf(stderr, "  %s: %s\n", what, eco_check_report_violation(rep, i));
    eco_check_report_destroy(rep);
    return ok;
}

static bool same_cost(double a, double b) { return fabs(a - b) <= 1e-6 * (1 + fabs(b)); }

/* ---- the set-partitioning builder on degenerate pools ---- */

static void test_pools(void)
{
    eco__sp_row_kind rows[3] = {ECO_SP_ROW_EXACTLY_ONE, ECO_SP_ROW_EXACTLY_ONE, ECO_SP_ROW_AT_MOST_ONE};
    int gmax[1] = {1};
    eco__sp_result res;
    eco_error err = {0};

    /* empty pool with a mandatory row: infeasible, GLPK not called */
    eco__sp_problem p = {.n_rows = 3, .row_kind = rows, .n_groups = 0, .n_cols = 0};
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_OK && res.status == ECO_SP_INFEASIBLE, "empty pool: status %d",
          (int)res.status);
    eco__sp_result_clear(&res);
    /* empty pool, optional rows only: optimum 0 */
    eco__sp_row_kind opt_rows[2] = {ECO_SP_ROW_AT_MOST_ONE, ECO_SP_ROW_AT_MOST_ONE};
    p = (eco__sp_problem){.n_rows = 2, .row_kind = opt_rows, .n_cols = 0};
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_OK && res.status == ECO_SP_OPTIMAL && res.objective == 0,
          "empty optional pool");
    eco__sp_result_clear(&res);

    /* one route covering everything */
    int start1[2] = {0, 3}, rows1[3] = {0, 1, 2}, grp1[1] = {0};
    double cost1[1] = {7.5};
    p = (eco__sp_problem){.n_rows = 3, .row_kind = rows, .n_groups = 1, .group_max = gmax, .n_cols = 1,
                          .col_start = start1, .col_rows = rows1, .col_group = grp1, .col_cost = cost1};
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_OK && res.status == ECO_SP_OPTIMAL && res.n_chosen == 1 &&
              same_cost(res.objective, 7.5) && same_cost(res.lp_bound, 7.5),
          "one route: status %d objective %g", (int)res.status, res.objective);
    eco__sp_result_clear(&res);

    /* duplicated routes, one cheaper, plus a pair; fleet of one: the cheaper duplicate */
    int start2[5] = {0, 3, 6, 8, 9}, rows2[9] = {0, 1, 2, 0, 1, 2, 0, 2, 1}, grp2[4] = {0, 0, 0, 0};
    double cost2[4] = {9, 9, 3, 3};
    p.n_cols = 4;
    p.col_start = start2;
    p.col_rows = rows2;
    p.col_group = grp2;
    p.col_cost = cost2;
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_OK && res.status == ECO_SP_OPTIMAL && res.n_chosen == 1 &&
              same_cost(res.objective, 9),
          "duplicates, fleet 1: status %d objective %g", (int)res.status, res.objective);
    eco__sp_result_clear(&res);
    int gmax2[1] = {-1}; /* unlimited: the pair */
    p.group_max = gmax2;
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_OK && res.status == ECO_SP_OPTIMAL && res.n_chosen == 2 &&
              same_cost(res.objective, 6),
          "duplicates, unlimited: status %d objective %g", (int)res.status, res.objective);
    eco__sp_result_clear(&res);
    /* zero time limit: no limit, clean status */
    p.time_limit_s = 0;
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_OK && res.status == ECO_SP_OPTIMAL, "zero time limit");
    eco__sp_result_clear(&res);
    /* fleet of zero: infeasible, cleanly */
    int gmax0[1] = {0};
    p.group_max = gmax0;
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_OK && res.status == ECO_SP_INFEASIBLE, "fleet 0: status %d",
          (int)res.status);
    eco__sp_result_clear(&res);

    /* invalid pools are refused before GLPK sees them */
    int rows_dup[3] = {0, 0, 2};
    p = (eco__sp_problem){.n_rows = 3, .row_kind = rows, .n_groups = 1, .group_max = gmax, .n_cols = 1,
                          .col_start = start1, .col_rows = rows_dup, .col_group = grp1, .col_cost = cost1};
    eco_error_clear(&err);
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_EINPUT && strstr(err.message, "twice"), "row twice: %s", err.message);
    eco__sp_result_clear(&res);
    double cost_nan[1] = {NAN};
    p.col_rows = rows1;
    p.col_cost = cost_nan;
    eco_error_clear(&err);
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_EINPUT, "NaN cost accepted");
    eco__sp_result_clear(&res);
    int rows_out[3] = {0, 1, 5};
    p.col_cost = cost1;
    p.col_rows = rows_out;
    eco_error_clear(&err);
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_EINPUT, "row out of range accepted");
    eco__sp_result_clear(&res);
    p.col_rows = rows1;
    p.time_limit_s = NAN;
    eco_error_clear(&err);
    CHECK(eco__sp_solve(&p, &res, &err) == ECO_EINPUT, "NaN time limit accepted");
    eco__sp_result_clear(&res);
    printf("degenerate pools: done\n");
}

/* ---- refusals and limits on instances ---- */

static void test_limits(void)
{
    eco_error err = {0};
    eco_instance *inst = NULL;
    char *js = make_instance(K_CVRP, ECO_EXACT_MAX_BOXES + 1, 7);
    CHECK(eco_instance_load_buffer(js, strlen(js), "big", NULL, &inst, &err) == ECO_OK, "load: %s", err.message);
    free(js);
    eco_solve_options opt;
    eco_solve_options_init(&opt);
    opt.exact = 1;
    eco_solution *sol = NULL;
    double t0 = now_s();
    eco_error_clear(&err);
    eco_status st = eco_solve(inst, &opt, &sol, &err);
    double dt = now_s() - t0;
    CHECK(st == ECO_EINPUT && sol == NULL && strstr(err.message, "at most 12") && dt < 0.5,
          "too large: status %d in %.3f s: %s", (int)st, dt, err.message);
    printf("too large: refused in %.4f s: %s\n", dt, err.message);
    eco_instance_destroy(inst);

    /* zero time limit: the default applies, the solve is exact */
    js = make_instance(K_CVRP, 6, 8);
    inst = NULL;
    eco_error_clear(&err);
    CHECK(eco_instance_load_buffer(js, strlen(js), "zero", NULL, &inst, &err) == ECO_OK, "load: %s", err.message);
    free(js);
    opt.time_limit_s = 0;
    eco_error_clear(&err);
    st = eco_solve(inst, &opt, &sol, &err);
    CHECK(st == ECO_OK && sol && sol->optimal, "zero time limit: status %d %s", (int)st, err.message);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

/* ---- exact vs metaheuristic ---- */

static void test_random(int per_kind, int n_min, int n_max, const long *meta_iterations, int allow_refusals)
{
    int refused = 0, total = 0, proven = 0, matched = 0, kind_matched[N_KINDS] = {0};
    double exact_time = 0, max_exact = 0, meta_time[N_KINDS] = {0};
    for (int kind = 0; kind < N_KINDS; kind++)
        for (int s = 1; s <= per_kind; s++) {
            int n = n_min + (int)((unsigned)(s * 7 + kind) % (unsigned)(n_max - n_min + 1));
            char *js = make_instance(kind, n, (uint64_t)s);
            char name[64];
            snprintf(name, sizeof name, "%s-%d-s%d", kind_name[kind], n, s);
            eco_instance *inst = NULL;
            eco_error err = {0};
            if (eco_instance_load_buffer(js, strlen(js), name, NULL, &inst, &err) != ECO_OK) {
                CHECK(0, "%s: load: %s: %s", name, err.where, err.message);
                free(js);
                continue;
            }
            free(js);
            total++;
            eco_solve_options opt;
            eco_solve_options_init(&opt);
            opt.exact = 1;
            opt.time_limit_s = 30;
            eco_solution *ex = NULL, *mh = NULL;
            double t0 = now_s();
            eco_status st = eco_solve(inst, &opt, &ex, &err);
            double dt = now_s() - t0;
            exact_time += dt;
            if (dt > max_exact)
                max_exact = dt;
            if (st == ECO_EINPUT && allow_refusals && strstr(err.message, "too large")) {
                printf("refused %s in %.2f s: %s\n", name, dt, err.message);
                refused++;
                total--;
                eco_instance_destroy(inst);
                continue;
            }
            if (st != ECO_OK) {
                CHECK(0, "%s: exact: status %d: %s: %s", name, (int)st, err.where, err.message);
                eco_instance_destroy(inst);
                continue;
            }
            double ex_cost = 0, mh_cost = 0;
            int ex_ok = checked(inst, ex, &ex_cost, name);
            CHECK(ex_ok, "%s: exact solution infeasible", name);
            CHECK(ex->optimal, "%s: exact not proven optimal", name);
            CHECK(same_cost(ex_cost, ex->summary.cost), "%s: exact cost %.6f, checker %.6f", name,
                  ex->summary.cost, ex_cost);
            CHECK(ex->lower_bound <= ex->summary.cost + 1e-6, "%s: lower bound %.6f above cost %.6f", name,
                  ex->lower_bound, ex->summary.cost);
            proven += ex_ok && ex->optimal;

            eco_solve_options_init(&opt);
            opt.time_limit_s = 5; /* a cap: the iteration limit stops it first (reproducible) */
            opt.max_iterations = meta_iterations[kind];
            opt.seed = 1;
            eco_error_clear(&err);
            t0 = now_s();
            st = eco_solve(inst, &opt, &mh, &err);
            meta_time[kind] += now_s() - t0;
            CHECK(st == ECO_OK, "%s: metaheuristic: status %d: %s", name, (int)st, err.message);
            if (st == ECO_OK) {
                int mh_ok = checked(inst, mh, &mh_cost, name);
                CHECK(mh_ok, "%s: metaheuristic solution infeasible", name);
                int mh_unassigned = eco_solution_mandatory_unassigned(inst, mh);
                int ex_unassigned = eco_solution_mandatory_unassigned(inst, ex);
                CHECK(mh_unassigned >= ex_unassigned, "%s: metaheuristic serves more mandatory boxes", name);
                if (mh_ok && mh_unassigned == ex_unassigned) {
                    CHECK(mh->summary.cost >= ex->summary.cost - 1e-6 * (1 + fabs(ex->summary.cost)),
                          "%s: metaheuristic %.6f below the optimum %.6f", name, mh->summary.cost, ex->summary.cost);
                    if (same_cost(mh->summary.cost, ex->summary.cost)) {
                        matched++;
                        kind_matched[kind]++;
                    }
                    else
                        printf("miss %s: optimum %.4f (bound %.4f), metaheuristic %.4f (+%.3f%%)\n", name,
                               ex->summary.cost, ex->lower_bound, mh->summary.cost,
                               100 * (mh->summary.cost - ex->summary.cost) / ex->summary.cost);
                } else {
                    printf("miss %s: metaheuristic leaves %d mandatory boxes, exact %d\n", name, mh_unassigned,
                           ex_unassigned);
                }
            }
            eco_solution_destroy(ex);
            eco_solution_destroy(mh);
            eco_instance_destroy(inst);
        }
    printf("refused as too large for the exact mode: %d\n", refused);
    printf("instances %d, proven optimal %d, metaheuristic matched %d (%.1f%%); exact time %.2f s in all, "
           "max %.3f s\n",
           total, proven, matched, total ? 100.0 * matched / total : 0, exact_time, max_exact);
    for (int k = 0; k < N_KINDS; k++)
        printf("  %-10s matched %d of %d, metaheuristic %.1f s in all\n", kind_name[k], kind_matched[k], per_kind,
               meta_time[k]);
    CHECK(total + refused == N_KINDS * per_kind, "only %d instances loaded", total + refused);
    CHECK(proven == total, "%d of %d proven optimal", proven, total);
    CHECK(matched * 100 >= 95 * total, "metaheuristic matched only %d of %d", matched, total);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    int lng = getenv("ECO_EXACT_LONG") && atoi(getenv("ECO_EXACT_LONG")) > 0;
    test_pools();
    test_limits();
    /* iteration limits per kind (reproducible, unlike a time limit): the
     * hybrid genetic search (cvrp, tw) and the waste search (facilities,
     * optional) count different iterations */
    static const long iters_short[N_KINDS] = {2000, 4000, 6000, 2000};
    static const long iters_long[N_KINDS] = {20000, 20000, 20000, 20000};
    if (getenv("ECO_EXACT_ITERS")) {
        static long forced[N_KINDS];
        for (int k = 0; k < N_KINDS; k++)
            forced[k] = atol(getenv("ECO_EXACT_ITERS"));
        test_random(lng ? 100 : 25, lng ? 8 : 5, lng ? 12 : 9, forced, lng);
    } else if (lng)
        test_random(100, 8, 12, iters_long, 1);
    else
        test_random(25, 5, 9, iters_short, 0);
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
