/*
 * json_model.c - libFuzzer target: the native JSON model loader and its
 * validator (json_model.c, instance.c) through eco_instance_load_buffer.
 * The input's length picks between the forced JSON format and detection
 * from the content (which also reaches the VROOM detector), then the
 * pipeline of fuzz_common.h runs on every instance that loads. A model that
 * asks for OSRM travel gets the stand-in of fuzz_common.c (no network).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eco_load_options opt = {.format = size % 8 == 7 ? ECO_FORMAT_AUTO : ECO_FORMAT_JSON,
                            .rounding = ECO_ROUND_DEFAULT, .limit_fleet = 1};
    fuzz_load_and_exercise(data, size, &opt, fuzz_hash(data, size));
    return 0;
}
