/*
 * test_failed.c — the failed-benchmarks list: every name comes back byte
 * for byte (tab, newline, CR, backslash, NUL, ESC, invalid UTF-8, 5,000
 * bytes, no suite), the file is one line per benchmark after its header,
 * and every line the reader cannot read stops it with its line number.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "failed.h"
#include "tap.h"
#include "util.h"

struct got {
	struct failed_entry e[16];
	char *suite[16], *name[16];
	int n;
};

static int take(void *ctx, const struct failed_entry *e)
{
	struct got *g = ctx;

	if (g->n == 16)
		return 1;
	g->e[g->n] = *e;
	g->suite[g->n] = xmalloc(e->suite_len + 1);
	memcpy(g->suite[g->n], e->suite, e->suite_len + 1);
	g->name[g->n] = xmalloc(e->name_len + 1);
	memcpy(g->name[g->n], e->name, e->name_len + 1);
	g->e[g->n].suite = g->suite[g->n];
	g->e[g->n].name = g->name[g->n];
	g->n++;
	return 0;
}

static void got_free(struct got *g)
{
	int i;

	for (i = 0; i < g->n; i++) {
		free(g->suite[i]);
		free(g->name[i]);
	}
	g->n = 0;
}

/* Read text (n bytes) as a list; its status.  Messages go to errfile. */
static int read_text(const char *text, size_t n, struct got *g)
{
	FILE *f = fmemopen((void *)text, n, "r");
	int st;

	if (!f)
		return -1;
	st = failed_read(f, "list", take, g);
	fclose(f);
	return st;
}

/* The message failed_read gave for text, via a temporary stderr. */
static char *message(const char *text)
{
	static char msg[512];
	struct got g = {0};
	FILE *err = tmpfile();
	int saved = dup(2);
	size_t k;

	fflush(stderr);
	dup2(fileno(err), 2);
	read_text(text, strlen(text), &g);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(err);
	k = fread(msg, 1, sizeof msg - 1, err);
	msg[k] = '\0';
	msg[strcspn(msg, "\n")] = '\0';
	fclose(err);
	got_free(&g);
	return msg;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *what, *s;
		size_t n;
	} names[] = {
	    {"a tab", "Bench\tmark", 10},
	    {"a newline and a CR", "a\nb\rc", 5},
	    {"a backslash and \\t as text", "a\\tb\\", 6},
	    {"a NUL", "a\0b", 3},
	    {"ESC and DEL", "\033[31mred\177", 9},
	    {"invalid UTF-8 (0xff, overlong, surrogate)",
	     "\xff\xc0\x80\xed\xa0\x80x", 7},
	    {"valid UTF-8",
	     "gr\xc3\xb6\xc3\x9f"
	     "e/\xe2\x82\xac",
	     11},
	    {"a truncated UTF-8 sequence at the end", "x\xe2\x82", 3},
	};
	struct buf b = {0};
	struct got g = {0};
	char *big = xmalloc(5001);
	size_t i;
	int all = 1;

	(void)argc;
	util_init(argv[0]);
	memset(big, 'x', 5000);
	big[5000] = '\0';
	big[2500] = '\t';

	failed_header(&b);
	ok(failed_is_list(b.p, b.len), "the header says what the file is");
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct failed_entry e = {"example.com/x", names[i].s, 13,
					 names[i].n,	  2,	      16.456};

		failed_line(&b, &e);
	}
	{
		struct failed_entry e = {"", big, 0, 5000, 0, 12};

		failed_line(&b, &e);
	}
	{
		struct failed_entry e = {"s\tu\\ite", "Plain", 7, 5, 8, NAN};

		failed_line(&b, &e);
	}
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.p[i] < 0x20 && b.p[i] != '\t' &&
		    b.p[i] != '\n')
			all = 0;
	ok(all, "the file holds no control character but tabs and newlines");
	{
		size_t lines = 0;

		for (i = 0; i < b.len; i++)
			lines += b.p[i] == '\n';
		is_int(lines, 1 + sizeof names / sizeof names[0] + 2,
		       "one line per benchmark after the header");
	}
	is_int(read_text(b.p, b.len, &g), 0, "what was written reads back");
	is_int(g.n, sizeof names / sizeof names[0] + 2, "every entry");
	for (i = 0; i < sizeof names / sizeof names[0] && (int)i < g.n; i++)
		ok(g.e[i].name_len == names[i].n &&
		       !memcmp(g.e[i].name, names[i].s, names[i].n) &&
		       g.e[i].suite_len == 13 && g.e[i].procs == 2 &&
		       fabs(g.e[i].cv - 16.46) < 1e-9,
		   "round trip: %s", names[i].what);
	i = sizeof names / sizeof names[0];
	ok(g.n > (int)i && g.e[i].name_len == 5000 &&
	       !memcmp(g.e[i].name, big, 5000) && g.e[i].suite_len == 0,
	   "round trip: 5,000 bytes with a tab, no suite");
	ok(g.n > (int)i + 1 && g.e[i + 1].suite_len == 7 &&
	       !memcmp(g.e[i + 1].suite, "s\tu\\ite", 7) &&
	       isnan(g.e[i + 1].cv) && g.e[i + 1].procs == 8,
	   "round trip: a suite with a tab and a backslash, no CV");
	got_free(&g);

	/* The list earlier bt-cv wrote, without a header: still read. */
	is_int(read_text(
		   "\tBM_A\t0\t12.00\nsuite\tBench a\\b\t2\t3.5\n",
		   strlen("\tBM_A\t0\t12.00\nsuite\tBench a\\b\t2\t3.5\n"), &g),
	       0, "a list without a header (version 0) is read");
	ok(g.n == 2 && g.e[0].suite_len == 0 && !strcmp(g.e[0].name, "BM_A") &&
	       !strcmp(g.e[1].name, "Bench a\\b"),
	   "its fields as they are, a leading empty suite kept");
	got_free(&g);
	is_int(read_text("# bt-failed 1: x\r\n\n\tBM_A\t0\t1.00\r\n\n",
			 strlen("# bt-failed 1: x\r\n\n\tBM_A\t0\t1.00\r\n\n"),
			 &g),
	       0, "blank lines and CRLF line ends are nothing");
	is_int(g.n, 1, "one entry");
	got_free(&g);

	is_str(
	    message("# bt-failed 1\nok\tA\t1\t2\nok\tB\\q\t1\t2\n"),
	    "test_failed: list:3: an unknown escape (\\\\ \\t \\n \\r \\xHH)",
	    "a bad escape: its line number");
	is_str(message("# bt-failed 1\nok\tA\\x4\t1\t2\n"),
	       "test_failed: list:2: \\x wants two hex digits", "a short \\x");
	is_str(message("# bt-failed 1\nok\tA\033\t1\t2\n"),
	       "test_failed: list:2: a raw control character (write it as "
	       "\\xHH)",
	       "a raw control character");
	is_str(
	    message("# bt-failed 1\nok\tA\t1\n"),
	    "test_failed: list:2: not a failed-benchmarks line (suite, name, "
	    "procs and CV separated by tabs)",
	    "three fields");
	is_str(
	    message("# bt-failed 1\nok\tA\t1\t2\t3\n"),
	    "test_failed: list:2: not a failed-benchmarks line (suite, name, "
	    "procs and CV separated by tabs)",
	    "five fields");
	is_str(message("\tA\tx\t2\n"),
	       "test_failed: list:1: procs is not a whole number",
	       "procs not a number");
	is_str(message("\tA\t1\tnan\n"),
	       "test_failed: list:1: the CV is not a number", "a NaN CV");
	is_str(message("\t\t1\t2\n"),
	       "test_failed: list:1: a benchmark without a name", "no name");
	is_str(message("# bt-failed 2: future\n\tA\t1\t2\n"),
	       "test_failed: list:1: a failed list of a newer version than "
	       "this bt-retry reads",
	       "a newer version is refused");
	is_str(message("# bt-failed x\n"),
	       "test_failed: list:1: a header without a version",
	       "a header without a version");
	{
		static const char nul[] = "# bt-failed 1\n\tA\0B\t1\t2\n";

		FILE *err = tmpfile();
		int saved = dup(2);

		dup2(fileno(err), 2);
		is_int(read_text(nul, sizeof nul - 1, &g), EXIT_USAGE,
		       "a raw NUL is refused");
		dup2(saved, 2);
		close(saved);
		fclose(err);
		got_free(&g);
	}
	buf_free(&b);
	free(big);
	return tap_done();
}
