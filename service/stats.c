/*
 * stats.c - counters of the service and the latency of its last responses,
 * for the "stats" request. Owned and updated by the event loop only, so no
 * locking; percentiles are computed on demand from a ring of the last
 * SVC_LATENCY_RING latencies (nearest-rank).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svc.h"

static const char *const codes[] = {"ok",      "infeasible",   "bad_input",    "routing_error",
                                    "internal_error", "busy", "too_large",  "timeout",
                                    "unauthorized", "unknown_kind", "shutting_down"};
#define N_CODES (sizeof codes / sizeof codes[0])

void svc_stats_init(svc_stats *s, double now)
{
    memset(s, 0, sizeof *s);
    s->t_start = now;
}

void svc_stats_record(svc_stats *s, svc_kind kind, const char *code, double latency_ms)
{
    s->answered++;
    if (kind >= 0 && kind < SVC_N_KINDS)
        s->by_kind[kind]++;
    for (size_t i = 0; i < N_CODES; i++)
        if (!strcmp(code, codes[i])) {
            s->by_code[i]++;
            break;
        }
    s->latency_ms[s->n_latency % SVC_LATENCY_RING] = latency_ms;
    s->n_latency++;
    if (latency_ms > s->max_latency_ms)
        s->max_latency_ms = latency_ms;
    if (kind == SVC_KIND_SOLVE) {
        s->solve_latency_ms[s->n_solve_latency % SVC_LATENCY_RING] = latency_ms;
        s->n_solve_latency++;
        if (latency_ms > s->max_solve_latency_ms)
            s->max_solve_latency_ms = latency_ms;
    }
}

void svc_stats_refusal(svc_stats *s, const char *code)
{
    for (size_t i = 0; i < N_CODES; i++)
        if (!strcmp(code, codes[i])) {
            s->by_code[i]++;
            break;
        }
    if (!strcmp(code, "timeout"))
        s->timeouts++;
    if (!strcmp(code, "busy"))
        s->rejected++;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* {"window": n, "p50": .., "p90": .., "p95": .., "p99": .., "max": ..} over a ring, in ms. */
static json_t *latency_json(const double *ring, uint64_t count, double max_ms)
{
    json_t *lat = json_object();
    if (!lat)
        return NULL;
    size_t n = count < SVC_LATENCY_RING ? (size_t)count : SVC_LATENCY_RING;
    json_object_set_new(lat, "window", json_integer((json_int_t)n));
    if (n > 0) {
        double *v = malloc(n * sizeof *v);
        if (!v) {
            json_decref(lat);
            return NULL;
        }
        memcpy(v, ring, n * sizeof *v);
        qsort(v, n, sizeof *v, cmp_double);
        static const struct {
            const char *name;
            double q;
        } pct[] = {{"p50", 0.50}, {"p90", 0.90}, {"p95", 0.95}, {"p99", 0.99}};
        for (size_t i = 0; i < sizeof pct / sizeof pct[0]; i++) {
            size_t rank = (size_t)(pct[i].q * (double)n + 0.999999); /* nearest rank */
            if (rank < 1)
                rank = 1;
            json_object_set_new(lat, pct[i].name, json_real(round(v[rank - 1] * 1e3) / 1e3));
        }
        free(v);
    }
    json_object_set_new(lat, "max", json_real(round(max_ms * 1e3) / 1e3));
    return lat;
}

json_t *svc_stats_json(const svc_stats *s, double now, int queued, int running, int conns, int workers)
{
    json_t *o = json_object(), *errors = json_object(), *kinds = json_object();
    json_t *lat = latency_json(s->latency_ms, s->n_latency, s->max_latency_ms);
    json_t *slat = latency_json(s->solve_latency_ms, s->n_solve_latency, s->max_solve_latency_ms);
    if (!o || !errors || !kinds || !lat || !slat)
        goto fail;
    uint64_t n_err = 0;
    for (size_t i = 0; i < N_CODES; i++) {
        if (i >= 2) /* ok and infeasible are answers, not errors */
            n_err += s->by_code[i];
        if (i >= 2 && s->by_code[i])
            json_object_set_new(errors, codes[i], json_integer((json_int_t)s->by_code[i]));
    }
    for (int k = 0; k < SVC_N_KINDS; k++)
        json_object_set_new(kinds, svc_kind_name((svc_kind)k), json_integer((json_int_t)s->by_kind[k]));
    json_object_set_new(o, "uptime_s", json_real(round((now - s->t_start) * 1e3) / 1e3));
    json_object_set_new(o, "workers", json_integer(workers));
    json_object_set_new(o, "connections", json_integer(conns));
    json_object_set_new(o, "connections_accepted", json_integer((json_int_t)s->conns_accepted));
    json_object_set_new(o, "connections_refused", json_integer((json_int_t)s->conns_rejected));
    json_object_set_new(o, "received", json_integer((json_int_t)s->received));
    json_object_set_new(o, "served", json_integer((json_int_t)s->answered));
    json_object_set_new(o, "in_flight", json_integer(running));
    json_object_set_new(o, "queued", json_integer(queued));
    json_object_set_new(o, "rejected", json_integer((json_int_t)s->rejected));
    json_object_set_new(o, "timeouts", json_integer((json_int_t)s->timeouts));
    json_object_set_new(o, "cancelled", json_integer((json_int_t)s->cancelled));
    json_object_set_new(o, "dropped", json_integer((json_int_t)s->dropped));
    json_object_set_new(o, "errors_total", json_integer((json_int_t)n_err));
    json_object_set_new(o, "errors", errors);
    json_object_set_new(o, "by_kind", kinds);
    json_object_set_new(o, "latency_ms", lat);
    json_object_set_new(o, "solve_latency_ms", slat);
    return o;
fail:
    json_decref(o);
    json_decref(errors);
    json_decref(kinds);
    json_decref(lat);
    json_decref(slat);
    return NULL;
}
