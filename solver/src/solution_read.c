/*
 * solution_read.c - reads a solution for a loaded instance, so that the
 * checker can score any solution file. Two formats, told apart by the first
 * byte that is not blank:
 *
 *  - the native solution JSON ('{'): {"routes": [{"vehicle": ID, "steps":
 *    [{"type": "start", "departure": T}, {"type": "pickup", "id": BOX},
 *    {"type": "unload", "id": FACILITY}, {"type": "break"}, {"type": "end"}]}],
 *    "unassigned": [{"id": BOX, "reason": TEXT}]}. Only the vehicle ids, the
 *    step types and ids, the start step's departure (in the instance's
 *    reported time unit, or "HH:MM[:SS]") and the unassigned list are read;
 *    every other field (times, loads, costs, summaries) is ignored, since the
 *    checker recomputes them. Errors name the JSON path.
 *  - CVRPLIB .sol text: "Route #k: c1 c2 ..." lines and an optional "Cost X"
 *    line (ignored). Route k is driven by vehicle k - 1. Customer numbers are
 *    looked up as box ids, which is how the CVRPLIB reader (1-based position
 *    among the non-depot nodes) and the Solomon reader (CUST NO.) name boxes.
 *    Errors name FILE:LINE.
 *
 * A box listed twice, or in a route and in unassigned, is not an error here:
 * the checker reports it. A vehicle with two routes, unknown ids and unknown
 * step types are errors.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "read_util.h"
#include "solution.h"

/* ---- id lookup: a sorted array of (id, index) ---- */

typedef struct id_ref {
    const char *id;  /* borrowed from the instance */
    int index;
} id_ref;

typedef struct id_index {
    id_ref *refs;
    int n;
} id_index;

static int cmp_ref(const void *a, const void *b)
{
    const id_ref *p = a, *q = b;
    int c = strcmp(p->id, q->id);
    return c ? c : (p->index > q->index) - (p->index < q->index);
}

/* Builds an index over n objects of `size` bytes whose id pointer is at `offset`. */
static bool index_build(id_index *ix, const void *base, int n, size_t size, size_t offset)
{
    ix->n = 0;
    ix->refs = malloc((size_t)(n > 0 ? n : 1) * sizeof *ix->refs);
    if (!ix->refs)
        return false;
    for (int i = 0; i < n; i++) {
        const char *id = *(const char *const *)((const char *)base + (size_t)i * size + offset);
        ix->refs[i].id = id ? id : "";
        ix->refs[i].index = i;
    }
    ix->n = n;
    qsort(ix->refs, (size_t)n, sizeof *ix->refs, cmp_ref);
    return true;
}

static int index_find(const id_index *ix, const char *id)
{
    int lo = 0, hi = ix->n - 1, found = -1;
    while (lo <= hi) { /* the first of equal ids */
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(ix->refs[mid].id, id);
        if (c < 0) {
            lo = mid + 1;
        } else {
            if (c == 0)
                found = ix->refs[mid].index;
            hi = mid - 1;
        }
    }
    return found;
}

/* Looks a customer number up as written, then in canonical integer form
 * ("007" and "+7" name box "7"). */
static int find_number_or_id(const id_index *ix, const char *tok)
{
    int i = index_find(ix, tok);
    if (i >= 0)
        return i;
    const char *p = tok;
    if (*p == '+')
        p++;
    if (!*p || strlen(p) > 18)
        return -1;
    for (const char *q = p; *q; q++)
        if (!isdigit((unsigned char)*q))
            return -1;
    char canon[24];
    snprintf(canon, sizeof canon, "%lld", strtoll(p, NULL, 10));
    return index_find(ix, canon);
}

typedef struct reader {
    const eco_instance *inst;
    const char *name;
    eco_error *err;
    id_index boxes, facilities, vehicles;
    int *vehicle_route;   /* per vehicle: 1 + index of its route, 0 when none */
    eco_solution *sol;
} reader;

/* ---- CVRPLIB .sol text ---- */

static eco_status read_text(reader *r, const char *data, size_t len)
{
    eco__lines L;
    eco_status st = ECO_OK;
    char *line, q[96];
    eco__lines_init(&L, data, len, r->name);
    for (;;) {
        if ((st = eco__lines_next(&L, &line, r->err)) != ECO_OK)
            goto out;
        if (!line)
            break;
        char *t = eco__trim(line);
        if (!*t)
            continue;
        if (strncasecmp(t, "Cost", 4) == 0 && (t[4] == '\0' || !isalnum((unsigned char)t[4])))
            continue; /* the checker recomputes the cost */
        if (strncasecmp(t, "Route", 5) != 0) {
            st = eco__line_error(&L, r->err, ECO_EINPUT, "expected \"Route #k: customers...\" or \"Cost X\", got \"%s\"",
                                 eco__quote(t, q, sizeof q));
            goto out;
        }
        char *p = t + 5;
        p += strspn(p, " \t");
        if (*p == '#')
            p++;
        char *colon = strchr(p, ':');
        if (!colon) {
            st = eco__line_error(&L, r->err, ECO_EINPUT, "expected \"Route #k: customers...\" (no ':' found)");
            goto out;
        }
        *colon = '\0';
        long long k;
        if ((st = eco__field_int(&L, r->err, eco__trim(p), "route number", 1, INT32_MAX, &k)) != ECO_OK)
            goto out;
        if (k > r->inst->n_vehicles) {
            st = eco__line_error(&L, r->err, ECO_EINPUT, "route #%lld: the instance has only %d vehicles", k,
                                 r->inst->n_vehicles);
            goto out;
        }
        int v = (int)k - 1;
        if (r->vehicle_route[v]) {
            st = eco__line_error(&L, r->err, ECO_EINPUT, "route #%lld given twice", k);
            goto out;
        }
        eco_route *route = eco__solution_add_route(r->sol, v);
        if (!route) {
            st = eco__line_error(&L, r->err, ECO_EINTERNAL, "out of memory");
            goto out;
        }
        r->vehicle_route[v] = r->sol->n_routes;
        char *cur = colon + 1, *tok;
        while ((tok = eco__next_field(&cur)) != NULL) {
            int b = find_number_or_id(&r->boxes, tok);
            if (b < 0) {
                st = eco__line_error(&L, r->err, ECO_EINPUT, "route #%lld: unknown customer \"%s\"", k,
                                     eco__quote(tok, q, sizeof q));
                goto out;
            }
            if (eco__route_push(route, ECO_STEP_PICKUP, b) != ECO_OK) {
                st = eco__line_error(&L, r->err, ECO_EINTERNAL, "out of memory");
                goto out;
            }
        }
    }
out:
    eco__lines_free(&L);
    return st;
}

/* ---- native solution JSON ---- */

static eco_status path_error(reader *r, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static eco_status path_error(reader *r, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return eco__error(r->err, ECO_EINPUT, path, "%s", msg);
}

/* An id given as a string or an integer, as text in buf; NULL otherwise. */
static const char *json_id(const json_t *v, char *buf, size_t n)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    return NULL;
}

/* departure: a number in the instance's reported time unit, or "HH:MM[:SS]" */
static eco_status read_departure(reader *r, const json_t *v, const char *path, int64_t *out)
{
    double t;
    if (json_is_number(v)) {
        t = json_number_value(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        int h, m, sec = 0, used = 0;
        if (!((sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec, &used) == 3 && s[used] == '\0') ||
              (sec = 0, used = 0, sscanf(s, "%2d:%2d%n", &h, &m, &used) == 2 && s[used] == '\0')) ||
            h < 0 || h > 48 || m < 0 || m > 59 || sec < 0 || sec > 59)
            return path_error(r, path, "expected a time (a number or \"HH:MM\"), got \"%.40s\"", s);
        t = h * 3600.0 + m * 60.0 + sec;
    } else {
        return path_error(r, path, "expected a time (a number or \"HH:MM\")");
    }
    double units = t / r->inst->time_unit;
    if (!isfinite(units) || units < 0 || units > 1e15)
        return path_error(r, path, "time %.10g is out of range", t);
    *out = (int64_t)llround(units);
    return ECO_OK;
}

static eco_status read_step(reader *r, eco_route *route, const json_t *step, const char *spath, size_t k,
                            size_t n_steps)
{
    char path[256], tpath[256], buf[32], q[96];
    if (!json_is_object(step))
        return path_error(r, spath, "expected an object");
    const json_t *type = json_object_get(step, "type");
    snprintf(tpath, sizeof tpath, "%s.type", spath);
    if (!type)
        return path_error(r, tpath, "missing");
    if (!json_is_string(type))
        return path_error(r, tpath, "expected a string");
    const char *t = json_string_value(type);
    const json_t *idv = json_object_get(step, "id");
    snprintf(path, sizeof path, "%s.id", spath);
    const char *id = idv ? json_id(idv, buf, sizeof buf) : NULL;
    if (strcmp(t, "start") == 0) {
        if (k != 0)
            return path_error(r, spath, "a \"start\" step must be the first step");
        const json_t *dep = json_object_get(step, "departure");
        if (dep && !json_is_null(dep)) {
            snprintf(path, sizeof path, "%s.departure", spath);
            return read_departure(r, dep, path, &route->start_time);
        }
        return ECO_OK;
    }
    if (strcmp(t, "end") == 0) {
        if (k + 1 != n_steps)
            return path_error(r, spath, "an \"end\" step must be the last step");
        return ECO_OK;
    }
    if (strcmp(t, "break") == 0)
        return eco__route_push(route, ECO_STEP_BREAK, -1) == ECO_OK
                   ? ECO_OK
                   : eco__error(r->err, ECO_EINTERNAL, spath, "out of memory");
    bool pickup = strcmp(t, "pickup") == 0;
    if (!pickup && strcmp(t, "unload") != 0)
        return path_error(r, tpath, "unknown step type \"%s\" (expected start, pickup, unload, break or end)",
                          eco__quote(t, q, sizeof q));
    if (!idv)
        return path_error(r, path, "missing");
    if (!id)
        return path_error(r, path, "expected a string");
    int ref = pickup ? index_find(&r->boxes, id) : index_find(&r->facilities, id);
    if (ref < 0)
        return path_error(r, path, "unknown %s \"%s\"", pickup ? "box" : "facility", eco__quote(id, q, sizeof q));
    if (eco__route_push(route, pickup ? ECO_STEP_PICKUP : ECO_STEP_UNLOAD, ref) != ECO_OK)
        return eco__error(r->err, ECO_EINTERNAL, spath, "out of memory");
    return ECO_OK;
}

static eco_status read_json(reader *r, const char *data, size_t len)
{
    eco_status st = ECO_OK;
    json_error_t je;
    char path[256], buf[32], q[96];
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        char where[256];
        snprintf(where, sizeof where, "%.200s:%d", r->name, je.line > 0 ? je.line : 1);
        return eco__error(r->err, ECO_EINPUT, where, "invalid JSON at line %d, column %d: %s", je.line, je.column,
                          je.text);
    }
    if (!json_is_object(root)) {
        st = path_error(r, "(top)", "expected an object with \"routes\"");
        goto out;
    }
    const json_t *routes = json_object_get(root, "routes");
    if (!routes) {
        st = path_error(r, "routes", "missing");
        goto out;
    }
    if (!json_is_array(routes)) {
        st = path_error(r, "routes", "expected an array");
        goto out;
    }
    for (size_t i = 0; i < json_array_size(routes); i++) {
        const json_t *rt = json_array_get(routes, i);
        char rpath[64];
        snprintf(rpath, sizeof rpath, "routes[%zu]", i);
        if (!json_is_object(rt)) {
            st = path_error(r, rpath, "expected an object");
            goto out;
        }
        const json_t *vv = json_object_get(rt, "vehicle");
        snprintf(path, sizeof path, "%s.vehicle", rpath);
        if (!vv) {
            st = path_error(r, path, "missing");
            goto out;
        }
        const char *vid = json_id(vv, buf, sizeof buf);
        if (!vid) {
            st = path_error(r, path, "expected a string");
            goto out;
        }
        int v = index_find(&r->vehicles, vid);
        if (v < 0) {
            st = path_error(r, path, "unknown vehicle \"%s\"", eco__quote(vid, q, sizeof q));
            goto out;
        }
        if (r->vehicle_route[v]) {
            st = path_error(r, path, "vehicle \"%s\" already has a route (routes[%d])", eco__quote(vid, q, sizeof q),
                            r->vehicle_route[v] - 1);
            goto out;
        }
        eco_route *route = eco__solution_add_route(r->sol, v);
        if (!route) {
            st = eco__error(r->err, ECO_EINTERNAL, rpath, "out of memory");
            goto out;
        }
        r->vehicle_route[v] = r->sol->n_routes;
        const json_t *steps = json_object_get(rt, "steps");
        snprintf(path, sizeof path, "%s.steps", rpath);
        if (!steps) {
            st = path_error(r, path, "missing");
            goto out;
        }
        if (!json_is_array(steps)) {
            st = path_error(r, path, "expected an array");
            goto out;
        }
        size_t n_steps = json_array_size(steps);
        for (size_t k = 0; k < n_steps; k++) {
            char spath[96];
            snprintf(spath, sizeof spath, "%s.steps[%zu]", rpath, k);
            if ((st = read_step(r, route, json_array_get(steps, k), spath, k, n_steps)) != ECO_OK)
                goto out;
        }
    }
    const json_t *un = json_object_get(root, "unassigned");
    if (un && !json_is_null(un)) {
        if (!json_is_array(un)) {
            st = path_error(r, "unassigned", "expected an array");
            goto out;
        }
        for (size_t i = 0; i < json_array_size(un); i++) {
            const json_t *u = json_array_get(un, i);
            const json_t *idv = json_is_object(u) ? json_object_get(u, "id") : u;
            const json_t *rv = json_is_object(u) ? json_object_get(u, "reason") : NULL;
            snprintf(path, sizeof path, json_is_object(u) ? "unassigned[%zu].id" : "unassigned[%zu]", i);
            const char *id = idv ? json_id(idv, buf, sizeof buf) : NULL;
            if (!id) {
                st = path_error(r, path, idv ? "expected a box id" : "missing");
                goto out;
            }
            int b = index_find(&r->boxes, id);
            if (b < 0) {
                st = path_error(r, path, "unknown box \"%s\"", eco__quote(id, q, sizeof q));
                goto out;
            }
            const char *reason = rv && json_is_string(rv) ? json_string_value(rv) : "unassigned";
            if (rv && !json_is_string(rv) && !json_is_null(rv)) {
                snprintf(path, sizeof path, "unassigned[%zu].reason", i);
                st = path_error(r, path, "expected a string");
                goto out;
            }
            if (eco__solution_unassign(r->sol, b, "%s", reason) != ECO_OK) {
                st = eco__error(r->err, ECO_EINTERNAL, "unassigned", "out of memory");
                goto out;
            }
        }
    }
out:
    json_decref(root);
    return st;
}

eco_status eco_solution_read_buffer(const eco_instance *inst, const char *data, size_t len, const char *name,
                                    eco_solution **out, eco_error *err)
{
    reader r;
    eco_status st = ECO_OK;
    memset(&r, 0, sizeof r);
    *out = NULL;
    r.inst = inst;
    r.name = name ? name : "<solution>";
    r.err = err;
    if (!inst)
        return eco__error(err, ECO_EINPUT, r.name, "no instance to read the solution for");
    if (!data)
        len = 0;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    if (i == len)
        return eco__error(err, ECO_EINPUT, r.name, "empty solution file");
    r.sol = eco__solution_new();
    r.vehicle_route = calloc((size_t)(inst->n_vehicles > 0 ? inst->n_vehicles : 1), sizeof *r.vehicle_route);
    if (!r.sol || !r.vehicle_route ||
        !index_build(&r.boxes, inst->boxes, inst->n_boxes, sizeof *inst->boxes, offsetof(eco_box, id)) ||
        !index_build(&r.facilities, inst->facilities, inst->n_facilities, sizeof *inst->facilities,
                     offsetof(eco_facility, id)) ||
        !index_build(&r.vehicles, inst->vehicles, inst->n_vehicles, sizeof *inst->vehicles,
                     offsetof(eco_vehicle, id))) {
        st = eco__error(err, ECO_EINTERNAL, r.name, "out of memory");
        goto out;
    }
    if (data[i] == '{' || data[i] == '[') {
        size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        st = read_json(&r, data + bom, len - bom); /* from the top, so that line numbers hold */
    } else {
        st = read_text(&r, data, len);
    }
    if (st == ECO_OK) {
        *out = r.sol;
        r.sol = NULL;
    }
out:
    eco_solution_destroy(r.sol);
    free(r.vehicle_route);
    free(r.boxes.refs);
    free(r.facilities.refs);
    free(r.vehicles.refs);
    return st;
}

eco_status eco_solution_read_file(const eco_instance *inst, const char *path, eco_solution **out, eco_error *err)
{
    char *data;
    size_t len;
    *out = NULL;
    eco_status st = eco__slurp_file(path, &data, &len, err);
    if (st != ECO_OK)
        return st;
    st = eco_solution_read_buffer(inst, data, len, path, out, err);
    free(data);
    return st;
}
