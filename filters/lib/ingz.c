/*
 * ingz.c — the reader's compressed input: a .jsonl.gz inflated, and an
 * archive's member read out of its compressed stream, on two cores ahead
 * of the decoding.
 *
 * Inflating 252 MB of records takes about 0.15 s, decoding them 0.35 s,
 * one after the other on one core.  When the input is records in a
 * regular file or an archive's member, a thread of its own inflates (or
 * has libarchive read) up to NBUF chunks ahead while the caller decodes,
 * and the two overlap.  Only then: a plugin's input stays on one thread
 * (its guard is the process's signals and forks), and so do a tap and
 * pipes.  The thread touches only the stream's compressed side (z, raw,
 * zdone, zbad, pos, the archive) until gz_end joins it, before the archive's
 * next member is looked for, and blocks every signal, so that each goes
 * where it went before.
 * It starts only on an idle second core (util_helper_take): bt-compare's
 * two .gz, read on two threads already, are inflated in turn (a thread
 * more each made it 5 % slower).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "inputpriv.h"
#include "util.h"

enum { NBUF = 4 };

struct gzahead {
	pthread_t t;
	pthread_mutex_t mu;
	pthread_cond_t more, room; /* a chunk was made; one was taken */
	struct chunk {
		char *p;
		ssize_t len; /* 0 the end, -1 err */
		int err;
		size_t used;
	} c[NBUF];
	size_t head, full; /* the chunks made and not yet taken */
	int stop;
};

/* Inflate into out[0..cap), reading more compressed input when needed:
 * >0 bytes made, 0 at the end, -1 with errno.  Corrupt data is said on
 * the call after the one that made the bytes before it: which call that
 * is depends on where reads ended (a pipe's, a file's), what the bytes
 * hold must not. */
static ssize_t inflate_into(struct reader *r, char *out, size_t cap)
{
	int st;
	ssize_t k;

	if (r->zbad)
		return errno = EILSEQ, -1;
	for (;;) {
		if (r->z.avail_in == 0) {
			k = reader_raw(r, r->raw, CHUNK);
			if (k < 0)
				return -1;
			if (k == 0)
				return r->zdone ? 0 : (errno = EILSEQ, -1);
			r->z.next_in = r->raw;
			r->z.avail_in = (uInt)k;
		}
		if (r->zdone) { /* concatenated gzip members (cat a.gz b.gz) */
			if (inflateReset(&r->z) != Z_OK)
				return errno = EILSEQ, -1;
			r->zdone = 0;
		}
		r->z.next_out = (unsigned char *)out;
		r->z.avail_out = (uInt)cap;
		st = inflate(&r->z, Z_NO_FLUSH);
		if (st == Z_STREAM_END) {
			r->zdone = 1;
		} else if (st != Z_OK && st != Z_BUF_ERROR) {
			r->zbad = 1;
			if (r->z.avail_out == cap)
				return errno = EILSEQ, -1;
		}
		if (r->z.avail_out < cap)
			return (ssize_t)(cap - r->z.avail_out);
	}
}

static void *inflater(void *arg)
{
	struct reader *r = arg;
	struct gzahead *g = r->ahead;
	struct chunk *c;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;) {
		pthread_mutex_lock(&g->mu);
		while (g->full == NBUF && !g->stop)
			pthread_cond_wait(&g->room, &g->mu);
		c = &g->c[(g->head + g->full) % NBUF];
		if (g->stop) {
			pthread_mutex_unlock(&g->mu);
			return NULL;
		}
		pthread_mutex_unlock(&g->mu);
		/* the slot is ours: gzip inflated, or an archive's member */
		c->len = r->gz ? inflate_into(r, c->p, CHUNK)
			       : reader_raw(r, c->p, CHUNK);
		c->err = errno;
		c->used = 0;
		pthread_mutex_lock(&g->mu);
		g->full++;
		pthread_cond_signal(&g->more);
		pthread_mutex_unlock(&g->mu);
		if (c->len <= 0)
			return NULL;
	}
}

static void free_ahead(struct gzahead *g)
{
	size_t i;

	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->more);
	pthread_cond_destroy(&g->room);
	for (i = 0; i < NBUF; i++)
		free(g->c[i].p);
	free(g);
}

void gz_ahead(struct reader *r)
{
	struct gzahead *g;
	size_t i;

	if ((!r->gz && !r->ar) || !r->regular || r->tap || util_cores() < 2 ||
	    !util_helper_take()) /* the second core is busy (bgread) */
		return;
	g = xcalloc(1, sizeof *g);
	for (i = 0; i < NBUF; i++)
		g->c[i].p = xmalloc(CHUNK);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->more, NULL);
	pthread_cond_init(&g->room, NULL);
	r->ahead = g;
	if (pthread_create(&g->t, NULL, inflater, r) != 0) {
		r->ahead = NULL; /* inflate in turn */
		free_ahead(g);
		util_helper_done();
	}
}

/* The next chunk's bytes, as inflate_into gives them. */
static ssize_t take(struct gzahead *g, char *out, size_t cap)
{
	struct chunk *c;
	size_t n;

	pthread_mutex_lock(&g->mu);
	while (g->full == 0)
		pthread_cond_wait(&g->more, &g->mu);
	c = &g->c[g->head];
	pthread_mutex_unlock(&g->mu);
	if (c->len <= 0) /* the end, or the error, stays */
		return errno = c->err, c->len;
	n = (size_t)c->len - c->used < cap ? (size_t)c->len - c->used : cap;
	memcpy(out, c->p + c->used, n);
	if ((c->used += n) == (size_t)c->len) {
		pthread_mutex_lock(&g->mu);
		g->head = (g->head + 1) % NBUF;
		g->full--;
		pthread_cond_signal(&g->room);
		pthread_mutex_unlock(&g->mu);
	}
	return (ssize_t)n;
}

ssize_t gz_fill(struct reader *r)
{
	ssize_t k = r->ahead
			? take(r->ahead, r->buf + r->len, r->cap - r->len)
			: inflate_into(r, r->buf + r->len, r->cap - r->len);

	if (k > 0)
		r->len += (size_t)k;
	return k;
}

void gz_end(struct reader *r)
{
	struct gzahead *g = r->ahead;

	if (g) {
		pthread_mutex_lock(&g->mu);
		g->stop = 1;
		pthread_cond_signal(&g->room);
		pthread_mutex_unlock(&g->mu);
		pthread_join(g->t, NULL);
		r->ahead = NULL;
		free_ahead(g);
		util_helper_done();
	}
	if (r->gz)
		inflateEnd(&r->z);
}
