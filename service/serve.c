/*
 * serve.c - the `ecoroute serve` verb: reads the command line into an
 * svc_config (limits, timeouts, listeners, the token) and runs the event
 * loop (loop.c). Exit status 0 after a clean shutdown (SIGTERM/SIGINT), 2 on
 * a usage error or an address that cannot be bound, 4 on an internal error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "service.h"
#include "svc.h"

#define TOKEN_MAX 4096 /* bytes of a token file */

static const char serve_help[] =
    "usage: ecoroute serve [options]\n"
    "Answers newline-delimited JSON requests (solve, check, health, stats, version) over TCP and\n"
    "Unix sockets until SIGTERM or SIGINT. One request per line, one reply per line, matched by id.\n"
    "  -L, --listen ADDR          tcp://HOST:PORT or unix:PATH; repeatable (default " SVC_DEFAULT_LISTEN ");\n"
    "                             port 0 picks a free port; the actual addresses are logged as\n"
    "                             \"event=listening addr=...\"\n"
    "  -w, --workers N            worker threads running solves (default: CPUs online)\n"
    "  -q, --queue N              requests waiting for a worker; beyond it \"busy\" (default 64)\n"
    "      --max-connections N    open connections; beyond it \"busy\" and close (default 256)\n"
    "      --max-request-bytes N  longest request line (default 4194304); longer: \"too_large\"\n"
    "      --max-boxes N          boxes per model (default 5000); more: \"too_large\"\n"
    "      --max-time-limit S     cap on a solve's time limit, seconds (default 60)\n"
    "      --default-time-limit S when neither the request nor the model sets one (default 10)\n"
    "      --max-threads N        cap on a solve's threads (default: CPUs online)\n"
    "      --read-timeout S       a started request line must be complete within S (default 30)\n"
    "      --idle-timeout S       close a connection with nothing to do after S (default 300)\n"
    "      --write-timeout S      drop a client that reads no reply for S (default 60)\n"
    "      --grace S              on SIGTERM, running solves may finish within S, then are\n"
    "                             cancelled and answered with their best solution (default 10)\n"
    "      --token-file FILE      every request must carry \"token\" equal to FILE's content\n"
    "                             (trailing whitespace ignored); never logged\n"
    "      --osrm URL             travel times of native models from this OSRM server (instead\n"
    "                             of great-circle estimates); requests cannot name a server\n"
    "      --osrm-cache-dir DIR   cache OSRM matrices here; requests cannot name a directory\n"
    "      --log-level L          error, warn, info (default) or debug; logs go to stderr,\n"
    "                             one \"key=value\" line per event\n"
    "Exit status: 0 after SIGTERM/SIGINT, 2 usage or address error, 4 internal error.\n";

static int read_token(const char *path, char **out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "ecoroute serve: --token-file %s: %s\n", path, strerror(errno));
        return ECO_EINPUT;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 0077))
        fprintf(stderr, "ecoroute serve: warning: --token-file %s is readable by other users\n", path);
    char *buf = malloc(TOKEN_MAX + 2);
    if (!buf) {
        fclose(f);
        return ECO_EINTERNAL;
    }
    size_t n = fread(buf, 1, TOKEN_MAX + 1, f);
    fclose(f);
    if (n > TOKEN_MAX) {
        free(buf);
        fprintf(stderr, "ecoroute serve: --token-file %s: longer than %d bytes\n", path, TOKEN_MAX);
        return ECO_EINPUT;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
        n--;
    buf[n] = 0;
    if (n == 0 || memchr(buf, 0, n) || strchr(buf, '\n')) {
        free(buf);
        fprintf(stderr, "ecoroute serve: --token-file %s: expected one non-empty line\n", path);
        return ECO_EINPUT;
    }
    *out = buf;
    return ECO_OK;
}

/* Makes room for the connections in the descriptor limit, or lowers the cap. */
static void fit_fd_limit(svc_config *cfg)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    rlim_t need = (rlim_t)cfg->max_conns + 64;
    if (rl.rlim_cur >= need)
        return;
    rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
    rl.rlim_cur = want;
    if (setrlimit(RLIMIT_NOFILE, &rl) == 0 && want >= need)
        return;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 80) {
        int cap = (int)(rl.rlim_cur - 64);
        fprintf(stderr, "ecoroute serve: warning: descriptor limit %llu: --max-connections lowered to %d\n",
                (unsigned long long)rl.rlim_cur, cap);
        cfg->max_conns = cap;
    }
}

int eco_cli_serve(int argc, char **argv)
{
    enum {
        O_MAXCONN = 1000, O_MAXREQ, O_MAXBOXES, O_MAXTL, O_DEFTL, O_MAXTHREADS, O_READTO, O_IDLETO,
        O_WRITETO, O_GRACE, O_TOKEN, O_LOGLEVEL, O_OSRM, O_OSRMCACHE
    };
    static const struct option longopts[] = {
        {"listen", required_argument, 0, 'L'},
        {"workers", required_argument, 0, 'w'},
        {"queue", required_argument, 0, 'q'},
        {"max-connections", required_argument, 0, O_MAXCONN},
        {"max-request-bytes", required_argument, 0, O_MAXREQ},
        {"max-boxes", required_argument, 0, O_MAXBOXES},
        {"max-time-limit", required_argument, 0, O_MAXTL},
        {"default-time-limit", required_argument, 0, O_DEFTL},
        {"max-threads", required_argument, 0, O_MAXTHREADS},
        {"read-timeout", required_argument, 0, O_READTO},
        {"idle-timeout", required_argument, 0, O_IDLETO},
        {"write-timeout", required_argument, 0, O_WRITETO},
        {"grace", required_argument, 0, O_GRACE},
        {"token-file", required_argument, 0, O_TOKEN},
        {"log-level", required_argument, 0, O_LOGLEVEL},
        {"osrm", required_argument, 0, O_OSRM},
        {"osrm-cache-dir", required_argument, 0, O_OSRMCACHE},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1)
        cpus = 1;
    svc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.workers = (int)cpus;
    cfg.queue_cap = 64;
    cfg.max_conns = 256;
    cfg.max_request_bytes = 4u << 20;
    cfg.max_boxes = 5000;
    cfg.max_time_limit_s = 60;
    cfg.default_time_limit_s = 10;
    cfg.max_threads = (int)cpus;
    cfg.read_timeout_s = 30;
    cfg.idle_timeout_s = 300;
    cfg.write_timeout_s = 60;
    cfg.grace_s = 10;
    cfg.log_level = SVC_LOG_INFO;
    const char *token_file = NULL;
    long lv;
    double dv;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":L:w:q:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'L':
            if (cfg.n_listen == SVC_MAX_LISTEN)
                return eco_cli_usage_error("serve", "at most %d --listen addresses", SVC_MAX_LISTEN);
            cfg.listen[cfg.n_listen++] = optarg;
            break;
        case 'w':
            if (!eco_cli_parse_long("serve", "--workers", optarg, 1, 1024, &lv)) return ECO_EINPUT;
            cfg.workers = (int)lv;
            break;
        case 'q':
            if (!eco_cli_parse_long("serve", "--queue", optarg, 0, 1000000, &lv)) return ECO_EINPUT;
            cfg.queue_cap = (int)lv;
            break;
        case O_MAXCONN:
            if (!eco_cli_parse_long("serve", "--max-connections", optarg, 1, 1000000, &lv)) return ECO_EINPUT;
            cfg.max_conns = (int)lv;
            break;
        case O_MAXREQ:
            if (!eco_cli_parse_long("serve", "--max-request-bytes", optarg, 64, 1L << 30, &lv)) return ECO_EINPUT;
            cfg.max_request_bytes = (size_t)lv;
            break;
        case O_MAXBOXES:
            if (!eco_cli_parse_long("serve", "--max-boxes", optarg, 1, 100000000, &lv)) return ECO_EINPUT;
            cfg.max_boxes = (int)lv;
            break;
        case O_MAXTL:
            if (!eco_cli_parse_double("serve", "--max-time-limit", optarg, 0.001, 1e6, &dv)) return ECO_EINPUT;
            cfg.max_time_limit_s = dv;
            break;
        case O_DEFTL:
            if (!eco_cli_parse_double("serve", "--default-time-limit", optarg, 0.001, 1e6, &dv)) return ECO_EINPUT;
            cfg.default_time_limit_s = dv;
            break;
        case O_MAXTHREADS:
            if (!eco_cli_parse_long("serve", "--max-threads", optarg, 1, 1024, &lv)) return ECO_EINPUT;
            cfg.max_threads = (int)lv;
            break;
        case O_READTO:
            if (!eco_cli_parse_double("serve", "--read-timeout", optarg, 0.01, 1e6, &dv)) return ECO_EINPUT;
            cfg.read_timeout_s = dv;
            break;
        case O_IDLETO:
            if (!eco_cli_parse_double("serve", "--idle-timeout", optarg, 0.01, 1e7, &dv)) return ECO_EINPUT;
            cfg.idle_timeout_s = dv;
            break;
        case O_WRITETO:
            if (!eco_cli_parse_double("serve", "--write-timeout", optarg, 0.01, 1e6, &dv)) return ECO_EINPUT;
            cfg.write_timeout_s = dv;
            break;
        case O_GRACE:
            if (!eco_cli_parse_double("serve", "--grace", optarg, 0, 1e6, &dv)) return ECO_EINPUT;
            cfg.grace_s = dv;
            break;
        case O_TOKEN: token_file = optarg; break;
        case O_OSRM: cfg.osrm_url = optarg; break;
        case O_OSRMCACHE: cfg.osrm_cache_dir = optarg; break;
        case O_LOGLEVEL:
            if (!strcmp(optarg, "error")) cfg.log_level = SVC_LOG_ERROR;
            else if (!strcmp(optarg, "warn")) cfg.log_level = SVC_LOG_WARN;
            else if (!strcmp(optarg, "info")) cfg.log_level = SVC_LOG_INFO;
            else if (!strcmp(optarg, "debug")) cfg.log_level = SVC_LOG_DEBUG;
            else return eco_cli_usage_error("serve", "--log-level: expected error, warn, info or debug, got \"%s\"", optarg);
            break;
        case 'h': fputs(serve_help, stdout); return 0;
        case ':': return eco_cli_usage_error("serve", "option %s needs a value", argv[optind - 1]);
        default: return eco_cli_usage_error("serve", "unknown option %s", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return eco_cli_usage_error("serve", "unexpected argument \"%s\"", argv[optind]);
    if (cfg.n_listen == 0)
        cfg.listen[cfg.n_listen++] = SVC_DEFAULT_LISTEN;
    if (cfg.default_time_limit_s > cfg.max_time_limit_s)
        cfg.default_time_limit_s = cfg.max_time_limit_s;
    for (int i = 0; i < cfg.n_listen; i++) { /* report bad addresses as usage errors, before starting */
        svc_addr a;
        char msg[400];
        if (svc_addr_parse(cfg.listen[i], &a, msg, sizeof msg) != 0)
            return eco_cli_usage_error("serve", "--listen %s", msg);
    }
    if (token_file) {
        int st = read_token(token_file, &cfg.token);
        if (st != ECO_OK)
            return st;
    }
    fit_fd_limit(&cfg);
    svc_log_set_level(cfg.log_level);
    int rc = svc_run(&cfg);
    if (cfg.token) { /* do not leave the secret in freed memory */
        volatile char *p = cfg.token;
        for (size_t i = 0; p[i]; i++)
            p[i] = 0;
        free(cfg.token);
    }
    return rc;
}
