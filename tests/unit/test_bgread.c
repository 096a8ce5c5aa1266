/*
 * test_bgread.c — an input read on a thread of its own (lib bgread.c):
 * records are handed over in order on a thread other than the caller's;
 * anything but a file or a pipe of records (tool output, a terminal, a
 * directory, an archive name) is left alone with INPUT_NOT_RECORDS and
 * nothing said, and what was read of a pipe kept (bgread_rest), read on
 * by input_read_rest to its first byte; what the thread said is held until the
 * join and then said, or dropped; BT_THREADS=1 starts no thread.  bgread_run
 * runs any work so: its value from bgread_wait, its words held until
 * bgread_end.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgread.h"
#include "tap.h"
#include "util.h"

struct seen {
	pthread_t self;
	int n, other_thread, in_order;
};

static int count(void *ctx, const struct rec *rec)
{
	struct seen *s = ctx;

	s->other_thread |= !pthread_equal(pthread_self(), s->self);
	s->in_order &= rec->lineno == s->n + 1;
	s->n++;
	return 0;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		exit(1);
}

/* stdin from /dev/null (path NULL), or a pipe that a child fills with
 * path's bytes. */
static void stdin_from(const char *path)
{
	int p[2], fd;

	if (!path) {
		fd = open("/dev/null", O_RDONLY);
		dup2(fd, 0);
		close(fd);
		return;
	}
	if (pipe(p))
		exit(1);
	if (fork() == 0) {
		close(p[0]);
		dup2(p[1], 1);
		execlp("cat", "cat", path, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	dup2(p[0], 0);
	close(p[0]);
}

/* bgread_run's work: on which thread, and a word said there. */
static int work(void *arg)
{
	struct seen *s = arg;

	s->other_thread = !pthread_equal(pthread_self(), s->self);
	warnx_("the work's words");
	return 7;
}

/* stderr caught in a temporary file until release_stderr */
struct caught {
	FILE *tmp;
	int keep;
};

static void catch_stderr(struct caught *c)
{
	c->tmp = tmpfile();
	c->keep = dup(2);
	fflush(stderr);
	dup2(fileno(c->tmp), 2);
}

/* stderr back; what was said, in out. */
static void release_stderr(struct caught *c, char *out, size_t n)
{
	size_t got;

	fflush(stderr);
	dup2(c->keep, 2);
	close(c->keep);
	rewind(c->tmp);
	got = fread(out, 1, n - 1, c->tmp);
	out[got] = '\0';
	fclose(c->tmp);
}

/* Read path on a thread, counted in s, and end with say, stderr caught:
 * what was said, in out. */
static int read_caught(const char *path, struct seen *s, int say, char *out,
		       size_t n)
{
	struct bgread *bg = bgread_start(path, count, s);
	struct caught c;
	int st;

	catch_stderr(&c);
	st = bgread_wait(bg);
	bgread_end(bg, say);
	release_stderr(&c, out, n);
	return st;
}

/* bgread_run(work) with stderr caught: the work's value; s->n is what was
 * said before bgread_end (0: held), out what was said in all. */
static int run_caught(struct seen *s, char *out, size_t n)
{
	struct bgread *bg;
	struct caught c;
	int st;

	catch_stderr(&c);
	bg = bgread_run(work, s);
	st = bg ? bgread_wait(bg) : -9;
	fflush(stderr);
	s->n = (int)ftell(c.tmp);
	if (bg)
		bgread_end(bg, 1);
	release_stderr(&c, out, n);
	return st;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/test_bgread.XXXXXX", recs[600], text[600], bad[600],
	     said[4096];
	struct seen s = {pthread_self(), 0, 0, 1};
	struct bgread *bg;
	struct input_rest *rest;

	(void)argc;
	util_init(argv[0]);
	setenv("BT_THREADS", "2", 1); /* two cores, whatever this machine has */
	if (!mkdtemp(dir))
		return 1;
	snprintf(recs, sizeof recs, "%s/r.jsonl", dir);
	snprintf(text, sizeof text, "%s/go.txt", dir);
	snprintf(bad, sizeof bad, "%s/bad.jsonl", dir);
	put(recs, "{\"bt\":1,\"kind\":\"sample\",\"name\":\"A\",\"metrics\":"
		  "{\"ns/op\":1}}\n{\"bt\":1,\"kind\":\"note\"}\n"
		  "{\"bt\":1,\"kind\":\"sample\",\"name\":\"B\",\"metrics\":"
		  "{\"ns/op\":2}}\n");
	put(text, "BenchmarkA-8  100  12.5 ns/op\n");
	put(bad, "{\"bt\":1,\"kind\":\"sample\",\n");

	bg = bgread_start(recs, count, &s);
	ok(bg != NULL, "a thread is started");
	is_int(bg ? bgread_wait(bg) : -9, 0, "a file of records: status 0");
	if (bg)
		bgread_end(bg, 1);
	is_int(s.n, 3, "every record handed over");
	ok(s.other_thread, "on a thread other than the caller's");
	ok(s.in_order, "in order");

	s.n = 0;
	is_int(read_caught(text, &s, 1, said, sizeof said), INPUT_NOT_RECORDS,
	       "Go text: INPUT_NOT_RECORDS");
	ok(s.n == 0 && !*said, "no record handed over, nothing said");
	stdin_from(NULL);
	is_int(read_caught("-", &s, 1, said, sizeof said), INPUT_NOT_RECORDS,
	       "stdin not a pipe (/dev/null): left to the caller");
	stdin_from(recs);
	s.other_thread = 0;
	is_int(read_caught("-", &s, 1, said, sizeof said), 0,
	       "a pipe of records on stdin: read, status 0");
	ok(s.n == 3 && s.other_thread, "every record, on the thread");
	s.n = 0;
	stdin_from(text);
	bg = bgread_start("-", count, &s);
	is_int(bg ? bgread_wait(bg) : -9, INPUT_NOT_RECORDS,
	       "a pipe of Go text: INPUT_NOT_RECORDS");
	rest = bg ? bgread_rest(bg) : NULL;
	ok(rest != NULL && s.n == 0, "what was read of it kept, no record");
	if (bg)
		bgread_end(bg, 1);
	s.other_thread = 0;
	is_int(rest ? input_read_rest(
			  rest, &(struct input_opts){.fn = count, .ctx = &s})
		    : -9,
	       0, "input_read_rest: status 0");
	ok(s.n == 1 && !s.other_thread,
	   "the Go text's sample, from its first byte, here");
	stdin_from(NULL);
	is_int(read_caught(dir, &s, 1, said, sizeof said), INPUT_NOT_RECORDS,
	       "a directory: left to the caller");
	ok(!*said, "and nothing said");
	is_int(
	    read_caught("x.tar.gz:results/a.jsonl", &s, 1, said, sizeof said),
	    INPUT_NOT_RECORDS, "an archive member: left to the caller");

	is_int(read_caught(bad, &s, 1, said, sizeof said), EXIT_USAGE,
	       "a bad line: status 2");
	ok(strstr(said, "bad.jsonl:1:") != NULL, "said at the join");
	is_int(read_caught(bad, &s, 0, said, sizeof said), EXIT_USAGE,
	       "a bad line, not to be said: status 2");
	ok(!*said, "and its words dropped");

	s.other_thread = 0;
	is_int(run_caught(&s, said, sizeof said), 7,
	       "bgread_run: the work's value");
	ok(s.other_thread, "on a thread other than the caller's");
	ok(s.n == 0, "its words held until bgread_end");
	ok(strstr(said, "the work's words") != NULL, "and said then");

	setenv("BT_THREADS", "1", 1);
	ok(bgread_start(recs, count, &s) == NULL, "BT_THREADS=1: no thread");
	ok(bgread_run(work, &s) == NULL, "nor for bgread_run");

	snprintf(said, sizeof said, "rm -rf '%s'", dir);
	if (system(said))
		diag("could not remove %s", dir);
	return tap_done();
}
