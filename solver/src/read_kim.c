/*
 * read_kim.c - reader for the waste-collection VRPTW instances of Kim, Kim &
 * Sahoo (2006):
 *
 *     280.0      // vehicle capacity (yd3)
 *     400.0      // route capacity: yd3 per vehicle per day
 *     500        // stops per vehicle per day
 *     3600       // lunch duration (s), to start between 11:00 and 12:00
 *     40         // speed (mph)
 *     Stop_ID X(feet) Y(feet) Early_St_Time Late_St_Time Service_Time Load Stop_Type
 *     0   1215029.00   3461398.00  0400 1500 0  9999.00 0
 *
 * Line 6 is a column header and is skipped (it must not look like data). Each
 * row has 8 columns; Stop_Type 0 is the depot (exactly one), 1 a regular stop
 * (a box), 2 a disposal facility. Stop_IDs are strings (they are not
 * sequential in 1351_stop and 1599_stop) and must be unique; a box's id is its
 * Stop_ID and its file_id that number when it fits an int.
 *
 * Times. HHMM windows bound the start of service and are converted to seconds
 * since midnight as (HH * 60 + MM) * 60, so the three values with MM >= 60 in
 * the published files are normalised (875 = 8 * 60 + 75 minutes = 09:15). A
 * closing time of 2400 means no restriction (ECO_TIME_INF). A facility's
 * window is for the start of its unload while the model bounds the end, so
 * its closing time is Late_St_Time + its service time.
 *
 * Units. Distances are Manhattan in feet, rounded to the nearest foot (or as
 * opt->rounding says); times are seconds, travel time = distance at the
 * header's speed (mph * 5280 / 3600 ft/s), a separate time matrix; loads are
 * in 0.001 yd3. The dummy 9999 load of the depot and the facilities is ignored.
 *
 * Fleet and cost. The files give no fleet size: n_boxes identical vehicles
 * (unlimited_fleet), each with the depot window as its shift, a lunch break
 * of the header's length starting in [11:00, 12:00], the header's stop and
 * daily-yardage limits, a fixed cost of KIM_VEHICLE_COST per vehicle used,
 * cost 1 per second of route duration and none per distance. Kim et al.
 * minimise vehicles first and then travel time: the fixed cost (10^6 s, more
 * than any fleet's total duration in a day) makes the objective that order,
 * vehicles first, then the route durations in seconds (travel, service,
 * unloads, waiting and lunch), the nearest single figure to their second
 * objective. Subtract 10^6 x vehicles from the cost to get the time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_util.h"

#define MAX_ROWS 100000
#define MAX_COORD 1e9   /* feet */
#define MAX_YD3 1e6     /* loads and capacities */
#define MAX_ID_LEN 64
#define LUNCH_MIN (11 * 3600)
#define LUNCH_MAX (12 * 3600)
#define KIM_VEHICLE_COST 1e6 /* fixed cost per vehicle: vehicles first, then time */

typedef struct krow {
    char *id;              /* Stop_ID (owned) */
    int line;
    int type;              /* 0 depot, 1 box, 2 facility */
    double x, y;           /* feet */
    int64_t open, close;   /* seconds; close ECO_TIME_INF for 2400 */
    int64_t service;       /* seconds */
    int64_t load;          /* 0.001 yd3 (boxes only) */
} krow;

/* orders row pointers by Stop_ID, then by line */
static int cmp_row_id(const void *a, const void *b)
{
    const krow *p = *(const krow *const *)a, *q = *(const krow *const *)b;
    int c = strcmp(p->id, q->id);
    return c ? c : (p->line > q->line) - (p->line < q->line);
}

/* HHMM as seconds since midnight; HH * 60 + MM minutes, so MM >= 60 carries */
static eco_status hhmm(eco__lines *L, eco_error *err, const char *tok, const char *what, bool is_close, int64_t *out)
{
    long long v;
    eco_status st = eco__field_int(L, err, tok, what, 0, 2400, &v);
    if (st != ECO_OK)
        return st;
    if (is_close && v == 2400) {
        *out = ECO_TIME_INF;
        return ECO_OK;
    }
    *out = ((v / 100) * 60 + v % 100) * 60;
    return ECO_OK;
}

static eco_status parse_header(eco__lines *L, eco_error *err, int k, double *val)
{
    static const char *const what[5] = {"vehicle capacity (yd3)", "route capacity (yd3 per day)",
                                        "stops per day", "lunch duration (s)", "speed (mph)"};
    static const double lo[5] = {0, 0, 1, 0, 0}, hi[5] = {MAX_YD3, MAX_YD3, 1e7, 86400, 1000};
    eco_status st;
    char *line;
    do {
        if ((st = eco__lines_next(L, &line, err)) != ECO_OK)
            return st;
    } while (line && eco__blank(line));
    if (!line && k == 0)
        return eco__line_error(L, err, ECO_EINPUT, "empty input: expected a Kim et al. (2006) file");
    if (!line)
        return eco__line_error(L, err, ECO_EINPUT, "truncated file: header line %d (%s) missing", k + 1, what[k]);
    char *comment = strstr(line, "//");
    if (comment)
        *comment = '\0';
    char *f[2];
    int n = eco__split(line, f, 2);
    if (n != 1)
        return eco__line_error(L, err, ECO_EINPUT, "header line %d: expected one number (%s)%s, got %d fields",
                               k + 1, what[k], " and an optional // comment", n);
    char label[80];
    snprintf(label, sizeof label, "header line %d (%s)", k + 1, what[k]);
    if ((st = eco__field_number(L, err, f[0], label, lo[k], hi[k], val)) != ECO_OK)
        return st;
    if ((k == 0 || k == 1 || k == 4) && *val <= 0)
        return eco__line_error(L, err, ECO_EINPUT, "%s: expected a positive number", label);
    if (k == 2 && *val != floor(*val))
        return eco__line_error(L, err, ECO_EINPUT, "%s: expected an integer", label);
    return ECO_OK;
}

static eco_status parse_row(eco__lines *L, eco_error *err, char *line, krow *r)
{
    eco_status st;
    char *f[9];
    int k = eco__split(line, f, 9);
    if (k != 8)
        return eco__line_error(L, err, ECO_EINPUT,
                               "expected 8 columns (Stop_ID X Y Early_St_Time Late_St_Time Service_Time Load "
                               "Stop_Type), got %d", k);
    if (strlen(f[0]) > MAX_ID_LEN)
        return eco__line_error(L, err, ECO_EINPUT, "Stop_ID longer than %d characters", MAX_ID_LEN);
    for (const char *p = f[0]; *p; p++)
        if ((unsigned char)*p < 0x21 || (unsigned char)*p == 0x7f) {
            char q[96];
            return eco__line_error(L, err, ECO_EINPUT, "Stop_ID \"%s\" has a control character",
                                   eco__quote(f[0], q, sizeof q));
        }
    long long type;
    double service, load;
    if ((st = eco__field_int(L, err, f[7], "Stop_Type (0 depot, 1 stop, 2 disposal)", 0, 2, &type)) != ECO_OK ||
        (st = eco__field_number(L, err, f[1], "X (feet)", -MAX_COORD, MAX_COORD, &r->x)) != ECO_OK ||
        (st = eco__field_number(L, err, f[2], "Y (feet)", -MAX_COORD, MAX_COORD, &r->y)) != ECO_OK ||
        (st = hhmm(L, err, f[3], "Early_St_Time (HHMM)", false, &r->open)) != ECO_OK ||
        (st = hhmm(L, err, f[4], "Late_St_Time (HHMM)", true, &r->close)) != ECO_OK ||
        (st = eco__field_number(L, err, f[5], "Service_Time (s)", 0, 86400, &service)) != ECO_OK)
        return st;
    /* the depot and the facilities carry a dummy load (9999): checked, not used */
    if ((st = eco__field_number(L, err, f[6], "Load (yd3)", 0, type == 1 ? MAX_YD3 : 1e12, &load)) != ECO_OK)
        return st;
    if (r->close < r->open)
        return eco__line_error(L, err, ECO_EINPUT, "Late_St_Time %s is before Early_St_Time %s", f[4], f[3]);
    r->type = (int)type;
    r->service = llround(service);
    r->load = type == 1 ? llround(load * 1000.0) : 0;
    r->line = L->line_no;
    r->id = eco__strdup(f[0]);
    if (!r->id)
        return eco__line_error(L, err, ECO_EINTERNAL, "out of memory");
    return ECO_OK;
}

eco_status eco__read_kim(const char *data, size_t len, const char *name, const eco_load_options *opt,
                         eco_instance **out, eco_error *err)
{
    eco_load_options defaults = {.format = ECO_FORMAT_KIM, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    eco__lines L;
    eco_status st = ECO_OK;
    eco_instance *inst = NULL;
    krow *rows = NULL;
    int n_rows = 0, cap_rows = 0;
    krow **byid = NULL;
    double hv[5];
    char *line;
    *out = NULL;
    if (!opt)
        opt = &defaults;
    if (!name)
        name = "<input>";
    eco__lines_init(&L, data, len, name);

    for (int k = 0; k < 5; k++)
        if ((st = parse_header(&L, err, k, &hv[k])) != ECO_OK)
            goto out;
    /* line 6: the column header, skipped; it must not be a data row */
    do {
        if ((st = eco__lines_next(&L, &line, err)) != ECO_OK)
            goto out;
    } while (line && eco__blank(line));
    if (!line) {
        st = eco__line_error(&L, err, ECO_EINPUT, "truncated file: the column header and the rows are missing");
        goto out;
    }
    {
        char *f[1];
        double v;
        if (eco__split(line, f, 1) >= 1 && eco__parse_number(f[0], INFINITY, &v)) {
            st = eco__line_error(&L, err, ECO_EINPUT,
                                 "expected the column header line (Stop_ID X(feet) Y(feet) ...), got a data row");
            goto out;
        }
    }
    for (;;) {
        if ((st = eco__lines_next(&L, &line, err)) != ECO_OK)
            goto out;
        if (!line)
            break;
        if (eco__blank(line))
            continue;
        if (n_rows == cap_rows) {
            if (n_rows >= MAX_ROWS) {
                st = eco__line_error(&L, err, ECO_EINPUT, "more than %d rows", MAX_ROWS);
                goto out;
            }
            int cap = cap_rows ? 2 * cap_rows : 256;
            krow *nr = realloc(rows, (size_t)cap * sizeof *nr);
            if (!nr) {
                st = eco__line_error(&L, err, ECO_EINTERNAL, "out of memory");
                goto out;
            }
            rows = nr;
            cap_rows = cap;
        }
        memset(&rows[n_rows], 0, sizeof rows[n_rows]);
        if ((st = parse_row(&L, err, line, &rows[n_rows])) != ECO_OK)
            goto out;
        n_rows++;
    }

    int64_t cap = llround(hv[0] * 1000.0), day = llround(hv[1] * 1000.0);
    for (int i = 0; i < n_rows; i++)
        if (rows[i].type == 1 && (rows[i].load > cap || rows[i].load > day)) {
            st = eco__line_error_at(name, rows[i].line, err, ECO_EINPUT,
                                    "Load %.10g yd3 is more than any vehicle can take (%s %.10g yd3)", rows[i].load / 1000.0,
                                    rows[i].load > cap ? "vehicle capacity" : "route capacity per day",
                                    (rows[i].load > cap ? cap : day) / 1000.0);
            goto out;
        }
    /* one depot, some facilities, some boxes, unique ids */
    int depot = -1, n_fac = 0, n_box = 0;
    for (int i = 0; i < n_rows; i++) {
        if (rows[i].type == 0) {
            if (depot >= 0) {
                st = eco__line_error_at(name, rows[i].line, err, ECO_EINPUT,
                                        "a second depot row (Stop_Type 0; the first is on line %d)", rows[depot].line);
                goto out;
            }
            depot = i;
        }
        n_fac += rows[i].type == 2;
        n_box += rows[i].type == 1;
    }
    if (depot < 0 || n_fac == 0 || n_box == 0) {
        st = eco__line_error(&L, err, ECO_EINPUT, "no %s row (Stop_Type %d) in the file",
                             depot < 0 ? "depot" : n_fac == 0 ? "disposal facility" : "regular stop",
                             depot < 0 ? 0 : n_fac == 0 ? 2 : 1);
        goto out;
    }
    byid = malloc((size_t)n_rows * sizeof *byid);
    if (!byid) {
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
        goto out;
    }
    for (int i = 0; i < n_rows; i++)
        byid[i] = &rows[i];
    qsort(byid, (size_t)n_rows, sizeof *byid, cmp_row_id);
    for (int k = 1; k < n_rows; k++)
        if (strcmp(byid[k]->id, byid[k - 1]->id) == 0) {
            char q[96];
            st = eco__line_error_at(name, byid[k]->line, err, ECO_EINPUT, "Stop_ID \"%s\" listed twice (also line %d)",
                                    eco__quote(byid[k]->id, q, sizeof q), byid[k - 1]->line);
            goto out;
        }

    /* build */
    {
        char *base = eco__base_name(name);
        inst = base ? eco__instance_new(ECO_FORMAT_KIM, base) : NULL;
        free(base);
    }
    if (!inst) {
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
        goto out;
    }
    inst->coord_kind = ECO_COORD_PLANAR;
    inst->travel.kind = ECO_TRAVEL_PLANAR;
    inst->travel.metric = ECO_METRIC_MANHATTAN;
    inst->travel.rounding = opt->rounding == ECO_ROUND_DEFAULT ? ECO_ROUND_NINT : opt->rounding;
    inst->travel.speed_units_per_time = hv[4] * 5280.0 / 3600.0; /* feet per second */
    inst->dist_unit = 1.0 / eco__units_per_reported(inst->travel.rounding);
    inst->dist_unit_name = "ft";
    inst->time_unit = 1.0;
    inst->time_unit_name = "s";
    inst->load_unit = 0.001;
    inst->load_unit_name = "yd3";
    inst->return_empty = true;
    if (eco__instance_material(inst, "waste") != 0) {
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
        goto out;
    }
    inst->depots = calloc(1, sizeof *inst->depots);
    inst->facilities = calloc((size_t)n_fac, sizeof *inst->facilities);
    inst->boxes = calloc((size_t)n_box, sizeof *inst->boxes);
    if (!inst->depots || !inst->facilities || !inst->boxes) {
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
        goto out;
    }
    for (int i = 0; i < n_rows; i++) {
        krow *r = &rows[i];
        int loc = eco__instance_add_loc(inst, r->x, r->y);
        if (loc < 0) {
            st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
            goto out;
        }
        if (r->type == 0) {
            eco_depot *d = &inst->depots[inst->n_depots++];
            d->id = r->id;
            d->loc = loc;
            d->open = r->open;
            d->close = r->close;
        } else if (r->type == 2) {
            eco_facility *f = &inst->facilities[inst->n_facilities++];
            f->id = r->id;
            r->id = NULL; /* now owned by the instance */
            f->kind = eco__strdup("landfill");
            if (!f->kind) {
                st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
                goto out;
            }
            f->loc = loc;
            f->accepts = 1u;
            f->unload_time = r->service;
            f->open = r->open;
            f->close = r->close == ECO_TIME_INF ? ECO_TIME_INF : r->close + r->service;
        } else {
            eco_box *b = &inst->boxes[inst->n_boxes++];
            eco__box_defaults(b);
            b->id = r->id;
            b->loc = loc;
            b->material = 0;
            b->demand = r->load;
            b->service = r->service;
            b->tw_open = r->open;
            b->tw_close = r->close;
            char *end = NULL;
            long long num = strtoll(r->id, &end, 10);
            b->file_id = end && *end == '\0' && num >= 0 && num <= INT32_MAX ? (int)num : -1;
        }
        r->id = NULL; /* now owned by the instance */
    }

    const eco_depot *d = &inst->depots[0];
    eco_vehicle v;
    memset(&v, 0, sizeof v);
    for (int m = 0; m < ECO_MAX_MATERIALS; m++)
        v.cap[m] = ECO_TIME_INF;
    v.cap_total = cap;
    v.materials = 1u;
    v.shift_start = d->open;
    v.shift_end = d->close;
    v.max_duration = ECO_TIME_INF;
    v.max_distance = ECO_TIME_INF;
    v.fixed_cost = KIM_VEHICLE_COST;
    v.cost_per_dist = 0;
    v.cost_per_time = 1; /* per second of route duration */
    v.has_break = hv[3] > 0;
    v.break_duration = llround(hv[3]);
    v.break_start_min = LUNCH_MIN;
    v.break_start_max = LUNCH_MAX;
    v.max_stops = (int)hv[2];
    v.max_day_load = day;
    if ((st = eco__add_vehicle_copies(inst, &v, inst->n_boxes, err)) != ECO_OK)
        goto out;
    inst->unlimited_fleet = true;

    if ((st = eco__instance_build_travel(inst, err)) != ECO_OK)
        goto out;
    if ((st = eco__instance_validate(inst, err)) != ECO_OK)
        goto out;
    *out = inst;
    inst = NULL;
out:
    eco_instance_destroy(inst);
    eco__lines_free(&L);
    for (int i = 0; i < n_rows; i++)
        free(rows[i].id);
    free(rows);
    free(byid);
    return st;
}
