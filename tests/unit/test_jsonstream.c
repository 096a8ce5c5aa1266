/*
 * test_jsonstream.c — the kit's line-by-line JSON reader (jsonstream.h):
 * every scalar reaches the callback with the key it has, strings decoded
 * (escapes, surrogate pairs), numbers as written; containers open and
 * close in order; a second document is announced; errors are said once.
 * And plugstr.h's text helpers (find, trim, colours off).
 */
#include <stdio.h>
#include <string.h>

#include "jsonstream.h"
#include "plugstr.h"
#include "tap.h"

struct seen {
	char log[1024];
	char err[256];
	int again;
};

static void say(struct seen *s, const char *t)
{
	size_t n = strlen(s->log);

	snprintf(s->log + n, sizeof s->log - n, "%s", t);
}

static int on_scalar(void *ctx, const struct jstream *js, int string,
		     const char *v, size_t n)
{
	char t[256];

	snprintf(t, sizeof t, "%s=%s%.*s;",
		 js->depth ? js->st[js->depth - 1].key : "", string ? "s:" : "",
		 (int)n, v);
	say(ctx, t);
	return 0;
}

static int on_open(void *ctx, const struct jstream *js, char type, int after)
{
	char t[8];

	(void)js;
	snprintf(t, sizeof t, "%s%c", after ? "" : "^", type);
	say(ctx, t);
	return 0;
}

static int on_close(void *ctx, const struct jstream *js, char c, int after)
{
	char t[8];

	(void)js;
	snprintf(t, sizeof t, "%c%s", c, after ? "" : "^");
	say(ctx, t);
	return 0;
}

static void on_again(void *ctx)
{
	((struct seen *)ctx)->again++;
}

static void on_error(void *ctx, const char *msg)
{
	snprintf(((struct seen *)ctx)->err, sizeof((struct seen *)ctx)->err,
		 "%s", msg);
}

static const struct js_events ev = {on_scalar, on_open, on_close, on_again,
				    on_error};

int main(void)
{
	static const char *doc[] = {
	    "{",
	    "  \"a\": 1.50,",
	    "  \"b\": [true, \"x\\u00e9\\ud83d\\ude00\"],",
	    "  \"c\": {}",
	    "}",
	    "{\"d\": null}"};
	struct seen s = {0};
	struct jstream js;
	const char *p;
	size_t i, n;
	struct str line = {0};

	js_init(&js, "a test document", &ev, &s);
	for (i = 0; i < sizeof doc / sizeof *doc; i++)
		if (js_line(&js, doc[i], strlen(doc[i])))
			break;
	is_str(s.log,
	       "^{{a=1.50;^[[=true;=s:x\xc3\xa9\xf0\x9f\x98\x80;]^]^{{}^}}^}"
	       "^{{d=null;}^}",
	       "scalars with their keys, containers before and after");
	is_int(s.again, 1, "a second document announced");
	is_int(js.depth, 0, "every container closed");
	is_str(s.err, "", "no error");
	js_free(&js);

	memset(&s, 0, sizeof s);
	js_init(&js, "a test document", &ev, &s);
	is_int(js_line(&js, "{\"a\" 1}", 7), -1, "a missing ':' fails");
	is_str(s.err, "not a test document: ':' expected", "and says why");
	is_int(js_line(&js, "}", 1), 0, "the rest is ignored");
	ok(js.dead, "the stream is dead");
	js_free(&js);

	n = 7;
	p = str_trim(" \tab c\r", &n);
	ok(n == 4 && !memcmp(p, "ab c", 4), "str_trim");
	p = "abcabc";
	ok(str_find(p, 6, "bc") == p + 1 && str_rfind(p, 6, "bc") == p + 4 &&
	       !str_find(p, 6, "x") && !str_rfind(p, 2, "abc"),
	   "str_find first, str_rfind last, NULL when absent");
	ok(str_ends(p, 6, "abc") && !str_ends(p, 2, "abc"), "str_ends");
	p = "\x1b[1;32mok\x1b[0m!";
	n = strlen(p);
	ok(!str_decolour(&line, &p, &n) && n == 3 && !memcmp(p, "ok!", 3),
	   "str_decolour takes the colours off");
	free(line.s);
	return tap_done();
}
