/*
 * exact.c - proven optima for small instances (`solve --exact`) and the
 * set-partitioning MIP over a route pool, solved with GLPK.
 *
 * Routes are enumerated per vehicle type by labels: a label is a partial
 * route from the start depot (its steps: pickups, unloads, a break) with the
 * set of boxes it picked up, where it is, its departure time there (from the
 * earliest departure), its distance and the load of each material on board.
 * A label is extended by a pickup, an unload that empties something, or the
 * break; a label that cannot be completed because a window has closed or a
 * capacity or daily limit is passed is dropped. Among labels with the same
 * boxes, position and break state, label A dominates B when A has no more
 * distance, no later time, no more load of any material, and, when the cost
 * depends on the duration or the duration is limited, no more busy time
 * (time minus waiting) and at least as much room to leave the depot later:
 * then for every departure B could take, A can take it too and is never
 * later anywhere after, so whatever completes B completes A at no higher cost
 * (route.c chooses the departure that minimises the duration). Every label
 * that can end is closed and evaluated by eco__route_schedule (route.c), the
 * solver's own evaluation, and the cheapest feasible route per (type, subset)
 * becomes a column of the MIP.
 */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "exact.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------------ */
/* the set-partitioning MIP                                            */
/* ------------------------------------------------------------------ */

typedef struct glpk_guard {
    jmp_buf jb;
} glpk_guard;

/* GLPK's terminal output (verbose only) goes to stderr: stdout may carry a solution. */
static int glpk_to_stderr(void *info, const char *s)
{
    (void)info;
    fputs(s, stderr);
    return 1; /* handled: GLPK does not print it itself */
}

/* GLPK calls this on an internal error; returning would abort the process. */
static void on_glpk_error(void *info)
{
    longjmp(((glpk_guard *)info)->jb, 1);
}

void eco__sp_result_clear(eco__sp_result *res)
{
    if (!res)
        return;
    free(res->chosen);
    memset(res, 0, sizeof *res);
    res->lp_bound = NAN;
}

/* The warm plan must be feasible: GLPK takes it without checking. Called
 * after the columns were validated. */
static eco_status warm_validate(const eco__sp_problem *p, eco_error *err)
{
    if (!p->warm)
        return eco__error(err, ECO_EINPUT, "set partitioning", "warm plan: %d columns announced, none given", p->n_warm);
    if (p->n_warm > p->n_cols)
        return eco__error(err, ECO_EINPUT, "set partitioning", "warm plan: %d columns, the pool has %d", p->n_warm,
                          p->n_cols);
    int *cover = calloc((size_t)p->n_rows + (size_t)p->n_groups + (size_t)p->n_cols + 1, sizeof *cover);
    if (!cover)
        return eco__error(err, ECO_EINTERNAL, "set partitioning", "out of memory");
    int *used = cover + p->n_rows, *picked = used + p->n_groups;
    eco_status st = ECO_OK;
    for (int w = 0; w < p->n_warm && st == ECO_OK; w++) {
        int j = p->warm[w];
        if (j < 0 || j >= p->n_cols) {
            st = eco__error(err, ECO_EINPUT, "set partitioning", "warm plan: column %d out of range", j);
            break;
        }
        if (picked[j]++) {
            st = eco__error(err, ECO_EINPUT, "set partitioning", "warm plan: column %d listed twice", j);
            break;
        }
        for (int k = p->col_start[j]; k < p->col_start[j + 1]; k++)
            cover[p->col_rows[k]]++;
        if (p->col_group[j] >= 0)
            used[p->col_group[j]]++;
    }
    for (int i = 0; i < p->n_rows && st == ECO_OK; i++) {
        if (p->row_kind[i] == ECO_SP_ROW_EXACTLY_ONE && cover[i] != 1)
            st = eco__error(err, ECO_EINPUT, "set partitioning", "warm plan: row %d covered %d times, not once", i,
                            cover[i]);
        else if (cover[i] > 1)
            st = eco__error(err, ECO_EINPUT, "set partitioning", "warm plan: row %d covered %d times", i, cover[i]);
    }
    for (int g = 0; g < p->n_groups && st == ECO_OK; g++)
        if (p->group_max[g] >= 0 && used[g] > p->group_max[g])
            st = eco__error(err, ECO_EINPUT, "set partitioning", "warm plan: group %d uses %d columns, at most %d",
                            g, used[g], p->group_max[g]);
    free(cover);
    return st;
}

void eco__sp_release_thread(void)
{
    glp_free_env();
}

static eco_status sp_validate(const eco__sp_problem *p, eco_error *err)
{
    if (p->n_rows < 0 || p->n_cols < 0 || p->n_groups < 0)
        return eco__error(err, ECO_EINPUT, "set partitioning", "negative row, column or group count");
    if (p->n_rows > 0 && !p->row_kind)
        return eco__error(err, ECO_EINPUT, "set partitioning", "row kinds missing");
    if (p->n_cols > 0 && (!p->col_start || !p->col_cost || !p->col_group))
        return eco__error(err, ECO_EINPUT, "set partitioning", "column arrays missing");
    if (p->n_groups > 0 && !p->group_max)
        return eco__error(err, ECO_EINPUT, "set partitioning", "group limits missing");
    if (isnan(p->time_limit_s))
        return eco__error(err, ECO_EINPUT, "set partitioning", "time limit is NaN");
    for (int i = 0; i < p->n_rows; i++)
        if (p->row_kind[i] != ECO_SP_ROW_EXACTLY_ONE && p->row_kind[i] != ECO_SP_ROW_AT_MOST_ONE)
            return eco__error(err, ECO_EINPUT, "set partitioning", "row %d: unknown kind %d", i, (int)p->row_kind[i]);
    if (p->n_cols == 0)
        return ECO_OK;
    if (p->col_start[0] != 0)
        return eco__error(err, ECO_EINPUT, "set partitioning", "col_start[0] is %d, not 0", p->col_start[0]);
    char *seen = calloc((size_t)p->n_rows + 1, 1);
    if (!seen)
        return eco__error(err, ECO_EINTERNAL, "set partitioning", "out of memory");
    eco_status st = ECO_OK;
    for (int j = 0; j < p->n_cols && st == ECO_OK; j++) {
        int a = p->col_start[j], b = p->col_start[j + 1];
        if (b < a || b - a > p->n_rows || b > INT_MAX / 2) {
            st = eco__error(err, ECO_EINPUT, "set partitioning", "column %d: bad row range %d..%d", j, a, b);
            break;
        }
        if (!isfinite(p->col_cost[j]) || fabs(p->col_cost[j]) > 1e15)
            st = eco__error(err, ECO_EINPUT, "set partitioning", "column %d: cost %g is not a finite number", j,
                            p->col_cost[j]);
        else if (p->col_group[j] < -1 || p->col_group[j] >= p->n_groups)
            st = eco__error(err, ECO_EINPUT, "set partitioning", "column %d: group %d out of range", j, p->col_group[j]);
        for (int k = a; k < b && st == ECO_OK; k++) {
            int r = p->col_rows[k];
            if (r < 0 || r >= p->n_rows)
                st = eco__error(err, ECO_EINPUT, "set partitioning", "column %d: row %d out of range", j, r);
            else if (seen[r])
                st = eco__error(err, ECO_EINPUT, "set partitioning", "column %d: row %d listed twice", j, r);
            else
                seen[r] = 1;
        }
        for (int k = a; k < b; k++)
            if (p->col_rows[k] >= 0 && p->col_rows[k] < p->n_rows)
                seen[p->col_rows[k]] = 0;
    }
    free(seen);
    if (st == ECO_OK && p->n_warm > 0)
        st = warm_validate(p, err);
    return st;
}

static int ms_left(double deadline)
{
    if (deadline <= 0)
        return INT_MAX;
    double left = (deadline - now_s()) * 1000.0;
    if (left < 1)
        return 1;
    if (left > INT_MAX / 2)
        return INT_MAX / 2;
    return (int)left;
}

/* branch-and-bound callback: the warm plan at the first heuristic request,
 * and the node limit */
typedef struct sp_callback_info {
    const double *warm_x;  /* [n_cols + 1] the warm plan as 0/1 values, NULL: none */
    bool warm_given;
    int node_limit;        /* <= 0: none */
} sp_callback_info;

static void sp_callback(glp_tree *tree, void *info)
{
    sp_callback_info *cb = info;
    if (cb->node_limit > 0) {
        int active, current, total;
        glp_ios_tree_size(tree, &active, &current, &total);
        if (total >= cb->node_limit) {
            glp_ios_terminate(tree);
            return;
        }
    }
    if (cb->warm_x && !cb->warm_given && glp_ios_reason(tree) == GLP_IHEUR) {
        cb->warm_given = true;
        glp_ios_heur_sol(tree, cb->warm_x); /* rejected (non-zero) when GLPK already has one as good */
    }
}

/* Everything that calls GLPK. ia/ja/ar are 1-based, ne entries; warm_x as in
 * sp_callback_info (scratch owned by the caller). */
static eco_status sp_glpk(const eco__sp_problem *p, int ne, const int *ia, const int *ja, const double *ar,
                          const double *warm_x, eco__sp_result *res, eco_error *err)
{
    double deadline = p->time_limit_s > 0 ? now_s() + p->time_limit_s : 0;
    int n_group_rows = 0;
    for (int g = 0; g < p->n_groups; g++)
        n_group_rows += p->group_max[g] >= 0;
    eco_status st = ECO_OK;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    if (p->n_rows + n_group_rows > 0)
        glp_add_rows(lp, p->n_rows + n_group_rows);
    for (int i = 0; i < p->n_rows; i++) {
        if (p->row_kind[i] == ECO_SP_ROW_EXACTLY_ONE)
            glp_set_row_bnds(lp, i + 1, GLP_FX, 1.0, 1.0);
        else
            glp_set_row_bnds(lp, i + 1, GLP_UP, 0.0, 1.0);
    }
    for (int g = 0, r = p->n_rows + 1; g < p->n_groups; g++)
        if (p->group_max[g] >= 0)
            glp_set_row_bnds(lp, r++, GLP_UP, 0.0, (double)p->group_max[g]);
    glp_add_cols(lp, p->n_cols);
    for (int j = 0; j < p->n_cols; j++) {
        glp_set_col_bnds(lp, j + 1, GLP_DB, 0.0, 1.0);
        glp_set_col_kind(lp, j + 1, GLP_BV);
        glp_set_obj_coef(lp, j + 1, p->col_cost[j]);
    }
    glp_load_matrix(lp, ne, ia, ja, ar);

    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.presolve = GLP_ON;
    sm.msg_lev = p->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    sm.tm_lim = ms_left(deadline);
    if (p->lp_iteration_limit > 0)
        sm.it_lim = p->lp_iteration_limit;
    int ret;
    if (warm_x) {
        /* start the primal simplex at the warm plan: its columns basic, each
         * replacing the slack of one of its rows (a partition, so the basis
         * matrix is a permuted identity there), every other slack basic */
        for (int i = 1; i <= p->n_rows + n_group_rows; i++)
            glp_set_row_stat(lp, i, GLP_BS);
        for (int j = 0; j < p->n_cols; j++) {
            if (warm_x[j + 1] > 0.5 && p->col_start[j + 1] > p->col_start[j]) {
                int r = p->col_rows[p->col_start[j]];
                glp_set_col_stat(lp, j + 1, GLP_BS);
                glp_set_row_stat(lp, r + 1, p->row_kind[r] == ECO_SP_ROW_EXACTLY_ONE ? GLP_NS : GLP_NU);
            } else {
                glp_set_col_stat(lp, j + 1, GLP_NL);
            }
        }
        sm.presolve = GLP_OFF;
        ret = glp_simplex(lp, &sm);
        if (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND) { /* not a usable basis: from scratch */
            glp_std_basis(lp);
            sm.presolve = GLP_ON;
            sm.tm_lim = ms_left(deadline);
            ret = glp_simplex(lp, &sm);
        }
    } else {
        ret = glp_simplex(lp, &sm);
    }
    if (ret == GLP_ENOPFS || (ret == 0 && (glp_get_status(lp) == GLP_NOFEAS || glp_get_status(lp) == GLP_INFEAS))) {
        res->status = ECO_SP_INFEASIBLE;
        goto out;
    }
    if (ret == GLP_ETMLIM || ret == GLP_EITLIM) {
        res->status = ECO_SP_NO_SOLUTION;
        goto out;
    }
    if (ret != 0 || glp_get_status(lp) != GLP_OPT) {
        st = eco__error(err, ECO_EINTERNAL, "set partitioning", "GLPK simplex failed (code %d, status %d)", ret,
                        glp_get_status(lp));
        goto out;
    }
    res->lp_bound = glp_get_obj_val(lp);

    glp_iocp io;
    glp_init_iocp(&io);
    io.presolve = GLP_OFF; /* the LP basis above is optimal */
    io.msg_lev = p->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    io.tm_lim = ms_left(deadline);
    /* (clique and Gomory cuts, pseudocost branching and best-bound search were
     * slower on pool subproblems with GLPK 5.0: the defaults) */
    sp_callback_info cb = {.warm_x = warm_x, .warm_given = false, .node_limit = p->node_limit};
    if (warm_x || p->node_limit > 0) {
        io.cb_func = sp_callback;
        io.cb_info = &cb;
    }
    ret = glp_intopt(lp, &io);
    if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_ESTOP) {
        st = eco__error(err, ECO_EINTERNAL, "set partitioning", "GLPK branch-and-bound failed (code %d)", ret);
        goto out;
    }
    int ms = glp_mip_status(lp);
    if (ms == GLP_NOFEAS) {
        res->status = ECO_SP_INFEASIBLE;
        goto out;
    }
    if (ms != GLP_OPT && ms != GLP_FEAS) {
        res->status = ECO_SP_NO_SOLUTION;
        goto out;
    }
    res->status = (ms == GLP_OPT && ret == 0) ? ECO_SP_OPTIMAL : ECO_SP_FEASIBLE;
    res->objective = glp_mip_obj_val(lp);
    for (int j = 0; j < p->n_cols; j++)
        if (glp_mip_col_val(lp, j + 1) > 0.5)
            res->chosen[res->n_chosen++] = j;
out:
    glp_delete_prob(lp);
    return st;
}

eco_status eco__sp_solve(const eco__sp_problem *p, eco__sp_result *res, eco_error *err)
{
    memset(res, 0, sizeof *res);
    res->lp_bound = NAN;
    res->status = ECO_SP_NO_SOLUTION;
    eco_status st = sp_validate(p, err);
    if (st != ECO_OK)
        return st;
    res->chosen = malloc(((size_t)p->n_cols + 1) * sizeof *res->chosen);
    if (!res->chosen)
        return eco__error(err, ECO_EINTERNAL, "set partitioning", "out of memory");
    if (p->n_cols == 0) { /* nothing to give GLPK: decide here */
        bool need = false;
        for (int i = 0; i < p->n_rows; i++)
            need |= p->row_kind[i] == ECO_SP_ROW_EXACTLY_ONE;
        res->status = need ? ECO_SP_INFEASIBLE : ECO_SP_OPTIMAL;
        res->objective = 0;
        res->lp_bound = need ? NAN : 0;
        return ECO_OK;
    }
    int ne = 0;
    for (int j = 0; j < p->n_cols; j++)
        ne += p->col_start[j + 1] - p->col_start[j] + (p->col_group[j] >= 0 && p->group_max[p->col_group[j]] >= 0);
    int *ia = malloc(((size_t)ne + 1) * sizeof *ia), *ja = malloc(((size_t)ne + 1) * sizeof *ja);
    double *ar = malloc(((size_t)ne + 1) * sizeof *ar);
    int *group_row = calloc((size_t)p->n_groups + 1, sizeof *group_row);
    double *warm_x = p->n_warm > 0 ? calloc((size_t)p->n_cols + 1, sizeof *warm_x) : NULL;
    if (!ia || !ja || !ar || !group_row || (p->n_warm > 0 && !warm_x)) {
        st = eco__error(err, ECO_EINTERNAL, "set partitioning", "out of memory");
        goto out;
    }
    for (int g = 0, r = p->n_rows + 1; g < p->n_groups; g++)
        group_row[g] = p->group_max[g] >= 0 ? r++ : 0;
    int k = 0;
    for (int j = 0; j < p->n_cols; j++) {
        for (int q = p->col_start[j]; q < p->col_start[j + 1]; q++) {
            k++;
            ia[k] = p->col_rows[q] + 1;
            ja[k] = j + 1;
            ar[k] = 1.0;
        }
        if (p->col_group[j] >= 0 && group_row[p->col_group[j]]) {
            k++;
            ia[k] = group_row[p->col_group[j]];
            ja[k] = j + 1;
            ar[k] = 1.0;
        }
    }
    double warm_cost = 0;
    for (int w = 0; w < p->n_warm; w++) {
        warm_x[p->warm[w] + 1] = 1.0;
        warm_cost += p->col_cost[p->warm[w]];
    }
    glpk_guard guard;
    int old_term = glp_term_out(p->verbose ? GLP_ON : GLP_OFF);
    if (p->verbose)
        glp_term_hook(glpk_to_stderr, NULL);
    glp_error_hook(on_glpk_error, &guard);
    if (setjmp(guard.jb)) {
        /* GLPK hit an internal error: its state is undefined, free it all */
        glp_error_hook(NULL, NULL);
        glp_free_env();
        res->n_chosen = 0;
        st = eco__error(err, ECO_EINTERNAL, "set partitioning", "GLPK reported an internal error");
        goto out;
    }
    st = sp_glpk(p, ne, ia, ja, ar, warm_x, res, err);
    glp_error_hook(NULL, NULL);
    if (p->verbose)
        glp_term_hook(NULL, NULL);
    glp_term_out(old_term);
    /* a limit stopped GLPK before it had a plan as good as the warm one: the warm plan */
    if (st == ECO_OK && p->n_warm > 0 &&
        (res->status == ECO_SP_NO_SOLUTION ||
         (res->status == ECO_SP_FEASIBLE && res->objective > warm_cost + 1e-9 * (1 + fabs(warm_cost))))) {
        res->status = ECO_SP_FEASIBLE;
        res->objective = warm_cost;
        res->n_chosen = p->n_warm;
        memcpy(res->chosen, p->warm, (size_t)p->n_warm * sizeof *res->chosen);
    }
out:
    free(ia);
    free(ja);
    free(ar);
    free(group_row);
    free(warm_x);
    return st;
}

/* ------------------------------------------------------------------ */
/* route enumeration                                                   */
/* ------------------------------------------------------------------ */

typedef struct label {
    int parent;     /* label index, -1: at the start depot with nothing done */
    int next;       /* next label in the same bucket, -1: none */
    uint32_t mask;  /* boxes picked up (active box positions) */
    int pos;        /* position: active box j, n + facility f, n + n_fac: start depot */
    int ref;        /* step ref (box index, facility index, -1) */
    int8_t type;    /* eco_step_type of the last step; ECO_STEP_START for the root */
    int8_t brk;     /* break taken */
    int8_t alive;   /* 0: dominated */
    int64_t t;      /* departure from the last step, time units */
    int64_t dist;   /* distance units so far */
    int64_t wait;   /* waiting so far (start - arrival summed), time units */
    int64_t delta;  /* how much later the vehicle could leave the depot without
                       missing a window so far, time units */
} label;

typedef struct enumerator {
    const eco_instance *inst;
    int v;                 /* representative vehicle of the type */
    int n;                 /* active boxes */
    const int *active;     /* active box j -> box index */
    int nm;                /* materials */
    bool duration_matters; /* cost per time or a maximum duration: see the file comment */
    int n_labels, cap_labels;
    label *labels;
    int64_t *loads;        /* nm per label */
    int *bucket;           /* head label per key, -1: none */
    size_t n_buckets;
    double *best_cost;     /* per mask, INFINITY: none */
    int *best_label;       /* per mask */
    eco_step steps[512];   /* scratch route */
    double deadline;
    volatile int *cancel;
} enumerator;

static int pos_loc(const enumerator *e, int pos)
{
    const eco_instance *inst = e->inst;
    if (pos < e->n)
        return inst->boxes[e->active[pos]].loc;
    if (pos < e->n + inst->n_facilities)
        return inst->facilities[pos - e->n].loc;
    return inst->depots[inst->vehicles[e->v].start_depot].loc;
}

static bool dominates(const enumerator *e, int a, const label *b, const int64_t *bload)
{
    const label *la = &e->labels[a];
    if (la->dist > b->dist || la->t > b->t)
        return false;
    if (e->duration_matters && (la->t - la->wait > b->t - b->wait || la->delta < b->delta))
        return false;
    const int64_t *al = &e->loads[(size_t)a * e->nm];
    for (int m = 0; m < e->nm; m++)
        if (al[m] > bload[m])
            return false;
    return true;
}

/* Adds a label unless one in its bucket dominates it; returns its index,
 * -1 when dominated, -2 on allocation failure, -3 at the label cap. */
static int add_label(enumerator *e, const label *cand, const int64_t *cload)
{
    size_t key = ((size_t)cand->mask * (size_t)(e->n + e->inst->n_facilities + 1) + (size_t)cand->pos) * 2 + (size_t)cand->brk;
    int *link = &e->bucket[key];
    while (*link >= 0) {
        int i = *link;
        label *li = &e->labels[i];
        if (!li->alive) {
            *link = li->next; /* unlink the dominated */
            continue;
        }
        if (dominates(e, i, cand, cload))
            return -1;
        link = &li->next;
    }
    /* the new label may dominate older ones */
    for (int i = e->bucket[key]; i >= 0; i = e->labels[i].next) {
        label *li = &e->labels[i];
        if (li->alive && li->dist >= cand->dist && li->t >= cand->t &&
            (!e->duration_matters || (li->t - li->wait >= cand->t - cand->wait && li->delta <= cand->delta))) {
            const int64_t *il = &e->loads[(size_t)i * e->nm];
            bool dom = true;
            for (int m = 0; m < e->nm && dom; m++)
                dom = cload[m] <= il[m];
            if (dom)
                li->alive = 0;
        }
    }
    if (e->n_labels >= ECO_EXACT_MAX_LABELS)
        return -3;
    if (e->n_labels == e->cap_labels) {
        int cap = e->cap_labels ? 2 * e->cap_labels : 4096;
        if (cap > ECO_EXACT_MAX_LABELS)
            cap = ECO_EXACT_MAX_LABELS;
        label *nl = realloc(e->labels, (size_t)cap * sizeof *nl);
        if (!nl)
            return -2;
        e->labels = nl;
        int64_t *nld = realloc(e->loads, (size_t)cap * (size_t)(e->nm ? e->nm : 1) * sizeof *nld);
        if (!nld)
            return -2;
        e->loads = nld;
        e->cap_labels = cap;
    }
    int idx = e->n_labels++;
    e->labels[idx] = *cand;
    e->labels[idx].alive = 1;
    e->labels[idx].next = e->bucket[key];
    e->bucket[key] = idx;
    memcpy(&e->loads[(size_t)idx * e->nm], cload, (size_t)e->nm * sizeof *cload);
    return idx;
}

/* Writes label idx's steps into e->steps; returns their count or -1 if too many. */
static int label_steps(enumerator *e, int idx)
{
    int n = 0;
    for (int i = idx; i >= 0 && e->labels[i].parent >= 0; i = e->labels[i].parent)
        n++;
    if (n > (int)(sizeof e->steps / sizeof e->steps[0]))
        return -1;
    int k = n;
    for (int i = idx; i >= 0 && e->labels[i].parent >= 0; i = e->labels[i].parent) {
        k--;
        memset(&e->steps[k], 0, sizeof e->steps[k]);
        e->steps[k].type = (eco_step_type)e->labels[i].type;
        e->steps[k].ref = e->labels[i].ref;
    }
    return n;
}

/* Evaluates label idx as a whole route and keeps it when it is the cheapest for its mask. */
static void try_close(enumerator *e, int idx)
{
    const eco_instance *inst = e->inst;
    const label *l = &e->labels[idx];
    if (l->mask == 0)
        return;
    if (inst->n_facilities > 0 && inst->return_empty) {
        const int64_t *ld = &e->loads[(size_t)idx * e->nm];
        for (int m = 0; m < e->nm; m++)
            if (ld[m] != 0)
                return;
    }
    int ns = label_steps(e, idx);
    if (ns < 0)
        return;
    eco_route r;
    memset(&r, 0, sizeof r);
    r.vehicle = e->v;
    r.steps = e->steps;
    r.n_steps = r.cap_steps = ns;
    r.start_time = -1;
    eco__route_schedule(inst, &r);
    if (r.n_violations == 0 && r.cost < e->best_cost[l->mask]) {
        e->best_cost[l->mask] = r.cost;
        e->best_label[l->mask] = idx;
    }
}

/* min: the departure delay a new step allows */
static int64_t later(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static eco_status enumerate(enumerator *e, eco_error *err)
{
    const eco_instance *inst = e->inst;
    const eco_vehicle *veh = &inst->vehicles[e->v];
    int nf = inst->n_facilities, nm = e->nm;
    int64_t load[ECO_MAX_MATERIALS];
    label root = {.parent = -1, .next = -1, .mask = 0, .pos = e->n + nf, .ref = -1, .type = ECO_STEP_START,
                  .delta = ECO_TIME_INF};
    root.t = veh->shift_start > inst->depots[veh->start_depot].open ? veh->shift_start
                                                                     : inst->depots[veh->start_depot].open;
    memset(load, 0, sizeof load);
    if (add_label(e, &root, load) < 0)
        return eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
    for (int i = 0; i < e->n_labels; i++) {
        if ((i & 1023) == 0 && ((e->deadline > 0 && now_s() > e->deadline) || (e->cancel && *e->cancel)))
            return eco__error(err, ECO_EINPUT, "exact",
                              "the route enumeration did not finish within the time limit (vehicle %s)", veh->id);
        if (!e->labels[i].alive)
            continue;
        label cur = e->labels[i];
        int64_t cl[ECO_MAX_MATERIALS]; /* a copy: add_label may move e->loads */
        memcpy(cl, &e->loads[(size_t)i * nm], (size_t)nm * sizeof *cl);
        int from = pos_loc(e, cur.pos);
        int64_t total = 0, picked = 0;
        int stops = 0;
        for (int m = 0; m < nm; m++)
            total += cl[m];
        for (int j = 0; j < e->n; j++)
            if ((cur.mask >> j) & 1u) {
                stops++;
                picked += inst->boxes[e->active[j]].demand;
            }
        for (int j = 0; j < e->n; j++) { /* pickups */
            if ((cur.mask >> j) & 1u)
                continue;
            const eco_box *b = &inst->boxes[e->active[j]];
            if (!((veh->materials >> b->material) & 1u))
                continue;
            if (cl[b->material] + b->demand > veh->cap[b->material] || total + b->demand > veh->cap_total)
                continue;
            if (stops + 1 > veh->max_stops || picked + b->demand > veh->max_day_load)
                continue;
            int64_t d = cur.dist + eco__dist(inst, from, b->loc);
            if (d > veh->max_distance)
                continue;
            int64_t arr = cur.t + eco__dur(inst, from, b->loc);
            int64_t s = arr > b->tw_open ? arr : b->tw_open;
            if (s > b->tw_close)
                continue;
            label c = {.parent = i, .next = -1, .mask = cur.mask | (1u << j), .pos = j, .ref = e->active[j],
                       .type = ECO_STEP_PICKUP, .brk = cur.brk, .t = s + b->service, .dist = d,
                       .wait = cur.wait + (s - arr)};
            c.delta = later(cur.delta, b->tw_close - s + c.wait);
            memcpy(load, cl, (size_t)nm * sizeof *load);
            load[b->material] += b->demand;
            int idx = add_label(e, &c, load);
            if (idx == -2)
                return eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
            if (idx == -3)
                goto too_many;
            if (idx >= 0)
                try_close(e, idx);
        }
        for (int f = 0; f < nf; f++) { /* unloads that empty something */
            const eco_facility *fa = &inst->facilities[f];
            bool useful = false;
            for (int m = 0; m < nm; m++)
                useful |= ((fa->accepts >> m) & 1u) && cl[m] > 0;
            if (!useful)
                continue;
            int64_t d = cur.dist + eco__dist(inst, from, fa->loc);
            if (d > veh->max_distance)
                continue;
            int64_t arr = cur.t + eco__dur(inst, from, fa->loc);
            int64_t s = arr > fa->open ? arr : fa->open;
            if (s > fa->close - fa->unload_time)
                continue;
            label c = {.parent = i, .next = -1, .mask = cur.mask, .pos = e->n + f, .ref = f,
                       .type = ECO_STEP_UNLOAD, .brk = cur.brk, .t = s + fa->unload_time, .dist = d,
                       .wait = cur.wait + (s - arr)};
            c.delta = later(cur.delta, fa->close - fa->unload_time - s + c.wait);
            for (int m = 0; m < nm; m++)
                load[m] = ((fa->accepts >> m) & 1u) ? 0 : cl[m];
            int idx = add_label(e, &c, load);
            if (idx == -2)
                return eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
            if (idx == -3)
                goto too_many;
            if (idx >= 0)
                try_close(e, idx);
        }
        if (veh->has_break && !cur.brk && cur.type != ECO_STEP_BREAK) { /* the break, where it is */
            int64_t s = cur.t > veh->break_start_min ? cur.t : veh->break_start_min;
            if (s <= veh->break_start_max) {
                label c = {.parent = i, .next = -1, .mask = cur.mask, .pos = cur.pos, .ref = -1,
                           .type = ECO_STEP_BREAK, .brk = 1, .t = s + veh->break_duration, .dist = cur.dist,
                           .wait = cur.wait + (s - cur.t)};
                c.delta = later(cur.delta, veh->break_start_max - s + c.wait);
                int idx = add_label(e, &c, cl);
                if (idx == -2)
                    return eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
                if (idx == -3)
                    goto too_many;
                if (idx >= 0)
                    try_close(e, idx);
            }
        }
    }
    return ECO_OK;
too_many:
    return eco__error(err, ECO_EINPUT, "exact",
                      "more than %d partial routes for vehicle %s: the instance is too large for the exact mode",
                      ECO_EXACT_MAX_LABELS, veh->id);
}

/* ------------------------------------------------------------------ */
/* the exact mode                                                      */
/* ------------------------------------------------------------------ */

static bool same_type(const eco_instance *inst, const eco_vehicle *a, const eco_vehicle *b)
{
    if (a->start_depot != b->start_depot || a->end_depot != b->end_depot || a->cap_total != b->cap_total ||
        a->materials != b->materials || a->shift_start != b->shift_start || a->shift_end != b->shift_end ||
        a->max_duration != b->max_duration || a->max_distance != b->max_distance ||
        a->fixed_cost != b->fixed_cost || a->cost_per_dist != b->cost_per_dist ||
        a->cost_per_time != b->cost_per_time || a->has_break != b->has_break || a->max_stops != b->max_stops ||
        a->max_day_load != b->max_day_load)
        return false;
    if (a->has_break && (a->break_duration != b->break_duration || a->break_start_min != b->break_start_min ||
                         a->break_start_max != b->break_start_max))
        return false;
    for (int m = 0; m < inst->n_materials; m++)
        if (a->cap[m] != b->cap[m])
            return false;
    return true;
}

typedef struct pool {
    int n_cols, cap_cols;
    int *col_start;     /* n_cols + 1 */
    int *col_group;
    double *col_cost;   /* route cost minus the prizes of its optional boxes */
    double *route_cost;
    int *col_step_start;/* n_cols + 1 */
    int n_rows_used, cap_rows;
    int *col_rows;
    int n_steps_used, cap_steps;
    eco_step *steps;
} pool;

static void pool_free(pool *p)
{
    free(p->col_start);
    free(p->col_group);
    free(p->col_cost);
    free(p->route_cost);
    free(p->col_step_start);
    free(p->col_rows);
    free(p->steps);
}

static bool grow(void **ptr, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return true;
    int c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *np = realloc(*ptr, (size_t)c * size);
    if (!np)
        return false;
    *ptr = np;
    *cap = c;
    return true;
}

/* Appends the cheapest route of every mask of the enumerator as a column. */
static bool pool_add_type(pool *p, enumerator *e, int group)
{
    const eco_instance *inst = e->inst;
    for (uint32_t mask = 1; mask < (1u << e->n); mask++) {
        if (!isfinite(e->best_cost[mask]))
            continue;
        int ns = label_steps(e, e->best_label[mask]);
        if (ns < 0)
            continue;
        if (p->n_cols + 2 > p->cap_cols) {
            int c = p->cap_cols ? 2 * p->cap_cols : 256;
            int *a = realloc(p->col_start, (size_t)(c + 1) * sizeof *a);
            if (!a)
                return false;
            p->col_start = a;
            int *s = realloc(p->col_step_start, (size_t)(c + 1) * sizeof *s);
            if (!s)
                return false;
            p->col_step_start = s;
            int *g = realloc(p->col_group, (size_t)c * sizeof *g);
            if (!g)
                return false;
            p->col_group = g;
            double *cc = realloc(p->col_cost, (size_t)c * sizeof *cc);
            if (!cc)
                return false;
            p->col_cost = cc;
            double *rc = realloc(p->route_cost, (size_t)c * sizeof *rc);
            if (!rc)
                return false;
            p->route_cost = rc;
            p->cap_cols = c;
        }
        if (!grow((void **)&p->col_rows, &p->cap_rows, p->n_rows_used + e->n, sizeof *p->col_rows) ||
            !grow((void **)&p->steps, &p->cap_steps, p->n_steps_used + ns, sizeof *p->steps))
            return false;
        int j = p->n_cols++;
        if (j == 0)
            p->col_start[0] = p->col_step_start[0] = 0;
        double cost = e->best_cost[mask];
        p->route_cost[j] = cost;
        for (int b = 0; b < e->n; b++)
            if ((mask >> b) & 1u) {
                p->col_rows[p->n_rows_used++] = b;
                if (inst->boxes[e->active[b]].need == ECO_BOX_OPTIONAL)
                    cost -= inst->boxes[e->active[b]].prize;
            }
        memcpy(&p->steps[p->n_steps_used], e->steps, (size_t)ns * sizeof *p->steps);
        p->n_steps_used += ns;
        p->col_cost[j] = cost;
        p->col_group[j] = group;
        p->col_start[j + 1] = p->n_rows_used;
        p->col_step_start[j + 1] = p->n_steps_used;
    }
    return true;
}

static void enumerator_free(enumerator *e)
{
    free(e->labels);
    free(e->loads);
    free(e->bucket);
    free(e->best_cost);
    free(e->best_label);
}

eco_status eco__exact_solve(const eco_instance *inst, const eco_solve_options *opt, eco_solution **out,
                            eco_error *err)
{
    double t0 = now_s();
    *out = NULL;
    eco_status st = ECO_OK;
    int n = 0;
    for (int i = 0; i < inst->n_boxes; i++)
        n += inst->boxes[i].need != ECO_BOX_SKIP;
    if (n > ECO_EXACT_MAX_BOXES)
        return eco__error(err, ECO_EINPUT, "exact",
                          "%d boxes to serve (mandatory and optional): the exact mode takes at most %d", n,
                          ECO_EXACT_MAX_BOXES);
    if (inst->n_vehicles <= 0)
        return eco__error(err, ECO_EINPUT, "exact", "no vehicles");
    int active[ECO_EXACT_MAX_BOXES];
    n = 0;
    for (int i = 0; i < inst->n_boxes; i++)
        if (inst->boxes[i].need != ECO_BOX_SKIP)
            active[n++] = i;
    for (int j = 0; j < n; j++)
        if (inst->boxes[active[j]].need == ECO_BOX_OPTIONAL && !isfinite(inst->boxes[active[j]].prize))
            return eco__error(err, ECO_EINPUT, "exact", "box %s: prize is not a finite number",
                              inst->boxes[active[j]].id);

    double limit = opt && opt->time_limit_s > 0 ? opt->time_limit_s : 10.0;
    double deadline = t0 + limit;
    int *type_of = malloc((size_t)inst->n_vehicles * sizeof *type_of);
    int *type_rep = malloc((size_t)inst->n_vehicles * sizeof *type_rep);
    int *type_count = calloc((size_t)inst->n_vehicles, sizeof *type_count);
    int *type_used = calloc((size_t)inst->n_vehicles, sizeof *type_used);
    eco__sp_row_kind row_kind[ECO_EXACT_MAX_BOXES];
    bool covered[ECO_EXACT_MAX_BOXES] = {false};
    pool p;
    memset(&p, 0, sizeof p);
    eco__sp_result res;
    memset(&res, 0, sizeof res);
    eco_solution *sol = NULL;
    enumerator e;
    memset(&e, 0, sizeof e);
    int n_types = 0;
    if (!type_of || !type_rep || !type_count || !type_used) {
        st = eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
        goto out;
    }
    for (int v = 0; v < inst->n_vehicles; v++) {
        int t = 0;
        while (t < n_types && !same_type(inst, &inst->vehicles[type_rep[t]], &inst->vehicles[v]))
            t++;
        if (t == n_types)
            type_rep[n_types++] = v;
        type_of[v] = t;
        type_count[t]++;
    }

    size_t n_pos = (size_t)n + (size_t)inst->n_facilities + 1;
    for (int t = 0; t < n_types; t++) {
        memset(&e, 0, sizeof e);
        e.inst = inst;
        e.v = type_rep[t];
        e.n = n;
        e.active = active;
        e.nm = inst->n_materials;
        const eco_vehicle *veh = &inst->vehicles[e.v];
        e.duration_matters = veh->cost_per_time != 0 || veh->max_duration < ECO_TIME_INF;
        e.n_buckets = ((size_t)1 << n) * n_pos * 2;
        e.bucket = malloc(e.n_buckets * sizeof *e.bucket);
        e.best_cost = malloc(((size_t)1 << n) * sizeof *e.best_cost);
        e.best_label = malloc(((size_t)1 << n) * sizeof *e.best_label);
        e.deadline = deadline;
        e.cancel = opt ? opt->cancel : NULL;
        if (!e.bucket || !e.best_cost || !e.best_label) {
            st = eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
            goto out;
        }
        memset(e.bucket, 0xff, e.n_buckets * sizeof *e.bucket);
        for (size_t m = 0; m < ((size_t)1 << n); m++) {
            e.best_cost[m] = INFINITY;
            e.best_label[m] = -1;
        }
        st = enumerate(&e, err);
        if (st != ECO_OK)
            goto out;
        if (!pool_add_type(&p, &e, t)) {
            st = eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
            goto out;
        }
        enumerator_free(&e);
        memset(&e, 0, sizeof e);
    }
    double prizes = 0;
    for (int j = 0; j < p.n_cols; j++)
        for (int q = p.col_start[j]; q < p.col_start[j + 1]; q++)
            covered[p.col_rows[q]] = true;
    for (int j = 0; j < n; j++) {
        const eco_box *b = &inst->boxes[active[j]];
        row_kind[j] = b->need == ECO_BOX_MANDATORY && covered[j] ? ECO_SP_ROW_EXACTLY_ONE : ECO_SP_ROW_AT_MOST_ONE;
        if (b->need == ECO_BOX_OPTIONAL)
            prizes += b->prize;
    }
    int *group_max = type_used; /* reuse: limits first, counts of used vehicles later */
    for (int t = 0; t < n_types; t++)
        group_max[t] = inst->unlimited_fleet ? -1 : type_count[t];
    double left = deadline - now_s();
    eco__sp_problem sp = {.n_rows = n, .row_kind = row_kind, .n_groups = n_types, .group_max = group_max,
                          .n_cols = p.n_cols, .col_start = p.col_start, .col_rows = p.col_rows,
                          .col_group = p.col_group, .col_cost = p.col_cost,
                          .time_limit_s = left > 0.05 ? left : 0.05, .verbose = opt ? opt->verbose : 0};
    st = eco__sp_solve(&sp, &res, err);
    if (st != ECO_OK)
        goto out;
    bool fleet_short = false;
    if (res.status == ECO_SP_INFEASIBLE) {
        /* the fleet cannot serve every mandatory box: serve as many as possible,
         * then at least cost. Each covered mandatory box earns `big`, more than
         * any difference in route costs (a plan has at most n routes). */
        double cmax = 0;
        for (int j = 0; j < p.n_cols; j++)
            cmax = fabs(p.col_cost[j]) > cmax ? fabs(p.col_cost[j]) : cmax;
        double big = 1 + 2 * (n + 1) * (cmax + prizes);
        for (int j = 0; j < p.n_cols; j++)
            for (int q = p.col_start[j]; q < p.col_start[j + 1]; q++)
                if (row_kind[p.col_rows[q]] == ECO_SP_ROW_EXACTLY_ONE)
                    p.col_cost[j] -= big;
        for (int j = 0; j < n; j++)
            row_kind[j] = ECO_SP_ROW_AT_MOST_ONE;
        eco__sp_result_clear(&res);
        left = deadline - now_s();
        sp.time_limit_s = left > 0.05 ? left : 0.05;
        st = eco__sp_solve(&sp, &res, err);
        if (st != ECO_OK)
            goto out;
        fleet_short = true;
        if (res.status == ECO_SP_OPTIMAL || res.status == ECO_SP_FEASIBLE) {
            int n_cov = 0;
            for (int c = 0; c < res.n_chosen; c++)
                for (int q = p.col_start[res.chosen[c]]; q < p.col_start[res.chosen[c] + 1]; q++)
                    n_cov += inst->boxes[active[p.col_rows[q]]].need == ECO_BOX_MANDATORY;
            res.lp_bound += big * n_cov; /* a bound for plans serving as many */
        }
    }
    if (res.status == ECO_SP_NO_SOLUTION) {
        st = eco__error(err, ECO_EINPUT, "exact", "GLPK found no solution within the time limit of %g s", limit);
        goto out;
    }

    sol = eco__solution_new();
    if (!sol) {
        st = eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
        goto out;
    }
    bool served[ECO_EXACT_MAX_BOXES] = {false};
    for (int t = 0; t < n_types; t++)
        type_used[t] = 0;
    for (int c = 0; c < res.n_chosen; c++) {
        int j = res.chosen[c], t = p.col_group[j];
        /* the type_used[t]-th vehicle of type t */
        int v = -1, k = type_used[t]++;
        for (int w = 0; w < inst->n_vehicles && v < 0; w++)
            if (type_of[w] == t && k-- == 0)
                v = w;
        if (v < 0)
            v = type_rep[t]; /* unlimited fleet: copies are interchangeable */
        eco_route *r = eco__solution_add_route(sol, v);
        if (!r) {
            st = eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
            goto out;
        }
        for (int q = p.col_step_start[j]; q < p.col_step_start[j + 1]; q++)
            if (eco__route_push(r, p.steps[q].type, p.steps[q].ref) != ECO_OK) {
                st = eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
                goto out;
            }
        for (int q = p.col_start[j]; q < p.col_start[j + 1]; q++)
            served[p.col_rows[q]] = true;
    }
    for (int i = 0, j = 0; i < inst->n_boxes; i++) {
        const eco_box *b = &inst->boxes[i];
        eco_status ust = ECO_OK;
        if (b->need == ECO_BOX_SKIP) {
            if (isnan(b->fill))
                ust = eco__solution_unassign(sol, i, "below_threshold: not needed today");
            else
                ust = eco__solution_unassign(sol, i, "below_threshold: fill %.2f, predicted %.2f, threshold %.2f",
                                             b->fill, isnan(b->predicted_fill) ? b->fill : b->predicted_fill,
                                             inst->fill_threshold);
            if (ust != ECO_OK) {
                st = eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
                goto out;
            }
            continue;
        }
        if (!served[j] && !covered[j])
            ust = eco__solution_unassign(sol, i, "unreachable: no feasible route of any vehicle serves it");
        else if (!served[j] && b->need == ECO_BOX_MANDATORY && fleet_short)
            ust = eco__solution_unassign(sol, i,
                                         "fleet exhausted: no plan with the %d vehicles serves every mandatory box",
                                         inst->n_vehicles);
        else if (!served[j])
            ust = eco__solution_unassign(sol, i, "optional: the optimal plan leaves it (prize %.2f)", b->prize);
        if (ust != ECO_OK) {
            st = eco__error(err, ECO_EINTERNAL, "exact", "out of memory");
            goto out;
        }
        j++;
    }
    eco__solution_finish(inst, sol);
    sol->exact = 1;
    sol->optimal = res.status == ECO_SP_OPTIMAL;
    sol->lower_bound = isnan(res.lp_bound) ? sol->summary.cost : res.lp_bound + prizes;
    if (sol->lower_bound > sol->summary.cost)
        sol->lower_bound = sol->summary.cost; /* GLPK tolerance */
    *out = sol;
    sol = NULL;
out:
    enumerator_free(&e);
    pool_free(&p);
    eco__sp_result_clear(&res);
    eco_solution_destroy(sol);
    free(type_of);
    free(type_rep);
    free(type_count);
    free(type_used);
    return st;
}
