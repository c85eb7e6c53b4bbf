/*
 * svc.h - internals of the ecoroute service, shared by the files of service/.
 *
 * The service answers newline-delimited JSON requests over TCP and Unix
 * sockets. One thread runs the event loop (loop.c), which owns every socket
 * and every connection; connections frame their input into lines and queue
 * their replies (conn.c); each line is parsed and validated on the loop
 * (dispatch.c), and solve/check requests become jobs for a pool of worker
 * threads (pool.c) that run them through the public library API (exec.c) and
 * wake the loop through a pipe. The loop alone touches connections, stats
 * (stats.c) and logs (log.c); a worker touches only its job.
 *
 * Names: service-internal names shared between these files carry the svc_
 * prefix; file-local helpers are static without a prefix. Like the CLI, the
 * service uses only solver/include/ecoroute/ecoroute.h.
 */
#ifndef ECO_SVC_H
#define ECO_SVC_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ecoroute/ecoroute.h"

/* ---- configuration (serve.c) ---- */

#define SVC_DEFAULT_LISTEN "tcp://127.0.0.1:7390"
#define SVC_MAX_LISTEN 16

typedef struct svc_config {
    const char *listen[SVC_MAX_LISTEN]; /* addresses: tcp://HOST:PORT or unix:PATH */
    int n_listen;
    int workers;                /* worker threads running solves */
    int queue_cap;              /* jobs waiting for a worker; beyond: "busy" */
    int max_conns;              /* open connections; beyond: "busy" and close */
    size_t max_request_bytes;   /* longest request line, bytes (without '\n') */
    int max_boxes;              /* boxes per model; beyond: "too_large" */
    double max_time_limit_s;    /* cap on a solve's time limit, seconds */
    double default_time_limit_s;/* when neither the request nor the model gives one */
    int max_threads;            /* cap on a solve's threads */
    double read_timeout_s;      /* a started line must be complete within this */
    double idle_timeout_s;      /* a connection with nothing going on is closed after this */
    double write_timeout_s;     /* a client that reads none of its replies for this long is dropped */
    double grace_s;             /* SIGTERM: running solves may finish within this, then are cancelled */
    char *token;                /* shared secret (owned), NULL: none */
    const char *osrm_url;       /* travel times from this OSRM server for native models, NULL: none */
    const char *osrm_cache_dir; /* OSRM matrix cache, NULL: none */
    int log_level;              /* SVC_LOG_* */
} svc_config;

/* ---- logging (log.c): one line per event on stderr, "key=value" pairs ---- */

enum { SVC_LOG_ALWAYS = -1, /* shown whatever the level, as info */
       SVC_LOG_ERROR = 0, SVC_LOG_WARN = 1, SVC_LOG_INFO = 2, SVC_LOG_DEBUG = 3 };

void svc_log_set_level(int level);
/* Writes "ts=... level=L event=EVENT " followed by the formatted pairs and a
 * newline, as one write. Thread-safe. */
void svc_log(int level, const char *event, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Copies s into buf as a double-quoted logfmt value: escapes quotes,
 * backslashes and control bytes, clips to the buffer. Returns buf. */
const char *svc_log_quote(char *buf, size_t n, const char *s);

/* ---- growable byte buffer with a hard size cap (conn.c) ---- */

typedef struct svc_buf {
    char *data;
    size_t len;     /* bytes in use */
    size_t cap;     /* bytes allocated */
    size_t max;     /* never grows beyond this many bytes */
} svc_buf;

/* Makes room for n more bytes; -1 when that would pass b->max or on
 * allocation failure (the buffer is unchanged then). */
int svc_buf_reserve(svc_buf *b, size_t n);
int svc_buf_append(svc_buf *b, const void *p, size_t n);
/* Drops the first n bytes. */
void svc_buf_consume(svc_buf *b, size_t n);
/* Frees the memory when the buffer is empty and larger than keep bytes. */
void svc_buf_shrink(svc_buf *b, size_t keep);
void svc_buf_free(svc_buf *b);

/* ---- addresses and sockets (addr.c) ---- */

typedef struct svc_addr {
    int is_unix;
    char host[256];   /* tcp: host name or numeric address, without brackets */
    char port[16];    /* tcp: port number as text ("0": ephemeral) */
    char path[108];   /* unix: socket path */
} svc_addr;

/* Parses "tcp://HOST:PORT", "tcp://[V6]:PORT" or "unix:PATH". Returns 0, or
 * -1 with a message in msg. */
int svc_addr_parse(const char *text, svc_addr *out, char *msg, size_t msg_n);
/* Opens a non-blocking listening socket; on success *fd and the actual
 * address ("tcp://127.0.0.1:40123", with the port the kernel chose) in
 * actual. A stale Unix socket file (nobody accepting) is replaced; a live one
 * is an error. Returns 0 or -1 with a message. */
int svc_listen(const svc_addr *a, int backlog, int *fd, char *actual, size_t actual_n, char *msg, size_t msg_n);
/* Blocking connect for the client; returns the fd or -1 with a message. */
int svc_connect(const svc_addr *a, char *msg, size_t msg_n);
int svc_set_nonblock(int fd);

/* ---- result codes: the library's status names plus the service's own ---- */

/* Exit status of the CLI that corresponds to a response code ("ok" 0,
 * "infeasible" 1, "bad_input" 2, "routing_error" 3, "internal_error" 4, and
 * the service codes: too_large, timeout, unauthorized, unknown_kind 2; busy,
 * shutting_down 4). Unknown codes give 4. */
int svc_code_exit_status(const char *code);

/* ---- jobs and the worker pool (pool.c, exec.c) ---- */

typedef enum svc_kind {
    SVC_KIND_SOLVE = 0,
    SVC_KIND_CHECK,
    SVC_KIND_HEALTH,
    SVC_KIND_STATS,
    SVC_KIND_VERSION,
    SVC_KIND_OTHER,     /* missing or unknown kind, unparseable request */
    SVC_N_KINDS
} svc_kind;

const char *svc_kind_name(svc_kind k);

typedef enum svc_job_state {
    SVC_JOB_QUEUED = 0,
    SVC_JOB_RUNNING,
    SVC_JOB_DONE
} svc_job_state;

struct svc_conn;

typedef struct svc_job {
    /* the request, set by the loop before submitting; then read-only */
    svc_kind kind;          /* SOLVE or CHECK */
    json_t *model;          /* the "model" value (object or string); owned */
    json_t *solution;       /* check: the "solution" value; owned */
    char *id_json;          /* the request's id as JSON text; owned */
    eco_load_options load;  /* format, rounding, fleet */
    eco_solve_options solve;/* time limit and threads already capped; cancel points at .cancel */
    int max_boxes;          /* from the config */
    volatile int cancel;    /* set by the loop: client gone, or shutdown grace over */

    /* the result, written by the worker before it hands the job back */
    char *response;         /* the whole reply line with its '\n'; owned */
    const char *code;       /* static: "ok", "infeasible", "bad_input", ... */
    double run_ms;          /* time on the worker */

    /* pool bookkeeping, under the pool mutex */
    svc_job_state state;
    struct svc_job *next;   /* queue or done list */

    /* loop-only */
    struct svc_conn *conn;  /* the connection that asked (may be closed) */
    struct svc_job *conn_prev, *conn_next; /* the connection's jobs */
    uint64_t req_no;        /* request serial number, for logs */
    size_t bytes;           /* request line length */
    double t_received;      /* monotonic seconds */
    int cancel_reason;      /* 0 none, 1 client gone, 2 shutdown */
} svc_job;

void svc_job_free(svc_job *j);

/* Runs a solve or check job on a worker thread: fills job->response and
 * job->code. Never fails silently: every path leaves a response. */
void svc_exec(svc_job *job);

typedef struct svc_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    svc_job *q_head, *q_tail;  /* waiting jobs, FIFO */
    int n_queued;
    int queue_cap;
    svc_job *done_head, *done_tail; /* finished jobs for the loop */
    int n_running;
    int stop;                  /* workers exit when set */
    pthread_t *threads;
    int n_threads;             /* started */
    int wake_fd[2];            /* workers write a byte to [1]; the loop polls [0] */
} svc_pool;

/* Starts n worker threads (with SIGTERM/SIGINT blocked in them). Returns 0,
 * or -1 with a message (threads already started are stopped). */
int svc_pool_start(svc_pool *p, int n_threads, int queue_cap, char *msg, size_t msg_n);
/* Queues a job; -1 when queue_cap jobs are already waiting beyond the idle
 * workers (the job stays the caller's). */
int svc_pool_submit(svc_pool *p, svc_job *j);
/* Takes a queued job back: 1 when it was still queued (the caller owns it
 * again), 0 when a worker has it or it is done (it will come back through
 * svc_pool_take_done). */
int svc_pool_unqueue(svc_pool *p, svc_job *j);
/* Takes back every queued job as a list (linked by ->next). */
svc_job *svc_pool_unqueue_all(svc_pool *p);
/* The finished jobs as a list (linked by ->next), or NULL. */
svc_job *svc_pool_take_done(svc_pool *p);
void svc_pool_counts(svc_pool *p, int *queued, int *running);
/* Drains the wake pipe (loop side). */
void svc_pool_drain_wake(svc_pool *p);
/* Stops and joins the workers; frees what is left. */
void svc_pool_destroy(svc_pool *p);

/* ---- stats (stats.c): owned by the loop thread ---- */

#define SVC_LATENCY_RING 8192

typedef struct svc_stats {
    double t_start;                 /* monotonic seconds */
    uint64_t received;              /* request lines */
    uint64_t answered;              /* responses queued */
    uint64_t dropped;               /* responses for clients that had gone */
    uint64_t cancelled;             /* jobs cancelled (client gone or shutdown) */
    uint64_t rejected;              /* busy refusals: queue full or too many connections */
    uint64_t by_kind[SVC_N_KINDS];
    uint64_t conns_accepted;
    uint64_t conns_rejected;
    uint64_t timeouts;              /* connections closed by a timeout */
    /* responses by code: index into svc_stats_codes */
    uint64_t by_code[16];
    double latency_ms[SVC_LATENCY_RING]; /* the last replies' latencies, ms */
    uint64_t n_latency;             /* replies recorded in all */
    double max_latency_ms;
    double solve_latency_ms[SVC_LATENCY_RING]; /* the same for solve replies only */
    uint64_t n_solve_latency;
    double max_solve_latency_ms;
} svc_stats;

void svc_stats_init(svc_stats *s, double now);
void svc_stats_record(svc_stats *s, svc_kind kind, const char *code, double latency_ms);
/* Counts a refusal that is not the answer to a request (a connection timed
 * out or turned away): its code only, no latency. */
void svc_stats_refusal(svc_stats *s, const char *code);
/* The stats as a new JSON object; queued/running/conns come from the caller. */
json_t *svc_stats_json(const svc_stats *s, double now, int queued, int running, int conns, int workers);

/* ---- replies (dispatch.c) ---- */

/* Small JSON helpers that never fail on odd text: a string that is not
 * valid UTF-8 has its bad bytes replaced by '?'. */
json_t *svc_json_string(const char *s);
/* The reply line {"id":ID,"ok":false,"error":{"code":..,"message":..}}\n as
 * a new string; `details` (stolen, may be NULL) is merged into "error". */
char *svc_reply_error(const char *id_json, const char *code, const char *message, json_t *details);
/* {"id":ID,"ok":true,"status":STATUS,"result":RESULT}\n; `result` stolen;
 * the members of `extra` (stolen, may be NULL) are added at the top level. */
char *svc_reply_ok(const char *id_json, const char *status, json_t *result, json_t *extra);
/* Fallback reply when building one failed (out of memory): a static-size
 * internal_error line made without allocation beyond one malloc. */
char *svc_reply_oom(const char *id_json);

/* ---- the server: event loop (loop.c) and connections (conn.c) ---- */

/* Replies waiting for one client beyond which its requests are no longer
 * read (back-pressure): it must read its replies first. */
#define SVC_OUT_PAUSE ((size_t)8 << 20)

typedef struct svc_conn {
    int fd;                 /* -1 once closed */
    uint64_t no;            /* serial number, for logs */
    char peer[96];          /* "tcp:1.2.3.4:5678" or "unix" */
    svc_buf in;             /* received bytes not yet framed */
    size_t scanned;         /* bytes of `in` already searched for '\n' */
    int discarding;         /* dropping the rest of an over-long line */
    svc_buf out;            /* replies not yet written */
    size_t out_off;         /* bytes of `out` already written */
    int n_jobs;             /* its requests queued or running */
    svc_job *jobs;          /* those jobs (conn_prev/conn_next) */
    int closing;            /* 0; 1 refused, 2 timed out: stop reading, flush `out`, then close */
    double t_active;        /* last byte read or written, or last reply */
    double t_line;          /* first byte of the current partial line (0: none) */
    double t_write;         /* last write progress while output was pending */
    struct svc_conn *prev, *next; /* every connection, open or closed-with-jobs */
} svc_conn;

typedef struct svc_listener {
    int fd;
    int is_unix;
    char addr[300];         /* actual address, as printed */
    char path[108];         /* unix: unlinked at exit */
} svc_listener;

typedef struct svc_server {
    const svc_config *cfg;
    svc_listener ls[SVC_MAX_LISTEN];
    int n_ls;
    svc_conn *conns;        /* list of all connections */
    int n_open;             /* connections with an open fd */
    svc_pool pool;
    svc_stats stats;
    int sig_fd[2];          /* self-pipe for SIGTERM/SIGINT */
    int stopping;           /* a signal came: no new solves, exit when drained */
    double t_stop;          /* when it came (monotonic) */
    int grace_over;         /* running jobs were cancelled */
    uint64_t next_conn_no;
    uint64_t next_req_no;
    double accept_pause_until; /* after EMFILE: stop accepting for a moment */
} svc_server;

double svc_now(void); /* monotonic seconds */

/* Runs the server until SIGTERM/SIGINT; returns the exit status. */
int svc_run(const svc_config *cfg);

/* conn.c */
svc_conn *svc_conn_new(svc_server *srv, int fd, const char *peer);
/* Reads what the socket has and handles every complete line. */
void svc_conn_on_readable(svc_server *srv, svc_conn *c);
/* Writes queued replies without blocking; closes the connection on a write
 * error, or after the last byte when it is closing. */
void svc_conn_flush(svc_server *srv, svc_conn *c);
/* Queues a reply line (taking ownership of `line`) and flushes. */
void svc_conn_send(svc_server *srv, svc_conn *c, char *line);
/* Closes the socket now, cancels its jobs; the struct is freed at the loop's
 * safe point once its last job is back. `why` goes to the log. */
void svc_conn_close(svc_server *srv, svc_conn *c, const char *why);
/* Queues a final error reply, stops reading, and closes after flushing. */
void svc_conn_close_with_error(svc_server *srv, svc_conn *c, const char *code, const char *message);
/* Applies the read, idle and write timeouts; returns the next deadline
 * (monotonic seconds) for this connection, or 0 for none. */
double svc_conn_check_timeouts(svc_server *srv, svc_conn *c, double now);

/* dispatch.c: handles one request line (without its '\n'). */
void svc_dispatch_line(svc_server *srv, svc_conn *c, const char *line, size_t len);
/* Records, logs and sends the reply of a request (takes `response`; NULL
 * when there is nothing to send, as for a solve cancelled because its
 * client left). c may be NULL or closed: then the reply is dropped (still
 * logged). */
void svc_finish_request(svc_server *srv, svc_conn *c, uint64_t req_no, svc_kind kind, const char *kind_text,
                        const char *id_json, size_t bytes, double t_received, const char *code, char *response,
                        const char *note);
/* A job came back from the pool: log, reply, free it. */
void svc_dispatch_done(svc_server *srv, svc_job *j);

#endif /* ECO_SVC_H */
