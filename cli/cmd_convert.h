/*
 * cmd_convert.h - the `ecoroute convert` verb: writes a problem read in any
 * supported format as VROOM's problem JSON or as the native JSON model.
 */
#ifndef ECO_CMD_CONVERT_H
#define ECO_CMD_CONVERT_H

/* Runs `ecoroute convert`; argv[0] is "convert". Returns the exit status:
 * 0 ok, 2 bad usage, unreadable input, or a problem the target format cannot
 * express (each refusal names the entity and field), 4 internal error. */
int eco_cli_convert(int argc, char **argv);

/* For `solve --output-format vroom`: writes VROOM's error response
 * {"code": C, "error": TEXT} for err to output ("-" or NULL: standard
 * output), as VROOM clients expect one on failure. */
struct eco_error;
void eco_cli_vroom_error(const char *output, const struct eco_error *err);

#endif /* ECO_CMD_CONVERT_H */
