/*
 * histread.c — a history's inputs read, on two cores when they are many
 * record files (histread.h).
 */
#include "histread.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bgread.h"
#include "paths.h"
#include "record.h"
#include "util.h"

static int record_file(const char *name)
{
	size_t n = strlen(name);

	return (n > 6 && !strcmp(name + n - 6, ".jsonl")) ||
	       (n > 9 && !strcmp(name + n - 9, ".jsonl.gz"));
}

static void walk(const char *dir, struct paths *p, int depth)
{
	DIR *d = depth <= 16 ? opendir(dir) : NULL;
	struct dirent *e;
	struct stat st;

	while (d && (e = readdir(d))) {
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xmalloc(strlen(dir) + strlen(e->d_name) + 2);
		sprintf(path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			walk(path, p, depth + 1);
		else if (record_file(e->d_name))
			paths_add(p, path);
		free(path);
	}
	if (d)
		closedir(d);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each argument as the inputs it stands for: a results tree's record
 * files, in path order; anything else itself. */
static void expand(struct paths *p, char *const *args, size_t n)
{
	size_t i, from;
	struct stat st;

	for (i = 0; i < n; i++) {
		from = p->n;
		if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 &&
		    S_ISDIR(st.st_mode))
			walk(args[i], p, 0);
		if (p->n ==
		    from) /* a file, "-", or a directory a plugin reads */
			paths_add(p, args[i]);
		else
			qsort(p->v + from, p->n - from, sizeof *p->v, cmp_path);
	}
}

/* Read p->v[*from..to) in turn; 0 or 2.  With in->records_only, stops
 * at the first that is not records, *from left on it. */
static int read_in_turn(struct paths *p, size_t *from, size_t to,
			const struct input_opts *in)
{
	int r = 0, st;

	for (; *from < to; ++*from)
		if ((st = input_read_opts(p->v[*from], in)) ==
		    INPUT_NOT_RECORDS)
			break;
		else if (st)
			r = EXIT_USAGE;
	return r;
}

int history_read_all(struct history *h, char *const *args, size_t n)
{
	static char *const stdin_only[] = {"-"};
	struct input_opts in = {.fn = history_add, .ctx = h};
	struct input_opts records = {
	    .fn = history_add, .ctx = h, .records_only = 1};
	struct paths p = {0};
	struct history later;
	struct bgread *bg = NULL;
	size_t k, i = 0;
	int r, st;

	expand(&p, n ? args : stdin_only, n ? n : 1);
	k = paths_split(&p);
	history_init(&later);
	later.unit = h->unit;
	if (k < p.n)
		bg = bgread_start_paths(p.v + k, p.n - k, history_add, &later);
	/* beside the thread, records only: a plugin's guard forks and
	 * signals (bgread.h) */
	r = read_in_turn(&p, &i, bg ? k : p.n, bg ? &records : &in);
	if (bg) {
		st = bgread_wait(bg);
		if (i == k && st != INPUT_NOT_RECORDS &&
		    history_merge(h, &later) == 0) {
			bgread_end(bg, 1);
			if (st)
				r = EXIT_USAGE;
			i = p.n;
		} else /* what it read is dropped: read it in turn */
			bgread_end(bg, 0);
	}
	r |= read_in_turn(&p, &i, p.n, &in);
	history_free(&later);
	paths_free(&p);
	return r;
}
