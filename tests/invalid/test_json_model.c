/*
 * test_json_model.c - the native JSON reader turns the valid models in
 * tests/invalid/valid/ into exactly the instance the README's table says
 * (units, defaults, fill rules, fleet expansion, compartments, matrices), and
 * reports every error of a bad model, not only the first.
 *
 * Run from tests/ (ctest sets the working directory).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

static int failures;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                             \
        }                                                                           \
    } while (0)

#define NEAR(a, b) (fabs((double)(a) - (double)(b)) <= 1e-9 * (1.0 + fabs((double)(b))))

static eco_instance *load(const char *path)
{
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_status st = eco_instance_load_file(path, NULL, &inst, &err);
    if (st != ECO_OK) {
        fprintf(stderr, "%s: load failed (%s):\n%s", path, eco_status_name(st), err.text);
        failures++;
        return NULL;
    }
    return inst;
}

static const eco_box *box(const eco_instance *inst, const char *id)
{
    for (int i = 0; i < inst->n_boxes; i++)
        if (strcmp(inst->boxes[i].id, id) == 0)
            return &inst->boxes[i];
    fprintf(stderr, "no box %s\n", id);
    failures++;
    return &inst->boxes[0];
}

static void test_full_haversine(void)
{
    eco_instance *inst = load("invalid/valid/full-haversine.json");
    if (!inst)
        return;
    CHECK(strcmp(inst->name, "valid-full-haversine") == 0);
    CHECK(inst->format == ECO_FORMAT_JSON && inst->coord_kind == ECO_COORD_GEO);
    CHECK(inst->dist_unit == 1.0 && inst->time_unit == 1.0 && inst->load_unit == 0.001);
    CHECK(strcmp(inst->load_unit_name, "kg") == 0 && strcmp(inst->dist_unit_name, "m") == 0);
    CHECK(inst->n_materials == 2 && strcmp(inst->material_names[0], "plastic") == 0 &&
          strcmp(inst->material_names[1], "paper") == 0);

    CHECK(inst->n_depots == 2);
    CHECK(inst->depots[0].open == 6 * 3600 && inst->depots[0].close == 20 * 3600);
    CHECK(inst->depots[1].open == 0 && inst->depots[1].close == 86400);

    CHECK(inst->n_vehicles == 3);
    CHECK(strcmp(inst->vehicles[0].id, "truck#1") == 0 && strcmp(inst->vehicles[1].id, "truck#2") == 0 &&
          strcmp(inst->vehicles[2].id, "van") == 0);
    const eco_vehicle *t = &inst->vehicles[1];
    CHECK(t->start_depot == 0 && t->end_depot == 1);
    CHECK(t->cap_total == 1500000 && t->cap[0] == ECO_TIME_INF && t->cap[1] == ECO_TIME_INF);
    CHECK(t->materials == 3u);
    CHECK(t->shift_start == 7 * 3600 && t->shift_end == 17 * 3600 + 30);
    CHECK(t->max_duration == 32400 && t->max_distance == 200000);
    CHECK(NEAR(t->fixed_cost, 40) && NEAR(t->cost_per_dist, 0.6 / 1000) && NEAR(t->cost_per_time, 9.0 / 3600));
    CHECK(t->has_break && t->break_duration == 1800 && t->break_start_min == 12 * 3600 &&
          t->break_start_max == 13 * 3600 + 1800);
    CHECK(t->max_stops == 80 && t->max_day_load == 4000000);
    const eco_vehicle *v = &inst->vehicles[2];
    CHECK(v->start_depot == 0 && v->end_depot == 0);
    CHECK(v->cap[0] == 300000 && v->cap[1] == 500000 && v->cap_total == ECO_TIME_INF && v->materials == 3u);
    CHECK(NEAR(v->fixed_cost, 20) && NEAR(v->cost_per_dist, 0.001) && v->cost_per_time == 0.0);
    CHECK(!v->has_break && v->max_stops == INT32_MAX && v->max_day_load == ECO_TIME_INF);
    CHECK(v->max_duration == ECO_TIME_INF && v->max_distance == ECO_TIME_INF);
    CHECK(v->shift_start == 0 && v->shift_end == 86400);

    CHECK(inst->n_facilities == 2);
    const eco_facility *f = &inst->facilities[0], *g = &inst->facilities[1];
    CHECK(strcmp(f->kind, "baling") == 0 && f->accepts == 3u && f->unload_time == 900 && f->open == 8 * 3600 &&
          f->close == 19 * 3600);
    CHECK(strcmp(g->kind, "recycler") == 0 && g->accepts == 1u && g->open == 32400 && g->close == 64800);

    CHECK(inst->n_boxes == 7);
    const eco_box *b = box(inst, "kbtu-1");
    CHECK(b->material == 0 && b->demand == 54000 && b->need == ECO_BOX_MANDATORY && b->service == 120);
    CHECK(b->tw_open == 9 * 3600 && b->tw_close == 16 * 3600 && NEAR(b->prize, 0.05 * 54));
    CHECK(NEAR(b->capacity_kg, 60) && NEAR(b->fill, 0.9) && NEAR(b->fill_rate_per_day, 0.15) &&
          NEAR(b->predicted_fill, 1.05) && b->file_id == -1);
    b = box(inst, "kbtu-2"); /* 0.55 + 0.3 >= 0.8 */
    CHECK(b->need == ECO_BOX_OPTIONAL && b->demand == 44000 && b->tw_open == 0 && b->tw_close == ECO_TIME_INF);
    b = box(inst, "kbtu-3"); /* 0.2 + 0.1 < 0.8 */
    CHECK(b->need == ECO_BOX_SKIP);
    b = box(inst, "satbayev-1"); /* no fill information: mandatory */
    CHECK(b->need == ECO_BOX_MANDATORY && b->demand == 35500 && isnan(b->fill) && isnan(b->capacity_kg) &&
          isnan(b->predicted_fill) && isnan(b->fill_rate_per_day));
    CHECK(b->tw_open == 36000 && b->tw_close == 15 * 3600 + 1800);
    b = box(inst, "satbayev-2");
    CHECK(b->need == ECO_BOX_OPTIONAL && b->demand == 120000 && NEAR(b->prize, 12.5));
    b = box(inst, "kaznu-1"); /* below the threshold, forced */
    CHECK(b->need == ECO_BOX_MANDATORY && b->demand == 30000);
    b = box(inst, "kaznu-2"); /* 0.7 + 0.1 is 0.7999...: still reaches 0.8 */
    CHECK(b->need == ECO_BOX_OPTIONAL && b->demand == 35000);

    CHECK(inst->travel.kind == ECO_TRAVEL_HAVERSINE && NEAR(inst->travel.circuity, 1.3) &&
          NEAR(inst->travel.speed_kmh, 28));
    CHECK(inst->n_locs == 2 + 2 + 7 && inst->dist && inst->dur);
    CHECK(inst->dist[0] == 0 && inst->dist[1] > 1000 && inst->dur[1] > 0);
    CHECK(inst->return_empty && NEAR(inst->fill_threshold, 0.8));
    CHECK(NEAR(inst->opt_time_limit_s, 10) && inst->opt_threads == 2 && inst->opt_seed == 7);
    eco_instance_destroy(inst);
}

static void test_matrix(void)
{
    eco_instance *inst = load("invalid/valid/matrix.json");
    if (!inst)
        return;
    CHECK(inst->travel.kind == ECO_TRAVEL_MATRIX && inst->n_locs == 6);
    CHECK(inst->dist && inst->dur && inst->dist != inst->dur);
    CHECK(inst->dist[0 * 6 + 1] == 5000 && inst->dur[3 * 6 + 4] == 120 && inst->dist[5 * 6 + 2] == 5400);
    CHECK(inst->depots[0].loc == 0 && inst->facilities[0].loc == 1 && inst->facilities[1].loc == 2);
    CHECK(inst->loc_x[1] == 76.95 && inst->loc_y[1] == 43.2 && inst->loc_x[5] == 76.9 && inst->loc_x[2] == 0.0);
    CHECK(strcmp(inst->facilities[1].kind, "landfill") == 0 && inst->facilities[1].accepts == 2u);
    CHECK(inst->facilities[1].unload_time == 0 && inst->facilities[1].open == 0 && inst->facilities[1].close == 86400);
    CHECK(inst->n_vehicles == 4 && strcmp(inst->vehicles[2].id, "lorry#3") == 0);
    const eco_vehicle *l = &inst->vehicles[0], *p = &inst->vehicles[3];
    CHECK(l->cap[0] == 100000 && l->cap[1] == 150000 && l->cap_total == ECO_TIME_INF && l->materials == 3u);
    CHECK(NEAR(l->cost_per_dist, 0.001) && NEAR(l->cost_per_time, 5.0 / 3600));
    CHECK(p->materials == 2u && p->cap_total == 80000 && p->cap[1] == ECO_TIME_INF);
    CHECK(p->has_break && p->break_duration == 600 && p->break_start_min == 0 && p->break_start_max == 86400);
    CHECK(box(inst, "m1")->loc == 3 && box(inst, "m4")->loc == 5);
    CHECK(box(inst, "m1")->demand == 60000 && NEAR(box(inst, "m1")->prize, 6.0));
    CHECK(box(inst, "m4")->need == ECO_BOX_MANDATORY);
    CHECK(box(inst, "m5")->need == ECO_BOX_SKIP); /* 0.5 + 0.1 x 2 days < 0.8 */
    CHECK(!inst->return_empty);
    eco_instance_destroy(inst);
}

static void test_defaults(void)
{
    eco_instance *inst = load("invalid/valid/minimal.json");
    if (!inst)
        return;
    CHECK(strcmp(inst->name, "") == 0);
    CHECK(inst->n_materials == 1 && strcmp(inst->material_names[0], "mixed") == 0);
    CHECK(inst->n_facilities == 0 && inst->n_vehicles == 1 && inst->vehicles[0].materials == 1u);
    CHECK(inst->vehicles[0].cap_total == 200000 && NEAR(inst->vehicles[0].cost_per_dist, 0.001));
    CHECK(box(inst, "2")->demand == 30250 && box(inst, "3")->demand == 40000);
    CHECK(box(inst, "3")->need == ECO_BOX_MANDATORY && box(inst, "1")->need == ECO_BOX_MANDATORY);
    CHECK(inst->travel.kind == ECO_TRAVEL_HAVERSINE && NEAR(inst->travel.circuity, 1.3) &&
          NEAR(inst->travel.speed_kmh, 30));
    CHECK(NEAR(inst->opt_time_limit_s, 10) && inst->opt_threads == 1 && inst->opt_seed == 1);
    CHECK(inst->return_empty && NEAR(inst->fill_threshold, 0.8));
    eco_instance_destroy(inst);

    inst = load("invalid/valid/implicit-materials.json");
    if (!inst)
        return;
    /* taken from boxes, then vehicles, then facilities, in order */
    CHECK(inst->n_materials == 3 && strcmp(inst->material_names[0], "plastic") == 0 &&
          strcmp(inst->material_names[1], "paper") == 0 && strcmp(inst->material_names[2], "glass") == 0);
    CHECK(inst->vehicles[0].materials == 4u && inst->vehicles[0].cap[2] == 800000 && inst->vehicles[0].cap[0] == 0);
    CHECK(inst->vehicles[1].materials == 3u && inst->vehicles[2].max_stops == 10);
    CHECK(box(inst, "b")->need == ECO_BOX_OPTIONAL && box(inst, "c")->need == ECO_BOX_SKIP);
    CHECK(box(inst, "a")->need == ECO_BOX_MANDATORY && NEAR(inst->fill_threshold, 0.75));
    eco_instance_destroy(inst);
}

static void test_every_error_reported(void)
{
    static const char text[] =
        "{\"depots\": [{\"id\": \"d\", \"location\": [0, 0], \"fo\": 1}],\n"
        " \"vehicles\": [{\"id\": \"v\", \"capacity_kg\": \"x\"}],\n"
        " \"boxes\": [{\"id\": \"b\", \"location\": [0, 91], \"load_kg\": -1},\n"
        "           {\"id\": \"b\", \"location\": [0, 0], \"load_kg\": 1}],\n"
        " \"options\": {\"threads\": 999, \"seed\": 1.5}}\n";
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_status st = eco_instance_load_buffer(text, strlen(text), "req-7", NULL, &inst, &err);
    CHECK(st == ECO_EINPUT && inst == NULL);
    CHECK(err.n_errors == 7);
    CHECK(strstr(err.text, "depots[0]: unknown field \"fo\"") != NULL);
    CHECK(strstr(err.text, "vehicles[0].capacity_kg: expected a positive number or an object of materials") != NULL);
    CHECK(strstr(err.text, "boxes[0].location: expected [lon, lat] with lat in [-90, 90]") != NULL);
    CHECK(strstr(err.text, "boxes[0].load_kg: expected a number in [0, 1000000000], got -1") != NULL);
    CHECK(strstr(err.text, "boxes[1].id: duplicate id \"b\" (also boxes[0])") != NULL);
    CHECK(strstr(err.text, "options.threads: expected an integer in [1, 256], got 999") != NULL);
    CHECK(strstr(err.text, "options.seed: expected an integer") != NULL);
    if (failures)
        fprintf(stderr, "%s", err.text);

    /* a syntax error names NAME:LINE:COLUMN */
    eco_error_clear(&err);
    st = eco_instance_load_buffer("{\n  \"a\": tru\n}", 14, "req-8", NULL, &inst, &err);
    CHECK(st == ECO_EINPUT && strncmp(err.where, "req-8:2:", 8) == 0);
}

int main(void)
{
    test_full_haversine();
    test_matrix();
    test_defaults();
    test_every_error_reported();
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("test_json_model: all checks passed\n");
    return 0;
}
