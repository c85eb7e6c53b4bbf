/*
 * test_readers.c - the file-format readers: every instance under
 * SHARED/instances loads with the expected counts, units and numbering;
 * every .sol file of cvrp_x, solomon and gh200 reads back with each customer
 * once and reproduces its own "Cost" line from the loaded travel matrix;
 * malformed inputs (written inline) are refused with ECO_EINPUT and a
 * "FILE:LINE" location; mutated and random bytes never crash a reader.
 *
 * Usage: test_readers SHARED_DIR [all|xxl]
 *   all (default): everything except the ten XXL files
 *   xxl: load the ten CVRPLIB XXL files (3,000 to 30,000 customers), counts only
 *   fuzz: long mutation runs of the readers (ctest label "long")
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ecoroute/ecoroute.h"
#include "model.h"
#include "solution.h"

static int failures, checks;

#define CHECK(cond, ...)                                                                                   \
    do {                                                                                                   \
        checks++;                                                                                          \
        if (!(cond)) {                                                                                     \
            failures++;                                                                                    \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                           \
            fprintf(stderr, __VA_ARGS__);                                                                  \
            fputc('\n', stderr);                                                                           \
        }                                                                                                  \
    } while (0)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir ending with ext; returns the count (names are new). */
static int list_dir(const char *dir, const char *ext, char ***out)
{
    DIR *d = opendir(dir);
    int n = 0, cap = 0;
    char **names = NULL;
    *out = NULL;
    if (!d)
        return 0;
    struct dirent *e;
    size_t el = strlen(ext);
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l <= el || strcmp(e->d_name + l - el, ext) != 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = realloc(names, (size_t)cap * sizeof *names);
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    *out = names;
    return n;
}

static void free_list(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* ---- .sol files: routes, customers once, cost reproduced ---- */

static void check_sol(const eco_instance *inst, const char *sol_path)
{
    size_t len;
    char *text = slurp(sol_path, &len);
    CHECK(text != NULL, "cannot read %s", sol_path);
    if (!text)
        return;
    int n_route_lines = 0;
    double cost_line = -1;
    for (char *p = text; p && *p;) {
        if (strncmp(p, "Route", 5) == 0)
            n_route_lines++;
        if (strncmp(p, "Cost", 4) == 0)
            cost_line = strtod(p + 4, NULL);
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    eco_error err;
    eco_error_clear(&err);
    eco_solution *sol = NULL;
    eco_status st = eco_solution_read_file(inst, sol_path, &sol, &err);
    CHECK(st == ECO_OK, "%s: %s: %s", sol_path, err.where, err.message);
    if (st == ECO_OK) {
        CHECK(sol->n_routes == n_route_lines, "%s: %d routes, file has %d", sol_path, sol->n_routes, n_route_lines);
        int *count = calloc((size_t)inst->n_boxes, sizeof *count);
        int64_t dist = 0;
        for (int r = 0; r < sol->n_routes; r++) {
            const eco_route *rt = &sol->routes[r];
            const eco_vehicle *v = &inst->vehicles[rt->vehicle];
            int pos = inst->depots[v->start_depot].loc;
            for (int k = 0; k < rt->n_steps; k++) {
                CHECK(rt->steps[k].type == ECO_STEP_PICKUP, "%s: step type", sol_path);
                int b = rt->steps[k].ref;
                count[b]++;
                dist += eco__dist(inst, pos, inst->boxes[b].loc);
                pos = inst->boxes[b].loc;
            }
            dist += eco__dist(inst, pos, inst->depots[v->end_depot].loc);
        }
        int bad = 0;
        for (int b = 0; b < inst->n_boxes; b++)
            bad += count[b] != 1;
        CHECK(bad == 0, "%s: %d customers not visited exactly once", sol_path, bad);
        double cost = (double)dist * inst->dist_unit;
        CHECK(fabs(cost - cost_line) < 1e-6, "%s: distance %.4f, Cost line %.4f", sol_path, cost, cost_line);
        free(count);
    }
    eco_solution_destroy(sol);
    free(text);
}

/* Loads every file of a set; n_boxes from expect_boxes (or -1: from the name). */
static int load_set(const char *shared, const char *set, const char *ext, int expect_boxes, bool with_sol)
{
    char dir[1024], path[2048];
    snprintf(dir, sizeof dir, "%s/instances/%s", shared, set);
    char **names = NULL;
    int n = list_dir(dir, ext, &names), ok = 0;
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        eco_error err;
        eco_error_clear(&err);
        eco_instance *inst = NULL;
        eco_status st = eco_instance_load_file(path, NULL, &inst, &err);
        CHECK(st == ECO_OK, "%s: %s: %s", path, err.where, err.message);
        if (st != ECO_OK)
            continue;
        int want = expect_boxes;
        if (want < 0) { /* X-nNNN-kK: NNN nodes */
            const char *p = strstr(names[i], "-n");
            want = p ? atoi(p + 2) - 1 : -1;
        }
        CHECK(inst->n_boxes == want, "%s: %d boxes, expected %d", path, inst->n_boxes, want);
        if (with_sol) {
            char sol[2048];
            snprintf(sol, sizeof sol, "%s", path);
            char *dot = strrchr(sol, '.');
            strcpy(dot, ".sol");
            check_sol(inst, sol);
        }
        ok++;
        eco_instance_destroy(inst);
    }
    printf("%s: %d/%d loaded\n", set, ok, n);
    CHECK(n > 0, "%s: no files", set);
    free_list(names, n);
    return ok;
}

static eco_instance *load_one(const char *shared, const char *rel, const eco_load_options *opt)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/instances/%s", shared, rel);
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_status st = eco_instance_load_file(path, opt, &inst, &err);
    CHECK(st == ECO_OK, "%s: %s: %s", path, err.where, err.message);
    return inst;
}

static int find_box(const eco_instance *inst, const char *id)
{
    for (int i = 0; i < inst->n_boxes; i++)
        if (strcmp(inst->boxes[i].id, id) == 0)
            return i;
    return -1;
}

static int find_facility(const eco_instance *inst, const char *id)
{
    for (int i = 0; i < inst->n_facilities; i++)
        if (strcmp(inst->facilities[i].id, id) == 0)
            return i;
    return -1;
}

static void known_values(const char *shared)
{
    eco_instance *inst;
    if ((inst = load_one(shared, "cvrp_x/X-n101-k25.vrp", NULL))) {
        CHECK(inst->n_boxes == 100, "X-n101-k25 boxes %d", inst->n_boxes);
        CHECK(inst->vehicles[0].cap_total == 206, "X-n101-k25 capacity %lld", (long long)inst->vehicles[0].cap_total);
        CHECK(eco_instance_n_vehicles(inst) == -1 && inst->unlimited_fleet && inst->n_vehicles == 100,
              "X-n101-k25 fleet");
        CHECK(strcmp(inst->name, "X-n101-k25") == 0, "X name \"%s\"", inst->name);
        CHECK(inst->format == ECO_FORMAT_CVRPLIB && inst->dist_unit == 1.0, "X format/unit");
        /* .sol customer 1 is node 2 (146, 180); node 1 (365, 689) is the depot */
        CHECK(strcmp(inst->boxes[0].id, "1") == 0 && inst->boxes[0].file_id == 2, "X numbering");
        CHECK(inst->loc_x[inst->boxes[0].loc] == 146 && inst->loc_y[inst->boxes[0].loc] == 180, "X coords");
        CHECK(inst->loc_x[inst->depots[0].loc] == 365, "X depot");
        CHECK(eco__dist(inst, inst->depots[0].loc, inst->boxes[0].loc) == 554, "X dist %d",
              eco__dist(inst, inst->depots[0].loc, inst->boxes[0].loc)); /* sqrt(219^2 + 509^2) = 554.1 */
        CHECK(inst->vehicles[0].cost_per_dist == 1.0, "X cost per dist");
        eco_instance_destroy(inst);
    }
    if ((inst = load_one(shared, "solomon/C101.txt", NULL))) {
        CHECK(inst->n_boxes == 100, "C101 boxes");
        CHECK(inst->n_vehicles == 25 && !inst->unlimited_fleet, "C101 vehicles %d", inst->n_vehicles);
        CHECK(inst->vehicles[0].cap_total == 200, "C101 capacity");
        CHECK(fabs(inst->dist_unit - 0.1) < 1e-12 && inst->time_unit == inst->dist_unit, "C101 units");
        CHECK(inst->depots[0].close == 12360, "C101 horizon %lld", (long long)inst->depots[0].close);
        int b = find_box(inst, "1");
        CHECK(b >= 0 && inst->boxes[b].tw_open == 9120 && inst->boxes[b].tw_close == 9670 &&
                  inst->boxes[b].service == 900 && inst->boxes[b].file_id == 1 && inst->boxes[b].demand == 10,
              "C101 customer 1");
        /* depot (40,50) to customer 1 (45,68): 18.68 -> 18.6 */
        CHECK(b >= 0 && eco__dist(inst, inst->depots[0].loc, inst->boxes[b].loc) == 186, "C101 trunc1 distance");
        eco_instance_destroy(inst);
    }
    eco_load_options o = {.format = ECO_FORMAT_AUTO, .rounding = ECO_ROUND_EXACT, .limit_fleet = 0};
    if ((inst = load_one(shared, "solomon/C101.txt", &o))) {
        CHECK(inst->unlimited_fleet && inst->n_vehicles == 100, "C101 unlimited fleet");
        CHECK(fabs(inst->dist_unit - 1e-4) < 1e-15, "C101 exact unit");
        CHECK(inst->boxes[0].service == 900000, "C101 exact service %lld", (long long)inst->boxes[0].service);
        eco_instance_destroy(inst);
    }
    if ((inst = load_one(shared, "gh200/C1_2_1.txt", NULL))) {
        CHECK(inst->n_boxes == 200 && inst->n_vehicles == 50 && inst->vehicles[0].cap_total == 200, "C1_2_1");
        eco_instance_destroy(inst);
    }
    if ((inst = load_one(shared, "kim2006_wcvrptw/102_stop.txt", NULL))) {
        CHECK(inst->n_boxes == 99 && inst->n_facilities == 2 && inst->n_depots == 1, "102_stop counts");
        CHECK(inst->format == ECO_FORMAT_KIM, "102_stop format");
        CHECK(inst->vehicles[0].cap_total == 280000 && inst->vehicles[0].max_day_load == 400000 &&
                  inst->vehicles[0].max_stops == 500,
              "102_stop capacities");
        CHECK(inst->vehicles[0].has_break && inst->vehicles[0].break_duration == 3600 &&
                  inst->vehicles[0].break_start_min == 39600 && inst->vehicles[0].break_start_max == 43200,
              "102_stop break");
        CHECK(inst->depots[0].open == 4 * 3600 && inst->depots[0].close == 15 * 3600, "102_stop depot window");
        CHECK(inst->vehicles[0].shift_start == 4 * 3600 && inst->vehicles[0].shift_end == 15 * 3600,
              "102_stop shift");
        int f = find_facility(inst, "1");
        /* the authors' worked example: stop 0 -> stop 1 is 15387 ft, 262.3 s at 40 mph */
        CHECK(f >= 0 && eco__dist(inst, inst->depots[0].loc, inst->facilities[f].loc) == 15387,
              "102_stop distance");
        CHECK(f >= 0 && eco__dur(inst, inst->depots[0].loc, inst->facilities[f].loc) == 262, "102_stop time %d",
              f >= 0 ? eco__dur(inst, inst->depots[0].loc, inst->facilities[f].loc) : -1);
        CHECK(f >= 0 && inst->facilities[f].unload_time == 1600 && inst->facilities[f].close == ECO_TIME_INF &&
                  strcmp(inst->facilities[f].kind, "landfill") == 0,
              "102_stop facility");
        int b = find_box(inst, "3");
        CHECK(b >= 0 && inst->boxes[b].tw_open == 7 * 3600 && inst->boxes[b].tw_close == ECO_TIME_INF &&
                  inst->boxes[b].demand == 12000 && inst->boxes[b].service == 180,
              "102_stop box 3");
        CHECK(strcmp(inst->dist_unit_name, "ft") == 0 && strcmp(inst->time_unit_name, "s") == 0 &&
                  inst->load_unit == 0.001,
              "Kim unit names");
        CHECK(inst->vehicles[0].cost_per_time == 1 && inst->vehicles[0].cost_per_dist == 0, "Kim costs");
        eco_instance_destroy(inst);
    }
    if ((inst = load_one(shared, "kim2006_wcvrptw/1351_stop.txt", NULL))) {
        CHECK(inst->n_boxes == 1347 && inst->n_facilities == 3, "1351_stop counts");
        CHECK(strcmp(inst->depots[0].id, "75632") == 0, "1351_stop depot id %s", inst->depots[0].id);
        CHECK(find_facility(inst, "1001407") >= 0, "1351_stop facility id");
        int b = find_box(inst, "2299782");
        CHECK(b >= 0 && inst->boxes[b].file_id == 2299782, "1351_stop box id");
        CHECK(find_box(inst, "1") < 0, "1351_stop ids are not positions");
        eco_instance_destroy(inst);
    }
    if ((inst = load_one(shared, "kim2006_wcvrptw/1932_stop.txt", NULL))) {
        int b = find_box(inst, "1477"); /* "875" = 8 h 75 min = 09:15 */
        CHECK(b >= 0 && inst->boxes[b].tw_open == (8 * 60 + 75) * 60, "1932_stop HHMM 875");
        CHECK(inst->loc_x[inst->depots[0].loc] < 0, "1932_stop negative x");
        CHECK(inst->vehicles[0].cap_total == 462000, "1932_stop capacity");
        eco_instance_destroy(inst);
    }
    if ((inst = load_one(shared, "kim2006_wcvrptw/2100_stop.txt", NULL))) {
        int f = find_facility(inst, "2"); /* 0650-1675, unload 20 s */
        CHECK(f >= 0 && inst->facilities[f].open == (6 * 60 + 50) * 60 &&
                  inst->facilities[f].close == (16 * 60 + 75) * 60 + 20,
              "2100_stop facility window");
        CHECK(inst->n_facilities == 7 && inst->n_boxes == 2092, "2100_stop counts");
        eco_instance_destroy(inst);
    }
    if ((inst = load_one(shared, "kim2006_wcvrptw/335_stop.txt", NULL))) { /* "243" header without decimals */
        CHECK(inst->vehicles[0].cap_total == 243000 && inst->n_facilities == 4 && inst->n_boxes == 330,
              "335_stop");
        eco_instance_destroy(inst);
    }
}

static void kim_set(const char *shared)
{
    static const struct {
        const char *file;
        int facilities, boxes;
        double cap;
    } table[] = {
        {"102_stop", 2, 99, 280},    {"277_stop", 1, 275, 200},   {"335_stop", 4, 330, 243},
        {"444_stop", 1, 442, 200},   {"804_stop", 19, 784, 280},  {"1051_stop", 2, 1048, 200},
        {"1351_stop", 3, 1347, 255}, {"1599_stop", 2, 1596, 280}, {"1932_stop", 4, 1927, 462},
        {"2100_stop", 7, 2092, 462},
    };
    int ok = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "kim2006_wcvrptw/%s.txt", table[i].file);
        eco_instance *inst = load_one(shared, rel, NULL);
        if (!inst)
            continue;
        CHECK(inst->n_boxes == table[i].boxes && inst->n_facilities == table[i].facilities &&
                  inst->vehicles[0].cap_total == (int64_t)(table[i].cap * 1000),
              "%s: %d boxes, %d facilities", table[i].file, inst->n_boxes, inst->n_facilities);
        CHECK(strcmp(inst->name, table[i].file) == 0, "%s name", table[i].file);
        ok++;
        eco_instance_destroy(inst);
    }
    printf("kim2006_wcvrptw: %d/10 loaded\n", ok);
}

static void xxl_set(const char *shared)
{
    static const struct {
        const char *name;
        int boxes;
    } table[] = {{"Leuven1", 3000},  {"Leuven2", 4000},    {"Antwerp1", 6000},  {"Antwerp2", 7000},
                 {"Ghent1", 10000},  {"Ghent2", 11000},    {"Brussels1", 15000}, {"Brussels2", 16000},
                 {"Flanders1", 20000}, {"Flanders2", 30000}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "cvrp_xxl/%s.vrp", table[i].name);
        double t0 = now_s();
        eco_instance *inst = load_one(shared, rel, NULL);
        double dt = now_s() - t0;
        if (!inst)
            continue;
        CHECK(inst->n_boxes == table[i].boxes, "%s: %d boxes", table[i].name, inst->n_boxes);
        CHECK(inst->unlimited_fleet && inst->n_vehicles == table[i].boxes, "%s fleet", table[i].name);
        if (inst->n_locs > ECO_FULL_MATRIX_MAX)
            CHECK(inst->dist == NULL, "%s: a full matrix was built", table[i].name);
        /* distances are available either way */
        CHECK(eco__dist(inst, 0, 1) >= 0, "%s dist", table[i].name);
        printf("%s: %d boxes in %.2f s%s\n", table[i].name, inst->n_boxes, dt, inst->dist ? " (matrix)" : "");
        eco_instance_destroy(inst);
    }
}

/* ---- small inline inputs ---- */

/* Loads text as `fmt` and expects ECO_EINPUT with where "NAME:LINE" (line > 0,
 * and == line when line > 0) and msg (if given) in the message. */
static void expect_bad(const char *what, eco_format fmt, const char *text, int line, const char *msg)
{
    eco_load_options opt = {.format = fmt, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_status st = eco_instance_load_buffer(text, strlen(text), "t.in", &opt, &inst, &err);
    CHECK(st == ECO_EINPUT, "%s: status %d (expected bad input)", what, (int)st);
    CHECK(inst == NULL, "%s: instance returned on error", what);
    eco_instance_destroy(inst);
    int got_line = 0;
    CHECK(strncmp(err.where, "t.in:", 5) == 0 && sscanf(err.where + 5, "%d", &got_line) == 1 && got_line > 0,
          "%s: where \"%s\" has no line number (message: %s)", what, err.where, err.message);
    if (line > 0)
        CHECK(got_line == line, "%s: line %d, expected %d (%s)", what, got_line, line, err.message);
    if (msg)
        CHECK(strstr(err.message, msg) != NULL, "%s: message \"%s\" lacks \"%s\"", what, err.message, msg);
}

static eco_instance *expect_good(const char *what, eco_format fmt, const char *text)
{
    eco_load_options opt = {.format = fmt, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_status st = eco_instance_load_buffer(text, strlen(text), "t.in", &opt, &inst, &err);
    CHECK(st == ECO_OK, "%s: %s: %s", what, err.where, err.message);
    return inst;
}

/* Replaces the first occurrence of `from` in base by `to` (new string). */
static char *subst(const char *base, const char *from, const char *to)
{
    const char *p = strstr(base, from);
    if (!p) {
        fprintf(stderr, "test bug: \"%s\" not in the base text\n", from);
        exit(2);
    }
    size_t n = strlen(base) - strlen(from) + strlen(to);
    char *s = malloc(n + 1);
    size_t a = (size_t)(p - base);
    memcpy(s, base, a);
    strcpy(s + a, to);
    strcat(s, p + strlen(from));
    return s;
}

#define BAD(what, fmt, base, from, to, line, msg)                                                          \
    do {                                                                                                   \
        char *t_ = subst(base, from, to);                                                                  \
        expect_bad(what, fmt, t_, line, msg);                                                              \
        free(t_);                                                                                          \
    } while (0)

static const char CVRP[] = "NAME : mini\n"              /* 1 */
                           "TYPE : CVRP\n"              /* 2 */
                           "DIMENSION : 4\n"            /* 3 */
                           "EDGE_WEIGHT_TYPE : EUC_2D\n" /* 4 */
                           "CAPACITY : 10\n"            /* 5 */
                           "NODE_COORD_SECTION\n"       /* 6 */
                           "1 0 0\n"                    /* 7 */
                           "2 3 4\n"                    /* 8 */
                           "3 6 8\n"                    /* 9 */
                           "4 -3 -4\n"                  /* 10 */
                           "DEMAND_SECTION\n"           /* 11 */
                           "1 0\n"                      /* 12 */
                           "2 5\n"                      /* 13 */
                           "3 5\n"                      /* 14 */
                           "4 5\n"                      /* 15 */
                           "DEPOT_SECTION\n"            /* 16 */
                           "1\n"                        /* 17 */
                           "-1\n"                       /* 18 */
                           "EOF\n";                     /* 19 */

static const char EXPL_FUZZ[] = "NAME : ex\nTYPE : CVRP\nDIMENSION : 4\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
                                "EDGE_WEIGHT_FORMAT : UPPER_ROW\nCAPACITY : 10\nDISTANCE : 50\nSERVICE_TIME : 1\n"
                                "EDGE_WEIGHT_SECTION\n7 8 9\n1 2\n3\nDISPLAY_DATA_SECTION\n1 0 0\n2 1 1\n3 2 2\n4 3 3\n"
                                "DEMAND_SECTION\n1 0\n2 1\n3 1\n4 2\nDEPOT_SECTION\n1\n-1\nEOF\n";

static void cvrplib_cases(void)
{
    eco_instance *inst = expect_good("cvrp mini", ECO_FORMAT_CVRPLIB, CVRP);
    if (inst) {
        CHECK(inst->n_boxes == 3 && eco__dist(inst, 0, 1) == 5 && eco__dist(inst, 1, 2) == 5 &&
                  eco__dist(inst, 2, 3) == 15,
              "cvrp mini distances");
        eco_instance_destroy(inst);
    }
    /* CRLF, tabs, stray tabs in the header, no EOF, depot given as node 3 */
    char *t = subst(CVRP, "DEPOT_SECTION\n1\n", "DEPOT_SECTION\n\t3\t\n");
    char *t2 = subst(t, "EOF\n", "");
    char crlf[2048];
    size_t o = 0;
    for (const char *p = t2; *p; p++) {
        if (*p == '\n')
            crlf[o++] = '\r';
        if (*p == ' ' && p[1] == ':')
            crlf[o++] = '\t';
        crlf[o++] = *p;
    }
    crlf[o] = '\0';
    free(t);
    free(t2);
    t = subst(crlf, "DEMAND_SECTION\r\n1 0\r\n2 5\r\n3 5", "DEMAND_SECTION\r\n1 5\r\n2 5\r\n3 0");
    inst = expect_good("cvrp crlf", ECO_FORMAT_AUTO, t);
    if (inst) {
        CHECK(inst->format == ECO_FORMAT_CVRPLIB && inst->n_boxes == 3 && inst->depots[0].loc == 2 &&
                  strcmp(inst->boxes[2].id, "3") == 0 && inst->boxes[2].file_id == 4,
              "cvrp depot 3 numbering");
        eco_instance_destroy(inst);
    }
    free(t);

    BAD("truncated coords", ECO_FORMAT_CVRPLIB, CVRP, "3 6 8\n4 -3 -4\n", "", 9,
        "truncated file: NODE_COORD_SECTION has 2 of 4 nodes");
    BAD("missing demand node", ECO_FORMAT_CVRPLIB, CVRP, "3 5\n", "", 15, "DEMAND_SECTION has 3 of 4 nodes (node 3 missing)");
    {
        char cut[512];
        size_t n = (size_t)(strstr(CVRP, "3 6 8") - CVRP);
        memcpy(cut, CVRP, n);
        strcpy(cut + n, "3 6");
        expect_bad("cut mid-row", ECO_FORMAT_CVRPLIB, cut, 9, "expected 3 columns (node x y), got 2");
        cut[n] = '\0';
        expect_bad("cut at a row", ECO_FORMAT_CVRPLIB, cut, 0, "truncated file");
    }
    BAD("columns", ECO_FORMAT_CVRPLIB, CVRP, "2 3 4\n", "2 3 4 5 6\n", 8, "expected 3 columns (node x y), got 5");
    BAD("nan", ECO_FORMAT_CVRPLIB, CVRP, "2 3 4\n", "2 nan 4\n", 8, "NaN");
    BAD("inf", ECO_FORMAT_CVRPLIB, CVRP, "2 3 4\n", "2 3 -inf\n", 8, "infinite");
    BAD("huge", ECO_FORMAT_CVRPLIB, CVRP, "2 3 4\n", "2 1e300 4\n", 8, "out of range");
    BAD("overflow", ECO_FORMAT_CVRPLIB, CVRP, "2 3 4\n", "2 1e999 4\n", 8, "out of range");
    BAD("hex", ECO_FORMAT_CVRPLIB, CVRP, "2 3 4\n", "2 0x10 4\n", 8, "expected a number");
    BAD("huge dimension", ECO_FORMAT_CVRPLIB, CVRP, "DIMENSION : 4", "DIMENSION : 100000000", 3, "out of range");
    BAD("dimension 1", ECO_FORMAT_CVRPLIB, CVRP, "DIMENSION : 4", "DIMENSION : 1", 3, "out of range [2, 100000]");
    BAD("dimension text", ECO_FORMAT_CVRPLIB, CVRP, "DIMENSION : 4", "DIMENSION : four", 3, "expected an integer");
    BAD("negative demand", ECO_FORMAT_CVRPLIB, CVRP, "2 5\n", "2 -5\n", 13, "expected a non-negative number, got -5");
    BAD("demand above capacity", ECO_FORMAT_CVRPLIB, CVRP, "3 5\n", "3 11\n", 14, "node 3 has demand 11, more than any vehicle can take (CAPACITY 10)");
    BAD("fractional demand", ECO_FORMAT_CVRPLIB, CVRP, "2 5\n", "2 5.5\n", 13, "expected an integer");
    BAD("negative capacity", ECO_FORMAT_CVRPLIB, CVRP, "CAPACITY : 10", "CAPACITY : -10", 5, "non-negative");
    BAD("duplicate node", ECO_FORMAT_CVRPLIB, CVRP, "3 6 8\n", "2 6 8\n", 9, "node 2 listed twice (also line 8)");
    BAD("node out of range", ECO_FORMAT_CVRPLIB, CVRP, "3 6 8\n", "5 6 8\n", 9, "out of range");
    BAD("no demand section", ECO_FORMAT_CVRPLIB, CVRP, "DEMAND_SECTION\n1 0\n2 5\n3 5\n4 5\n", "", 0,
        "DEMAND_SECTION missing");
    BAD("no depot section", ECO_FORMAT_CVRPLIB, CVRP, "DEPOT_SECTION\n1\n-1\n", "", 0, "DEPOT_SECTION missing");
    BAD("no coords", ECO_FORMAT_CVRPLIB, CVRP, "NODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\n4 -3 -4\n", "", 0,
        "NODE_COORD_SECTION missing");
    BAD("no capacity", ECO_FORMAT_CVRPLIB, CVRP, "CAPACITY : 10\n", "", 0, "CAPACITY missing");
    BAD("no dimension", ECO_FORMAT_CVRPLIB, CVRP, "DIMENSION : 4\n", "", 5, "before DIMENSION");
    BAD("dimension twice", ECO_FORMAT_CVRPLIB, CVRP, "CAPACITY : 10\n", "CAPACITY : 10\nDIMENSION : 4\n", 6,
        "given twice (also line 3)");
    BAD("section twice", ECO_FORMAT_CVRPLIB, CVRP, "EOF\n", "DEPOT_SECTION\n1\n-1\n", 19, "given twice");
    BAD("two depots", ECO_FORMAT_CVRPLIB, CVRP, "1\n-1\n", "1\n2\n-1\n", 18, "only one depot");
    BAD("depot 0", ECO_FORMAT_CVRPLIB, CVRP, "1\n-1\n", "0\n-1\n", 17, "got 0");
    BAD("empty depot", ECO_FORMAT_CVRPLIB, CVRP, "1\n-1\n", "-1\n", 17, "lists no depot");
    BAD("depot demand", ECO_FORMAT_CVRPLIB, CVRP, "1 0\n", "1 3\n", 11, "depot (node 1) has demand 3");
    BAD("type", ECO_FORMAT_CVRPLIB, CVRP, "TYPE : CVRP", "TYPE : TSP", 2, "expected CVRP");
    BAD("geo", ECO_FORMAT_CVRPLIB, CVRP, "EUC_2D", "GEO", 4, "not supported");
    BAD("tw section", ECO_FORMAT_CVRPLIB, CVRP, "EOF\n", "TIME_WINDOW_SECTION\n", 19, "not supported");
    BAD("junk line", ECO_FORMAT_CVRPLIB, CVRP, "CAPACITY : 10\n", "CAPACITY : 10\nhello world\n", 6,
        "expected a \"KEY : VALUE\"");
    {
        char bin[64] = "NAME : x\nTYPE : CVRP\nDIM\0ENSION : 4\n";
        eco_load_options opt = {.format = ECO_FORMAT_CVRPLIB, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
        eco_error err;
        eco_error_clear(&err);
        eco_instance *bi = NULL;
        eco_status st = eco_instance_load_buffer(bin, 34, "t.in", &opt, &bi, &err);
        CHECK(st == ECO_EINPUT && strcmp(err.where, "t.in:3") == 0 && strstr(err.message, "NUL"),
              "binary: %s: %s", err.where, err.message);
    }
    expect_bad("empty", ECO_FORMAT_CVRPLIB, " \n\t\r\n", 0, "empty input");
    expect_bad("garbage", ECO_FORMAT_CVRPLIB, "\x01\x02\xff\xfe garbage \x7f\n\x80\x81", 1, NULL);

    /* explicit matrices */
    static const char EXPL[] = "NAME : ex\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
                               "EDGE_WEIGHT_FORMAT : LOWER_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n"
                               "7\n8 9\nDEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n-1\nEOF\n";
    inst = expect_good("lower row", ECO_FORMAT_CVRPLIB, EXPL);
    if (inst) {
        CHECK(inst->travel.kind == ECO_TRAVEL_MATRIX && eco__dist(inst, 1, 0) == 7 && eco__dist(inst, 0, 1) == 7 &&
                  eco__dist(inst, 2, 0) == 8 && eco__dist(inst, 2, 1) == 9 && eco__dist(inst, 1, 2) == 9 &&
                  eco__dist(inst, 1, 1) == 0 && eco__dur(inst, 2, 1) == 9,
              "lower row matrix");
        eco_instance_destroy(inst);
    }
    t = subst(EXPL, "LOWER_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n7\n8 9\n",
              "FULL_MATRIX\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n0 1 2\n3 0 4\n5 6 0\n");
    inst = expect_good("full matrix", ECO_FORMAT_CVRPLIB, t);
    if (inst) {
        CHECK(eco__dist(inst, 0, 1) == 1 && eco__dist(inst, 1, 0) == 3 && eco__dist(inst, 2, 1) == 6,
              "full matrix values");
        eco_instance_destroy(inst);
    }
    free(t);
    t = subst(EXPL, "LOWER_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n7\n8 9\n",
              "LOWER_DIAG_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n0 7 0 8 9 0\n");
    inst = expect_good("lower diag row", ECO_FORMAT_CVRPLIB, t);
    if (inst) {
        CHECK(eco__dist(inst, 0, 1) == 7 && eco__dist(inst, 2, 1) == 9, "lower diag row values");
        eco_instance_destroy(inst);
    }
    free(t);
    inst = expect_good("upper row", ECO_FORMAT_CVRPLIB, EXPL_FUZZ);
    if (inst) {
        CHECK(eco__dist(inst, 0, 1) == 7 && eco__dist(inst, 0, 3) == 9 && eco__dist(inst, 2, 1) == 1 &&
                  eco__dist(inst, 3, 2) == 3 && inst->loc_x[3] == 3 && inst->vehicles[0].max_distance == 50 &&
                  inst->boxes[2].demand == 2 && inst->boxes[0].service == 1,
              "upper row matrix, display coordinates, DISTANCE");
        eco_instance_destroy(inst);
    }
    BAD("weights short", ECO_FORMAT_CVRPLIB, EXPL, "8 9\n", "8\n", 10, "EDGE_WEIGHT_SECTION has 2 of 3 values");
    BAD("weights long", ECO_FORMAT_CVRPLIB, EXPL, "8 9\n", "8 9 10\n", 9, "more values");
    BAD("weight negative", ECO_FORMAT_CVRPLIB, EXPL, "8 9\n", "8 -9\n", 9, "non-negative");
    {
        char *big = subst(EXPL, "DIMENSION : 3", "DIMENSION : 3000");
        char *big2 = subst(big, "LOWER_ROW", "FULL_MATRIX");
        expect_bad("weights announced", ECO_FORMAT_CVRPLIB, big2, 7, "needs 9000000 values");
        free(big);
        free(big2);
    }
    BAD("extra row", ECO_FORMAT_CVRPLIB, CVRP, "4 -3 -4\n", "4 -3 -4\n5 1 1\n", 11, "more rows than DIMENSION 4");
    BAD("weights without format", ECO_FORMAT_CVRPLIB, EXPL, "EDGE_WEIGHT_FORMAT : LOWER_ROW\n", "", 6,
        "needs EDGE_WEIGHT_FORMAT");

    /* CEIL_2D, DISTANCE, SERVICE_TIME */
    t = subst(CVRP, "EUC_2D\n", "CEIL_2D\nDISTANCE : 30\nSERVICE_TIME : 2\n");
    char *t3 = subst(t, "2 3 4\n", "2 3 4.5\n");
    inst = expect_good("ceil", ECO_FORMAT_CVRPLIB, t3);
    if (inst) {
        CHECK(inst->travel.kind == ECO_TRAVEL_MATRIX && eco__dist(inst, 0, 1) == 6, "ceil 2d");
        CHECK(inst->vehicles[0].max_distance == 30 && inst->boxes[0].service == 2, "distance and service");
        eco_instance_destroy(inst);
    }
    free(t);
    free(t3);
}

static const char SOL[] = "MINI\n"                                        /* 1 */
                          "\n"                                            /* 2 */
                          "VEHICLE\n"                                     /* 3 */
                          "NUMBER     CAPACITY\n"                         /* 4 */
                          "  2         50\n"                              /* 5 */
                          "\n"                                            /* 6 */
                          "CUSTOMER\n"                                    /* 7 */
                          "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n" /* 8 */
                          " \n"                                           /* 9 */
                          "    0      0         0          0          0       1000          0\n" /* 10 */
                          "    1      3         4         10          0        500         10\n" /* 11 */
                          "    7      6         8         10          5        500         10\n"; /* 12 */

static void solomon_cases(void)
{
    eco_instance *inst = expect_good("solomon mini", ECO_FORMAT_AUTO, SOL);
    if (inst) {
        CHECK(inst->format == ECO_FORMAT_SOLOMON && strcmp(inst->name, "MINI") == 0, "solomon name/format");
        CHECK(inst->n_boxes == 2 && inst->n_vehicles == 2 && inst->vehicles[0].cap_total == 50, "solomon counts");
        CHECK(eco__dist(inst, 0, 1) == 50 && inst->boxes[1].tw_open == 50 && inst->boxes[1].service == 100 &&
                  inst->depots[0].close == 10000 && strcmp(inst->boxes[1].id, "7") == 0 &&
                  inst->boxes[1].file_id == 7,
              "solomon units");
        eco_instance_destroy(inst);
    }
    BAD("solomon columns", ECO_FORMAT_SOLOMON, SOL, "    7      6         8         10          5        500         10",
        "    7      6         8         10", 12, "expected 7 columns");
    BAD("solomon nan", ECO_FORMAT_SOLOMON, SOL, "    1      3", "    1      NaN", 11, "NaN");
    BAD("solomon huge", ECO_FORMAT_SOLOMON, SOL, "500         10\n", "1e40         10\n", 11, "out of range");
    BAD("solomon dup", ECO_FORMAT_SOLOMON, SOL, "    7      6", "    1      6", 12, "CUST NO. 1 listed twice (also line 11)");
    BAD("solomon window", ECO_FORMAT_SOLOMON, SOL, "          5        500", "        600        500", 12,
        "before READY TIME");
    BAD("solomon no vehicle", ECO_FORMAT_SOLOMON, SOL, "VEHICLE\n", "VEHICLES ARE\n", 3, "expected the line \"VEHICLE\"");
    BAD("solomon number", ECO_FORMAT_SOLOMON, SOL, "  2         50\n", "  2\n", 5, "expected 2 columns");
    BAD("solomon capacity", ECO_FORMAT_SOLOMON, SOL, "  2         50\n", "  2         -50\n", 5, "non-negative");
    BAD("solomon demand above capacity", ECO_FORMAT_SOLOMON, SOL, "         10          5", "         51          5", 12,
        "DEMAND 51 is more than any vehicle can take (CAPACITY 50)");
    BAD("solomon negative demand", ECO_FORMAT_SOLOMON, SOL, "         10          5", "        -10          5", 12,
        "non-negative");
    {
        char cut[1024];
        size_t n = (size_t)(strstr(SOL, "    0      0") - SOL);
        memcpy(cut, SOL, n);
        cut[n] = '\0';
        expect_bad("solomon no rows", ECO_FORMAT_SOLOMON, cut, 0, "truncated file");
        n = (size_t)(strstr(SOL, "VEHICLE") - SOL);
        cut[n] = '\0';
        expect_bad("solomon name only", ECO_FORMAT_SOLOMON, cut, 0, "VEHICLE");
    }
    expect_bad("solomon empty", ECO_FORMAT_SOLOMON, "\n\n", 0, "empty input");
    expect_bad("solomon garbage", ECO_FORMAT_SOLOMON, "\xde\xad\xbe\xef\nVEHICLE\n1 2\nCUSTOMER\n\x01\x02", 5, NULL);
}

static const char KIM[] = "100.0 \t\t// vehicle capacity\r\n"                 /* 1 */
                          "200\t// route capacity\r\n"                        /* 2 */
                          "500\t// stops\r\n"                                 /* 3 */
                          "3600\t// lunch\r\n"                                /* 4 */
                          "40\t// mph\r\n"                                    /* 5 */
                          "Stop_ID\tX(feet)\tY(feet)\tE\tL\tS\tLoad\tType\r\n" /* 6 */
                          "900 0 0 0400 1500 0 9999.00 0\r\n"                 /* 7 */
                          "31 5280 0 0000 2400 600 9999.00 2\r\n"             /* 8 */
                          "A7 -5280 5280 0875 2400 60 1.5 1\r\n"              /* 9 */
                          "A8\t0\t-5280\t900\t1000\t60\t2\t1\t\t\r\n";         /* 10 */

static void kim_cases(void)
{
    eco_instance *inst = expect_good("kim mini", ECO_FORMAT_AUTO, KIM);
    if (inst) {
        CHECK(inst->format == ECO_FORMAT_KIM && inst->n_boxes == 2 && inst->n_facilities == 1, "kim counts");
        int a7 = find_box(inst, "A7");
        CHECK(a7 >= 0 && inst->boxes[a7].tw_open == 33300 && inst->boxes[a7].demand == 1500 &&
                  inst->boxes[a7].file_id == -1,
              "kim box A7");
        int a8 = find_box(inst, "A8");
        CHECK(a8 >= 0 && inst->boxes[a8].tw_open == 9 * 3600 && inst->boxes[a8].tw_close == 10 * 3600, "kim A8");
        CHECK(eco__dist(inst, 0, 1) == 5280 && eco__dur(inst, 0, 1) == 90 && eco__dist(inst, 0, 2) == 10560,
              "kim travel %d %d", eco__dist(inst, 0, 1), eco__dur(inst, 0, 1));
        CHECK(strcmp(inst->depots[0].id, "900") == 0 && inst->facilities[0].close == ECO_TIME_INF, "kim depot/fac");
        CHECK(inst->n_vehicles == 2 && inst->unlimited_fleet, "kim fleet");
        eco_instance_destroy(inst);
    }
    BAD("kim columns", ECO_FORMAT_KIM, KIM, "A7 -5280 5280 0875 2400 60 1.5 1", "A7 -5280 5280 0875 2400", 9,
        "expected 8 columns");
    BAD("kim hhmm", ECO_FORMAT_KIM, KIM, "0875 2400", "0875 2500", 9, "out of range");
    BAD("kim window", ECO_FORMAT_KIM, KIM, "900\t1000", "1000\t900", 10, "before Early_St_Time");
    BAD("kim nan", ECO_FORMAT_KIM, KIM, "60 1.5 1", "60 nan 1", 9, "NaN");
    BAD("kim negative load", ECO_FORMAT_KIM, KIM, "60 1.5 1", "60 -1.5 1", 9, "non-negative");
    BAD("kim load above capacity", ECO_FORMAT_KIM, KIM, "60 1.5 1", "60 150 1", 9, "more than any vehicle can take (vehicle capacity 100 yd3)");
    BAD("kim type", ECO_FORMAT_KIM, KIM, "60 1.5 1", "60 1.5 3", 9, "Stop_Type");
    BAD("kim dup", ECO_FORMAT_KIM, KIM, "A8\t", "A7\t", 10, "Stop_ID \"A7\" listed twice (also line 9)");
    BAD("kim two depots", ECO_FORMAT_KIM, KIM, "9999.00 2", "9999.00 0", 8, "second depot");
    BAD("kim no facility", ECO_FORMAT_KIM, KIM, "31 5280 0 0000 2400 600 9999.00 2\r\n", "", 0,
        "no disposal facility");
    BAD("kim header", ECO_FORMAT_KIM, KIM, "40\t// mph", "fast\t// mph", 5, "speed");
    BAD("kim zero speed", ECO_FORMAT_KIM, KIM, "40\t// mph", "0\t// mph", 5, "positive");
    BAD("kim no column header", ECO_FORMAT_KIM, KIM, "Stop_ID\tX(feet)\tY(feet)\tE\tL\tS\tLoad\tType\r\n", "", 6,
        "column header");
    BAD("kim huge capacity", ECO_FORMAT_KIM, KIM, "100.0 ", "1e99 ", 1, "out of range");
    {
        char cut[1024];
        size_t n = (size_t)(strstr(KIM, "3600") - KIM);
        memcpy(cut, KIM, n);
        cut[n] = '\0';
        expect_bad("kim truncated header", ECO_FORMAT_KIM, cut, 0, "truncated file");
    }
    expect_bad("kim garbage", ECO_FORMAT_KIM, "\x80\x81\x82\n", 1, NULL);
}

/* ---- solution files ---- */

static void expect_sol_bad(const eco_instance *inst, const char *what, const char *text, const char *where,
                           const char *msg)
{
    eco_error err;
    eco_error_clear(&err);
    eco_solution *sol = NULL;
    eco_status st = eco_solution_read_buffer(inst, text, strlen(text), "s.json", &sol, &err);
    CHECK(st == ECO_EINPUT && sol == NULL, "%s: status %d", what, (int)st);
    eco_solution_destroy(sol);
    if (where)
        CHECK(strcmp(err.where, where) == 0, "%s: where \"%s\", expected \"%s\" (%s)", what, err.where, where,
              err.message);
    if (msg)
        CHECK(strstr(err.message, msg) != NULL, "%s: message \"%s\" lacks \"%s\"", what, err.message, msg);
}

static eco_solution *expect_sol_good(const eco_instance *inst, const char *what, const char *text)
{
    eco_error err;
    eco_error_clear(&err);
    eco_solution *sol = NULL;
    eco_status st = eco_solution_read_buffer(inst, text, strlen(text), "s.json", &sol, &err);
    CHECK(st == ECO_OK, "%s: %s: %s", what, err.where, err.message);
    return sol;
}

static void solution_cases(const char *shared)
{
    eco_instance *c101 = load_one(shared, "solomon/C101.txt", NULL);
    if (!c101)
        return;
    eco_solution *sol = expect_sol_good(
        c101, "json",
        "{\"routes\": [{\"vehicle\": \"2\", \"cost\": 3.5, \"steps\": [\n"
        "  {\"type\": \"start\", \"departure\": 12.5, \"location\": [1, 2]},\n"
        "  {\"type\": \"pickup\", \"id\": \"5\", \"arrival\": 3, \"load\": 10},\n"
        "  {\"type\": \"pickup\", \"id\": 3},\n"
        "  {\"type\": \"pickup\", \"id\": \"5\"},\n"
        "  {\"type\": \"end\", \"arrival\": 99}]},\n"
        " {\"vehicle\": \"1\", \"steps\": []}],\n"
        " \"unassigned\": [{\"id\": \"7\", \"reason\": \"no vehicle\"}], \"summary\": {\"cost\": 1}}");
    if (sol) {
        CHECK(sol->n_routes == 2 && sol->routes[0].vehicle == 1 && sol->routes[0].n_steps == 3 &&
                  sol->routes[0].start_time == 125 && sol->routes[1].start_time == -1 &&
                  sol->routes[1].n_steps == 0,
              "json routes");
        CHECK(sol->routes[0].steps[0].type == ECO_STEP_PICKUP &&
                  strcmp(c101->boxes[sol->routes[0].steps[0].ref].id, "5") == 0 &&
                  strcmp(c101->boxes[sol->routes[0].steps[1].ref].id, "3") == 0,
              "json steps");
        CHECK(sol->n_unassigned == 1 && strcmp(c101->boxes[sol->unassigned[0].box].id, "7") == 0 &&
                  strcmp(sol->unassigned[0].reason, "no vehicle") == 0,
              "json unassigned");
        eco_solution_destroy(sol);
    }
    expect_sol_bad(c101, "unknown box", "{\"routes\":[{\"vehicle\":\"1\",\"steps\":[{\"type\":\"pickup\",\"id\":\"b17\"}]}]}",
                   "routes[0].steps[0].id", "unknown box \"b17\"");
    expect_sol_bad(c101, "unknown type", "{\"routes\":[{\"vehicle\":\"1\",\"steps\":[{\"type\":\"fly\"}]}]}",
                   "routes[0].steps[0].type", "unknown step type");
    expect_sol_bad(c101, "unknown facility", "{\"routes\":[{\"vehicle\":\"1\",\"steps\":[{\"type\":\"unload\",\"id\":\"x\"}]}]}",
                   "routes[0].steps[0].id", "unknown facility");
    expect_sol_bad(c101, "unknown vehicle", "{\"routes\":[{\"vehicle\":\"99\",\"steps\":[]}]}", "routes[0].vehicle",
                   "unknown vehicle");
    expect_sol_bad(c101, "vehicle twice",
                   "{\"routes\":[{\"vehicle\":\"1\",\"steps\":[]},{\"vehicle\":\"1\",\"steps\":[]}]}",
                   "routes[1].vehicle", "already has a route");
    expect_sol_bad(c101, "no routes", "{\"unassigned\":[]}", "routes", "missing");
    expect_sol_bad(c101, "unknown unassigned", "{\"routes\":[],\"unassigned\":[{\"id\":\"0\"}]}", "unassigned[0].id",
                   "unknown box");
    expect_sol_bad(c101, "start not first",
                   "{\"routes\":[{\"vehicle\":\"1\",\"steps\":[{\"type\":\"pickup\",\"id\":\"1\"},{\"type\":\"start\"}]}]}",
                   "routes[0].steps[1]", "first step");
    expect_sol_bad(c101, "bad departure",
                   "{\"routes\":[{\"vehicle\":\"1\",\"steps\":[{\"type\":\"start\",\"departure\":-5}]}]}",
                   "routes[0].steps[0].departure", "out of range");
    expect_sol_bad(c101, "duplicate key", "{\"routes\":[],\n\"routes\":[]}", "s.json:2", "duplicate");
    expect_sol_bad(c101, "syntax", "{\"routes\":[\n{\"vehicle\": }]}", "s.json:2", "invalid JSON at line 2, column");
    expect_sol_bad(c101, "not an object", "[1, 2]", "(top)", "expected an object");
    expect_sol_bad(c101, "empty", "  \n", NULL, "empty");

    sol = expect_sol_good(c101, "text", "Route #1: 5 3 7\r\nRoute #3: 1 1\r\n\r\nCost 12.5\r\n");
    if (sol) {
        CHECK(sol->n_routes == 2 && sol->routes[1].vehicle == 2 && sol->routes[1].n_steps == 2 &&
                  sol->routes[0].start_time == -1,
              "text routes");
        eco_solution_destroy(sol);
    }
    expect_sol_bad(c101, "text unknown customer", "Route #1: 5 3\nRoute #2: 101\n", "s.json:2",
                   "unknown customer \"101\"");
    expect_sol_bad(c101, "text depot", "Route #1: 0 5\n", "s.json:1", "unknown customer \"0\"");
    expect_sol_bad(c101, "text too many routes", "Route #26: 5\n", "s.json:1", "only 25 vehicles");
    expect_sol_bad(c101, "text route twice", "Route #2: 5\nRoute #2: 6\n", "s.json:2", "given twice");
    expect_sol_bad(c101, "text junk", "Route #1: 5\nhello\n", "s.json:2", "expected \"Route #k");
    expect_sol_bad(c101, "text bad number", "Route #x: 5\n", "s.json:1", "route number");
    eco_instance_destroy(c101);

    eco_instance *kim = load_one(shared, "kim2006_wcvrptw/102_stop.txt", NULL);
    if (kim) {
        sol = expect_sol_good(kim, "kim json",
                              "{\"routes\":[{\"vehicle\":\"1\",\"steps\":[{\"type\":\"start\",\"departure\":\"05:30\"},"
                              "{\"type\":\"pickup\",\"id\":\"3\"},{\"type\":\"break\"},{\"type\":\"unload\",\"id\":\"2\"},"
                              "{\"type\":\"end\"}]}]}");
        if (sol) {
            CHECK(sol->routes[0].start_time == 5 * 3600 + 1800 && sol->routes[0].n_steps == 3 &&
                      sol->routes[0].steps[1].type == ECO_STEP_BREAK && sol->routes[0].steps[2].type == ECO_STEP_UNLOAD &&
                      strcmp(kim->facilities[sol->routes[0].steps[2].ref].id, "2") == 0,
                  "kim json steps");
            eco_solution_destroy(sol);
        }
        eco_instance_destroy(kim);
    }
}

/* ---- no crash on mutated or random bytes ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

static void fuzz_buffer(const char *rel, const char *data, size_t len, eco_format fmt, int rounds)
{
    char *buf = malloc(len + 1);
    eco_load_options opt = {.format = fmt, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    int refused = 0, accepted = 0;
    for (int r = 0; r < rounds; r++) {
        size_t n = len;
        memcpy(buf, data, len);
        int kind = r % 3;
        if (kind == 0) { /* truncate */
            n = (size_t)rnd() % len;
        } else { /* overwrite a few bytes */
            int k = 1 + (int)(rnd() % 4);
            for (int i = 0; i < k; i++) {
                static const char pool[] = "0123456789-.eE \t\r\n:#nNaI\0\xff-1";
                buf[rnd() % len] = (rnd() & 1) ? pool[rnd() % (sizeof pool - 1)] : (char)rnd();
            }
        }
        eco_error err;
        eco_error_clear(&err);
        eco_instance *inst = NULL;
        eco_status st = eco_instance_load_buffer(buf, n, "fuzz", &opt, &inst, &err);
        CHECK(st == ECO_OK || st == ECO_EINPUT, "%s round %d: status %d (%s: %s)", rel, r, (int)st, err.where,
              err.message);
        CHECK((st == ECO_OK) == (inst != NULL), "%s round %d: instance/status mismatch", rel, r);
        CHECK(st == ECO_OK || err.where[0], "%s round %d: error without a location", rel, r);
        st == ECO_OK ? accepted++ : refused++;
        eco_instance_destroy(inst);
    }
    printf("fuzz %s: %d refused, %d accepted\n", rel, refused, accepted);
    free(buf);
}

static void fuzz_file(const char *shared, const char *rel, eco_format fmt, int rounds)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/instances/%s", shared, rel);
    size_t len;
    char *data = slurp(path, &len);
    CHECK(data != NULL, "cannot read %s", path);
    if (!data)
        return;
    fuzz_buffer(rel, data, len, fmt, rounds);
    free(data);
}


static void fuzz_random(void)
{
    char buf[512];
    for (int r = 0; r < 300; r++) {
        size_t n = 1 + rnd() % sizeof buf;
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)rnd();
        for (int f = ECO_FORMAT_CVRPLIB; f <= ECO_FORMAT_KIM; f++) {
            eco_load_options opt = {.format = (eco_format)f, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
            eco_error err;
            eco_error_clear(&err);
            eco_instance *inst = NULL;
            eco_status st = eco_instance_load_buffer(buf, n, "rand", &opt, &inst, &err);
            CHECK(st == ECO_EINPUT, "random bytes accepted as format %d", f);
            eco_instance_destroy(inst);
        }
    }
}

static void fuzz_solutions(const char *shared)
{
    eco_instance *inst = load_one(shared, "solomon/C101.txt", NULL);
    if (!inst)
        return;
    static const char *const bases[] = {
        "Route #1: 5 3 7 8 10\nRoute #2: 13 17 18\nCost 827.3\n",
        "{\"routes\":[{\"vehicle\":\"1\",\"steps\":[{\"type\":\"start\",\"departure\":0},"
        "{\"type\":\"pickup\",\"id\":\"5\"},{\"type\":\"end\"}]}],\"unassigned\":[{\"id\":\"7\",\"reason\":\"r\"}]}",
    };
    for (int b = 0; b < 2; b++) {
        size_t len = strlen(bases[b]);
        char buf[512];
        for (int r = 0; r < 400; r++) {
            memcpy(buf, bases[b], len);
            size_t n = len;
            if (r % 2)
                n = rnd() % len;
            else
                buf[rnd() % len] = (char)rnd();
            eco_error err;
            eco_error_clear(&err);
            eco_solution *sol = NULL;
            eco_status st = eco_solution_read_buffer(inst, buf, n, "fuzz", &sol, &err);
            CHECK(st == ECO_OK || st == ECO_EINPUT, "solution fuzz status %d", (int)st);
            CHECK((st == ECO_OK) == (sol != NULL), "solution fuzz result");
            eco_solution_destroy(sol);
        }
    }
    eco_instance_destroy(inst);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SHARED_DIR [all|xxl]\n", argv[0]);
        return 2;
    }
    const char *shared = argv[1];
    const char *mode = argc > 2 ? argv[2] : "all";
    double t0 = now_s();
    if (strcmp(mode, "xxl") == 0) {
        xxl_set(shared);
    } else if (strcmp(mode, "fuzz") == 0) { /* longer mutation runs, label "long" */
        fuzz_file(shared, "solomon/C101.txt", ECO_FORMAT_SOLOMON, 20000);
        fuzz_file(shared, "cvrp_x/X-n101-k25.vrp", ECO_FORMAT_CVRPLIB, 20000);
        fuzz_file(shared, "kim2006_wcvrptw/102_stop.txt", ECO_FORMAT_KIM, 20000);
        fuzz_buffer("explicit", EXPL_FUZZ, strlen(EXPL_FUZZ), ECO_FORMAT_CVRPLIB, 20000);
        fuzz_buffer("kim mini", KIM, strlen(KIM), ECO_FORMAT_KIM, 20000);
        fuzz_buffer("solomon mini", SOL, strlen(SOL), ECO_FORMAT_SOLOMON, 20000);
        for (int i = 0; i < 20; i++)
            fuzz_solutions(shared);
    } else {
        cvrplib_cases();
        solomon_cases();
        kim_cases();
        solution_cases(shared);
        fuzz_random();
        fuzz_file(shared, "solomon/C101.txt", ECO_FORMAT_SOLOMON, 300);
        fuzz_file(shared, "cvrp_x/X-n101-k25.vrp", ECO_FORMAT_CVRPLIB, 300);
        fuzz_file(shared, "kim2006_wcvrptw/102_stop.txt", ECO_FORMAT_KIM, 300);
        fuzz_buffer("explicit", EXPL_FUZZ, strlen(EXPL_FUZZ), ECO_FORMAT_CVRPLIB, 600);
        fuzz_solutions(shared);
        known_values(shared);
        kim_set(shared);
        load_set(shared, "cvrp_x", ".vrp", -1, true);
        load_set(shared, "solomon", ".txt", 100, true);
        load_set(shared, "gh200", ".txt", 200, true);
    }
    printf("%d checks, %d failures, %.2f s\n", checks, failures, now_s() - t0);
    return failures ? 1 : 0;
}
