/*
 * test_bks.c - the checker's key acceptance test: every published best-known
 * solution of CVRPLIB X (rounding nint), Solomon and Gehring & Homberger 200
 * (DIMACS rounding trunc1) must load, be feasible, and reproduce exactly the
 * cost written on its own "Cost" line and in the set's BKS CSV.
 *
 * Usage: test_bks SHARED_DIR   (the folder holding instances/)
 * Prints one line per set, e.g. "cvrp_x: 100/100 reproduced".
 */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecoroute/ecoroute.h"

#define MAX_FILES 512
#define MAX_NAME 256

typedef struct bks_row {
    char name[MAX_NAME];
    double cost;
    int vehicles;
} bks_row;

typedef struct set_spec {
    const char *dir;        /* under instances/ */
    const char *ext;        /* instance file extension */
    const char *csv;        /* BKS CSV under instances/ */
    eco_rounding rounding;
} set_spec;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads "instance,bks_cost,bks_vehicles,source" rows; returns the count or -1. */
static int read_csv(const char *path, bks_row *rows, int max)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[2048];
    int n = 0;
    if (!fgets(line, sizeof line, f)) { /* header */
        fclose(f);
        return -1;
    }
    while (n < max && fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ',');
        if (!c1)
            continue;
        *c1 = '\0';
        snprintf(rows[n].name, MAX_NAME, "%.255s", line);
        char *end;
        rows[n].cost = strtod(c1 + 1, &end);
        rows[n].vehicles = *end == ',' ? atoi(end + 1) : -1;
        n++;
    }
    fclose(f);
    return n;
}

/* The number after "Cost" and the count of "Route #" lines in a .sol file. */
static int read_sol_facts(const char *path, double *cost, int *routes)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[1 << 16];
    int found = 0;
    *routes = 0;
    while (fgets(line, sizeof line, f)) {
        const char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (strncmp(p, "Route", 5) == 0)
            (*routes)++;
        else if (strncmp(p, "Cost", 4) == 0) {
            char *end;
            *cost = strtod(p + 4, &end);
            found = end != p + 4;
        }
    }
    fclose(f);
    return found ? 0 : -1;
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-6 * fmax(1.0, fabs(b));
}

/* Checks one set; returns the number of failures. */
static int run_set(const char *shared, const set_spec *set)
{
    char path[1024], ipath[2048], spath[2048];
    snprintf(path, sizeof path, "%s/instances/%s", shared, set->csv);
    static bks_row rows[MAX_FILES];
    int n_rows = read_csv(path, rows, MAX_FILES);
    if (n_rows <= 0) {
        fprintf(stderr, "%s: cannot read %s\n", set->dir, path);
        return 1;
    }
    snprintf(path, sizeof path, "%s/instances/%s", shared, set->dir);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "%s: cannot open %s\n", set->dir, path);
        return 1;
    }
    char *names[MAX_FILES];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < MAX_FILES) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".sol") == 0) {
            names[n] = strdup(e->d_name);
            if (!names[n]) {
                closedir(d);
                return 1;
            }
            n++;
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);

    int ok = 0, failures = 0, unlimited = 0;
    for (int i = 0; i < n; i++) {
        char stem[MAX_NAME];
        size_t stem_len = strlen(names[i]) - 4;
        if (stem_len >= sizeof stem)
            stem_len = sizeof stem - 1;
        memcpy(stem, names[i], stem_len);
        stem[stem_len] = '\0';
        snprintf(spath, sizeof spath, "%.1000s/%.255s", path, names[i]);
        snprintf(ipath, sizeof ipath, "%.1000s/%.255s%.8s", path, stem, set->ext);
        const char *why = NULL;
        char detail[ECO_ERROR_TEXT_MAX + 1024] = "";
        eco_instance *inst = NULL;
        eco_solution *sol = NULL;
        eco_check_report *rep = NULL;
        eco_error err;
        eco_error_clear(&err);

        double file_cost = NAN, csv_cost = NAN;
        int file_routes = 0;
        if (read_sol_facts(spath, &file_cost, &file_routes) != 0) {
            why = "no Cost line";
            goto done;
        }
        for (int k = 0; k < n_rows; k++)
            if (strcmp(rows[k].name, stem) == 0)
                csv_cost = rows[k].cost;
        if (isnan(csv_cost)) {
            why = "not in the BKS CSV";
            goto done;
        }
        eco_load_options opt = {.format = ECO_FORMAT_AUTO, .rounding = set->rounding, .limit_fleet = 1};
        if (eco_instance_load_file(ipath, &opt, &inst, &err) != ECO_OK) {
            why = "instance does not load";
            snprintf(detail, sizeof detail, "%s", err.text);
            goto done;
        }
        /* a BKS with more routes than the file's fleet: lift the limit */
        int fleet = eco_instance_n_vehicles(inst);
        if (fleet >= 0 && file_routes > fleet) {
            eco_instance_destroy(inst);
            inst = NULL;
            opt.limit_fleet = 0;
            unlimited++;
            if (eco_instance_load_file(ipath, &opt, &inst, &err) != ECO_OK) {
                why = "instance does not load (unlimited fleet)";
                snprintf(detail, sizeof detail, "%s", err.text);
                goto done;
            }
        }
        if (eco_solution_read_file(inst, spath, &sol, &err) != ECO_OK) {
            why = "solution does not load";
            snprintf(detail, sizeof detail, "%s", err.text);
            goto done;
        }
        if (eco_check(inst, sol, &rep, &err) != ECO_OK) {
            why = "eco_check failed";
            snprintf(detail, sizeof detail, "%s", err.text);
            goto done;
        }
        if (!eco_check_report_feasible(rep)) {
            why = "infeasible";
            int len = 0;
            for (int k = 0; k < eco_check_report_n_violations(rep) && k < 5; k++) {
                const char *v = eco_check_report_violation(rep, k);
                len += snprintf(detail + len, sizeof detail - (size_t)len, "    %s\n", v ? v : "?");
                if (len >= (int)sizeof detail)
                    break;
            }
            goto done;
        }
        double cost = eco_check_report_cost(rep);
        if (!close_to(cost, file_cost) || !close_to(cost, csv_cost)) {
            why = "cost differs";
            snprintf(detail, sizeof detail, "    recomputed %.10g, Cost line %.10g, BKS CSV %.10g\n", cost,
                     file_cost, csv_cost);
            goto done;
        }
        if (!close_to(eco_check_report_distance(rep), file_cost)) {
            why = "distance differs from the cost";
            snprintf(detail, sizeof detail, "    distance %.10g, Cost line %.10g\n",
                     eco_check_report_distance(rep), file_cost);
            goto done;
        }
    done:
        if (why) {
            failures++;
            fprintf(stderr, "%s/%s: %s\n%s", set->dir, stem, why, detail);
        } else {
            ok++;
        }
        eco_check_report_destroy(rep);
        eco_solution_destroy(sol);
        eco_instance_destroy(inst);
        free(names[i]);
    }
    printf("%s: %d/%d reproduced", set->dir, ok, n);
    if (unlimited)
        printf(" (%d loaded with an unlimited fleet)", unlimited);
    printf("\n");
    if (n == 0) {
        fprintf(stderr, "%s: no .sol files found in %s\n", set->dir, path);
        return 1;
    }
    return failures;
}

int main(int argc, char **argv)
{
    const char *shared = argc > 1 ? argv[1] : "../../shared";
    static const set_spec sets[] = {
        {"cvrp_x", ".vrp", "cvrp_x_bks.csv", ECO_ROUND_NINT},
        {"solomon", ".txt", "solomon_bks_dimacs.csv", ECO_ROUND_TRUNC1},
        {"gh200", ".txt", "gh200_bks_dimacs.csv", ECO_ROUND_TRUNC1},
    };
    int failures = 0;
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++)
        failures += run_set(shared, &sets[s]);
    if (failures) {
        fprintf(stderr, "%d BKS not reproduced\n", failures);
        return 1;
    }
    return 0;
}
