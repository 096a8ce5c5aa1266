/*
 * jsonvalid.c — the strict JSON validator of jsonvalid.h: one recursive
 * descent over the bytes, no allocation, strings scanned eight bytes at a
 * time.
 */

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "jsonvalid.h"

struct jsonvalid {
	const unsigned char *p, *end, *start;
	const char *what; /* what was expected where it failed */
};

static void jvd_skip_ws(struct jsonvalid *v)
{
	while (v->p < v->end && (*v->p == ' ' || *v->p == '\t' ||
				 *v->p == '\n' || *v->p == '\r'))
		v->p++;
}

static int jvd_fail(struct jsonvalid *v, const char *what)
{
	v->what = what;
	return -1;
}

static int jvd_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* 1 when the four hex digits at p are a high surrogate, D800-DBFF. */
static int jvd_high_surrogate(const unsigned char *p)
{
	return (p[0] | 0x20) == 'd' && strchr("89abAB", p[1]) && p[1];
}

/* 1 when p (inside v) is a backslash, u and a low surrogate, DC00-DFFF:
 * what must follow a high one (jq refuses a string where it does not). */
static int jvd_low_surrogate_at(const struct jsonvalid *v,
				const unsigned char *p)
{
	int i;

	if (v->end - p < 6 || p[0] != '\\' || p[1] != 'u')
		return 0;
	for (i = 2; i < 6; i++)
		if (!jvd_hex(p[i]))
			return 0;
	return (p[2] | 0x20) == 'd' && strchr("cdefCDEF", p[3]) && p[3];
}

/* How many of the 8 bytes at p a string scan can skip: those before the
 * first quote, backslash or control character (the lowest flagged byte is
 * exact; flags above it may be false). */
static int jvd_plain8(const unsigned char *p)
{
	uint64_t w, m;

	memcpy(&w, p, 8);
	m = JVD_LESS(w, 0x20) | JVD_HAS(w, '"') | JVD_HAS(w, '\\');
	return m ? __builtin_ctzll(m) / 8 : 8;
}

/* A string, at its opening quote.  Raw bytes >= 0x80 are left to the
 * consumer (jq replaces invalid UTF-8); control characters are refused. */
static int jvd_string(struct jsonvalid *v)
{
	int i;

	v->p++;
	while (v->p < v->end && *v->p != '"') {
		if (v->end - v->p >= 8) {
			i = jvd_plain8(v->p);
			v->p += i;
			if (i == 8)
				continue;
			if (*v->p == '"')
				break;
		}
		if (*v->p < 0x20)
			return jvd_fail(
			    v, "a control character escaped in a string");
		if (*v->p == '\\') {
			v->p++;
			if (v->p == v->end)
				break;
			if (*v->p == 'u') {
				for (i = 1; i <= 4; i++)
					if (v->p + i >= v->end ||
					    !jvd_hex(v->p[i]))
						return jvd_fail(
						    v, "four hex digits after "
						       "\\u");
				if (jvd_high_surrogate(v->p + 1) &&
				    !jvd_low_surrogate_at(v, v->p + 5))
					return jvd_fail(
					    v, "a \\uDC00-\\uDFFF after "
					       "\\uD800-\\uDBFF");
				v->p += 4;
			} else if (!strchr("\"\\/bfnrt", *v->p) || !*v->p) {
				return jvd_fail(v,
						"a valid escape in a string");
			}
		}
		v->p++;
	}
	if (v->p == v->end)
		return jvd_fail(v, "the end of a string");
	v->p++;
	return 0;
}

static int jvd_digits(struct jsonvalid *v)
{
	const unsigned char *s = v->p;

	while (v->p < v->end && *v->p >= '0' && *v->p <= '9')
		v->p++;
	return v->p > s ? 0 : -1;
}

static int jvd_number(struct jsonvalid *v)
{
	if (*v->p == '-')
		v->p++;
	if (v->p < v->end && *v->p == '0')
		v->p++;
	else if (jvd_digits(v))
		return jvd_fail(v, "a digit");
	if (v->p < v->end && *v->p == '.') {
		v->p++;
		if (jvd_digits(v))
			return jvd_fail(v, "a digit after '.'");
	}
	if (v->p < v->end && (*v->p == 'e' || *v->p == 'E')) {
		v->p++;
		if (v->p < v->end && (*v->p == '+' || *v->p == '-'))
			v->p++;
		if (jvd_digits(v))
			return jvd_fail(v, "a digit in the exponent");
	}
	return 0;
}

static int jvd_word(struct jsonvalid *v, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(v->end - v->p) < n || memcmp(v->p, w, n))
		return jvd_fail(v, "a value");
	v->p += n;
	return 0;
}

static int jvd_value(struct jsonvalid *v, int depth);

/* An array or object, at its opening bracket. */
static int jvd_container(struct jsonvalid *v, int depth)
{
	unsigned char close = *v->p == '[' ? ']' : '}';

	if (depth >= JSONVALID_DEPTH)
		return jvd_fail(v, "less deeply nested data");
	v->p++;
	jvd_skip_ws(v);
	if (v->p < v->end && *v->p == close) {
		v->p++;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			jvd_skip_ws(v);
			if (v->p == v->end || *v->p != '"')
				return jvd_fail(v, "a string key");
			if (jvd_string(v))
				return -1;
			jvd_skip_ws(v);
			if (v->p == v->end || *v->p != ':')
				return jvd_fail(v, "':' after a key");
			v->p++;
		}
		if (jvd_value(v, depth + 1))
			return -1;
		jvd_skip_ws(v);
		if (v->p < v->end && *v->p == ',') {
			v->p++;
			continue;
		}
		if (v->p < v->end && *v->p == close) {
			v->p++;
			return 0;
		}
		return jvd_fail(v, close == '}' ? "',' or '}'" : "',' or ']'");
	}
}

static int jvd_value(struct jsonvalid *v, int depth)
{
	jvd_skip_ws(v);
	if (v->p == v->end)
		return jvd_fail(v, "a value");
	switch (*v->p) {
	case '{':
	case '[':
		return jvd_container(v, depth);
	case '"':
		return jvd_string(v);
	case 't':
		return jvd_word(v, "true");
	case 'f':
		return jvd_word(v, "false");
	case 'n':
		return jvd_word(v, "null");
	default:
		if (*v->p == '-' || (*v->p >= '0' && *v->p <= '9'))
			return jvd_number(v);
		return jvd_fail(v, "a value");
	}
}

/*
 * 0 when s[0..n) is exactly one JSON value (with surrounding white space);
 * else -1 and a message such as "invalid JSON at column 12: expected ','
 * or '}'" in err (size errn).
 */
int json_valid(const char *s, size_t n, char *err, size_t errn)
{
	struct jsonvalid v;

	v.p = v.start = (const unsigned char *)s;
	v.end = v.p + n;
	v.what = NULL;
	if (jvd_value(&v, 0) == 0) {
		jvd_skip_ws(&v);
		if (v.p == v.end)
			return 0;
		v.what = "the end of the line";
	}
	if (err && errn)
		snprintf(err, errn, "invalid JSON at column %zu: expected %s",
			 (size_t)(v.p - v.start) + 1, v.what);
	return -1;
}

const char *json_value_end(const char *s, size_t n)
{
	struct jsonvalid v;

	v.p = v.start = (const unsigned char *)s;
	v.end = v.p + n;
	v.what = NULL;
	return jvd_value(&v, 0) == 0 ? (const char *)v.p : NULL;
}
