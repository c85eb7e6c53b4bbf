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
#include <unistd.h>

#include "cli.h"
#include "cmd_gen.h"
#include "service.h"

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
    else {
        eco_cli_usage_error(verb, "--input-format: expected auto, json, cvrplib, solomon or kim, got \"%s\"", s);
        return 0;
    }
    return 1;
}

/* ---- solve ---- */

static const char solve_help[] =
    "usage: ecoroute solve INPUT [options]\n"
    "Solves INPUT (native JSON, CVRPLIB, Solomon or Kim text; detected) and writes the solution.\n"
    "  -o, --output FILE       write the solution to FILE (default: standard output)\n"
    "  -f, --format F          json (default) or cvrplib (\"Route #k: ...\" then \"Cost N\")\n"
    "  -t, --threads N         search threads (default: the model's, else 1)\n"
    "  -l, --time-limit S      wall-clock seconds (default: the model's, else 10)\n"
    "      --seed K            random seed; search k uses K + k (default: the model's, else 1)\n"
    "      --max-iterations N  stop after N iterations (reproducible runs)\n"
    "      --max-no-improve N  stop after N iterations without improvement\n"
    "      --rounding R        planar distances: nint, trunc1 or exact (default: the format's)\n"
    "      --input-format F    auto, json, cvrplib, solomon, kim (default auto)\n"
    "      --unlimited-fleet   Solomon: ignore the file's fleet size\n"
    "      --construction-only return the construction heuristic's solution\n"
    "      --bks X             best known cost, for the gap in the progress line\n"
    "  -q, --quiet             no summary or progress on stderr\n"
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

static int cmd_solve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'},      {"format", required_argument, 0, 'f'},
        {"threads", required_argument, 0, 't'},     {"time-limit", required_argument, 0, 'l'},
        {"seed", required_argument, 0, 's'},        {"max-iterations", required_argument, 0, 'I'},
        {"max-no-improve", required_argument, 0, 'N'}, {"rounding", required_argument, 0, 'r'},
        {"input-format", required_argument, 0, 'F'}, {"unlimited-fleet", no_argument, 0, 'U'},
        {"construction-only", no_argument, 0, 'C'}, {"bks", required_argument, 0, 'B'},
        {"quiet", no_argument, 0, 'q'},             {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *output = NULL;
    eco_out_format ofmt = ECO_OUT_JSON;
    eco_load_options lopt = {ECO_FORMAT_AUTO, ECO_ROUND_DEFAULT, 1};
    eco_solve_options sopt;
    eco_solve_options_init(&sopt);
    progress_state prog = {0, 0};
    int quiet = 0;
    long lv;
    double dv;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:f:t:l:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'f':
            if (!strcmp(optarg, "json")) ofmt = ECO_OUT_JSON;
            else if (!strcmp(optarg, "cvrplib")) ofmt = ECO_OUT_CVRPLIB;
            else return eco_cli_usage_error("solve", "--format: expected json or cvrplib, got \"%s\"", optarg);
            break;
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
        case 'B':
            if (!eco_cli_parse_double("solve", "--bks", optarg, 0.0, 1e18, &prog.bks)) return ECO_EINPUT;
            break;
        case 'q': quiet = 1; break;
        case 'h': fputs(solve_help, stdout); return 0;
        case ':': return eco_cli_usage_error("solve", "option %s needs a value", argv[optind - 1]);
        default: return eco_cli_usage_error("solve", "unknown option %s", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return eco_cli_usage_error("solve", optind >= argc ? "missing INPUT" : "expected one INPUT, got %d",
                                   argc - optind);
    const char *input = argv[optind];

    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    eco_solution *sol = NULL;
    eco_check_report *rep = NULL;
    int rc;
    eco_status st = eco_instance_load_file(input, &lopt, &inst, &err);
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        return st;
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
    FILE *f = stdout;
    if (output && strcmp(output, "-") != 0) {
        f = fopen(output, "w");
        if (!f) {
            fprintf(stderr, "ecoroute: %s: cannot open for writing: %s\n", output, strerror(errno));
            rc = ECO_EINPUT;
            goto out;
        }
    }
    st = eco_solution_write(inst, sol, ofmt, f, &err);
    if (f != stdout && fclose(f) != 0 && st == ECO_OK)
        st = ECO_EINTERNAL;
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        rc = st;
        goto out;
    }
    eco_summary sm;
    eco_solution_summary(sol, &sm);
    int mandatory_left = eco_solution_mandatory_unassigned(inst, sol);
    if (!quiet)
        fprintf(stderr, "%s: cost %.2f, %d routes, %d unloads, %d unassigned (%d mandatory); checked feasible\n",
                eco_instance_name(inst), sm.cost, sm.routes, sm.unloads, sm.unassigned, mandatory_left);
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
    "      --input-format F    instance format: auto, json, cvrplib, solomon, kim\n"
    "      --unlimited-fleet   Solomon: ignore the file's fleet size\n"
    "      --json              the report as JSON on standard output\n"
    "Exit status: 0 feasible, 1 infeasible, 2 unreadable input.\n";

static int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {{"rounding", required_argument, 0, 'r'},
                                             {"input-format", required_argument, 0, 'F'},
                                             {"unlimited-fleet", no_argument, 0, 'U'},
                                             {"json", no_argument, 0, 'j'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    eco_load_options lopt = {ECO_FORMAT_AUTO, ECO_ROUND_DEFAULT, 1};
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
    "  solve    solve an instance (native JSON, CVRPLIB, Solomon, Kim) and write the routes\n"
    "  check    verify a solution independently and recompute its cost\n"
    "  gen      generate a realistic city instance (native JSON)\n"
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
