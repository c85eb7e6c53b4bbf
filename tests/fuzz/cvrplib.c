/*
 * cvrplib.c - libFuzzer target: the CVRPLIB / TSPLIB reader
 * (read_cvrplib.c) through eco_instance_load_buffer with the format forced,
 * then the pipeline of fuzz_common.h on every instance that loads. The
 * input's length picks the rounding convention (default, nint, trunc1,
 * exact), so every convention is reached from the same seeds.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const eco_rounding roundings[4] = {ECO_ROUND_DEFAULT, ECO_ROUND_NINT, ECO_ROUND_TRUNC1, ECO_ROUND_EXACT};
    eco_load_options opt = {.format = ECO_FORMAT_CVRPLIB, .rounding = roundings[size % 4], .limit_fleet = 1};
    fuzz_load_and_exercise(data, size, &opt, fuzz_hash(data, size));
    return 0;
}
