/*
 * test_output.c - the planner-facing writers through the library
 * (ecoroute/output.h), where the command line cannot reach:
 *  - a solution read back from its JSON (not scheduled) gives the same
 *    GeoJSON, CSV and maps as the solved one, and is not modified;
 *  - refusals: GeoJSON of a planar instance, a map of a matrix instance
 *    given without locations (whose CSV still works, with empty positions),
 *    a map name that is neither .html nor .svg, a manifest directory that
 *    cannot be made;
 *  - a full disk (/dev/full) is a write error, never a silent success;
 *  - CSV quoting and XML escaping of awkward text, including bytes that are
 *    not UTF-8 and control characters;
 *  - numbers, clock times and durations as printed.
 * Run from tests/ (the ctest working directory); argv[1] is ../shared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ecoroute/ecoroute.h"
#include "ecoroute/output.h"
#include "out_common.h"

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

typedef eco_status (*writer_fn)(const eco_instance *, const eco_solution *, FILE *, eco_error *);

static eco_status w_geojson(const eco_instance *i, const eco_solution *s, FILE *f, eco_error *e)
{
    return eco_solution_write_geojson(i, s, f, e);
}
static eco_status w_stops(const eco_instance *i, const eco_solution *s, FILE *f, eco_error *e)
{
    return eco_solution_write_stops_csv(i, s, f, e);
}
static eco_status w_summary_csv(const eco_instance *i, const eco_solution *s, FILE *f, eco_error *e)
{
    return eco_solution_write_summary_csv(i, s, f, e);
}
static eco_status w_html(const eco_instance *i, const eco_solution *s, FILE *f, eco_error *e)
{
    return eco_solution_write_map(i, s, ECO_MAP_HTML, NULL, f, e);
}
static eco_status w_svg(const eco_instance *i, const eco_solution *s, FILE *f, eco_error *e)
{
    return eco_solution_write_map(i, s, ECO_MAP_SVG, NULL, f, e);
}
static eco_status w_text(const eco_instance *i, const eco_solution *s, FILE *f, eco_error *e)
{
    eco_output_options o;
    eco_output_options_init(&o);
    return eco_solution_write_text_summary(i, s, &o, f, e);
}

/* Runs a writer into a new string (caller frees); NULL on failure. */
static char *capture(writer_fn fn, const eco_instance *inst, const eco_solution *sol, eco_status *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    eco_error err;
    eco_error_clear(&err);
    *st = fn(inst, sol, f, &err);
    fclose(f);
    if (*st != ECO_OK)
        fprintf(stderr, "writer: %s: %s\n", err.where, err.message);
    return buf;
}

static void test_read_back(void)
{
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_solution *sol = NULL, *back = NULL;
    char *json = NULL;
    char path[] = "/tmp/eco-test-output-XXXXXX";
    int fd = -1;
    eco_status st = eco_instance_load_file("output/quoting.json", NULL, &inst, &err);
    CHECK(st == ECO_OK, "load: %s: %s", err.where, err.message);
    if (st != ECO_OK)
        return;
    eco_solve_options opt;
    eco_solve_options_init(&opt);
    opt.construction_only = 1;
    opt.threads = 1;
    st = eco_solve(inst, &opt, &sol, &err);
    CHECK(st == ECO_OK, "solve: %s", err.message);
    if (st != ECO_OK)
        goto out;
    st = eco_solution_to_json_string(inst, sol, 0, &json, &err);
    fd = mkstemp(path);
    CHECK(st == ECO_OK && fd >= 0, "json / mkstemp");
    if (st != ECO_OK || fd < 0)
        goto out;
    CHECK(write(fd, json, strlen(json)) == (ssize_t)strlen(json), "write");
    close(fd);
    st = eco_solution_read_file(inst, path, &back, &err);
    CHECK(st == ECO_OK, "read back: %s: %s", err.where, err.message);
    if (st != ECO_OK)
        goto out;
    eco_summary before;
    eco_solution_summary(back, &before);

    static const struct {
        const char *name;
        writer_fn fn;
    } writers[] = {{"geojson", w_geojson}, {"stops csv", w_stops}, {"summary csv", w_summary_csv},
                   {"html map", w_html},   {"svg map", w_svg},     {"text summary", w_text}};
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        eco_status s1, s2;
        char *a = capture(writers[i].fn, inst, sol, &s1);
        char *b = capture(writers[i].fn, inst, back, &s2);
        CHECK(s1 == ECO_OK && s2 == ECO_OK && a && b, "%s: statuses %d %d", writers[i].name, s1, s2);
        if (a && b && writers[i].fn == w_text) {
            /* the read-back solution does not know how long the solve took */
            char *ea = strstr(a, "  solved in"), *eb = strstr(b, "  solved in");
            if (ea)
                *ea = '\0';
            if (eb)
                *eb = '\0';
        }
        CHECK(a && b && strcmp(a, b) == 0, "%s: the read-back solution writes differently (%zu vs %zu bytes)",
              writers[i].name, a ? strlen(a) : 0, b ? strlen(b) : 0);
        CHECK(a && strlen(a) > 100, "%s: short output", writers[i].name);
        free(a);
        free(b);
    }
    eco_summary after;
    eco_solution_summary(back, &after);
    CHECK(memcmp(&before, &after, sizeof before) == 0, "a writer modified the solution it was given");

    /* a full disk */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        eco_error_clear(&err);
        st = eco_solution_write_map(inst, sol, ECO_MAP_HTML, NULL, full, &err);
        CHECK(st == ECO_EINTERNAL && strstr(err.message, "write error"), "/dev/full: status %d, %s", st,
              err.message);
        fclose(full);
    } else {
        printf("note: /dev/full missing, write-error check skipped\n");
    }

    /* manifests below a regular file */
    eco_error_clear(&err);
    char bad[sizeof path + 8];
    snprintf(bad, sizeof bad, "%s/sub", path);
    st = eco_solution_write_manifests(inst, sol, bad, &err);
    CHECK(st == ECO_EINPUT && strcmp(err.where, bad) == 0 && strstr(err.message, "cannot create directory"),
          "manifests under a file: %d %s: %s", st, err.where, err.message);
out:
    if (fd >= 0)
        unlink(path);
    free(json);
    eco_solution_destroy(back);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
}

static void test_refusals(const char *shared)
{
    eco_error err;
    eco_error_clear(&err);
    char p[4096];
    snprintf(p, sizeof p, "%s/instances/solomon/C101.txt", shared);
    eco_instance *inst = NULL;
    eco_status st = eco_instance_load_file(p, NULL, &inst, &err);
    CHECK(st == ECO_OK, "load C101: %s", err.message);
    if (st == ECO_OK) {
        eco_error_clear(&err);
        CHECK(eco_output_check(inst, ECO_OUTPUT_GEOJSON, &err) == ECO_EINPUT &&
                  strstr(err.message, "GeoJSON needs [lon, lat]"),
              "planar GeoJSON: %s", err.message);
        CHECK(eco_output_check(inst, ECO_OUTPUT_MAP, NULL) == ECO_OK, "planar map refused");
        CHECK(eco_output_check(inst, ECO_OUTPUT_CSV, NULL) == ECO_OK, "planar CSV refused");
    }
    eco_instance_destroy(inst);

    /* a matrix instance without locations: no map, CSV with empty positions */
    static const char model[] =
        "{\"depots\": [{\"id\": \"d\", \"location_index\": 0}],"
        " \"vehicles\": [{\"id\": \"v\", \"capacity_kg\": 100}],"
        " \"boxes\": [{\"id\": \"a\", \"location_index\": 1, \"load_kg\": 10},"
        "            {\"id\": \"b\", \"location_index\": 2, \"load_kg\": 10}],"
        " \"travel\": {\"provider\": \"matrix\","
        "   \"durations\": [[0, 60, 60], [60, 0, 60], [60, 60, 0]],"
        "   \"distances\": [[0, 500, 500], [500, 0, 500], [500, 500, 0]]}}";
    inst = NULL;
    eco_error_clear(&err);
    st = eco_instance_load_buffer(model, strlen(model), "matrix", NULL, &inst, &err);
    CHECK(st == ECO_OK, "matrix model: %s: %s", err.where, err.message);
    if (st == ECO_OK) {
        eco_error_clear(&err);
        CHECK(eco_output_check(inst, ECO_OUTPUT_MAP, &err) == ECO_EINPUT && strstr(err.message, "no coordinates"),
              "matrix map: %s", err.message);
        eco_solve_options opt;
        eco_solve_options_init(&opt);
        opt.construction_only = 1;
        eco_solution *sol = NULL;
        st = eco_solve(inst, &opt, &sol, &err);
        CHECK(st == ECO_OK, "solve matrix: %s", err.message);
        if (st == ECO_OK) {
            eco_status s1;
            char *csv = capture(w_stops, inst, sol, &s1);
            CHECK(s1 == ECO_OK && csv && strstr(csv, "v,1,1,pickup,a,,,"), "matrix CSV:\n%s", csv ? csv : "");
            free(csv);
            eco_status s2;
            char *m = capture(w_svg, inst, sol, &s2);
            CHECK(s2 == ECO_EINPUT, "matrix map written: %d", s2);
            free(m);
        }
        eco_solution_destroy(sol);
    }
    eco_instance_destroy(inst);

    eco_map_format mf;
    eco_error_clear(&err);
    CHECK(eco_map_format_from_path("routes.png", &mf, &err) == ECO_EINPUT && strstr(err.message, "routes.png"),
          "map name: %s", err.message);
    CHECK(eco_map_format_from_path("a/b.SVG", &mf, NULL) == ECO_OK && mf == ECO_MAP_SVG, "b.SVG");
    CHECK(eco_map_format_from_path("x.htm", &mf, NULL) == ECO_OK && mf == ECO_MAP_HTML, "x.htm");
    CHECK(eco_map_format_from_path("html", &mf, NULL) == ECO_EINPUT, "no extension");
}

static char *to_string(void (*fn)(FILE *, const char *), const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(f, s);
    fclose(f);
    return buf;
}

static void test_text(void)
{
    static const struct {
        const char *in, *out;
    } csv[] = {{"plain", "plain"},
               {"a,b", "\"a,b\""},
               {"say \"hi\"", "\"say \"\"hi\"\"\""},
               {"line\nbreak", "\"line\nbreak\""},
               {"cr\rhere", "\"cr\rhere\""},
               {"semi;colon 'q'", "semi;colon 'q'"},
               {"", ""},
               {"кириллица", "кириллица"}};
    for (size_t i = 0; i < sizeof csv / sizeof csv[0]; i++) {
        char *s = to_string(eco__csv_field, csv[i].in);
        CHECK(s && strcmp(s, csv[i].out) == 0, "csv %s -> %s", csv[i].in, s ? s : "(null)");
        free(s);
    }
    static const struct {
        const char *in, *out;
    } xml[] = {{"a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#39;"},
               {"tab\tnl\n", "tab\tnl&#10;"},
               {"ctl\x01", "ctl\xEF\xBF\xBD"},
               {"bad\xff utf8", "bad\xEF\xBF\xBD utf8"},
               {"short \xd0", "short \xEF\xBF\xBD"},
               {"overlong \xc0\xaf", "overlong \xEF\xBF\xBD\xEF\xBF\xBD"},
               {"surrogate \xed\xa0\x80", "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
               {"ok \xd0\xba \xe2\x82\xac \xf0\x9f\x9a\x9b", "ok \xd0\xba \xe2\x82\xac \xf0\x9f\x9a\x9b"}};
    for (size_t i = 0; i < sizeof xml / sizeof xml[0]; i++) {
        char *s = to_string(eco__xml_text, xml[i].in);
        CHECK(s && strcmp(s, xml[i].out) == 0, "xml %s -> %s", xml[i].in, s ? s : "(null)");
        free(s);
    }
    char b[64];
    CHECK(strcmp(eco__out_num(b, sizeof b, 12.5, 3), "12.5") == 0, "%s", b);
    CHECK(strcmp(eco__out_num(b, sizeof b, 3.0, 3), "3") == 0, "%s", b);
    CHECK(strcmp(eco__out_num(b, sizeof b, -0.0001, 3), "0") == 0, "%s", b);
    CHECK(strcmp(eco__out_num(b, sizeof b, 2.0005, 3), "2.001") == 0 || strcmp(b, "2") == 0, "%s", b);
    char c1[8], c2[8];
    eco__out_color(0, c1);
    eco__out_color(1, c2);
    CHECK(c1[0] == '#' && strlen(c1) == 7 && strcmp(c1, c2) != 0, "colours %s %s", c1, c2);
}

int main(int argc, char **argv)
{
    const char *shared = argc > 1 ? argv[1] : "../../shared";
    test_text();
    test_refusals(shared);
    test_read_back();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("ok: output writers (read-back solutions, refusals, write errors, quoting, escaping)\n");
    return 0;
}
