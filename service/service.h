/*
 * service.h - the `serve` and `client` verbs of the ecoroute program.
 */
#ifndef ECO_SERVICE_H
#define ECO_SERVICE_H

/* `ecoroute serve ...`: argv[0] is "serve". Returns the exit status. */
int eco_cli_serve(int argc, char **argv);
/* `ecoroute client ...`: argv[0] is "client". Returns the exit status. */
int eco_cli_client(int argc, char **argv);

#endif
