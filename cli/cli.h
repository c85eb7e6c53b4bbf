/*
 * cli.h - helpers shared by the verbs of the ecoroute program.
 */
#ifndef ECO_CLI_H
#define ECO_CLI_H

#include "ecoroute/ecoroute.h"

/* Prints every error in err on stderr, "ecoroute: WHERE: MESSAGE" per line. */
void eco_cli_print_error(const eco_error *err);
/* Prints "ecoroute: <verb>: <message>" and returns exit status 2 (usage). */
int eco_cli_usage_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses a number option; on error prints it and returns 0. */
int eco_cli_parse_double(const char *verb, const char *opt, const char *s, double lo, double hi, double *out);
int eco_cli_parse_long(const char *verb, const char *opt, const char *s, long lo, long hi, long *out);

#endif
