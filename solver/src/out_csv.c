/*
 * out_csv.c - CSV for spreadsheets and drivers: a manifest per vehicle in
 * stop order, a summary row per vehicle, the unassigned boxes, and one sheet
 * with every stop of every vehicle. RFC 4180: a header row, CRLF line ends,
 * quoting only where needed, UTF-8 as read from the input.
 *
 * Columns of a manifest (the stops sheet puts "vehicle" before them):
 *   sequence, trip, kind, id, lon, lat (x, y for planar instances), arrival,
 *   start, departure, amount, load_after, material, fill, notes
 * Clock times are HH:MM:SS for instances counted in seconds, else numbers;
 * amounts and loads in the instance's load unit (kg for the native model).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "out_common.h"

#define N_STOP_COLS 14
#define MAX_PATH 4096

static const char *const geo_header[N_STOP_COLS] = {"sequence", "trip",   "kind",      "id",         "lon",
                                                    "lat",      "arrival", "start",    "departure",  "amount",
                                                    "load_after", "material", "fill",   "notes"};

static void stop_header(FILE *f, const eco_instance *inst, bool with_vehicle)
{
    const char *h[N_STOP_COLS + 1];
    int n = 0;
    if (with_vehicle)
        h[n++] = "vehicle";
    for (int i = 0; i < N_STOP_COLS; i++)
        h[n++] = geo_header[i];
    if (inst->coord_kind != ECO_COORD_GEO) {
        h[n - N_STOP_COLS + 4] = "x";
        h[n - N_STOP_COLS + 5] = "y";
    }
    eco__csv_row(f, n, h);
}

/* Text cells of one row; each owns a small buffer. */
typedef struct row {
    char cell[N_STOP_COLS + 1][160];
    char notes[600];
} row;

static void coords(row *rw, int col, const eco_instance *inst, int loc)
{
    if (!eco__out_loc_known(inst, loc))
        return;
    int dec = inst->coord_kind == ECO_COORD_GEO ? 6 : 4;
    eco__out_num(rw->cell[col], sizeof rw->cell[col], inst->loc_x[loc], dec);
    eco__out_num(rw->cell[col + 1], sizeof rw->cell[col + 1], inst->loc_y[loc], dec);
}

static void notes_append(row *rw, const char *fmt, const char *a, const char *b)
{
    size_t len = strlen(rw->notes);
    if (len + 3 >= sizeof rw->notes)
        return;
    if (len)
        len += (size_t)snprintf(rw->notes + len, sizeof rw->notes - len, "; ");
    snprintf(rw->notes + len, sizeof rw->notes - len, fmt, a, b);
}

/* Fills rw with stop s of route rt; cells start at column c0. */
static void stop_row(row *rw, const eco_instance *inst, const eco_route *rt, const eco_out_stop *s, int c0)
{
    char t1[64], t2[64];
    memset(rw, 0, sizeof *rw);
    snprintf(rw->cell[c0 + 0], sizeof rw->cell[0], "%d", s->seq);
    snprintf(rw->cell[c0 + 1], sizeof rw->cell[0], "%d", s->trip);
    snprintf(rw->cell[c0 + 2], sizeof rw->cell[0], "%s", eco__step_type_name(s->type));
    snprintf(rw->cell[c0 + 3], sizeof rw->cell[0], "%s", s->id ? s->id : "");
    coords(rw, c0 + 4, inst, s->loc);
    eco__out_clock(rw->cell[c0 + 6], sizeof rw->cell[0], inst, s->arrival);
    if (s->type != ECO_STEP_START && s->type != ECO_STEP_END)
        eco__out_clock(rw->cell[c0 + 7], sizeof rw->cell[0], inst, s->start);
    eco__out_clock(rw->cell[c0 + 8], sizeof rw->cell[0], inst, s->departure);
    if (s->type == ECO_STEP_PICKUP || s->type == ECO_STEP_UNLOAD)
        eco__out_num(rw->cell[c0 + 9], sizeof rw->cell[0], (double)s->amount * inst->load_unit, 3);
    eco__out_num(rw->cell[c0 + 10], sizeof rw->cell[0], (double)s->load * inst->load_unit, 3);
    switch (s->type) {
    case ECO_STEP_START:
        notes_append(rw, "leave depot%s%s", "", "");
        break;
    case ECO_STEP_PICKUP: {
        const eco_box *b = &inst->boxes[s->ref];
        snprintf(rw->cell[c0 + 11], sizeof rw->cell[0], "%s", inst->material_names[b->material]);
        if (isfinite(b->fill))
            eco__out_num(rw->cell[c0 + 12], sizeof rw->cell[0], b->fill, 3);
        if (b->need == ECO_BOX_OPTIONAL)
            notes_append(rw, "optional (not yet full)%s%s", "", "");
        if (b->tw_open > 0 || b->tw_close < ECO_TIME_INF) {
            eco__out_clock(t1, sizeof t1, inst, b->tw_open);
            if (b->tw_close < ECO_TIME_INF)
                eco__out_clock(t2, sizeof t2, inst, b->tw_close);
            else
                snprintf(t2, sizeof t2, "%s", "");
            notes_append(rw, "window %s-%s", t1, t2);
        }
        if (s->start > s->arrival)
            notes_append(rw, "wait %s%s", eco__out_span(t1, sizeof t1, inst, s->start - s->arrival), "");
        break;
    }
    case ECO_STEP_UNLOAD: {
        const eco_facility *fc = &inst->facilities[s->ref];
        uint32_t mask = 0;
        char what[400] = "";
        size_t len = 0;
        for (int m = 0; m < inst->n_materials; m++)
            if (s->unloaded[m] > 0) {
                mask |= 1u << m;
                char l[64];
                int w = snprintf(what + len, sizeof what - len, "%s%s %s", len ? ", " : "", inst->material_names[m],
                                 eco__out_load(l, sizeof l, inst, s->unloaded[m]));
                if (w > 0 && (size_t)w < sizeof what - len)
                    len += (size_t)w;
            }
        eco__out_materials(rw->cell[c0 + 11], sizeof rw->cell[0], inst, mask, ";");
        notes_append(rw, "unload at %s site%s", fc->kind, "");
        if (what[0])
            notes_append(rw, "%s%s", what, "");
        if (s->start > s->arrival)
            notes_append(rw, "wait %s for opening%s", eco__out_span(t1, sizeof t1, inst, s->start - s->arrival), "");
        break;
    }
    case ECO_STEP_BREAK:
        notes_append(rw, "break %s%s", eco__out_span(t1, sizeof t1, inst, s->departure - s->start), "");
        break;
    case ECO_STEP_END:
        notes_append(rw, "back at depot: route %s, %s", eco__out_dist(t1, sizeof t1, inst, rt->distance),
                     eco__out_span(t2, sizeof t2, inst, rt->duration));
        break;
    }
    snprintf(rw->cell[c0 + 13], sizeof rw->cell[0], "%.159s", rw->notes);
}

static void emit_row(FILE *f, row *rw, int n)
{
    const char *fields[N_STOP_COLS + 1];
    for (int i = 0; i < n; i++)
        fields[i] = rw->cell[i];
    /* the notes may be longer than a cell */
    fields[n - 1] = rw->notes;
    eco__csv_row(f, n, fields);
}

static void route_rows(FILE *f, const eco_instance *inst, const eco_route *rt, bool with_vehicle)
{
    row rw;
    eco_out_walk w;
    eco__out_walk_begin(&w, inst, rt);
    while (eco__out_walk_next(&w)) {
        int c0 = with_vehicle ? 1 : 0;
        stop_row(&rw, inst, rt, &w.stop, c0);
        if (with_vehicle)
            snprintf(rw.cell[0], sizeof rw.cell[0], "%s", inst->vehicles[rt->vehicle].id);
        emit_row(f, &rw, N_STOP_COLS + c0);
    }
}

eco_status eco_solution_write_stops_csv(const eco_instance *inst, const eco_solution *sol_in, FILE *f,
                                        eco_error *err)
{
    const eco_solution *sol;
    eco_solution *owned = NULL;
    eco_status st = eco__out_scheduled(inst, sol_in, &sol, &owned, err);
    if (st != ECO_OK)
        return st;
    stop_header(f, inst, true);
    for (int r = 0; r < sol->n_routes; r++)
        if (eco__out_route_used(&sol->routes[r]))
            route_rows(f, inst, &sol->routes[r], true);
    row rw;
    for (int i = 0; i < sol->n_unassigned; i++) {
        const eco_box *b = &inst->boxes[sol->unassigned[i].box];
        memset(&rw, 0, sizeof rw);
        snprintf(rw.cell[3], sizeof rw.cell[3], "unassigned");
        snprintf(rw.cell[4], sizeof rw.cell[4], "%s", b->id);
        coords(&rw, 5, inst, b->loc);
        eco__out_num(rw.cell[10], sizeof rw.cell[10], (double)b->demand * inst->load_unit, 3);
        snprintf(rw.cell[12], sizeof rw.cell[12], "%s", inst->material_names[b->material]);
        if (isfinite(b->fill))
            eco__out_num(rw.cell[13], sizeof rw.cell[13], b->fill, 3);
        snprintf(rw.notes, sizeof rw.notes, "%s: %s", eco__out_need_name(b->need), sol->unassigned[i].reason);
        emit_row(f, &rw, N_STOP_COLS + 1);
    }
    st = eco__out_flush(f, "csv", err);
    eco_solution_destroy(owned);
    return st;
}

/* Column names carrying the unit: "distance_km", "collected_kg", ... */
static void unit_name(char *buf, size_t n, const char *what, const char *unit)
{
    if (!unit || strcmp(unit, "unit") == 0)
        snprintf(buf, n, "%s", what);
    else
        snprintf(buf, n, "%s_%s", what, unit);
}

/* Manifest file name of route number k (1-based) of n: "07-truck_1.csv". */
static void manifest_name(char *buf, size_t n, int k, int n_used, const char *vehicle)
{
    int width = n_used >= 1000 ? 4 : n_used >= 100 ? 3 : 2;
    int len = snprintf(buf, n, "%0*d-", width, k);
    for (const unsigned char *p = (const unsigned char *)vehicle; *p && len < 80 && (size_t)len + 5 < n; p++) {
        unsigned c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == '_';
        buf[len++] = ok ? (char)c : '_';
    }
    snprintf(buf + len, n - (size_t)len, ".csv");
}

static void summary_csv(FILE *f, const eco_instance *inst, const eco_solution *sol)
{
    char dist_h[64], load_h[64], peak_h[64], mat_h[ECO_MAX_MATERIALS][128];
    const bool metres = inst->dist_unit_name && strcmp(inst->dist_unit_name, "m") == 0;
    if (metres)
        snprintf(dist_h, sizeof dist_h, "distance_km");
    else
        unit_name(dist_h, sizeof dist_h, "distance", inst->dist_unit_name);
    unit_name(load_h, sizeof load_h, "collected", inst->load_unit_name);
    unit_name(peak_h, sizeof peak_h, "peak_load", inst->load_unit_name);
    const char *h[16 + ECO_MAX_MATERIALS];
    int n = 0;
    h[n++] = "vehicle";
    h[n++] = "route";
    h[n++] = "file";
    h[n++] = "stops";
    h[n++] = "trips";
    h[n++] = "unloads";
    h[n++] = "breaks";
    h[n++] = "start";
    h[n++] = "end";
    h[n++] = dist_h;
    h[n++] = "duration";
    h[n++] = load_h;
    for (int m = 0; m < inst->n_materials; m++) {
        unit_name(mat_h[m], sizeof mat_h[m], inst->material_names[m], inst->load_unit_name);
        h[n++] = mat_h[m];
    }
    h[n++] = peak_h;
    h[n++] = "cost";
    eco__csv_row(f, n, h);

    int n_used = 0, k = 0;
    for (int r = 0; r < sol->n_routes; r++)
        n_used += eco__out_route_used(&sol->routes[r]);
    char cell[16 + ECO_MAX_MATERIALS][160];
    for (int r = 0; r < sol->n_routes; r++) {
        const eco_route *rt = &sol->routes[r];
        if (!eco__out_route_used(rt))
            continue;
        k++;
        eco_out_route fig;
        eco__out_route_figures(inst, rt, &fig);
        int c = 0;
        snprintf(cell[c++], sizeof cell[0], "%s", inst->vehicles[rt->vehicle].id);
        snprintf(cell[c++], sizeof cell[0], "%d", k);
        manifest_name(cell[c++], sizeof cell[0], k, n_used, inst->vehicles[rt->vehicle].id);
        snprintf(cell[c++], sizeof cell[0], "%d", fig.stops);
        snprintf(cell[c++], sizeof cell[0], "%d", fig.trips);
        snprintf(cell[c++], sizeof cell[0], "%d", fig.unloads);
        snprintf(cell[c++], sizeof cell[0], "%d", fig.breaks);
        eco__out_clock(cell[c++], sizeof cell[0], inst, fig.depart);
        eco__out_clock(cell[c++], sizeof cell[0], inst, fig.end);
        eco__out_num(cell[c++], sizeof cell[0], (double)rt->distance * inst->dist_unit / (metres ? 1000.0 : 1.0),
                     3);
        eco__out_hms(cell[c++], sizeof cell[0], inst, rt->duration);
        eco__out_num(cell[c++], sizeof cell[0], (double)fig.collected * inst->load_unit, 3);
        for (int m = 0; m < inst->n_materials; m++)
            eco__out_num(cell[c++], sizeof cell[0], (double)fig.per_material[m] * inst->load_unit, 3);
        eco__out_num(cell[c++], sizeof cell[0], (double)fig.peak_load * inst->load_unit, 3);
        eco__out_num(cell[c++], sizeof cell[0], rt->cost, 2);
        const char *fields[16 + ECO_MAX_MATERIALS];
        for (int i = 0; i < c; i++)
            fields[i] = cell[i];
        eco__csv_row(f, c, fields);
    }
}

eco_status eco_solution_write_summary_csv(const eco_instance *inst, const eco_solution *sol_in, FILE *f,
                                          eco_error *err)
{
    const eco_solution *sol;
    eco_solution *owned = NULL;
    eco_status st = eco__out_scheduled(inst, sol_in, &sol, &owned, err);
    if (st != ECO_OK)
        return st;
    summary_csv(f, inst, sol);
    st = eco__out_flush(f, "csv", err);
    eco_solution_destroy(owned);
    return st;
}

static void unassigned_csv(FILE *f, const eco_instance *inst, const eco_solution *sol)
{
    char load_h[64];
    unit_name(load_h, sizeof load_h, "amount", inst->load_unit_name);
    const bool geo = inst->coord_kind == ECO_COORD_GEO;
    const char *h[] = {"id", "material", load_h, "fill", "need", "reason", geo ? "lon" : "x", geo ? "lat" : "y"};
    eco__csv_row(f, 8, h);
    for (int i = 0; i < sol->n_unassigned; i++) {
        const eco_box *b = &inst->boxes[sol->unassigned[i].box];
        char amount[64], fill[64] = "", x[64] = "", y[64] = "";
        eco__out_num(amount, sizeof amount, (double)b->demand * inst->load_unit, 3);
        if (isfinite(b->fill))
            eco__out_num(fill, sizeof fill, b->fill, 3);
        if (eco__out_loc_known(inst, b->loc)) {
            eco__out_num(x, sizeof x, inst->loc_x[b->loc], geo ? 6 : 4);
            eco__out_num(y, sizeof y, inst->loc_y[b->loc], geo ? 6 : 4);
        }
        const char *fields[] = {b->id, inst->material_names[b->material], amount, fill,
                                eco__out_need_name(b->need), sol->unassigned[i].reason, x, y};
        eco__csv_row(f, 8, fields);
    }
}

/* Opens dir/name for writing into *f; ECO_EINPUT naming the path if not. */
static eco_status open_in(const char *dir, const char *name, char *path, FILE **f, eco_error *err)
{
    int n = snprintf(path, MAX_PATH, "%s/%s", dir, name);
    if (n < 0 || n >= MAX_PATH)
        return eco__error(err, ECO_EINPUT, "--manifest", "path too long: %.200s/%s", dir, name);
    *f = fopen(path, "wb");
    if (!*f)
        return eco__error(err, ECO_EINPUT, path, "cannot open for writing: %s", strerror(errno));
    return ECO_OK;
}

/* Closes f; a failed write or close of path becomes the error. */
static eco_status close_file(FILE *f, const char *path, eco_status st, eco_error *err)
{
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0)
        bad = true;
    if (st == ECO_OK && bad)
        st = eco__error(err, ECO_EINTERNAL, path, "write error: %s", strerror(errno));
    return st;
}

eco_status eco_solution_write_manifests(const eco_instance *inst, const eco_solution *sol_in, const char *dir,
                                        eco_error *err)
{
    const eco_solution *sol;
    eco_solution *owned = NULL;
    char *path = NULL;
    FILE *f = NULL;
    if (!dir || !*dir)
        return eco__error(err, ECO_EINPUT, "--manifest", "expected a directory name");
    if (mkdir(dir, 0777) != 0) {
        struct stat sb;
        if (errno != EEXIST || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return eco__error(err, ECO_EINPUT, dir, "cannot create directory: %s",
                              errno == EEXIST ? "a file of that name exists" : strerror(errno));
    }
    eco_status st = eco__out_scheduled(inst, sol_in, &sol, &owned, err);
    if (st != ECO_OK)
        return st;
    path = malloc(MAX_PATH);
    if (!path) {
        st = eco__error(err, ECO_EINTERNAL, "--manifest", "out of memory");
        goto out;
    }
    int n_used = 0, k = 0;
    for (int r = 0; r < sol->n_routes; r++)
        n_used += eco__out_route_used(&sol->routes[r]);
    for (int r = 0; r < sol->n_routes && st == ECO_OK; r++) {
        const eco_route *rt = &sol->routes[r];
        if (!eco__out_route_used(rt))
            continue;
        char name[128];
        manifest_name(name, sizeof name, ++k, n_used, inst->vehicles[rt->vehicle].id);
        st = open_in(dir, name, path, &f, err);
        if (st != ECO_OK)
            goto out;
        stop_header(f, inst, false);
        route_rows(f, inst, rt, false);
        st = close_file(f, path, st, err);
        f = NULL;
    }
    if (st == ECO_OK && (st = open_in(dir, "summary.csv", path, &f, err)) == ECO_OK) {
        summary_csv(f, inst, sol);
        st = close_file(f, path, st, err);
        f = NULL;
    }
    if (st == ECO_OK && (st = open_in(dir, "unassigned.csv", path, &f, err)) == ECO_OK) {
        unassigned_csv(f, inst, sol);
        st = close_file(f, path, st, err);
        f = NULL;
    }
    if (st == ECO_OK && (st = open_in(dir, "summary.txt", path, &f, err)) == ECO_OK) {
        st = eco_solution_write_text_summary(inst, sol, NULL, f, err);
        st = close_file(f, path, st, err);
        f = NULL;
    }
out:
    if (f)
        fclose(f);
    free(path);
    eco_solution_destroy(owned);
    return st;
}

/* ---- the human summary ---- */

eco_status eco_solution_write_text_summary(const eco_instance *inst, const eco_solution *sol_in,
                                           const eco_output_options *opt_in, FILE *f, eco_error *err)
{
    const eco_solution *sol;
    eco_solution *owned = NULL;
    eco_output_options opt;
    if (opt_in)
        opt = *opt_in;
    else
        eco_output_options_init(&opt);
    eco_status st = eco__out_scheduled(inst, sol_in, &sol, &owned, err);
    if (st != ECO_OK)
        return st;
    char a[64], b[64], c[64];
    int n_used = 0, served = 0, unloads = 0;
    int64_t per_mat[ECO_MAX_MATERIALS] = {0}, collected = 0, dist = 0, dur = 0;
    for (int r = 0; r < sol->n_routes; r++) {
        const eco_route *rt = &sol->routes[r];
        if (!eco__out_route_used(rt))
            continue;
        eco_out_route fig;
        eco__out_route_figures(inst, rt, &fig);
        n_used++;
        served += fig.stops;
        unloads += fig.unloads;
        collected += fig.collected;
        dist += rt->distance;
        dur += rt->duration;
        for (int m = 0; m < inst->n_materials; m++)
            per_mat[m] += fig.per_material[m];
    }
    const char *name = inst->name && inst->name[0] ? inst->name : "solution";
    char fleet[64];
    if (inst->unlimited_fleet)
        snprintf(fleet, sizeof fleet, "%d vehicle%s", n_used, n_used == 1 ? "" : "s");
    else
        snprintf(fleet, sizeof fleet, "%d of %d vehicles", n_used, inst->n_vehicles);
    fprintf(f, "%s: %s, distance %s, duration %s, cost %s\n", name, fleet, eco__out_dist(a, sizeof a, inst, dist),
            eco__out_span(b, sizeof b, inst, dur), eco__out_num(c, sizeof c, sol->summary.cost, 2));
    fprintf(f, "  collected %s from %d box%s", eco__out_load(a, sizeof a, inst, collected), served,
            served == 1 ? "" : "es");
    if (inst->n_materials > 1 || (inst->n_materials == 1 && strcmp(inst->material_names[0], "mixed") != 0)) {
        fputs(":", f);
        for (int m = 0; m < inst->n_materials; m++)
            fprintf(f, "%s %s %s", m ? "," : "", inst->material_names[m],
                    eco__out_load(a, sizeof a, inst, per_mat[m]));
    }
    if (inst->n_facilities > 0)
        fprintf(f, "; %d unload%s", unloads, unloads == 1 ? "" : "s");
    fputc('\n', f);

    /* a line per vehicle, ids padded to the longest shown */
    int shown = 0, idw = 7;
    for (int r = 0; r < sol->n_routes && shown < opt.summary_max_vehicles; r++)
        if (eco__out_route_used(&sol->routes[r])) {
            int l = (int)strlen(inst->vehicles[sol->routes[r].vehicle].id);
            if (l > idw)
                idw = l < 32 ? l : 32;
            shown++;
        }
    if (n_used > 0 && opt.summary_max_vehicles > 0) {
        fprintf(f, "  %-*s %6s %5s %11s %8s %12s  %s\n", idw, "vehicle", "stops", "trips", "distance", "time",
                "load", "hours");
        shown = 0;
        for (int r = 0; r < sol->n_routes; r++) {
            const eco_route *rt = &sol->routes[r];
            if (!eco__out_route_used(rt))
                continue;
            if (shown == opt.summary_max_vehicles) {
                fprintf(f, "  ... and %d more vehicle%s\n", n_used - shown, n_used - shown == 1 ? "" : "s");
                break;
            }
            shown++;
            eco_out_route fig;
            eco__out_route_figures(inst, rt, &fig);
            char d[64], t1[32], t2[32];
            eco__out_clock(t1, sizeof t1, inst, fig.depart);
            eco__out_clock(t2, sizeof t2, inst, fig.end);
            if (eco__out_seconds(inst)) { /* "07:00-15:12" */
                t1[5] = '\0';
                t2[5] = '\0';
            }
            fprintf(f, "  %-*.*s %6d %5d %11s %8s %12s  %s-%s\n", idw, idw, inst->vehicles[rt->vehicle].id,
                    fig.stops, fig.trips, eco__out_dist(a, sizeof a, inst, rt->distance),
                    eco__out_span(b, sizeof b, inst, rt->duration), eco__out_load(d, sizeof d, inst, fig.collected),
                    t1, t2);
        }
    }

    /* unassigned: counts by need, mandatory ones first by name */
    int cnt[3] = {0, 0, 0};
    for (int i = 0; i < sol->n_unassigned; i++)
        cnt[inst->boxes[sol->unassigned[i].box].need]++;
    if (sol->n_unassigned == 0) {
        fputs("  every box is served\n", f);
    } else {
        static const char *const what[3] = {"mandatory", "optional", "not needed today"};
        fprintf(f, "  unassigned: %d (", sol->n_unassigned);
        for (int k = 0, parts = 0; k < 3; k++)
            if (cnt[k] > 0)
                fprintf(f, "%s%d %s", parts++ ? ", " : "", cnt[k], what[k]);
        fputs(")\n", f);
        int listed = 0;
        for (int pass = 0; pass < 2; pass++) {
            eco_box_need need = pass == 0 ? ECO_BOX_MANDATORY : ECO_BOX_OPTIONAL;
            for (int i = 0; i < sol->n_unassigned && listed < opt.summary_max_listed; i++) {
                const eco_box *bx = &inst->boxes[sol->unassigned[i].box];
                if (bx->need != need)
                    continue;
                fprintf(f, "    %s (%s): %s\n", bx->id, eco__out_need_name(need), sol->unassigned[i].reason);
                listed++;
            }
        }
        int rest = cnt[ECO_BOX_MANDATORY] + cnt[ECO_BOX_OPTIONAL] - listed;
        if (rest > 0)
            fprintf(f, "    ... and %d more (see \"unassigned\" in the solution)\n", rest);
        if (cnt[ECO_BOX_SKIP] > 0)
            fprintf(f, "    %d box%s below the fill threshold, not needed today\n", cnt[ECO_BOX_SKIP],
                    cnt[ECO_BOX_SKIP] == 1 ? "" : "es");
    }

    /* time taken */
    if (sol->elapsed_s > 0 || sol->iterations > 0 || opt.wall_s > 0 || opt.checked) {
        fputs("  ", f);
        const char *sep = "";
        if (sol->elapsed_s > 0 || sol->iterations > 0) {
            fprintf(f, "solved in %.2f s (%d thread%s, %ld iteration%s)", sol->elapsed_s, sol->threads,
                    sol->threads == 1 ? "" : "s", sol->iterations, sol->iterations == 1 ? "" : "s");
            sep = ", ";
        }
        if (opt.wall_s > 0) {
            fprintf(f, "%s%.2f s in all", sep, opt.wall_s);
            sep = ", ";
        }
        if (opt.checked)
            fprintf(f, "%schecked feasible", sep);
        fputc('\n', f);
    }
    st = eco__out_flush(f, "summary", err);
    eco_solution_destroy(owned);
    return st;
}
