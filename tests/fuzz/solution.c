/*
 * solution.c - libFuzzer target: the solution reader used by `ecoroute
 * check` (solution_read.c: native solution JSON and CVRPLIB .sol text),
 * then the independent checker and its report writers on whatever reads.
 *
 * The first input byte picks one of three fixed instances, loaded once: a
 * native model with every rule (two materials, two depots, a truck type with
 * a break and daily limits, a van with compartments, two facilities, time
 * windows, optional boxes; tests/invalid/valid/full-haversine.json), a
 * six-node CVRPLIB instance and a five-customer Solomon instance. The rest
 * of the input is the solution text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char native_model[] =
    "{\"name\":\"valid-full-haversine\",\"materials\":[\"plastic\",\"paper\"],\"depots\":[{\"id\":\"garage\",\"location\":["
    "76.889,43.238],\"time_window\":[\"06:00\",\"20:00\"]},{\"id\":\"yard\",\"location\":[76.91,43.25]}],\"vehicles\":["
    "{\"id\":\"truck\",\"count\":2,\"depot\":\"garage\",\"end_depot\":\"yard\",\"capacity_kg\":1500,\"materials\":[\"plastic"
    "\",\"paper\"],\"shift\":[\"07:00\",\"17:00:30\"],\"max_duration_s\":32400,\"max_distance_m\":200000,\"costs\":{\"fix"
    "ed\":40,\"per_km\":0.6,\"per_hour\":9},\"break\":{\"duration_s\":1800,\"start_window\":[\"12:00\",\"13:30\"]},\"max_"
    "stops\":80,\"max_day_load_kg\":4000},{\"id\":\"van\",\"depot\":\"garage\",\"capacity_kg\":{\"plastic\":300,\"paper\":"
    "500},\"costs\":{\"fixed\":20}}],\"facilities\":[{\"id\":\"baler\",\"kind\":\"baling\",\"location\":[76.95,43.2],\"acc"
    "epts\":[\"plastic\",\"paper\"],\"unload_s\":900,\"hours\":[\"08:00\",\"19:00\"]},{\"id\":\"recycler\",\"kind\":\"recycle"
    "r\",\"location\":[77.05,43.31],\"accepts\":[\"plastic\"],\"unload_s\":1200,\"hours\":[32400,64800]}],\"boxes\":[{"
    "\"id\":\"kbtu-1\",\"location\":[76.944,43.254],\"material\":\"plastic\",\"capacity_kg\":60,\"fill\":0.9,\"fill_rate"
    "\":0.15,\"service_s\":120,\"time_window\":[\"09:00\",\"16:00\"]},{\"id\":\"kbtu-2\",\"location\":[76.945,43.255],\"m"
    "aterial\":\"paper\",\"capacity_kg\":80,\"fill\":0.55,\"fill_rate\":0.3,\"service_s\":90},{\"id\":\"kbtu-3\",\"locati"
    "on\":[76.946,43.256],\"material\":\"paper\",\"capacity_kg\":80,\"fill\":0.2,\"fill_rate\":0.1,\"service_s\":90},{"
    "\"id\":\"satbayev-1\",\"location\":[76.93,43.236],\"material\":\"plastic\",\"load_kg\":35.5,\"service_s\":60,\"time"
    "_window\":[\"10:00:00\",\"15:30:00\"]},{\"id\":\"satbayev-2\",\"location\":[76.931,43.237],\"material\":\"paper\",\""
    "load_kg\":120,\"mandatory\":false,\"prize\":12.5},{\"id\":\"kaznu-1\",\"location\":[76.92,43.225],\"material\":\"p"
    "aper\",\"capacity_kg\":100,\"fill\":0.3,\"mandatory\":true,\"service_s\":150},{\"id\":\"kaznu-2\",\"location\":[76."
    "921,43.226],\"material\":\"plastic\",\"capacity_kg\":50,\"fill\":0.7,\"fill_rate\":0.1}],\"travel\":{\"provider\":"
    "\"haversine\",\"circuity\":1.3,\"speed_kmh\":28},\"options\":{\"fill_threshold\":0.8,\"horizon_days\":1,\"prize_p"
    "er_kg\":0.05,\"return_empty\":true,\"time_limit_s\":10,\"threads\":2,\"seed\":7}}";

static const char cvrplib_model[] =
    "NAME : tiny\nTYPE : CVRP\nDIMENSION : 6\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\n"
    "NODE_COORD_SECTION\n1 0 0\n2 10 0\n3 0 10\n4 -10 0\n5 0 -10\n6 7 7\n"
    "DEMAND_SECTION\n1 0\n2 4\n3 4\n4 4\n5 4\n6 3\nDEPOT_SECTION\n1\n-1\nEOF\n";

static const char solomon_model[] =
    "TINY5\n\nVEHICLE\nNUMBER     CAPACITY\n  3         30\n\nCUSTOMER\n"
    "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n"
    "    0      40         50          0          0       1236          0\n"
    "    1      45         68         10        912        967         90\n"
    "    2      45         70         30        825        870         90\n"
    "    3      42         66         10         65        146         90\n"
    "    4      42         68         10        727        782         90\n"
    "    5      42         65         10         15         67         90\n";

static eco_instance *instances[3];

static void load_fixed(void)
{
    static const struct {
        const char *text;
        size_t len;
        const char *name;
    } src[3] = {{native_model, sizeof native_model - 1, "native"},
                {cvrplib_model, sizeof cvrplib_model - 1, "cvrplib"},
                {solomon_model, sizeof solomon_model - 1, "solomon"}};
    for (int i = 0; i < 3; i++) {
        eco_error err;
        eco_error_clear(&err);
        if (eco_instance_load_buffer(src[i].text, src[i].len, src[i].name, NULL, &instances[i], &err) != ECO_OK) {
            fprintf(stderr, "fuzz solution: the fixed %s instance does not load: %s: %s\n", src[i].name, err.where,
                    err.message);
            abort();
        }
    }
}

/* The instances are loaded once and kept for the whole run. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    load_fixed();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fuzz_read_and_check_solution(instances[data[0] % 3], (const char *)data + 1, size - 1);
    return 0;
}
