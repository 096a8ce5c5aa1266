/*
 * bgread.c — an input of records read on a thread of its own; see
 * bgread.h.
 */
#include "bgread.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct bgread {
	pthread_t t;
	struct input_opts o;
	char *path;
	struct util_held said;
	int st;
};

static void *reading(void *arg)
{
	struct bgread *bg = arg;

	util_hold(&bg->said);
	bg->st = input_read_opts(bg->path, &bg->o);
	util_hold(NULL);
	return NULL;
}

struct bgread *bgread_start(const char *path, rec_fn fn, void *ctx)
{
	struct bgread *bg;

	if (util_cores() < 2)
		return NULL;
	bg = xcalloc(1, sizeof *bg);
	bg->path = xstrdup(path);
	bg->o.fn = fn, bg->o.ctx = ctx, bg->o.records_only = 1;
	if (pthread_create(&bg->t, NULL, reading, bg)) {
		free(bg->path);
		free(bg);
		return NULL;
	}
	return bg;
}

int bgread_wait(struct bgread *bg)
{
	pthread_join(bg->t, NULL);
	return bg->st;
}

void bgread_end(struct bgread *bg, int say)
{
	util_held_say(&bg->said, say && bg->st != INPUT_NOT_RECORDS);
	free(bg->path);
	free(bg);
}
