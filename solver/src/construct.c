/*
 * construct.c - the first-solution heuristic for every variant of the model:
 * routes are built one vehicle at a time by appending the nearest box that
 * keeps the route feasible once it is closed (final unloads, the break),
 * unloading at a facility when the truck is full. Feasibility is decided by
 * the solver's route schedule (route.c), so every rule is respected. Boxes
 * that no route can take are listed as unassigned with the reason.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "construct.h"

#define N_CAND 24 /* nearest unrouted boxes tried at each step */

typedef struct builder {
    const eco_instance *inst;
    eco_route trial;       /* scratch route for feasibility tests */
    int trial_cap;
} builder;

static eco_status trial_reserve(builder *b, int n)
{
    if (n <= b->trial_cap)
        return ECO_OK;
    int cap = b->trial_cap ? b->trial_cap : 32;
    while (cap < n)
        cap *= 2;
    eco_step *ns = realloc(b->trial.steps, (size_t)cap * sizeof *ns);
    if (!ns)
        return ECO_EINTERNAL;
    b->trial.steps = ns;
    b->trial_cap = b->trial.cap_steps = cap;
    return ECO_OK;
}

static void trial_add(builder *b, eco_step_type t, int ref)
{
    eco_step *s = &b->trial.steps[b->trial.n_steps++];
    memset(s, 0, sizeof *s);
    s->type = t;
    s->ref = ref;
}

int eco__unload_choice(const eco_instance *inst, uint32_t on_board, int pos)
{
    int best = -1, best_n = 0;
    int32_t best_d = 0;
    for (int f = 0; f < inst->n_facilities; f++) {
        int n = __builtin_popcount(inst->facilities[f].accepts & on_board);
        int32_t d = eco__dist(inst, pos, inst->facilities[f].loc);
        if (n > best_n || (n == best_n && n > 0 && d < best_d)) {
            best = f;
            best_n = n;
            best_d = d;
        }
    }
    return best;
}

/* Appends unloads that empty every material on board, each at the nearest
 * facility accepting the most of what is left. Returns false when some
 * material on board is accepted nowhere. */
static bool add_closing_unloads(builder *b, uint32_t on_board, int pos)
{
    const eco_instance *inst = b->inst;
    while (on_board) {
        int f = eco__unload_choice(inst, on_board, pos);
        if (f < 0)
            return false;
        trial_add(b, ECO_STEP_UNLOAD, f);
        on_board &= ~inst->facilities[f].accepts;
        pos = inst->facilities[f].loc;
    }
    return true;
}

static uint32_t materials_on_board(const eco_instance *inst, const eco_route *r)
{
    uint32_t mask = 0;
    for (int k = 0; k < r->n_steps; k++) {
        const eco_step *s = &r->steps[k];
        if (s->type == ECO_STEP_PICKUP)
            mask |= 1u << inst->boxes[s->ref].material;
        else if (s->type == ECO_STEP_UNLOAD)
            mask &= ~inst->facilities[s->ref].accepts;
    }
    return mask;
}

static int last_loc(const eco_instance *inst, const eco_route *r)
{
    for (int k = r->n_steps - 1; k >= 0; k--) {
        const eco_step *s = &r->steps[k];
        if (s->type == ECO_STEP_PICKUP)
            return inst->boxes[s->ref].loc;
        if (s->type == ECO_STEP_UNLOAD)
            return inst->facilities[s->ref].loc;
    }
    return inst->depots[inst->vehicles[r->vehicle].start_depot].loc;
}

static bool has_break(const eco_route *r)
{
    for (int k = 0; k < r->n_steps; k++)
        if (r->steps[k].type == ECO_STEP_BREAK)
            return true;
    return false;
}

/* Tests route r extended by `extra` steps and closed (unloads to return
 * empty, the break if still due). On success the extension that worked is
 * left in b->trial and its length returned; -1 when infeasible. */
static int try_extend(builder *b, const eco_route *r, const eco_step *extra, int n_extra)
{
    const eco_instance *inst = b->inst;
    const eco_vehicle *v = &inst->vehicles[r->vehicle];
    bool need_unload = inst->n_facilities > 0 && inst->return_empty;
    bool break_due = v->has_break && !has_break(r);
    for (int variant = 0; variant < (break_due ? 3 : 1); variant++) {
        /* 0: no break; 1: break after the extension; 2: break before it */
        if (trial_reserve(b, r->n_steps + n_extra + inst->n_facilities + 2) != ECO_OK)
            return -1;
        b->trial.vehicle = r->vehicle;
        b->trial.start_time = -1;
        b->trial.n_steps = 0;
        for (int k = 0; k < r->n_steps; k++)
            b->trial.steps[b->trial.n_steps++] = r->steps[k];
        if (variant == 2)
            trial_add(b, ECO_STEP_BREAK, -1);
        for (int k = 0; k < n_extra; k++)
            trial_add(b, extra[k].type, extra[k].ref);
        if (variant == 1)
            trial_add(b, ECO_STEP_BREAK, -1);
        int kept = b->trial.n_steps - r->n_steps;
        if (need_unload && !add_closing_unloads(b, materials_on_board(inst, &b->trial), last_loc(inst, &b->trial)))
            return -1;
        eco__route_schedule(inst, &b->trial);
        if (b->trial.n_violations == 0)
            return kept;
    }
    return -1;
}

/* Commits the first `kept` new steps of b->trial to r. */
static eco_status commit(builder *b, eco_route *r, int kept)
{
    int from = r->n_steps;
    for (int k = 0; k < kept; k++) {
        eco_step s = b->trial.steps[from + k];
        if (eco__route_push(r, s.type, s.ref) != ECO_OK)
            return ECO_EINTERNAL;
    }
    return ECO_OK;
}

typedef struct cand {
    double key;
    int box;
} cand;

/* Why box i could not be served: tries it alone on every vehicle. */
static void explain(builder *b, eco_solution *sol, int i, bool fleet_exhausted)
{
    const eco_instance *inst = b->inst;
    const eco_box *bx = &inst->boxes[i];
    if (bx->need == ECO_BOX_SKIP) {
        if (isnan(bx->fill))
            eco__solution_unassign(sol, i, "below_threshold: not needed today");
        else
            eco__solution_unassign(sol, i, "below_threshold: fill %.2f, predicted %.2f, threshold %.2f", bx->fill,
                                   isnan(bx->predicted_fill) ? bx->fill : bx->predicted_fill, inst->fill_threshold);
        return;
    }
    eco_route alone = {0};
    eco_step st = {.type = ECO_STEP_PICKUP, .ref = i};
    bool carried = false, alone_ok = false;
    for (int v = 0; v < inst->n_vehicles && !alone_ok; v++) {
        if (!((inst->vehicles[v].materials >> bx->material) & 1u))
            continue;
        carried = true;
        alone.vehicle = v;
        alone_ok = try_extend(b, &alone, &st, 1) >= 0;
        if (inst->unlimited_fleet)
            break; /* all copies are alike */
    }
    if (!carried)
        eco__solution_unassign(sol, i, "no vehicle may carry %s", inst->material_names[bx->material]);
    else if (!alone_ok)
        eco__solution_unassign(sol, i,
                               "unreachable: no vehicle can serve this box alone within its time window, "
                               "the shift, the opening hours and the route limits");
    else if (bx->need == ECO_BOX_OPTIONAL)
        eco__solution_unassign(sol, i, "optional: the detour costs more than its prize %.2f", bx->prize);
    else if (fleet_exhausted)
        eco__solution_unassign(sol, i, "fleet exhausted: all %d vehicles are in use", inst->n_vehicles);
    else
        eco__solution_unassign(sol, i, "no route could take it");
}

eco_status eco__construct(const eco_instance *inst, eco_solution **out, eco_error *err)
{
    eco_status st = ECO_OK;
    builder b = {.inst = inst};
    int n = inst->n_boxes;
    eco_solution *sol = eco__solution_new();
    char *routed = calloc((size_t)n + 1, 1);
    cand *cands = malloc(sizeof(cand) * N_CAND);
    if (!sol || !routed || !cands) {
        st = eco__error(err, ECO_EINTERNAL, "construct", "out of memory");
        goto out;
    }
    int left = 0;
    for (int i = 0; i < n; i++) {
        if (inst->boxes[i].need == ECO_BOX_SKIP)
            routed[i] = 2; /* never routed */
        else
            left++;
    }
    int v_used = 0;
    for (int v = 0; v < inst->n_vehicles && left > 0; v++) {
        eco_route *r = eco__solution_add_route(sol, v);
        if (!r) {
            st = eco__error(err, ECO_EINTERNAL, "construct", "out of memory");
            goto out;
        }
        const eco_vehicle *veh = &inst->vehicles[v];
        for (;;) {
            /* the N_CAND cheapest unrouted boxes from here (travel + waiting) */
            int pos = last_loc(inst, r);
            int64_t t = 0;
            if (r->n_steps > 0) {
                eco__route_schedule(inst, r);
                t = r->steps[r->n_steps - 1].departure;
            } else {
                t = veh->shift_start > inst->depots[veh->start_depot].open ? veh->shift_start
                                                                            : inst->depots[veh->start_depot].open;
            }
            int nc = 0;
            for (int i = 0; i < n; i++) {
                if (routed[i] || !((veh->materials >> inst->boxes[i].material) & 1u))
                    continue;
                const eco_box *bx = &inst->boxes[i];
                int64_t arr = t + eco__dur(inst, pos, bx->loc);
                if (arr > bx->tw_close)
                    continue;
                double key = (double)eco__dist(inst, pos, bx->loc) * veh->cost_per_dist +
                             (double)(arr < bx->tw_open ? bx->tw_open - t : arr - t) * (veh->cost_per_time + 1e-9);
                if (nc < N_CAND) {
                    cands[nc++] = (cand){key, i};
                } else {
                    int worst = 0;
                    for (int c = 1; c < N_CAND; c++)
                        if (cands[c].key > cands[worst].key)
                            worst = c;
                    if (key < cands[worst].key)
                        cands[worst] = (cand){key, i};
                }
            }
            /* cheapest first (insertion sort on a small array) */
            for (int c = 1; c < nc; c++)
                for (int d = c; d > 0 && cands[d].key < cands[d - 1].key; d--) {
                    cand tmp = cands[d];
                    cands[d] = cands[d - 1];
                    cands[d - 1] = tmp;
                }
            int chosen = -1, kept = -1;
            for (int c = 0; c < nc && chosen < 0; c++) {
                const eco_box *bx = &inst->boxes[cands[c].box];
                if (bx->need == ECO_BOX_OPTIONAL && cands[c].key > bx->prize)
                    continue;
                eco_step ext[2] = {{.type = ECO_STEP_PICKUP, .ref = cands[c].box}};
                kept = try_extend(&b, r, ext, 1);
                if (kept < 0 && inst->n_facilities > 0) {
                    /* full? unload first, then take it */
                    uint32_t onb = materials_on_board(inst, r);
                    int f = onb ? eco__unload_choice(inst, onb, pos) : -1;
                    if (f >= 0) {
                        ext[0] = (eco_step){.type = ECO_STEP_UNLOAD, .ref = f};
                        ext[1] = (eco_step){.type = ECO_STEP_PICKUP, .ref = cands[c].box};
                        kept = try_extend(&b, r, ext, 2);
                    }
                }
                if (kept >= 0)
                    chosen = cands[c].box;
            }
            if (chosen < 0)
                break;
            if (commit(&b, r, kept) != ECO_OK) {
                st = eco__error(err, ECO_EINTERNAL, "construct", "out of memory");
                goto out;
            }
            routed[chosen] = 1;
            left--;
        }
        if (r->n_steps > 0) {
            /* close the route: final unloads and a due break */
            int kept = try_extend(&b, r, NULL, 0);
            for (int k = r->n_steps, end = b.trial.n_steps; kept >= 0 && k < end; k++)
                if (eco__route_push(r, b.trial.steps[k].type, b.trial.steps[k].ref) != ECO_OK) {
                    st = eco__error(err, ECO_EINTERNAL, "construct", "out of memory");
                    goto out;
                }
            v_used++;
        } else {
            sol->n_routes--; /* drop the empty route */
            if (inst->unlimited_fleet)
                break; /* identical vehicles: the next would be empty too */
        }
    }
    for (int i = 0; i < n; i++)
        if (routed[i] != 1)
            explain(&b, sol, i, v_used == inst->n_vehicles);
    eco__solution_finish(inst, sol);
out:
    free(b.trial.steps);
    free(routed);
    free(cands);
    if (st != ECO_OK) {
        eco_solution_destroy(sol);
        sol = NULL;
    }
    *out = sol;
    return st;
}
