/*
 * vroom.c - libFuzzer target: the VROOM problem reader (vroom_read.c)
 * through eco_instance_load_buffer with the format forced, then the
 * pipeline of fuzz_common.h on every instance that loads.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eco_load_options opt = {.format = ECO_FORMAT_VROOM, .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    fuzz_load_and_exercise(data, size, &opt, fuzz_hash(data, size));
    return 0;
}
