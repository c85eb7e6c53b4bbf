/*
 * cmd_bench.c - `ecoroute bench` and `ecoroute score`.
 *
 * bench resolves a suite (the names bench/bench.py uses: x10, x, xxl,
 * solomon, gh200, kim; generated city suites city-s, city-m, city-l made in
 * memory with eco_gen_city; or a folder), solves every instance with our
 * solver or with a plug-in heuristic loaded with dlopen (ecoroute/heuristic.h)
 * under a time rule, for each thread count and seed, passes every solution
 * through the independent checker, prints the Markdown table of bench.py and
 * writes CSV, JSON, the solutions and (--plot) SVG charts.
 *
 * score reads solution files written by any program (native JSON or CVRPLIB
 * .sol, matched to instances by base name), checks each, and ranks solution
 * folders on a leaderboard. Both are clients of the public API only.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_bench.h"
#include "ecoroute/gen.h"
#include "ecoroute/heuristic.h"
#include "plot.h"

#define MAX_LIST 64          /* threads or seeds given in one option */
#define MAX_TRACE 20000      /* convergence points kept per run */
#define MAX_BKS 4096         /* best-known solutions read from the CSV files */

static const char *const X10[] = {"X-n101-k25", "X-n153-k22", "X-n200-k36", "X-n256-k16", "X-n303-k21",
                                  "X-n401-k29", "X-n502-k39", "X-n599-k92", "X-n801-k40", "X-n1001-k43"};

/* ---- small helpers ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    if (n <= 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int is_file(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", a, b);
    return s;
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

/* strncpy that always terminates */
static void copy_trunc(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

/* "1,2,4" into out[]; 0 on a bad list (message printed). */
static int parse_list(const char *verb, const char *opt, const char *s, long lo, long hi, long *out, int *n)
{
    char buf[512];
    copy_trunc(buf, sizeof buf, s);
    *n = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (*n == MAX_LIST) {
            eco_cli_usage_error(verb, "%s: at most %d values", opt, MAX_LIST);
            return 0;
        }
        if (!eco_cli_parse_long(verb, opt, tok, lo, hi, &out[*n]))
            return 0;
        (*n)++;
    }
    if (*n == 0) {
        eco_cli_usage_error(verb, "%s: expected a comma-separated list, got \"%s\"", opt, s);
        return 0;
    }
    return 1;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", *s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void json_num(FILE *f, double v)
{
    if (isnan(v))
        fputs("null", f);
    else
        fprintf(f, "%.10g", v);
}

/* ---- best-known solutions ---- */

typedef struct bks_entry {
    char name[96];
    double cost;
} bks_entry;

typedef struct bks_table {
    int n;
    bks_entry *e;          /* MAX_BKS entries */
} bks_table;

/* Adds "instance,bks_cost,..." rows of a CSV file; a missing file is fine. */
static void bks_read(bks_table *t, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    int first = 1;
    while (fgets(line, sizeof line, f) && t->n < MAX_BKS) {
        if (first) { /* header */
            first = 0;
            continue;
        }
        char *comma = strchr(line, ',');
        if (!comma)
            continue;
        *comma = 0;
        char *end;
        double v = strtod(comma + 1, &end);
        if (end == comma + 1)
            continue;
        copy_trunc(t->e[t->n].name, sizeof t->e[t->n].name, line);
        t->e[t->n].cost = v;
        t->n++;
    }
    fclose(f);
}

static double bks_find(const bks_table *t, const char *name)
{
    for (int i = t->n - 1; i >= 0; i--) /* later files (--bks) win */
        if (!strcmp(t->e[i].name, name))
            return t->e[i].cost;
    return NAN;
}

/* The shared instances folder: --shared, $ECO_SHARED/instances, ../shared/instances,
 * or beside the program (BUILD/bin/ecoroute -> BUILD/../../shared/instances). */
static char *find_shared(const char *opt)
{
    if (opt)
        return strdup(opt);
    const char *env = getenv("ECO_SHARED");
    if (env) {
        char *p = join(env, "instances");
        if (p && is_dir(p))
            return p;
        free(p);
        if (is_dir(env))
            return strdup(env);
    }
    if (is_dir("../shared/instances"))
        return strdup("../shared/instances");
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 64);
    if (len > 0) {
        exe[len] = 0;
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = 0;
        }
        strcat(exe, "/../shared/instances");
        if (is_dir(exe))
            return strdup(exe);
    }
    return strdup("../shared/instances");
}

static void bks_read_all(bks_table *t, const char *shared)
{
    static const char *const files[] = {"cvrp_x_bks.csv", "cvrp_xxl_bks.csv", "solomon_bks_dimacs.csv",
                                        "gh200_bks_dimacs.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = join(shared, files[i]);
        if (p)
            bks_read(t, p);
        free(p);
    }
}

/* ---- suites ---- */

typedef struct item {
    char name[128];
    char *path;            /* file, or NULL for a generated city */
    const char *city;      /* generated: preset name */
    int boxes;             /* generated: box count */
    double bks;            /* NaN when unknown */
} item;

typedef struct suite {
    int n, cap;
    item *it;
    int kim;               /* the Kim suite: no BKS in cost units */
} suite;

static void suite_free(suite *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->it[i].path);
    free(s->it);
    memset(s, 0, sizeof *s);
}

static item *suite_add(suite *s, const char *name)
{
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 16;
        item *ni = realloc(s->it, (size_t)cap * sizeof *ni);
        if (!ni)
            return NULL;
        s->it = ni;
        s->cap = cap;
    }
    item *it = &s->it[s->n++];
    memset(it, 0, sizeof *it);
    copy_trunc(it->name, sizeof it->name, name);
    it->bks = NAN;
    return it;
}

static int cmp_item(const void *a, const void *b)
{
    return strcmp(((const item *)a)->name, ((const item *)b)->name);
}

/* Every instance file of a folder (not .sol, .csv, .md, hidden or folders). */
static int add_folder(suite *s, const char *dir, const char *only_ext, const bks_table *bks)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *de;
    int start = s->n;
    while ((de = readdir(d))) {
        const char *f = de->d_name;
        if (f[0] == '.' || ends_with(f, ".sol") || ends_with(f, ".csv") || ends_with(f, ".md") ||
            ends_with(f, ".sh") || ends_with(f, ".txt.gz") || (only_ext && !ends_with(f, only_ext)))
            continue;
        char *p = join(dir, f);
        if (!p || !is_file(p)) {
            free(p);
            continue;
        }
        char name[128];
        copy_trunc(name, sizeof name, f);
        char *dot = strrchr(name, '.');
        if (dot && dot != name)
            *dot = 0;
        item *it = suite_add(s, name);
        if (!it) {
            free(p);
            closedir(d);
            return 0;
        }
        it->path = p;
        it->bks = bks_find(bks, name);
    }
    closedir(d);
    qsort(s->it + start, (size_t)(s->n - start), sizeof *s->it, cmp_item);
    return 1;
}

/* Numeric order for the Kim files ("102_stop" before "1100_stop"). */
static int cmp_kim(const void *a, const void *b)
{
    long x = strtol(((const item *)a)->name, NULL, 10), y = strtol(((const item *)b)->name, NULL, 10);
    return (x > y) - (x < y);
}

/* Resolves a suite name or a folder; 0 with a message when unknown. */
static int suite_resolve(const char *verb, const char *name, const char *shared, const bks_table *bks, suite *s)
{
    memset(s, 0, sizeof *s);
    char *dir = NULL;
    int ok = 1;
    if (!strcmp(name, "x10")) {
        dir = join(shared, "cvrp_x");
        for (size_t i = 0; ok && i < sizeof X10 / sizeof X10[0]; i++) {
            char file[160];
            snprintf(file, sizeof file, "%s.vrp", X10[i]);
            item *it = suite_add(s, X10[i]);
            ok = it && (it->path = join(dir, file)) != NULL;
            if (ok)
                it->bks = bks_find(bks, X10[i]);
        }
    } else if (!strcmp(name, "x") || !strcmp(name, "xxl") || !strcmp(name, "solomon") || !strcmp(name, "gh200")) {
        const char *sub = !strcmp(name, "x") ? "cvrp_x" : !strcmp(name, "xxl") ? "cvrp_xxl" : name;
        dir = join(shared, sub);
        ok = dir && add_folder(s, dir, !strcmp(name, "x") || !strcmp(name, "xxl") ? ".vrp" : ".txt", bks);
        /* keep only instances with a BKS, as bench.py does (the CSV is the suite) */
        int k = 0;
        for (int i = 0; ok && i < s->n; i++) {
            if (isnan(s->it[i].bks)) {
                free(s->it[i].path);
                continue;
            }
            s->it[k++] = s->it[i];
        }
        if (ok)
            s->n = k;
    } else if (!strcmp(name, "kim")) {
        dir = join(shared, "kim2006_wcvrptw");
        bks_table none = {0, NULL};
        ok = dir && add_folder(s, dir, ".txt", &none);
        if (ok)
            qsort(s->it, (size_t)s->n, sizeof *s->it, cmp_kim);
        s->kim = 1;
    } else if (!strcmp(name, "city-s") || !strcmp(name, "city-m") || !strcmp(name, "city-l")) {
        int boxes = name[5] == 's' ? 100 : name[5] == 'm' ? 1000 : 10000;
        for (const char *const *c = eco_gen_city_names(); ok && *c; c++) {
            char nm[128];
            snprintf(nm, sizeof nm, "%s-%d-s1", *c, boxes);
            item *it = suite_add(s, nm);
            ok = it != NULL;
            if (ok) {
                it->city = *c;
                it->boxes = boxes;
            }
        }
    } else if (is_dir(name)) {
        ok = add_folder(s, name, NULL, bks);
    } else {
        eco_cli_usage_error(verb, "unknown suite \"%s\" (x10, x, xxl, solomon, gh200, kim, city-s, city-m, "
                                  "city-l, or a folder)", name);
        suite_free(s);
        return 0;
    }
    if (!ok || s->n == 0) {
        fprintf(stderr, "ecoroute %s: suite \"%s\": no instances found%s%s (--shared DIR names the folder of "
                        "../shared/instances)\n", verb, name, dir ? " in " : "", dir ? dir : "");
        free(dir);
        suite_free(s);
        return 0;
    }
    free(dir);
    return 1;
}

/* Loads item it (a file, or a generated city); *json_out gets the generated text when asked. */
static eco_status item_load(const item *it, eco_instance **out, char **json_out, eco_error *err)
{
    if (json_out)
        *json_out = NULL;
    if (it->path) {
        eco_load_options lopt = {.format = ECO_FORMAT_AUTO, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
        return eco_instance_load_file(it->path, &lopt, out, err);
    }
    eco_gen_options g;
    eco_gen_options_init(&g);
    g.city = it->city;
    g.n_boxes = it->boxes;
    g.seed = 1;
    char *json = NULL;
    eco_status st = eco_gen_city(&g, &json, NULL, err);
    if (st == ECO_OK)
        st = eco_instance_load_buffer(json, strlen(json), it->name, NULL, out, err);
    if (json_out && st == ECO_OK)
        *json_out = json;
    else
        free(json);
    return st;
}

/* ---- the plug-in ---- */

typedef struct plugin {
    void *dl;
    const eco_heuristic *h;
} plugin;

static int plugin_open(const char *path, plugin *p)
{
    memset(p, 0, sizeof *p);
    p->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!p->dl) {
        fprintf(stderr, "ecoroute bench: --heuristic %s: cannot load: %s\n", path, dlerror());
        return 0;
    }
    eco_heuristic_entry_fn entry;
    void *sym = dlsym(p->dl, ECO_HEURISTIC_ENTRY_SYMBOL);
    memcpy(&entry, &sym, sizeof entry); /* object pointer to function pointer, as POSIX allows */
    if (!sym) {
        fprintf(stderr, "ecoroute bench: --heuristic %s: no function %s() (see ecoroute/heuristic.h)\n", path,
                ECO_HEURISTIC_ENTRY_SYMBOL);
        goto fail;
    }
    p->h = entry();
    if (!p->h || p->h->abi_version != ECO_HEURISTIC_ABI || !p->h->solve || !p->h->create) {
        fprintf(stderr, "ecoroute bench: --heuristic %s: %s (expected abi_version %d with create and solve)\n", path,
                !p->h ? "eco_heuristic_entry() returned NULL" : "incompatible plug-in", ECO_HEURISTIC_ABI);
        goto fail;
    }
    return 1;
fail:
    dlclose(p->dl);
    p->dl = NULL;
    return 0;
}

/* ---- one run ---- */

typedef struct trace {
    int n;
    double t[MAX_TRACE], cost[MAX_TRACE];
    double t0;
} trace;

static void on_progress(void *user, double elapsed_s, double best_cost, int feasible)
{
    trace *tr = user;
    if (!feasible || tr->n == MAX_TRACE || (tr->n > 0 && best_cost >= tr->cost[tr->n - 1]))
        return;
    tr->t[tr->n] = elapsed_s;
    tr->cost[tr->n] = best_cost;
    tr->n++;
}

typedef struct run {
    int ok;                /* solved, checked feasible, no mandatory box left */
    double cost;           /* recomputed by the checker */
    double time_s;         /* wall clock of the solve */
    int routes, unassigned, violations;
    char error[1024];
} run;

/* Solves once and checks; keeps the solution in *sol_out when asked. */
static void run_one(const eco_instance *inst, const plugin *pl, double tl, int threads, uint64_t seed, trace *tr,
                    run *r, eco_solution **sol_out)
{
    memset(r, 0, sizeof *r);
    eco_error err;
    eco_error_clear(&err);
    eco_solution *sol = NULL;
    eco_check_report *rep = NULL;
    eco_status st;
    double t0 = now_s();
    if (pl && pl->h) {
        void *state = pl->h->create(inst, seed);
        if (!state) {
            snprintf(r->error, sizeof r->error, "plug-in create() returned NULL");
            goto out;
        }
        st = pl->h->solve(state, inst, tl, &sol);
        if (pl->h->destroy)
            pl->h->destroy(state);
        if (st != ECO_OK || !sol) {
            snprintf(r->error, sizeof r->error, "plug-in solve() returned %s", eco_status_name(st));
            eco_solution_destroy(sol);
            sol = NULL;
            goto out;
        }
    } else {
        eco_solve_options o;
        eco_solve_options_init(&o);
        o.time_limit_s = tl;
        o.threads = threads;
        o.seed = seed;
        if (tr) {
            tr->n = 0;
            o.progress = on_progress;
            o.progress_user = tr;
        }
        st = eco_solve(inst, &o, &sol, &err);
        if (st != ECO_OK) {
            snprintf(r->error, sizeof r->error, "%s: %s", err.where, err.message);
            goto out;
        }
    }
    r->time_s = now_s() - t0;
    st = eco_check(inst, sol, &rep, &err);
    if (st != ECO_OK) {
        snprintf(r->error, sizeof r->error, "check: %s: %s", err.where, err.message);
        goto out;
    }
    eco_summary sm;
    eco_solution_summary(sol, &sm);
    r->cost = eco_check_report_cost(rep);
    r->routes = sm.routes;
    r->unassigned = sm.unassigned;
    r->violations = eco_check_report_n_violations(rep);
    int mand = eco_solution_mandatory_unassigned(inst, sol);
    r->ok = eco_check_report_feasible(rep) && mand == 0;
    if (!eco_check_report_feasible(rep))
        snprintf(r->error, sizeof r->error, "infeasible: %s", eco_check_report_violation(rep, 0));
    else if (mand > 0)
        snprintf(r->error, sizeof r->error, "%d mandatory boxes unassigned", mand);
out:
    if (r->time_s == 0)
        r->time_s = now_s() - t0;
    eco_check_report_destroy(rep);
    if (sol_out)
        *sol_out = sol;
    else
        eco_solution_destroy(sol);
}

/* ---- bench ---- */

typedef struct row {
    const item *it;
    int n, threads, ok, all_ok, runs_ok;
    double cost, gap, time_s, time_limit_s, routes, unassigned;
    char error[1024];
} row;

static const char bench_help[] =
    "usage: ecoroute bench SUITE|DIR [options]\n"
    "Runs a benchmark suite with our solver or a plug-in heuristic; every solution goes through the\n"
    "independent checker. SUITE: x10, x, xxl, solomon, gh200, kim (../shared/instances), city-s,\n"
    "city-m, city-l (the four city presets at 100, 1,000, 10,000 boxes, seed 1, generated in\n"
    "memory), or a folder of instance files (BKS looked up by name in the shared CSV files).\n"
    "  --time-rule R       0.06n: 0.06 s per box (default); or fixed seconds, e.g. 6\n"
    "  --threads LIST      thread counts, e.g. 2 or 1,2 (default 2); several give a scaling table\n"
    "  --seeds LIST        seeds, e.g. 1,2,3 (default 1); the figures are medians over the seeds\n"
    "  --heuristic LIB.so  run this plug-in (ecoroute/heuristic.h) instead of our solver\n"
    "  --instances A,B     only these instances of the suite\n"
    "  --out DIR           where CSV, JSON, solutions and plots go (default bench/results)\n"
    "  --plot              also write SVG charts: gap per instance, convergence per instance\n"
    "                      (our solver), thread scaling (with several thread counts)\n"
    "  --shared DIR        the benchmark instances folder (default ../shared/instances)\n"
    "  --bks FILE          more best-known solutions: CSV with instance,bks_cost columns\n"
    "Writes OUT/SUITE-RULE-tTHREADS[-HEURISTIC].{csv,json}, the solutions (first seed) in\n"
    "OUT/...-solutions/NAME.json (for `ecoroute score`), generated instances in OUT/SUITE-instances/.\n"
    "Exit status: 0 all feasible, 1 some run failed or infeasible, 2 usage.\n";

static void make_dirs(const char *path)
{
    char buf[4096];
    copy_trunc(buf, sizeof buf, path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(buf, 0777);
            *p = '/';
        }
    mkdir(buf, 0777);
}

static void sanitize(char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '.' ||
              *s == '-' || *s == '_'))
            *s = '_';
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    fputs(text, f);
    return fclose(f) == 0;
}

int eco_cli_bench(int argc, char **argv)
{
    enum { O_RULE = 0x1300, O_THREADS, O_SEEDS, O_HEUR, O_OUT, O_PLOT, O_SHARED, O_BKS, O_ONLY };
    static const struct option longopts[] = {
        {"time-rule", required_argument, 0, O_RULE}, {"threads", required_argument, 0, O_THREADS},
        {"seeds", required_argument, 0, O_SEEDS},    {"heuristic", required_argument, 0, O_HEUR},
        {"out", required_argument, 0, O_OUT},        {"plot", no_argument, 0, O_PLOT},
        {"shared", required_argument, 0, O_SHARED},  {"bks", required_argument, 0, O_BKS},
        {"instances", required_argument, 0, O_ONLY}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *rule = "0.06n", *heur = NULL, *out_dir = "bench/results", *shared_opt = NULL, *bks_file = NULL,
               *only = NULL;
    long threads[MAX_LIST] = {2}, seeds[MAX_LIST] = {1};
    int n_threads = 1, n_seeds = 1, plot = 0, c;
    double per_box = 0.06, fixed = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case O_RULE: {
            rule = optarg;
            char tmp[64];
            copy_trunc(tmp, sizeof tmp, optarg);
            size_t len = strlen(tmp);
            if (len > 1 && tmp[len - 1] == 'n') {
                tmp[len - 1] = 0;
                if (!eco_cli_parse_double("bench", "--time-rule", tmp, 1e-6, 1e4, &per_box)) return ECO_EINPUT;
                fixed = 0;
            } else {
                if (!eco_cli_parse_double("bench", "--time-rule", optarg, 1e-3, 1e6, &fixed)) return ECO_EINPUT;
                per_box = 0;
            }
            break;
        }
        case O_THREADS:
            if (!parse_list("bench", "--threads", optarg, 1, 256, threads, &n_threads)) return ECO_EINPUT;
            break;
        case O_SEEDS:
            if (!parse_list("bench", "--seeds", optarg, 1, 2147483647L, seeds, &n_seeds)) return ECO_EINPUT;
            break;
        case O_HEUR: heur = optarg; break;
        case O_OUT: out_dir = optarg; break;
        case O_PLOT: plot = 1; break;
        case O_SHARED: shared_opt = optarg; break;
        case O_BKS: bks_file = optarg; break;
        case O_ONLY: only = optarg; break;
        case 'h': fputs(bench_help, stdout); return 0;
        case ':': return eco_cli_usage_error("bench", "option %s needs a value", argv[optind - 1]);
        default: return eco_cli_usage_error("bench", "unknown option %s", argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return eco_cli_usage_error("bench", "expected one SUITE or DIR");
    const char *suite_name = argv[optind];

    int rc = ECO_OK;
    plugin pl = {0};
    suite s = {0};
    row *rows = NULL;
    trace *tr = NULL;
    char *shared = find_shared(shared_opt);
    bks_table bks = {0, calloc(MAX_BKS, sizeof(bks_entry))};
    if (!shared || !bks.e) {
        fprintf(stderr, "ecoroute bench: out of memory\n");
        rc = ECO_EINTERNAL;
        goto out;
    }
    bks_read_all(&bks, shared);
    if (bks_file) {
        if (!is_file(bks_file)) {
            rc = eco_cli_usage_error("bench", "--bks %s: no such file", bks_file);
            goto out;
        }
        bks_read(&bks, bks_file);
    }
    if (!suite_resolve("bench", suite_name, shared, &bks, &s)) {
        rc = ECO_EINPUT;
        goto out;
    }
    if (s.kim) /* Kim et al. report miles, not our cost: no gap */
        for (int i = 0; i < s.n; i++)
            s.it[i].bks = NAN;
    if (only) { /* keep the named instances, in the suite's order */
        int k = 0;
        for (int i = 0; i < s.n; i++) {
            char list[2048];
            snprintf(list, sizeof list, ",%s,", only);
            char key[160];
            snprintf(key, sizeof key, ",%s,", s.it[i].name);
            if (strstr(list, key))
                s.it[k++] = s.it[i];
            else
                free(s.it[i].path);
        }
        s.n = k;
        if (k == 0) {
            rc = eco_cli_usage_error("bench", "--instances %s: none of them is in the suite", only);
            goto out;
        }
    }
    if (heur && !plugin_open(heur, &pl)) {
        rc = ECO_EINPUT;
        goto out;
    }
    if (pl.h) { /* a plug-in runs on one thread */
        threads[0] = 1;
        n_threads = 1;
    }
    rows = calloc((size_t)s.n * (size_t)n_threads, sizeof *rows);
    tr = calloc((size_t)n_threads, sizeof *tr);
    if (!rows || !tr) {
        fprintf(stderr, "ecoroute bench: out of memory\n");
        rc = ECO_EINTERNAL;
        goto out;
    }

    /* output names */
    char base_name[512], tlist[256] = "";
    for (int t = 0; t < n_threads; t++)
        snprintf(tlist + strlen(tlist), sizeof tlist - strlen(tlist), "%s%ld", t ? "_" : "", threads[t]);
    {
        char sb[256];
        copy_trunc(sb, sizeof sb, suite_name);
        size_t len = strlen(sb);
        while (len > 1 && sb[len - 1] == '/')
            sb[--len] = 0;
        const char *b = strrchr(sb, '/') ? strrchr(sb, '/') + 1 : sb;
        snprintf(base_name, sizeof base_name, "%s-%s-t%s%s%s", b, rule, tlist, pl.h ? "-" : "",
                 pl.h ? pl.h->name : "");
        sanitize(base_name);
    }
    make_dirs(out_dir);
    char *base = join(out_dir, base_name);
    char sol_dir[4096], inst_dir[4096];
    snprintf(sol_dir, sizeof sol_dir, "%s-solutions", base ? base : "bench");
    make_dirs(sol_dir);
    inst_dir[0] = 0;
    if (s.n > 0 && !s.it[0].path) {
        char sb[256];
        snprintf(sb, sizeof sb, "%s/%s-instances", out_dir, suite_name);
        copy_trunc(inst_dir, sizeof inst_dir, sb);
        make_dirs(inst_dir);
    }

    const char *solver_name = pl.h ? pl.h->name : "ecoroute";
    printf("Solver: %s; time rule %s; seeds", solver_name, rule);
    for (int k = 0; k < n_seeds; k++)
        printf("%s%ld", k ? "," : " ", seeds[k]);
    printf("; every solution checked independently.\n\n");
    printf("| instance | n | cost | BKS | gap %% | routes | time s | threads |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    fflush(stdout);

    int n_rows = 0, bad = 0;
    for (int i = 0; i < s.n; i++) {
        item *it = &s.it[i];
        eco_error err;
        eco_error_clear(&err);
        eco_instance *inst = NULL;
        char *json = NULL;
        eco_status st = item_load(it, &inst, inst_dir[0] ? &json : NULL, &err);
        if (st != ECO_OK) {
            for (int t = 0; t < n_threads; t++) {
                row *r = &rows[n_rows++];
                r->it = it;
                r->threads = (int)threads[t];
                r->gap = NAN;
                snprintf(r->error, sizeof r->error, "%s: %s", err.where, err.message);
                printf("| %s | - | FAILED: %.80s | | | | | %d |\n", it->name, r->error, r->threads);
            }
            bad++;
            continue;
        }
        if (json) {
            char fn[300];
            snprintf(fn, sizeof fn, "%s.json", it->name);
            char *p = join(inst_dir, fn);
            if (p && !write_text(p, json))
                fprintf(stderr, "ecoroute bench: %s: cannot write: %s\n", p, strerror(errno));
            free(p);
            free(json);
        }
        int n = eco_instance_n_boxes(inst);
        double tl = fixed > 0 ? fixed : per_box * n;
        for (int t = 0; t < n_threads; t++) {
            row *r = &rows[n_rows++];
            r->it = it;
            r->n = n;
            r->threads = (int)threads[t];
            r->time_limit_s = tl;
            double costs[MAX_LIST], times[MAX_LIST], routes[MAX_LIST], un[MAX_LIST];
            int k_ok = 0;
            for (int k = 0; k < n_seeds; k++) {
                run ru;
                eco_solution *sol = NULL;
                int keep = k == 0 && t == 0;
                run_one(inst, &pl, tl, r->threads, (uint64_t)seeds[k], k == 0 && !pl.h ? &tr[t] : NULL, &ru,
                        keep ? &sol : NULL);
                if (sol) {
                    char fn[300];
                    snprintf(fn, sizeof fn, "%s.json", it->name);
                    char *p = join(sol_dir, fn);
                    FILE *f = p ? fopen(p, "w") : NULL;
                    if (f) {
                        eco_solution_write(inst, sol, ECO_OUT_JSON, f, NULL);
                        fclose(f);
                    }
                    free(p);
                    eco_solution_destroy(sol);
                }
                if (ru.ok) {
                    costs[k_ok] = ru.cost;
                    times[k_ok] = ru.time_s;
                    routes[k_ok] = ru.routes;
                    un[k_ok] = ru.unassigned;
                    k_ok++;
                } else if (!r->error[0]) {
                    copy_trunc(r->error, sizeof r->error, ru.error);
                }
            }
            r->runs_ok = k_ok;
            r->all_ok = k_ok == n_seeds;
            r->ok = k_ok > 0;
            if (!r->all_ok)
                bad++;
            r->gap = NAN;
            if (!r->ok) {
                printf("| %s | %d | FAILED: %.80s | | | | | %d |\n", it->name, n, r->error, r->threads);
                fflush(stdout);
                continue;
            }
            r->cost = median(costs, k_ok);
            r->time_s = median(times, k_ok);
            r->routes = median(routes, k_ok);
            r->unassigned = median(un, k_ok);
            if (!isnan(it->bks) && it->bks > 0)
                r->gap = 100.0 * (r->cost - it->bks) / it->bks;
            char bks_s[32] = "-", gap_s[32] = "-";
            if (!isnan(it->bks))
                snprintf(bks_s, sizeof bks_s, "%g", it->bks);
            if (!isnan(r->gap))
                snprintf(gap_s, sizeof gap_s, "%.2f", r->gap);
            printf("| %s | %d | %.2f | %s | %s | %g | %.1f | %d |\n", it->name, n, r->cost, bks_s, gap_s,
                   r->routes, r->time_s, r->threads);
            fflush(stdout);
        }
        if (plot && !pl.h) { /* convergence per instance, one series per thread count */
            eco_plot_series ser[MAX_LIST];
            char names[MAX_LIST][32];
            for (int t = 0; t < n_threads; t++) {
                snprintf(names[t], sizeof names[t], "%ld thread%s", threads[t], threads[t] > 1 ? "s" : "");
                ser[t] = (eco_plot_series){names[t], tr[t].t, tr[t].cost, tr[t].n};
            }
            char fn[400], title[300];
            snprintf(fn, sizeof fn, "-convergence-%s.svg", it->name);
            sanitize(fn);
            char *p = malloc(strlen(base) + strlen(fn) + 1);
            if (p) {
                strcpy(p, base);
                strcat(p, fn);
                snprintf(title, sizeof title, "%s: best cost over time (seed %ld)", it->name, seeds[0]);
                if (eco_plot_lines_svg(p, title, "seconds", "best feasible cost", ser, n_threads, 1, 0) != 0)
                    fprintf(stderr, "ecoroute bench: %s: cannot write: %s\n", p, strerror(errno));
                else
                    fprintf(stderr, "written %s\n", p);
            }
            free(p);
        }
        eco_instance_destroy(inst);
    }

    /* mean gap per thread count */
    double mean_gap[MAX_LIST], mean_cost[MAX_LIST];
    int n_gap[MAX_LIST];
    for (int t = 0; t < n_threads; t++) {
        double sg = 0, sc = 0;
        int ng = 0, nc = 0;
        for (int i = 0; i < n_rows; i++) {
            if (rows[i].threads != threads[t] || !rows[i].ok)
                continue;
            if (!isnan(rows[i].gap)) {
                sg += rows[i].gap;
                ng++;
            }
            sc += rows[i].cost;
            nc++;
        }
        mean_gap[t] = ng ? sg / ng : NAN;
        mean_cost[t] = nc ? sc / nc : NAN;
        n_gap[t] = ng;
        if (ng)
            printf("\nmean gap %.2f%% over %d instances (time rule %s, %ld thread%s, %s)", mean_gap[t], ng, rule,
                   threads[t], threads[t] > 1 ? "s" : "", n_seeds > 1 ? "medians over the seeds" : "one seed");
        else
            printf("\nmean cost %.2f over %d instances (no BKS; time rule %s, %ld thread%s)", mean_cost[t], nc, rule,
                   threads[t], threads[t] > 1 ? "s" : "");
    }
    printf("\n");
    if (bad)
        printf("%d run(s) failed or were infeasible\n", bad);

    /* CSV and JSON */
    char *p_csv = malloc(strlen(base) + 8), *p_json = malloc(strlen(base) + 8);
    if (p_csv && p_json) {
        sprintf(p_csv, "%s.csv", base);
        sprintf(p_json, "%s.json", base);
        FILE *f = fopen(p_csv, "w");
        if (f) {
            fprintf(f, "instance,n,cost,bks,gap,routes,time_s,threads,time_limit_s,unassigned,ok,solver\n");
            for (int i = 0; i < n_rows; i++) {
                const row *r = &rows[i];
                fprintf(f, "%s,%d,", r->it->name, r->n);
                if (r->ok)
                    fprintf(f, "%.4f,", r->cost);
                else
                    fputc(',', f);
                if (!isnan(r->it->bks))
                    fprintf(f, "%g", r->it->bks);
                fputc(',', f);
                if (!isnan(r->gap))
                    fprintf(f, "%.4f", r->gap);
                fprintf(f, ",%g,%.3f,%d,%g,%g,%s,%s\n", r->routes, r->time_s, r->threads, r->time_limit_s,
                        r->unassigned, r->all_ok ? "True" : "False", solver_name);
            }
            if (fclose(f) != 0)
                fprintf(stderr, "ecoroute bench: %s: write failed\n", p_csv);
        }
        f = fopen(p_json, "w");
        if (f) {
            fprintf(f, "{\"suite\": ");
            json_str(f, suite_name);
            fprintf(f, ", \"solver\": ");
            json_str(f, solver_name);
            fprintf(f, ", \"time_rule\": ");
            json_str(f, rule);
            fprintf(f, ", \"threads\": [");
            for (int t = 0; t < n_threads; t++)
                fprintf(f, "%s%ld", t ? ", " : "", threads[t]);
            fprintf(f, "], \"seeds\": [");
            for (int k = 0; k < n_seeds; k++)
                fprintf(f, "%s%ld", k ? ", " : "", seeds[k]);
            fprintf(f, "], \"mean_gap\": {");
            for (int t = 0; t < n_threads; t++) {
                fprintf(f, "%s\"%ld\": ", t ? ", " : "", threads[t]);
                json_num(f, mean_gap[t]);
            }
            fprintf(f, "},\n \"rows\": [");
            for (int i = 0; i < n_rows; i++) {
                const row *r = &rows[i];
                fprintf(f, "%s\n  {\"instance\": ", i ? "," : "");
                json_str(f, r->it->name);
                fprintf(f, ", \"n\": %d, \"ok\": %s, \"cost\": ", r->n, r->all_ok ? "true" : "false");
                json_num(f, r->ok ? r->cost : NAN);
                fprintf(f, ", \"bks\": ");
                json_num(f, r->it->bks);
                fprintf(f, ", \"gap\": ");
                json_num(f, r->gap);
                fprintf(f, ", \"routes\": %g, \"time_s\": %.3f, \"threads\": %d, \"time_limit_s\": %g, "
                           "\"unassigned\": %g, \"seeds_ok\": %d, \"error\": ",
                        r->routes, r->time_s, r->threads, r->time_limit_s, r->unassigned, r->runs_ok);
                json_str(f, r->error);
                fputc('}', f);
            }
            fprintf(f, "\n]}\n");
            if (fclose(f) != 0)
                fprintf(stderr, "ecoroute bench: %s: write failed\n", p_json);
        }
        fprintf(stderr, "written %s and %s; solutions in %s\n", p_csv, p_json, sol_dir);
    }
    free(p_csv);
    free(p_json);

    if (plot) {
        /* gap per instance (first thread count), or cost when no BKS is known */
        int m = 0, any_gap = 0;
        const char **labels = calloc((size_t)s.n + 1, sizeof *labels);
        double *vals = calloc((size_t)s.n + 1, sizeof *vals);
        for (int i = 0; labels && vals && i < n_rows; i++) {
            if (rows[i].threads != threads[0])
                continue;
            labels[m] = rows[i].it->name;
            vals[m] = rows[i].gap;
            any_gap |= !isnan(rows[i].gap);
            m++;
        }
        if (!any_gap)
            for (int i = 0, j = 0; labels && vals && i < n_rows; i++)
                if (rows[i].threads == threads[0])
                    vals[j++] = rows[i].ok ? rows[i].cost : NAN;
        char *p = malloc(strlen(base) + 16), title[512];
        if (p && labels && vals) {
            sprintf(p, "%s-gap.svg", base);
            snprintf(title, sizeof title, "%s: %s per instance (%s, time rule %s, %ld thread%s)", suite_name,
                     any_gap ? "gap to BKS" : "cost", solver_name, rule, threads[0], threads[0] > 1 ? "s" : "");
            if (eco_plot_bars_svg(p, title, any_gap ? "gap %" : "cost", labels, vals, m) == 0)
                fprintf(stderr, "written %s\n", p);
        }
        if (p && n_threads > 1) { /* thread scaling */
            double x[MAX_LIST], y[MAX_LIST];
            int use_gap = 1;
            for (int t = 0; t < n_threads; t++)
                use_gap &= n_gap[t] > 0;
            for (int t = 0; t < n_threads; t++) {
                x[t] = (double)threads[t];
                y[t] = use_gap ? mean_gap[t] : 100.0 * (mean_cost[t] - mean_cost[0]) / mean_cost[0];
            }
            eco_plot_series ser = {use_gap ? "mean gap to BKS" : "mean cost vs the first thread count", x, y,
                                   n_threads};
            sprintf(p, "%s-threads.svg", base);
            snprintf(title, sizeof title, "%s: thread scaling at time rule %s", suite_name, rule);
            if (eco_plot_lines_svg(p, title, "threads", use_gap ? "mean gap %" : "mean cost change %", &ser, 1, 0,
                                   1) == 0)
                fprintf(stderr, "written %s\n", p);
        }
        free(p);
        free(labels);
        free(vals);
    }
    free(base);
    rc = bad ? ECO_EINFEASIBLE : ECO_OK;
out:
    free(rows);
    free(tr);
    suite_free(&s);
    free(bks.e);
    free(shared);
    if (pl.dl)
        dlclose(pl.dl);
    return rc;
}

/* ---- score ---- */

typedef struct team {
    const char *name, *dir;
    int solved, n_gap;
    double gap_sum, cost_sum;
} team;

static int cmp_team(const void *a, const void *b)
{
    const team *x = a, *y = b;
    if (x->solved != y->solved)
        return y->solved - x->solved;
    double gx = x->n_gap ? x->gap_sum / x->n_gap : INFINITY, gy = y->n_gap ? y->gap_sum / y->n_gap : INFINITY;
    if (gx != gy)
        return gx < gy ? -1 : 1;
    return (x->cost_sum > y->cost_sum) - (x->cost_sum < y->cost_sum);
}

static const char score_help[] =
    "usage: ecoroute score INSTANCES SOLUTION_DIR [SOLUTION_DIR...] [options]\n"
    "Scores solution files made by any program with the independent checker and prints a\n"
    "leaderboard. INSTANCES is a folder of instance files or a suite name (as for bench). In each\n"
    "SOLUTION_DIR the solution of instance NAME is NAME.json (native solution JSON) or NAME.sol\n"
    "(CVRPLIB); write TEAM=DIR to name a team (default: the folder's name).\n"
    "Ranking: instances solved feasibly (more is better), then the mean gap to BKS over the\n"
    "solved instances that have one, then the total cost of the solved instances.\n"
    "  --detail            also print a table per instance and team\n"
    "  --shared DIR        the benchmark instances folder (default ../shared/instances)\n"
    "  --bks FILE          more best-known solutions: CSV with instance,bks_cost columns\n"
    "Exit status: 0 leaderboard printed, 2 usage or unreadable instances.\n";

int eco_cli_score(int argc, char **argv)
{
    enum { O_SHARED = 0x1400, O_BKS, O_DETAIL };
    static const struct option longopts[] = {{"shared", required_argument, 0, O_SHARED},
                                             {"bks", required_argument, 0, O_BKS},
                                             {"detail", no_argument, 0, O_DETAIL},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *shared_opt = NULL, *bks_file = NULL;
    int detail = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case O_SHARED: shared_opt = optarg; break;
        case O_BKS: bks_file = optarg; break;
        case O_DETAIL: detail = 1; break;
        case 'h': fputs(score_help, stdout); return 0;
        case ':': return eco_cli_usage_error("score", "option %s needs a value", argv[optind - 1]);
        default: return eco_cli_usage_error("score", "unknown option %s", argv[optind - 1]);
        }
    }
    if (argc - optind < 2)
        return eco_cli_usage_error("score", "expected INSTANCES and at least one SOLUTION_DIR");
    int n_teams = argc - optind - 1, rc = ECO_OK;
    team *teams = calloc((size_t)n_teams, sizeof *teams);
    char *shared = find_shared(shared_opt);
    bks_table bks = {0, calloc(MAX_BKS, sizeof(bks_entry))};
    suite s = {0};
    if (!teams || !shared || !bks.e) {
        rc = ECO_EINTERNAL;
        goto out;
    }
    for (int k = 0; k < n_teams; k++) {
        char *arg = argv[optind + 1 + k], *eq = strchr(arg, '=');
        if (eq) {
            *eq = 0;
            teams[k].name = arg;
            teams[k].dir = eq + 1;
        } else {
            size_t len = strlen(arg);
            while (len > 1 && arg[len - 1] == '/')
                arg[--len] = 0; /* "dir/" names the team "dir" */
            teams[k].dir = arg;
            const char *slash = strrchr(arg, '/');
            teams[k].name = slash ? slash + 1 : arg;
        }
        if (!is_dir(teams[k].dir)) {
            rc = eco_cli_usage_error("score", "%s: not a folder", teams[k].dir);
            goto out;
        }
    }
    bks_read_all(&bks, shared);
    if (bks_file)
        bks_read(&bks, bks_file);
    if (!suite_resolve("score", argv[optind], shared, &bks, &s)) {
        rc = ECO_EINPUT;
        goto out;
    }
    if (s.kim)
        for (int i = 0; i < s.n; i++)
            s.it[i].bks = NAN;
    if (detail) {
        printf("| instance | team | feasible | cost | BKS | gap %% | note |\n");
        printf("|---|---|---|---:|---:|---:|---|\n");
    }
    for (int i = 0; i < s.n; i++) {
        eco_error err;
        eco_error_clear(&err);
        eco_instance *inst = NULL;
        if (item_load(&s.it[i], &inst, NULL, &err) != ECO_OK) {
            fprintf(stderr, "ecoroute score: %s: %s: %s\n", s.it[i].name, err.where, err.message);
            rc = ECO_EINPUT;
            goto out;
        }
        for (int k = 0; k < n_teams; k++) {
            char fn[300], note[1024] = "";
            char *p = NULL;
            static const char *const exts[] = {".json", ".sol"};
            for (int e = 0; e < 2 && !p; e++) {
                snprintf(fn, sizeof fn, "%s%s", s.it[i].name, exts[e]);
                p = join(teams[k].dir, fn);
                if (p && !is_file(p)) {
                    free(p);
                    p = NULL;
                }
            }
            int feasible = 0;
            double cost = NAN, gap = NAN;
            if (!p) {
                snprintf(note, sizeof note, "no solution file");
            } else {
                eco_solution *sol = NULL;
                eco_check_report *rep = NULL;
                eco_error_clear(&err);
                if (eco_solution_read_file(inst, p, &sol, &err) != ECO_OK ||
                    eco_check(inst, sol, &rep, &err) != ECO_OK) {
                    snprintf(note, sizeof note, "unreadable: %s: %s", err.where, err.message);
                } else {
                    int mand = eco_solution_mandatory_unassigned(inst, sol);
                    feasible = eco_check_report_feasible(rep) && mand == 0;
                    cost = eco_check_report_cost(rep);
                    if (!eco_check_report_feasible(rep))
                        snprintf(note, sizeof note, "%d violations, first: %s", eco_check_report_n_violations(rep),
                                 eco_check_report_violation(rep, 0));
                    else if (mand)
                        snprintf(note, sizeof note, "%d mandatory boxes unassigned", mand);
                }
                eco_check_report_destroy(rep);
                eco_solution_destroy(sol);
                free(p);
            }
            if (feasible) {
                teams[k].solved++;
                teams[k].cost_sum += cost;
                if (!isnan(s.it[i].bks) && s.it[i].bks > 0) {
                    gap = 100.0 * (cost - s.it[i].bks) / s.it[i].bks;
                    teams[k].gap_sum += gap;
                    teams[k].n_gap++;
                }
            }
            if (detail) {
                printf("| %s | %s | %s | ", s.it[i].name, teams[k].name, feasible ? "yes" : "no");
                if (!isnan(cost)) printf("%.2f", cost);
                printf(" | ");
                if (!isnan(s.it[i].bks)) printf("%g", s.it[i].bks);
                printf(" | ");
                if (!isnan(gap)) printf("%.2f", gap);
                printf(" | %.120s |\n", note);
            }
        }
        eco_instance_destroy(inst);
    }
    qsort(teams, (size_t)n_teams, sizeof *teams, cmp_team);
    if (detail)
        printf("\n");
    printf("Leaderboard: %s, %d instances; every solution checked independently.\n\n", argv[optind], s.n);
    printf("| rank | team | solved | mean gap %% | total cost |\n");
    printf("|---:|---|---:|---:|---:|\n");
    for (int k = 0; k < n_teams; k++) {
        printf("| %d | %s | %d/%d | ", k + 1, teams[k].name, teams[k].solved, s.n);
        if (teams[k].n_gap)
            printf("%.2f", teams[k].gap_sum / teams[k].n_gap);
        else
            printf("-");
        printf(" | %.2f |\n", teams[k].cost_sum);
    }
out:
    suite_free(&s);
    free(bks.e);
    free(shared);
    free(teams);
    return rc;
}
