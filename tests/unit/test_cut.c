/*
 * test_cut.c — an input read in two parts (input_opts' from and to, what
 * bt-parse's two processes do with one large file, spool.h) makes what
 * reading it whole makes: for every file of the test corpus, of every
 * format, and cuts at line starts through it and inside lines, the part
 * before the cut and then the part from it give the same records, the
 * same words and the same status as the whole; and when the part before
 * fails, the whole stopped there too.  A plugin's state at the cut comes
 * from the lines before it, parsed again with what they make dropped.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin.h"
#include "record.h"
#include "tap.h"
#include "util.h"

enum { LINE_CUTS = 24, MID_CUTS = 8 };

static struct plugins *reg;

struct out {
	FILE *f;
	struct recw *w;
};

static int put(void *ctx, const struct rec *rec)
{
	recw_write(((struct out *)ctx)->w, rec);
	return 0;
}

/* What reading path from byte from to byte to (0: the end) makes: its
 * records appended to o, its words to *words; its status. */
static int part(const char *path, long long from, long long to, struct out *o,
		char **words, size_t *nwords)
{
	struct input_opts in = {0};
	struct util_held h = {0};
	int st;

	in.fn = put, in.ctx = o, in.plugins = reg;
	in.from = from, in.to = to;
	util_hold(&h);
	st = input_read_opts(path, &in);
	recw_flush(o->w);
	util_hold(NULL);
	*words = xrealloc(*words, *nwords + h.n + 1);
	memcpy(*words + *nwords, h.p ? h.p : "", h.n);
	*nwords += h.n;
	util_held_say(&h, 0);
	return st;
}

/* The bytes written to o so far, as a string (freed by the caller). */
static char *written(struct out *o, size_t *n)
{
	long len = lseek(fileno(o->f), 0, SEEK_END);
	char *p = xmalloc((size_t)len + 1);

	if (pread(fileno(o->f), p, (size_t)len, 0) != len)
		exit(1);
	p[len] = '\0';
	*n = (size_t)len;
	return p;
}

static struct out out_new(void)
{
	struct out o;

	if (!(o.f = tmpfile()))
		exit(1);
	o.w = recw_new(o.f);
	return o;
}

static void out_free(struct out *o)
{
	recw_free(o->w);
	fclose(o->f);
}

/* Every cut of one file: 0 when one differed (said), else 1. */
static int cuts(const char *path, size_t *ncuts)
{
	struct out whole = out_new();
	char *wwords = NULL, *want, *buf;
	size_t nw = 0, nwant, k, nlines = 0, i, j;
	long long *at, size;
	FILE *f = fopen(path, "rb");
	int wst, good = 1;
	struct stat st;

	if (!f || fstat(fileno(f), &st))
		return ok(0, "%s: cannot read it", path), 0;
	size = st.st_size;
	buf = xmalloc((size_t)size + 1);
	if (fread(buf, 1, (size_t)size, f) != (size_t)size)
		exit(1);
	fclose(f);
	at = xcalloc((size_t)size + 2, sizeof *at);
	for (k = 0; k < (size_t)size; k++) /* where each line starts */
		if (k == 0 || buf[k - 1] == '\n')
			at[nlines++] = (long long)k;
	wst = part(path, 0, 0, &whole, &wwords, &nw);
	want = written(&whole, &nwant);
	for (i = 0; i < LINE_CUTS + MID_CUTS && good; i++) {
		struct out two = out_new();
		char *words = NULL, *got;
		size_t n = 0, ngot;
		long long cut;
		int st1, st2 = 0;

		if (i <
		    LINE_CUTS) { /* line starts through the file, 0 and all */
			j = nlines ? i * nlines / LINE_CUTS : 0;
			cut = nlines ? at[j] : 0;
		} else { /* inside lines, and past the end */
			cut = size * (long long)(i - LINE_CUTS + 1) / MID_CUTS +
			      (i - LINE_CUTS == MID_CUTS - 1);
		}
		if (cut == 0) /* to 0 is no end: the first line's second byte */
			cut = 1;
		st1 = part(path, 0, cut, &two, &words, &n);
		if (!st1) /* in turn, a failed part ends the reading */
			st2 = part(path, cut, 0, &two, &words, &n);
		got = written(&two, &ngot);
		if (ngot != nwant || memcmp(got, want, nwant) || n != nw ||
		    (nw && memcmp(words, wwords, nw)) ||
		    (st1 ? st1 : st2) != wst) {
			good = 0;
			ok(0,
			   "%s cut at byte %lld: %zu bytes, %zu of words, "
			   "status %d, against %zu, %zu, %d",
			   path, cut, ngot, n, st1 ? st1 : st2, nwant, nw, wst);
		}
		(*ncuts)++;
		free(got);
		free(words);
		out_free(&two);
	}
	free(want);
	free(wwords);
	free(at);
	free(buf);
	out_free(&whole);
	return good;
}

int main(void)
{
	const char *data = getenv("BT_TESTS"), *build = getenv("BT_BUILD");
	char dir[4096], path[8192], plugdir[4096];
	size_t nfiles = 0, ncuts = 0, bad = 0;
	struct dirent *d, *e;
	DIR *top, *sub;

	util_init("test_cut");
	if (!data || !build) {
		printf("1..0 # SKIP run through make test\n");
		return 0;
	}
	snprintf(plugdir, sizeof plugdir, "%s/lib/bt/plugins", build);
	setenv("BT_PLUGIN_PATH", plugdir, 1);
	reg = plugins_new();
	snprintf(dir, sizeof dir, "%s/data", data);
	if (!(top = opendir(dir)))
		return ok(0, "cannot read %s", dir), tap_done();
	while ((d = readdir(top))) {
		struct stat st;

		snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
		if (d->d_name[0] == '.' || stat(path, &st) ||
		    !S_ISDIR(st.st_mode) || !(sub = opendir(path)))
			continue;
		while ((e = readdir(sub))) {
			char file[8448];

			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
			if (e->d_name[0] == '.' || stat(file, &st) ||
			    !S_ISREG(st.st_mode) || st.st_size > (1 << 20))
				continue;
			nfiles++;
			bad += !cuts(file, &ncuts);
		}
		closedir(sub);
	}
	closedir(top);
	ok(nfiles > 100, "the corpus: %zu files", nfiles);
	ok(bad == 0, "%zu cuts of %zu files: each gives what the whole gives",
	   ncuts, nfiles);
	plugins_free(reg);
	return tap_done();
}
