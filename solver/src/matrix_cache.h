/*
 * matrix_cache.h - on-disk cache of travel matrices (internal API).
 *
 * One file per key, where the key is (server base URL, profile, the point
 * list): DIR/osrm-<16 hex digits of a hash of the key>.mtx. The file holds a
 * header (magic, byte-order mark, format version, n, the lengths of the URL
 * and profile), the URL, the profile and the coordinates themselves (so a
 * hash collision can never return another point list's matrix), how far
 * the server snapped each point (so a hit can be held to today's limit),
 * the distance and duration matrices as int32, and a 64-bit checksum of
 * everything before it. A file that is absent, unreadable, truncated, of
 * another version or byte order, for other points, or whose checksum does
 * not match is a miss: it is never trusted, and the next store replaces it.
 * Stores write a temporary file in DIR and rename it over the old one, so a
 * reader never sees a half-written file and concurrent writers do not mix.
 *
 * Thread safety: reentrant; concurrent processes may share a directory.
 */
#ifndef ECO_MATRIX_CACHE_H
#define ECO_MATRIX_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* The cache file's path for this key into buf (size bytes). Returns 0, or
 * -1 if it does not fit. */
int eco__matrix_cache_path(const char *dir, const char *base_url, const char *profile, int n,
                           const double *lon, const double *lat, char *buf, size_t size);

/* Reads the matrices for this key into dist and dur (n * n each) and the
 * snapped distances in metres into snap_m (n; -1 = unknown; may be NULL).
 * Returns 1 on a hit, 0 on a miss (then the arrays' contents are
 * unspecified). */
int eco__matrix_cache_load(const char *dir, const char *base_url, const char *profile, int n,
                           const double *lon, const double *lat, int32_t *dist, int32_t *dur, double *snap_m);

/* Writes the matrices (and snap_m, which may be NULL: unknown) for this
 * key, creating dir (one level) if missing. Returns ECO_OK, or ECO_EROUTING
 * with the reason ("where" is the file), ECO_EINTERNAL out of memory. */
eco_status eco__matrix_cache_store(const char *dir, const char *base_url, const char *profile, int n,
                                   const double *lon, const double *lat, const int32_t *dist,
                                   const int32_t *dur, const double *snap_m, eco_error *err);

#endif /* ECO_MATRIX_CACHE_H */
