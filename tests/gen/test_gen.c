/*
 * test_gen.c - the city generator through its library API: byte-identical
 * output for the same options, different output for different seeds, the
 * independence of the option streams, option errors that name the option,
 * the mandatory/optional/skip shares, and that every preset's instance loads
 * with the box classes the generator reported.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecoroute/gen.h"
#include "model.h"

static int failures;

#define CHECK(cond, ...)                                                                                   \
    do {                                                                                                   \
        if (!(cond)) {                                                                                     \
            failures++;                                                                                    \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                           \
            fprintf(stderr, __VA_ARGS__);                                                                  \
            fputc('\n', stderr);                                                                           \
        }                                                                                                  \
    } while (0)

static char *gen(const eco_gen_options *o, eco_gen_summary *sum)
{
    eco_error err;
    eco_error_clear(&err);
    char *js = NULL;
    eco_status st = eco_gen_city(o, &js, sum, &err);
    CHECK(st == ECO_OK, "eco_gen_city: %s: %s", err.where, err.message);
    return st == ECO_OK ? js : NULL;
}

static void test_determinism(void)
{
    eco_gen_options o;
    eco_gen_options_init(&o);
    o.city = "almaty";
    o.n_boxes = 500;
    o.seed = 42;
    o.time_windows = o.breaks = 1;
    char *a = gen(&o, NULL), *b = gen(&o, NULL);
    CHECK(a && b && strcmp(a, b) == 0, "same options gave different text");
    o.seed = 43;
    char *c = gen(&o, NULL);
    CHECK(a && c && strcmp(a, c) != 0, "seeds 42 and 43 gave the same text");
    free(a);
    free(b);
    free(c);
}

/* Switching time windows on must not move a box or change its fill: every
 * box line of the plain instance is a prefix of the same line with windows. */
static void test_streams_independent(void)
{
    eco_gen_options o;
    eco_gen_options_init(&o);
    o.city = "oral";
    o.n_boxes = 300;
    o.name = "same";
    char *plain = gen(&o, NULL);
    o.time_windows = 1;
    o.breaks = 1;
    char *tw = gen(&o, NULL);
    if (!plain || !tw)
        return;
    const char *p = strstr(plain, "\"boxes\""), *q = strstr(tw, "\"boxes\"");
    int lines = 0, windows = 0;
    while (p && q && *p && *q) {
        const char *pe = strchr(p, '\n'), *qe = strchr(q, '\n');
        if (!pe || !qe)
            break;
        size_t pl = (size_t)(pe - p), ql = (size_t)(qe - q);
        if (pl > 0 && p[pl - 1] == ',')
            pl--; /* the line's trailing comma */
        if (pl > 0 && p[pl - 1] == '}')
            pl--; /* compare without the closing brace */
        CHECK(pl <= ql && memcmp(p, q, pl) == 0, "box line changed by --time-windows: %.*s", (int)pl, p);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)ql, q);
        if (strstr(line, "time_window"))
            windows++;
        lines++;
        p = pe + 1;
        q = qe + 1;
        if (strncmp(p, "  ]", 3) == 0)
            break;
    }
    CHECK(lines == 301, "compared %d lines", lines);
    CHECK(windows > 50, "only %d boxes got a time window", windows);
    free(plain);
    free(tw);
}

static void expect_error(const eco_gen_options *o, const char *where, const char *msg_part)
{
    eco_error err;
    eco_error_clear(&err);
    char *js = (char *)1;
    eco_status st = eco_gen_city(o, &js, NULL, &err);
    CHECK(st == ECO_EINPUT, "expected ECO_EINPUT for %s, got %d", where, st);
    CHECK(js == NULL, "output not NULL on error");
    CHECK(strcmp(err.where, where) == 0, "error where \"%s\", expected \"%s\"", err.where, where);
    CHECK(strstr(err.message, msg_part) != NULL, "message \"%s\" lacks \"%s\"", err.message, msg_part);
}

static void test_errors(void)
{
    eco_gen_options o;
    eco_gen_options_init(&o);
    expect_error(&o, "city", "is required");
    o.city = "paris";
    expect_error(&o, "city", "unknown city \"paris\"");
    o.city = "almaty";
    o.n_boxes = 5;
    expect_error(&o, "boxes", "expected an integer in [10, 20000], got 5");
    o.n_boxes = 20001;
    expect_error(&o, "boxes", "got 20001");
    o.n_boxes = 100;
    o.materials[1] = "wood";
    expect_error(&o, "materials", "unknown material \"wood\"");
    o.materials[1] = "plastic";
    expect_error(&o, "materials", "listed twice");
    o.materials[1] = "paper";
    o.n_materials = 0;
    expect_error(&o, "materials", "expected 1 to 4");
    o.n_materials = 2;
    o.n_facilities = 0;
    expect_error(&o, "facilities", "[1, 8]");
    o.n_facilities = 9;
    expect_error(&o, "facilities", "got 9");
    o.n_facilities = 1;
    o.full_share = 1.5;
    expect_error(&o, "full-share", "[0, 1]");
    o.full_share = NAN;
    expect_error(&o, "full-share", "[0, 1]");
    o.full_share = 0.7;
    o.name = "";
    expect_error(&o, "name", "1 to 200");
    o.name = NULL;
    o.use_bbox = 1;
    expect_error(&o, "bbox", "not both");
    o.city = NULL;
    double bad[][4] = {{77.0, 43.1, 76.8, 43.3},  /* min > max */
                       {10.0, 50.0, 10.001, 50.1}, /* too narrow */
                       {0.0, 0.0, 5.0, 5.0},       /* too wide */
                       {-190, 0, -189, 1},         /* out of range */
                       {NAN, 0, 1, 1}};
    const char *msg[] = {"MINLON < MAXLON", "between 0.5 and 150 km", "between 0.5 and 150 km", "[-180, 180]",
                         "finite"};
    for (int i = 0; i < 5; i++) {
        memcpy(o.bbox, bad[i], sizeof o.bbox);
        expect_error(&o, "bbox", msg[i]);
    }
}

/* Loads the text and compares the model's box classes with the summary. */
static void load_and_compare(const char *js, const eco_gen_summary *sum, const char *label)
{
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_status st = eco_instance_load_buffer(js, strlen(js), label, NULL, &inst, &err);
    CHECK(st == ECO_OK, "%s does not load: %s", label, err.text);
    if (st != ECO_OK)
        return;
    int need[3] = {0, 0, 0};
    for (int i = 0; i < inst->n_boxes; i++)
        need[inst->boxes[i].need]++;
    CHECK(inst->n_boxes == sum->n_boxes, "%s: %d boxes loaded, %d generated", label, inst->n_boxes, sum->n_boxes);
    CHECK(need[ECO_BOX_MANDATORY] == sum->n_mandatory && need[ECO_BOX_OPTIONAL] == sum->n_optional &&
              need[ECO_BOX_SKIP] == sum->n_skip,
          "%s: model classes %d/%d/%d, generator %d/%d/%d", label, need[0], need[1], need[2], sum->n_mandatory,
          sum->n_optional, sum->n_skip);
    CHECK(inst->n_vehicles == sum->n_vehicles, "%s: %d vehicles loaded, %d generated", label, inst->n_vehicles,
          sum->n_vehicles);
    CHECK(inst->n_facilities == sum->n_facilities, "%s: facilities", label);
    eco_instance_destroy(inst);
}

static void test_presets_load(void)
{
    const char *const *names = eco_gen_city_names();
    int n_names = 0;
    for (; names[n_names]; n_names++) {
        int sizes[] = {10, 100, 1000};
        for (int k = 0; k < 3; k++) {
            eco_gen_options o;
            eco_gen_options_init(&o);
            o.city = names[n_names];
            o.n_boxes = sizes[k];
            o.seed = (uint64_t)(7 + k);
            eco_gen_summary sum;
            char *js = gen(&o, &sum);
            char label[64];
            snprintf(label, sizeof label, "%s-%d", o.city, o.n_boxes);
            if (js)
                load_and_compare(js, &sum, label);
            CHECK(sum.n_mandatory + sum.n_optional + sum.n_skip == sizes[k], "%s: classes do not add up", label);
            CHECK(js && strstr(js, "\"recycler\""), "%s: no recycler", label);
            free(js);
        }
    }
    CHECK(n_names == 4, "%d presets", n_names);
}

static void test_shares(void)
{
    double shares[] = {0.0, 0.5, 0.7, 1.0};
    for (int i = 0; i < 4; i++) {
        eco_gen_options o;
        eco_gen_options_init(&o);
        o.city = "petropavlovsk";
        o.n_boxes = 2000;
        o.full_share = shares[i];
        eco_gen_summary sum;
        char *js = gen(&o, &sum);
        double m = sum.n_mandatory / 2000.0, op = sum.n_optional / 2000.0;
        CHECK(fabs(m - shares[i]) < 0.04, "full-share %.2f gave %.3f mandatory", shares[i], m);
        CHECK(fabs(op - (1 - shares[i]) / 2) < 0.04, "full-share %.2f gave %.3f optional", shares[i], op);
        printf("full-share %.2f: %.1f%% mandatory, %.1f%% optional, %.1f%% below, %d vehicles\n", shares[i],
               100 * m, 100 * op, 100.0 * sum.n_skip / 2000, sum.n_vehicles);
        if (js && i == 1)
            load_and_compare(js, &sum, "shares");
        free(js);
    }
}

static void test_options_variety(void)
{
    eco_gen_options o;
    eco_gen_options_init(&o);
    o.use_bbox = 1;
    double bb[4] = {37.55, 55.70, 37.70, 55.78};
    memcpy(o.bbox, bb, sizeof bb);
    o.n_boxes = 250;
    o.n_materials = 3;
    o.materials[0] = "paper";
    o.materials[1] = "glass";
    o.materials[2] = "metal";
    o.n_facilities = 8;
    o.time_windows = o.breaks = 1;
    o.name = "with \"quotes\" and \\ backslash";
    eco_gen_summary sum;
    char *js = gen(&o, &sum);
    if (!js)
        return;
    CHECK(sum.n_facilities == 9, "facilities %d", sum.n_facilities);
    CHECK(strstr(js, "\"plastic\"") == NULL, "plastic appears without being asked for");
    CHECK(strstr(js, "\"break\"") != NULL, "no break");
    load_and_compare(js, &sum, "bbox");
    free(js);
}

int main(void)
{
    test_determinism();
    test_streams_independent();
    test_errors();
    test_presets_load();
    test_shares();
    test_options_variety();
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
