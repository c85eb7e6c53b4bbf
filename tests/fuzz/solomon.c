/*
 * solomon.c - libFuzzer target: the Solomon / Gehring & Homberger VRPTW
 * reader (read_solomon.c) through eco_instance_load_buffer with the format
 * forced, then the pipeline of fuzz_common.h on every instance that loads.
 * The input's length picks the rounding convention and whether the fleet is
 * limited to the file's, so every variant is reached from the same seeds.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const eco_rounding roundings[4] = {ECO_ROUND_DEFAULT, ECO_ROUND_NINT, ECO_ROUND_TRUNC1, ECO_ROUND_EXACT};
    eco_load_options opt = {.format = ECO_FORMAT_SOLOMON, .rounding = roundings[size % 4],
                            .limit_fleet = (int)((size / 4) % 2 == 0)};
    fuzz_load_and_exercise(data, size, &opt, fuzz_hash(data, size));
    return 0;
}
