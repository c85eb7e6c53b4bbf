/*
 * cmd_gen.c - `ecoroute gen`: parses the command line into eco_gen_options,
 * calls the generator and writes the JSON text to a file or standard output.
 * Every range rule lives in the library; this file only turns text into
 * numbers and reports the library's errors under the option's name.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_gen.h"
#include "ecoroute/gen.h"

static const char gen_help[] =
    "usage: ecoroute gen (--city NAME | --bbox MINLON,MINLAT,MAXLON,MAXLAT) [options]\n"
    "Generates a realistic city instance in the native JSON model: eco-boxes in clusters around\n"
    "campuses and districts plus street boxes, a depot, baling sites, a recycler outside the city\n"
    "and a fleet sized from the day's demand. The same arguments always give the same bytes.\n"
    "  -c, --city NAME         a preset: almaty, oral, ust-kamenogorsk, petropavlovsk\n"
    "      --bbox A,B,C,D      any other place: MINLON,MINLAT,MAXLON,MAXLAT in degrees\n"
    "                          (GeoJSON order), each side 0.5 to 150 km\n"
    "  -n, --boxes N           number of eco-boxes, 10 to 20000 (default 100)\n"
    "  -s, --seed K            random seed, 0 to 4294967295 (default 1)\n"
    "  -o, --output FILE       write to FILE (default: standard output; \"-\" too)\n"
    "      --materials LIST    comma-separated, from plastic, paper, glass, metal\n"
    "                          (default plastic,paper; shares 55:45:20:10)\n"
    "      --facilities N      baling sites inside the city, 1 to 8 (default 1); a recycler\n"
    "                          outside the city that buys plastic is always added\n"
    "      --time-windows      campus boxes get campus opening hours, 30% of the others a\n"
    "                          morning (08:00-12:00) or afternoon (13:00-16:30) slot\n"
    "      --breaks            every vehicle takes a 30-60 min lunch break; its start window\n"
    "                          opens between 11:30 and 12:30 and lasts 90 min\n"
    "      --full-share X      share of boxes at/above the fill threshold today, 0 to 1\n"
    "                          (default 0.7); of the others half reach it by tomorrow\n"
    "                          (optional), half stay below (left out)\n"
    "      --name NAME         instance name (default from the options, e.g. almaty-100-s1)\n"
    "  -q, --quiet             no summary on stderr\n"
    "  -h, --help              this text\n"
    "Model: fill threshold 0.8, horizon 1 day, prize 0.05 per kg, haversine travel with\n"
    "circuity 1.3 at 25 km/h (almaty) or 30 km/h; trucks of 2500 kg and vans of 1500 kg on a\n"
    "07:00-17:00 shift. Switching --time-windows or --breaks leaves everything else unchanged.\n"
    "Exit status: 0 ok, 2 bad usage (including a FILE that cannot be created), 4 internal\n"
    "error (out of memory, a failed write).\n";

/* Splits "a,b,c" into at most max names (pointers into buf). Returns the
 * count, or -1 when there are too many or one is empty. */
static int split_list(char *buf, const char **names, int max)
{
    int n = 0;
    char *p = buf;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (!*p || n == max)
            return -1;
        names[n++] = p;
        if (!comma)
            return n;
        p = comma + 1;
    }
}

static int parse_bbox(const char *s, double *bb)
{
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        char *end;
        errno = 0;
        bb[i] = strtod(p, &end);
        if (errno || end == p)
            return 0;
        p = end;
        if (i < 3) {
            if (*p != ',')
                return 0;
            p++;
        }
    }
    return *p == '\0';
}

int eco_cli_gen(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"city", required_argument, 0, 'c'},       {"bbox", required_argument, 0, 'B'},
        {"boxes", required_argument, 0, 'n'},      {"seed", required_argument, 0, 's'},
        {"output", required_argument, 0, 'o'},     {"materials", required_argument, 0, 'M'},
        {"facilities", required_argument, 0, 'F'}, {"time-windows", no_argument, 0, 'T'},
        {"breaks", no_argument, 0, 'R'},           {"full-share", required_argument, 0, 'S'},
        {"name", required_argument, 0, 'N'},       {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},             {0, 0, 0, 0}};
    eco_gen_options opt;
    eco_gen_options_init(&opt);
    const char *output = NULL;
    char materials_buf[256];
    int quiet = 0, c;
    long lv;
    double dv;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":c:n:s:o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': opt.city = optarg; break;
        case 'B':
            if (!parse_bbox(optarg, opt.bbox))
                return eco_cli_usage_error("gen", "--bbox: expected MINLON,MINLAT,MAXLON,MAXLAT (4 numbers), got \"%s\"",
                                           optarg);
            opt.use_bbox = 1;
            break;
        case 'n':
            if (!eco_cli_parse_long("gen", "--boxes", optarg, ECO_GEN_MIN_BOXES, ECO_GEN_MAX_BOXES, &lv))
                return 2;
            opt.n_boxes = (int)lv;
            break;
        case 's':
            if (!eco_cli_parse_long("gen", "--seed", optarg, 0, 4294967295L, &lv))
                return 2;
            opt.seed = (uint64_t)lv;
            break;
        case 'o': output = optarg; break;
        case 'M':
            if (strlen(optarg) >= sizeof materials_buf)
                return eco_cli_usage_error("gen", "--materials: list too long");
            strcpy(materials_buf, optarg);
            opt.n_materials = split_list(materials_buf, opt.materials, ECO_GEN_MAX_MATERIALS);
            if (opt.n_materials < 0)
                return eco_cli_usage_error("gen",
                                           "--materials: expected 1 to %d comma-separated names from plastic, "
                                           "paper, glass, metal, got \"%s\"",
                                           ECO_GEN_MAX_MATERIALS, optarg);
            break;
        case 'F':
            if (!eco_cli_parse_long("gen", "--facilities", optarg, 1, ECO_GEN_MAX_FACILITIES, &lv))
                return 2;
            opt.n_facilities = (int)lv;
            break;
        case 'T': opt.time_windows = 1; break;
        case 'R': opt.breaks = 1; break;
        case 'S':
            if (!eco_cli_parse_double("gen", "--full-share", optarg, 0.0, 1.0, &dv))
                return 2;
            opt.full_share = dv;
            break;
        case 'N': opt.name = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(gen_help, stdout); return 0;
        case ':': return eco_cli_usage_error("gen", "option %s needs a value", argv[optind - 1]);
        default: return eco_cli_usage_error("gen", "unknown option %s", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return eco_cli_usage_error("gen", "unexpected argument \"%s\"", argv[optind]);

    eco_error err;
    eco_error_clear(&err);
    char *json = NULL;
    eco_gen_summary sum;
    eco_status st = eco_gen_city(&opt, &json, &sum, &err);
    if (st == ECO_EINPUT)
        return eco_cli_usage_error("gen", "--%s: %s", err.where, err.message);
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        return st;
    }
    int to_stdout = !output || strcmp(output, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(output, "w");
    int rc = 0;
    if (!f) {
        fprintf(stderr, "ecoroute gen: %s: cannot open for writing: %s\n", output, strerror(errno));
        free(json);
        return 2;
    }
    size_t len = strlen(json);
    if (fwrite(json, 1, len, f) != len || fflush(f) != 0)
        rc = 4;
    if (!to_stdout && fclose(f) != 0)
        rc = 4;
    free(json);
    if (rc) {
        fprintf(stderr, "ecoroute gen: %s: write failed: %s\n", to_stdout ? "<stdout>" : output, strerror(errno));
        return rc;
    }
    if (!quiet)
        fprintf(stderr,
                "ecoroute gen: %d boxes (%d mandatory, %d optional, %d below the threshold), %.0f kg to collect, "
                "%d vehicles, %d facilities%s%s\n",
                sum.n_boxes, sum.n_mandatory, sum.n_optional, sum.n_skip, sum.demand_kg, sum.n_vehicles,
                sum.n_facilities, to_stdout ? "" : " -> ", to_stdout ? "" : output);
    return 0;
}
