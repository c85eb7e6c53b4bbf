/*
 * out_map.c - the solution drawn for people: a self-contained HTML page (an
 * inline SVG map, a legend table, hover and click details, wheel zoom and
 * drag pan in a few lines of inline script; no network, no library) or the
 * same drawing as a standalone SVG with its legend inside and <title>
 * tooltips.
 *
 * Drawing: geographic instances use an equirectangular projection with x
 * scaled by cos(mean latitude), planar ones their x, y (y up). The longer side
 * of the data spans MAP_SIZE user units. Each route has its colour; every trip
 * is one <path class="trip">, every served box one <circle class="stop">.
 * Unassigned mandatory boxes are ringed in red, optional ones left out are
 * orange rings, boxes not needed today small grey dots. Depots are black
 * squares, facilities brown diamonds. Dot radius and line width shrink with
 * the square root of the number of boxes so that 100 and 5,000 boxes both
 * read well.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out_common.h"

#define MAP_SIZE 1000.0   /* user units of the longer side of the data */
#define MAP_MARGIN 28.0   /* user units around the data */
#define LEGEND_W 360.0    /* SVG variant: legend column width */
#define LEGEND_ROW 15.0   /* SVG variant: legend row height */
#define LEGEND_MAX_ROWS 60
#define FAC_VISITS_SHOWN 6

typedef struct proj {
    double kx;            /* cos(mean latitude) for geographic, else 1 */
    double minx, maxy;    /* projected bounds of the data */
    double scale;         /* user units per projected unit */
    double ox, oy;        /* offset of the data's corner in user units */
    double w, h;          /* size of the map area in user units */
    double unit_m;        /* metres per projected unit (geographic), else 0 */
} proj;

static void project(const proj *p, const eco_instance *inst, int loc, double *x, double *y)
{
    *x = p->ox + (inst->loc_x[loc] * p->kx - p->minx) * p->scale;
    *y = p->oy + (p->maxy - inst->loc_y[loc]) * p->scale;
}

static void proj_init(proj *p, const eco_instance *inst)
{
    const bool geo = inst->coord_kind == ECO_COORD_GEO;
    double lo_y = INFINITY, hi_y = -INFINITY;
    for (int i = 0; i < inst->n_locs; i++)
        if (eco__out_loc_known(inst, i)) {
            lo_y = fmin(lo_y, inst->loc_y[i]);
            hi_y = fmax(hi_y, inst->loc_y[i]);
        }
    p->kx = geo ? cos((lo_y + hi_y) / 2 * M_PI / 180.0) : 1.0;
    if (!(p->kx > 0.01))
        p->kx = 0.01;
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
    for (int i = 0; i < inst->n_locs; i++)
        if (eco__out_loc_known(inst, i)) {
            minx = fmin(minx, inst->loc_x[i] * p->kx);
            maxx = fmax(maxx, inst->loc_x[i] * p->kx);
            miny = fmin(miny, inst->loc_y[i]);
            maxy = fmax(maxy, inst->loc_y[i]);
        }
    double dx = maxx - minx, dy = maxy - miny;
    double span = fmax(dx, dy);
    if (!(span > 0))
        span = geo ? 0.01 : 1.0; /* a single point */
    p->scale = MAP_SIZE / span;
    double w = dx * p->scale, h = dy * p->scale;
    /* keep a usable shape for data along a line */
    double minside = MAP_SIZE * 0.4;
    p->w = fmax(w, minside) + 2 * MAP_MARGIN;
    p->h = fmax(h, minside) + 2 * MAP_MARGIN;
    p->ox = (p->w - w) / 2;
    p->oy = (p->h - h) / 2;
    p->minx = minx;
    p->maxy = maxy;
    p->unit_m = geo ? 111320.0 : 0.0; /* a degree of latitude; x is scaled to match */
}

/* Sizes that scale with the number of boxes. */
typedef struct sizes {
    double r;        /* stop radius, user units */
    double halo;     /* white ring around a stop, user units (0: none when dense) */
    double line;     /* route line width, screen pixels (non-scaling) */
    double mark;     /* half size of depot and facility markers */
    double font;     /* label font size */
} sizes;

static void sizes_init(sizes *s, int n_boxes)
{
    double q = sqrt(n_boxes > 1 ? (double)n_boxes : 1.0);
    s->r = fmin(5.0, fmax(1.8, 70.0 / q));
    s->line = fmin(2.6, fmax(1.0, 26.0 / q));
    s->halo = n_boxes > 1500 ? 0.0 : s->r * 0.3;
    s->mark = fmin(11.0, fmax(6.0, 3.0 * s->r));
    s->font = 12.0;
}

static void title(FILE *f, const char *text)
{
    fputs("<title>", f);
    eco__xml_text(f, text);
    fputs("</title>", f);
}

/* Appends printf text to a bounded buffer. */
static void addf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void addf(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

typedef struct fac_visits {
    int count;
    int route[FAC_VISITS_SHOWN];   /* index into sol->routes */
    int64_t arrival[FAC_VISITS_SHOWN];
    int64_t amount;                /* load units unloaded in all */
} fac_visits;

typedef struct map_ctx {
    const eco_instance *inst;
    const eco_solution *sol;
    const eco_output_options *opt;
    FILE *f;
    proj p;
    sizes sz;
    bool html;
    int n_used;
    int *number;          /* per route: 1-based number among used routes, 0 unused */
    fac_visits *fac;
    int *depot_vehicles;  /* per depot: used routes starting there */
    eco_out_road road;    /* road geometry of the route being drawn (n = 0: none) */
} map_ctx;

/* ---- drawing ---- */

/* Writes the positions of stops[a..b] as path data ("M x y L x y ..."),
 * skipping unknown locations and repeats; a single position is written twice
 * so that the round cap shows a dot. Returns the number of positions. */
static int path_data(map_ctx *c, const eco_out_stop *stops, int a, int b)
{
    int pts = 0, last = -1;
    double x = 0, y = 0;
    const eco_out_road *road = &c->road;
    if (road->n > 0) { /* the road between the two stops */
        double px = NAN, py = NAN;
        for (int j = road->at[stops[a].seq]; j <= road->at[stops[b].seq]; j++) {
            x = c->p.ox + (road->lon[j] * c->p.kx - c->p.minx) * c->p.scale;
            y = c->p.oy + (c->p.maxy - road->lat[j]) * c->p.scale;
            if (fabs(x - px) < 0.05 && fabs(y - py) < 0.05)
                continue;
            fprintf(c->f, "%s%.1f %.1f", pts ? " L" : "M", x, y);
            pts++;
            px = x;
            py = y;
        }
        if (pts == 1)
            fprintf(c->f, " L%.1f %.1f", x, y);
        return pts;
    }
    for (int i = a; i <= b; i++) {
        int loc = stops[i].loc;
        if (!eco__out_loc_known(c->inst, loc) || loc == last)
            continue;
        project(&c->p, c->inst, loc, &x, &y);
        fprintf(c->f, "%s%.1f %.1f", pts ? " L" : "M", x, y);
        pts++;
        last = loc;
    }
    if (pts == 1)
        fprintf(c->f, " L%.1f %.1f", x, y);
    return pts;
}

/* A dashed leg without collection (depot or facility to the first box of a
 * trip, the last box to the unload and the depot). */
static void leg_path(map_ctx *c, const eco_out_stop *stops, int a, int b, const char *text)
{
    if (a >= b)
        return;
    fputs("<path class=\"leg\" vector-effect=\"non-scaling-stroke\" d=\"", c->f);
    path_data(c, stops, a, b);
    fputs("\">", c->f);
    title(c->f, text);
    fputs("</path>", c->f);
}

/* Every trip of every route: the collection part (first to last box of the
 * trip) as one solid <path class="trip">, the drives to and from the depot
 * and facilities as dashed <path class="leg">s, lighter, so that the many
 * straight runs to the baling site do not hide the collection rounds. */
static eco_status draw_routes(map_ctx *c, eco_error *err)
{
    FILE *f = c->f;
    const eco_instance *inst = c->inst;
    char buf[1024], a[64], b[64], t1[32], t2[32];
    fprintf(f,
            "<g id=\"routes\" fill=\"none\" stroke-width=\"%.2f\" stroke-linecap=\"round\" "
            "stroke-linejoin=\"round\">\n",
            c->sz.line);
    for (int r = 0; r < c->sol->n_routes; r++) {
        const eco_route *rt = &c->sol->routes[r];
        if (!c->number[r])
            continue;
        eco_out_stop *stops = malloc((size_t)(rt->n_steps + 2) * sizeof *stops);
        if (!stops)
            return eco__error(err, ECO_EINTERNAL, "map", "out of memory");
        eco_status st = eco__out_road(inst, rt, &c->road, err);
        if (st != ECO_OK) {
            free(stops);
            return st;
        }
        int n = 0;
        eco_out_walk w;
        eco__out_walk_begin(&w, inst, rt);
        while (eco__out_walk_next(&w))
            stops[n++] = w.stop;
        const char *vid = inst->vehicles[rt->vehicle].id;
        char color[8];
        eco__out_color(c->number[r] - 1, color);
        fprintf(f, "<g class=\"route\" data-route=\"%d\" stroke=\"%s\">", c->number[r], color);
        int trips = stops[n - 1].trip;
        for (int i0 = 0; i0 < n - 1;) {
            /* the trip runs from stops[i0] (depot or facility) to stops[i1] */
            int i1 = i0 + 1;
            while (!stops[i1].ends_trip)
                i1++;
            int first = -1, last = -1, count = 0;
            int64_t dist = 0;
            for (int i = i0 + 1; i <= i1; i++) {
                dist += stops[i].leg_dist;
                if (stops[i].type == ECO_STEP_PICKUP) {
                    if (first < 0)
                        first = i;
                    last = i;
                    count++;
                }
            }
            const eco_out_stop *e = &stops[i1];
            buf[0] = '\0';
            addf(buf, sizeof buf, "%s, trip %d of %d\n%d stop%s, %s\n%s - %s", vid, e->trip, trips, count,
                 count == 1 ? "" : "s", eco__out_dist(a, sizeof a, inst, dist),
                 eco__out_clock(t1, sizeof t1, inst, stops[i0].departure),
                 eco__out_clock(t2, sizeof t2, inst, e->arrival));
            if (e->type == ECO_STEP_UNLOAD)
                addf(buf, sizeof buf, "\nunloads %s at %s", eco__out_load(b, sizeof b, inst, e->amount), e->id);
            if (first < 0) /* no box in this trip: all of it is the trip */
                first = i0, last = i1;
            fputs("<path class=\"trip\" vector-effect=\"non-scaling-stroke\" d=\"", f);
            path_data(c, stops, first, last);
            fputs("\">", f);
            title(f, buf);
            fputs("</path>", f);
            char leg[512];
            snprintf(leg, sizeof leg, "%s, trip %d: from %s %s", vid, e->trip,
                     stops[i0].type == ECO_STEP_START ? "depot" : "facility", stops[i0].id);
            leg_path(c, stops, i0, first, leg);
            if (e->type == ECO_STEP_END && last < i1 && stops[i1 - 1].type == ECO_STEP_UNLOAD)
                snprintf(leg, sizeof leg, "%s, trip %d: to %s, then back to depot %s", vid, e->trip,
                         stops[i1 - 1].id, e->id);
            else
                snprintf(leg, sizeof leg, "%s, trip %d: to %s %s", vid, e->trip,
                         e->type == ECO_STEP_END ? "depot" : "facility", e->id);
            leg_path(c, stops, last, i1, leg);
            i0 = i1;
        }
        fputs("</g>\n", f);
        free(stops);
        eco__out_road_free(&c->road);
    }
    fputs("</g>\n", f);
    return ECO_OK;
}

static void draw_stops(map_ctx *c)
{
    FILE *f = c->f;
    const eco_instance *inst = c->inst;
    char buf[1024], a[64], b[64], t1[32], t2[32];
    if (c->sz.halo > 0)
        fprintf(f, "<g id=\"stops\" stroke=\"#ffffff\" stroke-width=\"%.2f\">\n", c->sz.halo);
    else
        fputs("<g id=\"stops\">\n", f);
    for (int r = 0; r < c->sol->n_routes; r++) {
        const eco_route *rt = &c->sol->routes[r];
        if (!c->number[r])
            continue;
        char color[8];
        eco__out_color(c->number[r] - 1, color);
        fprintf(f, "<g class=\"route\" data-route=\"%d\" fill=\"%s\">", c->number[r], color);
        eco_out_walk w;
        eco__out_walk_begin(&w, inst, rt);
        int n_stop = 0;
        while (eco__out_walk_next(&w)) {
            const eco_out_stop *s = &w.stop;
            if (s->type == ECO_STEP_UNLOAD) {
                fac_visits *fv = &c->fac[s->ref];
                if (fv->count < FAC_VISITS_SHOWN) {
                    fv->route[fv->count] = r;
                    fv->arrival[fv->count] = s->arrival;
                }
                fv->count++;
                fv->amount += s->amount;
            }
            if (s->type != ECO_STEP_PICKUP || !eco__out_loc_known(inst, s->loc))
                continue;
            n_stop++;
            const eco_box *bx = &inst->boxes[s->ref];
            double x, y;
            project(&c->p, inst, s->loc, &x, &y);
            fprintf(f, "<circle class=\"stop\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\">", x, y, c->sz.r);
            buf[0] = '\0';
            addf(buf, sizeof buf, "%s (%s)\n%s, trip %d, stop %d (#%d in the route)\narrive %s, leave %s",
                 bx->id, inst->material_names[bx->material], inst->vehicles[rt->vehicle].id, s->trip, n_stop, s->seq,
                 eco__out_clock(t1, sizeof t1, inst, s->arrival), eco__out_clock(t2, sizeof t2, inst, s->departure));
            if (s->start > s->arrival)
                addf(buf, sizeof buf, " (waits %s)", eco__out_span(a, sizeof a, inst, s->start - s->arrival));
            addf(buf, sizeof buf, "\npicks up %s, on board %s", eco__out_load(a, sizeof a, inst, s->amount),
                 eco__out_load(b, sizeof b, inst, s->load));
            if (isfinite(bx->fill))
                addf(buf, sizeof buf, "\nfill %.0f%%", bx->fill * 100);
            if (bx->need == ECO_BOX_OPTIONAL)
                addf(buf, sizeof buf, " (optional)");
            title(f, buf);
            fputs("</circle>", f);
        }
        fputs("</g>\n", f);
    }
    fputs("</g>\n", f);
}

static void draw_unassigned(map_ctx *c, eco_box_need need)
{
    FILE *f = c->f;
    const eco_instance *inst = c->inst;
    char buf[1024], a[64];
    const double r = c->sz.r;
    if (need == ECO_BOX_MANDATORY)
        fprintf(f, "<g id=\"unassigned\" fill=\"#e00000\" stroke=\"#e00000\">\n");
    else if (need == ECO_BOX_OPTIONAL)
        fprintf(f, "<g id=\"left-out\" fill=\"none\" stroke=\"#e08a00\" stroke-width=\"%.2f\">\n", r * 0.45);
    else
        fprintf(f, "<g id=\"not-needed\" fill=\"#b4b4b4\">\n");
    for (int i = 0; i < c->sol->n_unassigned; i++) {
        const eco_box *bx = &inst->boxes[c->sol->unassigned[i].box];
        if (bx->need != need || !eco__out_loc_known(inst, bx->loc))
            continue;
        double x, y;
        project(&c->p, inst, bx->loc, &x, &y);
        buf[0] = '\0';
        addf(buf, sizeof buf, "%s (%s), unassigned: %s\n%s\n%s", bx->id, inst->material_names[bx->material],
             eco__out_need_name(bx->need), c->sol->unassigned[i].reason,
             eco__out_load(a, sizeof a, inst, bx->demand));
        if (isfinite(bx->fill))
            addf(buf, sizeof buf, ", fill %.0f%%", bx->fill * 100);
        if (need == ECO_BOX_MANDATORY) {
            fprintf(f,
                    "<g class=\"missed\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\" fill=\"none\" "
                    "stroke-width=\"%.2f\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\" stroke=\"none\"/>",
                    x, y, r * 2.6, fmax(1.0, r * 0.6), x, y, r);
            title(f, buf);
            fputs("</g>\n", f);
        } else {
            fprintf(f, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\">",
                    need == ECO_BOX_OPTIONAL ? "left-out" : "not-needed", x, y, need == ECO_BOX_OPTIONAL ? r : r * 0.7);
            title(f, buf);
            fputs("</circle>", f);
        }
    }
    fputs("</g>\n", f);
}

static void label(map_ctx *c, double x, double y, const char *text)
{
    /* right of the marker, or left of it near the right edge */
    bool left = x > c->p.w - 8.0 * c->sz.font;
    fprintf(c->f, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"%s>",
            left ? x - c->sz.mark - 2 : x + c->sz.mark + 2, y + c->sz.font * 0.35, c->sz.font,
            left ? " text-anchor=\"end\"" : "");
    eco__xml_text(c->f, text);
    fputs("</text>", c->f);
}

static void draw_places(map_ctx *c)
{
    FILE *f = c->f;
    const eco_instance *inst = c->inst;
    char buf[1024], a[64], t1[32], mats[512];
    const double m = c->sz.mark;
    fputs("<g id=\"facilities\" fill=\"#ffc400\" stroke=\"#222222\" stroke-width=\"1.5\">\n", f);
    for (int i = 0; i < inst->n_facilities; i++) {
        const eco_facility *fc = &inst->facilities[i];
        if (!eco__out_loc_known(inst, fc->loc))
            continue;
        double x, y;
        project(&c->p, inst, fc->loc, &x, &y);
        const fac_visits *fv = &c->fac[i];
        buf[0] = '\0';
        addf(buf, sizeof buf, "%s (%s site)\naccepts %s\n%d unload%s, %s in all", fc->id, fc->kind,
             eco__out_materials(mats, sizeof mats, inst, fc->accepts, ", "), fv->count, fv->count == 1 ? "" : "s",
             eco__out_load(a, sizeof a, inst, fv->amount));
        for (int k = 0; k < fv->count && k < FAC_VISITS_SHOWN; k++)
            addf(buf, sizeof buf, "\n  %s at %s", inst->vehicles[c->sol->routes[fv->route[k]].vehicle].id,
                 eco__out_clock(t1, sizeof t1, inst, fv->arrival[k]));
        if (fv->count > FAC_VISITS_SHOWN)
            addf(buf, sizeof buf, "\n  ... and %d more", fv->count - FAC_VISITS_SHOWN);
        fprintf(f, "<g class=\"facility\"><path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"/>", x, y - m * 1.2,
                x + m * 1.2, y, x, y + m * 1.2, x - m * 1.2, y);
        title(f, buf);
        label(c, x + m * 0.2, y, fc->id);
        fputs("</g>\n", f);
    }
    fputs("</g>\n<g id=\"depots\" fill=\"#111111\" stroke=\"#ffffff\" stroke-width=\"1.5\">\n", f);
    for (int i = 0; i < inst->n_depots; i++) {
        const eco_depot *d = &inst->depots[i];
        if (!eco__out_loc_known(inst, d->loc))
            continue;
        double x, y;
        project(&c->p, inst, d->loc, &x, &y);
        buf[0] = '\0';
        addf(buf, sizeof buf, "depot %s\n%d vehicle%s leave from here", d->id, c->depot_vehicles[i],
             c->depot_vehicles[i] == 1 ? "" : "s");
        fprintf(f, "<g class=\"depot\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", x - m, y - m,
                2 * m, 2 * m);
        title(f, buf);
        label(c, x, y, d->id);
        fputs("</g>\n", f);
    }
    fputs("</g>\n", f);
}

/* A round length of about `about` (1, 2 or 5 times a power of ten). */
static double nice(double about)
{
    if (!(about > 0))
        return 1;
    double p = pow(10.0, floor(log10(about)));
    double m = about / p;
    return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

static void draw_scale(map_ctx *c)
{
    const proj *p = &c->p;
    /* length per user unit: metres (geographic) or the coordinates' own unit */
    double per_user = (p->unit_m > 0 ? p->unit_m : 1.0) / p->scale;
    double len = nice(per_user * MAP_SIZE * 0.18);
    double w = len / per_user;
    char text[64], num[32];
    if (p->unit_m > 0)
        snprintf(text, sizeof text, "%s %s", eco__out_num(num, sizeof num, len >= 1000 ? len / 1000 : len, 3),
                 len >= 1000 ? "km" : "m");
    else
        snprintf(text, sizeof text, "%s", eco__out_num(num, sizeof num, len, 3));
    double x0 = 12, y0 = p->h - 12;
    fprintf(c->f,
            "<g id=\"scale\" stroke=\"#333333\" stroke-width=\"1.5\" fill=\"none\"><path d=\"M%.1f %.1fv5h%.1fv-5\"/>"
            "<text x=\"%.1f\" y=\"%.1f\" fill=\"#333333\" stroke=\"none\" font-size=\"11\">%s</text></g>\n",
            x0, y0 - 5, w, x0 + w + 5, y0 + 1, text);
}

/* The whole drawing, without its closing tag; extra_w is room on the right
 * for the SVG legend. */
static eco_status draw_map(map_ctx *c, double extra_w, double total_h, eco_error *err)
{
    FILE *f = c->f;
    double W = c->p.w + extra_w, H = fmax(c->p.h, total_h);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"map\" viewBox=\"0 0 %.1f %.1f\"", W, H);
    if (!c->html) /* a standalone image has its own size; the page's map fills its box */
        fprintf(f, " width=\"%.0f\" height=\"%.0f\"", W, H);
    fputs(" font-family=\"Helvetica, Arial, sans-serif\">\n", f);
    fprintf(f,
            "<style>"
            ".label{fill:#222;stroke:#fff;stroke-width:3px;paint-order:stroke;stroke-linejoin:round}"
            ".leg{stroke-width:%.2fpx;stroke-dasharray:5 4;opacity:.5}"
            ".trip:hover,.leg:hover{stroke-width:4px;opacity:1}"
            "#map.focus g[data-route]:not(.on){opacity:.08}"
            "</style>\n",
            fmax(0.8, c->sz.line * 0.7));
    fprintf(f, "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"%.1f\" height=\"%.1f\" fill=\"#f6f5f0\"/>\n", c->p.w, H);
    draw_unassigned(c, ECO_BOX_SKIP);
    eco_status st = draw_routes(c, err);
    if (st != ECO_OK)
        return st;
    draw_stops(c);
    draw_unassigned(c, ECO_BOX_OPTIONAL);
    draw_unassigned(c, ECO_BOX_MANDATORY);
    draw_places(c);
    draw_scale(c);
    return ECO_OK;
}

/* ---- legends ---- */

typedef struct totals {
    int64_t dist, dur, collected;
    int stops;
    int cnt[3];
} totals;

static void compute_totals(map_ctx *c, totals *t)
{
    memset(t, 0, sizeof *t);
    for (int r = 0; r < c->sol->n_routes; r++) {
        const eco_route *rt = &c->sol->routes[r];
        if (!c->number[r])
            continue;
        eco_out_route fig;
        eco__out_route_figures(c->inst, rt, &fig);
        t->dist += rt->distance;
        t->dur += rt->duration;
        t->collected += fig.collected;
        t->stops += fig.stops;
    }
    for (int i = 0; i < c->sol->n_unassigned; i++)
        t->cnt[c->inst->boxes[c->sol->unassigned[i].box].need]++;
}

static const char *map_title(map_ctx *c)
{
    if (c->opt && c->opt->title)
        return c->opt->title;
    return c->inst->name && c->inst->name[0] ? c->inst->name : "ecoroute solution";
}

static void totals_text(map_ctx *c, const totals *t, char *buf, size_t n)
{
    char a[64], b[64], d[64], e[64];
    buf[0] = '\0';
    addf(buf, n, "%d vehicle%s, %d stops, %s, %s, %s collected, cost %s", c->n_used, c->n_used == 1 ? "" : "s",
         t->stops, eco__out_dist(a, sizeof a, c->inst, t->dist), eco__out_span(b, sizeof b, c->inst, t->dur),
         eco__out_load(d, sizeof d, c->inst, t->collected), eco__out_num(e, sizeof e, c->sol->summary.cost, 2));
}

static void svg_legend(map_ctx *c, double x0)
{
    FILE *f = c->f;
    const eco_instance *inst = c->inst;
    totals t;
    compute_totals(c, &t);
    char buf[512], a[64], b[64], d[64];
    double y = 26;
    fprintf(f, "<g id=\"legend\" font-size=\"11\" fill=\"#222222\">\n");
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"15\" font-weight=\"bold\">", x0, y);
    eco__xml_text(f, map_title(c));
    fputs("</text>\n", f);
    y += 17;
    totals_text(c, &t, buf, sizeof buf);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">", x0, y);
    eco__xml_text(f, buf);
    fputs("</text>\n", f);
    y += 22;
    const double cols[5] = {x0 + 190, x0 + 225, x0 + 265, x0 + 310, x0 + 355};
    fprintf(f,
            "<g font-weight=\"bold\" text-anchor=\"end\"><text x=\"%.1f\" y=\"%.1f\">stops</text><text x=\"%.1f\" "
            "y=\"%.1f\">trips</text><text x=\"%.1f\" y=\"%.1f\">dist.</text><text x=\"%.1f\" y=\"%.1f\">time</text>"
            "<text x=\"%.1f\" y=\"%.1f\">load</text></g>",
            cols[0], y, cols[1], y, cols[2], y, cols[3], y, cols[4], y);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">vehicle</text>\n", x0 + 16, y);
    y += LEGEND_ROW;
    int shown = 0;
    for (int r = 0; r < c->sol->n_routes; r++) {
        const eco_route *rt = &c->sol->routes[r];
        if (!c->number[r])
            continue;
        if (shown == LEGEND_MAX_ROWS) {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">... and %d more vehicles</text>\n", x0 + 16, y,
                    c->n_used - shown);
            y += LEGEND_ROW;
            break;
        }
        shown++;
        char color[8];
        eco__out_color(c->number[r] - 1, color);
        eco_out_route fig;
        eco__out_route_figures(inst, rt, &fig);
        fprintf(f, "<g class=\"row\" data-route=\"%d\"><rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"9\" fill=\"%s\"/>",
                c->number[r], x0, y - 8, color);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", x0 + 16, y);
        /* long ids are cut (at a character boundary) before the numbers */
        char id[30];
        snprintf(id, sizeof id, "%s", inst->vehicles[rt->vehicle].id);
        if (strlen(inst->vehicles[rt->vehicle].id) >= sizeof id) {
            size_t cut = sizeof id - 4;
            while (cut > 0 && ((unsigned char)id[cut] & 0xC0) == 0x80)
                cut--;
            snprintf(id + cut, sizeof id - cut, "...");
        }
        eco__xml_text(f, id);
        fprintf(f,
                "</text><g text-anchor=\"end\"><text x=\"%.1f\" y=\"%.1f\">%d</text><text x=\"%.1f\" "
                "y=\"%.1f\">%d</text><text x=\"%.1f\" y=\"%.1f\">%s</text><text x=\"%.1f\" y=\"%.1f\">%s</text>"
                "<text x=\"%.1f\" y=\"%.1f\">%s</text></g></g>\n",
                cols[0], y, fig.stops, cols[1], y, fig.trips, cols[2], y, eco__out_dist(a, sizeof a, inst, rt->distance),
                cols[3], y, eco__out_span(b, sizeof b, inst, rt->duration), cols[4], y,
                eco__out_load(d, sizeof d, inst, fig.collected));
        y += LEGEND_ROW;
    }
    /* marker key */
    y += 10;
    const double r = 4;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"#111111\"/><text x=\"%.1f\" y=\"%.1f\">depot</text>\n",
            x0 + 1, y - 9, x0 + 16, y);
    y += LEGEND_ROW;
    fprintf(f, "<path d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" fill=\"#ffc400\" stroke=\"#222222\"/><text x=\"%.1f\" y=\"%.1f\">facility (unload)</text>\n",
            x0 + 6, y - 10, x0 + 16, y);
    y += LEGEND_ROW;
    fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#e00000\" stroke-width=\"2\"/>"
               "<text x=\"%.1f\" y=\"%.1f\">mandatory box unassigned (%d)</text>\n",
            x0 + 6, y - 4, r + 1, x0 + 16, y, t.cnt[ECO_BOX_MANDATORY]);
    y += LEGEND_ROW;
    fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#e08a00\" stroke-width=\"1.5\"/>"
               "<text x=\"%.1f\" y=\"%.1f\">optional box left out (%d)</text>\n",
            x0 + 6, y - 4, r - 1, x0 + 16, y, t.cnt[ECO_BOX_OPTIONAL]);
    y += LEGEND_ROW;
    fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#b4b4b4\"/>"
               "<text x=\"%.1f\" y=\"%.1f\">box not needed today (%d)</text>\n",
            x0 + 6, y - 4, r - 1.5, x0 + 16, y, t.cnt[ECO_BOX_SKIP]);
    fputs("</g>\n", f);
}

/* Height the SVG legend needs. */
static double svg_legend_height(const map_ctx *c)
{
    int rows = c->n_used < LEGEND_MAX_ROWS ? c->n_used : LEGEND_MAX_ROWS + 1;
    return 26 + 17 + 22 + LEGEND_ROW * rows + 10 + 5 * LEGEND_ROW + 10;
}

static const char page_css[] =
    "*{box-sizing:border-box}"
    "html,body{margin:0;height:100%;font:13px/1.35 Helvetica,Arial,sans-serif;color:#222;background:#fff}"
    "body{display:flex}"
    "#view{flex:1;min-width:0;height:100vh;position:relative;background:#f6f5f0}"
    "#map{width:100%;height:100%;display:block;cursor:grab;user-select:none}"
    "#map.drag{cursor:grabbing}"
    "aside{width:410px;height:100vh;overflow:auto;padding:10px 12px;border-left:1px solid #ddd}"
    "h1{font-size:16px;margin:0 0 4px}h2{font-size:13px;margin:12px 0 4px}"
    ".totals{color:#444;margin:0 0 8px}"
    "#legend{border-collapse:collapse;width:100%;font-size:12px}"
    "#legend th,#legend td{padding:1px 3px;text-align:right;white-space:nowrap}"
    "#legend th:nth-child(2),#legend td:nth-child(2){text-align:left;max-width:120px;overflow:hidden;"
    "text-overflow:ellipsis}"
    "#legend tbody tr{cursor:pointer}#legend tbody tr:hover{background:#f0f0f0}#legend tr.on{background:#e4ecff}"
    ".sw{display:inline-block;width:12px;height:10px;border-radius:2px}"
    ".key div{margin:2px 0}.key svg{vertical-align:middle;margin-right:6px}"
    "#unassigned-list{margin:0;padding-left:16px}#unassigned-list li{margin:2px 0}"
    "#details{white-space:pre-wrap;background:#f7f7f7;border:1px solid #e2e2e2;padding:6px;min-height:3em}"
    "#tip{position:fixed;display:none;pointer-events:none;white-space:pre;background:rgba(255,255,255,.96);"
    "border:1px solid #999;border-radius:3px;padding:4px 6px;font-size:12px;box-shadow:0 1px 4px rgba(0,0,0,.2);"
    "z-index:10}"
    "#help{position:absolute;left:8px;top:6px;color:#666;font-size:11px;background:rgba(255,255,255,.8);"
    "padding:1px 4px}"
    "button{font:inherit;font-size:11px}";

/* The page's only script: tooltips from the <title>s, click details and
 * vehicle focus, wheel zoom and drag pan. It marks <body data-ok="1"> when it
 * ran to the end and records errors in data-error (the tests read both).
 * Opened as PAGE#selftest it also hovers, clicks and zooms on the first stop
 * and records what happened in data-selftest (JSON), for the browser test. */
static const char page_js[] =
    "(function(){\n"
    "var body=document.body;\n"
    "function fail(m){body.setAttribute('data-error',(body.getAttribute('data-error')?body.getAttribute('data-error')+'; ':'')+m);}\n"
    "window.addEventListener('error',function(e){fail(String(e.message||e));});\n"
    "try{\n"
    "var svg=document.getElementById('map'),tip=document.getElementById('tip'),det=document.getElementById('details');\n"
    "var ts=svg.querySelectorAll('title'),i;\n"
    "for(i=0;i<ts.length;i++){var p=ts[i].parentNode;if(p&&p!==svg){p.setAttribute('data-tip',ts[i].textContent);p.removeChild(ts[i]);}}\n"
    "var drag=null,moved=false,focused=null;\n"
    "function tipOf(el){while(el&&el!==svg){if(el.getAttribute&&el.getAttribute('data-tip'))return el;el=el.parentNode;}return null;}\n"
    "function routeOf(el){while(el&&el!==svg){if(el.getAttribute&&el.getAttribute('data-route'))return el.getAttribute('data-route');el=el.parentNode;}return null;}\n"
    "svg.addEventListener('mousemove',function(e){var el=tipOf(e.target);if(!el||drag){tip.style.display='none';return;}\n"
    " tip.textContent=el.getAttribute('data-tip');tip.style.display='block';var x=e.clientX+14,y=e.clientY+14;\n"
    " if(x+tip.offsetWidth>window.innerWidth)x=e.clientX-tip.offsetWidth-8;if(y+tip.offsetHeight>window.innerHeight)y=e.clientY-tip.offsetHeight-8;\n"
    " tip.style.left=x+'px';tip.style.top=y+'px';});\n"
    "svg.addEventListener('mouseleave',function(){tip.style.display='none';});\n"
    "function focus(r){focused=(r===null||r===focused)?null:r;\n"
    " if(focused===null)svg.classList.remove('focus');else svg.classList.add('focus');\n"
    " var els=document.querySelectorAll('[data-route]');\n"
    " for(var j=0;j<els.length;j++){if(els[j].getAttribute('data-route')===focused)els[j].classList.add('on');else els[j].classList.remove('on');}}\n"
    "svg.addEventListener('click',function(e){if(moved)return;var el=tipOf(e.target),r=routeOf(e.target);\n"
    " if(el)det.textContent=el.getAttribute('data-tip');if(r!==null)focus(r);else if(!el)focus(null);});\n"
    "var rows=document.querySelectorAll('#legend tr[data-route]');\n"
    "for(i=0;i<rows.length;i++)rows[i].addEventListener('click',function(){focus(this.getAttribute('data-route'));});\n"
    "var vb0=svg.getAttribute('viewBox').split(' ').map(Number),vb=vb0.slice();\n"
    "var dots=svg.querySelectorAll('circle'),r0=[];for(i=0;i<dots.length;i++)r0.push(+dots[i].getAttribute('r'));\n"
    "function setVB(){svg.setAttribute('viewBox',vb.join(' '));var z=Math.pow(vb0[2]/vb[2],0.6);\n"
    " for(var j=0;j<dots.length;j++)dots[j].setAttribute('r',(r0[j]/z).toFixed(2));}\n"
    "function toSvg(e){var m=svg.getScreenCTM();if(!m)return{x:vb[0]+vb[2]/2,y:vb[1]+vb[3]/2};\n"
    " var pt=svg.createSVGPoint();pt.x=e.clientX;pt.y=e.clientY;return pt.matrixTransform(m.inverse());}\n"
    "svg.addEventListener('wheel',function(e){e.preventDefault();var p=toSvg(e),k=e.deltaY<0?1/1.25:1.25,w=vb[2]*k;\n"
    " if(w<vb0[2]/200||w>vb0[2]*2)return;vb[0]=p.x-(p.x-vb[0])*k;vb[1]=p.y-(p.y-vb[1])*k;vb[2]*=k;vb[3]*=k;setVB();},{passive:false});\n"
    "svg.addEventListener('mousedown',function(e){var m=svg.getScreenCTM();if(!m||e.button!==0)return;\n"
    " drag={x:e.clientX,y:e.clientY,vb:vb.slice(),a:m.a,d:m.d};moved=false;svg.classList.add('drag');});\n"
    "window.addEventListener('mousemove',function(e){if(!drag)return;var dx=e.clientX-drag.x,dy=e.clientY-drag.y;\n"
    " if(Math.abs(dx)+Math.abs(dy)>3)moved=true;if(!moved)return;\n"
    " vb[0]=drag.vb[0]-dx/drag.a;vb[1]=drag.vb[1]-dy/drag.d;setVB();});\n"
    "window.addEventListener('mouseup',function(){drag=null;svg.classList.remove('drag');});\n"
    "function reset(){vb=vb0.slice();setVB();}\n"
    "svg.addEventListener('dblclick',reset);document.getElementById('reset').addEventListener('click',reset);\n"
    "if(location.hash==='#selftest'){\n"
    " var st=svg.querySelector('circle.stop')||svg.querySelector('[data-tip]'),box=st.getBoundingClientRect();\n"
    " var at={bubbles:true,cancelable:true,clientX:box.left+box.width/2,clientY:box.top+box.height/2};\n"
    " st.dispatchEvent(new MouseEvent('mousemove',at));var hover=tip.style.display==='block'?tip.textContent:'';\n"
    " st.dispatchEvent(new MouseEvent('click',at));var vb1=svg.getAttribute('viewBox'),r1=st.getAttribute('r');\n"
    " svg.dispatchEvent(new WheelEvent('wheel',{bubbles:true,cancelable:true,deltaY:-100,clientX:at.clientX,clientY:at.clientY}));\n"
    " body.setAttribute('data-selftest',JSON.stringify({hover:hover,details:det.textContent,\n"
    "  focus:svg.classList.contains('focus'),rows_on:document.querySelectorAll('#legend tr.on').length,\n"
    "  zoomed:svg.getAttribute('viewBox')!==vb1,r_before:r1,r_after:st.getAttribute('r')}));}\n"
    "body.setAttribute('data-ok','1');\n"
    "}catch(e){fail(String(e&&e.message||e));}\n"
    "})();\n";

static eco_status html_page(map_ctx *c, eco_error *err)
{
    FILE *f = c->f;
    const eco_instance *inst = c->inst;
    totals t;
    compute_totals(c, &t);
    char buf[1024], a[64], b[64], d[64];
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "script-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    eco__xml_text(f, map_title(c));
    fputs(" - ecoroute map</title>\n<style>", f);
    fputs(page_css, f);
    fputs("</style>\n</head>\n<body>\n<div id=\"view\">\n", f);
    eco_status st = draw_map(c, 0, 0, err);
    if (st != ECO_OK)
        return st;
    fputs("</svg>\n<div id=\"help\">wheel: zoom, drag: pan, double-click: reset, click: details "
          "<button id=\"reset\" type=\"button\">reset view</button></div>\n</div>\n<aside>\n<h1>",
          f);
    eco__xml_text(f, map_title(c));
    fputs("</h1>\n<p class=\"totals\">", f);
    totals_text(c, &t, buf, sizeof buf);
    eco__xml_text(f, buf);
    fputs("</p>\n<table id=\"legend\"><thead><tr><th></th><th>vehicle</th><th>stops</th><th>trips</th>"
          "<th>distance</th><th>time</th><th>load</th></tr></thead>\n<tbody>\n",
          f);
    for (int r = 0; r < c->sol->n_routes; r++) {
        const eco_route *rt = &c->sol->routes[r];
        if (!c->number[r])
            continue;
        char color[8];
        eco__out_color(c->number[r] - 1, color);
        eco_out_route fig;
        eco__out_route_figures(inst, rt, &fig);
        char t1[32], t2[32];
        fprintf(f, "<tr data-route=\"%d\" title=\"", c->number[r]);
        buf[0] = '\0';
        addf(buf, sizeof buf, "%s: %s - %s, %d unload%s, peak load %s, cost %s", inst->vehicles[rt->vehicle].id,
             eco__out_clock(t1, sizeof t1, inst, fig.depart), eco__out_clock(t2, sizeof t2, inst, fig.end),
             fig.unloads, fig.unloads == 1 ? "" : "s", eco__out_load(a, sizeof a, inst, fig.peak_load),
             eco__out_num(b, sizeof b, rt->cost, 2));
        eco__xml_text(f, buf);
        fprintf(f, "\"><td><span class=\"sw\" style=\"background:%s\"></span></td><td>", color);
        eco__xml_text(f, inst->vehicles[rt->vehicle].id);
        fprintf(f, "</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", fig.stops, fig.trips,
                eco__out_dist(a, sizeof a, inst, rt->distance), eco__out_span(b, sizeof b, inst, rt->duration),
                eco__out_load(d, sizeof d, inst, fig.collected));
    }
    fputs("</tbody></table>\n<h2>Markers</h2>\n<div class=\"key\">\n"
          "<div><svg width=\"14\" height=\"14\"><rect x=\"2\" y=\"2\" width=\"10\" height=\"10\" fill=\"#111\"/>"
          "</svg>depot</div>\n"
          "<div><svg width=\"14\" height=\"14\"><path d=\"M7 0l7 7l-7 7l-7-7z\" fill=\"#ffc400\" stroke=\"#222222\"/></svg>"
          "facility (trucks unload there between trips)</div>\n"
          "<div><svg width=\"14\" height=\"14\"><circle cx=\"7\" cy=\"7\" r=\"4\" fill=\"#3b7dd8\" stroke=\"#fff\"/>"
          "</svg>box served (route colour)</div>\n"
          "<div><svg width=\"14\" height=\"14\"><path d=\"M0 7h14\" stroke=\"#3b7dd8\" stroke-width=\"2\"/></svg>"
          "collection round of a trip</div>\n"
          "<div><svg width=\"14\" height=\"14\"><path d=\"M0 7h14\" stroke=\"#3b7dd8\" stroke-width=\"1.5\" "
          "stroke-dasharray=\"4 3\" opacity=\".6\"/></svg>drive to or from the depot or a facility</div>\n",
          f);
    fprintf(f,
            "<div><svg width=\"14\" height=\"14\"><circle cx=\"7\" cy=\"7\" r=\"5.5\" fill=\"none\" stroke=\"#e00000\" "
            "stroke-width=\"2\"/><circle cx=\"7\" cy=\"7\" r=\"2\" fill=\"#e00000\"/></svg>mandatory box unassigned "
            "(%d)</div>\n"
            "<div><svg width=\"14\" height=\"14\"><circle cx=\"7\" cy=\"7\" r=\"4\" fill=\"none\" stroke=\"#e08a00\" "
            "stroke-width=\"1.5\"/></svg>optional box left out (%d)</div>\n"
            "<div><svg width=\"14\" height=\"14\"><circle cx=\"7\" cy=\"7\" r=\"2.5\" fill=\"#b4b4b4\"/></svg>box not "
            "needed today (%d)</div>\n</div>\n",
            t.cnt[ECO_BOX_MANDATORY], t.cnt[ECO_BOX_OPTIONAL], t.cnt[ECO_BOX_SKIP]);
    if (t.cnt[ECO_BOX_MANDATORY] + t.cnt[ECO_BOX_OPTIONAL] > 0) {
        fprintf(f, "<h2>Unassigned (%d mandatory, %d optional)</h2>\n<ul id=\"unassigned-list\">\n",
                t.cnt[ECO_BOX_MANDATORY], t.cnt[ECO_BOX_OPTIONAL]);
        int listed = 0;
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < c->sol->n_unassigned && listed < 100; i++) {
                const eco_box *bx = &inst->boxes[c->sol->unassigned[i].box];
                if (bx->need != (pass == 0 ? ECO_BOX_MANDATORY : ECO_BOX_OPTIONAL))
                    continue;
                fputs("<li><b>", f);
                eco__xml_text(f, bx->id);
                fprintf(f, "</b> (%s): ", eco__out_need_name(bx->need));
                eco__xml_text(f, c->sol->unassigned[i].reason);
                fputs("</li>\n", f);
                listed++;
            }
        int rest = t.cnt[ECO_BOX_MANDATORY] + t.cnt[ECO_BOX_OPTIONAL] - listed;
        if (rest > 0)
            fprintf(f, "<li>... and %d more</li>\n", rest);
        fputs("</ul>\n", f);
    }
    fputs("<h2>Details</h2>\n<div id=\"details\">Click a stop, a route, a depot or a facility.</div>\n</aside>\n"
          "<div id=\"tip\"></div>\n<script>\n",
          f);
    fputs(page_js, f);
    fputs("</script>\n</body>\n</html>\n", f);
    return ECO_OK;
}

static eco_status svg_file(map_ctx *c, eco_error *err)
{
    double lh = svg_legend_height(c);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", c->f);
    eco_status st = draw_map(c, LEGEND_W + 16, lh, err);
    if (st != ECO_OK)
        return st;
    double x0 = c->p.w + 8;
    fprintf(c->f, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.1f\" fill=\"#ffffff\"/>\n", c->p.w, LEGEND_W + 16,
            fmax(c->p.h, lh));
    svg_legend(c, x0);
    fputs("</svg>\n", c->f);
    return ECO_OK;
}

eco_status eco_map_format_from_path(const char *path, eco_map_format *out, eco_error *err)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)) {
        *out = ECO_MAP_HTML;
        return ECO_OK;
    }
    if (dot && strcasecmp(dot, ".svg") == 0) {
        *out = ECO_MAP_SVG;
        return ECO_OK;
    }
    return eco__error(err, ECO_EINPUT, "--map", "expected a file name ending in .html, .htm or .svg, got \"%.200s\"",
                      path ? path : "");
}

eco_status eco_solution_write_map(const eco_instance *inst, const eco_solution *sol_in, eco_map_format fmt,
                                  const eco_output_options *opt, FILE *f, eco_error *err)
{
    const eco_solution *sol;
    eco_solution *owned = NULL;
    eco_status st = eco_output_check(inst, ECO_OUTPUT_MAP, err);
    if (st != ECO_OK)
        return st;
    st = eco__out_scheduled(inst, sol_in, &sol, &owned, err);
    if (st != ECO_OK)
        return st;
    map_ctx c = {.inst = inst, .sol = sol, .opt = opt, .f = f, .html = fmt == ECO_MAP_HTML};
    c.number = calloc((size_t)sol->n_routes + 1, sizeof *c.number);
    c.fac = calloc((size_t)inst->n_facilities + 1, sizeof *c.fac);
    c.depot_vehicles = calloc((size_t)inst->n_depots + 1, sizeof *c.depot_vehicles);
    if (!c.number || !c.fac || !c.depot_vehicles) {
        st = eco__error(err, ECO_EINTERNAL, "map", "out of memory");
        goto out;
    }
    for (int r = 0; r < sol->n_routes; r++)
        if (eco__out_route_used(&sol->routes[r])) {
            c.number[r] = ++c.n_used;
            c.depot_vehicles[inst->vehicles[sol->routes[r].vehicle].start_depot]++;
        }
    proj_init(&c.p, inst);
    sizes_init(&c.sz, inst->n_boxes);
    st = fmt == ECO_MAP_HTML ? html_page(&c, err) : svg_file(&c, err);
    if (st == ECO_OK)
        st = eco__out_flush(f, "map", err);
out:
    free(c.number);
    free(c.fac);
    free(c.depot_vehicles);
    eco_solution_destroy(owned);
    return st;
}
