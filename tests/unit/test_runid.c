/*
 * test_runid.c — run identity (lib runid.c) and its stamping by the record
 * writer: RFC 3339 UTC times, a run object made from options and the
 * environment with an id first and nothing git does not know, samples of
 * one run matched by id or commit prefix, and recw_run stamping every
 * sample — made or read — unless it carries a run of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record.h"
#include "runid.h"
#include "tap.h"
#include "util.h"

static const char *run_text =
    "{\"id\":\"R\",\"commit\":\"abc\",\"time\":\"2026-01-01T00:00:00Z\"}";

/* Lines written through a recw stamping run_text, for the line(s) given
 * as records (decoded) and one plugin-made sample. */
static char *stamped(const char *line)
{
	static char out[8192];
	FILE *f = tmpfile();
	struct recw *w = recw_new(f);
	struct rec r = REC_INIT;
	struct bt_metric m = {BT_STR("ns/op"), 5, BT_STR("5"), 0};
	struct bt_record made = {.kind = BT_KIND_SAMPLE,
				 .name = BT_STR("Made"),
				 .metrics = &m,
				 .nmetrics = 1};
	char err[256];
	size_t n;

	recw_run(w, run_text);
	if (line && rec_decode(&r, line, strlen(line), err, sizeof err) == 0)
		recw_write(w, &r);
	else
		recw_record(w, &made);
	rec_clear(&r);
	recw_flush(w);
	recw_free(w);
	rewind(f);
	n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	fclose(f);
	return out;
}

static int match(const char *line, const char *sel)
{
	struct rec r = REC_INIT;
	char err[256];
	int m;

	if (rec_decode(&r, line, strlen(line), err, sizeof err))
		return -1;
	m = runid_match(&r, sel);
	rec_clear(&r);
	return m;
}

int main(int argc, char **argv)
{
	struct runid_opts o = {0};
	char tmpl[] = "/tmp/test_runid.XXXXXX";
	const char *keys;
	jv run, k;

	(void)argc;
	util_init(argv[0]);
	ok(runid_valid_time("2026-12-02T19:00:00Z"), "RFC 3339 UTC");
	ok(runid_valid_time("2026-12-02T19:00:00.123Z"), "with a fraction");
	ok(!runid_valid_time("2026-12-02T19:00:00+01:00"), "not UTC: refused");
	ok(!runid_valid_time("2026-12-02 19:00:00Z"), "no T: refused");
	ok(!runid_valid_time("2026-12-02T19:00:00.Z"), "an empty fraction");
	ok(!runid_valid_time("2026-12-02T19:00:00Zx"), "trailing bytes");
	is_str(runid_goarch("x86_64"), "amd64", "Go's name for x86_64");

	/* Outside any git work tree, with options and the environment. */
	if (!mkdtemp(tmpl) || chdir(tmpl))
		return 1;
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	setenv("BT_TESTBED", "bed", 1);
	unsetenv("BT_COMMIT");
	unsetenv("BT_BRANCH");
	o.time = "2026-01-02T03:04:05Z";
	run = runid_make(&o);
	k = jv_keys_unsorted(jv_copy(run));
	k = jv_dump_string(k, 0);
	keys = jv_string_value(k);
	is_str(keys, "[\"id\",\"time\",\"testbed\"]",
	       "no git: id first, then only what is known");
	jv_free(k);
	k = jv_object_get(jv_copy(run), jv_string("testbed"));
	is_str(jv_string_value(k), "bed", "BT_TESTBED");
	jv_free(k);
	k = jv_object_get(jv_copy(run), jv_string("id"));
	ok(!strncmp(jv_string_value(k), "nocommit-20260102T030405Z-", 26) &&
	       strlen(jv_string_value(k)) == 34,
	   "the id: nocommit, the time, 8 hex digits");
	jv_free(k);
	jv_free(run);
	o.id = "given";
	o.commit = "c0ffee";
	o.branch = "rel";
	run = runid_make(&o);
	k = jv_dump_string(run, 0);
	is_str(jv_string_value(k),
	       "{\"id\":\"given\",\"commit\":\"c0ffee\",\"branch\":\"rel\","
	       "\"time\":\"2026-01-02T03:04:05Z\",\"testbed\":\"bed\"}",
	       "options as given; a commit git does not know as it is");
	jv_free(k);
	rmdir(tmpl);

	ok(match("{\"bt\":1,\"kind\":\"sample\",\"name\":\"A\",\"metrics\":{"
		 "\"x\":1},\"run\":{\"id\":\"R1\",\"commit\":\"1234567abc\"}}",
		 "R1") == 1,
	   "matched by id");
	ok(match("{\"bt\":1,\"kind\":\"sample\",\"name\":\"A\",\"metrics\":{"
		 "\"x\":1},\"run\":{\"id\":\"R1\",\"commit\":\"1234567abc\"}}",
		 "1234567") == 1,
	   "by a commit prefix of 7");
	ok(match("{\"bt\":1,\"kind\":\"sample\",\"name\":\"A\",\"metrics\":{"
		 "\"x\":1},\"run\":{\"id\":\"R1\",\"commit\":\"1234567abc\"}}",
		 "123456") == 0,
	   "not by a shorter one");
	ok(match("{\"bt\":1,\"kind\":\"sample\",\"name\":\"A\",\"metrics\":{"
		 "\"x\":1}}",
		 "R1") == 0,
	   "a sample without run matches no run");

	is_str(stamped(NULL),
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"Made\",\"metrics\":{"
	       "\"ns/op\":5},\"run\":{\"id\":\"R\",\"commit\":\"abc\","
	       "\"time\":\"2026-01-01T00:00:00Z\"}}\n",
	       "a made sample is stamped");
	is_str(stamped("{\"bt\":1,\"kind\":\"sample\",\"name\":\"A\","
		       "\"metrics\":{\"x\":1.50}}  "),
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"A\",\"metrics\":{"
	       "\"x\":1.50},\"run\":{\"id\":\"R\",\"commit\":\"abc\","
	       "\"time\":\"2026-01-01T00:00:00Z\"}}\n",
	       "a read sample is stamped, its bytes kept");
	is_str(stamped("{\"bt\":1,\"kind\":\"sample\",\"name\":\"A\","
		       "\"metrics\":{\"x\":1},\"run\":{\"id\":\"old\"}}"),
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"A\",\"metrics\":{"
	       "\"x\":1},\"run\":{\"id\":\"old\"}}\n",
	       "a sample with its own run keeps it");
	is_str(stamped("{\"bt\":1,\"kind\":\"summary\",\"name\":\"A\"}"),
	       "{\"bt\":1,\"kind\":\"summary\",\"name\":\"A\"}\n",
	       "other kinds are not stamped");
	{
		struct runid_opts o = {
		    .commit = "abc", .testbed = "tb", .id = "R", .time = "T"};
		const char *v[RUNID_ARGV_MAX];
		int n = runid_argv(&o, v);

		ok(n == 4 && !strcmp(v[0], "--commit") &&
		       !strcmp(v[1], "abc") && !strcmp(v[2], "--testbed") &&
		       !strcmp(v[3], "tb"),
		   "runid_argv passes on the source options given, never "
		   "--run-id or --time");
	}
	return tap_done();
}
