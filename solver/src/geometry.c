/*
 * geometry.c - road geometry of the final routes from OSRM's /route service,
 * fetched once after the search (the search itself never calls a provider).
 */
#include <stdlib.h>

#include "osrm.h"
#include "solution.h"

eco_status eco_solution_fetch_geometry(const eco_instance *inst, eco_solution *sol, eco_error *err)
{
    if (inst->travel.kind != ECO_TRAVEL_OSRM || !inst->travel.osrm_url)
        return eco__error(err, ECO_EINPUT, "--geometry",
                          "road geometry needs OSRM travel times (travel.provider \"osrm\" or --osrm URL)");
    eco_osrm_config cfg;
    eco__osrm_config_from_instance(inst, &cfg);
    eco_status st = ECO_OK;
    double *lon = NULL, *lat = NULL;
    int cap = 0;
    for (int r = 0; r < sol->n_routes && st == ECO_OK; r++) {
        eco_route *rt = &sol->routes[r];
        if (rt->n_steps == 0)
            continue;
        if (rt->n_steps + 2 > cap) {
            cap = rt->n_steps + 2;
            double *nl = realloc(lon, (size_t)cap * sizeof *nl);
            if (nl)
                lon = nl;
            double *na = realloc(lat, (size_t)cap * sizeof *na);
            if (na)
                lat = na;
            if (!nl || !na) {
                st = eco__error(err, ECO_EINTERNAL, "--geometry", "out of memory");
                break;
            }
        }
        const eco_vehicle *v = &inst->vehicles[rt->vehicle];
        int n = 0, loc = inst->depots[v->start_depot].loc;
        lon[n] = inst->loc_x[loc];
        lat[n++] = inst->loc_y[loc];
        for (int k = 0; k < rt->n_steps; k++) {
            const eco_step *s = &rt->steps[k];
            if (s->type == ECO_STEP_BREAK)
                continue; /* taken where the truck is */
            loc = s->type == ECO_STEP_PICKUP ? inst->boxes[s->ref].loc : inst->facilities[s->ref].loc;
            lon[n] = inst->loc_x[loc];
            lat[n++] = inst->loc_y[loc];
        }
        loc = inst->depots[v->end_depot].loc;
        lon[n] = inst->loc_x[loc];
        lat[n++] = inst->loc_y[loc];
        free(rt->geometry);
        rt->geometry = NULL;
        st = eco__osrm_route(&cfg, n, lon, lat, &rt->geometry, &rt->road_distance_m, &rt->road_duration_s, NULL,
                             err);
    }
    free(lon);
    free(lat);
    return st;
}
