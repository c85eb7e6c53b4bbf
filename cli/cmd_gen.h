/*
 * cmd_gen.h - the `ecoroute gen` verb: generates a city instance in the
 * native JSON model (see ecoroute/gen.h for the generator itself).
 */
#ifndef ECO_CMD_GEN_H
#define ECO_CMD_GEN_H

/* Runs `ecoroute gen`; argv[0] is "gen". Returns the exit status: 0 ok,
 * 2 bad usage (the message names the option) or an output file that
 * cannot be created, 4 internal error (out of memory, a failed write). */
int eco_cli_gen(int argc, char **argv);

#endif /* ECO_CMD_GEN_H */
