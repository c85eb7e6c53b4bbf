/*
 * cmd_bench.h - the `ecoroute bench` and `ecoroute score` verbs: the
 * benchmark harness (named suites, folders and generated city suites, our
 * solver or a plug-in heuristic, every solution checked, Markdown/CSV/JSON
 * and SVG plots) and the leaderboard of solution folders made by any program.
 */
#ifndef ECO_CMD_BENCH_H
#define ECO_CMD_BENCH_H

/* `ecoroute bench`; argv[0] is "bench". Exit status: 0 every solution
 * checked feasible, 1 some run failed or was infeasible, 2 usage or input. */
int eco_cli_bench(int argc, char **argv);

/* `ecoroute score`; argv[0] is "score". Exit status: 0 leaderboard printed,
 * 2 usage or unreadable instances. */
int eco_cli_score(int argc, char **argv);

#endif /* ECO_CMD_BENCH_H */
