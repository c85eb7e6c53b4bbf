/*
 * osrm_bench.c - benchmark driver for the OSRM client (run by
 * bench/osrm_matrix.py, not a test): fetches one n x n matrix of points
 * spread over Almaty from the server at URL and prints one JSON line with
 * the wall time, requests, bytes and the process's peak resident memory.
 *
 * usage: osrm_bench URL N [BLOCK_SIZE [PARALLEL [CACHE_DIR]]]
 * With CACHE_DIR the matrix is fetched (or read) twice: the second line
 * shows the cache read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "osrm.h"

static double peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0; /* Linux: kilobytes */
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: osrm_bench URL N [BLOCK_SIZE [PARALLEL [CACHE_DIR]]]\n");
        return 2;
    }
    eco_osrm_config c;
    eco__osrm_config_init(&c);
    c.base_url = argv[1];
    int n = atoi(argv[2]);
    if (argc > 3)
        c.block_size = atoi(argv[3]);
    if (argc > 4)
        c.parallel = atoi(argv[4]);
    if (argc > 5)
        c.cache_dir = argv[5];
    if (n < 1 || n > ECO_OSRM_MAX_POINTS) {
        fprintf(stderr, "osrm_bench: N must be in [1, %d]\n", ECO_OSRM_MAX_POINTS);
        return 2;
    }
    double *lon = malloc((size_t)n * sizeof *lon), *lat = malloc((size_t)n * sizeof *lat);
    int32_t *dist = malloc((size_t)n * n * sizeof *dist), *dur = malloc((size_t)n * n * sizeof *dur);
    if (!lon || !lat || !dist || !dur) {
        fprintf(stderr, "osrm_bench: out of memory\n");
        return 4;
    }
    unsigned x = 12345u;
    for (int i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        lon[i] = 76.80 + 0.20 * (double)(x >> 8) / 16777216.0;
        x = x * 1103515245u + 12345u;
        lat[i] = 43.18 + 0.12 * (double)(x >> 8) / 16777216.0;
    }
    int runs = c.cache_dir ? 2 : 1;
    for (int r = 0; r < runs; r++) {
        eco_osrm_stats st;
        eco_error err;
        eco_error_clear(&err);
        eco_status s = eco__osrm_table(&c, n, lon, lat, NULL, dist, dur, &st, &err);
        if (s != ECO_OK) {
            fprintf(stderr, "osrm_bench: %s", err.text);
            return 3;
        }
        long long sum = 0;
        for (size_t k = 0; k < (size_t)n * n; k += 997)
            sum += dist[k];
        printf("{\"n\": %d, \"block_size\": %d, \"parallel\": %d, \"blocks\": %d, \"requests\": %d, "
               "\"retries\": %d, \"bytes\": %lld, \"seconds\": %.3f, \"cache_hit\": %d, \"cache_stored\": %d, "
               "\"peak_rss_mb\": %.1f, \"sample_sum\": %lld}\n",
               n, c.block_size, c.parallel, st.blocks, st.requests, st.retries, (long long)st.bytes, st.seconds,
               st.cache_hit, st.cache_stored, peak_rss_mb(), sum);
        fflush(stdout);
    }
    free(lon);
    free(lat);
    free(dist);
    free(dur);
    return 0;
}
