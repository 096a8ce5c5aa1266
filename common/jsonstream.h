/*
 * jsonstream.h — a JSON document read line by line, token by token, never
 * held whole: for a tool's pretty-printed JSON report, which may be long
 * and whose numbers must be kept as their text (Google Benchmark's
 * --benchmark_format=json).  Part of the kit (common/, libbtkit.a).
 *
 * The one idea: the stream keeps only the stack of open containers (each
 * with the key its current member has) and calls the plugin back for every
 * scalar and for every container that opens or closes; what the values
 * mean, and what is kept of them, is the plugin's.  A second document after
 * the first (a tool run twice into one file) is announced, not an error.
 *
 * Ownership: the plugin owns the struct jstream (js_init, js_free); what a
 * callback is given is borrowed for the call.  Nothing is global.
 */
#ifndef BT_JSONSTREAM_H
#define BT_JSONSTREAM_H

#include <stddef.h>

#include "plugstr.h"

enum { JS_MAX_DEPTH = 64, JS_MAX_KEY = 128 };

/* One open container; key is the key of its current member (objects), for
 * the tokens inside it, cut to JS_MAX_KEY - 1 bytes. */
struct js_frame {
	char type; /* '{' or '[' */
	char key[JS_MAX_KEY];
	int first; /* nothing inside yet */
};

struct jstream;

/* The plugin's callbacks; ctx is js_init's.  Each returns 0, or -1 to stop
 * (out of memory): js_line then returns -1, and says "out of memory" only
 * for a failed scalar. */
struct js_events {
	/* A scalar in the innermost container js->st[js->depth - 1] (depth 0:
	 * at the top): a string decoded (v NUL-terminated), or a literal's text
	 * (a number as written, true, false, null). */
	int (*scalar)(void *ctx, const struct jstream *js, int string,
		      const char *v, size_t n);
	/* A container of type opens: first with after 0 (js as it was), then
	 * with after 1 (pushed, the new container on top). */
	int (*open)(void *ctx, const struct jstream *js, char type, int after);
	/* The innermost container closes with c: first with after 0 (still on
	 * top), then with after 1 (popped). */
	int (*close)(void *ctx, const struct jstream *js, char c, int after);
	/* Another document begins after the end of one (may be NULL). */
	void (*again)(void *ctx);
	/* Say msg (the host's error). */
	void (*error)(void *ctx, const char *msg);
};

struct jstream {
	struct js_frame st[JS_MAX_DEPTH];
	int depth; /* containers open */
	int dead;  /* a syntax error was reported: the rest is ignored */
	/* private */
	int expect;
	struct str tok;
	const char *what;
	const struct js_events *ev;
	void *ctx;
};

/* Start reading; what names the format in syntax errors ("not WHAT: ','
 * expected"). */
void js_init(struct jstream *js, const char *what, const struct js_events *ev,
	     void *ctx);

/* Read one line p[0..n) of the document.  0, or -1 after an error
 * (reported through ev->error; after a syntax error every later line is
 * ignored and gives 0). */
int js_line(struct jstream *js, const char *p, size_t n);

void js_free(struct jstream *js);

#endif
