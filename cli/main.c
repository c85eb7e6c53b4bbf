/*
 * main.c - the ecoroute program: one binary with verbs. Each verb is a client
 * of the public library API only. Exit statuses are the library's eco_status
 * values: 0 ok, 1 infeasible, 2 bad input or usage, 3 routing, 4 internal.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_bench.h"
#include "cmd_convert.h"
#include "cmd_gen.h"
#include "ecoroute/output.h"
#include "ecoroute/vroom.h"
#include "service.h"

/* long-only options shared by solve and check */
enum { OPT_OSRM = 0x1201, OPT_OSRM_CACHE = 0x1202 };

void eco_cli_print_error(const eco_error *err)
{
    if (err->text[0]) {
        const char *p = err->text;
        while (*p) {
            const char *nl = strchr(p, '\n');
            int len = nl ? (int)(nl - p) : (int)strlen(p);
            fprintf(stderr, "ecoroute: %.*s\n", len, p);
            p += len + (nl ? 1 : 0);
        }
        if (err->n_errors > 1)
            fprintf(stderr, "ecoroute: %d errors\n", err->n_errors);
    } else {
        fprintf(stderr, "ecoroute: %s%s%s\n", err->where, err->where[0] ? ": " : "",
                err->message[0] ? err->message : eco_strerror(err->status));
    }
}

int eco_cli_usage_error(const char *verb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "ecoroute %s: ", verb);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see ecoroute %s --help)\n", verb);
    va_end(ap);
    return ECO_EINPUT;
}

int eco_cli_parse_double(const char *verb, const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi) {
        eco_cli_usage_error(verb, "%s: expected a number in [%g, %g], got \"%s\"", opt, lo, hi, s);
        return 0;
    }
    *out = v;
    return 1;
}

int eco_cli_parse_long(const char *verb, const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        eco_cli_usage_error(verb, "%s: expected an integer in [%ld, %ld], got \"%s\"", opt, lo, hi, s);
        return 0;
    }
    *out = v;
    return 1;
}

static int parse_format(const char *verb, const char *s, eco_format *out)
{
    if (!strcmp(s, "auto")) *out = ECO_FORMAT_AUTO;
    else if (!strcmp(s, "json") || !strcmp(s, "native")) *out = ECO_FORMAT_JSON;
    else if (!strcmp(s, "cvrplib")) *out = ECO_FORMAT_CVRPLIB;
    else if (!strcmp(s, "solomon")) *out = ECO_FORMAT_SOLOMON;
    else if (!strcmp(s, "kim")) *out = ECO_FORMAT_KIM;
    else if (!strcmp(s, "vroom")) *out = ECO_FORMAT_VROOM;
    else {
        eco_cli_usage_error(verb, "--input-format: expected auto, json, vroom, cvrplib, solomon or kim, got \"%s\"", s);
        return 0;
    }
    return 1;
}

/* ---- solve ---- */

static const char solve_help[] =
    "usage: ecoroute solve INPUT [options]   (or -i INPUT)\n"
    "Solves INPUT (native JSON, VROOM JSON, CVRPLIB, Solomon or Kim text; detected) and writes the\n"
    "solution.\n"
    "  -o, --output FILE       write the solution to FILE (default: standard output)\n"
    "  -f, --format F          json (default), cvrplib (\"Route #k: ...\" then \"Cost N\"),\n"
    "                          geojson (trips and points, [lon, lat] instances only) or\n"
    "                          csv (every stop of every vehicle, then the unassigned boxes)\n"
    "      --manifest DIR      also write a CSV per vehicle, summary.csv, unassigned.csv and\n"
    "                          summary.txt into DIR (created if missing)\n"
    "      --map FILE          also draw the routes: FILE.html (page with legend, hover details,\n"
    "                          zoom) or FILE.svg (the drawing alone); no network needed\n"
    "  -t, --threads N         search threads (default: the model's, else 1)\n"
    "  -l, --time-limit S      wall-clock seconds (default: the model's, else 10)\n"
    "      --seed K            random seed; search k uses K + k (default: the model's, else 1)\n"
    "      --max-iterations N  stop after N iterations (reproducible runs)\n"
    "      --max-no-improve N  stop after N iterations without improvement\n"
    "      --rounding R        planar distances: nint, trunc1 or exact (default: the format's)\n"
    "      --input-format F    auto, json, vroom, cvrplib, solomon, kim (default auto)\n"
    "      --unlimited-fleet   Solomon: ignore the file's fleet size\n"
    "      --construction-only return the construction heuristic's solution\n"
    "      --exact             prove the optimum with GLPK (at most 12 boxes to serve);\n"
    "                          the output's solver object has \"optimal\" and \"lower_bound\"\n"
    "      --no-sp             no set-partitioning recombination of routes (GLPK) in the search\n"
    "      --verbose           search diagnostics on stderr (twice: also GLPK's output)\n"
    "      --bks X             best known cost, for the gap in the progress line\n"
    "  -q, --quiet             no summary (vehicles, distance, kg per material, unassigned\n"
    "                          with reasons, time taken) or progress on stderr\n"
    "VROOM users' options (see the README, \"VROOM input and output\"):\n"
    "      --output-format F   the same as --format; vroom writes VROOM's response JSON (and\n"
    "                          {\"code\", \"error\"} on failure)\n"
    "  -i, --input FILE        INPUT\n"
    "      --limit S           the same as --time-limit\n"
    "  -x, --explore N         search effort 0..5: 0 construction only; 1..5 stop after 200, 500,\n"
    "                          1000, 2000, 5000 iterations without improvement (reproducible),\n"
    "                          still within the time limit\n"
    "      --osrm URL          travel times from this OSRM server (native models; overrides travel.url)\n"
    "      --osrm-cache DIR    keep OSRM matrices in DIR and reuse them for the same points\n"
    "  -g, --geometry          road geometry of every route from OSRM (needs OSRM travel: an\n"
    "                          error otherwise); VROOM's \"geometry\" polyline in vroom output\n"
    "Exit status: 0 every mandatory box routed, 1 some left unassigned (solution still written),\n"
    "2 bad input or usage, 3 routing error, 4 internal error.\n";

typedef struct progress_state {
    double bks;
    int shown;
} progress_state;

static void show_progress(void *user, double elapsed, double best, int feasible)
{
    progress_state *p = user;
    if (p->bks > 0)
        fprintf(stderr, "\r%7.1fs  best %.2f%s  gap %+.2f%%   ", elapsed, best, feasible ? "" : " (infeasible)",
                100.0 * (best - p->bks) / p->bks);
    else
        fprintf(stderr, "\r%7.1fs  best %.2f%s   ", elapsed, best, feasible ? "" : " (infeasible)");
    p->shown = 1;
}

/* long-only options of solve for the planner outputs (values above any char) */
enum { OPT_MANIFEST = 0x1101, OPT_MAP = 0x1102, OPT_NO_SP = 0x1103, OPT_VERBOSE = 0x1104 };

static int cmd_solve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'},      {"format", required_argument, 0, 'f'},
        {"threads", required_argument, 0, 't'},     {"time-limit", required_argument, 0, 'l'},
        {"seed", required_argument, 0, 's'},        {"max-iterations", required_argument, 0, 'I'},
        {"max-no-improve", required_argument, 0, 'N'}, {"rounding", required_argument, 0, 'r'},
        {"input-format", required_argument, 0, 'F'}, {"unlimited-fleet", no_argument, 0, 'U'},
        {"construction-only", no_argument, 0, 'C'}, {"bks", required_argument, 0, 'B'},
        {"exact", no_argument, 0, 'E'},
        {"quiet", no_argument, 0, 'q'},             {"help", no_argument, 0, 'h'},
        {"output-format", required_argument, 0, 'f'}, {"input", required_argument, 0, 'i'},
        {"limit", required_argument, 0, 'l'},       {"explore", required_argument, 0, 'x'},
        {"geometry", no_argument, 0, 'g'},
        {"osrm", required_argument, 0, OPT_OSRM}, {"osrm-cache", required_argument, 0, OPT_OSRM_CACHE},
        {"manifest", required_argument, 0, OPT_MANIFEST}, {"map", required_argument, 0, OPT_MAP},
        {"no-sp", no_argument, 0, OPT_NO_SP}, {"verbose", no_argument, 0, OPT_VERBOSE},
        {0, 0, 0, 0}};
    const char *output = NULL, *input_opt = NULL;
    eco_out_format ofmt = ECO_OUT_JSON;
    /* planner outputs (ecoroute/output.h): --format geojson|csv replace the
     * main output; --manifest and --map are written beside it */
    enum { MAIN_SOLUTION, MAIN_GEOJSON, MAIN_CSV, MAIN_VROOM } main_out = MAIN_SOLUTION;
    const char *manifest_dir = NULL, *map_path = NULL;
    eco_map_format map_fmt = ECO_MAP_HTML;
    struct timespec t_begin;
    clock_gettime(CLOCK_MONOTONIC, &t_begin);
    eco_load_options lopt = {.format = ECO_FORMAT_AUTO, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    eco_solve_options sopt;
    eco_solve_options_init(&sopt);
    progress_state prog = {0, 0};
    int quiet = 0, want_geometry = 0;
    long lv;
    double dv;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:f:t:l:i:x:gqh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'f':
            main_out = MAIN_SOLUTION;
            if (!strcmp(optarg, "json")) ofmt = ECO_OUT_JSON;
            else if (!strcmp(optarg, "cvrplib")) ofmt = ECO_OUT_CVRPLIB;
            else if (!strcmp(optarg, "geojson")) main_out = MAIN_GEOJSON;
            else if (!strcmp(optarg, "csv")) main_out = MAIN_CSV;
            else if (!strcmp(optarg, "vroom")) main_out = MAIN_VROOM;
            else return eco_cli_usage_error("solve",
                                            "--format: expected json, cvrplib, geojson, csv or vroom, got \"%s\"",
                                            optarg);
            break;
        case OPT_MANIFEST: manifest_dir = optarg; break;
        case OPT_MAP: {
            eco_error merr;
            eco_error_clear(&merr);
            if (eco_map_format_from_path(optarg, &map_fmt, &merr) != ECO_OK)
                return eco_cli_usage_error("solve", "%s: %s", merr.where, merr.message);
            map_path = optarg;
            break;
        }
        case 't':
            if (!eco_cli_parse_long("solve", "--threads", optarg, 1, 256, &lv)) return ECO_EINPUT;
            sopt.threads = (int)lv;
            break;
        case 'l':
            if (!eco_cli_parse_double("solve", "--time-limit", optarg, 0.0, 1e6, &dv)) return ECO_EINPUT;
            sopt.time_limit_s = dv > 0 ? dv : 0.001;
            break;
        case 's':
            if (!eco_cli_parse_long("solve", "--seed", optarg, 0, 2147483647L, &lv)) return ECO_EINPUT;
            sopt.seed = (uint64_t)lv;
            break;
        case 'I':
            if (!eco_cli_parse_long("solve", "--max-iterations", optarg, 1, 1000000000L, &lv)) return ECO_EINPUT;
            sopt.max_iterations = lv;
            break;
        case 'N':
            if (!eco_cli_parse_long("solve", "--max-no-improve", optarg, 1, 1000000000L, &lv)) return ECO_EINPUT;
            sopt.max_no_improve = lv;
            break;
        case 'r':
            if (eco_rounding_parse(optarg, &lopt.rounding) != ECO_OK)
                return eco_cli_usage_error("solve", "--rounding: expected nint, trunc1 or exact, got \"%s\"", optarg);
            break;
        case 'F':
            if (!parse_format("solve", optarg, &lopt.format)) return ECO_EINPUT;
            break;
        case 'U': lopt.limit_fleet = 0; break;
        case 'C': sopt.construction_only = 1; break;
        case 'E': sopt.exact = 1; break;
        case OPT_NO_SP: sopt.no_sp = 1; break;
        case OPT_VERBOSE: sopt.verbose++; break;
        case 'B':
            if (!eco_cli_parse_double("solve", "--bks", optarg, 0.0, 1e18, &prog.bks)) return ECO_EINPUT;
            break;
        case 'q': quiet = 1; break;
        case 'i': input_opt = optarg; break;
        case 'x': { /* VROOM's exploration level as a search effort */
            static const long no_improve[] = {0, 200, 500, 1000, 2000, 5000};
            if (!eco_cli_parse_long("solve", "-x/--explore", optarg, 0, 5, &lv)) return ECO_EINPUT;
            sopt.construction_only = lv == 0;
            sopt.max_no_improve = no_improve[lv];
            break;
        }
        case 'g': want_geometry = 1; break;
        case OPT_OSRM: lopt.osrm_url = optarg; break;
        case OPT_OSRM_CACHE: lopt.osrm_cache_dir = optarg; break;
        case 'h': fputs(solve_help, stdout); return 0;
        case ':': return eco_cli_usage_error("solve", "option %s needs a value", argv[optind - 1]);
        default: return eco_cli_usage_error("solve", "unknown option %s", argv[optind - 1]);
        }
    }
    if (input_opt && optind != argc)
        return eco_cli_usage_error("solve", "INPUT given twice (-i %s and %s)", input_opt, argv[optind]);
    if (!input_opt && optind != argc - 1)
        return eco_cli_usage_error("solve", optind >= argc ? "missing INPUT" : "expected one INPUT, got %d",
                                   argc - optind);
    const char *input = input_opt ? input_opt : argv[optind];

    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_solution *sol = NULL;
    eco_check_report *rep = NULL;
    int rc;
    eco_status st = eco_instance_load_file(input, &lopt, &inst, &err);
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        if (main_out == MAIN_VROOM)
            eco_cli_vroom_error(output, &err);
        return st;
    }
    /* refuse an output the instance cannot give before spending time solving */
    if ((main_out == MAIN_GEOJSON && (st = eco_output_check(inst, ECO_OUTPUT_GEOJSON, &err)) != ECO_OK) ||
        (map_path && (st = eco_output_check(inst, ECO_OUTPUT_MAP, &err)) != ECO_OK)) {
        eco_cli_print_error(&err);
        rc = st;
        goto out;
    }
    if (!quiet && isatty(2)) {
        sopt.progress = show_progress;
        sopt.progress_user = &prog;
    }
    st = eco_solve(inst, &sopt, &sol, &err);
    if (prog.shown)
        fputc('\n', stderr);
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        if (main_out == MAIN_VROOM)
            eco_cli_vroom_error(output, &err);
        rc = st;
        goto out;
    }
    /* every printed solution passes the independent checker */
    st = eco_check(inst, sol, &rep, &err);
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        rc = st;
        goto out;
    }
    if (!eco_check_report_feasible(rep)) {
        fprintf(stderr, "ecoroute: internal error: the solution failed the independent check:\n");
        eco_check_report_write(rep, 0, stderr);
        rc = ECO_EINTERNAL;
        goto out;
    }
    if (want_geometry && (st = eco_solution_fetch_geometry(inst, sol, &err)) != ECO_OK) {
        eco_cli_print_error(&err);
        if (main_out == MAIN_VROOM)
            eco_cli_vroom_error(output, &err);
        rc = st;
        goto out;
    }
    FILE *f = stdout;
    if (output && strcmp(output, "-") != 0) {
        f = fopen(output, "w");
        if (!f) {
            fprintf(stderr, "ecoroute: %s: cannot open for writing: %s\n", output, strerror(errno));
            rc = ECO_EINPUT;
            goto out;
        }
    }
    if (main_out == MAIN_GEOJSON)
        st = eco_solution_write_geojson(inst, sol, f, &err);
    else if (main_out == MAIN_CSV)
        st = eco_solution_write_stops_csv(inst, sol, f, &err);
    else if (main_out == MAIN_VROOM)
        st = eco_solution_write_vroom(inst, sol, f, &err);
    else
        st = eco_solution_write(inst, sol, ofmt, f, &err);
    if (f != stdout && fclose(f) != 0 && st == ECO_OK)
        st = ECO_EINTERNAL;
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        rc = st;
        goto out;
    }
    if (manifest_dir && (st = eco_solution_write_manifests(inst, sol, manifest_dir, &err)) != ECO_OK) {
        eco_cli_print_error(&err);
        rc = st;
        goto out;
    }
    if (map_path) {
        FILE *mf = fopen(map_path, "w");
        if (!mf) {
            fprintf(stderr, "ecoroute: %s: cannot open for writing: %s\n", map_path, strerror(errno));
            rc = ECO_EINPUT;
            goto out;
        }
        st = eco_solution_write_map(inst, sol, map_fmt, NULL, mf, &err);
        if (fclose(mf) != 0 && st == ECO_OK)
            st = ECO_EINTERNAL;
        if (st != ECO_OK) {
            eco_cli_print_error(&err);
            rc = st;
            goto out;
        }
    }
    int mandatory_left = eco_solution_mandatory_unassigned(inst, sol);
    if (!quiet) { /* the human summary (ecoroute/output.h) */
        struct timespec t_end;
        clock_gettime(CLOCK_MONOTONIC, &t_end);
        eco_output_options oopt;
        eco_output_options_init(&oopt);
        oopt.wall_s = (double)(t_end.tv_sec - t_begin.tv_sec) + 1e-9 * (double)(t_end.tv_nsec - t_begin.tv_nsec);
        oopt.checked = 1;
        eco_solution_write_text_summary(inst, sol, &oopt, stderr, NULL);
    }
    rc = mandatory_left > 0 ? ECO_EINFEASIBLE : ECO_OK;
out:
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
    return rc;
}

/* ---- check ---- */

static const char check_help[] =
    "usage: ecoroute check INSTANCE SOLUTION [--rounding R] [--json]\n"
    "Verifies SOLUTION (native JSON or CVRPLIB .sol) against INSTANCE with code independent of the\n"
    "solver: recomputes the cost and lists every violation with its route and step.\n"
    "      --rounding R        planar distances: nint, trunc1 or exact (default: the format's)\n"
    "      --input-format F    instance format: auto, json, vroom, cvrplib, solomon, kim\n"
    "      --unlimited-fleet   Solomon: ignore the file's fleet size\n"
    "      --osrm URL          travel times from this OSRM server (as for solve)\n"
    "      --osrm-cache DIR    OSRM matrix cache (as for solve)\n"
    "      --json              the report as JSON on standard output\n"
    "Exit status: 0 feasible, 1 infeasible, 2 unreadable input.\n";

static int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {{"rounding", required_argument, 0, 'r'},
                                             {"input-format", required_argument, 0, 'F'},
                                             {"unlimited-fleet", no_argument, 0, 'U'},
                                             {"osrm", required_argument, 0, OPT_OSRM},
                                             {"osrm-cache", required_argument, 0, OPT_OSRM_CACHE},
                                             {"json", no_argument, 0, 'j'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    eco_load_options lopt = {.format = ECO_FORMAT_AUTO, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    int json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (eco_rounding_parse(optarg, &lopt.rounding) != ECO_OK)
                return eco_cli_usage_error("check", "--rounding: expected nint, trunc1 or exact, got \"%s\"", optarg);
            break;
        case 'F':
            if (!parse_format("check", optarg, &lopt.format)) return ECO_EINPUT;
            break;
        case 'U': lopt.limit_fleet = 0; break;
        case OPT_OSRM: lopt.osrm_url = optarg; break;
        case OPT_OSRM_CACHE: lopt.osrm_cache_dir = optarg; break;
        case 'j': json = 1; break;
        case 'h': fputs(check_help, stdout); return 0;
        case ':': return eco_cli_usage_error("check", "option %s needs a value", argv[optind - 1]);
        default: return eco_cli_usage_error("check", "unknown option %s", argv[optind - 1]);
        }
    }
    if (argc - optind != 2)
        return eco_cli_usage_error("check", "expected INSTANCE and SOLUTION");
    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_solution *sol = NULL;
    eco_check_report *rep = NULL;
    int rc;
    eco_status st = eco_instance_load_file(argv[optind], &lopt, &inst, &err);
    if (st == ECO_OK)
        st = eco_solution_read_file(inst, argv[optind + 1], &sol, &err);
    if (st == ECO_OK)
        st = eco_check(inst, sol, &rep, &err);
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        rc = st == ECO_EINFEASIBLE ? ECO_EINPUT : st;
        goto out;
    }
    eco_check_report_write(rep, json, stdout);
    rc = eco_check_report_feasible(rep) ? ECO_OK : ECO_EINFEASIBLE;
out:
    eco_check_report_destroy(rep);
    eco_solution_destroy(sol);
    eco_instance_destroy(inst);
    return rc;
}

static const char main_help[] =
    "usage: ecoroute VERB [options]   (ecoroute VERB --help for each)\n"
    "  solve    solve an instance (native JSON, VROOM JSON, CVRPLIB, Solomon, Kim) and write the routes\n"
    "  check    verify a solution independently and recompute its cost\n"
    "  gen      generate a realistic city instance (native JSON)\n"
    "  convert  write an instance as VROOM JSON or as the native JSON model\n"
    "  bench    run a benchmark suite (our solver or a plug-in heuristic): table, CSV, JSON, plots\n"
    "  score    check solution folders made by any program and print a leaderboard\n"
    "  serve    answer newline-delimited JSON requests over TCP and Unix sockets\n"
    "  client   send one request to a server and print the response\n"
    "  version  print the version\n"
    "Exit status: 0 ok, 1 infeasible, 2 bad input or usage, 3 routing error, 4 internal error.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_help, stderr);
        return ECO_EINPUT;
    }
    const char *verb = argv[1];
    if (!strcmp(verb, "solve"))
        return cmd_solve(argc - 1, argv + 1);
    if (!strcmp(verb, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(verb, "gen"))
        return eco_cli_gen(argc - 1, argv + 1);
    if (!strcmp(verb, "bench"))
        return eco_cli_bench(argc - 1, argv + 1);
    if (!strcmp(verb, "score"))
        return eco_cli_score(argc - 1, argv + 1);
    if (!strcmp(verb, "convert"))
        return eco_cli_convert(argc - 1, argv + 1);
    if (!strcmp(verb, "serve"))
        return eco_cli_serve(argc - 1, argv + 1);
    if (!strcmp(verb, "client"))
        return eco_cli_client(argc - 1, argv + 1);
    if (!strcmp(verb, "version") || !strcmp(verb, "--version")) {
        printf("ecoroute %s\n", ECO_VERSION);
        return 0;
    }
    if (!strcmp(verb, "help") || !strcmp(verb, "--help") || !strcmp(verb, "-h")) {
        fputs(main_help, stdout);
        return 0;
    }
    fprintf(stderr, "ecoroute: unknown verb \"%s\"\n", verb);
    fputs(main_help, stderr);
    return ECO_EINPUT;
}
