/*
 * test_plugrec.c — the records plugins make through the kit (plugrec.h):
 * a context of the configuration lines that have a value, a failure whose
 * reason is "panic" only for a Rust panic; and numtext.h's console numbers
 * (SI prefixes, "/s" and "%") and shortest text of a double.
 */
#include <string.h>

#include "numtext.h"
#include "plugrec.h"
#include "tap.h"

static struct bt_record last;
static int emitted;

static void emit(void *ctx, const struct bt_record *r)
{
	(void)ctx;
	last = *r;
	emitted++;
}

static int is(struct bt_str s, const char *c)
{
	return s.n == strlen(c) && !memcmp(s.s, c, s.n);
}

int main(void)
{
	struct bt_host host = {NULL, emit, NULL, NULL, NULL};
	struct plug_config cf = {0};
	char out[NUMTEXT_MAX];
	const char *suffix;
	size_t n;
	int power;

	plug_config_add(&cf, "a", BT_STR("1"));
	plug_config_add(&cf, "empty", BT_STR(""));
	plug_config_add(&cf, "b", BT_STR("2"));
	plug_context(&host, &cf);
	ok(emitted == 1 && last.kind == BT_KIND_CONTEXT && last.nlabels == 2 &&
	       is(last.labels[1].key, "b") && is(last.labels[1].value, "2"),
	   "a context of the lines with a value, in order");

	plug_failure(&host, BT_STR("s"), BT_STR("x"),
		     BT_STR("thread 'main' panicked at src/lib.rs"), 1);
	ok(last.kind == BT_KIND_FAILURE && is(last.reason, "panic") &&
	       is(last.suite, "s") && is(last.name, "x"),
	   "a Rust panic");
	plug_failure(&host, (struct bt_str){0}, BT_STR("x"),
		     BT_STR("panicked at"), 0);
	ok(is(last.reason, "fail") && last.suite.n == 0,
	   "not Rust: fail, whatever the message");

	ok(!numtext_si("2.37018G/s", 10, &n, &power, &suffix) && n == 7 &&
	       power == 3 && !strcmp(suffix, "/s"),
	   "2.37018G/s: G, /s");
	ok(!numtext_si("12.5m", 5, &n, &power, &suffix) && n == 4 &&
	       power == -1 && !strcmp(suffix, ""),
	   "12.5m: milli");
	ok(!numtext_si("50%", 3, &n, &power, &suffix) && n == 2 && !power &&
	       !strcmp(suffix, "%"),
	   "50%%");
	ok(numtext_si("G/s", 3, &n, &power, &suffix) == -1, "no number: -1");
	numtext_double(out, 0.1);
	is_str(out, "0.1", "0.1 in 15 digits");
	numtext_double(out, 1.0 / 3);
	is_str(out, "0.3333333333333333", "1/3 needs 16");
	return tap_done();
}
