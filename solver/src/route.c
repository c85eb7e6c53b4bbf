/*
 * route.c - the solver's own evaluation of one route: the schedule (arrival,
 * start and departure of every step), loads, distance, duration, cost and a
 * count of rule violations, following README "Model rules". The checker
 * (check.c) implements the same rules independently.
 */
#include <string.h>

#include "solution.h"

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* One forward pass from departure d0. Returns the number of violations and
 * writes the largest delay of the departure that shortens the route without
 * breaking a window (*slack). */
static int forward(const eco_instance *inst, eco_route *r, int64_t d0, int64_t *slack)
{
    const eco_vehicle *v = &inst->vehicles[r->vehicle];
    const eco_depot *dep0 = &inst->depots[v->start_depot];
    const eco_depot *dep1 = &inst->depots[v->end_depot];
    int64_t load[ECO_MAX_MATERIALS] = {0};
    int64_t total = 0, day_load = 0, dist = 0, t = d0, wait_cum = 0;
    int64_t delay = ECO_TIME_INF;
    int pos = dep0->loc, viol = 0, stops = 0, breaks = 0;

    if (d0 < v->shift_start || d0 < dep0->open)
        viol++;
    for (int k = 0; k < r->n_steps; k++) {
        eco_step *s = &r->steps[k];
        int64_t open, close;
        if (s->type == ECO_STEP_PICKUP) {
            const eco_box *b = &inst->boxes[s->ref];
            dist += eco__dist(inst, pos, b->loc);
            s->arrival = t + eco__dur(inst, pos, b->loc);
            open = b->tw_open;
            close = b->tw_close;
            s->start = max64(s->arrival, open);
            t = s->start + b->service;
            pos = b->loc;
            if (!((v->materials >> b->material) & 1u))
                viol++;
            load[b->material] += b->demand;
            total += b->demand;
            day_load += b->demand;
            stops++;
            if (load[b->material] > v->cap[b->material] || total > v->cap_total)
                viol++;
        } else if (s->type == ECO_STEP_UNLOAD) {
            const eco_facility *f = &inst->facilities[s->ref];
            dist += eco__dist(inst, pos, f->loc);
            s->arrival = t + eco__dur(inst, pos, f->loc);
            open = f->open;
            close = f->close - f->unload_time;
            s->start = max64(s->arrival, open);
            t = s->start + f->unload_time;
            pos = f->loc;
            for (int m = 0; m < inst->n_materials; m++)
                if ((f->accepts >> m) & 1u) {
                    total -= load[m];
                    load[m] = 0;
                }
        } else { /* break: where the vehicle is */
            s->arrival = t;
            open = v->break_start_min;
            close = v->break_start_max;
            s->start = max64(t, open);
            t = s->start + v->break_duration;
            if (!v->has_break || ++breaks > 1)
                viol++;
        }
        if (s->start > close)
            viol++;
        wait_cum += s->start - s->arrival;
        delay = min64(delay, close - s->start + wait_cum);
        s->departure = t;
        s->load = total;
    }
    dist += eco__dist(inst, pos, dep1->loc);
    int64_t end = t + eco__dur(inst, pos, dep1->loc);
    int64_t end_close = min64(dep1->close, v->shift_end);
    if (end > end_close)
        viol++;
    delay = min64(delay, end_close - end + wait_cum);
    delay = min64(delay, wait_cum);
    if (v->has_break && breaks == 0 && r->n_steps > 0 && end > v->break_start_min)
        viol++;
    if (end - d0 > v->max_duration || dist > v->max_distance)
        viol++;
    if (stops > v->max_stops || day_load > v->max_day_load)
        viol++;
    if (inst->n_facilities > 0 && inst->return_empty && total != 0)
        viol++;
    r->end_arrival = end;
    r->distance = dist;
    r->duration = end - d0;
    *slack = delay > 0 ? delay : 0;
    return viol;
}

void eco__route_schedule(const eco_instance *inst, eco_route *r)
{
    const eco_vehicle *v = &inst->vehicles[r->vehicle];
    if (r->n_steps == 0) {
        r->distance = r->duration = 0;
        r->cost = 0;
        r->n_violations = 0;
        r->end_arrival = r->start_time >= 0 ? r->start_time : v->shift_start;
        return;
    }
    int64_t d0 = r->start_time;
    int64_t slack = 0;
    bool chosen = d0 < 0;
    if (chosen)
        d0 = max64(v->shift_start, inst->depots[v->start_depot].open);
    r->n_violations = forward(inst, r, d0, &slack);
    if (chosen && r->n_violations == 0 && slack > 0 && slack < ECO_TIME_INF / 2) {
        /* leave later so that the driver does not wait: same end, shorter duration */
        d0 += slack;
        r->n_violations = forward(inst, r, d0, &slack);
    }
    if (chosen)
        r->start_time = -1; /* still "chosen by the schedule"; the writer prints d0 */
    r->cost = v->fixed_cost + v->cost_per_dist * (double)r->distance + v->cost_per_time * (double)r->duration;
}

/* Departure time the schedule used (the writer needs it when start_time is -1). */
int64_t eco__route_departure(const eco_route *r)
{
    return r->end_arrival - r->duration;
}
