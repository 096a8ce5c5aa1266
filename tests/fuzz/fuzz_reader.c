/*
 * fuzz_reader.c — libFuzzer target for the reader's ways through one
 * input (input.c, ingz.c): read whole, in two parts at a cut (what
 * bt-parse's two processes do with one large file, spool.h), gzipped and
 * inflated on a second thread (in one gzip member or two, cat a.gz b.gz),
 * as a member of a .tar.gz read ahead on that thread, and from a pipe,
 * plain or gzipped, written in three pieces (the reader's reads end where
 * they end: the writer waits for the reader to want more).  Every way must
 * make what reading the file whole, on one thread, makes: the same
 * records, the same words on stderr and the same status (an archive's
 * words name its member, and a member no plugin reads is skipped).
 *
 * The input's first two bytes choose the cut, the third how it is
 * gzipped, its format (records, or go), whether the pipe carries it
 * gzipped, its first piece's size, and whether the bytes are read as an
 * archive too (of any format libarchive reads: no check but the
 * sanitizers'); the rest is the file: records,
 * or Go's text for the go plugin, built beside the target (tests/fuzz/run
 * puts it in reader-plugins/).
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "guard.h"
#include "plugin.h"
#include "record.h"
#include "util.h"

/* in memory (tmpfs) where there is one: a file a reading, four readings
 * an input */
static char scratch[64];
static char plain[64], tgz[64], member[80]; /* scratch/in, scratch/a.tar.gz */
static struct plugins *reg;
static const char *format; /* this input's: "records" or "go" */

struct got {
	char *out, *words;
	size_t nout, nwords;
	int st;
};

/* The harness could not do its part (not a finding of the reader's):
 * said, then stopped as a finding is, so that the input is kept. */
static _Noreturn void fail(const char *what)
{
	fprintf(stderr, "fuzz_reader: %s: %s\n", what, strerror(errno));
	abort();
}

/* What fn and idle are given. */
struct feed;
struct sink {
	struct recw *w;
	struct feed *feed;
};

static int put(void *ctx, const struct rec *rec)
{
	recw_write(((struct sink *)ctx)->w, rec);
	return 0;
}

/* The pipe's writer: pieces [0, at[0]), [at[0], at[1]), [at[1], n), each
 * written once the reader has asked for more (its idle callback) since the
 * one before, or the reading is over. */
struct feed {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int fd, done;
	unsigned idles;
	const uint8_t *p;
	size_t n, at[2];
};

static void idle(void *ctx)
{
	struct feed *f = ((struct sink *)ctx)->feed;

	pthread_mutex_lock(&f->mu);
	f->idles++;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

static void *writer(void *arg)
{
	struct feed *f = arg;
	size_t from = 0, to, i;
	unsigned seen;
	sigset_t all;
	ssize_t k;

	/* every signal to the reading thread, as ingz.c's thread does: the
	 * guard's clock is a process's signal, for the thread in a plugin */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);

	for (i = 0; i < 3; i++, from = to) {
		to = i < 2 ? f->at[i] : f->n;
		if (from == to) /* nothing the reader would wake for */
			continue;
		pthread_mutex_lock(&f->mu);
		seen = f->idles;
		pthread_mutex_unlock(&f->mu);
		for (; from < to; from += (size_t)k)
			if ((k = write(f->fd, f->p + from, to - from)) <= 0)
				goto out; /* the reading stopped */
		pthread_mutex_lock(&f->mu);
		while (i < 2 && f->idles == seen && !f->done)
			pthread_cond_wait(&f->cv, &f->mu);
		pthread_mutex_unlock(&f->mu);
	}
out:
	close(f->fd);
	return NULL;
}

/* Read path's bytes [from, to) (0: the end) with threads cores, or, when
 * feed is set, what it writes into a pipe (named path), adding what it
 * makes to g. */
static void part(const char *path, long long from, long long to,
		 const char *threads, struct feed *feed, struct got *g)
{
	struct input_opts in = {0};
	struct util_held h = {0};
	int fd = memfd_create("records", 0);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w+");
	struct sink sk = {NULL, feed};
	long len;

	if (!f)
		fail("tmpfile for the records");
	sk.w = recw_new(f);
	setenv("BT_THREADS", threads, 1);
	in.fn = put, in.ctx = &sk, in.plugins = reg, in.format = format;
	in.from = from, in.to = to;
	util_hold(&h);
	if (feed) {
		int fds[2];
		pthread_t t;

		if (pipe(fds))
			fail("pipe");
		feed->fd = fds[1];
		in.idle = idle;
		pthread_mutex_init(&feed->mu, NULL);
		pthread_cond_init(&feed->cv, NULL);
		if (pthread_create(&t, NULL, writer, feed))
			fail("pthread_create");
		g->st = input_read_fd(fds[0], path, &in);
		close(fds[0]); /* the writer, if still writing, stops */
		pthread_mutex_lock(&feed->mu);
		feed->done = 1;
		pthread_cond_signal(&feed->cv);
		pthread_mutex_unlock(&feed->mu);
		pthread_join(t, NULL);
		pthread_mutex_destroy(&feed->mu);
		pthread_cond_destroy(&feed->cv);
	} else {
		g->st = input_read_opts(path, &in);
	}
	recw_flush(sk.w);
	util_hold(NULL);
	recw_free(sk.w);
	len = lseek(fileno(f), 0, SEEK_END);
	g->out = xrealloc(g->out, g->nout + (size_t)len + 1);
	if (pread(fileno(f), g->out + g->nout, (size_t)len, 0) != len)
		fail("reading back the records");
	g->nout += (size_t)len;
	fclose(f);
	g->words = xrealloc(g->words, g->nwords + h.n + 1);
	memcpy(g->words + g->nwords, h.p ? h.p : "", h.n);
	g->nwords += h.n;
	util_held_say(&h, 0);
}

static void put_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n || close(fd))
		fail("writing the input");
}

/* p[0..n) gzipped, in two members when cut is inside it. */
static size_t gzip(const uint8_t *p, size_t n, size_t cut, uint8_t *out,
		   size_t cap)
{
	size_t used = 0, at[3] = {0, cut > 0 && cut < n ? cut : n, n}, i;

	for (i = 0; i < 2; i++) {
		z_stream z = {0};

		if (i == 1 && at[1] == n)
			break;
		if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK)
			fail("deflateInit2");
		z.next_in = (Bytef *)(uintptr_t)(p + at[i]);
		z.avail_in = (uInt)(at[i + 1] - at[i]);
		z.next_out = out + used;
		z.avail_out = (uInt)(cap - used);
		if (deflate(&z, Z_FINISH) != Z_STREAM_END)
			fail("deflate");
		used = cap - z.avail_out;
		deflateEnd(&z);
	}
	return used;
}

/* p[0..n) as the member "in" of a .tar.gz. */
static size_t targz(const uint8_t *p, size_t n, uint8_t *out, size_t cap)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t used = 0;

	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open_memory(a, out, cap, &used) != ARCHIVE_OK)
		fail("archive_write_open_memory");
	archive_entry_set_pathname(e, "in");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)n);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    archive_write_data(a, p, n) != (la_ssize_t)n ||
	    archive_write_close(a) != ARCHIVE_OK)
		fail("writing the .tar.gz");
	archive_entry_free(e);
	archive_write_free(a);
	return used;
}

/* The words with the name each message begins with, "fuzz_reader:
 * scratch/a.tar.gz:in", said as "fuzz_reader: scratch/in" (only there:
 * the input may hold that text too). */
static void unname(struct got *g)
{
	static const char prog[] = "fuzz_reader: ";
	size_t i, j = 0, k = strlen(member), n = strlen(plain),
		  p = sizeof prog - 1;
	int bol = 1;

	for (i = 0; i < g->nwords;) {
		if (bol && g->nwords - i >= p + k &&
		    !memcmp(g->words + i, prog, p) &&
		    !memcmp(g->words + i + p, member, k)) {
			memcpy(g->words + j, prog, p);
			memcpy(g->words + j + p, plain, n);
			j += p + n, i += p + k;
		} else {
			g->words[j++] = g->words[i++];
		}
		bol = g->words[j - 1] == '\n';
	}
	g->nwords = j;
}

static void same(const char *way, const struct got *a, const struct got *b,
		 int words)
{
	if (a->st != b->st || a->nout != b->nout ||
	    memcmp(a->out, b->out, a->nout) ||
	    (words && (a->nwords != b->nwords ||
		       memcmp(a->words, b->words, a->nwords)))) {
		fprintf(stderr,
			"%s: status %d, %zu bytes of records, %zu of words; "
			"whole: %d, %zu, %zu\n--- records\n%.*s\n--- "
			"whole's\n%.*s\n--- words\n%.*s\n--- whole's\n%.*s\n",
			way, b->st, b->nout, b->nwords, a->st, a->nout,
			a->nwords, (int)b->nout, b->out, (int)a->nout, a->out,
			(int)b->nwords, b->words, (int)a->nwords, a->words);
		abort();
	}
}

static void got_free(struct got *g)
{
	free(g->out);
	free(g->words);
	*g = (struct got){0};
}

static void cleanup(void)
{
	unlink(plain), unlink(tgz), rmdir(scratch);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	(void)argc, (void)argv;
	snprintf(scratch, sizeof scratch, "%s/fuzz_reader.XXXXXX",
		 access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
	if (n < 0 || !mkdtemp(scratch)) /* not the cwd: the artifacts' */
		fail("mkdtemp");
	atexit(cleanup);
	snprintf(plain, sizeof plain, "%s/in", scratch);
	snprintf(tgz, sizeof tgz, "%s/a.tar.gz", scratch);
	snprintf(member, sizeof member, "%s:in", tgz);
	exe[n] = '\0';
	snprintf(dir, sizeof dir, "%s/reader-plugins", dirname(exe));
	setenv("BT_PLUGIN_PATH", dir, 1);
	util_init("fuzz_reader");
	guard_own_stdout(); /* as bt-parse: no fd 1 swapped a plugin call */
	signal(SIGPIPE, SIG_IGN); /* a pipe's reading that stopped early */
	reg = plugins_new();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct got whole = {0}, two = {0}, gz = {0}, ar = {0}, piped = {0};
	struct feed feed = {0};
	const uint8_t *p = data + 3;
	size_t n, cap, cut, gzn;
	int zipped;
	uint8_t *buf;

	if (size < 3)
		return 0;
	n = size - 3;
	/* named: the probes, which fork, are test_cut's (each file of the
	 * corpus, cut 32 ways) */
	format = data[2] & 2 ? "go" : "records";
	cut = n ? 1 + (size_t)(data[0] << 8 | data[1]) % n : 0;
	put_file(plain, p, n);
	part(plain, 0, 0, "1", NULL, &whole);

	if (cut) { /* in two parts, the second read only when the first is */
		part(plain, 0, (long long)cut, "1", NULL, &two);
		if (two.st == 0)
			part(plain, (long long)cut, 0, "1", NULL, &two);
		same("in two parts", &whole, &two, 1);
	}

	/* a gzip's bytes gzipped again are inflated once, and read as what
	 * they are: not what the gzip held */
	zipped = n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
	cap = n + n / 8 + 8192;
	buf = xmalloc(cap);
	gzn = gzip(p, n, data[2] & 1 ? cut : 0, buf, cap);
	if (!zipped) {
		put_file(plain, buf, gzn);
		part(plain, 0, 0, "2", NULL, &gz);
		same(data[2] & 1 ? "gzipped in two members" : "gzipped", &whole,
		     &gz, 1);
	}

	/* through a pipe, in pieces: a few bytes, to the cut, the rest */
	feed.p = data[2] & 4 && !zipped ? buf : p;
	feed.n = data[2] & 4 && !zipped ? gzn : n;
	feed.at[0] = 1 + (data[2] >> 3 & 3);
	feed.at[0] = feed.at[0] < feed.n ? feed.at[0] : feed.n;
	feed.at[1] = cut > feed.at[0] && cut < feed.n ? cut : feed.at[0];
	part(plain, 0, 0, "2", &feed, &piped);
	same(feed.p == buf ? "gzipped through a pipe" : "through a pipe",
	     &whole, &piped, 1);

	if (whole.st == 0) { /* what no plugin reads is skipped in one */
		put_file(tgz, buf, targz(p, n, buf, cap));
		part(tgz, 0, 0, "2", NULL, &ar);
		unname(&ar);
		same("a .tar.gz's member", &whole, &ar, 1);
	}

	if (data[2] & 0x20) { /* the bytes themselves as an archive: any */
		got_free(&ar);
		put_file(tgz, p, n);
		part(tgz, 0, 0, "2", NULL, &ar);
	}
	free(buf);
	got_free(&whole), got_free(&two), got_free(&gz), got_free(&ar);
	got_free(&piped);
	return 0;
}
