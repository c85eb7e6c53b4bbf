/*
 * cmd_convert.c - `ecoroute convert --to vroom|native INPUT [-o OUT]`: loads
 * INPUT like `solve` does (any format, detected) and writes it as VROOM's
 * problem JSON or as the native JSON model. The text is built in memory
 * first, so a refused conversion leaves no half-written file behind.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_convert.h"
#include "ecoroute/vroom.h"

static const char convert_help[] =
    "usage: ecoroute convert --to vroom|native INPUT [-o OUT] [options]\n"
    "Writes INPUT (native JSON, VROOM JSON, CVRPLIB, Solomon or Kim; detected) as VROOM's problem\n"
    "JSON (jobs, vehicles, matrices, and the \"facilities\" extension) or as the native JSON model.\n"
    "What the target cannot express is refused, each refusal naming the entity and field; nothing\n"
    "is dropped.\n"
    "      --to F              vroom or native (required)\n"
    "  -o, --output FILE       write to FILE (default: standard output; \"-\" too)\n"
    "  -i, --input FILE        INPUT, as VROOM's option names it\n"
    "      --input-format F    auto, json (native), vroom, cvrplib, solomon, kim (default auto)\n"
    "      --rounding R        planar distances: nint, trunc1 or exact (default: the format's);\n"
    "                          both targets need whole metres and seconds (nint)\n"
    "      --unlimited-fleet   Solomon: ignore the file's fleet size\n"
    "Exit status: 0 written, 2 bad usage, unreadable input or a refused conversion, 4 internal error.\n";

static int parse_input_format(const char *s, eco_format *out)
{
    if (!strcmp(s, "auto")) *out = ECO_FORMAT_AUTO;
    else if (!strcmp(s, "json") || !strcmp(s, "native")) *out = ECO_FORMAT_JSON;
    else if (!strcmp(s, "vroom")) *out = ECO_FORMAT_VROOM;
    else if (!strcmp(s, "cvrplib")) *out = ECO_FORMAT_CVRPLIB;
    else if (!strcmp(s, "solomon")) *out = ECO_FORMAT_SOLOMON;
    else if (!strcmp(s, "kim")) *out = ECO_FORMAT_KIM;
    else return 0;
    return 1;
}

int eco_cli_convert(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"to", required_argument, 0, 'T'},           {"output", required_argument, 0, 'o'},
        {"input", required_argument, 0, 'i'},        {"input-format", required_argument, 0, 'F'},
        {"rounding", required_argument, 0, 'r'},     {"unlimited-fleet", no_argument, 0, 'U'},
        {"help", no_argument, 0, 'h'},               {0, 0, 0, 0}};
    const char *to = NULL, *output = NULL, *input = NULL;
    eco_load_options lopt = {.format = ECO_FORMAT_AUTO, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:i:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'T':
            if (strcmp(optarg, "vroom") != 0 && strcmp(optarg, "native") != 0 && strcmp(optarg, "json") != 0)
                return eco_cli_usage_error("convert", "--to: expected vroom or native, got \"%s\"", optarg);
            to = optarg;
            break;
        case 'o': output = optarg; break;
        case 'i': input = optarg; break;
        case 'F':
            if (!parse_input_format(optarg, &lopt.format))
                return eco_cli_usage_error("convert",
                                           "--input-format: expected auto, json, vroom, cvrplib, solomon or kim, "
                                           "got \"%s\"", optarg);
            break;
        case 'r':
            if (eco_rounding_parse(optarg, &lopt.rounding) != ECO_OK)
                return eco_cli_usage_error("convert", "--rounding: expected nint, trunc1 or exact, got \"%s\"",
                                           optarg);
            break;
        case 'U': lopt.limit_fleet = 0; break;
        case 'h': fputs(convert_help, stdout); return 0;
        case ':': return eco_cli_usage_error("convert", "option %s needs a value", argv[optind - 1]);
        default: return eco_cli_usage_error("convert", "unknown option %s", argv[optind - 1]);
        }
    }
    if (!to)
        return eco_cli_usage_error("convert", "missing --to vroom|native");
    if (input && optind != argc)
        return eco_cli_usage_error("convert", "INPUT given twice (-i %s and %s)", input, argv[optind]);
    if (!input) {
        if (optind != argc - 1)
            return eco_cli_usage_error("convert", optind >= argc ? "missing INPUT" : "expected one INPUT, got %d",
                                       argc - optind);
        input = argv[optind];
    }

    eco_error err;
    eco_error_clear(&err);
    eco_instance *inst = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;
    eco_status st = eco_instance_load_file(input, &lopt, &inst, &err);
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        return st;
    }
    mem = open_memstream(&text, &len);
    if (!mem) {
        fprintf(stderr, "ecoroute: out of memory\n");
        rc = ECO_EINTERNAL;
        goto out;
    }
    bool vroom = strcmp(to, "vroom") == 0;
    st = vroom ? eco_instance_write_vroom(inst, mem, &err) : eco_instance_write_native(inst, mem, &err);
    if (fclose(mem) != 0 && st == ECO_OK) {
        fprintf(stderr, "ecoroute: out of memory\n");
        rc = ECO_EINTERNAL;
        goto out;
    }
    if (st != ECO_OK) {
        eco_cli_print_error(&err);
        if (st == ECO_EINPUT)
            fprintf(stderr, "ecoroute: %s cannot be written as %s\n", input,
                    vroom ? "VROOM JSON" : "the native model");
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
    size_t put = fwrite(text, 1, len, f);
    int bad = put != len || fflush(f) != 0 || ferror(f);
    if (f != stdout && fclose(f) != 0)
        bad = 1;
    if (bad) {
        fprintf(stderr, "ecoroute: %s: write error\n", output ? output : "<stdout>");
        rc = ECO_EINTERNAL;
        goto out;
    }
    rc = ECO_OK;
out:
    free(text);
    eco_instance_destroy(inst);
    return rc;
}

void eco_cli_vroom_error(const char *output, const eco_error *err)
{
    FILE *f = stdout;
    if (output && strcmp(output, "-") != 0 && !(f = fopen(output, "w")))
        return; /* the error itself is on stderr already */
    eco_vroom_write_error(err, f);
    if (f != stdout)
        fclose(f);
}
