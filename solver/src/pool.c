/*
 * pool.c - the route pool (distinct columns with LRU eviction) and the
 * set-partitioning recombination over it; see pool.h for the contract.
 *
 * Storage: per id a record (cost, group, hash, rows, payload, LRU links);
 * the rows and the payload of a column share one allocation. Duplicates are
 * found through an open-addressing hash table (linear probing, deletion by
 * backward shift) keyed by (group, sorted rows). The LRU order is a doubly
 * linked list, most recently seen at the head.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pool.h"

typedef struct column {
    double cost;
    uint64_t hash;
    int group;             /* -1: free id */
    int n_rows;
    int *rows;             /* sorted; rows and payload share this block (owned) */
    void *payload;         /* inside the block, NULL when payload_size is 0 */
    size_t payload_size;   /* bytes */
    size_t bytes;          /* size of the block */
    int prev, next;        /* LRU list: prev is more recent; -1: end */
} column;

struct eco__pool {
    int n_rows, n_groups;
    int max_cols;
    size_t max_bytes;      /* 0: no limit */
    size_t bytes;          /* rows + payloads held */
    int n_live;
    int id_limit;          /* ids in use are below it */
    column *cols;          /* [max_cols] */
    int *free_ids;         /* stack of free ids below id_limit */
    int n_free;
    int lru_head, lru_tail;/* most / least recently seen, -1: empty */
    int *table;            /* [table_mask + 1] column ids, -1: empty */
    size_t table_mask;
    int *scratch;          /* [n_rows] sorted copy of the rows being added */
    eco__pool_stats stats;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- creation ---- */

eco_status eco__pool_create(int n_rows, int n_groups, int max_cols, size_t max_bytes, eco__pool **out,
                            eco_error *err)
{
    *out = NULL;
    if (n_rows < 1)
        return eco__error(err, ECO_EINPUT, "route pool", "n_rows is %d, at least 1 is needed", n_rows);
    if (n_groups < 1)
        return eco__error(err, ECO_EINPUT, "route pool", "n_groups is %d, at least 1 is needed", n_groups);
    if (max_cols < 1 || max_cols > ECO_POOL_MAX_COLS)
        return eco__error(err, ECO_EINPUT, "route pool", "max_cols is %d, expected 1..%d", max_cols,
                          ECO_POOL_MAX_COLS);
    eco__pool *p = calloc(1, sizeof *p);
    if (!p)
        return eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
    p->n_rows = n_rows;
    p->n_groups = n_groups;
    p->max_cols = max_cols;
    p->max_bytes = max_bytes;
    size_t tsize = 16;
    while (tsize < 2 * (size_t)max_cols)
        tsize *= 2;
    p->table_mask = tsize - 1;
    p->cols = malloc((size_t)max_cols * sizeof *p->cols);
    p->free_ids = malloc((size_t)max_cols * sizeof *p->free_ids);
    p->table = malloc(tsize * sizeof *p->table);
    p->scratch = malloc((size_t)n_rows * sizeof *p->scratch);
    if (!p->cols || !p->free_ids || !p->table || !p->scratch) {
        eco__pool_destroy(p);
        return eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
    }
    memset(p->table, 0xff, tsize * sizeof *p->table);
    p->lru_head = p->lru_tail = -1;
    *out = p;
    return ECO_OK;
}

void eco__pool_clear(eco__pool *p)
{
    if (!p)
        return;
    for (int id = 0; id < p->id_limit; id++)
        if (p->cols[id].group >= 0)
            free(p->cols[id].rows);
    memset(p->table, 0xff, (p->table_mask + 1) * sizeof *p->table);
    p->id_limit = 0;
    p->n_free = 0;
    p->n_live = 0;
    p->bytes = 0;
    p->lru_head = p->lru_tail = -1;
}

void eco__pool_destroy(eco__pool *p)
{
    if (!p)
        return;
    if (p->cols && p->table)
        eco__pool_clear(p);
    free(p->cols);
    free(p->free_ids);
    free(p->table);
    free(p->scratch);
    free(p);
}

/* ---- hashing and the LRU list ---- */

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 31);
}

static uint64_t hash_rows(int group, const int *rows, int n)
{
    uint64_t h = mix(0x243f6a8885a308d3ULL, (uint64_t)(uint32_t)group);
    for (int i = 0; i < n; i++)
        h = mix(h, (uint64_t)(uint32_t)rows[i]);
    return mix(h, (uint64_t)n);
}

static bool same_rows(const column *c, uint64_t h, int group, const int *rows, int n)
{
    return c->hash == h && c->group == group && c->n_rows == n && memcmp(c->rows, rows, (size_t)n * sizeof *rows) == 0;
}

/* slot of the column with these rows, or of the empty slot where it would go */
static size_t table_find(const eco__pool *p, uint64_t h, int group, const int *rows, int n)
{
    size_t s = (size_t)h & p->table_mask;
    while (p->table[s] >= 0 && !same_rows(&p->cols[p->table[s]], h, group, rows, n))
        s = (s + 1) & p->table_mask;
    return s;
}

/* removes the entry at slot s, shifting later entries of its probe run back */
static void table_delete(eco__pool *p, size_t s)
{
    size_t mask = p->table_mask, hole = s, j = s;
    for (;;) {
        j = (j + 1) & mask;
        if (p->table[j] < 0)
            break;
        size_t home = (size_t)p->cols[p->table[j]].hash & mask;
        /* the entry at j may move to the hole when its home is not in (hole, j] */
        bool between = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (!between) {
            p->table[hole] = p->table[j];
            hole = j;
        }
    }
    p->table[hole] = -1;
}

static void lru_unlink(eco__pool *p, int id)
{
    column *c = &p->cols[id];
    if (c->prev >= 0)
        p->cols[c->prev].next = c->next;
    else
        p->lru_head = c->next;
    if (c->next >= 0)
        p->cols[c->next].prev = c->prev;
    else
        p->lru_tail = c->prev;
    c->prev = c->next = -1;
}

static void lru_push_front(eco__pool *p, int id)
{
    column *c = &p->cols[id];
    c->prev = -1;
    c->next = p->lru_head;
    if (p->lru_head >= 0)
        p->cols[p->lru_head].prev = id;
    p->lru_head = id;
    if (p->lru_tail < 0)
        p->lru_tail = id;
}

static void evict(eco__pool *p, int id)
{
    column *c = &p->cols[id];
    size_t s = table_find(p, c->hash, c->group, c->rows, c->n_rows);
    table_delete(p, s);
    lru_unlink(p, id);
    p->bytes -= c->bytes;
    free(c->rows);
    c->rows = NULL;
    c->payload = NULL;
    c->group = -1;
    p->free_ids[p->n_free++] = id;
    p->n_live--;
    p->stats.evicted++;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* ---- adding ---- */

eco_status eco__pool_add(eco__pool *p, const int *rows, int n, int group, double cost, const void *payload,
                         size_t payload_size, int *id_out, eco_error *err)
{
    if (id_out)
        *id_out = -1;
    if (n < 1 || n > p->n_rows || !rows)
        return eco__error(err, ECO_EINPUT, "route pool", "a column must serve 1..%d rows, not %d", p->n_rows, n);
    if (group < 0 || group >= p->n_groups)
        return eco__error(err, ECO_EINPUT, "route pool", "group %d out of range 0..%d", group, p->n_groups - 1);
    if (!isfinite(cost) || fabs(cost) > 1e15)
        return eco__error(err, ECO_EINPUT, "route pool", "cost %g is not a finite number", cost);
    if (payload_size > 0 && !payload)
        return eco__error(err, ECO_EINPUT, "route pool", "payload of %zu bytes missing", payload_size);
    int *s = p->scratch;
    memcpy(s, rows, (size_t)n * sizeof *s);
    if (n <= 32) {
        for (int i = 1; i < n; i++) {
            int v = s[i], j = i - 1;
            while (j >= 0 && s[j] > v) {
                s[j + 1] = s[j];
                j--;
            }
            s[j + 1] = v;
        }
    } else {
        qsort(s, (size_t)n, sizeof *s, cmp_int);
    }
    if (s[0] < 0 || s[n - 1] >= p->n_rows)
        return eco__error(err, ECO_EINPUT, "route pool", "row %d out of range 0..%d", s[0] < 0 ? s[0] : s[n - 1],
                          p->n_rows - 1);
    for (int i = 1; i < n; i++)
        if (s[i] == s[i - 1])
            return eco__error(err, ECO_EINPUT, "route pool", "row %d listed twice", s[i]);
    uint64_t h = hash_rows(group, s, n);
    size_t slot = table_find(p, h, group, s, n);
    size_t rows_bytes = (size_t)n * sizeof *s;
    /* payloads start at an 8-byte boundary after the rows */
    size_t pay_off = (rows_bytes + 7) & ~(size_t)7;
    size_t bytes = pay_off + payload_size;
    if (p->max_bytes > 0 && bytes > p->max_bytes)
        return eco__error(err, ECO_EINTERNAL, "route pool", "a column of %zu bytes exceeds the pool's %zu", bytes,
                          p->max_bytes);
    if (p->table[slot] >= 0) {
        int id = p->table[slot];
        column *c = &p->cols[id];
        p->stats.duplicates++;
        if (cost < c->cost) {
            int *blk = c->rows;
            if (bytes != c->bytes) {
                blk = realloc(c->rows, bytes);
                if (!blk)
                    return eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
            }
            p->bytes = p->bytes - c->bytes + bytes;
            c->rows = blk;
            c->bytes = bytes;
            c->payload = payload_size > 0 ? (char *)blk + pay_off : NULL;
            c->payload_size = payload_size;
            if (payload_size > 0)
                memcpy(c->payload, payload, payload_size);
            c->cost = cost;
            p->stats.replaced++;
        }
        lru_unlink(p, id);
        lru_push_front(p, id);
        if (id_out)
            *id_out = id;
        /* a larger payload may pass the byte limit: evict the oldest others */
        while (p->max_bytes > 0 && p->bytes > p->max_bytes && p->lru_tail >= 0 && p->lru_tail != id)
            evict(p, p->lru_tail);
        return ECO_OK;
    }
    int *blk = malloc(bytes > 0 ? bytes : 1);
    if (!blk)
        return eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
    memcpy(blk, s, rows_bytes);
    if (payload_size > 0)
        memcpy((char *)blk + pay_off, payload, payload_size);
    /* room: by count and by bytes, the least recently seen first */
    while (p->lru_tail >= 0 &&
           (p->n_live >= p->max_cols || (p->max_bytes > 0 && p->bytes + bytes > p->max_bytes)))
        evict(p, p->lru_tail);
    int id = p->n_free > 0 ? p->free_ids[--p->n_free] : p->id_limit++;
    column *c = &p->cols[id];
    c->cost = cost;
    c->hash = h;
    c->group = group;
    c->n_rows = n;
    c->rows = blk;
    c->payload = payload_size > 0 ? (char *)blk + pay_off : NULL;
    c->payload_size = payload_size;
    c->bytes = bytes;
    p->bytes += bytes;
    p->n_live++;
    p->table[table_find(p, h, group, s, n)] = id; /* evictions may have moved the slot */
    lru_push_front(p, id);
    p->stats.added++;
    if (id_out)
        *id_out = id;
    return ECO_OK;
}

eco_status eco__pool_merge(eco__pool *dst, const eco__pool *src, eco_error *err)
{
    if (dst->n_rows != src->n_rows || dst->n_groups != src->n_groups)
        return eco__error(err, ECO_EINPUT, "route pool", "merge: pools over %d rows, %d groups and %d rows, %d groups",
                          dst->n_rows, dst->n_groups, src->n_rows, src->n_groups);
    for (int id = src->lru_tail; id >= 0; id = src->cols[id].prev) {
        const column *c = &src->cols[id];
        eco_status st = eco__pool_add(dst, c->rows, c->n_rows, c->group, c->cost, c->payload, c->payload_size, NULL,
                                      err);
        if (st != ECO_OK)
            return st;
    }
    return ECO_OK;
}

/* ---- reading ---- */

int eco__pool_size(const eco__pool *p)
{
    return p ? p->n_live : 0;
}

int eco__pool_id_limit(const eco__pool *p)
{
    return p ? p->id_limit : 0;
}

bool eco__pool_alive(const eco__pool *p, int id)
{
    return p && id >= 0 && id < p->id_limit && p->cols[id].group >= 0;
}

const int *eco__pool_rows(const eco__pool *p, int id, int *n)
{
    if (!eco__pool_alive(p, id)) {
        *n = 0;
        return NULL;
    }
    *n = p->cols[id].n_rows;
    return p->cols[id].rows;
}

int eco__pool_group(const eco__pool *p, int id)
{
    return eco__pool_alive(p, id) ? p->cols[id].group : -1;
}

double eco__pool_cost(const eco__pool *p, int id)
{
    return eco__pool_alive(p, id) ? p->cols[id].cost : NAN;
}

const void *eco__pool_payload(const eco__pool *p, int id, size_t *size)
{
    if (!eco__pool_alive(p, id)) {
        if (size)
            *size = 0;
        return NULL;
    }
    if (size)
        *size = p->cols[id].payload_size;
    return p->cols[id].payload;
}

int eco__pool_count_inside(const eco__pool *p, const unsigned char *subset, int limit)
{
    int count = 0;
    for (int id = 0; id < p->id_limit && count < limit; id++) {
        const column *c = &p->cols[id];
        if (c->group < 0)
            continue;
        int q = 0;
        while (q < c->n_rows && subset[c->rows[q]])
            q++;
        count += q == c->n_rows;
    }
    return count;
}

void eco__pool_get_stats(const eco__pool *p, eco__pool_stats *out)
{
    if (p)
        *out = p->stats;
    else
        memset(out, 0, sizeof *out);
}

/* ---- solving ---- */

void eco__pool_result_clear(eco__pool_result *res)
{
    if (!res)
        return;
    free(res->chosen);
    memset(res, 0, sizeof *res);
    res->lp_bound = NAN;
}

/* chosen = the incumbent */
static eco_status take_incumbent(const eco__pool_solve_opt *opt, eco__pool_result *res, eco_error *err)
{
    res->n_chosen = opt->n_incumbent;
    res->cost = res->incumbent_cost;
    if (opt->n_incumbent == 0)
        return ECO_OK;
    res->chosen = malloc((size_t)opt->n_incumbent * sizeof *res->chosen);
    if (!res->chosen)
        return eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
    memcpy(res->chosen, opt->incumbent, (size_t)opt->n_incumbent * sizeof *res->chosen);
    return ECO_OK;
}

eco_status eco__pool_solve(eco__pool *p, const eco__pool_solve_opt *opt, eco__pool_result *res, eco_error *err)
{
    double t0 = now_s();
    memset(res, 0, sizeof *res);
    res->lp_bound = NAN;
    res->sp_status = ECO_SP_NO_SOLUTION;
    res->outcome = ECO_POOL_NO_PLAN;
    if (opt->n_incumbent < 0 || (opt->n_incumbent > 0 && !opt->incumbent))
        return eco__error(err, ECO_EINPUT, "route pool", "incumbent: %d columns announced, none given",
                          opt->n_incumbent);
    for (int i = 0; i < opt->n_incumbent; i++) {
        if (!eco__pool_alive(p, opt->incumbent[i]))
            return eco__error(err, ECO_EINPUT, "route pool", "incumbent[%d]: column %d is not in the pool", i,
                              opt->incumbent[i]);
        res->incumbent_cost += p->cols[opt->incumbent[i]].cost;
    }
    eco_status st = ECO_OK;
    if (!(opt->time_limit_s > 0)) { /* also NaN */
        res->outcome = ECO_POOL_NOT_RUN;
        st = take_incumbent(opt, res, err);
        res->elapsed_s = now_s() - t0;
        return st;
    }
    const unsigned char *sub = opt->row_subset;
    int n_sub_rows = p->n_rows;
    int *row_map = NULL; /* subproblem: row -> row of the MIP, -1 outside */
    int nc = p->n_live;
    int *col_start = malloc(((size_t)nc + 1) * sizeof *col_start);
    int *col_group = malloc(((size_t)nc + 1) * sizeof *col_group);
    double *col_cost = malloc(((size_t)nc + 1) * sizeof *col_cost);
    int *id_of = malloc(((size_t)nc + 1) * sizeof *id_of);
    int *sp_of = malloc(((size_t)p->id_limit + 1) * sizeof *sp_of);
    int *warm = malloc(((size_t)opt->n_incumbent + 1) * sizeof *warm);
    eco__sp_row_kind *kinds = NULL;
    int *group_max = NULL;
    int *col_rows = NULL;
    eco__sp_result sr;
    memset(&sr, 0, sizeof sr);
    if (sub)
        row_map = malloc((size_t)p->n_rows * sizeof *row_map);
    if (!col_start || !col_group || !col_cost || !id_of || !sp_of || !warm || (sub && !row_map)) {
        st = eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
        goto out;
    }
    if (sub) {
        n_sub_rows = 0;
        for (int r = 0; r < p->n_rows; r++)
            row_map[r] = sub[r] ? n_sub_rows++ : -1;
    }
    size_t nnz = 0;
    int j = 0;
    for (int id = 0; id < p->id_limit; id++) {
        sp_of[id] = -1;
        if (p->cols[id].group < 0)
            continue;
        if (sub) {
            bool inside = true;
            for (int q = 0; q < p->cols[id].n_rows && inside; q++)
                inside = row_map[p->cols[id].rows[q]] >= 0;
            if (!inside)
                continue;
        }
        sp_of[id] = j;
        id_of[j] = id;
        col_group[j] = p->cols[id].group;
        col_cost[j] = p->cols[id].cost;
        col_start[j] = (int)nnz;
        nnz += (size_t)p->cols[id].n_rows;
        j++;
    }
    nc = j;
    col_start[nc] = (int)nnz;
    if (nnz > (size_t)INT32_MAX / 4) {
        st = eco__error(err, ECO_EINTERNAL, "route pool", "%zu nonzeros: too many for the MIP", nnz);
        goto out;
    }
    col_rows = malloc((nnz + 1) * sizeof *col_rows);
    if (!col_rows) {
        st = eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
        goto out;
    }
    for (int q = 0; q < nc; q++) {
        const column *c = &p->cols[id_of[q]];
        for (int t = 0; t < c->n_rows; t++)
            col_rows[col_start[q] + t] = sub ? row_map[c->rows[t]] : c->rows[t];
    }
    if (!opt->row_kind || sub) {
        kinds = malloc(((size_t)n_sub_rows + 1) * sizeof *kinds);
        if (!kinds) {
            st = eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
            goto out;
        }
        for (int r = 0; r < p->n_rows; r++)
            if (!sub || row_map[r] >= 0)
                kinds[sub ? row_map[r] : r] = opt->row_kind ? opt->row_kind[r] : ECO_SP_ROW_EXACTLY_ONE;
    }
    if (!opt->group_max) {
        group_max = malloc((size_t)p->n_groups * sizeof *group_max);
        if (!group_max) {
            st = eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
            goto out;
        }
        for (int g = 0; g < p->n_groups; g++)
            group_max[g] = -1;
    }
    for (int i = 0; i < opt->n_incumbent; i++) {
        warm[i] = sp_of[opt->incumbent[i]];
        if (warm[i] < 0) {
            st = eco__error(err, ECO_EINPUT, "route pool", "incumbent[%d]: column %d is outside the subproblem", i,
                            opt->incumbent[i]);
            goto out;
        }
    }
    eco__sp_problem sp = {.n_rows = n_sub_rows,
                          .row_kind = kinds ? kinds : opt->row_kind,
                          .n_groups = p->n_groups,
                          .group_max = opt->group_max ? opt->group_max : group_max,
                          .n_cols = nc,
                          .col_start = col_start,
                          .col_rows = col_rows,
                          .col_group = col_group,
                          .col_cost = col_cost,
                          .time_limit_s = opt->time_limit_s,
                          .verbose = opt->verbose,
                          .warm = opt->n_incumbent > 0 ? warm : NULL,
                          .n_warm = opt->n_incumbent,
                          .lp_iteration_limit = opt->lp_iteration_limit,
                          .node_limit = opt->node_limit};
    res->n_cols = nc;
    st = eco__sp_solve(&sp, &sr, err);
    if (st != ECO_OK)
        goto out;
    p->stats.solves++;
    res->sp_status = sr.status;
    res->lp_bound = sr.lp_bound;
    if (sr.status == ECO_SP_INFEASIBLE || sr.status == ECO_SP_NO_SOLUTION) {
        /* with an incumbent eco__sp_solve returns it instead */
        res->outcome = sr.status == ECO_SP_INFEASIBLE ? ECO_POOL_INFEASIBLE : ECO_POOL_NO_PLAN;
        goto out;
    }
    double cost = 0;
    for (int c = 0; c < sr.n_chosen; c++)
        cost += col_cost[sr.chosen[c]];
    double tol = 1e-7 * (1.0 + fabs(res->incumbent_cost));
    res->proven = sr.status == ECO_SP_OPTIMAL;
    if (opt->n_incumbent > 0 && !(cost < res->incumbent_cost - tol)) {
        res->outcome = ECO_POOL_NO_BETTER;
        st = take_incumbent(opt, res, err);
        goto out;
    }
    res->outcome = ECO_POOL_IMPROVED;
    res->cost = cost;
    res->chosen = malloc(((size_t)sr.n_chosen + 1) * sizeof *res->chosen);
    if (!res->chosen) {
        st = eco__error(err, ECO_EINTERNAL, "route pool", "out of memory");
        goto out;
    }
    for (int c = 0; c < sr.n_chosen; c++)
        res->chosen[c] = id_of[sr.chosen[c]];
    res->n_chosen = sr.n_chosen;
    p->stats.improved++;
out:
    eco__sp_result_clear(&sr);
    free(col_start);
    free(col_group);
    free(col_cost);
    free(id_of);
    free(sp_of);
    free(warm);
    free(kinds);
    free(group_max);
    free(col_rows);
    free(row_map);
    if (st != ECO_OK) {
        free(res->chosen);
        res->chosen = NULL;
        res->n_chosen = 0;
    }
    res->elapsed_s = now_s() - t0;
    return st;
}
