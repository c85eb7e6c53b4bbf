/*
 * test_vroom.c - what the VROOM reader builds and what the writers give back:
 * format detection, the mapping of jobs, vehicles, skills, amounts and
 * facilities onto the model (README "VROOM input and output"), the response
 * for a solved problem, and an instance written as VROOM and read again.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ecoroute/vroom.h"
#include "model.h"
#include "vroom_meta.h"

static int failures;

#define CHECK(cond)                                                                                                \
    do {                                                                                                           \
        if (!(cond)) {                                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                               \
            failures++;                                                                                            \
        }                                                                                                          \
    } while (0)

static eco_instance *load(const char *text, eco_error *err)
{
    eco_instance *inst = NULL;
    eco_error_clear(err);
    eco_instance_load_buffer(text, strlen(text), "test.json", NULL, &inst, err);
    return inst;
}

static int material(const eco_instance *inst, const char *name)
{
    for (int m = 0; m < inst->n_materials; m++)
        if (strcmp(inst->material_names[m], name) == 0)
            return m;
    return -1;
}

static void test_detect(void)
{
    const char *yes[] = {"{\"jobs\": []}", "  {\"vehicles\": [], \"shipments\": []}",
                         "{\"x\": {\"y\": [1, {\"z\": 2}]}, \"jobs\": []}", "{\"a\": \"b\\\"\", \"jobs\": 1}"};
    const char *no[] = {"{\"boxes\": [{\"jobs\": 1}]}", "{\"name\": \"jobs\", \"depots\": []}", "[{\"jobs\": 1}]",
                        "{\"a\\\"jobs\": 1}", "{\"depots\": [], \"vehicles\": []}", "{\"jobs"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        CHECK(eco__vroom_detect(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        CHECK(!eco__vroom_detect(no[i], strlen(no[i])));
}

static void test_skills_and_facilities(void)
{
    const char *p =
        "{\"vehicles\": ["
        "  {\"id\": 7, \"start\": [76.9, 43.2], \"end\": [76.9, 43.2], \"capacity\": [100], \"skills\": [1, 2],"
        "   \"time_window\": [3600, 40000], \"costs\": {\"fixed\": 10, \"per_hour\": 36, \"per_km\": 2},"
        "   \"breaks\": [{\"id\": 4, \"service\": 600, \"time_windows\": [[10000, 12000]]}], \"max_tasks\": 9},"
        "  {\"id\": 8, \"start\": [76.9, 43.2], \"end\": [76.95, 43.21], \"capacity\": [50]}],"
        " \"jobs\": ["
        "  {\"id\": 1, \"location\": [76.91, 43.22], \"setup\": 30, \"service\": 90, \"pickup\": [5], \"skills\": [2],"
        "   \"time_windows\": [[5000, 9000]], \"description\": \"a\"},"
        "  {\"id\": 2, \"location\": [76.92, 43.23], \"pickup\": [7]},"
        "  {\"id\": 3, \"location\": [76.93, 43.24], \"pickup\": [9], \"skills\": [1, 1]}],"
        " \"facilities\": [{\"id\": 5, \"location\": [76.94, 43.2], \"service\": 300, \"setup\": 60,"
        "   \"time_windows\": [[0, 30000]], \"accepts\": [1]},"
        "  {\"id\": 6, \"location\": [76.96, 43.25]}]}";
    eco_error err;
    eco_instance *inst = load(p, &err);
    CHECK(inst != NULL);
    if (!inst) {
        fprintf(stderr, "%s\n", err.text);
        return;
    }
    CHECK(inst->format == ECO_FORMAT_VROOM);
    CHECK(inst->n_materials == 3);
    int mixed = material(inst, "mixed"), s1 = material(inst, "skill1"), s2 = material(inst, "skill2");
    CHECK(mixed == 0 && s1 >= 0 && s2 >= 0);
    CHECK(inst->n_depots == 2); /* one shared start, one other end */
    CHECK(inst->vehicles[0].start_depot == inst->vehicles[1].start_depot);
    CHECK(inst->vehicles[1].end_depot != inst->vehicles[1].start_depot);
    const eco_box *b = &inst->boxes[0];
    CHECK(strcmp(b->id, "1") == 0 && b->service == 120 && b->demand == 5 && b->material == s2);
    CHECK(b->tw_open == 5000 && b->tw_close == 9000 && b->need == ECO_BOX_MANDATORY);
    CHECK(inst->boxes[1].material == mixed && inst->boxes[1].tw_close == ECO_TIME_INF);
    CHECK(inst->boxes[2].material == s1); /* [1, 1] is one skill */
    const eco_vehicle *v = &inst->vehicles[0];
    CHECK(v->cap_total == 100 && v->cap[0] == ECO_TIME_INF);
    CHECK(v->materials == ((1u << mixed) | (1u << s1) | (1u << s2)));
    CHECK(inst->vehicles[1].materials == 1u << mixed);
    CHECK(v->shift_start == 3600 && v->shift_end == 40000 && inst->vehicles[1].shift_end == ECO_TIME_INF);
    CHECK(fabs(v->fixed_cost - 10) < 1e-12 && fabs(v->cost_per_time - 0.01) < 1e-12 &&
          fabs(v->cost_per_dist - 0.002) < 1e-12);
    CHECK(inst->vehicles[1].cost_per_time == 1.0 && inst->vehicles[1].cost_per_dist == 0.0); /* VROOM's defaults */
    CHECK(v->has_break && v->break_duration == 600 && v->break_start_min == 10000 && v->break_start_max == 12000);
    CHECK(v->max_stops == 9 && inst->vehicles[1].max_stops == INT32_MAX);
    const eco_facility *f = &inst->facilities[0];
    CHECK(f->unload_time == 360 && f->open == 0 && f->close == 30360);
    CHECK(f->accepts == ((1u << mixed) | (1u << s1)));
    CHECK(inst->travel.kind == ECO_TRAVEL_HAVERSINE && inst->travel.circuity == 1.3 && inst->travel.speed_kmh == 30.0);
    const eco_vroom_meta *meta = inst->vroom;
    CHECK(meta && meta->jobs[0].setup == 30 && meta->jobs[0].service == 90 && meta->jobs[0].id == 1);
    CHECK(meta && strcmp(meta->jobs[0].description, "a") == 0 && meta->vehicles[0].break_id == 4);

    /* solved and answered in VROOM's shape */
    eco_solve_options so;
    eco_solve_options_init(&so);
    so.construction_only = 1;
    eco_solution *sol = NULL;
    CHECK(eco_solve(inst, &so, &sol, &err) == ECO_OK);
    char *text = NULL;
    if (sol)
        CHECK(eco_solution_to_vroom_string(inst, sol, 0, &text, &err) == ECO_OK);
    json_t *r = text ? json_loads(text, 0, NULL) : NULL;
    CHECK(r && json_integer_value(json_object_get(r, "code")) == 0);
    json_t *routes = json_object_get(r, "routes");
    int jobs = 0, unloads = 0;
    for (size_t i = 0; i < json_array_size(routes); i++) {
        json_t *steps = json_object_get(json_array_get(routes, i), "steps");
        CHECK(json_is_integer(json_object_get(json_array_get(routes, i), "vehicle")));
        for (size_t k = 0; k < json_array_size(steps); k++) {
            json_t *s = json_array_get(steps, k);
            const char *t = json_string_value(json_object_get(s, "type"));
            if (t && strcmp(t, "job") == 0) {
                jobs++;
                CHECK(json_is_integer(json_object_get(s, "id")));
                if (json_integer_value(json_object_get(s, "id")) == 1)
                    CHECK(json_integer_value(json_object_get(s, "setup")) == 30 &&
                          json_integer_value(json_object_get(s, "service")) == 90 &&
                          strcmp(json_string_value(json_object_get(s, "description")), "a") == 0);
            }
            unloads += t && strcmp(t, "unload") == 0;
        }
    }
    CHECK(jobs + (int)json_array_size(json_object_get(r, "unassigned")) == 3);
    CHECK(unloads >= 1); /* routes end empty */
    json_decref(r);
    free(text);
    eco_solution_destroy(sol);

    /* written as VROOM and read again: the same model */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    CHECK(mem && eco_instance_write_vroom(inst, mem, &err) == ECO_OK);
    if (mem)
        fclose(mem);
    eco_instance *again = buf ? load(buf, &err) : NULL;
    CHECK(again != NULL);
    if (again) {
        CHECK(again->n_boxes == 3 && again->n_materials == 3 && again->n_facilities == 2);
        CHECK(again->boxes[0].service == 120 && again->vroom->jobs[0].setup == 30);
        CHECK(again->facilities[0].close == 30360 && again->facilities[0].accepts == f->accepts);
        CHECK(again->vehicles[0].cost_per_time == v->cost_per_time && again->vehicles[0].materials == v->materials);
    }
    eco_instance_destroy(again);
    free(buf);
    eco_instance_destroy(inst);
}

static void test_dimensions_and_matrix(void)
{
    const char *p = "{\"vehicles\": [{\"id\": 1, \"start_index\": 0, \"end_index\": 0, \"capacity\": [10, 4],"
                    "  \"speed_factor\": 2}],"
                    " \"jobs\": [{\"id\": 1, \"location_index\": 1, \"pickup\": [0, 3]},"
                    "            {\"id\": 2, \"location_index\": 2, \"pickup\": [6, 0]},"
                    "            {\"id\": 3, \"location_index\": 2}],"
                    " \"matrices\": {\"car\": {\"durations\": [[0, 100, 201], [100, 0, 50], [201, 50, 0]]}}}";
    eco_error err;
    eco_instance *inst = load(p, &err);
    CHECK(inst != NULL);
    if (!inst) {
        fprintf(stderr, "%s\n", err.text);
        return;
    }
    CHECK(inst->n_materials == 2 && strcmp(inst->material_names[1], "dim1") == 0);
    CHECK(inst->boxes[0].material == 1 && inst->boxes[0].demand == 3);
    CHECK(inst->boxes[1].material == 0 && inst->boxes[1].demand == 6);
    CHECK(inst->boxes[2].material == 0 && inst->boxes[2].demand == 0);
    CHECK(inst->vehicles[0].cap[0] == 10 && inst->vehicles[0].cap[1] == 4 &&
          inst->vehicles[0].cap_total == ECO_TIME_INF);
    CHECK(inst->travel.kind == ECO_TRAVEL_MATRIX && inst->n_locs == 3);
    CHECK(eco__dur(inst, 0, 2) == 101 && eco__dur(inst, 0, 1) == 50); /* durations / speed_factor, rounded */
    CHECK(eco__dist(inst, 0, 2) == 0 && !inst->vroom->has_distances);
    /* written as VROOM again: the (scaled) durations, no distances */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    CHECK(mem && eco_instance_write_vroom(inst, mem, &err) == ECO_OK);
    if (mem)
        fclose(mem);
    CHECK(buf && strstr(buf, "\"durations\"") && !strstr(buf, "\"distances\"") && !strstr(buf, "speed_factor"));
    eco_instance *again = buf ? load(buf, &err) : NULL;
    CHECK(again && again->travel.kind == ECO_TRAVEL_MATRIX && eco__dur(again, 0, 2) == 101 &&
          again->vehicles[0].cap[1] == 4 && again->boxes[0].material == 1);
    eco_instance_destroy(again);
    free(buf);
    eco_instance_destroy(inst);
}

static void test_errors(void)
{
    eco_error err;
    eco_instance *inst = load("{\"jobs\": [{\"id\": 1, \"location\": [1, 2], \"oops\": 1, \"pickup\": [1],"
                              " \"time_windows\": [[0, 1], [3, 4]]}],"
                              " \"vehicles\": [{\"id\": 1, \"start\": [1, 2], \"end\": [1, 2], \"capacity\": [2],"
                              " \"steps\": []}], \"shipments\": [{}]}",
                              &err);
    CHECK(inst == NULL && err.status == ECO_EINPUT);
    CHECK(strstr(err.text, "jobs[0].oops: unknown field") != NULL);
    CHECK(strstr(err.text, "jobs[0].time_windows: not supported: several time windows") != NULL);
    CHECK(strstr(err.text, "vehicles[0].steps: not supported") != NULL);
    CHECK(strstr(err.text, "shipments: pickup-and-delivery pairs are not supported yet") != NULL);
    CHECK(err.n_errors == 4);
}

int main(void)
{
    test_detect();
    test_skills_and_facilities();
    test_dimensions_and_matrix();
    test_errors();
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("test_vroom: all checks passed\n");
    return 0;
}
