/*
 * fuzz_common.h - what the libFuzzer targets of tests/fuzz share: loading an
 * instance from the fuzzer's bytes through the public API, and taking every
 * instance that loads through the rest of the pipeline `ecoroute solve` runs
 * (construction, a short search, the independent checker, the JSON and
 * CVRPLIB writers, and the solution reader on what was written).
 *
 * A property that the library promises and the fuzzer breaks is reported
 * with fuzz_fail, which prints the reason and aborts, so that libFuzzer
 * records the input as a crash:
 *  - every failure has a status in 1..4 and a message (the library never
 *    fails silently), and leaves no instance or solution behind;
 *  - a loaded small instance always solves (ECO_OK), and its solution passes
 *    the independent checker (as the CLI and the service require);
 *  - what the writer writes, the reader reads back, and the checker gives
 *    the read solution the same cost.
 * FUZZ_DEBUG=1 in the environment prints the status of every solution read
 * (to see why inputs of the solution target are refused).
 */
#ifndef ECO_FUZZ_COMMON_H
#define ECO_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "ecoroute/ecoroute.h"

/* Instances up to this many boxes are solved (construction heuristic). */
#define FUZZ_SOLVE_MAX_BOXES 40
/* ... and up to this many also get a short search (a few iterations). */
#define FUZZ_SEARCH_MAX_BOXES 12

/* Prints "fuzz: PROPERTY FAILED: ..." on stderr and aborts. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Checks the failure contract for a status st returned with err. */
void fuzz_check_failure(eco_status st, const eco_error *err, const char *what);

/* Loads data with opt; on success runs fuzz_exercise on the instance and
 * destroys it. `salt` picks variants (search or not) deterministically. */
void fuzz_load_and_exercise(const uint8_t *data, size_t size, const eco_load_options *opt, unsigned salt);

/* The pipeline after loading (see the header comment). */
void fuzz_exercise(const eco_instance *inst, unsigned salt);

/* Reads a solution text for inst and checks it: the read must succeed or fail
 * with a message; a read solution must be checkable and its report must
 * write as text and as JSON that parses. Returns 1 when it was read. */
int fuzz_read_and_check_solution(const eco_instance *inst, const char *text, size_t len);

/* A stable 32-bit hash of the input (FNV-1a), to pick variants. */
unsigned fuzz_hash(const uint8_t *data, size_t size);

#endif /* ECO_FUZZ_COMMON_H */
