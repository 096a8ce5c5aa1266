/*
 * failed.c — the failed-benchmarks list: the one writer (bt-cv) and the one
 * reader (bt-retry) of _failed_benchmarks.txt.  See failed.h for the format
 * and docs/records.md for its description.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "failed.h"
#include "util.h"

#define HEADER	    "# bt-failed "
#define HEADER_REST ": suite\tname\tprocs\tcv\n"

void failed_header(struct buf *b)
{
	char v[16];

	buf_add(b, HEADER, strlen(HEADER));
	snprintf(v, sizeof v, "%d", FAILED_VERSION);
	buf_add(b, v, strlen(v));
	buf_add(b, HEADER_REST, strlen(HEADER_REST));
}

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* s escaped: \\, \t, \n, \r, and \xHH for every other control byte and
 * every byte that is not part of valid UTF-8; the rest as it is. */
void failed_escape(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, k;

	while (i < n) {
		unsigned char c = p[i];

		if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			buf_addc(b, '\\');
			buf_addc(b, c == '\\'	? '\\'
				    : c == '\t' ? 't'
				    : c == '\n' ? 'n'
						: 'r');
			i++;
		} else if (c < 0x20 || c == 0x7f ||
			   !(k = utf8_len(p + i, n - i))) {
			buf_addc(b, '\\');
			buf_addc(b, 'x');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
			i++;
		} else {
			buf_add(b, p + i, k);
			i += k;
		}
	}
}

void failed_line(struct buf *b, const struct failed_entry *e)
{
	char num[64];

	failed_escape(b, e->suite ? e->suite : "", e->suite ? e->suite_len : 0);
	buf_addc(b, '\t');
	failed_escape(b, e->name, e->name_len);
	if (isfinite(e->cv))
		snprintf(num, sizeof num, "\t%ld\t%.2f\n", e->procs, e->cv);
	else
		snprintf(num, sizeof num, "\t%ld\t\n", e->procs);
	buf_add(b, num, strlen(num));
}

int failed_is_list(const char *p, size_t n)
{
	return n >= strlen(HEADER) && !memcmp(p, HEADER, strlen(HEADER));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Unescape p[0..n) into out; NULL and a reason for a bad escape. */
static const char *unescape(struct buf *out, const char *p, size_t n)
{
	size_t i;
	int hi, lo;

	out->len = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < 0x20 || c == 0x7f)
			return "a raw control character (write it as \\xHH)";
		if (c != '\\') {
			buf_addc(out, (char)c);
			continue;
		}
		if (++i == n)
			return "a '\\' at the end of a field";
		switch (p[i]) {
		case '\\':
			buf_addc(out, '\\');
			break;
		case 't':
			buf_addc(out, '\t');
			break;
		case 'n':
			buf_addc(out, '\n');
			break;
		case 'r':
			buf_addc(out, '\r');
			break;
		case 'x':
			if (i + 2 >= n)
				return "\\x wants two hex digits";
			hi = hexval((unsigned char)p[i + 1]);
			lo = hexval((unsigned char)p[i + 2]);
			if (hi < 0 || lo < 0)
				return "\\x wants two hex digits";
			buf_addc(out, (char)(hi << 4 | lo));
			i += 2;
			break;
		default:
			return "an unknown escape (\\\\ \\t \\n \\r \\xHH)";
		}
	}
	return NULL;
}

/* A whole decimal procs of at most 9 digits; -1 when it is not one. */
static long parse_procs(const char *p, size_t n)
{
	long v = 0;
	size_t i;

	if (!n || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* The CV field: empty (none) or a finite number >= 0. */
static int parse_cv(const char *p, size_t n, double *cv)
{
	char tmp[64], *end;

	*cv = NAN;
	if (!n)
		return 0;
	if (n >= sizeof tmp || !strchr("0123456789", p[0]))
		return -1;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	errno = 0;
	*cv = strtod(tmp, &end);
	return *end || errno || !isfinite(*cv) ? -1 : 0;
}

struct reader {
	const char *path;
	long lineno;
	int version;
	struct buf suite, name;
};

static int bad(struct reader *r, const char *what)
{
	warnx_("%s:%ld: %s", r->path, r->lineno, what);
	return EXIT_USAGE;
}

/* One line without its '\n'. */
static int read_line(struct reader *r, char *line, size_t n,
		     int (*fn)(void *, const struct failed_entry *), void *ctx)
{
	const char *f[4];
	size_t flen[4], k = 0, i, start = 0;
	struct failed_entry e;
	const char *why;
	char msg[160];

	if (n && line[n - 1] == '\r') /* a CRLF file: \r is escaped in ours */
		n--;
	if (!n)
		return 0; /* blank lines are nothing */
	if (memchr(line, '\0', n) && r->version > 0)
		return bad(r, "a raw NUL byte (write it as \\x00)");
	for (i = 0; i <= n && k < 5; i++)
		if (i == n || line[i] == '\t') {
			if (k < 4) {
				f[k] = line + start;
				flen[k] = i - start;
			}
			k++;
			start = i + 1;
		}
	if (k != 4)
		return bad(r, "not a failed-benchmarks line (suite, name, "
			      "procs and CV separated by tabs)");
	if (r->version == 0) { /* fields raw */
		r->suite.len = r->name.len = 0;
		buf_add(&r->suite, f[0], flen[0]);
		buf_add(&r->name, f[1], flen[1]);
	} else if ((why = unescape(&r->suite, f[0], flen[0])) ||
		   (why = unescape(&r->name, f[1], flen[1]))) {
		snprintf(msg, sizeof msg, "%s", why);
		return bad(r, msg);
	}
	if (!r->name.len)
		return bad(r, "a benchmark without a name");
	e.procs = parse_procs(f[2], flen[2]);
	if (e.procs < 0)
		return bad(r, "procs is not a whole number");
	if (parse_cv(f[3], flen[3], &e.cv))
		return bad(r, "the CV is not a number");
	buf_addc(&r->suite, '\0'); /* also NUL-terminated, for messages */
	buf_addc(&r->name, '\0');
	e.suite = r->suite.p;
	e.suite_len = r->suite.len - 1;
	e.name = r->name.p;
	e.name_len = r->name.len - 1;
	return fn(ctx, &e);
}

int failed_read(FILE *f, const char *path,
		int (*fn)(void *ctx, const struct failed_entry *e), void *ctx)
{
	struct reader r = {path, 0, 0, {0}, {0}};
	char *line = NULL, *end;
	size_t cap = 0, len;
	ssize_t n;
	int st = 0;
	long v;

	while (!st && (n = getline(&line, &cap, f)) > 0) {
		r.lineno++;
		len = (size_t)n;
		if (line[len - 1] == '\n')
			len--;
		if (r.lineno == 1 && failed_is_list(line, len)) {
			line[len] = '\0';
			errno = 0;
			v = strtol(line + strlen(HEADER), &end, 10);
			if (end == line + strlen(HEADER) || errno || v < 1 ||
			    (*end && *end != ':' && *end != '\r'))
				st = bad(&r, "a header without a version");
			else if (v > FAILED_VERSION)
				st = bad(&r, "a failed list of a newer version "
					     "than this bt-retry reads");
			r.version = (int)v;
			continue;
		}
		st = read_line(&r, line, len, fn, ctx);
	}
	if (!st && ferror(f)) {
		warnx_("%s: %s", path, strerror(errno));
		st = EXIT_USAGE;
	}
	free(line);
	buf_free(&r.suite);
	buf_free(&r.name);
	return st;
}
