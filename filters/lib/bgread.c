/*
 * bgread.c — an input of records read on a thread of its own; see
 * bgread.h.
 */
#include "bgread.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct bgread {
	pthread_t t;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done; /* the reading ended, or died (said.died) */
	struct input_opts o;
	char **paths;
	size_t n;
	struct util_held said;
	int st;
};

static void finished(struct bgread *bg)
{
	pthread_mutex_lock(&bg->mu);
	bg->done = 1;
	pthread_cond_signal(&bg->cv);
	pthread_mutex_unlock(&bg->mu);
}

/* die() on the thread: its last words are held; it waits here for the
 * program to end from bgread_wait (or from the other thread's own die). */
static void stopped(void *arg)
{
	finished(arg);
	for (;;)
		pause();
}

static void *reading(void *arg)
{
	struct bgread *bg = arg;
	size_t i;

	util_hold(&bg->said);
	for (i = 0; i < bg->n; i++) {
		int st = input_read_opts(bg->paths[i], &bg->o);

		if (st == INPUT_NOT_RECORDS) {
			bg->st = st;
			break;
		}
		if (!bg->st)
			bg->st = st;
	}
	util_hold(NULL);
	finished(bg);
	return NULL;
}

static void bg_free(struct bgread *bg)
{
	size_t i;

	for (i = 0; i < bg->n; i++)
		free(bg->paths[i]);
	free(bg->paths);
	pthread_mutex_destroy(&bg->mu);
	pthread_cond_destroy(&bg->cv);
	free(bg);
}

struct bgread *bgread_start_paths(char *const *paths, size_t n, rec_fn fn,
				  void *ctx)
{
	struct bgread *bg;
	size_t i;

	if (util_cores() < 2)
		return NULL;
	bg = xcalloc(1, sizeof *bg);
	bg->paths = xreallocarray(NULL, n ? n : 1, sizeof *bg->paths);
	for (i = 0; i < n; i++)
		bg->paths[i] = xstrdup(paths[i]);
	bg->n = n;
	bg->o.fn = fn, bg->o.ctx = ctx, bg->o.records_only = 1;
	bg->said.stop = stopped, bg->said.stop_arg = bg;
	pthread_mutex_init(&bg->mu, NULL);
	pthread_cond_init(&bg->cv, NULL);
	if (pthread_create(&bg->t, NULL, reading, bg)) {
		bg_free(bg);
		return NULL;
	}
	return bg;
}

struct bgread *bgread_start(const char *path, rec_fn fn, void *ctx)
{
	char *p = (char *)path;

	return bgread_start_paths(&p, 1, fn, ctx);
}

int bgread_wait(struct bgread *bg)
{
	pthread_mutex_lock(&bg->mu);
	while (!bg->done)
		pthread_cond_wait(&bg->cv, &bg->mu);
	pthread_mutex_unlock(&bg->mu);
	if (bg->said.died) { /* what reading in turn would say, and end */
		util_held_say(&bg->said, 1);
		exit(bg->said.died - 1);
	}
	pthread_join(bg->t, NULL);
	return bg->st;
}

void bgread_end(struct bgread *bg, int say)
{
	util_held_say(&bg->said, say && bg->st != INPUT_NOT_RECORDS);
	bg_free(bg);
}
