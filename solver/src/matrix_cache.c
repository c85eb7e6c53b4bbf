/*
 * matrix_cache.c - on-disk cache of travel matrices keyed by (server,
 * profile, points); see matrix_cache.h for the file layout and guarantees.
 *
 * Layout (native byte order, checked by a byte-order mark):
 *   0   "ECOMTX1\n"            magic
 *   8   u32 0x01020304         byte-order mark
 *   12  u32 2                  format version
 *   16  u32 n                  points
 *   20  u32 url_len, u32 profile_len, u32 0 (reserved)
 *   32  url, profile, zero padding to a multiple of 8
 *       f64 lon[n], f64 lat[n]  (all of the above is the key: compared in full)
 *       f64 snap[n]            metres each point was snapped (-1: unknown)
 *       i32 dist[n * n] (metres), i32 dur[n * n] (seconds), row-major
 *       u64 checksum of every byte above
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "matrix_cache.h"

#define MAGIC "ECOMTX1\n"
#define BOM 0x01020304u
#define VERSION 2u
#define HEADER_BYTES 32

/* ---- a 64-bit streaming checksum (not cryptographic: it detects damage) ---- */

static uint64_t mix64(uint64_t z)
{
    z ^= z >> 30;
    z *= 0xbf58476d1ce4e5b9ULL;
    z ^= z >> 27;
    z *= 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return z;
}

/* Continues hash h over n bytes. Whole 8-byte words are folded in with a
 * rotate-xor-multiply step (a bijection of the state for each word, so any
 * single changed word changes the result); the tail is padded with its length. */
static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, b, 8);
        h = ((h << 23 | h >> 41) ^ w) * 0x9e3779b97f4a7c15ULL;
        b += 8;
        n -= 8;
    }
    uint64_t w = (uint64_t)n << 56;
    memcpy(&w, b, n); /* n < 8: the length byte stays in the top byte */
    h = ((h << 23 | h >> 41) ^ w) * 0x9e3779b97f4a7c15ULL;
    return h;
}

static uint64_t key_hash(const char *url, const char *profile, int n, const double *lon, const double *lat)
{
    uint64_t h = 0x65636f726f757465ULL; /* "ecoroute" */
    h = hash_bytes(h, url, strlen(url) + 1);
    h = hash_bytes(h, profile, strlen(profile) + 1);
    uint32_t n32 = (uint32_t)n;
    h = hash_bytes(h, &n32, sizeof n32);
    h = hash_bytes(h, lon, (size_t)n * sizeof *lon);
    h = hash_bytes(h, lat, (size_t)n * sizeof *lat);
    return mix64(h);
}

int eco__matrix_cache_path(const char *dir, const char *base_url, const char *profile, int n, const double *lon,
                           const double *lat, char *buf, size_t size)
{
    uint64_t h = key_hash(base_url, profile, n, lon, lat);
    int k = snprintf(buf, size, "%s/osrm-%016llx.mtx", dir, (unsigned long long)h);
    return k < 0 || (size_t)k >= size ? -1 : 0;
}

/* The header, strings and coordinates as one buffer (new), its size in *len. */
static unsigned char *make_head(const char *url, const char *profile, int n, const double *lon, const double *lat,
                                size_t *len)
{
    size_t ul = strlen(url), pl = strlen(profile);
    size_t strs = (ul + pl + 7) / 8 * 8;
    size_t total = HEADER_BYTES + strs + 2 * (size_t)n * sizeof(double);
    unsigned char *h = calloc(1, total);
    if (!h)
        return NULL;
    uint32_t f[6] = {BOM, VERSION, (uint32_t)n, (uint32_t)ul, (uint32_t)pl, 0};
    memcpy(h, MAGIC, 8);
    memcpy(h + 8, f, sizeof f);
    memcpy(h + HEADER_BYTES, url, ul);
    memcpy(h + HEADER_BYTES + ul, profile, pl);
    memcpy(h + HEADER_BYTES + strs, lon, (size_t)n * sizeof(double));
    memcpy(h + HEADER_BYTES + strs + (size_t)n * sizeof(double), lat, (size_t)n * sizeof(double));
    *len = total;
    return h;
}

int eco__matrix_cache_load(const char *dir, const char *base_url, const char *profile, int n, const double *lon,
                           const double *lat, int32_t *dist, int32_t *dur, double *snap_m)
{
    char path[4096];
    if (!dir || n < 0 || eco__matrix_cache_path(dir, base_url, profile, n, lon, lat, path, sizeof path) < 0)
        return 0;
    int hit = 0;
    size_t head_len = 0, cells = (size_t)n * (size_t)n;
    unsigned char *want = NULL, *got = NULL;
    double *snap = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        goto out;
    want = make_head(base_url, profile, n, lon, lat, &head_len);
    got = malloc(head_len);
    snap = snap_m ? snap_m : malloc((size_t)(n ? n : 1) * sizeof *snap);
    if (!want || !got || !snap)
        goto out;
    struct stat sb;
    uint64_t size = head_len + (uint64_t)n * sizeof(double) + 2 * cells * sizeof(int32_t) + sizeof(uint64_t);
    if (fstat(fileno(f), &sb) != 0 || (uint64_t)sb.st_size != size)
        goto out; /* truncated or padded */
    if (fread(got, 1, head_len, f) != head_len || memcmp(got, want, head_len) != 0)
        goto out; /* another version, byte order, server, profile or point list */
    uint64_t stored;
    if (fread(snap, sizeof(double), (size_t)n, f) != (size_t)n || fread(dist, sizeof(int32_t), cells, f) != cells ||
        fread(dur, sizeof(int32_t), cells, f) != cells || fread(&stored, sizeof stored, 1, f) != 1)
        goto out;
    uint64_t h = hash_bytes(0, got, head_len);
    h = hash_bytes(h, snap, (size_t)n * sizeof(double));
    h = hash_bytes(h, dist, cells * sizeof(int32_t));
    h = hash_bytes(h, dur, cells * sizeof(int32_t));
    if (mix64(h) != stored)
        goto out;
    for (size_t i = 0; i < cells; i++)
        if (dist[i] < 0 || dur[i] < 0)
            goto out;
    hit = 1;
out:
    if (f)
        fclose(f);
    free(want);
    free(got);
    if (snap != snap_m)
        free(snap);
    return hit;
}

static atomic_uint tmp_counter;

eco_status eco__matrix_cache_store(const char *dir, const char *base_url, const char *profile, int n, const double *lon,
                                   const double *lat, const int32_t *dist, const int32_t *dur, const double *snap_m,
                                   eco_error *err)
{
    char path[4096], tmp[4160];
    eco_status st = ECO_OK;
    size_t head_len = 0, cells = (size_t)n * (size_t)n;
    unsigned char *head = NULL;
    double *snap = NULL;
    FILE *f = NULL;
    if (eco__matrix_cache_path(dir, base_url, profile, n, lon, lat, path, sizeof path) < 0)
        return eco__error(err, ECO_EROUTING, "travel.cache_dir", "path too long");
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return eco__error(err, ECO_EROUTING, dir, "cannot create the cache directory: %s", strerror(errno));
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(tmp, sizeof tmp, "%s.%ld.%u.%ld.tmp", path, (long)getpid(), atomic_fetch_add(&tmp_counter, 1u),
             (long)ts.tv_nsec);
    head = make_head(base_url, profile, n, lon, lat, &head_len);
    snap = malloc((size_t)(n ? n : 1) * sizeof *snap);
    if (!head || !snap) {
        st = eco__error(err, ECO_EINTERNAL, path, "out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++)
        snap[i] = snap_m ? snap_m[i] : -1.0;
    f = fopen(tmp, "wb");
    if (!f) {
        st = eco__error(err, ECO_EROUTING, tmp, "cannot write the cache: %s", strerror(errno));
        goto out;
    }
    uint64_t h = hash_bytes(0, head, head_len);
    h = hash_bytes(h, snap, (size_t)n * sizeof(double));
    h = hash_bytes(h, dist, cells * sizeof(int32_t));
    h = hash_bytes(h, dur, cells * sizeof(int32_t));
    h = mix64(h);
    int ok = fwrite(head, 1, head_len, f) == head_len && fwrite(snap, sizeof(double), (size_t)n, f) == (size_t)n &&
             fwrite(dist, sizeof(int32_t), cells, f) == cells && fwrite(dur, sizeof(int32_t), cells, f) == cells &&
             fwrite(&h, sizeof h, 1, f) == 1;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    f = NULL;
    if (!ok) {
        st = eco__error(err, ECO_EROUTING, tmp, "cannot write the cache: %s", strerror(saved));
        remove(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        st = eco__error(err, ECO_EROUTING, path, "cannot replace the cache file: %s", strerror(errno));
        remove(tmp);
    }
out:
    if (f)
        fclose(f);
    free(head);
    free(snap);
    return st;
}
