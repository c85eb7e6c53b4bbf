/*
 * read_cvrplib.c - reader for CVRPLIB / TSPLIB capacitated VRP files.
 *
 * Accepted: TYPE CVRP (also ACVRP and DCVRP), EDGE_WEIGHT_TYPE EUC_2D and
 * MAN_2D (planar, rounded as opt->rounding says, nint by default), CEIL_2D and
 * ATT (TSPLIB's own integer rules, computed here into a matrix), and EXPLICIT
 * with EDGE_WEIGHT_FORMAT FULL_MATRIX, LOWER_ROW, LOWER_DIAG_ROW, UPPER_ROW or
 * UPPER_DIAG_ROW; sections NODE_COORD_SECTION, DISPLAY_DATA_SECTION (display
 * coordinates, used as locations when there are no node coordinates),
 * DEMAND_SECTION, DEPOT_SECTION (exactly one depot), EDGE_WEIGHT_SECTION;
 * optional DISTANCE (maximum route distance) and SERVICE_TIME (every
 * customer's service; time equals distance). Unknown "KEY : VALUE" header
 * lines are ignored; unknown sections are refused because they would change
 * the problem (time windows, pickups, ...).
 *
 * Numbering. Boxes are the non-depot nodes in node-number order. A box's
 * file_id is its node number in the file; its id string is its 1-based
 * position among the non-depot nodes, which is how CVRPLIB .sol files number
 * customers (with the depot at node 1, customer c is node c + 1). So a .sol
 * customer number is looked up as a box id. The depot's id is "depot".
 *
 * Model. One material "mixed"; an unlimited fleet represented by n_boxes
 * identical vehicles "1", "2", ... with total capacity CAPACITY, no time
 * limits, cost 1 per reported distance unit (the CVRPLIB objective is the
 * distance). Loads in units of 1. Memory is O(n) apart from the travel
 * matrix, which the planar builder leaves out above ECO_FULL_MATRIX_MAX.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_util.h"

#define MAX_DIMENSION 100000  /* nodes */
#define MAX_COORD 1e9         /* |x|, |y| */
#define MAX_LOAD 1e12         /* demand and capacity */
#define MAX_WEIGHT 1e9        /* explicit edge weight, reported units */
#define MAX_NAME_LEN 256      /* NAME value, bytes */

typedef enum ewt_kind { EWT_NONE, EWT_EUC_2D, EWT_MAN_2D, EWT_CEIL_2D, EWT_ATT, EWT_EXPLICIT } ewt_kind;
typedef enum ewf_kind {
    EWF_NONE, EWF_FUNCTION, EWF_FULL_MATRIX, EWF_LOWER_ROW, EWF_LOWER_DIAG_ROW, EWF_UPPER_ROW,
    EWF_UPPER_DIAG_ROW
} ewf_kind;

/* header keys whose repetition is an error */
enum { K_NAME, K_TYPE, K_DIMENSION, K_CAPACITY, K_EWT, K_EWF, K_DISTANCE, K_SERVICE, K_NCT, K_COUNT };

/* sections */
enum { S_COORD, S_DISPLAY, S_DEMAND, S_DEPOT, S_WEIGHTS, S_COUNT };
static const char *const section_names[S_COUNT] = {"NODE_COORD_SECTION", "DISPLAY_DATA_SECTION",
                                                   "DEMAND_SECTION", "DEPOT_SECTION",
                                                   "EDGE_WEIGHT_SECTION"};

typedef struct cvrp {
    eco__lines L;
    eco_error *err;
    int key_line[K_COUNT];     /* line of each header key, 0 when not seen */
    int section_line[S_COUNT]; /* line of each section, 0 when not seen */
    char *title;               /* NAME value (owned) */
    int n;                     /* DIMENSION, 0 until given */
    long long capacity;
    double distance;           /* DISTANCE, reported units; 0: none */
    double service;            /* SERVICE_TIME, reported units */
    ewt_kind ewt;
    ewf_kind ewf;
    double upr;                /* internal distance units per reported unit */
    double *x, *y;             /* n coordinates */
    bool coords_from_nodes;    /* x, y came from NODE_COORD_SECTION */
    long long *demand;         /* n demands */
    int *seen;                 /* n: line where a node appeared in the current section */
    int *demand_line;          /* n: line of each node's demand */
    int depot;                 /* 0-based node, -1 until known */
    int32_t *matrix;           /* n x n explicit weights, internal units */
    char pending[40];          /* a keyword read by a section that ends without a marker */
} cvrp;

/* "NODE_COORD_SECTION" -> its index, "EOF" -> S_COUNT, other *_SECTION -> -2, else -1 */
static int keyword_index(const char *tok)
{
    for (int s = 0; s < S_COUNT; s++)
        if (strcmp(tok, section_names[s]) == 0)
            return s;
    if (strcmp(tok, "EOF") == 0)
        return S_COUNT;
    size_t n = strlen(tok);
    if (n > 8 && strcmp(tok + n - 8, "_SECTION") == 0)
        return -2;
    return -1;
}

static eco_status alloc_nodes(cvrp *c)
{
    size_t n = (size_t)c->n;
    if (c->x)
        return ECO_OK;
    c->x = calloc(n, sizeof *c->x);
    c->y = calloc(n, sizeof *c->y);
    c->demand = calloc(n, sizeof *c->demand);
    c->seen = calloc(n, sizeof *c->seen);
    c->demand_line = calloc(n, sizeof *c->demand_line);
    if (!c->x || !c->y || !c->demand || !c->seen || !c->demand_line)
        return eco__line_error(&c->L, c->err, ECO_EINTERNAL, "out of memory for %d nodes", c->n);
    return ECO_OK;
}

static eco_status truncated(cvrp *c, int sec, int got)
{
    int missing = 0;
    while (missing < c->n && c->seen[missing])
        missing++;
    return eco__line_error(&c->L, c->err, ECO_EINPUT,
                           "truncated file: %s has %d of %d nodes (node %d missing)", section_names[sec], got,
                           c->n, missing + 1);
}

/* The refusal of a *_SECTION this reader does not know, at the current line. */
static eco_status unsupported_section(const cvrp *c, const char *section)
{
    return eco__line_error(&c->L, c->err, ECO_EINPUT,
                           "section %s is not supported (a CVRP file has NODE_COORD_SECTION, "
                           "DEMAND_SECTION, DEPOT_SECTION and optionally EDGE_WEIGHT_SECTION, "
                           "DISPLAY_DATA_SECTION)", section);
}

/* NODE_COORD_SECTION, DISPLAY_DATA_SECTION, DEMAND_SECTION: one row per node */
static eco_status node_section(cvrp *c, int sec)
{
    eco_status st;
    memset(c->seen, 0, (size_t)c->n * sizeof *c->seen);
    int ncols = sec == S_DEMAND ? 2 : 3;
    const char *cols = sec == S_DEMAND ? "node demand" : "node x y";
    /* node coordinates win over display coordinates, whichever comes first */
    bool store = sec == S_DEMAND || sec == S_COORD || !c->coords_from_nodes;
    for (int got = 0; got < c->n;) {
        char *line;
        if ((st = eco__lines_next(&c->L, &line, c->err)) != ECO_OK)
            return st;
        if (!line)
            return truncated(c, sec, got);
        char *f[4];
        int k = eco__split(line, f, 4);
        if (k == 0)
            continue;
        if (keyword_index(f[0]) != -1)
            return truncated(c, sec, got);
        if (k != ncols)
            return eco__line_error(&c->L, c->err, ECO_EINPUT, "%s: expected %d columns (%s), got %d",
                                   section_names[sec], ncols, cols, k);
        long long id;
        if ((st = eco__field_int(&c->L, c->err, f[0], "node number", 1, c->n, &id)) != ECO_OK)
            return st;
        int i = (int)id - 1;
        if (c->seen[i])
            return eco__line_error(&c->L, c->err, ECO_EINPUT, "%s: node %d listed twice (also line %d)",
                                   section_names[sec], i + 1, c->seen[i]);
        c->seen[i] = c->L.line_no;
        if (sec == S_DEMAND) {
            long long q;
            if ((st = eco__field_int(&c->L, c->err, f[1], "demand", 0, (long long)MAX_LOAD, &q)) != ECO_OK)
                return st;
            c->demand[i] = q;
            c->demand_line[i] = c->L.line_no;
        } else {
            double x, y;
            if ((st = eco__field_number(&c->L, c->err, f[1], "x", -MAX_COORD, MAX_COORD, &x)) != ECO_OK ||
                (st = eco__field_number(&c->L, c->err, f[2], "y", -MAX_COORD, MAX_COORD, &y)) != ECO_OK)
                return st;
            if (store) {
                c->x[i] = x;
                c->y[i] = y;
            }
        }
        got++;
    }
    if (sec == S_COORD)
        c->coords_from_nodes = true;
    return ECO_OK;
}

/* DEPOT_SECTION: node numbers ended by -1 (or by the next section / the end) */
static eco_status depot_section(cvrp *c)
{
    eco_status st;
    for (;;) {
        char *line, *cur, *tok;
        if ((st = eco__lines_next(&c->L, &line, c->err)) != ECO_OK)
            return st;
        if (!line)
            break;
        cur = line;
        while ((tok = eco__next_field(&cur)) != NULL) {
            if (keyword_index(tok) != -1) {
                if (eco__next_field(&cur))
                    return eco__line_error(&c->L, c->err, ECO_EINPUT, "unexpected text after %s", tok);
                snprintf(c->pending, sizeof c->pending, "%s", tok);
                goto done;
            }
            long long id;
            if ((st = eco__field_int(&c->L, c->err, tok, "DEPOT_SECTION: depot node", -1, c->n, &id)) != ECO_OK)
                return st;
            if (id == -1) {
                if (eco__next_field(&cur))
                    return eco__line_error(&c->L, c->err, ECO_EINPUT, "DEPOT_SECTION: unexpected text after -1");
                goto done;
            }
            if (id == 0)
                return eco__line_error(&c->L, c->err, ECO_EINPUT,
                                       "DEPOT_SECTION: expected a node number in [1, %d] or -1, got 0", c->n);
            if (c->depot >= 0 && c->depot != (int)id - 1)
                return eco__line_error(&c->L, c->err, ECO_EINPUT,
                                       "DEPOT_SECTION: only one depot is supported, got nodes %d and %lld",
                                       c->depot + 1, id);
            c->depot = (int)id - 1;
        }
    }
done:
    if (c->depot < 0)
        return eco__line_error(&c->L, c->err, ECO_EINPUT, "DEPOT_SECTION lists no depot");
    return ECO_OK;
}

static long long weight_count(const cvrp *c)
{
    long long n = c->n;
    switch (c->ewf) {
    case EWF_FULL_MATRIX: return n * n;
    case EWF_LOWER_ROW:
    case EWF_UPPER_ROW: return n * (n - 1) / 2;
    default: return n * (n + 1) / 2;
    }
}

static eco_status weight_section(cvrp *c)
{
    eco_status st;
    int n = c->n;
    if (c->ewt != EWT_EXPLICIT)
        return eco__line_error(&c->L, c->err, ECO_EINPUT,
                               "EDGE_WEIGHT_SECTION needs EDGE_WEIGHT_TYPE : EXPLICIT before it");
    if (c->ewf == EWF_NONE || c->ewf == EWF_FUNCTION)
        return eco__line_error(&c->L, c->err, ECO_EINPUT,
                               "EDGE_WEIGHT_SECTION needs EDGE_WEIGHT_FORMAT (FULL_MATRIX, LOWER_ROW, "
                               "LOWER_DIAG_ROW, UPPER_ROW or UPPER_DIAG_ROW) before it");
    if (n > ECO_FULL_MATRIX_MAX)
        return eco__line_error(&c->L, c->err, ECO_EINPUT,
                               "EDGE_WEIGHT_SECTION: %d nodes are too many for an explicit matrix (max %d)", n,
                               ECO_FULL_MATRIX_MAX);
    long long total = weight_count(c), got = 0;
    /* each value takes a digit and a separator: refuse a short file before
     * allocating the matrix it announces */
    if ((long long)(c->L.len - c->L.pos) < 2 * total - 1)
        return eco__line_error(&c->L, c->err, ECO_EINPUT,
                               "truncated file: EDGE_WEIGHT_SECTION needs %lld values and only %zu bytes follow",
                               total, c->L.len - c->L.pos);
    c->matrix = calloc((size_t)n * (size_t)n, sizeof *c->matrix);
    if (!c->matrix)
        return eco__line_error(&c->L, c->err, ECO_EINTERNAL, "out of memory for a %d x %d matrix", n, n);
    /* (i, j) of the next value in the format's order */
    int i = 0, j = 0;
    if (c->ewf == EWF_LOWER_ROW)
        i = 1;
    else if (c->ewf == EWF_UPPER_ROW)
        j = 1;
    double limit = fmin(MAX_WEIGHT, 2.0e9 / c->upr);
    while (got < total) {
        char *line, *cur, *tok;
        if ((st = eco__lines_next(&c->L, &line, c->err)) != ECO_OK)
            return st;
        if (!line)
            goto short_section;
        cur = line;
        while ((tok = eco__next_field(&cur)) != NULL) {
            if (keyword_index(tok) != -1)
                goto short_section;
            if (got == total)
                return eco__line_error(&c->L, c->err, ECO_EINPUT,
                                       "EDGE_WEIGHT_SECTION: more values than the %lld that %d nodes need",
                                       total, n);
            double w;
            char what[64];
            snprintf(what, sizeof what, "EDGE_WEIGHT_SECTION: weight %d-%d", i + 1, j + 1);
            if ((st = eco__field_number(&c->L, c->err, tok, what, 0, limit, &w)) != ECO_OK)
                return st;
            int32_t v;
            if (c->upr == 1.0)
                v = (int32_t)floor(w + 0.5);
            else if (c->upr == 10.0)
                v = (int32_t)floor(10.0 * w + 1e-9);
            else
                v = (int32_t)floor(w * c->upr + 0.5);
            if (i != j) { /* the diagonal stays 0 */
                c->matrix[(size_t)i * n + j] = v;
                if (c->ewf != EWF_FULL_MATRIX)
                    c->matrix[(size_t)j * n + i] = v;
            }
            got++;
            switch (c->ewf) {
            case EWF_FULL_MATRIX:
                if (++j == n) { i++; j = 0; }
                break;
            case EWF_LOWER_ROW:
                if (++j == i) { i++; j = 0; }
                break;
            case EWF_LOWER_DIAG_ROW:
                if (++j > i) { i++; j = 0; }
                break;
            case EWF_UPPER_ROW:
                if (++j == n) { i++; j = i + 1; }
                break;
            default: /* UPPER_DIAG_ROW */
                if (++j == n) { i++; j = i; }
                break;
            }
        }
    }
    return ECO_OK;
short_section:
    return eco__line_error(&c->L, c->err, ECO_EINPUT, "truncated file: EDGE_WEIGHT_SECTION has %lld of %lld values",
                           got, total);
}

static eco_status header_line(cvrp *c, char *line)
{
    char q[96];
    char *colon = strchr(line, ':');
    if (!colon && (isdigit((unsigned char)line[0]) || line[0] == '-' || line[0] == '+' || line[0] == '.'))
        return eco__line_error(&c->L, c->err, ECO_EINPUT,
                               "unexpected data row \"%s\" outside a section (more rows than DIMENSION %d?)",
                               eco__quote(line, q, sizeof q), c->n);
    if (!colon)
        return eco__line_error(&c->L, c->err, ECO_EINPUT,
                               "expected a \"KEY : VALUE\" header line or a section name, got \"%s\"",
                               eco__quote(line, q, sizeof q));
    *colon = '\0';
    char *key = eco__trim(line), *val = eco__trim(colon + 1);
    bool word = *key != '\0';
    for (const char *p = key; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            word = false;
    if (!word)
        return eco__line_error(&c->L, c->err, ECO_EINPUT,
                               "expected a \"KEY : VALUE\" header line or a section name, got \"%s\"",
                               eco__quote(key, q, sizeof q));
    int k;
    if (strcmp(key, "NAME") == 0) k = K_NAME;
    else if (strcmp(key, "TYPE") == 0) k = K_TYPE;
    else if (strcmp(key, "DIMENSION") == 0) k = K_DIMENSION;
    else if (strcmp(key, "CAPACITY") == 0) k = K_CAPACITY;
    else if (strcmp(key, "EDGE_WEIGHT_TYPE") == 0) k = K_EWT;
    else if (strcmp(key, "EDGE_WEIGHT_FORMAT") == 0) k = K_EWF;
    else if (strcmp(key, "DISTANCE") == 0) k = K_DISTANCE;
    else if (strcmp(key, "SERVICE_TIME") == 0) k = K_SERVICE;
    else if (strcmp(key, "NODE_COORD_TYPE") == 0) k = K_NCT;
    else
        return ECO_OK; /* COMMENT, VEHICLES, DISPLAY_DATA_TYPE, ...: not needed */
    if (c->key_line[k])
        return eco__line_error(&c->L, c->err, ECO_EINPUT, "%s given twice (also line %d)", key, c->key_line[k]);
    c->key_line[k] = c->L.line_no;
    eco_status st = ECO_OK;
    long long v;
    switch (k) {
    case K_NAME:
        if (strlen(val) > MAX_NAME_LEN)
            return eco__line_error(&c->L, c->err, ECO_EINPUT, "NAME longer than %d characters", MAX_NAME_LEN);
        free(c->title);
        c->title = eco__strdup(val);
        if (!c->title)
            return eco__line_error(&c->L, c->err, ECO_EINTERNAL, "out of memory");
        break;
    case K_TYPE:
        if (strcmp(val, "CVRP") != 0 && strcmp(val, "ACVRP") != 0 && strcmp(val, "DCVRP") != 0)
            return eco__line_error(&c->L, c->err, ECO_EINPUT,
                                   "TYPE: expected CVRP (or ACVRP, DCVRP), got \"%s\"", eco__quote(val, q, sizeof q));
        break;
    case K_DIMENSION:
        if ((st = eco__field_int(&c->L, c->err, val, "DIMENSION (nodes, the depot included)", 2, MAX_DIMENSION,
                                 &v)) != ECO_OK)
            return st;
        c->n = (int)v;
        break;
    case K_CAPACITY:
        if ((st = eco__field_int(&c->L, c->err, val, "CAPACITY", 0, (long long)MAX_LOAD, &v)) != ECO_OK)
            return st;
        c->capacity = v;
        break;
    case K_EWT:
        if (strcmp(val, "EUC_2D") == 0) c->ewt = EWT_EUC_2D;
        else if (strcmp(val, "MAN_2D") == 0) c->ewt = EWT_MAN_2D;
        else if (strcmp(val, "CEIL_2D") == 0) c->ewt = EWT_CEIL_2D;
        else if (strcmp(val, "ATT") == 0) c->ewt = EWT_ATT;
        else if (strcmp(val, "EXPLICIT") == 0) c->ewt = EWT_EXPLICIT;
        else
            return eco__line_error(&c->L, c->err, ECO_EINPUT,
                                   "EDGE_WEIGHT_TYPE \"%s\" is not supported (use EUC_2D, MAN_2D, CEIL_2D, ATT "
                                   "or EXPLICIT)", eco__quote(val, q, sizeof q));
        break;
    case K_EWF:
        if (strcmp(val, "FULL_MATRIX") == 0) c->ewf = EWF_FULL_MATRIX;
        else if (strcmp(val, "LOWER_ROW") == 0) c->ewf = EWF_LOWER_ROW;
        else if (strcmp(val, "LOWER_DIAG_ROW") == 0) c->ewf = EWF_LOWER_DIAG_ROW;
        else if (strcmp(val, "UPPER_ROW") == 0) c->ewf = EWF_UPPER_ROW;
        else if (strcmp(val, "UPPER_DIAG_ROW") == 0) c->ewf = EWF_UPPER_DIAG_ROW;
        else if (strcmp(val, "FUNCTION") == 0) c->ewf = EWF_FUNCTION;
        else
            return eco__line_error(&c->L, c->err, ECO_EINPUT,
                                   "EDGE_WEIGHT_FORMAT \"%s\" is not supported (use FULL_MATRIX, LOWER_ROW, "
                                   "LOWER_DIAG_ROW, UPPER_ROW or UPPER_DIAG_ROW)", eco__quote(val, q, sizeof q));
        break;
    case K_DISTANCE:
        if ((st = eco__field_number(&c->L, c->err, val, "DISTANCE", 0, MAX_WEIGHT, &c->distance)) != ECO_OK)
            return st;
        if (c->distance <= 0)
            return eco__line_error(&c->L, c->err, ECO_EINPUT, "DISTANCE: expected a positive number");
        break;
    case K_SERVICE:
        if ((st = eco__field_number(&c->L, c->err, val, "SERVICE_TIME", 0, MAX_WEIGHT, &c->service)) != ECO_OK)
            return st;
        break;
    case K_NCT:
        if (strcmp(val, "TWOD_COORDS") != 0 && strcmp(val, "NO_COORDS") != 0)
            return eco__line_error(&c->L, c->err, ECO_EINPUT,
                                   "NODE_COORD_TYPE \"%s\" is not supported (use TWOD_COORDS)",
                                   eco__quote(val, q, sizeof q));
        break;
    }
    return ECO_OK;
}

/* TSPLIB's ATT (pseudo-Euclidean) and CEIL_2D distances into c->matrix */
static eco_status tsplib_matrix(cvrp *c)
{
    int n = c->n;
    if (n > ECO_FULL_MATRIX_MAX)
        return eco__line_error(&c->L, c->err, ECO_EINPUT,
                               "EDGE_WEIGHT_TYPE %s: %d nodes are too many (max %d; EUC_2D has no limit)",
                               c->ewt == EWT_ATT ? "ATT" : "CEIL_2D", n, ECO_FULL_MATRIX_MAX);
    c->matrix = malloc((size_t)n * (size_t)n * sizeof *c->matrix);
    if (!c->matrix)
        return eco__line_error(&c->L, c->err, ECO_EINTERNAL, "out of memory for a %d x %d matrix", n, n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double dx = c->x[i] - c->x[j], dy = c->y[i] - c->y[j], d;
            if (c->ewt == EWT_ATT) {
                double r = sqrt((dx * dx + dy * dy) / 10.0);
                double t = floor(r + 0.5);
                d = t < r ? t + 1.0 : t;
            } else {
                d = ceil(sqrt(dx * dx + dy * dy));
            }
            if (d > 2.0e9)
                return eco__line_error(&c->L, c->err, ECO_EINPUT, "distance between nodes %d and %d is too large",
                                       i + 1, j + 1);
            c->matrix[(size_t)i * n + j] = (int32_t)d;
        }
    return ECO_OK;
}

static eco_status need_key(cvrp *c, int k, const char *key)
{
    if (c->key_line[k])
        return ECO_OK;
    return eco__line_error(&c->L, c->err, ECO_EINPUT, "%s missing from the header", key);
}

static eco_status need_section(cvrp *c, int s, const char *why)
{
    if (c->section_line[s])
        return ECO_OK;
    return eco__line_error(&c->L, c->err, ECO_EINPUT, "%s missing%s", section_names[s], why);
}

static eco_status build(cvrp *c, const char *name, const eco_load_options *opt, eco_instance **out)
{
    eco_status st;
    eco_error *err = c->err;
    int n = c->n;
    eco_instance *inst = eco__instance_new(ECO_FORMAT_CVRPLIB, name);
    if (!inst)
        return eco__error(err, ECO_EINTERNAL, name, "out of memory");
    *out = inst;
    if (c->title && *c->title) {
        char *t = eco__strdup(c->title);
        if (!t)
            return eco__error(err, ECO_EINTERNAL, name, "out of memory");
        free(inst->name);
        inst->name = t;
    } else {
        char *t = eco__base_name(name);
        if (!t)
            return eco__error(err, ECO_EINTERNAL, name, "out of memory");
        free(inst->name);
        inst->name = t;
    }
    inst->coord_kind = ECO_COORD_PLANAR;
    for (int i = 0; i < n; i++)
        if (eco__instance_add_loc(inst, c->x[i], c->y[i]) < 0)
            return eco__error(err, ECO_EINTERNAL, name, "out of memory");
    if (eco__instance_material(inst, "mixed") != 0)
        return eco__error(err, ECO_EINTERNAL, name, "out of memory");

    /* units: time equals distance; loads count as given */
    inst->dist_unit = inst->time_unit = 1.0 / c->upr;
    inst->load_unit = 1.0;

    inst->depots = calloc(1, sizeof *inst->depots);
    if (!inst->depots || !(inst->depots[0].id = eco__strdup("depot")))
        return eco__error(err, ECO_EINTERNAL, name, "out of memory");
    inst->n_depots = 1;
    inst->depots[0].loc = c->depot;
    inst->depots[0].open = 0;
    inst->depots[0].close = ECO_TIME_INF;

    int64_t service = (int64_t)llround(c->service * c->upr);
    inst->boxes = calloc((size_t)n - 1, sizeof *inst->boxes);
    if (!inst->boxes)
        return eco__error(err, ECO_EINTERNAL, name, "out of memory for %d boxes", n - 1);
    for (int i = 0; i < n; i++) {
        if (i == c->depot)
            continue;
        eco_box *b = &inst->boxes[inst->n_boxes];
        char id[24];
        eco__box_defaults(b);
        snprintf(id, sizeof id, "%d", inst->n_boxes + 1); /* the .sol customer number */
        if (!(b->id = eco__strdup(id)))
            return eco__error(err, ECO_EINTERNAL, name, "out of memory");
        inst->n_boxes++;
        b->loc = i;
        b->material = 0;
        b->demand = c->demand[i];
        b->service = service;
        b->file_id = i + 1;
    }

    eco_vehicle v;
    memset(&v, 0, sizeof v);
    v.start_depot = v.end_depot = 0;
    for (int m = 0; m < ECO_MAX_MATERIALS; m++)
        v.cap[m] = ECO_TIME_INF;
    v.cap_total = c->capacity;
    v.materials = 1u;
    v.shift_start = 0;
    v.shift_end = ECO_TIME_INF;
    v.max_duration = ECO_TIME_INF;
    v.max_distance = c->distance > 0 ? (int64_t)floor(c->distance * c->upr + 1e-9) : ECO_TIME_INF;
    v.fixed_cost = 0;
    v.cost_per_dist = inst->dist_unit; /* the cost is the distance in reported units */
    v.cost_per_time = 0;
    v.has_break = false;
    v.max_stops = INT32_MAX;
    v.max_day_load = ECO_TIME_INF;
    if ((st = eco__add_vehicle_copies(inst, &v, inst->n_boxes, err)) != ECO_OK)
        return st;
    inst->unlimited_fleet = true;

    if (c->matrix) {
        inst->travel.kind = ECO_TRAVEL_MATRIX;
        inst->dist = inst->dur = c->matrix;
        c->matrix = NULL;
    } else {
        inst->travel.kind = ECO_TRAVEL_PLANAR;
        inst->travel.metric = c->ewt == EWT_MAN_2D ? ECO_METRIC_MANHATTAN : ECO_METRIC_EUCLID;
        inst->travel.rounding = opt->rounding == ECO_ROUND_DEFAULT ? ECO_ROUND_NINT : opt->rounding;
        inst->travel.speed_units_per_time = 0; /* time = distance */
    }
    if ((st = eco__instance_build_travel(inst, err)) != ECO_OK)
        return st;
    return eco__instance_validate(inst, err);
}

eco_status eco__read_cvrplib(const char *data, size_t len, const char *name, const eco_load_options *opt,
                             eco_instance **out, eco_error *err)
{
    eco_load_options defaults = {.format = ECO_FORMAT_CVRPLIB, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    cvrp c;
    eco_status st = ECO_OK;
    memset(&c, 0, sizeof c);
    *out = NULL;
    if (!opt)
        opt = &defaults;
    if (!name)
        name = "<input>";
    eco__lines_init(&c.L, data, len, name);
    c.err = err;
    c.depot = -1;
    eco_rounding rounding = opt->rounding == ECO_ROUND_DEFAULT ? ECO_ROUND_NINT : opt->rounding;
    c.upr = eco__units_per_reported(rounding);
    bool any = false;

    for (;;) {
        char *line;
        int sec;
        if (c.pending[0]) {
            /* a section name that ended DEPOT_SECTION: known, EOF or unsupported */
            sec = keyword_index(c.pending);
            if (sec == -2) {
                st = unsupported_section(&c, c.pending);
                goto out;
            }
            c.pending[0] = '\0';
        } else {
            if ((st = eco__lines_next(&c.L, &line, err)) != ECO_OK)
                goto out;
            if (!line)
                break;
            if (eco__blank(line))
                continue;
            any = true;
            /* a section name alone on its line (an optional ':' is tolerated) */
            char tmp[64];
            char *t = eco__trim(line);
            size_t w = strcspn(t, " \t:");
            sec = -1;
            if (w < sizeof tmp) {
                memcpy(tmp, t, w);
                tmp[w] = '\0';
                const char *rest = t + w + strspn(t + w, " \t");
                if (*rest == ':')
                    rest++;
                sec = keyword_index(tmp);
                if (sec != -1 && !eco__blank(rest)) {
                    char q[96];
                    st = eco__line_error(&c.L, err, ECO_EINPUT, "unexpected text after %s: \"%s\"", tmp,
                                         eco__quote(rest, q, sizeof q));
                    goto out;
                }
            }
            if (sec == -1) {
                if ((st = header_line(&c, t)) != ECO_OK)
                    goto out;
                continue;
            }
            if (sec == -2) {
                st = unsupported_section(&c, tmp);
                goto out;
            }
        }
        if (sec == S_COUNT) /* EOF: anything after it is not read */
            break;
        if (c.section_line[sec]) {
            st = eco__line_error(&c.L, err, ECO_EINPUT, "%s given twice (also line %d)", section_names[sec],
                                 c.section_line[sec]);
            goto out;
        }
        c.section_line[sec] = c.L.line_no;
        if (!c.n) {
            st = eco__line_error(&c.L, err, ECO_EINPUT, "%s before DIMENSION", section_names[sec]);
            goto out;
        }
        if ((st = alloc_nodes(&c)) != ECO_OK)
            goto out;
        switch (sec) {
        case S_DEPOT: st = depot_section(&c); break;
        case S_WEIGHTS: st = weight_section(&c); break;
        default: st = node_section(&c, sec); break;
        }
        if (st != ECO_OK)
            goto out;
    }
    if (!any) {
        st = eco__line_error(&c.L, err, ECO_EINPUT, "empty input: expected a CVRPLIB file");
        goto out;
    }
    if ((st = need_key(&c, K_DIMENSION, "DIMENSION")) != ECO_OK ||
        (st = need_key(&c, K_CAPACITY, "CAPACITY")) != ECO_OK ||
        (st = need_key(&c, K_EWT, "EDGE_WEIGHT_TYPE")) != ECO_OK)
        goto out;
    if (c.ewt == EWT_EXPLICIT) {
        if ((st = need_section(&c, S_WEIGHTS, " (EDGE_WEIGHT_TYPE EXPLICIT)")) != ECO_OK)
            goto out;
    } else if ((st = need_section(&c, S_COORD, " (the distances come from the coordinates)")) != ECO_OK) {
        goto out;
    }
    if ((st = need_section(&c, S_DEMAND, "")) != ECO_OK || (st = need_section(&c, S_DEPOT, "")) != ECO_OK)
        goto out;
    if (c.demand[c.depot] != 0) {
        st = eco__line_error_at(name, c.section_line[S_DEMAND], err, ECO_EINPUT,
                                "DEMAND_SECTION: the depot (node %d) has demand %lld; expected 0", c.depot + 1,
                                c.demand[c.depot]);
        goto out;
    }
    for (int i = 0; i < c.n; i++)
        if (c.demand[i] > c.capacity) {
            st = eco__line_error_at(name, c.demand_line[i], err, ECO_EINPUT,
                                    "DEMAND_SECTION: node %d has demand %lld, more than any vehicle can take (CAPACITY %lld)", i + 1,
                                    c.demand[i], c.capacity);
            goto out;
        }
    if ((c.ewt == EWT_ATT || c.ewt == EWT_CEIL_2D) && (st = tsplib_matrix(&c)) != ECO_OK)
        goto out;
    if (c.ewt == EWT_ATT || c.ewt == EWT_CEIL_2D)
        c.upr = 1.0; /* TSPLIB's own integer rounding */
    st = build(&c, name, opt, out);
out:
    if (st != ECO_OK) {
        eco_instance_destroy(*out);
        *out = NULL;
    }
    eco__lines_free(&c.L);
    free(c.title);
    free(c.x);
    free(c.y);
    free(c.demand);
    free(c.seen);
    free(c.demand_line);
    free(c.matrix);
    return st;
}
