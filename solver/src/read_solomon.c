/*
 * read_solomon.c - reader for Solomon's VRPTW text format, also used by the
 * Gehring & Homberger instances:
 *
 *     C101
 *
 *     VEHICLE
 *     NUMBER     CAPACITY
 *       25         200
 *
 *     CUSTOMER
 *     CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
 *
 *         0      40         50          0          0       1236          0
 *         1      45         68         10        912        967         90
 *
 * Blank lines may appear anywhere. The first data row is the depot; its due
 * date is the horizon (depot closing time and shift end).
 *
 * Units. Time equals distance (one internal unit for both) and follows the
 * rounding convention (opt->rounding, trunc1 by default): the internal unit is
 * 0.1 for trunc1, 1 for nint, 1e-4 for exact. Service times and time windows
 * are converted to that unit (x 10 for trunc1) and rounded to the nearest.
 * Loads count as given (unit 1). The cost is the distance in reported units.
 *
 * Numbering. A box's id string and file_id are its CUST NO., which is also how
 * Solomon .sol files number customers. The depot's id is its CUST NO. too.
 *
 * Fleet. opt->limit_fleet = 1 (the default): NUMBER vehicles "1".."NUMBER";
 * 0: an unlimited fleet (n_boxes vehicles, unlimited_fleet set).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read_util.h"

#define MAX_ROWS 100000   /* customers + depot */
#define MAX_COORD 1e9
#define MAX_LOAD 1e12
#define MAX_TIME 1e9      /* reported units */
#define MAX_NAME_LEN 256  /* first line, bytes */

typedef struct row {
    int cust;             /* CUST NO. */
    int line;             /* line in the file */
    double x, y;
    long long demand;
    double ready, due, service;
} row;

static int cmp_row_cust(const void *a, const void *b)
{
    const row *p = a, *q = b;
    if (p->cust != q->cust)
        return p->cust < q->cust ? -1 : 1;
    return p->line < q->line ? -1 : p->line > q->line;
}

/* next line that is not blank, or NULL at the end */
static eco_status next_nonblank(eco__lines *L, char **line, eco_error *err)
{
    eco_status st;
    do {
        if ((st = eco__lines_next(L, line, err)) != ECO_OK)
            return st;
    } while (*line && eco__blank(*line));
    return ECO_OK;
}

static bool first_word_is(const char *line, const char *word)
{
    line += strspn(line, " \t\v\f");
    size_t n = strlen(word);
    return strncasecmp(line, word, n) == 0 && (line[n] == '\0' || strchr(" \t\r\v\f.", line[n]));
}

static eco_status parse_row(eco__lines *L, eco_error *err, char *line, row *r)
{
    eco_status st;
    char *f[8];
    int k = eco__split(line, f, 8);
    if (k != 7)
        return eco__line_error(L, err, ECO_EINPUT,
                               "expected 7 columns (CUST NO., XCOORD., YCOORD., DEMAND, READY TIME, DUE DATE, "
                               "SERVICE TIME), got %d", k);
    long long cust;
    if ((st = eco__field_int(L, err, f[0], "CUST NO.", 0, INT32_MAX, &cust)) != ECO_OK ||
        (st = eco__field_number(L, err, f[1], "XCOORD.", -MAX_COORD, MAX_COORD, &r->x)) != ECO_OK ||
        (st = eco__field_number(L, err, f[2], "YCOORD.", -MAX_COORD, MAX_COORD, &r->y)) != ECO_OK ||
        (st = eco__field_int(L, err, f[3], "DEMAND", 0, (long long)MAX_LOAD, &r->demand)) != ECO_OK ||
        (st = eco__field_number(L, err, f[4], "READY TIME", 0, MAX_TIME, &r->ready)) != ECO_OK ||
        (st = eco__field_number(L, err, f[5], "DUE DATE", 0, MAX_TIME, &r->due)) != ECO_OK ||
        (st = eco__field_number(L, err, f[6], "SERVICE TIME", 0, MAX_TIME, &r->service)) != ECO_OK)
        return st;
    if (r->due < r->ready)
        return eco__line_error(L, err, ECO_EINPUT, "DUE DATE %.10g is before READY TIME %.10g", r->due, r->ready);
    r->cust = (int)cust;
    r->line = L->line_no;
    return ECO_OK;
}

eco_status eco__read_solomon(const char *data, size_t len, const char *name, const eco_load_options *opt,
                             eco_instance **out, eco_error *err)
{
    eco_load_options defaults = {.format = ECO_FORMAT_SOLOMON, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    eco__lines L;
    eco_status st = ECO_OK;
    eco_instance *inst = NULL;
    row *rows = NULL, *sorted = NULL;
    int n_rows = 0, cap_rows = 0;
    char *title = NULL, *line;
    *out = NULL;
    if (!opt)
        opt = &defaults;
    if (!name)
        name = "<input>";
    eco__lines_init(&L, data, len, name);

    /* name line, then VEHICLE */
    if ((st = next_nonblank(&L, &line, err)) != ECO_OK)
        goto out;
    if (!line) {
        st = eco__line_error(&L, err, ECO_EINPUT, "empty input: expected a Solomon VRPTW file");
        goto out;
    }
    if (!first_word_is(line, "VEHICLE")) {
        if (strlen(eco__trim(line)) > MAX_NAME_LEN) {
            st = eco__line_error(&L, err, ECO_EINPUT, "instance name longer than %d characters", MAX_NAME_LEN);
            goto out;
        }
        title = eco__strdup(eco__trim(line));
        if (!title) {
            st = eco__line_error(&L, err, ECO_EINTERNAL, "out of memory");
            goto out;
        }
        if ((st = next_nonblank(&L, &line, err)) != ECO_OK)
            goto out;
    }
    if (!line || !first_word_is(line, "VEHICLE")) {
        st = eco__line_error(&L, err, ECO_EINPUT, "expected the line \"VEHICLE\"%s",
                             line ? "" : ", got the end of the file");
        goto out;
    }
    /* NUMBER CAPACITY, then the two numbers */
    if ((st = next_nonblank(&L, &line, err)) != ECO_OK)
        goto out;
    if (line && first_word_is(line, "NUMBER") && (st = next_nonblank(&L, &line, err)) != ECO_OK)
        goto out;
    if (!line) {
        st = eco__line_error(&L, err, ECO_EINPUT, "truncated file: expected the vehicle NUMBER and CAPACITY");
        goto out;
    }
    long long n_vehicles, capacity;
    {
        char *f[3];
        int k = eco__split(line, f, 3);
        if (k != 2) {
            st = eco__line_error(&L, err, ECO_EINPUT, "expected 2 columns (vehicle NUMBER, CAPACITY), got %d", k);
            goto out;
        }
        if ((st = eco__field_int(&L, err, f[0], "vehicle NUMBER", 1, MAX_ROWS, &n_vehicles)) != ECO_OK ||
            (st = eco__field_int(&L, err, f[1], "CAPACITY", 0, (long long)MAX_LOAD, &capacity)) != ECO_OK)
            goto out;
    }
    /* CUSTOMER, then the column header */
    if ((st = next_nonblank(&L, &line, err)) != ECO_OK)
        goto out;
    if (!line || !first_word_is(line, "CUSTOMER")) {
        st = eco__line_error(&L, err, ECO_EINPUT, "expected the line \"CUSTOMER\"%s",
                             line ? "" : ", got the end of the file");
        goto out;
    }
    if ((st = next_nonblank(&L, &line, err)) != ECO_OK)
        goto out;
    if (line && first_word_is(line, "CUST") && (st = next_nonblank(&L, &line, err)) != ECO_OK)
        goto out;

    /* data rows: the first is the depot */
    for (; line; st = next_nonblank(&L, &line, err)) {
        if (st != ECO_OK)
            goto out;
        if (n_rows == cap_rows) {
            if (n_rows >= MAX_ROWS) {
                st = eco__line_error(&L, err, ECO_EINPUT, "more than %d customers", MAX_ROWS - 1);
                goto out;
            }
            int cap = cap_rows ? 2 * cap_rows : 256;
            row *nr = realloc(rows, (size_t)cap * sizeof *nr);
            if (!nr) {
                st = eco__line_error(&L, err, ECO_EINTERNAL, "out of memory");
                goto out;
            }
            rows = nr;
            cap_rows = cap;
        }
        if ((st = parse_row(&L, err, line, &rows[n_rows])) != ECO_OK)
            goto out;
        n_rows++;
    }
    if (st != ECO_OK)
        goto out;
    if (n_rows == 0) {
        st = eco__line_error(&L, err, ECO_EINPUT, "truncated file: no depot row after the CUSTOMER header");
        goto out;
    }
    if (n_rows == 1) {
        st = eco__line_error(&L, err, ECO_EINPUT, "truncated file: no customer rows after the depot");
        goto out;
    }
    const row *dep = &rows[0];
    if (dep->demand != 0) {
        st = eco__line_error_at(name, dep->line, err, ECO_EINPUT,
                                "the depot (first row, CUST NO. %d) has DEMAND %lld; expected 0", dep->cust,
                                dep->demand);
        goto out;
    }
    for (int i = 1; i < n_rows; i++)
        if (rows[i].demand > capacity) {
            st = eco__line_error_at(name, rows[i].line, err, ECO_EINPUT,
                                    "CUST NO. %d: DEMAND %lld is more than any vehicle can take (CAPACITY %lld)", rows[i].cust,
                                    rows[i].demand, capacity);
            goto out;
        }
    /* duplicate customer numbers */
    sorted = malloc((size_t)n_rows * sizeof *sorted);
    if (!sorted) {
        st = eco__line_error(&L, err, ECO_EINTERNAL, "out of memory");
        goto out;
    }
    memcpy(sorted, rows, (size_t)n_rows * sizeof *sorted);
    qsort(sorted, (size_t)n_rows, sizeof *sorted, cmp_row_cust);
    for (int i = 1; i < n_rows; i++)
        if (sorted[i].cust == sorted[i - 1].cust) {
            st = eco__line_error_at(name, sorted[i].line, err, ECO_EINPUT, "CUST NO. %d listed twice (also line %d)",
                                    sorted[i].cust, sorted[i - 1].line);
            goto out;
        }

    /* build */
    inst = eco__instance_new(ECO_FORMAT_SOLOMON, title && *title ? title : name);
    if (!inst) {
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
        goto out;
    }
    if (!(title && *title)) {
        char *t = eco__base_name(name);
        if (!t) {
            st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
            goto out;
        }
        free(inst->name);
        inst->name = t;
    }
    eco_rounding rounding = opt->rounding == ECO_ROUND_DEFAULT ? ECO_ROUND_TRUNC1 : opt->rounding;
    double upr = eco__units_per_reported(rounding);
    inst->coord_kind = ECO_COORD_PLANAR;
    inst->dist_unit = inst->time_unit = 1.0 / upr; /* time equals distance */
    inst->load_unit = 1.0;
    inst->travel.kind = ECO_TRAVEL_PLANAR;
    inst->travel.metric = ECO_METRIC_EUCLID;
    inst->travel.rounding = rounding;
    inst->travel.speed_units_per_time = 0;
    if (eco__instance_material(inst, "mixed") != 0) {
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
        goto out;
    }
    for (int i = 0; i < n_rows; i++)
        if (eco__instance_add_loc(inst, rows[i].x, rows[i].y) < 0) {
            st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
            goto out;
        }
    char id[24];
    inst->depots = calloc(1, sizeof *inst->depots);
    snprintf(id, sizeof id, "%d", dep->cust);
    if (!inst->depots || !(inst->depots[0].id = eco__strdup(id))) {
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
        goto out;
    }
    inst->n_depots = 1;
    inst->depots[0].loc = 0;
    inst->depots[0].open = llround(dep->ready * upr);
    inst->depots[0].close = llround(dep->due * upr);

    inst->boxes = calloc((size_t)n_rows - 1, sizeof *inst->boxes);
    if (!inst->boxes) {
        st = eco__error(err, ECO_EINTERNAL, name, "out of memory for %d boxes", n_rows - 1);
        goto out;
    }
    for (int i = 1; i < n_rows; i++) {
        const row *r = &rows[i];
        eco_box *b = &inst->boxes[inst->n_boxes];
        eco__box_defaults(b);
        snprintf(id, sizeof id, "%d", r->cust);
        if (!(b->id = eco__strdup(id))) {
            st = eco__error(err, ECO_EINTERNAL, name, "out of memory");
            goto out;
        }
        inst->n_boxes++;
        b->loc = i;
        b->material = 0;
        b->demand = r->demand;
        b->service = llround(r->service * upr);
        b->tw_open = llround(r->ready * upr);
        b->tw_close = llround(r->due * upr);
        b->file_id = r->cust;
    }

    eco_vehicle v;
    memset(&v, 0, sizeof v);
    for (int m = 0; m < ECO_MAX_MATERIALS; m++)
        v.cap[m] = ECO_TIME_INF;
    v.cap_total = capacity;
    v.materials = 1u;
    v.shift_start = inst->depots[0].open;
    v.shift_end = inst->depots[0].close;
    v.max_duration = ECO_TIME_INF;
    v.max_distance = ECO_TIME_INF;
    v.cost_per_dist = inst->dist_unit; /* the cost is the distance in reported units */
    v.max_stops = INT32_MAX;
    v.max_day_load = ECO_TIME_INF;
    bool limited = opt->limit_fleet != 0;
    if ((st = eco__add_vehicle_copies(inst, &v, limited ? (int)n_vehicles : inst->n_boxes, err)) != ECO_OK)
        goto out;
    inst->unlimited_fleet = !limited;

    if ((st = eco__instance_build_travel(inst, err)) != ECO_OK)
        goto out;
    if ((st = eco__instance_validate(inst, err)) != ECO_OK)
        goto out;
    *out = inst;
    inst = NULL;
out:
    eco_instance_destroy(inst);
    eco__lines_free(&L);
    free(title);
    free(rows);
    free(sorted);
    return st;
}
