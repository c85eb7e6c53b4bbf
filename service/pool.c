/*
 * pool.c - the worker pool: a bounded FIFO of jobs, N threads that run them
 * (svc_exec), and a list of finished jobs handed back to the event loop,
 * which a byte on a pipe wakes. One mutex guards the queue, the done list and
 * each job's state; a worker touches nothing else of the server.
 */
#define _GNU_SOURCE /* accept4, pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "svc.h"

void svc_job_free(svc_job *j)
{
    if (!j)
        return;
    json_decref(j->model);
    json_decref(j->solution);
    free(j->id_json);
    free(j->response);
    free(j);
}

static void wake_loop(svc_pool *p)
{
    char b = 1;
    /* a full pipe already holds a wake-up: EAGAIN is fine */
    ssize_t w = write(p->wake_fd[1], &b, 1);
    (void)w;
}

static void *worker_main(void *arg)
{
    svc_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->q_head && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop)
            break;
        svc_job *j = p->q_head;
        p->q_head = j->next;
        if (!p->q_head)
            p->q_tail = NULL;
        p->n_queued--;
        j->next = NULL;
        j->state = SVC_JOB_RUNNING;
        p->n_running++;
        pthread_mutex_unlock(&p->mu);

        svc_exec(j);

        pthread_mutex_lock(&p->mu);
        j->state = SVC_JOB_DONE;
        p->n_running--;
        if (p->done_tail)
            p->done_tail->next = j;
        else
            p->done_head = j;
        p->done_tail = j;
        wake_loop(p);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int svc_pool_start(svc_pool *p, int n_threads, int queue_cap, char *msg, size_t msg_n)
{
    memset(p, 0, sizeof *p);
    p->wake_fd[0] = p->wake_fd[1] = -1;
    p->queue_cap = queue_cap;
    if (pthread_mutex_init(&p->mu, NULL) != 0 || pthread_cond_init(&p->cv, NULL) != 0) {
        snprintf(msg, msg_n, "cannot create the worker pool's mutex");
        return -1;
    }
    if (pipe2(p->wake_fd, O_NONBLOCK | O_CLOEXEC) != 0) {
        snprintf(msg, msg_n, "pipe: %s", strerror(errno));
        return -1;
    }
    p->threads = calloc((size_t)n_threads, sizeof *p->threads);
    if (!p->threads) {
        snprintf(msg, msg_n, "out of memory");
        return -1;
    }
    /* workers never take the termination signals: the loop's self-pipe does */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = 0;
    for (int i = 0; i < n_threads; i++) {
        int e = pthread_create(&p->threads[i], NULL, worker_main, p);
        if (e != 0) {
            snprintf(msg, msg_n, "cannot start worker thread %d: %s", i + 1, strerror(e));
            rc = -1;
            break;
        }
        p->n_threads++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int svc_pool_submit(svc_pool *p, svc_job *j)
{
    pthread_mutex_lock(&p->mu);
    /* a job an idle worker takes at once does not wait: it does not count */
    int idle = p->n_threads - p->n_running;
    if (p->n_queued >= p->queue_cap + (idle > 0 ? idle : 0)) {
        pthread_mutex_unlock(&p->mu);
        return -1;
    }
    j->state = SVC_JOB_QUEUED;
    j->next = NULL;
    if (p->q_tail)
        p->q_tail->next = j;
    else
        p->q_head = j;
    p->q_tail = j;
    p->n_queued++;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

int svc_pool_unqueue(svc_pool *p, svc_job *j)
{
    int taken = 0;
    pthread_mutex_lock(&p->mu);
    if (j->state == SVC_JOB_QUEUED) {
        svc_job *prev = NULL;
        for (svc_job *q = p->q_head; q; prev = q, q = q->next) {
            if (q != j)
                continue;
            if (prev)
                prev->next = q->next;
            else
                p->q_head = q->next;
            if (p->q_tail == q)
                p->q_tail = prev;
            p->n_queued--;
            q->next = NULL;
            taken = 1;
            break;
        }
    }
    pthread_mutex_unlock(&p->mu);
    return taken;
}

svc_job *svc_pool_unqueue_all(svc_pool *p)
{
    pthread_mutex_lock(&p->mu);
    svc_job *list = p->q_head;
    p->q_head = p->q_tail = NULL;
    p->n_queued = 0;
    pthread_mutex_unlock(&p->mu);
    return list;
}

svc_job *svc_pool_take_done(svc_pool *p)
{
    pthread_mutex_lock(&p->mu);
    svc_job *list = p->done_head;
    p->done_head = p->done_tail = NULL;
    pthread_mutex_unlock(&p->mu);
    return list;
}

void svc_pool_counts(svc_pool *p, int *queued, int *running)
{
    pthread_mutex_lock(&p->mu);
    *queued = p->n_queued;
    *running = p->n_running;
    pthread_mutex_unlock(&p->mu);
}

void svc_pool_drain_wake(svc_pool *p)
{
    char buf[256];
    while (read(p->wake_fd[0], buf, sizeof buf) > 0)
        ;
}

void svc_pool_destroy(svc_pool *p)
{
    if (p->threads) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        for (int i = 0; i < p->n_threads; i++)
            pthread_join(p->threads[i], NULL);
        free(p->threads);
        p->threads = NULL;
    }
    svc_job *lists[2] = {p->q_head, p->done_head};
    for (int k = 0; k < 2; k++)
        for (svc_job *j = lists[k], *n; j; j = n) {
            n = j->next;
            svc_job_free(j);
        }
    p->q_head = p->q_tail = p->done_head = p->done_tail = NULL;
    for (int k = 0; k < 2; k++)
        if (p->wake_fd[k] >= 0)
            close(p->wake_fd[k]);
    p->wake_fd[0] = p->wake_fd[1] = -1;
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
}
