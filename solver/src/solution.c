/*
 * solution.c - building, copying and freeing eco_solution objects, and the
 * summary every writer reports. The route schedule itself is in route.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solution.h"

const char *eco__step_type_name(eco_step_type t)
{
    switch (t) {
    case ECO_STEP_START: return "start";
    case ECO_STEP_PICKUP: return "pickup";
    case ECO_STEP_UNLOAD: return "unload";
    case ECO_STEP_BREAK: return "break";
    case ECO_STEP_END: return "end";
    }
    return "unknown";
}

eco_solution *eco__solution_new(void)
{
    return calloc(1, sizeof(eco_solution));
}

void eco_solution_destroy(eco_solution *sol)
{
    if (!sol)
        return;
    for (int r = 0; r < sol->n_routes; r++) {
        free(sol->routes[r].steps);
        free(sol->routes[r].geometry);
    }
    free(sol->routes);
    for (int i = 0; i < sol->n_unassigned; i++)
        free(sol->unassigned[i].reason);
    free(sol->unassigned);
    free(sol);
}

eco_route *eco__solution_add_route(eco_solution *sol, int vehicle)
{
    if (sol->n_routes == sol->cap_routes) {
        int cap = sol->cap_routes ? 2 * sol->cap_routes : 8;
        eco_route *nr = realloc(sol->routes, (size_t)cap * sizeof *nr);
        if (!nr)
            return NULL;
        sol->routes = nr;
        sol->cap_routes = cap;
    }
    eco_route *r = &sol->routes[sol->n_routes++];
    memset(r, 0, sizeof *r);
    r->vehicle = vehicle;
    r->start_time = -1;
    return r;
}

eco_status eco__route_push(eco_route *r, eco_step_type type, int ref)
{
    if (r->n_steps == r->cap_steps) {
        int cap = r->cap_steps ? 2 * r->cap_steps : 8;
        eco_step *ns = realloc(r->steps, (size_t)cap * sizeof *ns);
        if (!ns)
            return ECO_EINTERNAL;
        r->steps = ns;
        r->cap_steps = cap;
    }
    eco_step *s = &r->steps[r->n_steps++];
    memset(s, 0, sizeof *s);
    s->type = type;
    s->ref = ref;
    return ECO_OK;
}

eco_status eco__solution_unassign(eco_solution *sol, int box, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (sol->n_unassigned == sol->cap_unassigned) {
        int cap = sol->cap_unassigned ? 2 * sol->cap_unassigned : 8;
        eco_unassigned *nu = realloc(sol->unassigned, (size_t)cap * sizeof *nu);
        if (!nu)
            return ECO_EINTERNAL;
        sol->unassigned = nu;
        sol->cap_unassigned = cap;
    }
    char *reason = eco__strdup(buf);
    if (!reason)
        return ECO_EINTERNAL;
    sol->unassigned[sol->n_unassigned].box = box;
    sol->unassigned[sol->n_unassigned].reason = reason;
    sol->n_unassigned++;
    return ECO_OK;
}

eco_solution *eco__solution_clone(const eco_solution *sol)
{
    eco_solution *c = eco__solution_new();
    if (!c)
        return NULL;
    *c = *sol;
    c->routes = NULL;
    c->unassigned = NULL;
    c->n_routes = c->cap_routes = c->n_unassigned = c->cap_unassigned = 0;
    for (int r = 0; r < sol->n_routes; r++) {
        eco_route *nr = eco__solution_add_route(c, sol->routes[r].vehicle);
        if (!nr)
            goto fail;
        eco_route saved = sol->routes[r];
        *nr = saved;
        nr->steps = NULL;
        nr->n_steps = nr->cap_steps = 0;
        nr->geometry = NULL;
        if (saved.geometry && !(nr->geometry = eco__strdup(saved.geometry)))
            goto fail;
        if (saved.n_steps) {
            nr->steps = malloc((size_t)saved.n_steps * sizeof *nr->steps);
            if (!nr->steps)
                goto fail;
            memcpy(nr->steps, saved.steps, (size_t)saved.n_steps * sizeof *nr->steps);
            nr->n_steps = nr->cap_steps = saved.n_steps;
        }
    }
    for (int i = 0; i < sol->n_unassigned; i++)
        if (eco__solution_unassign(c, sol->unassigned[i].box, "%s", sol->unassigned[i].reason) != ECO_OK)
            goto fail;
    return c;
fail:
    eco_solution_destroy(c);
    return NULL;
}

void eco__solution_finish(const eco_instance *inst, eco_solution *sol)
{
    eco_summary *s = &sol->summary;
    memset(s, 0, sizeof *s);
    int64_t dist = 0, dur = 0;
    for (int r = 0; r < sol->n_routes; r++) {
        eco_route *rt = &sol->routes[r];
        eco__route_schedule(inst, rt);
        if (rt->start_time < 0 && rt->n_steps > 0) /* fix the departure the schedule chose */
            rt->start_time = eco__route_departure(rt);
        if (rt->n_steps == 0)
            continue;
        s->routes++;
        s->cost += rt->cost;
        dist += rt->distance;
        dur += rt->duration;
        for (int k = 0; k < rt->n_steps; k++)
            s->unloads += rt->steps[k].type == ECO_STEP_UNLOAD;
    }
    s->distance = (double)dist * inst->dist_unit;
    s->duration = (double)dur * inst->time_unit;
    s->unassigned = sol->n_unassigned;
    for (int i = 0; i < sol->n_unassigned; i++) {
        const eco_box *b = &inst->boxes[sol->unassigned[i].box];
        if (b->need == ECO_BOX_OPTIONAL)
            s->cost += b->prize;
    }
}

void eco_solution_summary(const eco_solution *sol, eco_summary *out)
{
    *out = sol->summary;
}

int eco_solution_mandatory_unassigned(const eco_instance *inst, const eco_solution *sol)
{
    int n = 0;
    for (int i = 0; i < sol->n_unassigned; i++)
        n += inst->boxes[sol->unassigned[i].box].need == ECO_BOX_MANDATORY;
    return n;
}
