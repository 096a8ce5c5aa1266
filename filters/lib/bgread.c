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
	int done; /* the work ended, or died (said.died) */
	int (*work)(void *arg);
	void *arg;
	void (*owned_free)(void *arg); /* arg, when bgread made it */
	struct util_held said;
	int st;
	struct bgread *abandoned; /* the one abandoned before it */
};

/* Readings abandoned (bgread_abandon): the thread's until the end, kept
 * here so that nothing of theirs is lost memory once it ends. */
static struct bgread *abandoned;

/* A list of files of records to read in turn (bgread_start_paths). */
struct reading {
	struct input_opts o;
	char **paths;
	size_t n;
	struct input_rest *rest; /* a pipe not of records (bgread_start) */
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

static void *running(void *arg)
{
	struct bgread *bg = arg;

	util_hold(&bg->said);
	bg->st = bg->work(bg->arg);
	util_hold(NULL);
	util_helper_done();
	finished(bg);
	return NULL;
}

/* Read each file of the list in turn: input_read's first status not 0,
 * or INPUT_NOT_RECORDS where one was not records (the rest unread). */
static int read_paths(void *arg)
{
	struct reading *rd = arg;
	size_t i;
	int r = 0, st;

	for (i = 0; i < rd->n; i++) {
		if ((st = input_read_opts(rd->paths[i], &rd->o)) ==
		    INPUT_NOT_RECORDS)
			return st;
		if (!r)
			r = st;
	}
	return r;
}

static void reading_free(void *arg)
{
	struct reading *rd = arg;
	size_t i;

	for (i = 0; i < rd->n; i++)
		free(rd->paths[i]);
	free(rd->paths);
	input_rest_free(rd->rest);
	free(rd);
}

static void bg_free(struct bgread *bg)
{
	if (bg->owned_free)
		bg->owned_free(bg->arg);
	pthread_mutex_destroy(&bg->mu);
	pthread_cond_destroy(&bg->cv);
	free(bg);
}

static struct bgread *run_owned(int (*work)(void *), void *arg,
				void (*owned_free)(void *))
{
	struct bgread *bg;

	if (util_cores() < 2) {
		if (owned_free)
			owned_free(arg);
		return NULL;
	}
	bg = xcalloc(1, sizeof *bg);
	bg->work = work, bg->arg = arg, bg->owned_free = owned_free;
	bg->said.stop = stopped, bg->said.stop_arg = bg;
	pthread_mutex_init(&bg->mu, NULL);
	pthread_cond_init(&bg->cv, NULL);
	util_helper_add(); /* before the caller's readings look (ingz.c) */
	if (pthread_create(&bg->t, NULL, running, bg)) {
		util_helper_done();
		bg_free(bg);
		return NULL;
	}
	return bg;
}

struct bgread *bgread_run(int (*work)(void *arg), void *arg)
{
	return run_owned(work, arg, NULL);
}

static struct reading *reading_new(char *const *paths, size_t n, rec_fn fn,
				   void *ctx)
{
	struct reading *rd = xcalloc(1, sizeof *rd);
	size_t i;

	rd->paths = xreallocarray(NULL, n ? n : 1, sizeof *rd->paths);
	for (i = 0; i < n; i++)
		rd->paths[i] = xstrdup(paths[i]);
	rd->n = n;
	rd->o.fn = fn, rd->o.ctx = ctx, rd->o.records_only = 1;
	return rd;
}

struct bgread *bgread_start_paths(char *const *paths, size_t n, rec_fn fn,
				  void *ctx)
{
	if (util_cores() < 2)
		return NULL;
	return run_owned(read_paths, reading_new(paths, n, fn, ctx),
			 reading_free);
}

struct bgread *bgread_start(const char *path, rec_fn fn, void *ctx)
{
	char *p = (char *)path;
	struct reading *rd;

	if (util_cores() < 2)
		return NULL;
	rd = reading_new(&p, 1, fn, ctx);
	rd->o.rest = &rd->rest; /* a pipe too */
	return run_owned(read_paths, rd, reading_free);
}

struct input_rest *bgread_rest(struct bgread *bg)
{
	struct reading *rd = bg->arg;
	struct input_rest *k;

	if (bg->owned_free != reading_free)
		return NULL; /* bgread_run's work */
	k = rd->rest;
	rd->rest = NULL;
	return k;
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

void bgread_abandon(struct bgread *bg)
{
	pthread_detach(bg->t); /* bg stays the thread's until the end */
	bg->abandoned = abandoned;
	abandoned = bg;
}

void bgread_end(struct bgread *bg, int say)
{
	util_held_say(&bg->said, say && bg->st != INPUT_NOT_RECORDS);
	bg_free(bg);
}
