/*
 * test_violations.c - the independent checker on small hand-made instances:
 * one solution per kind of violation, asserting the checker reports exactly
 * that violation (naming the route and the step), a feasible solution whose
 * cost is computed by hand, the report writers, the cap on stored texts, and
 * agreement of the checker's own travel with the instance's matrices for
 * great-circle, Manhattan-with-speed and rounded planar travel.
 *
 * The instances are built in C with the builder helpers (no reader needed).
 * Base instance (explicit matrix; metres and seconds, loads in kg, unit 1):
 *
 *   x:      0        10    20    30    40      50
 *           garage   b1    b2    b3    b4,b5   baler
 *
 *   distance = |dx| metres, duration = 2 |dx| seconds.
 *   boxes: b1 plastic 30, b2 paper 30, b3 plastic 30 (mandatory),
 *          b4 paper 20 (optional, prize 7), b5 plastic 10 (below threshold);
 *          service 5 s each, no windows.
 *   vehicles: truck and van, total capacity 100, both materials, shift and
 *          depot [0, 1000], fixed 10, 2 per metre, 0.5 per second.
 *   baler: accepts both, unload 10 s, open [0, 1000].
 *
 * Base solution: truck b1 b2 b3 baler; b4 and b5 unassigned.
 *   times: b1 arr 20 dep 25, b2 arr 45 dep 50, b3 arr 70 dep 75,
 *          baler arr 115 end 125, garage arr 225.
 *   distance 10+10+10+20+50 = 100, duration 225,
 *   cost 10 + 2 x 100 + 0.5 x 225 + prize 7 = 329.5.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "model.h"
#include "solution.h"

static int failures = 0;

#define CHECK(cond, ...)                                                          \
    do {                                                                          \
        if (!(cond)) {                                                            \
            failures++;                                                           \
            fprintf(stderr, "%s:%d: FAILED %s: ", __FILE__, __LINE__, #cond);    \
            fprintf(stderr, __VA_ARGS__);                                         \
            fputc('\n', stderr);                                                  \
        }                                                                         \
    } while (0)

enum { L_GARAGE, L_B1, L_B2, L_B3, L_B4, L_BALER, N_LOCS };
enum { B1, B2, B3, B4, B5, N_BOXES };
static const double xs[N_LOCS] = {0, 10, 20, 30, 40, 50};

static void die(const char *what)
{
    fprintf(stderr, "fatal: %s\n", what);
    exit(1);
}

static void add_box(eco_instance *inst, int i, const char *id, int loc, int mat, int64_t demand,
                    eco_box_need need, double prize)
{
    eco_box *b = &inst->boxes[i];
    b->id = eco__strdup(id);
    if (!b->id)
        die("out of memory");
    b->loc = loc;
    b->material = mat;
    b->demand = demand;
    b->service = 5;
    b->tw_open = 0;
    b->tw_close = ECO_TIME_INF;
    b->need = need;
    b->prize = prize;
    b->capacity_kg = b->fill = b->fill_rate_per_day = b->predicted_fill = NAN;
    b->file_id = -1;
}

static void init_vehicle(eco_instance *inst, eco_vehicle *v, const char *id)
{
    memset(v, 0, sizeof *v);
    v->id = eco__strdup(id);
    if (!v->id)
        die("out of memory");
    v->start_depot = v->end_depot = 0;
    for (int m = 0; m < ECO_MAX_MATERIALS; m++)
        v->cap[m] = ECO_TIME_INF;
    v->cap_total = 100;
    v->materials = (1u << inst->n_materials) - 1u;
    v->shift_start = 0;
    v->shift_end = 1000;
    v->max_duration = ECO_TIME_INF;
    v->max_distance = ECO_TIME_INF;
    v->fixed_cost = 10;
    v->cost_per_dist = 2;
    v->cost_per_time = 0.5;
    v->has_break = false;
    v->max_stops = INT32_MAX;
    v->max_day_load = ECO_TIME_INF;
}

static eco_instance *base_instance(void)
{
    eco_instance *inst = eco__instance_new(ECO_FORMAT_JSON, "hand");
    if (!inst)
        die("out of memory");
    for (int i = 0; i < N_LOCS; i++)
        if (eco__instance_add_loc(inst, xs[i], 0.0) != i)
            die("add_loc");
    int plastic = eco__instance_material(inst, "plastic"), paper = eco__instance_material(inst, "paper");
    if (plastic != 0 || paper != 1)
        die("materials");
    inst->dist_unit = inst->time_unit = inst->load_unit = 1.0;
    inst->dist_unit_name = "m";
    inst->time_unit_name = "s";
    inst->load_unit_name = "kg";

    inst->n_depots = 1;
    inst->depots = calloc(1, sizeof *inst->depots);
    inst->n_facilities = 1;
    inst->facilities = calloc(1, sizeof *inst->facilities);
    inst->n_vehicles = 2;
    inst->vehicles = calloc(2, sizeof *inst->vehicles);
    inst->n_boxes = N_BOXES;
    inst->boxes = calloc(N_BOXES, sizeof *inst->boxes);
    if (!inst->depots || !inst->facilities || !inst->vehicles || !inst->boxes)
        die("out of memory");

    inst->depots[0].id = eco__strdup("garage");
    inst->depots[0].loc = L_GARAGE;
    inst->depots[0].open = 0;
    inst->depots[0].close = 1000;

    eco_facility *f = &inst->facilities[0];
    f->id = eco__strdup("baler");
    f->kind = eco__strdup("baling");
    f->loc = L_BALER;
    f->accepts = 3u;
    f->unload_time = 10;
    f->open = 0;
    f->close = 1000;

    init_vehicle(inst, &inst->vehicles[0], "truck");
    init_vehicle(inst, &inst->vehicles[1], "van");

    add_box(inst, B1, "b1", L_B1, plastic, 30, ECO_BOX_MANDATORY, 0);
    add_box(inst, B2, "b2", L_B2, paper, 30, ECO_BOX_MANDATORY, 0);
    add_box(inst, B3, "b3", L_B3, plastic, 30, ECO_BOX_MANDATORY, 0);
    add_box(inst, B4, "b4", L_B4, paper, 20, ECO_BOX_OPTIONAL, 7);
    add_box(inst, B5, "b5", L_B4, plastic, 10, ECO_BOX_SKIP, 0);

    inst->return_empty = true;
    inst->travel.kind = ECO_TRAVEL_MATRIX;
    inst->dist = malloc(N_LOCS * N_LOCS * sizeof(int32_t));
    inst->dur = malloc(N_LOCS * N_LOCS * sizeof(int32_t));
    if (!inst->dist || !inst->dur)
        die("out of memory");
    for (int i = 0; i < N_LOCS; i++)
        for (int j = 0; j < N_LOCS; j++) {
            inst->dist[i * N_LOCS + j] = (int32_t)fabs(xs[i] - xs[j]);
            inst->dur[i * N_LOCS + j] = 2 * (int32_t)fabs(xs[i] - xs[j]);
        }
    eco_error err;
    eco_error_clear(&err);
    if (eco__instance_build_travel(inst, &err) != ECO_OK)
        die(err.text);
    return inst;
}

static eco_route *add_route(eco_solution *sol, int vehicle)
{
    eco_route *r = eco__solution_add_route(sol, vehicle);
    if (!r)
        die("out of memory");
    return r;
}

static void push(eco_route *r, eco_step_type t, int ref)
{
    if (eco__route_push(r, t, ref) != ECO_OK)
        die("out of memory");
}

static void unassign(eco_solution *sol, int box, const char *reason)
{
    if (eco__solution_unassign(sol, box, "%s", reason) != ECO_OK)
        die("out of memory");
}

/* truck: b1 b2 b3 baler; b4 optional and b5 below threshold unassigned */
static eco_solution *base_solution(void)
{
    eco_solution *sol = eco__solution_new();
    if (!sol)
        die("out of memory");
    eco_route *r = add_route(sol, 0);
    push(r, ECO_STEP_PICKUP, B1);
    push(r, ECO_STEP_PICKUP, B2);
    push(r, ECO_STEP_PICKUP, B3);
    push(r, ECO_STEP_UNLOAD, 0);
    unassign(sol, B4, "not worth its prize");
    unassign(sol, B5, "below_threshold");
    return sol;
}

static eco_check_report *run(const eco_instance *inst, const eco_solution *sol)
{
    eco_check_report *rep = NULL;
    eco_error err;
    eco_error_clear(&err);
    eco_status st = eco_check(inst, sol, &rep, &err);
    if (st != ECO_OK || !rep) {
        fprintf(stderr, "eco_check failed: %s\n", err.text);
        exit(1);
    }
    return rep;
}

static void dump(const eco_check_report *rep)
{
    for (int i = 0; i < eco_check_report_n_violations(rep); i++) {
        const char *v = eco_check_report_violation(rep, i);
        fprintf(stderr, "    | %s\n", v ? v : "(not stored)");
    }
}

/* Asserts that the check of (inst, sol) finds exactly one violation whose
 * text contains every one of the NULL-terminated substrings; consumes both. */
static void expect_one(const char *name, eco_instance *inst, eco_solution *sol, ...)
{
    eco_check_report *rep = run(inst, sol);
    int n = eco_check_report_n_violations(rep);
    const char *text = n >= 1 ? eco_check_report_violation(rep, 0) : "";
    int ok = n == 1 && !eco_check_report_feasible(rep);
    va_list ap;
    va_start(ap, sol);
    for (const char *want; (want = va_arg(ap, const char *)) != NULL;)
        if (!strstr(text, want)) {
            ok = 0;
            fprintf(stderr, "  %s: expected \"%s\" in the violation\n", name, want);
        }
    va_end(ap);
    CHECK(ok, "%s: expected exactly one matching violation, got %d", name, n);
    if (!ok)
        dump(rep);
    else
        printf("ok   %-28s %s\n", name, text);
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

static void expect_feasible(const char *name, eco_instance *inst, eco_solution *sol, double cost)
{
    eco_check_report *rep = run(inst, sol);
    int ok = eco_check_report_feasible(rep) && eco_check_report_n_violations(rep) == 0;
    CHECK(ok, "%s: expected feasible, got %d violations", name, eco_check_report_n_violations(rep));
    if (!ok)
        dump(rep);
    if (!isnan(cost))
        CHECK(fabs(eco_check_report_cost(rep) - cost) < 1e-9, "%s: cost %.10g, expected %.10g", name,
              eco_check_report_cost(rep), cost);
    if (ok)
        printf("ok   %-28s feasible, cost %g\n", name, eco_check_report_cost(rep));
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

/* ---- the feasible base and the report writers ---- */

static char *write_to_string(const eco_check_report *rep, int json)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        die("open_memstream");
    CHECK(eco_check_report_write(rep, json, f) == ECO_OK, "write json=%d", json);
    fclose(f);
    return buf;
}

static void test_feasible_base(void)
{
    eco_instance *inst = base_instance();
    eco_solution *sol = base_solution();
    eco_check_report *rep = run(inst, sol);
    CHECK(eco_check_report_feasible(rep), "base solution must be feasible");
    if (!eco_check_report_feasible(rep))
        dump(rep);
    CHECK(fabs(eco_check_report_cost(rep) - 329.5) < 1e-9, "base cost %.10g, expected 329.5",
          eco_check_report_cost(rep));
    CHECK(fabs(eco_check_report_distance(rep) - 100.0) < 1e-9, "base distance %.10g, expected 100",
          eco_check_report_distance(rep));
    CHECK(eco_check_report_violation(rep, 0) == NULL, "no violation text");

    char *text = write_to_string(rep, 0);
    const char *want = "feasible: yes cost 329.5 distance 100 routes 1 served 3 unassigned 2 "
                       "(mandatory 0, optional 1, below threshold 1) duration 225 violations 0\n";
    CHECK(strcmp(text, want) == 0, "text report:\n%s\nexpected:\n%s", text, want);
    free(text);

    char *js = write_to_string(rep, 1);
    json_error_t jerr;
    json_t *root = json_loads(js, 0, &jerr);
    CHECK(root != NULL, "JSON report does not parse: %s\n%s", jerr.text, js);
    if (root) {
        CHECK(json_is_true(json_object_get(root, "feasible")), "json feasible");
        CHECK(fabs(json_number_value(json_object_get(root, "cost")) - 329.5) < 1e-9, "json cost");
        CHECK(fabs(json_number_value(json_object_get(root, "distance")) - 100) < 1e-9, "json distance");
        CHECK(fabs(json_number_value(json_object_get(root, "duration")) - 225) < 1e-9, "json duration");
        CHECK(json_integer_value(json_object_get(root, "routes")) == 1, "json routes");
        CHECK(json_integer_value(json_object_get(root, "served")) == 3, "json served");
        CHECK(json_integer_value(json_object_get(root, "unassigned")) == 2, "json unassigned");
        CHECK(json_integer_value(json_object_get(root, "unassigned_optional")) == 1, "json unassigned_optional");
        CHECK(json_integer_value(json_object_get(root, "unassigned_below_threshold")) == 1,
              "json unassigned_below_threshold");
        CHECK(json_is_array(json_object_get(root, "violations")) &&
                  json_array_size(json_object_get(root, "violations")) == 0,
              "json violations");
        json_decref(root);
    }
    free(js);
    printf("ok   %-28s cost %g, distance %g, text and JSON reports\n", "feasible base",
           eco_check_report_cost(rep), eco_check_report_distance(rep));
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

/* ---- one test per rule ---- */

static void test_rules(void)
{
    eco_instance *inst;
    eco_solution *sol;

    /* start: D0 before the shift starts, before the depot opens */
    inst = base_instance();
    inst->vehicles[0].shift_start = 50;
    sol = base_solution();
    sol->routes[0].start_time = 20;
    expect_one("start before shift", inst, sol, "route 1 start", "departs at 20", "before the shift starts at 50",
               NULL);

    inst = base_instance();
    inst->depots[0].open = 50;
    sol = base_solution();
    sol->routes[0].start_time = 20;
    expect_one("start before depot opens", inst, sol, "route 1 start", "departs at 20", "depot opens at 50", NULL);

    /* D0 = -1: the latest of shift start and depot open; b2's window then fails */
    inst = base_instance();
    inst->depots[0].open = 30;
    inst->vehicles[0].shift_start = 40;
    inst->boxes[B2].tw_close = 84; /* b2: arr 40+45 = 85 */
    expect_one("default start is latest", inst, base_solution(), "route 1 step 2 (box b2)",
               "service starts at 85", "window closes at 84", NULL);

    /* pickup time window on the start of service (waiting is allowed) */
    inst = base_instance();
    inst->boxes[B2].tw_close = 30;
    expect_one("time window", inst, base_solution(), "route 1 step 2 (box b2)", "service starts at 45",
               "window closes at 30", NULL);
    inst = base_instance();
    inst->boxes[B2].tw_open = 100;
    inst->boxes[B2].tw_close = 100; /* wait until 100: then baler 170, home 280 */
    expect_feasible("waiting for a window", inst, base_solution(), 10 + 200 + 0.5 * 280 + 7);

    /* unload must end by closing time */
    inst = base_instance();
    inst->facilities[0].close = 120;
    expect_one("unload after close", inst, base_solution(), "route 1 step 4 (facility baler)",
               "unload ends at 125", "closes at 120", NULL);
    inst = base_instance();
    inst->facilities[0].open = 200; /* wait: unload 200..210, home 310 */
    expect_feasible("waiting for the facility", inst, base_solution(), 10 + 200 + 0.5 * 310 + 7);

    /* only accepted materials are emptied: paper stays on board */
    inst = base_instance();
    inst->facilities[0].accepts = 1u;
    expect_one("return empty", inst, base_solution(), "route 1 end (depot garage)", "returns with 30 of paper",
               NULL);
    inst = base_instance();
    inst->facilities[0].accepts = 1u;
    inst->return_empty = false;
    expect_feasible("return_empty off", inst, base_solution(), 329.5);
    /* no unload at all: both materials on board */
    inst = base_instance();
    sol = base_solution();
    sol->routes[0].n_steps = 3;
    inst->return_empty = false;
    expect_feasible("no facility visit allowed", inst, sol, 10 + 2 * 60 + 0.5 * (75 + 60) + 7);

    /* capacity per material and in total, reported at the step */
    inst = base_instance();
    inst->vehicles[0].cap[0] = 50;
    expect_one("capacity per material", inst, base_solution(), "route 1 step 3 (box b3)", "load of plastic is 60",
               "capacity 50", NULL);
    inst = base_instance();
    inst->vehicles[0].cap_total = 80;
    expect_one("total capacity", inst, base_solution(), "route 1 step 3 (box b3)", "total load is 90",
               "capacity 80", NULL);
    /* unloading between trips resets the load: 60 + 60 with capacity 60 */
    inst = base_instance();
    inst->vehicles[0].cap_total = 60;
    inst->boxes[B4].need = ECO_BOX_MANDATORY;
    sol = eco__solution_new();
    eco_route *r = add_route(sol, 0);
    push(r, ECO_STEP_PICKUP, B1);
    push(r, ECO_STEP_PICKUP, B2);
    push(r, ECO_STEP_UNLOAD, 0);
    push(r, ECO_STEP_PICKUP, B3);
    push(r, ECO_STEP_PICKUP, B4);
    push(r, ECO_STEP_UNLOAD, 0);
    unassign(sol, B5, "below_threshold");
    /* 10 10 30 20 10 10 50 = 140 m; times 20+5 +20+5 +60+10 +40+5 +20+5 +20+10 +100 = 320 */
    expect_feasible("two trips", inst, sol, 10 + 2 * 140 + 0.5 * 320);

    /* a vehicle carries only its materials */
    inst = base_instance();
    inst->vehicles[0].materials = 1u;
    expect_one("vehicle materials", inst, base_solution(), "route 1 step 2 (box b2)", "may not carry paper", NULL);

    /* daily limits */
    inst = base_instance();
    inst->vehicles[0].max_stops = 2;
    expect_one("max_stops", inst, base_solution(), "route 1 step 3 (box b3)", "pickup number 3",
               "max_stops 2", NULL);
    inst = base_instance();
    inst->vehicles[0].max_day_load = 80;
    expect_one("max_day_load", inst, base_solution(), "route 1 step 3 (box b3)", "is 90", "max_day_load 80",
               NULL);
    /* the day load counts every trip although the truck empties in between */
    inst = base_instance();
    inst->vehicles[0].max_day_load = 100;
    inst->boxes[B4].need = ECO_BOX_MANDATORY;
    sol = eco__solution_new();
    r = add_route(sol, 0);
    push(r, ECO_STEP_PICKUP, B1);
    push(r, ECO_STEP_PICKUP, B2);
    push(r, ECO_STEP_UNLOAD, 0);
    push(r, ECO_STEP_PICKUP, B3);
    push(r, ECO_STEP_PICKUP, B4);
    push(r, ECO_STEP_UNLOAD, 0);
    unassign(sol, B5, "below_threshold");
    expect_one("max_day_load over trips", inst, sol, "route 1 step 5 (box b4)", "is 110", "max_day_load 100",
               NULL);

    /* end: depot close, shift end, max duration, max distance */
    inst = base_instance();
    inst->depots[0].close = 200;
    expect_one("end after depot close", inst, base_solution(), "route 1 end (depot garage)", "arrives at 225",
               "depot closes at 200", NULL);
    inst = base_instance();
    inst->vehicles[0].shift_end = 200;
    expect_one("end after shift", inst, base_solution(), "route 1 end", "arrives at 225", "shift", "ends at 200",
               NULL);
    inst = base_instance();
    inst->vehicles[0].max_duration = 200;
    sol = base_solution();
    sol->routes[0].start_time = 10; /* duration still 225, end 235 */
    expect_one("max duration", inst, sol, "route 1 end", "duration 225", "maximum 200", NULL);
    inst = base_instance();
    inst->vehicles[0].max_distance = 90;
    expect_one("max distance", inst, base_solution(), "route 1 end", "distance 100", "maximum 90", NULL);

    /* breaks */
    inst = base_instance();
    inst->vehicles[0].has_break = true;
    inst->vehicles[0].break_duration = 30;
    inst->vehicles[0].break_start_min = 100;
    inst->vehicles[0].break_start_max = 150;
    expect_one("break missing", inst, base_solution(), "route 1 end", "no break", "ends at 225", "opens at 100",
               NULL);
    inst = base_instance();
    inst->vehicles[0].has_break = true;
    inst->vehicles[0].break_duration = 30;
    inst->vehicles[0].break_start_min = 300; /* the route is home at 225 */
    inst->vehicles[0].break_start_max = 400;
    expect_feasible("break not needed", inst, base_solution(), 329.5);
    /* taken after b3 at 75: waits to 100, resumes 130; baler 170..180, home 280 */
    inst = base_instance();
    inst->vehicles[0].has_break = true;
    inst->vehicles[0].break_duration = 30;
    inst->vehicles[0].break_start_min = 100;
    inst->vehicles[0].break_start_max = 150;
    sol = eco__solution_new();
    r = add_route(sol, 0);
    push(r, ECO_STEP_PICKUP, B1);
    push(r, ECO_STEP_PICKUP, B2);
    push(r, ECO_STEP_PICKUP, B3);
    push(r, ECO_STEP_BREAK, -1);
    push(r, ECO_STEP_UNLOAD, 0);
    unassign(sol, B4, "optional");
    unassign(sol, B5, "below_threshold");
    expect_feasible("break taken", inst, eco__solution_clone(sol), 10 + 200 + 0.5 * 280 + 7);
    inst = base_instance();
    inst->vehicles[0].has_break = true;
    inst->vehicles[0].break_duration = 30;
    inst->vehicles[0].break_start_min = 50;
    inst->vehicles[0].break_start_max = 70;
    expect_one("break window", inst, eco__solution_clone(sol), "route 1 step 4 (break)", "starts at 75",
               "closes at 70", NULL);
    inst = base_instance();
    inst->vehicles[0].has_break = true;
    inst->vehicles[0].break_duration = 30;
    inst->vehicles[0].break_start_min = 0;
    inst->vehicles[0].break_start_max = 500;
    push(&sol->routes[0], ECO_STEP_BREAK, -1);
    expect_one("second break", inst, eco__solution_clone(sol), "route 1 step 6 (break)", "second break",
               "step 4", NULL);
    inst = base_instance(); /* no break for this vehicle */
    sol->routes[0].n_steps = 5; /* b1 b2 b3 break baler */
    expect_one("break without one", inst, sol, "route 1 step 4 (break)", "vehicle truck has no break", NULL);

    /* every box once */
    inst = base_instance();
    sol = base_solution();
    sol->n_unassigned = 1; /* drops b5 from the list (its reason leaks unless freed) */
    free(sol->unassigned[1].reason);
    expect_one("box missing", inst, sol, "box b5", "in no route and not listed", NULL);

    inst = base_instance();
    sol = base_solution();
    r = add_route(sol, 1);
    push(r, ECO_STEP_PICKUP, B1);
    push(r, ECO_STEP_UNLOAD, 0);
    expect_one("box twice", inst, sol, "route 2 step 1 (box b1)", "also picked up at route 1 step 1", NULL);

    inst = base_instance();
    sol = base_solution();
    unassign(sol, B1, "listed by mistake");
    expect_one("routed and unassigned", inst, sol, "route 1 step 1 (box b1)", "also listed as unassigned",
               "entry 3", NULL);

    inst = base_instance();
    sol = base_solution();
    unassign(sol, B4, "again");
    expect_one("unassigned twice", inst, sol, "unassigned entry 3 (box b4)", "listed twice", "entry 1", NULL);

    inst = base_instance();
    sol = base_solution();
    unassign(sol, 99, "no such box");
    expect_one("unassigned out of range", inst, sol, "unassigned entry 3", "box index 99", NULL);

    /* a box below the threshold must not be routed */
    inst = base_instance();
    sol = base_solution();
    sol->n_unassigned = 1;
    free(sol->unassigned[1].reason);
    sol->routes[0].steps[3].type = ECO_STEP_PICKUP; /* b1 b2 b3 b5 baler */
    sol->routes[0].steps[3].ref = B5;
    push(&sol->routes[0], ECO_STEP_UNLOAD, 0);
    expect_one("below threshold routed", inst, sol, "route 1 step 4 (box b5)", "below the fill threshold", NULL);

    /* vehicles */
    inst = base_instance();
    sol = base_solution();
    sol->n_unassigned = 1; /* b4 moves into a second truck route; b5 stays listed */
    free(sol->unassigned[0].reason);
    sol->unassigned[0] = sol->unassigned[1];
    r = add_route(sol, 0);
    push(r, ECO_STEP_PICKUP, B4);
    push(r, ECO_STEP_UNLOAD, 0);
    expect_one("vehicle used twice", inst, sol, "route 2 (vehicle truck)", "also used by route 1", NULL);

    inst = base_instance();
    sol = base_solution();
    sol->n_unassigned = 1;
    free(sol->unassigned[0].reason);
    sol->unassigned[0] = sol->unassigned[1];
    r = add_route(sol, 7);
    push(r, ECO_STEP_PICKUP, B4);
    push(r, ECO_STEP_UNLOAD, 0);
    expect_one("vehicle out of range", inst, sol, "route 2", "vehicle index 7 is out of range", NULL);

    /* an empty route (even a second one for the truck) is not used and costs nothing */
    inst = base_instance();
    sol = base_solution();
    add_route(sol, 0);
    add_route(sol, 1);
    expect_feasible("empty routes", inst, sol, 329.5);

    /* unassigned mandatory boxes are counted, not violations; optional ones cost their prize */
    inst = base_instance();
    sol = eco__solution_new();
    for (int b = 0; b < N_BOXES; b++)
        unassign(sol, b, "left out");
    expect_feasible("nothing routed", inst, sol, 7);
}

/* More violations than are stored: all counted, the first ones kept. */
static void test_cap(void)
{
    eco_instance *inst = base_instance();
    const int n = 6000;
    eco_box *nb = realloc(inst->boxes, (size_t)n * sizeof *nb);
    if (!nb)
        die("out of memory");
    inst->boxes = nb;
    char id[32];
    for (int i = N_BOXES; i < n; i++) {
        snprintf(id, sizeof id, "x%d", i);
        add_box(inst, i, id, L_B1, 0, 1, ECO_BOX_MANDATORY, 0);
    }
    inst->n_boxes = n;
    eco_solution *sol = base_solution();
    eco_check_report *rep = run(inst, sol);
    CHECK(eco_check_report_n_violations(rep) == n - N_BOXES, "cap: %d violations, expected %d",
          eco_check_report_n_violations(rep), n - N_BOXES);
    CHECK(eco_check_report_violation(rep, 0) && strstr(eco_check_report_violation(rep, 0), "box x5"),
          "cap: first text");
    CHECK(eco_check_report_violation(rep, 5999) == NULL, "cap: texts beyond the cap are not stored");
    char *text = write_to_string(rep, 0);
    CHECK(strstr(text, "more violations\n") && strstr(text, "feasible: no"), "cap: text report");
    free(text);
    printf("ok   %-28s %d violations counted\n", "violation cap", eco_check_report_n_violations(rep));
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

/* A violation text cut at its size limit inside a multi-byte character must
 * still give a valid JSON report. */
static void test_long_utf8_id(void)
{
    eco_instance *inst = base_instance();
    char *id = malloc(2 * 600 + 1);
    if (!id)
        die("out of memory");
    for (int i = 0; i < 600; i++)
        memcpy(id + 2 * i, "\xc3\xa9", 2); /* e acute */
    id[2 * 600] = '\0';
    free(inst->boxes[B5].id);
    inst->boxes[B5].id = id;
    eco_solution *sol = base_solution();
    sol->n_unassigned = 1;
    free(sol->unassigned[1].reason);
    eco_check_report *rep = run(inst, sol);
    CHECK(eco_check_report_n_violations(rep) == 1, "long id: one violation");
    char *js = write_to_string(rep, 1);
    json_error_t jerr;
    json_t *root = json_loads(js, 0, &jerr);
    CHECK(root && json_array_size(json_object_get(root, "violations")) == 1, "long id: JSON report: %s",
          root ? "" : jerr.text);
    json_decref(root);
    free(js);
    printf("ok   %-28s truncated text stays valid UTF-8\n", "long UTF-8 id");
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

/* ---- the checker's own travel agrees with the instance's matrices ---- */

/* Sums the instance matrix along the route (depot -> steps -> depot) and
 * compares it with the checker's distance; the solution is b1..b(n) in one
 * route with no windows, so the duration is travel + service too. */
static void agree(const char *name, eco_instance *inst, double tol, double cost_tol)
{
    eco_error err;
    eco_error_clear(&err);
    if (eco__instance_build_travel(inst, &err) != ECO_OK)
        die(err.text);
    eco_solution *sol = eco__solution_new();
    eco_route *r = add_route(sol, 0);
    int64_t dist = 0, dur = 0, service = 0;
    int pos = inst->depots[0].loc;
    for (int b = 0; b < inst->n_boxes; b++) {
        push(r, ECO_STEP_PICKUP, b);
        dist += eco__dist(inst, pos, inst->boxes[b].loc);
        dur += eco__dur(inst, pos, inst->boxes[b].loc);
        service += inst->boxes[b].service;
        pos = inst->boxes[b].loc;
    }
    dist += eco__dist(inst, pos, inst->depots[0].loc);
    dur += eco__dur(inst, pos, inst->depots[0].loc);
    eco_check_report *rep = run(inst, sol);
    double want_d = (double)dist * inst->dist_unit;
    double got_d = eco_check_report_distance(rep);
    CHECK(eco_check_report_feasible(rep), "%s: feasible", name);
    CHECK(fabs(got_d - want_d) <= tol, "%s: checker distance %.10g, matrix %.10g", name, got_d, want_d);
    const eco_vehicle *v = &inst->vehicles[0];
    double want_cost = v->fixed_cost + v->cost_per_dist * (double)dist + v->cost_per_time * (double)(dur + service);
    double got_cost = eco_check_report_cost(rep);
    CHECK(fabs(got_cost - want_cost) <= cost_tol + 1e-9 * fabs(want_cost), "%s: checker cost %.10g, matrix %.10g",
          name, got_cost, want_cost);
    printf("ok   %-28s distance %.10g (matrix %.10g), cost %.10g (matrix %.10g)\n", name, got_d, want_d,
           got_cost, want_cost);
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

/* A base-like instance without facilities over coordinates (x, y). */
static eco_instance *coords_instance(eco_format fmt, int n, const double *x, const double *y)
{
    eco_instance *inst = eco__instance_new(fmt, "coords");
    if (!inst)
        die("out of memory");
    for (int i = 0; i < n; i++)
        if (eco__instance_add_loc(inst, x[i], y[i]) != i)
            die("add_loc");
    if (eco__instance_material(inst, "mixed") != 0)
        die("material");
    inst->n_depots = 1;
    inst->depots = calloc(1, sizeof *inst->depots);
    inst->n_vehicles = 1;
    inst->vehicles = calloc(1, sizeof *inst->vehicles);
    inst->n_boxes = n - 1;
    inst->boxes = calloc((size_t)n, sizeof *inst->boxes);
    if (!inst->depots || !inst->vehicles || !inst->boxes)
        die("out of memory");
    inst->depots[0].id = eco__strdup("depot");
    inst->depots[0].loc = 0;
    inst->depots[0].close = ECO_TIME_INF;
    init_vehicle(inst, &inst->vehicles[0], "v");
    inst->vehicles[0].shift_end = ECO_TIME_INF;
    inst->vehicles[0].cap_total = ECO_TIME_INF;
    inst->vehicles[0].fixed_cost = 3;
    inst->vehicles[0].cost_per_dist = 0.25;
    inst->vehicles[0].cost_per_time = 0.125;
    char id[16];
    for (int b = 0; b < n - 1; b++) {
        snprintf(id, sizeof id, "c%d", b + 1);
        add_box(inst, b, id, b + 1, 0, 1, ECO_BOX_MANDATORY, 0);
    }
    return inst;
}

static void test_travel(void)
{
    /* great circle x circuity at a speed: central Almaty */
    const double lon[] = {76.889, 76.944, 76.945, 76.95, 77.05, 76.90, 76.93};
    const double lat[] = {43.238, 43.254, 43.255, 43.20, 43.31, 43.26, 43.21};
    eco_instance *inst = coords_instance(ECO_FORMAT_JSON, 7, lon, lat);
    inst->coord_kind = ECO_COORD_GEO;
    inst->travel.kind = ECO_TRAVEL_HAVERSINE;
    inst->travel.circuity = 1.3;
    inst->travel.speed_kmh = 28;
    agree("haversine", inst, 1e-9, 1e-9);

    /* Kim-like: Manhattan feet, 40 mph, seconds */
    const double fx[] = {0, 15000, 3900.5, -2000, 7777, 12345.6, 800};
    const double fy[] = {0, 387, 8000.25, 4100, -3000, 222.2, 9100};
    inst = coords_instance(ECO_FORMAT_KIM, 7, fx, fy);
    inst->travel.kind = ECO_TRAVEL_PLANAR;
    inst->travel.metric = ECO_METRIC_MANHATTAN;
    inst->travel.rounding = ECO_ROUND_NINT;
    inst->travel.speed_units_per_time = 40.0 * 5280.0 / 3600.0;
    agree("manhattan with speed", inst, 1e-9, 1e-9);

    /* planar, each rounding; time = distance */
    const double px[] = {0, 3, 7.5, 1.25, 9, 2, 6.6};
    const double py[] = {0, 4, 1.5, 8.75, 9, 5, 0.3};
    inst = coords_instance(ECO_FORMAT_CVRPLIB, 7, px, py);
    inst->travel.rounding = ECO_ROUND_NINT;
    agree("planar nint", inst, 1e-9, 1e-9);
    inst = coords_instance(ECO_FORMAT_SOLOMON, 7, px, py);
    inst->travel.rounding = ECO_ROUND_TRUNC1;
    inst->time_unit = 0.1; /* Solomon: time like the distance */
    agree("planar trunc1", inst, 1e-9, 1e-9);
    inst = coords_instance(ECO_FORMAT_SOLOMON, 7, px, py);
    inst->travel.rounding = ECO_ROUND_EXACT;
    inst->time_unit = 1e-4;
    /* the matrix rounds each of the 7 edges to 1e-4: up to half a unit each,
     * in distance and in time (costs are per internal unit) */
    agree("planar exact", inst, 7 * 0.5e-4, 7 * 0.5 * (0.25 + 0.125));
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    test_feasible_base();
    test_rules();
    test_cap();
    test_long_utf8_id();
    test_travel();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all checker violation tests passed\n");
    return 0;
}
