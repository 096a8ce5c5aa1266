/*
 * test_identity.c — one benchmark, one key: fields that would run into
 * each other under a separator stay apart, labels count in any order, the
 * --by label is left out when asked, and a NUL in a name is found.
 */
#include <string.h>

#include "buf.h"
#include "identity.h"
#include "tap.h"

static struct bt_record rec(const char *suite, const char *name, long procs)
{
	struct bt_record r = {0};

	r.kind = BT_KIND_SAMPLE;
	r.suite = bt_cstr(suite);
	r.name = bt_cstr(name);
	r.procs = procs;
	return r;
}

/* 1 when a and b have the same key. */
static int same(const struct bt_record *a, const struct bt_record *b,
		int labels, const char *skip)
{
	struct buf x = {0}, y = {0};
	int r;

	rec_identity(&x, a, labels, skip);
	rec_identity(&y, b, labels, skip);
	r = x.len == y.len && !memcmp(x.p, y.p, x.len);
	buf_free(&x);
	buf_free(&y);
	return r;
}

int main(void)
{
	struct bt_record a = rec("s",
				 "a\x1f"
				 "b",
				 1),
			 b = rec("s\x1f"
				 "a",
				 "b", 1);
	struct bt_label l1[2] = {{BT_STR("a=b"), BT_STR("c")}},
			l2[2] = {{BT_STR("a"), BT_STR("b=c")}},
			l3[2] = {{BT_STR("cpu"), BT_STR("x")},
				 {BT_STR("goos"), BT_STR("linux")}},
			l4[2] = {{BT_STR("goos"), BT_STR("linux")},
				 {BT_STR("cpu"), BT_STR("x")}},
			l5[2] = {{BT_STR("goos"), BT_STR("linux")},
				 {BT_STR("cpu"), BT_STR("y")}};
	struct bt_record c, d;

	ok(!same(&a, &b, 1, NULL),
	   "suite s + name a\\x1fb is not suite s\\x1fa + name b");
	a = rec("", "x", 1), b = rec("", "x", 2);
	ok(!same(&a, &b, 1, NULL), "procs counts");
	ok(same(&a, &a, 1, NULL), "a record is itself");
	c = rec("", "x", 1), d = rec("", "x", 1);
	c.labels = l1, c.nlabels = 1, d.labels = l2, d.nlabels = 1;
	ok(!same(&c, &d, 1, NULL), "label a=b:c is not label a:b=c");
	ok(same(&c, &d, 0, NULL), "without labels they are one benchmark");
	c.labels = l3, c.nlabels = 2, d.labels = l4, d.nlabels = 2;
	ok(same(&c, &d, 1, NULL),
	   "labels in another order: the same benchmark");
	d.labels = l5;
	ok(!same(&c, &d, 1, NULL), "another cpu label: another benchmark");
	ok(same(&c, &d, 1, "cpu"),
	   "unless cpu is the label skipped (--by cpu)");
	c.kind = d.kind = BT_KIND_CONTEXT;
	ok(same(&c, &d, 1, NULL),
	   "a context's labels are its config, not identity");

	a = rec("", "x", 0);
	ok(identity_nul(&a) == NULL, "no NUL in a plain name");
	a.name.n = 3, a.name.s = "a\0b";
	is_str(identity_nul(&a), "name", "a NUL in the name is found");
	a = rec("s\0", "x", 0);
	a.suite.n = 2;
	is_str(identity_nul(&a), "suite", "a NUL in the suite is found");
	a = rec("", "x", 0);
	l1[0].value.n = 2, l1[0].value.s = "c\0";
	a.labels = l1, a.nlabels = 1;
	is_str(identity_nul(&a), "a label",
	       "a NUL in a label's value is found");
	return tap_done();
}
