/*
 * jsonstream.c — a JSON document read line by line (jsonstream.h): the
 * tokenizer that was Google Benchmark's plugin's, its meaning left to
 * callbacks so that any plugin reading a long JSON report can use it.
 */
#include <stdio.h>
#include <string.h>

#include "jsonstream.h"
#include "plugstr.h"
#include "utf8.h"

/* What the tokenizer expects next. */
enum expect { X_VALUE, X_KEY, X_COLON, X_NEXT };

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A key, cut to JS_MAX_KEY - 1 bytes. */
static void key_copy(char dst[JS_MAX_KEY], const char *src)
{
	size_t n = strlen(src);

	if (n >= JS_MAX_KEY)
		n = JS_MAX_KEY - 1;
	memmove(dst, src, n);
	dst[n] = '\0';
}

static int syntax(struct jstream *g, const char *what)
{
	char msg[128];

	snprintf(msg, sizeof msg, "not %s: %s", g->what, what);
	g->ev->error(g->ctx, msg);
	g->dead = 1;
	return -1;
}

static int oom(struct jstream *g)
{
	g->ev->error(g->ctx, "out of memory");
	return -1;
}

void js_init(struct jstream *js, const char *what, const struct js_events *ev,
	     void *ctx)
{
	memset(js, 0, sizeof *js);
	js->what = what;
	js->ev = ev;
	js->ctx = ctx;
}

void js_free(struct jstream *js)
{
	free(js->tok.s);
	js->tok.s = NULL;
}

/* '{' or '[' opens a container. */
static int open_container(struct jstream *g, char type)
{
	struct js_frame *f;

	if (g->depth == JS_MAX_DEPTH)
		return syntax(g, "nested too deeply");
	if (g->ev->open(g->ctx, g, type, 0))
		return -1;
	f = &g->st[g->depth++];
	f->type = type;
	f->key[0] = '\0';
	f->first = 1;
	if (g->ev->open(g->ctx, g, type, 1))
		return -1;
	g->expect = type == '{' ? X_KEY : X_VALUE;
	return 0;
}

/* '}' or ']' closes the innermost container. */
static int close_container(struct jstream *g, char c)
{
	struct js_frame *f;

	if (g->depth == 0 || g->st[g->depth - 1].type != (c == '}' ? '{' : '['))
		return syntax(g, "unbalanced brackets");
	if (g->ev->close(g->ctx, g, c, 0))
		return -1;
	g->depth--;
	f = g->depth ? &g->st[g->depth - 1] : NULL;
	if (g->ev->close(g->ctx, g, c, 1))
		return -1;
	if (f)
		f->first = 0;
	g->expect = X_NEXT;
	return 0;
}

/* Append the UTF-8 encoding of code point u to s. */
static int put_utf8(struct str *s, unsigned long u)
{
	char b[4];

	return str_add(s, b, utf8_encode(b, u));
}

static int hex4(const char *p, size_t n, size_t i, unsigned long *u)
{
	size_t k;

	*u = 0;
	if (i + 4 > n)
		return -1;
	for (k = i; k < i + 4; k++) {
		char c = p[k];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return -1;
		*u = *u * 16 + (unsigned long)d;
	}
	return 0;
}

/* Decode the string starting after the '"' at p[*i] into g->tok; *i ends
 * after the closing quote.  0, -1 on a syntax error (reported), -2 OOM. */
static int string(struct jstream *g, const char *p, size_t n, size_t *i)
{
	size_t s;
	unsigned long u, lo;

	g->tok.n = 0;
	if (str_add(&g->tok, "", 0))
		return -2;
	while (*i < n && p[*i] != '"') {
		for (s = *i; *i < n && p[*i] != '"' && p[*i] != '\\';)
			(*i)++;
		if (str_add(&g->tok, p + s, *i - s))
			return -2;
		if (*i == n || p[*i] == '"')
			break;
		if (++*i == n)
			break;
		switch (p[(*i)++]) {
		case 'n':
			u = '\n';
			break;
		case 't':
			u = '\t';
			break;
		case 'r':
			u = '\r';
			break;
		case 'b':
			u = '\b';
			break;
		case 'f':
			u = '\f';
			break;
		case 'u':
			if (hex4(p, n, *i, &u))
				return syntax(g, "bad \\u escape");
			*i += 4;
			if (u >= 0xd800 && u < 0xdc00 && *i + 6 <= n &&
			    p[*i] == '\\' && p[*i + 1] == 'u' &&
			    !hex4(p, n, *i + 2, &lo) && lo >= 0xdc00 &&
			    lo < 0xe000) {
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
				*i += 6;
			} else if (u >= 0xd800 && u < 0xe000) {
				u = 0xfffd;
			}
			break;
		default:
			u = (unsigned char)p[*i - 1];
		}
		if (put_utf8(&g->tok, u))
			return -2;
	}
	if (*i == n)
		return syntax(g, "a string runs past the end of its line");
	(*i)++;
	return 0;
}

/* One token at p[*i] (not blank).  0, or -1 after an error. */
static int token(struct jstream *g, const char *p, size_t n, size_t *i)
{
	char c = p[*i];
	struct js_frame *f = g->depth ? &g->st[g->depth - 1] : NULL;
	size_t s;
	int r;

	if (g->expect == X_COLON) {
		if (c != ':')
			return syntax(g, "':' expected");
		(*i)++;
		g->expect = X_VALUE;
		return 0;
	}
	if (g->expect == X_NEXT) {
		(*i)++;
		if (c == ',' && f) {
			f->first = 0;
			g->expect = f->type == '{' ? X_KEY : X_VALUE;
			return 0;
		}
		if ((c == '}' || c == ']') && f)
			return close_container(g, c);
		if (c == '{' && !f) { /* another document: a second run */
			if (g->ev->again)
				g->ev->again(g->ctx);
			return open_container(g, c);
		}
		return syntax(g, f ? "',' expected" : "text after the end");
	}
	if (g->expect == X_KEY) {
		(*i)++;
		if (c == '}' && f && f->first)
			return close_container(g, c);
		if (c != '"')
			return syntax(g, "a key expected");
		if ((r = string(g, p, n, i)))
			return r == -2 ? oom(g) : -1;
		key_copy(f->key, g->tok.s);
		g->expect = X_COLON;
		return 0;
	}
	/* X_VALUE */
	if (c == '{' || c == '[') {
		(*i)++;
		return open_container(g, c) ? -1 : 0;
	}
	if (c == ']' && f && f->type == '[' && f->first) {
		(*i)++;
		return close_container(g, c);
	}
	if (c == '"') {
		(*i)++;
		if ((r = string(g, p, n, i)))
			return r == -2 ? oom(g) : -1;
		r = g->ev->scalar(g->ctx, g, 1, g->tok.s, g->tok.n);
	} else {
		for (s = *i;
		     *i < n && (p[*i] == '-' || p[*i] == '+' || p[*i] == '.' ||
				(p[*i] >= '0' && p[*i] <= '9') ||
				(p[*i] >= 'a' && p[*i] <= 'z') ||
				(p[*i] >= 'A' && p[*i] <= 'Z'));)
			(*i)++;
		if (*i == s)
			return syntax(g, "a value expected");
		r = g->ev->scalar(g->ctx, g, 0, p + s, *i - s);
	}
	if (r)
		return oom(g);
	if (f)
		f->first = 0;
	g->expect = X_NEXT;
	return 0;
}

int js_line(struct jstream *g, const char *p, size_t n)
{
	size_t i = 0;

	if (g->dead)
		return 0;
	while (i < n) {
		if (is_space(p[i])) {
			i++;
			continue;
		}
		if (token(g, p, n, &i))
			return -1;
	}
	return 0;
}
