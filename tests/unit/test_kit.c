/*
 * test_kit.c — the kit the plugins link (common/): exact decimal scaling,
 * the strict JSON check, the growable string and the selector, the
 * whole-document JSON reader.
 */
#include <string.h>

#include "jsondoc.h"
#include "jsonvalid.h"
#include "numtext.h"
#include "plugstr.h"
#include "tap.h"

static char arg[256];

static void take_arg(void *ctx, const char *a)
{
	(void)ctx;
	snprintf(arg, sizeof arg, "%s", a);
}

static void no_msg(void *ctx, const char *m)
{
	(void)ctx, (void)m;
}

static char said[512];

static void say(void *ctx, const char *m)
{
	(void)ctx;
	snprintf(said, sizeof said, "%s", m);
}

/* jsondoc_finish of text, wanting kind; the message said, "" when none. */
/* jsondoc_each's callback: adds each number to the sum at st, and counts
 * it. */
static int add_up(void *st, jv e)
{
	*(double *)st +=
	    jv_get_kind(e) == JV_KIND_NUMBER ? jv_number_value(e) : 0;
	return 1;
}

static int finish(const char *text, jv_kind kind, jv *doc)
{
	struct bt_host h = {NULL, NULL, say, say, NULL};
	struct jsondoc d = {0};
	int r;

	said[0] = '\0';
	jsondoc_line(&d, &h, text, strlen(text));
	r = jsondoc_finish(&d, "a test report", kind, "not an array", &h, doc);
	jsondoc_free(&d);
	return r;
}

int main(void)
{
	char out[NUMTEXT_MAX], err[128];
	double v;
	struct str s = {0};
	struct bt_str names[2] = {BT_STR("a.b"), BT_STR("c")};
	struct bt_host host = {NULL, NULL, no_msg, no_msg, take_arg};
	struct jsondoc d = {0};
	jv doc;

	ok(!numtext_shift("1.6045", 6, 3, out, &v) && !strcmp(out, "1604.5") &&
	       v == 1604.5,
	   "1.6045 µs is exactly 1604.5 ns");
	ok(!numtext_scale("1", 1, -6, 3, out, &v) &&
	       !strcmp(out, "1073.741824"),
	   "1 GiB/s is 1073.741824 MB/s");
	ok(!numtext_shift("28.560", 6, 0, out, &v) && !strcmp(out, "28.560"),
	   "an unscaled JSON literal is kept as written");
	ok(numtext_shift("1,234", 5, 0, out, &v) == -1, "1,234 is no literal");
	ok(numtext_is_json("-0.5e3", 6) && !numtext_is_json("01", 2),
	   "JSON number grammar");
	ok(json_valid("{\"a\":[1,2]}", 11, err, sizeof err) == 0, "valid JSON");
	ok(json_valid("{\"a\":1 \"b\"}", 11, err, sizeof err) == -1 &&
	       strstr(err, "column 8") && strstr(err, "',' or '}'"),
	   "invalid: where and what was expected (%s)", err);
	ok(json_valid("\"\\ud800\"", 8, err, sizeof err) == -1,
	   "a lone high surrogate is refused, as jq refuses it");
	{
		static const char t[] = " {\"a\":[1,2]},\"x\"", z[] = "01";

		ok(json_value_end(t, sizeof t - 1) == t + 12 &&
		       json_value_end("[1,", 3) == NULL &&
		       json_value_end(z, 2) == z + 1,
		   "json_value_end: the end of the value, checked");
	}
	ok(!str_add(&s, "ab", 2) && !str_add(&s, "cd", 2) && s.n == 4 &&
	       !strcmp(s.s, "abcd"),
	   "str_add appends, NUL-terminated");
	ok(!str_set(&s, "x", 1) && !strcmp(s.s, "x"), "str_set replaces");
	ok(starts("BenchmarkX", 10, "Bench") && !starts("Be", 2, "Bench"),
	   "starts");
	free(s.s);
	ok(!select_alternation(names, 2, "-bench=", ".", &host) &&
	       !strcmp(arg, "-bench=^(a\\.b|c)$"),
	   "the selector quotes each name: %s", arg);
	jsondoc_add(&d, "{\"time\": 0.011314724,", 21);
	jsondoc_add(&d, " \"u\": \"s\"}", 10);
	doc = jsondoc_parse(&d, err, sizeof err);
	ok(jv_is_valid(doc), "a document of two lines parses");
	{
		struct bt_metric m;
		char text[NUMTEXT_MAX], u[8];
		jv t = jsondoc_get(doc, "time");

		ok(!jsondoc_metric(t, 9, "ns/op", &m, text) &&
		       !strcmp(text, "11314724"),
		   "0.011314724 s is exactly 11314724 ns");
		ok(jsondoc_str(doc, "u", u, sizeof u) && !strcmp(u, "s"),
		   "a string member");
		jv_free(t);
	}
	jv_free(doc);
	jsondoc_free(&d);
	{
		jv doc = jv_null();

		is_int(finish("  ", JV_KIND_ARRAY, &doc), 0,
		       "jsondoc_finish: a blank document is nothing to read");
		is_int(finish("[1]", JV_KIND_ARRAY, &doc), 1, "an array: 1");
		jv_free(doc);
		is_int(finish("{}", JV_KIND_ARRAY, &doc), -1, "an object: -1");
		is_str(said, "not a test report: not an array", "said why");
		is_int(finish("{", JV_KIND_INVALID, &doc), -1, "no JSON: -1");
		ok(!strncmp(said, "not a test report: ", 19) && said[19],
		   "with the parser's message");
	}
	{
		struct bt_host h = {NULL, NULL, say, say, NULL};
		jv obj = jv_parse("{\"a\": [1, 2, \"x\", 4], \"o\": {}}");
		jv a = jsondoc_array(obj, "a", "a test report", &h);
		double sum = 0;

		is_int(jsondoc_each(a, add_up, &sum), 4,
		       "jsondoc_each: every element, the callbacks' sum");
		ok(sum == 7, "in order, each one seen (%g)", sum);
		is_int(jsondoc_each(obj, add_up, &sum), 0, "no array: none");
		jv_free(a);
		said[0] = '\0';
		a = jsondoc_array(obj, "o", "a test report", &h);
		ok(!jv_is_valid(a), "jsondoc_array: not an array, invalid");
		is_str(said, "not a test report: no \"o\" array", "said why");
		jv_free(a);
		jv_free(obj);
	}
	ok(jsondoc_opens(" \r\n\t[1]", 7) == '[' && !jsondoc_opens("  ", 2) &&
	       !jsondoc_opens(" \0{", 3),
	   "jsondoc_opens: the first byte after blanks; a NUL ends them");
	return tap_done();
}
