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

/* rec_raw_identity_at against building the bytes and comparing: records
 * drawn from few suites, names, procs and labels, each against the one
 * before, with bytes after the identity or without. */
static void test_raw_at(void)
{
	static const char *const strs[] = {"",	 "a",	  "b",
					   "ab", "s\x1f", "linux"};
	unsigned long long s = 77;
	struct bt_label la[3], lb[3];
	struct bt_record a = {0}, b = {0};
	struct buf ra = {0}, rb = {0};
	int i, bad = 0, hits = 0;
	size_t k, want, got;

#define PICK() (s ^= s << 13, s ^= s >> 7, s ^= s << 17, strs[s % 6])
	for (i = 0; i < 20000; i++) {
		b = a;
		memcpy(lb, la, sizeof lb);
		b.labels = lb;
		a.suite = bt_cstr(PICK());
		a.name = bt_cstr(PICK());
		a.procs = (long)(s % 3);
		a.nlabels = s % 4;
		for (k = 0; k < a.nlabels; k++)
			la[k].key = bt_cstr(PICK()),
			la[k].value = bt_cstr(PICK());
		a.labels = la;
		if (s % 2) /* mostly the same as the one before */
			a = b, memcpy(la, lb, sizeof la), a.labels = la;
		ra.len = rb.len = 0;
		rec_raw_identity(&ra, &a);
		rec_raw_identity(&rb, &b);
		if (s % 3 == 0)
			buf_addlit(&ra, "ns/op");
		want = rb.len <= ra.len && !memcmp(ra.p, rb.p, rb.len) ? rb.len
								       : 0;
		got = rec_raw_identity_at(ra.p, ra.len, &b);
		bad += got != want;
		hits += got != 0;
	}
#undef PICK
	is_int(bad, 0, "rec_raw_identity_at: as building and comparing");
	ok(hits > 5000, "%d of them alike", hits);
	buf_free(&ra);
	buf_free(&rb);
}

int main(void)
{
	test_raw_at();
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
