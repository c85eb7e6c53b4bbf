/*
 * test_sp.c - the route pool and the set-partitioning recombination
 * (pool.c, the warm start of eco__sp_solve in exact.c, hgs_sp.c through
 * eco_solve):
 *  - the pool: duplicates by row set (any order) and group, the cheaper kept,
 *    LRU eviction by count and by bytes, refused adds leave it unchanged,
 *    and its hash table stays consistent under many adds and evictions;
 *  - degenerate MIPs: an empty pool, one route, duplicated routes, a zero or
 *    NaN time limit, an invalid incumbent, GLPK's iteration limit with a warm
 *    plan, a subproblem: clean outcomes, never a crash;
 *  - a small CVRP whose pool holds the routes of two solutions: the MIP finds
 *    a combination cheaper than either, and the checker agrees with its cost;
 *  - the search with the recombination on: the same (seed, threads) under an
 *    iteration limit gives the same cost, every solution passes eco_check,
 *    and with a time limit alone (periodic and final recombination) too; on
 *    X-n101, X-n153 and a 160-customer instance given by its matrix alone.
 *
 * Usage: test_sp SHARED_DIR
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecoroute/ecoroute.h"
#include "pool.h"
#include "solution.h"

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

static eco__pool *new_pool(int n_rows, int n_groups, int max_cols, size_t max_bytes)
{
    eco__pool *p = NULL;
    eco_error err;
    eco_error_clear(&err);
    if (eco__pool_create(n_rows, n_groups, max_cols, max_bytes, &p, &err) != ECO_OK) {
        fprintf(stderr, "pool_create: %s\n", err.message);
        exit(2);
    }
    return p;
}

static int add(eco__pool *p, int group, double cost, int n, const int *rows)
{
    int id = -1;
    eco_error err;
    eco_error_clear(&err);
    eco_status st = eco__pool_add(p, rows, n, group, cost, rows, (size_t)n * sizeof *rows, &id, &err);
    CHECK(st == ECO_OK, "add: %s", err.message);
    return id;
}

/* ---- the pool ---- */

static void test_pool_dedup(void)
{
    eco__pool *p = new_pool(6, 2, 10, 0);
    int a[3] = {4, 1, 2}, a2[3] = {2, 4, 1}, b[2] = {0, 5};
    int ia = add(p, 0, 10, 3, a);
    int ia2 = add(p, 0, 12, 3, a2); /* same set, dearer: kept as it was */
    CHECK(ia == ia2 && eco__pool_size(p) == 1 && eco__pool_cost(p, ia) == 10, "dearer duplicate: ids %d %d", ia, ia2);
    size_t size;
    const int *pay = eco__pool_payload(p, ia, &size);
    CHECK(size == 3 * sizeof(int) && pay[0] == 4 && pay[1] == 1 && pay[2] == 2, "payload of the first kept");
    int ia3 = add(p, 0, 7, 3, a2); /* cheaper: replaces cost and payload */
    pay = eco__pool_payload(p, ia3, &size);
    CHECK(ia3 == ia && eco__pool_cost(p, ia) == 7 && pay[0] == 2 && pay[1] == 4, "cheaper duplicate replaces");
    int n;
    const int *rows = eco__pool_rows(p, ia, &n);
    CHECK(n == 3 && rows[0] == 1 && rows[1] == 2 && rows[2] == 4, "rows sorted");
    int ig = add(p, 1, 7, 3, a); /* other group: another column */
    CHECK(ig != ia && eco__pool_size(p) == 2, "group distinguishes");
    add(p, 0, 3, 2, b);
    eco__pool_stats s;
    eco__pool_get_stats(p, &s);
    CHECK(s.added == 3 && s.duplicates == 2 && s.replaced == 1 && s.evicted == 0, "stats %ld %ld %ld %ld", s.added,
          s.duplicates, s.replaced, s.evicted);

    /* refused adds leave the pool as it was */
    eco_error err;
    int bad_range[2] = {1, 6}, bad_twice[3] = {1, 3, 1};
    eco_error_clear(&err);
    CHECK(eco__pool_add(p, bad_range, 2, 0, 1, NULL, 0, NULL, &err) == ECO_EINPUT && strstr(err.message, "row 6"),
          "row out of range: %s", err.message);
    eco_error_clear(&err);
    CHECK(eco__pool_add(p, bad_twice, 3, 0, 1, NULL, 0, NULL, &err) == ECO_EINPUT && strstr(err.message, "twice"),
          "row twice: %s", err.message);
    eco_error_clear(&err);
    CHECK(eco__pool_add(p, b, 2, 2, 1, NULL, 0, NULL, &err) == ECO_EINPUT, "group out of range accepted");
    eco_error_clear(&err);
    CHECK(eco__pool_add(p, b, 2, 0, NAN, NULL, 0, NULL, &err) == ECO_EINPUT, "NaN cost accepted");
    eco_error_clear(&err);
    CHECK(eco__pool_add(p, b, 0, 0, 1, NULL, 0, NULL, &err) == ECO_EINPUT, "empty column accepted");
    CHECK(eco__pool_size(p) == 3, "refused adds changed the pool: %d", eco__pool_size(p));

    /* merge: the union, the cheaper of equal sets; columns inside a row subset */
    eco__pool *q2 = new_pool(6, 2, 10, 0);
    int c[2] = {3, 0};
    add(q2, 0, 1, 2, b); /* cheaper than p's 3 */
    add(q2, 0, 4, 2, c);
    CHECK(eco__pool_merge(q2, p, &err) == ECO_OK && eco__pool_size(q2) == 4, "merge: %d columns",
          eco__pool_size(q2));
    unsigned char in05[6] = {1, 0, 0, 0, 0, 1}, in035[6] = {1, 0, 0, 1, 0, 1};
    CHECK(eco__pool_count_inside(q2, in05, 100) == 1 && eco__pool_count_inside(q2, in035, 100) == 2 &&
              eco__pool_count_inside(q2, in035, 1) == 1,
          "count inside");
    for (int i = 0; i < eco__pool_id_limit(q2); i++) {
        int n0;
        const int *r0 = eco__pool_rows(q2, i, &n0);
        if (n0 == 2 && r0[0] == 0 && r0[1] == 5)
            CHECK(eco__pool_cost(q2, i) == 1, "merge kept the dearer duplicate");
    }
    eco__pool *q3 = new_pool(7, 2, 10, 0);
    eco_error_clear(&err);
    CHECK(eco__pool_merge(q3, p, &err) == ECO_EINPUT, "merge of different pools accepted");
    eco__pool_destroy(q3);
    eco__pool_destroy(q2);
    eco__pool_destroy(p);
    eco__pool_destroy(NULL);

    eco__pool *q = NULL;
    eco_error_clear(&err);
    CHECK(eco__pool_create(0, 1, 10, 0, &q, &err) == ECO_EINPUT && !q, "zero rows accepted");
    CHECK(eco__pool_create(3, 1, 0, 0, &q, &err) == ECO_EINPUT && !q, "zero columns accepted");
}

static void test_pool_eviction(void)
{
    /* by count: the least recently seen goes */
    eco__pool *p = new_pool(10, 1, 3, 0);
    int A[1] = {0}, B[1] = {1}, C[1] = {2}, D[1] = {3};
    int ia = add(p, 0, 1, 1, A), ib = add(p, 0, 1, 1, B), ic = add(p, 0, 1, 1, C);
    add(p, 0, 5, 1, A); /* seen again: now the most recent */
    int id = add(p, 0, 1, 1, D);
    int n;
    CHECK(eco__pool_size(p) == 3 && id == ib && eco__pool_rows(p, id, &n)[0] == 3 &&
              eco__pool_rows(p, ia, &n)[0] == 0 && eco__pool_rows(p, ic, &n)[0] == 2,
          "LRU by count: B should go and its id hold D (ids %d %d %d %d)", ia, ib, ic, id);
    eco__pool_clear(p);
    CHECK(eco__pool_size(p) == 0, "clear");
    eco__pool_destroy(p);

    /* by bytes: each column here takes 8 (its row, padded) + 4 (payload) = 12 bytes */
    p = new_pool(10, 1, 100, 40);
    ia = add(p, 0, 1, 1, A);
    ib = add(p, 0, 1, 1, B);
    ic = add(p, 0, 1, 1, C);
    id = add(p, 0, 1, 1, D);
    CHECK(eco__pool_size(p) == 3 && id == ia && eco__pool_rows(p, ia, &n)[0] == 3, "LRU by bytes: size %d",
          eco__pool_size(p));
    eco__pool_destroy(p);

    /* many adds and evictions: every live column is still found as a duplicate */
    p = new_pool(40, 2, 50, 0);
    uint64_t x = 12345;
    for (int it = 0; it < 20000; it++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int rows[4], n = 1 + (int)(x % 3);
        for (int i = 0; i < n; i++)
            rows[i] = (int)((x >> (8 * (i + 1))) % 40);
        bool dup = false;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                dup |= rows[i] == rows[j];
        if (dup)
            continue;
        add(p, (int)((x >> 40) & 1), (double)(x % 100), n, rows);
    }
    int live = 0, found = 0;
    eco__pool_stats s0, s1;
    eco__pool_get_stats(p, &s0);
    for (int i = 0; i < eco__pool_id_limit(p); i++) {
        if (!eco__pool_alive(p, i))
            continue;
        live++;
        int n, copy[4];
        const int *rows = eco__pool_rows(p, i, &n);
        memcpy(copy, rows, (size_t)n * sizeof *copy);
        int id2 = -1;
        eco__pool_add(p, copy, n, eco__pool_group(p, i), 1e9, NULL, 0, &id2, NULL);
        found += id2 == i;
    }
    eco__pool_get_stats(p, &s1);
    CHECK(live == 50 && found == live && s1.added == s0.added && s1.evicted == s0.evicted,
          "stress: %d live, %d found again", live, found);
    eco__pool_destroy(p);
    printf("pool: duplicates, eviction, stress: done\n");
}

/* ---- degenerate MIPs ---- */

static void test_degenerate(void)
{
    eco__pool_result res;
    eco_error err;
    eco_error_clear(&err);
    eco__pool *p = new_pool(3, 1, 100, 0);

    /* empty pool, no incumbent: infeasible (GLPK not needed) */
    eco__pool_solve_opt o = {.time_limit_s = 1};
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_INFEASIBLE, "empty: outcome %d",
          (int)res.outcome);
    eco__pool_result_clear(&res);
    /* empty pool, optional rows only: the empty plan */
    eco__sp_row_kind opt_rows[3] = {ECO_SP_ROW_AT_MOST_ONE, ECO_SP_ROW_AT_MOST_ONE, ECO_SP_ROW_AT_MOST_ONE};
    o.row_kind = opt_rows;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_IMPROVED && res.n_chosen == 0,
          "empty optional: outcome %d", (int)res.outcome);
    eco__pool_result_clear(&res);
    o.row_kind = NULL;

    /* one route over everything */
    int all[3] = {2, 0, 1};
    int i_all = add(p, 0, 9, 3, all);
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_IMPROVED && res.n_chosen == 1 &&
              res.chosen[0] == i_all && res.cost == 9 && res.proven,
          "one route: outcome %d cost %g", (int)res.outcome, res.cost);
    eco__pool_result_clear(&res);
    /* ... as the incumbent: nothing better, proven */
    o.incumbent = &i_all;
    o.n_incumbent = 1;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_NO_BETTER && res.n_chosen == 1 &&
              res.cost == 9 && res.incumbent_cost == 9,
          "one route incumbent: outcome %d", (int)res.outcome);
    eco__pool_result_clear(&res);

    /* duplicates: the same set twice is one column; a cheaper pair beats the incumbent */
    add(p, 0, 11, 3, all);
    CHECK(eco__pool_size(p) == 1, "duplicate stored twice");
    int r0[1] = {0}, r12[2] = {1, 2};
    int i0 = add(p, 0, 2, 1, r0), i12 = add(p, 0, 3, 2, r12);
    add(p, 0, 3, 2, r12);
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_IMPROVED && res.cost == 5 &&
              res.n_chosen == 2 && res.incumbent_cost == 9,
          "duplicates: outcome %d cost %g", (int)res.outcome, res.cost);
    eco__pool_result_clear(&res);
    /* a fleet of one route: the incumbent stays */
    int one = 1;
    o.group_max = &one;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_NO_BETTER && res.cost == 9,
          "fleet 1: outcome %d cost %g", (int)res.outcome, res.cost);
    eco__pool_result_clear(&res);
    o.group_max = NULL;

    /* zero and NaN time limits: GLPK not called, the incumbent returned */
    o.time_limit_s = 0;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_NOT_RUN && res.n_chosen == 1 &&
              res.chosen[0] == i_all && res.cost == 9,
          "zero time limit: outcome %d", (int)res.outcome);
    eco__pool_result_clear(&res);
    o.time_limit_s = NAN;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_NOT_RUN, "NaN time limit");
    eco__pool_result_clear(&res);
    o.incumbent = NULL;
    o.n_incumbent = 0;
    o.time_limit_s = 0;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_NOT_RUN && res.n_chosen == 0,
          "zero time limit, no incumbent");
    eco__pool_result_clear(&res);
    o.time_limit_s = 1;

    /* invalid incumbents are refused before GLPK */
    int bad_plan[2] = {i_all, i0}; /* row 0 twice */
    o.incumbent = bad_plan;
    o.n_incumbent = 2;
    eco_error_clear(&err);
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_EINPUT && strstr(err.message, "warm plan"),
          "overlapping incumbent: %s", err.message);
    eco__pool_result_clear(&res);
    int dead = 77;
    o.incumbent = &dead;
    o.n_incumbent = 1;
    eco_error_clear(&err);
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_EINPUT && strstr(err.message, "not in the pool"),
          "dead incumbent: %s", err.message);
    eco__pool_result_clear(&res);
    int partial = i0; /* rows 1 and 2 uncovered */
    o.incumbent = &partial;
    eco_error_clear(&err);
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_EINPUT, "incomplete incumbent accepted");
    eco__pool_result_clear(&res);

    /* GLPK's simplex stopped at once: the warm plan comes back */
    o.incumbent = &i_all;
    o.n_incumbent = 1;
    o.lp_iteration_limit = 1;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.cost <= 9 && res.n_chosen >= 1,
          "iteration limit: outcome %d cost %g", (int)res.outcome, res.cost);
    eco__pool_result_clear(&res);
    o.lp_iteration_limit = 0;
    o.node_limit = 1;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.cost <= 9, "node limit");
    eco__pool_result_clear(&res);
    o.node_limit = 0;

    /* a subproblem over rows 1 and 2: only the pair lies inside */
    unsigned char sub[3] = {0, 1, 1};
    o.row_subset = sub;
    o.incumbent = NULL;
    o.n_incumbent = 0;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK && res.outcome == ECO_POOL_IMPROVED && res.n_cols == 1 &&
              res.n_chosen == 1 && res.chosen[0] == i12,
          "subproblem: outcome %d, %d columns", (int)res.outcome, res.n_cols);
    eco__pool_result_clear(&res);
    o.incumbent = &i_all; /* not inside the subproblem */
    o.n_incumbent = 1;
    eco_error_clear(&err);
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_EINPUT && strstr(err.message, "outside"),
          "incumbent outside the subproblem: %s", err.message);
    eco__pool_result_clear(&res);
    eco__pool_destroy(p);
    printf("degenerate MIPs: done\n");
}

/* ---- a recombination better than every solution in the pool ---- */

/* three pairs of customers: east (boxes 0, 1), north (2, 3), west (4, 5);
 * capacity 10 fits one pair */
static const char recomb_vrp[] = "NAME : sp-recombination\n"
                                 "TYPE : CVRP\n"
                                 "DIMENSION : 7\n"
                                 "EDGE_WEIGHT_TYPE : EUC_2D\n"
                                 "CAPACITY : 10\n"
                                 "NODE_COORD_SECTION\n"
                                 "1 0 0\n2 100 0\n3 100 10\n4 0 100\n5 10 100\n6 -100 0\n7 -100 10\n"
                                 "DEMAND_SECTION\n"
                                 "1 0\n2 5\n3 5\n4 5\n5 5\n6 5\n7 5\n"
                                 "DEPOT_SECTION\n1\n-1\nEOF\n";

static double route_cost(const eco_instance *inst, const int *boxes, int n)
{
    eco_route r = {.vehicle = 0, .start_time = -1};
    for (int i = 0; i < n; i++)
        if (eco__route_push(&r, ECO_STEP_PICKUP, boxes[i]) != ECO_OK)
            exit(2);
    eco__route_schedule(inst, &r);
    double c = r.n_violations == 0 ? r.cost : INFINITY;
    free(r.steps);
    return c;
}

static void test_recombination(void)
{
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    if (eco_instance_load_buffer(recomb_vrp, sizeof recomb_vrp - 1, "sp-recombination", NULL, &inst, &err) !=
        ECO_OK) {
        CHECK(0, "load: %s: %s", err.where, err.message);
        return;
    }
    /* solution A: east right, north and west crossed; solution B: north and
     * west right, east as two single-box routes */
    static const int a_routes[3][2] = {{0, 1}, {2, 4}, {3, 5}};
    static const int b_routes[4][2] = {{2, 3}, {4, 5}, {0, -1}, {1, -1}};
    eco__pool *p = new_pool(6, 1, 100, 0);
    double cost_a = 0, cost_b = 0;
    int ids_a[3], ids_b[4];
    for (int r = 0; r < 3; r++) {
        double c = route_cost(inst, a_routes[r], 2);
        cost_a += c;
        ids_a[r] = add(p, 0, c, 2, a_routes[r]);
    }
    for (int r = 0; r < 4; r++) {
        int n = b_routes[r][1] < 0 ? 1 : 2;
        double c = route_cost(inst, b_routes[r], n);
        cost_b += c;
        ids_b[r] = add(p, 0, c, n, b_routes[r]);
    }
    eco__pool_solve_opt o = {.incumbent = cost_a <= cost_b ? ids_a : ids_b,
                             .n_incumbent = cost_a <= cost_b ? 3 : 4,
                             .time_limit_s = 5};
    eco__pool_result res;
    CHECK(eco__pool_solve(p, &o, &res, &err) == ECO_OK, "solve: %s", err.message);
    double best_single = cost_a < cost_b ? cost_a : cost_b;
    CHECK(res.outcome == ECO_POOL_IMPROVED && res.proven && res.cost < best_single - 1,
          "recombination: outcome %d cost %g, solutions %g and %g", (int)res.outcome, res.cost, cost_a, cost_b);
    int from_a = 0, from_b = 0;
    for (int c = 0; c < res.n_chosen; c++)
        for (int r = 0; r < 4; r++) {
            from_a += r < 3 && res.chosen[c] == ids_a[r];
            from_b += res.chosen[c] == ids_b[r];
        }
    CHECK(from_a >= 1 && from_b >= 1, "the plan should take routes of both solutions (%d, %d)", from_a, from_b);
    /* the plan as a solution, judged by the independent checker */
    eco_solution *sol = eco__solution_new();
    for (int c = 0; c < res.n_chosen && sol; c++) {
        size_t size;
        const int *boxes = eco__pool_payload(p, res.chosen[c], &size);
        eco_route *r = eco__solution_add_route(sol, c);
        for (size_t i = 0; r && i < size / sizeof *boxes; i++)
            eco__route_push(r, ECO_STEP_PICKUP, boxes[i]);
    }
    eco__solution_finish(inst, sol);
    eco_check_report *rep = NULL;
    CHECK(eco_check(inst, sol, &rep, &err) == ECO_OK && eco_check_report_feasible(rep) &&
              fabs(eco_check_report_cost(rep) - res.cost) < 1e-6,
          "checker: feasible %d cost %g, MIP %g", rep ? eco_check_report_feasible(rep) : -1,
          rep ? eco_check_report_cost(rep) : NAN, res.cost);
    printf("recombination: solutions %.0f and %.0f, pool plan %.0f (checked)\n", cost_a, cost_b, res.cost);
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco__pool_result_clear(&res);
    eco__pool_destroy(p);
    eco_instance_destroy(inst);
}

/* ---- the search with the recombination ---- */

static double solve_checked(const eco_instance *inst, double seconds, long iters, int no_sp)
{
    eco_solve_options opt;
    eco_solve_options_init(&opt);
    opt.time_limit_s = seconds;
    opt.threads = 2;
    opt.seed = 7;
    opt.max_iterations = iters;
    opt.no_sp = no_sp;
    eco_error err;
    eco_error_clear(&err);
    eco_solution *sol = NULL;
    if (eco_solve(inst, &opt, &sol, &err) != ECO_OK) {
        CHECK(0, "%s: solve: %s", inst->name, err.message);
        return -1;
    }
    eco_check_report *rep = NULL;
    double cost = -1;
    if (eco_check(inst, sol, &rep, &err) != ECO_OK)
        CHECK(0, "%s: check: %s", inst->name, err.message);
    else if (!eco_check_report_feasible(rep) || eco_solution_mandatory_unassigned(inst, sol) > 0)
        CHECK(0, "%s: infeasible or incomplete: %s", inst->name,
              eco_check_report_n_violations(rep) ? eco_check_report_violation(rep, 0) : "boxes unassigned");
    else
        cost = eco_check_report_cost(rep);
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    return cost;
}

static void test_search(const char *shared)
{
    /* X-n101 (whole-pool MIPs) and X-n153 (decomposed into subproblems) */
    static const struct {
        const char *file;
        long iters;
        double recorded; /* BKS + 3 % */
    } cases[] = {
        {"instances/cvrp_x/X-n101-k25.vrp", 400, 27591 * 1.03},
        {"instances/cvrp_x/X-n153-k22.vrp", 400, 21220 * 1.04},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", shared, cases[i].file);
        eco_error err;
        eco_error_clear(&err);
        eco_instance *inst = NULL;
        if (eco_instance_load_file(path, NULL, &inst, &err) != ECO_OK) {
            CHECK(0, "%s: %s", path, err.message);
            continue;
        }
        double a = solve_checked(inst, 60, cases[i].iters, 0);
        double b = solve_checked(inst, 60, cases[i].iters, 0);
        CHECK(a > 0 && a == b, "%s: same (seed, threads) with set partitioning gave %.0f then %.0f", cases[i].file, a,
              b);
        CHECK(a > 0 && a <= cases[i].recorded, "%s: cost %.0f above %.0f", cases[i].file, a, cases[i].recorded);
        /* a time limit alone: periodic and final recombination */
        double t = solve_checked(inst, 1.5, 0, 0);
        CHECK(t > 0, "%s: time-limited run", cases[i].file);
        printf("%s: %.0f with %ld iterations (twice), %.0f in 1.5 s\n", cases[i].file, a, cases[i].iters, t);
        eco_instance_destroy(inst);
    }
}

/* a CVRP given by its distance matrix alone (no coordinates: subproblems
 * gather routes by their closest customers), 160 customers */
static void test_matrix_instance(void)
{
    enum { N = 161 };
    static double x[N], y[N];
    uint64_t r = 99;
    for (int i = 0; i < N; i++) {
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        x[i] = (double)((r >> 33) % 1000);
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        y[i] = (double)((r >> 33) % 1000);
    }
    size_t cap = (size_t)N * N * 6 + 4096, len = 0;
    char *t = malloc(cap);
    len += (size_t)snprintf(t + len, cap - len,
                            "NAME : sp-matrix\nTYPE : CVRP\nDIMENSION : %d\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
                            "EDGE_WEIGHT_FORMAT : FULL_MATRIX\nCAPACITY : 100\nEDGE_WEIGHT_SECTION\n",
                            N);
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            len += (size_t)snprintf(t + len, cap - len, "%d ", (int)floor(hypot(x[i] - x[j], y[i] - y[j]) + 0.5));
        t[len++] = '\n';
    }
    len += (size_t)snprintf(t + len, cap - len, "DEMAND_SECTION\n");
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(t + len, cap - len, "%d %d\n", i + 1, i == 0 ? 0 : 5 + i % 17);
    len += (size_t)snprintf(t + len, cap - len, "DEPOT_SECTION\n1\n-1\nEOF\n");
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    if (eco_instance_load_buffer(t, len, "sp-matrix", NULL, &inst, &err) != ECO_OK) {
        CHECK(0, "matrix instance: %s: %s", err.where, err.message);
        free(t);
        return;
    }
    double a = solve_checked(inst, 60, 200, 0), b = solve_checked(inst, 60, 200, 0);
    CHECK(a > 0 && a == b, "matrix instance: same seed gave %.0f then %.0f", a, b);
    double c = solve_checked(inst, 1.5, 0, 0);
    CHECK(c > 0, "matrix instance: time-limited run");
    printf("matrix instance: %.0f with 200 iterations (twice), %.0f in 1.5 s\n", a, c);
    eco_instance_destroy(inst);
    free(t);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_sp SHARED_DIR\n");
        return 2;
    }
    test_pool_dedup();
    test_pool_eviction();
    test_degenerate();
    test_recombination();
    test_search(argv[1]);
    test_matrix_instance();
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures != 0;
}
