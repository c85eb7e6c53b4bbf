/*
 * out_common.c - helpers shared by the planner-facing writers: the stop walk
 * (trip numbers, where a break happens, what an unload empties), per-route
 * figures, formatting in the instance's units, CSV quoting, XML escaping and
 * the route palette. See out_common.h.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "osrm.h"
#include "out_common.h"

eco_status eco__out_scheduled(const eco_instance *inst, const eco_solution *sol, const eco_solution **use,
                              eco_solution **owned, eco_error *err)
{
    *owned = NULL;
    *use = sol;
    int used = 0;
    for (int r = 0; r < sol->n_routes; r++)
        used += eco__out_route_used(&sol->routes[r]);
    /* eco__solution_finish counts the used routes and the unassigned boxes:
     * a solution read from a file has an empty summary */
    if (sol->summary.routes == used && sol->summary.unassigned == sol->n_unassigned)
        return ECO_OK;
    eco_solution *copy = eco__solution_clone(sol);
    if (!copy)
        return eco__error(err, ECO_EINTERNAL, "output", "out of memory while scheduling the solution");
    eco__solution_finish(inst, copy);
    *owned = copy;
    *use = copy;
    return ECO_OK;
}

bool eco__out_loc_known(const eco_instance *inst, int loc)
{
    if (loc < 0 || loc >= inst->n_locs)
        return false;
    double x = inst->loc_x[loc], y = inst->loc_y[loc];
    if (!isfinite(x) || !isfinite(y))
        return false;
    /* matrix instances given without locations hold [0, 0] placeholders */
    return !(inst->travel.kind == ECO_TRAVEL_MATRIX && x == 0.0 && y == 0.0);
}

static bool any_loc_known(const eco_instance *inst)
{
    for (int i = 0; i < inst->n_locs; i++)
        if (eco__out_loc_known(inst, i))
            return true;
    return false;
}

eco_status eco_output_check(const eco_instance *inst, eco_output_kind kind, eco_error *err)
{
    const char *fmt = eco_format_name(inst->format);
    switch (kind) {
    case ECO_OUTPUT_GEOJSON:
        if (inst->coord_kind != ECO_COORD_GEO)
            return eco__error(err, ECO_EINPUT, "--format geojson",
                              "GeoJSON needs [lon, lat] locations; this %s instance has planar x, y "
                              "(a map can still be drawn with --map FILE.svg or FILE.html)",
                              fmt);
        if (!any_loc_known(inst))
            return eco__error(err, ECO_EINPUT, "--format geojson",
                              "the instance has no locations (travel matrix without \"location\" fields)");
        return ECO_OK;
    case ECO_OUTPUT_MAP:
        if (!any_loc_known(inst))
            return eco__error(err, ECO_EINPUT, "--map",
                              "the instance has no coordinates to draw (travel matrix without locations)");
        return ECO_OK;
    case ECO_OUTPUT_CSV:
    case ECO_OUTPUT_SUMMARY:
        return ECO_OK;
    }
    return eco__error(err, ECO_EINPUT, "output", "unknown output kind %d", (int)kind);
}

void eco_output_options_init(eco_output_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->summary_max_listed = 5;
    opt->summary_max_vehicles = 20;
}

/* ---- the stop walk ---- */

void eco__out_walk_begin(eco_out_walk *w, const eco_instance *inst, const eco_route *r)
{
    memset(w, 0, sizeof *w);
    w->inst = inst;
    w->r = r;
    w->k = -1;
    w->trip = 1;
    w->last_pickup = -1;
    for (int k = 0; k < r->n_steps; k++)
        if (r->steps[k].type == ECO_STEP_PICKUP)
            w->last_pickup = k;
    w->loc = inst->depots[inst->vehicles[r->vehicle].start_depot].loc;
}

bool eco__out_walk_next(eco_out_walk *w)
{
    const eco_instance *inst = w->inst;
    const eco_route *r = w->r;
    const eco_vehicle *v = &inst->vehicles[r->vehicle];
    eco_out_stop *s = &w->stop;
    if (w->k > r->n_steps)
        return false;
    memset(s, 0, sizeof *s);
    s->seq = w->k + 1;
    s->trip = w->trip;
    if (w->k < 0 || w->k == r->n_steps) {
        bool start = w->k < 0;
        const eco_depot *d = &inst->depots[start ? v->start_depot : v->end_depot];
        s->type = start ? ECO_STEP_START : ECO_STEP_END;
        s->ref = start ? v->start_depot : v->end_depot;
        s->loc = d->loc;
        s->id = d->id;
        s->arrival = s->start = s->departure = start ? eco__route_departure(r) : r->end_arrival;
        s->load = start || r->n_steps == 0 ? 0 : r->steps[r->n_steps - 1].load;
        s->leg_dist = start ? 0 : eco__dist(inst, w->loc, s->loc);
        s->ends_trip = !start;
    } else {
        const eco_step *st = &r->steps[w->k];
        s->type = st->type;
        s->ref = st->ref;
        s->arrival = st->arrival;
        s->start = st->start;
        s->departure = st->departure;
        s->load = st->load;
        if (st->type == ECO_STEP_PICKUP) {
            const eco_box *b = &inst->boxes[st->ref];
            s->loc = b->loc;
            s->id = b->id;
            s->amount = b->demand;
            w->onboard[b->material] += b->demand;
        } else if (st->type == ECO_STEP_UNLOAD) {
            const eco_facility *f = &inst->facilities[st->ref];
            s->loc = f->loc;
            s->id = f->id;
            for (int m = 0; m < inst->n_materials; m++)
                if (f->accepts & (1u << m)) {
                    s->unloaded[m] = w->onboard[m];
                    s->amount += w->onboard[m];
                    w->onboard[m] = 0;
                }
            s->ends_trip = w->k < w->last_pickup;
        } else { /* a break is taken where the vehicle is */
            s->loc = w->loc;
            s->id = "";
            s->ref = -1;
        }
        s->leg_dist = eco__dist(inst, w->loc, s->loc);
    }
    if (s->type == ECO_STEP_UNLOAD && s->ends_trip)
        w->trip++;
    w->loc = s->loc;
    w->k++;
    return true;
}

void eco__out_route_figures(const eco_instance *inst, const eco_route *r, eco_out_route *out)
{
    memset(out, 0, sizeof *out);
    eco_out_walk w;
    eco__out_walk_begin(&w, inst, r);
    while (eco__out_walk_next(&w)) {
        const eco_out_stop *s = &w.stop;
        switch (s->type) {
        case ECO_STEP_START: out->depart = s->departure; break;
        case ECO_STEP_END:
            out->end = s->arrival;
            out->trips = s->trip;
            break;
        case ECO_STEP_PICKUP:
            out->stops++;
            out->collected += s->amount;
            out->per_material[inst->boxes[s->ref].material] += s->amount;
            break;
        case ECO_STEP_UNLOAD: out->unloads++; break;
        case ECO_STEP_BREAK: out->breaks++; break;
        }
        if (s->load > out->peak_load)
            out->peak_load = s->load;
    }
}

/* ---- road geometry ---- */

void eco__out_road_free(eco_out_road *road)
{
    free(road->lon);
    free(road->lat);
    free(road->at);
    memset(road, 0, sizeof *road);
}

eco_status eco__out_road(const eco_instance *inst, const eco_route *r, eco_out_road *road, eco_error *err)
{
    memset(road, 0, sizeof *road);
    if (!r->geometry || inst->coord_kind != ECO_COORD_GEO)
        return ECO_OK;
    int n = 0;
    double *lon = NULL, *lat = NULL;
    eco_status st = eco__polyline6_decode(r->geometry, &n, &lon, &lat);
    if (st == ECO_EINTERNAL) {
        free(lon);
        free(lat);
        return eco__error(err, ECO_EINTERNAL, "geometry", "out of memory");
    }
    const int S = r->n_steps + 2;
    if (st != ECO_OK || n < 2 || (long)S * n > ECO_OUT_ROAD_MAX) {
        free(lon);
        free(lat);
        return ECO_OK; /* unusable: straight lines */
    }
    /* stop positions in walk order */
    double *sx = malloc((size_t)S * sizeof *sx), *sy = malloc((size_t)S * sizeof *sy);
    double *prev = malloc((size_t)n * sizeof *prev), *cur = malloc((size_t)n * sizeof *cur);
    int *pm = malloc((size_t)S * (size_t)n * sizeof *pm); /* pm[i n + j]: best j' <= j for stop i - 1 */
    int *at = malloc((size_t)S * sizeof *at);
    if (!sx || !sy || !prev || !cur || !pm || !at) {
        st = eco__error(err, ECO_EINTERNAL, "geometry", "out of memory");
        goto out;
    }
    eco_out_walk w;
    eco__out_walk_begin(&w, inst, r);
    int k = 0;
    while (eco__out_walk_next(&w) && k < S) {
        sx[k] = inst->loc_x[w.stop.loc];
        sy[k] = inst->loc_y[w.stop.loc];
        k++;
    }
    double kx = cos(sy[0] * M_PI / 180.0);
    /* cost of matching stop i to point j given the best matching of the
     * stops before it to points <= j */
    for (int j = 0; j < n; j++) {
        double dx = (lon[j] - sx[0]) * kx, dy = lat[j] - sy[0];
        prev[j] = dx * dx + dy * dy;
    }
    for (int i = 1; i < S; i++) {
        int best = 0;
        int *row = pm + (size_t)i * (size_t)n;
        for (int j = 0; j < n; j++) {
            if (prev[j] < prev[best])
                best = j;
            row[j] = best;
            double dx = (lon[j] - sx[i]) * kx, dy = lat[j] - sy[i];
            cur[j] = prev[best] + dx * dx + dy * dy;
        }
        double *t = prev;
        prev = cur;
        cur = t;
    }
    int j = 0;
    for (int q = 1; q < n; q++)
        if (prev[q] < prev[j])
            j = q;
    for (int i = S - 1; i >= 0; i--) {
        at[i] = j;
        if (i > 0)
            j = pm[(size_t)i * (size_t)n + (size_t)j];
    }
    road->n = n;
    road->lon = lon;
    road->lat = lat;
    road->at = at;
    lon = lat = NULL;
    at = NULL;
out:
    free(lon);
    free(lat);
    free(sx);
    free(sy);
    free(prev);
    free(cur);
    free(pm);
    free(at);
    return st;
}

/* ---- formatting ---- */

const char *eco__out_num(char *buf, size_t n, double v, int decimals)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "%s", "");
        return buf;
    }
    double p = pow(10.0, decimals);
    v = round(v * p) / p;
    if (v == 0.0)
        v = 0.0; /* no "-0" */
    snprintf(buf, n, "%.*f", decimals, v);
    if (decimals > 0 && strchr(buf, '.')) {
        char *e = buf + strlen(buf) - 1;
        while (*e == '0')
            *e-- = '\0';
        if (*e == '.')
            *e = '\0';
    }
    return buf;
}

bool eco__out_seconds(const eco_instance *inst)
{
    return inst->time_unit == 1.0 && inst->time_unit_name && strcmp(inst->time_unit_name, "s") == 0;
}

const char *eco__out_clock(char *buf, size_t n, const eco_instance *inst, int64_t t)
{
    if (!eco__out_seconds(inst))
        return eco__out_num(buf, n, (double)t * inst->time_unit, 2);
    const char *sign = t < 0 ? "-" : "";
    int64_t a = t < 0 ? -t : t;
    snprintf(buf, n, "%s%02lld:%02lld:%02lld", sign, (long long)(a / 3600), (long long)(a / 60 % 60),
             (long long)(a % 60));
    return buf;
}

const char *eco__out_hms(char *buf, size_t n, const eco_instance *inst, int64_t d)
{
    if (!eco__out_seconds(inst))
        return eco__out_num(buf, n, (double)d * inst->time_unit, 2);
    const char *sign = d < 0 ? "-" : "";
    int64_t a = d < 0 ? -d : d;
    snprintf(buf, n, "%s%lld:%02lld:%02lld", sign, (long long)(a / 3600), (long long)(a / 60 % 60),
             (long long)(a % 60));
    return buf;
}

const char *eco__out_span(char *buf, size_t n, const eco_instance *inst, int64_t d)
{
    if (!eco__out_seconds(inst))
        return eco__out_num(buf, n, (double)d * inst->time_unit, 2);
    if (d < 0)
        d = 0;
    if (d < 60) {
        snprintf(buf, n, "%llds", (long long)d);
        return buf;
    }
    int64_t m = (d + 30) / 60;
    if (m < 60)
        snprintf(buf, n, "%lldm", (long long)m);
    else
        snprintf(buf, n, "%lldh%02lldm", (long long)(m / 60), (long long)(m % 60));
    return buf;
}

const char *eco__out_dist(char *buf, size_t n, const eco_instance *inst, int64_t d)
{
    double v = (double)d * inst->dist_unit;
    const char *u = inst->dist_unit_name ? inst->dist_unit_name : "unit";
    char num[64];
    if (strcmp(u, "m") == 0) {
        if (fabs(v) >= 1000.0)
            snprintf(buf, n, "%s km", eco__out_num(num, sizeof num, v / 1000.0, 1));
        else
            snprintf(buf, n, "%s m", eco__out_num(num, sizeof num, v, 0));
    } else if (strcmp(u, "unit") == 0) {
        snprintf(buf, n, "%s", eco__out_num(num, sizeof num, v, 2));
    } else {
        snprintf(buf, n, "%s %s", eco__out_num(num, sizeof num, v, 1), u);
    }
    return buf;
}

const char *eco__out_load(char *buf, size_t n, const eco_instance *inst, int64_t l)
{
    double v = (double)l * inst->load_unit;
    const char *u = inst->load_unit_name ? inst->load_unit_name : "unit";
    char num[64];
    eco__out_num(num, sizeof num, v, fabs(v) >= 100 ? 0 : 1);
    if (strcmp(u, "unit") == 0)
        snprintf(buf, n, "%s", num);
    else
        snprintf(buf, n, "%s %s", num, u);
    return buf;
}

const char *eco__out_materials(char *buf, size_t n, const eco_instance *inst, uint32_t mask, const char *sep)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int m = 0; m < inst->n_materials; m++) {
        if (!(mask & (1u << m)))
            continue;
        int w = snprintf(buf + len, n - len, "%s%s", len ? sep : "", inst->material_names[m]);
        if (w < 0 || (size_t)w >= n - len)
            break; /* truncated: enough for a label */
        len += (size_t)w;
    }
    return buf;
}

const char *eco__out_need_name(eco_box_need need)
{
    switch (need) {
    case ECO_BOX_MANDATORY: return "mandatory";
    case ECO_BOX_OPTIONAL: return "optional";
    case ECO_BOX_SKIP: return "not_needed";
    }
    return "unknown";
}

/* ---- CSV ---- */

void eco__csv_field(FILE *f, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

void eco__csv_row(FILE *f, int n, const char *const *fields)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        eco__csv_field(f, fields[i]);
    }
    fputs("\r\n", f);
}

/* ---- XML ---- */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static int utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    int n;
    unsigned min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, min = 0x10000;
    else return 0;
    unsigned cp = c & (0x3F >> (n - 1));
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return n;
}

void eco__xml_text(FILE *f, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        switch (c) {
        case '&': fputs("&amp;", f); p++; continue;
        case '<': fputs("&lt;", f); p++; continue;
        case '>': fputs("&gt;", f); p++; continue;
        case '"': fputs("&quot;", f); p++; continue;
        case '\'': fputs("&#39;", f); p++; continue;
        case '\n': fputs("&#10;", f); p++; continue; /* kept in attributes too */
        case '\t': fputc('\t', f); p++; continue;
        default: break;
        }
        if (c < 0x20) {
            fputs("\xEF\xBF\xBD", f);
            p++;
            continue;
        }
        int n = utf8_len(p);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", f);
            p++;
            continue;
        }
        fwrite(p, 1, (size_t)n, f);
        p += n;
    }
}

/* ---- colours ---- */

static double hue_channel(double p, double q, double t)
{
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1.0 / 6) return p + (q - p) * 6 * t;
    if (t < 0.5) return q;
    if (t < 2.0 / 3) return p + (q - p) * (2.0 / 3 - t) * 6;
    return p;
}

void eco__out_color(int k, char out[8])
{
    /* hues spread by the golden angle so that neighbours in the list differ,
     * three lightness levels so that far routes with close hues still do */
    static const double light[3] = {0.40, 0.30, 0.52};
    double deg = fmod(210.0 + 137.50776 * k, 360.0);
    if (deg > 335.0 || deg < 15.0) /* red is kept for unassigned boxes */
        deg = fmod(deg + 40.0, 360.0);
    double h = deg / 360.0;
    double s = 0.75, l = light[k % 3];
    double q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
    int rgb[3];
    rgb[0] = (int)lround(255 * hue_channel(p, q, h + 1.0 / 3));
    rgb[1] = (int)lround(255 * hue_channel(p, q, h));
    rgb[2] = (int)lround(255 * hue_channel(p, q, h - 1.0 / 3));
    snprintf(out, 8, "#%02x%02x%02x", rgb[0] & 0xff, rgb[1] & 0xff, rgb[2] & 0xff);
}

eco_status eco__out_flush(FILE *f, const char *what, eco_error *err)
{
    if (fflush(f) != 0 || ferror(f))
        return eco__error(err, ECO_EINTERNAL, what, "write error");
    return ECO_OK;
}
