/*
 * instance.c - life cycle of an eco_instance: loading with format detection,
 * the builder helpers the readers use, travel matrices for planar and
 * great-circle instances, and the cross-entity validation every format gets.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "osrm.h"
#include "read_util.h"

#define MAX_INPUT_BYTES ((size_t)1 << 30) /* 1 GiB: refuse larger files */

eco_instance *eco__instance_new(eco_format fmt, const char *name)
{
    eco_instance *inst = calloc(1, sizeof *inst);
    if (!inst)
        return NULL;
    inst->format = fmt;
    inst->name = eco__strdup(name ? name : "");
    if (!inst->name) {
        free(inst);
        return NULL;
    }
    inst->dist_unit = inst->time_unit = inst->load_unit = 1.0;
    inst->dist_unit_name = "unit";
    inst->time_unit_name = "unit";
    inst->load_unit_name = "unit";
    inst->return_empty = true;
    inst->fill_threshold = 0.8;
    inst->travel.kind = ECO_TRAVEL_PLANAR;
    inst->travel.rounding = ECO_ROUND_EXACT;
    inst->travel.circuity = 1.0;
    return inst;
}

void eco_instance_destroy(eco_instance *inst)
{
    if (!inst)
        return;
    free(inst->name);
    free(inst->travel.osrm_url);
    free(inst->travel.osrm_profile);
    free(inst->travel.osrm_cache_dir);
    free(inst->loc_x);
    free(inst->loc_y);
    for (int m = 0; m < inst->n_materials; m++)
        free(inst->material_names[m]);
    for (int i = 0; i < inst->n_boxes; i++)
        free(inst->boxes[i].id);
    free(inst->boxes);
    for (int i = 0; i < inst->n_depots; i++)
        free(inst->depots[i].id);
    free(inst->depots);
    for (int i = 0; i < inst->n_facilities; i++) {
        free(inst->facilities[i].id);
        free(inst->facilities[i].kind);
    }
    free(inst->facilities);
    for (int i = 0; i < inst->n_vehicles; i++)
        free(inst->vehicles[i].id);
    free(inst->vehicles);
    if (inst->dur != inst->dist)
        free(inst->dur);
    free(inst->dist);
    eco__vroom_meta_destroy(inst->vroom);
    free(inst);
}

int eco__instance_add_loc(eco_instance *inst, double x, double y)
{
    int n = inst->n_locs;
    if ((n & (n - 1)) == 0) { /* grow at powers of two */
        int cap = n ? 2 * n : 16;
        double *nx = realloc(inst->loc_x, (size_t)cap * sizeof *nx);
        if (!nx)
            return -1;
        inst->loc_x = nx;
        double *ny = realloc(inst->loc_y, (size_t)cap * sizeof *ny);
        if (!ny)
            return -1;
        inst->loc_y = ny;
    }
    inst->loc_x[n] = x;
    inst->loc_y[n] = y;
    inst->n_locs = n + 1;
    return n;
}

int eco__instance_material(eco_instance *inst, const char *name)
{
    for (int m = 0; m < inst->n_materials; m++)
        if (strcmp(inst->material_names[m], name) == 0)
            return m;
    if (inst->n_materials >= ECO_MAX_MATERIALS)
        return -1;
    char *d = eco__strdup(name);
    if (!d)
        return -1;
    inst->material_names[inst->n_materials] = d;
    return inst->n_materials++;
}

/* ---- travel ---- */

static double units_per_reported(eco_rounding r)
{
    switch (r) {
    case ECO_ROUND_NINT: return 1.0;
    case ECO_ROUND_TRUNC1: return 10.0;
    default: return 10000.0;
    }
}

/* Planar distance in internal units, following the rounding convention:
 * nint: floor(d + 0.5); trunc1: floor(10 d) (tenths); exact: round(1e4 d). */
int32_t eco__planar_dist(const eco_instance *inst, int a, int b)
{
    double dx = inst->loc_x[a] - inst->loc_x[b];
    double dy = inst->loc_y[a] - inst->loc_y[b];
    double d = inst->travel.metric == ECO_METRIC_MANHATTAN ? fabs(dx) + fabs(dy)
                                                           : sqrt(dx * dx + dy * dy);
    /* absorb floating error at exact ties (decimal coordinates such as
     * 1300198.36 make a true 236558.5 compute as 236558.49999999977): the
     * same convention as the checker's, far below the data's precision */
    double noise = 1e-9 + 1e-12 * (fabs(inst->loc_x[a]) + fabs(inst->loc_x[b]) + fabs(inst->loc_y[a]) +
                                   fabs(inst->loc_y[b]));
    switch (inst->travel.rounding) {
    case ECO_ROUND_NINT: return (int32_t)floor(d + 0.5 + noise);
    case ECO_ROUND_TRUNC1: return (int32_t)floor(10.0 * (d + noise));
    default: return (int32_t)floor(d * 10000.0 + 0.5);
    }
}

static double haversine_m(double lon1, double lat1, double lon2, double lat2)
{
    const double r = 6371008.8, rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    if (h > 1.0)
        h = 1.0;
    return 2.0 * r * asin(sqrt(h));
}

eco_status eco__instance_build_travel(eco_instance *inst, eco_error *err)
{
    eco_travel_spec *t = &inst->travel;
    int n = inst->n_locs;
    if (t->kind == ECO_TRAVEL_MATRIX) {
        if (!inst->dist || !inst->dur)
            return eco__error(err, ECO_EINTERNAL, "travel", "matrix provider without matrices");
        return ECO_OK;
    }
    if (t->kind == ECO_TRAVEL_OSRM) {
        eco_osrm_config cfg;
        eco__osrm_config_from_instance(inst, &cfg);
        return eco__instance_build_travel_osrm(inst, &cfg, NULL, err);
    }
    if (t->kind == ECO_TRAVEL_PLANAR) {
        /* the internal unit depends on the rounding convention */
        double upr = units_per_reported(t->rounding);
        inst->dist_unit = 1.0 / upr;
        /* largest coordinate span must fit 31 bits in internal units */
        double minx = 0, maxx = 0, miny = 0, maxy = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || inst->loc_x[i] < minx) minx = inst->loc_x[i];
            if (i == 0 || inst->loc_x[i] > maxx) maxx = inst->loc_x[i];
            if (i == 0 || inst->loc_y[i] < miny) miny = inst->loc_y[i];
            if (i == 0 || inst->loc_y[i] > maxy) maxy = inst->loc_y[i];
        }
        if (((maxx - minx) + (maxy - miny)) * upr > 2.0e9)
            return eco__error(err, ECO_EINPUT, "coordinates",
                              "coordinate span %.6g is too large for rounding %s",
                              (maxx - minx) + (maxy - miny), eco_rounding_name(t->rounding));
        if (n > ECO_FULL_MATRIX_MAX) {
            inst->dist = inst->dur = NULL; /* computed on the fly */
        } else {
            inst->dist = malloc((size_t)n * (size_t)n * sizeof(int32_t));
            if (!inst->dist)
                return eco__error(err, ECO_EINTERNAL, "travel", "out of memory for a %d x %d matrix", n, n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    inst->dist[(size_t)i * n + j] = eco__planar_dist(inst, i, j);
            inst->dur = inst->dist;
        }
        if (t->speed_units_per_time > 0) {
            /* time differs from distance (Kim: feet at mph -> seconds) */
            if (!inst->dist)
                return eco__error(err, ECO_EINPUT, "travel", "too many locations (%d) for a time matrix", n);
            inst->dur = malloc((size_t)n * (size_t)n * sizeof(int32_t));
            if (!inst->dur) {
                inst->dur = inst->dist;
                return eco__error(err, ECO_EINTERNAL, "travel", "out of memory");
            }
            double k = inst->dist_unit / t->speed_units_per_time / inst->time_unit;
            for (size_t i = 0; i < (size_t)n * n; i++)
                inst->dur[i] = (int32_t)floor(inst->dist[i] * k + 0.5);
        }
        return ECO_OK;
    }
    /* haversine: metres and seconds */
    if (n > 20500) /* 20,000 boxes plus depots and facilities: two int32 matrices of 3.4 GB */
        return eco__error(err, ECO_EINPUT, "boxes", "%d locations are too many for a full matrix (max 20500)", n);
    if (!(t->circuity >= 1.0 && t->circuity <= 10.0))
        return eco__error(err, ECO_EINPUT, "travel.circuity", "expected a number in [1, 10], got %g", t->circuity);
    if (!(t->speed_kmh > 0.0 && t->speed_kmh <= 200.0))
        return eco__error(err, ECO_EINPUT, "travel.speed_kmh", "expected a number in (0, 200], got %g", t->speed_kmh);
    inst->dist = malloc((size_t)n * (size_t)n * sizeof(int32_t));
    inst->dur = malloc((size_t)n * (size_t)n * sizeof(int32_t));
    if (!inst->dist || !inst->dur)
        return eco__error(err, ECO_EINTERNAL, "travel", "out of memory for a %d x %d matrix", n, n);
    double mps = t->speed_kmh / 3.6;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double d = i == j ? 0.0
                              : haversine_m(inst->loc_x[i], inst->loc_y[i], inst->loc_x[j], inst->loc_y[j]) *
                                    t->circuity;
            inst->dist[(size_t)i * n + j] = (int32_t)floor(d + 0.5);
            inst->dur[(size_t)i * n + j] = (int32_t)floor(d / mps + 0.5);
        }
    return ECO_OK;
}

/* ---- validation shared by every format ---- */

static _Thread_local const eco_box *sort_boxes; /* qsort has no context argument */

static int cmp_box_id(const void *a, const void *b)
{
    int c = strcmp(sort_boxes[*(const int *)a].id, sort_boxes[*(const int *)b].id);
    return c ? c : *(const int *)a - *(const int *)b;
}

/* True when s is valid UTF-8 (no overlong forms, surrogates or code points
 * beyond U+10FFFF): ids are written into JSON, which holds only such text. */
static bool utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, cp, min;
        int n;
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) n = 2, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF) n = 3, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4) n = 4, min = 0x10000;
        else return false;
        cp = c & (0x3Fu >> (n - 1));
        for (int i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n;
    }
    return true;
}

/* Every id must be UTF-8 text: the text formats take ids from the file as
 * bytes (a Kim Stop_ID, a Solomon customer number). */
static eco_status check_id(const char *kind, int i, const char *id, eco_error *err)
{
    if (utf8_valid(id))
        return ECO_OK;
    char where[64], q[96];
    snprintf(where, sizeof where, "%s[%d].id", kind, i);
    return eco__error(err, ECO_EINPUT, where, "\"%s\" is not valid UTF-8 text", eco__quote(id, q, sizeof q));
}

eco_status eco__instance_validate(eco_instance *inst, eco_error *err)
{
    eco_status st = ECO_OK;
    char where[128];
    for (int i = 0; i < inst->n_depots; i++)
        if (check_id("depots", i, inst->depots[i].id, err) != ECO_OK)
            st = ECO_EINPUT;
    for (int i = 0; i < inst->n_facilities; i++)
        if (check_id("facilities", i, inst->facilities[i].id, err) != ECO_OK)
            st = ECO_EINPUT;
    for (int i = 0; i < inst->n_vehicles; i++)
        if (check_id("vehicles", i, inst->vehicles[i].id, err) != ECO_OK)
            st = ECO_EINPUT;
    for (int i = 0; i < inst->n_boxes; i++)
        if (check_id("boxes", i, inst->boxes[i].id, err) != ECO_OK)
            st = ECO_EINPUT;
    if (inst->n_depots < 1)
        st = eco__error(err, ECO_EINPUT, "depots", "at least one depot is required");
    if (inst->n_vehicles < 1)
        st = eco__error(err, ECO_EINPUT, "vehicles", "at least one vehicle is required");
    for (int i = 0; i < inst->n_depots; i++) {
        const eco_depot *d = &inst->depots[i];
        if (d->close < d->open) {
            snprintf(where, sizeof where, "depots[%d] (%s).time_window", i, d->id);
            st = eco__error(err, ECO_EINPUT, where, "closes (%lld) before it opens (%lld)",
                            (long long)d->close, (long long)d->open);
        }
    }
    for (int i = 0; i < inst->n_facilities; i++) {
        const eco_facility *f = &inst->facilities[i];
        snprintf(where, sizeof where, "facilities[%d] (%s)", i, f->id);
        if (f->close < f->open)
            st = eco__error(err, ECO_EINPUT, where, "closes (%lld) before it opens (%lld)",
                            (long long)f->close, (long long)f->open);
        else if (f->close - f->open < f->unload_time)
            st = eco__error(err, ECO_EINPUT, where, "unload time is longer than the opening hours");
        if (f->accepts == 0)
            st = eco__error(err, ECO_EINPUT, where, "accepts no material");
    }
    for (int v = 0; v < inst->n_vehicles; v++) {
        const eco_vehicle *veh = &inst->vehicles[v];
        snprintf(where, sizeof where, "vehicles[%d] (%s)", v, veh->id);
        if (veh->shift_end < veh->shift_start)
            st = eco__error(err, ECO_EINPUT, where, "shift ends (%lld) before it starts (%lld)",
                            (long long)veh->shift_end, (long long)veh->shift_start);
        if (veh->has_break && veh->break_start_max < veh->break_start_min)
            st = eco__error(err, ECO_EINPUT, where, "break window closes before it opens");
        if (veh->start_depot < 0 || veh->start_depot >= inst->n_depots || veh->end_depot < 0 ||
            veh->end_depot >= inst->n_depots)
            st = eco__error(err, ECO_EINPUT, where, "unknown depot");
        if (veh->cap_total < 0)
            st = eco__error(err, ECO_EINPUT, where, "negative capacity");
        for (int m = 0; m < inst->n_materials; m++)
            if (veh->cap[m] < 0)
                st = eco__error(err, ECO_EINPUT, where, "negative capacity for %s", inst->material_names[m]);
    }
    /* materials: some vehicle carries it, some facility accepts it (if any) */
    for (int m = 0; m < inst->n_materials; m++) {
        bool carried = false, accepted = inst->n_facilities == 0;
        for (int v = 0; v < inst->n_vehicles; v++)
            carried |= (inst->vehicles[v].materials >> m) & 1u;
        for (int f = 0; f < inst->n_facilities; f++)
            accepted |= (inst->facilities[f].accepts >> m) & 1u;
        bool used = false;
        for (int i = 0; i < inst->n_boxes && !used; i++)
            used = inst->boxes[i].material == m;
        if (used && !carried) {
            snprintf(where, sizeof where, "materials.%s", inst->material_names[m]);
            st = eco__error(err, ECO_EINPUT, where, "no vehicle may carry this material");
        }
        if (used && !accepted) {
            snprintf(where, sizeof where, "materials.%s", inst->material_names[m]);
            st = eco__error(err, ECO_EINPUT, where, "no facility accepts this material");
        }
    }
    for (int i = 0; i < inst->n_boxes; i++) {
        const eco_box *b = &inst->boxes[i];
        snprintf(where, sizeof where, "boxes[%d] (%s)", i, b->id);
        if (b->demand < 0)
            st = eco__error(err, ECO_EINPUT, where, "negative load");
        if (b->tw_close < b->tw_open)
            st = eco__error(err, ECO_EINPUT, where, "time window ends (%lld) before it starts (%lld)",
                            (long long)b->tw_close, (long long)b->tw_open);
        if (b->service < 0)
            st = eco__error(err, ECO_EINPUT, where, "negative service time");
        bool fits = false;
        for (int v = 0; v < inst->n_vehicles && !fits; v++) {
            const eco_vehicle *veh = &inst->vehicles[v];
            fits = ((veh->materials >> b->material) & 1u) && b->demand <= veh->cap[b->material] &&
                   b->demand <= veh->cap_total && b->demand <= veh->max_day_load;
        }
        if (!fits && inst->n_vehicles > 0)
            st = eco__error(err, ECO_EINPUT, where,
                            "load %.6g %s is more than any vehicle that carries %s can take",
                            (double)b->demand * inst->load_unit, inst->load_unit_name,
                            inst->material_names[b->material]);
    }
    /* duplicate ids: sort box indices by id */
    if (inst->n_boxes > 1) {
        int *idx = malloc((size_t)inst->n_boxes * sizeof *idx);
        if (!idx)
            return eco__error(err, ECO_EINTERNAL, "boxes", "out of memory");
        for (int i = 0; i < inst->n_boxes; i++)
            idx[i] = i;
        sort_boxes = inst->boxes;
        qsort(idx, (size_t)inst->n_boxes, sizeof *idx, cmp_box_id);
        for (int k = 1; k < inst->n_boxes; k++)
            if (strcmp(inst->boxes[idx[k]].id, inst->boxes[idx[k - 1]].id) == 0) {
                int a = idx[k - 1] < idx[k] ? idx[k - 1] : idx[k], b = idx[k - 1] ^ idx[k] ^ a;
                snprintf(where, sizeof where, "boxes[%d].id", b);
                st = eco__error(err, ECO_EINPUT, where, "duplicate id \"%s\" (also boxes[%d])",
                                inst->boxes[b].id, a);
            }
        free(idx);
    }
    for (int v = 1; v < inst->n_vehicles && inst->n_vehicles <= 5000; v++)
        for (int u = 0; u < v; u++)
            if (strcmp(inst->vehicles[v].id, inst->vehicles[u].id) == 0) {
                snprintf(where, sizeof where, "vehicles[%d].id", v);
                st = eco__error(err, ECO_EINPUT, where, "duplicate id \"%s\" (also vehicles[%d])",
                                inst->vehicles[v].id, u);
                break;
            }
    return st;
}

/* ---- loading with format detection ---- */

eco_status eco_rounding_parse(const char *name, eco_rounding *out)
{
    if (!name)
        return ECO_EINPUT;
    if (strcmp(name, "nint") == 0) *out = ECO_ROUND_NINT;
    else if (strcmp(name, "trunc1") == 0) *out = ECO_ROUND_TRUNC1;
    else if (strcmp(name, "exact") == 0) *out = ECO_ROUND_EXACT;
    else if (strcmp(name, "default") == 0) *out = ECO_ROUND_DEFAULT;
    else return ECO_EINPUT;
    return ECO_OK;
}

const char *eco_rounding_name(eco_rounding r)
{
    switch (r) {
    case ECO_ROUND_NINT: return "nint";
    case ECO_ROUND_TRUNC1: return "trunc1";
    case ECO_ROUND_EXACT: return "exact";
    default: return "default";
    }
}

const char *eco_format_name(eco_format f)
{
    switch (f) {
    case ECO_FORMAT_JSON: return "json";
    case ECO_FORMAT_CVRPLIB: return "cvrplib";
    case ECO_FORMAT_SOLOMON: return "solomon";
    case ECO_FORMAT_KIM: return "kim";
    case ECO_FORMAT_VROOM: return "vroom";
    default: return "auto";
    }
}

/* Guesses the format from the first bytes: JSON starts with '{'; CVRPLIB has
 * "KEY :" header lines; Kim starts with numbers followed by "//" comments;
 * Solomon has a "VEHICLE" line near the top. */
static eco_format detect_format(const char *data, size_t len)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    if (i < len && (data[i] == '{' || data[i] == '['))
        return eco__vroom_detect(data, len) ? ECO_FORMAT_VROOM : ECO_FORMAT_JSON;
    size_t head = len < 4096 ? len : 4096;
    char buf[4097];
    memcpy(buf, data, head);
    buf[head] = '\0';
    for (size_t k = 0; k < head; k++)
        if (buf[k] == '\0')
            buf[k] = ' ';
    if (strstr(buf, "DIMENSION") || strstr(buf, "EDGE_WEIGHT_TYPE") || strstr(buf, "NODE_COORD_SECTION") ||
        strstr(buf, "TYPE"))
        return ECO_FORMAT_CVRPLIB;
    if (strstr(buf, "VEHICLE") && strstr(buf, "CUSTOMER"))
        return ECO_FORMAT_SOLOMON;
    if (strstr(buf, "//") && (isdigit((unsigned char)buf[i]) || buf[i] == '.'))
        return ECO_FORMAT_KIM;
    return ECO_FORMAT_AUTO;
}

eco_status eco_instance_load_buffer(const char *data, size_t len, const char *name,
                                    const eco_load_options *opt, eco_instance **out, eco_error *err)
{
    eco_load_options defaults = {.format = ECO_FORMAT_AUTO, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    if (!opt)
        opt = &defaults;
    *out = NULL;
    if (!name)
        name = "<input>";
    if (len == 0)
        return eco__error(err, ECO_EINPUT, name, "empty input");
    eco_format fmt = opt->format != ECO_FORMAT_AUTO ? opt->format : detect_format(data, len);
    eco_instance *inst = NULL;
    eco_status st;
    switch (fmt) {
    case ECO_FORMAT_JSON: st = eco__read_json_model(data, len, name, opt, &inst, err); break;
    case ECO_FORMAT_CVRPLIB: st = eco__read_cvrplib(data, len, name, opt, &inst, err); break;
    case ECO_FORMAT_SOLOMON: st = eco__read_solomon(data, len, name, opt, &inst, err); break;
    case ECO_FORMAT_KIM: st = eco__read_kim(data, len, name, opt, &inst, err); break;
    case ECO_FORMAT_VROOM: st = eco__read_vroom(data, len, name, opt, &inst, err); break;
    default:
        return eco__error(err, ECO_EINPUT, name,
                          "unrecognised format: expected native JSON, CVRPLIB, Solomon or Kim text");
    }
    if (st == ECO_OK && (opt->osrm_url || opt->osrm_cache_dir) && inst->coord_kind != ECO_COORD_GEO)
        st = eco__error(err, ECO_EINPUT, name, "--osrm needs [lon, lat] locations (a native JSON model); "
                                               "this %s instance has planar coordinates", eco_format_name(fmt));
    if (st != ECO_OK) {
        eco_instance_destroy(inst);
        return st;
    }
    *out = inst;
    return ECO_OK;
}

eco_status eco_instance_load_file(const char *path, const eco_load_options *opt, eco_instance **out,
                                  eco_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return eco__error(err, ECO_EINPUT, path, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    eco_status st = ECO_OK;
    if (!buf) {
        st = eco__error(err, ECO_EINTERNAL, path, "out of memory");
        goto out;
    }
    for (;;) {
        if (len == cap) {
            if (cap >= MAX_INPUT_BYTES) {
                st = eco__error(err, ECO_EINPUT, path, "file is larger than 1 GiB");
                goto out;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                st = eco__error(err, ECO_EINTERNAL, path, "out of memory");
                goto out;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        st = eco__error(err, ECO_EINPUT, path, "read error: %s", strerror(errno));
        goto out;
    }
    st = eco_instance_load_buffer(buf, len, path, opt, out, err);
out:
    free(buf);
    fclose(f);
    return st;
}

const char *eco_instance_name(const eco_instance *inst) { return inst->name; }
eco_format eco_instance_format(const eco_instance *inst) { return inst->format; }
int eco_instance_n_boxes(const eco_instance *inst) { return inst->n_boxes; }
int eco_instance_n_vehicles(const eco_instance *inst) { return inst->unlimited_fleet ? -1 : inst->n_vehicles; }
int eco_instance_n_facilities(const eco_instance *inst) { return inst->n_facilities; }

void eco__osrm_config_from_instance(const eco_instance *inst, eco_osrm_config *cfg)
{
    const eco_travel_spec *t = &inst->travel;
    eco__osrm_config_init(cfg);
    cfg->base_url = t->osrm_url;
    if (t->osrm_profile)
        cfg->profile = t->osrm_profile;
    if (t->osrm_block_size > 0)
        cfg->block_size = t->osrm_block_size;
    if (t->osrm_parallel > 0)
        cfg->parallel = t->osrm_parallel;
    if (t->osrm_timeout_s > 0)
        cfg->timeout_s = t->osrm_timeout_s;
    if (t->osrm_max_snap_m >= 0)
        cfg->max_snap_m = t->osrm_max_snap_m;
    cfg->cache_dir = t->osrm_cache_dir;
}
