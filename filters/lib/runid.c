/*
 * runid.c — run identity: make the `run` object (options, environment,
 * git, host) and match samples to a run.  See runid.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "runid.h"
#include "sha256.h"
#include "util.h"

const char *runid_goarch(const char *m)
{
	static const char *const map[][2] = {
	    {"x86_64", "amd64"}, {"aarch64", "arm64"}, {"i686", "386"},
	    {"i386", "386"},	 {"armv7l", "arm"},    {"ppc64le", "ppc64le"},
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(m, map[i][0]))
			return map[i][1];
	return m;
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int runid_valid_time(const char *s)
{
	size_t n = strlen(s), i = 19;

	if (n < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2) || s[10] != 'T' ||
	    !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) ||
	    s[16] != ':' || !digits(s + 17, 2))
		return 0;
	if (s[i] == '.') {
		if (!digits(s + i + 1, 1))
			return 0;
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			;
	}
	return s[i] == 'Z' && !s[i + 1];
}

/* A value from the user: no control character, never an option. */
static const char *checked(const char *v, const char *what)
{
	const unsigned char *p;

	if (!v)
		return NULL;
	if (!*v)
		die(EXIT_USAGE, "%s: empty", what);
	for (p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			die(EXIT_USAGE, "%s: a control character", what);
	if (*v == '-')
		die(EXIT_USAGE, "%s: '%s' starts with '-'", what, v);
	return v;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? checked(v, name) : NULL;
}

static char *git(char *const argv[])
{
	return proc_first_line(argv);
}

static void utc(char out[32], time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static jv put(jv o, const char *k, const char *v)
{
	return v && *v ? jv_object_set(o, jv_string(k), jv_string(v)) : o;
}

/* The id: 12 digits of the commit, the time, a digest of host, pid and
 * the clock — unique per run on any machine. */
static char *make_id(const char *commit, const char *when, const char *host)
{
	struct sha256 h;
	struct timespec ts;
	char hex[65], t[32], buf[128];
	size_t i, k = 0;
	long pid = (long)getpid();

	clock_gettime(CLOCK_REALTIME, &ts);
	sha256_init(&h);
	sha256_update(&h, host, strlen(host) + 1);
	sha256_update(&h, &pid, sizeof pid);
	sha256_update(&h, &ts, sizeof ts);
	sha256_update(&h, when, strlen(when));
	sha256_hex(&h, hex);
	for (i = 0; when[i] && k < sizeof t - 1; i++)
		if (when[i] != '-' && when[i] != ':' && when[i] != '.')
			t[k++] = when[i];
	t[k] = '\0';
	snprintf(buf, sizeof buf, "%.12s-%s-%.8s", commit ? commit : "nocommit",
		 t, hex);
	return xstrdup(buf);
}

int runid_option(struct runid_opts *o, int c, const char *arg)
{
	switch (c) {
	case RUNID_OPT_COMMIT:
		o->commit = arg;
		return 1;
	case RUNID_OPT_BRANCH:
		o->branch = arg;
		return 1;
	case RUNID_OPT_TESTBED:
		o->testbed = arg;
		return 1;
	case RUNID_OPT_ID:
		o->id = arg;
		return 1;
	case RUNID_OPT_TIME:
		o->time = arg;
		return 1;
	}
	return 0;
}

int runid_argv(const struct runid_opts *o, const char *out[RUNID_ARGV_MAX])
{
	int n = 0;

	if (o->commit)
		out[n++] = "--commit", out[n++] = o->commit;
	if (o->branch)
		out[n++] = "--branch", out[n++] = o->branch;
	if (o->testbed)
		out[n++] = "--testbed", out[n++] = o->testbed;
	return n;
}

jv runid_make(const struct runid_opts *o)
{
	jv r = jv_object(), out;
	const char *commit = checked(o->commit, "--commit"), *branch;
	const char *testbed = checked(o->testbed, "--testbed");
	char *head, *full = NULL, *b = NULL, *dirty = NULL, *id;
	char when[32], ctime_[32], host[256] = "", tb[512];
	struct utsname u;
	int from_git = 0;

	branch = checked(o->branch, "--branch");
	checked(o->id, "--run-id");
	if (o->time &&
	    (!checked(o->time, "--time") || !runid_valid_time(o->time)))
		die(EXIT_USAGE,
		    "--time: '%s' is not an RFC 3339 time in UTC "
		    "(2026-12-02T19:00:00Z)",
		    o->time);
	commit = commit ? commit : env("BT_COMMIT");
	branch = branch ? branch : env("BT_BRANCH");
	testbed = testbed ? testbed : env("BT_TESTBED");
	head =
	    git((char *[]){"git", "rev-parse", "--verify", "-q", "HEAD", NULL});
	if (!commit && head) {
		commit = head;
		from_git = 1;
	} else if (commit) { /* the full hash when git knows it */
		char spec[300];

		snprintf(spec, sizeof spec, "%s^{commit}", commit);
		full = git((char *[]){"git", "rev-parse", "--verify", "-q",
				      spec, NULL});
	}
	if (commit) {
		const char *c = full ? full : commit;
		char *ct = NULL;

		if (from_git || full)
			ct = git((char *[]){"git", "show", "-s", "--format=%ct",
					    (char *)c, "--", NULL});
		r = put(r, "commit", c);
		if (ct && *ct && strspn(ct, "0123456789") == strlen(ct)) {
			utc(ctime_, (time_t)strtoll(ct, NULL, 10));
			r = put(r, "commit_time", ctime_);
		}
		free(ct);
	}
	if (from_git) {
		dirty = git((char *[]){"git", "status", "--porcelain",
				       "--untracked-files=no", NULL});
		if (dirty)
			r = put(r, "dirty", "true");
	}
	/* The branch HEAD is on names the commit only when it is HEAD. */
	if (!branch && head && (from_git || (full && !strcmp(full, head)))) {
		b = git((char *[]){"git", "symbolic-ref", "-q", "--short",
				   "HEAD", NULL});
		if (!b)
			r = put(r, "detached", "true");
		branch = b;
	}
	r = put(r, "branch", branch);
	if (o->time) {
		snprintf(when, sizeof when, "%s", o->time);
	} else {
		utc(when, time(NULL));
	}
	r = put(r, "time", o->time ? o->time : when);
	gethostname(host, sizeof host - 1);
	if (!testbed && uname(&u) == 0) {
		char *s;

		for (s = u.sysname; *s; s++)
			*s = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
		snprintf(tb, sizeof tb, "%s (%s-%s)", *host ? host : "unknown",
			 u.sysname, runid_goarch(u.machine));
		testbed = tb;
	}
	r = put(r, "testbed", testbed);
	id = o->id ? xstrdup(o->id)
		   : make_id(full ? full : commit, o->time ? o->time : when,
			     host);
	free(head);
	free(full);
	free(b);
	free(dirty);
	out = jv_object_set(jv_object(), jv_string("id"), jv_string(id));
	free(id);
	jv_object_foreach(r, k, v) out =
	    jv_object_set(out, k, v); /* id first */
	jv_free(r);
	return out;
}

/* The text of a sample line's top-level "run" object (a label named "run"
 * is not it), as the decoder noted it: 0 and the span, or -1.  No JSON is
 * parsed and the line not scanned again: filters note every sample's run. */
static int raw_run(const struct rec *rec, const char **at, size_t *len)
{
	struct bt_str run = rec_run_text(rec);

	if (rec->r.kind != BT_KIND_SAMPLE || !run.n)
		return -1;
	*at = run.s;
	*len = run.n;
	return 0;
}

/* The "run" member of a sample as jv (consumed by the caller), or an
 * invalid jv; the line is parsed only when it has one. */
static jv run_of(const struct rec *rec)
{
	const char *at;
	size_t len;
	jv j;

	if (raw_run(rec, &at, &len))
		return jv_invalid();
	j = rec_json(rec);
	if (jv_get_kind(j) != JV_KIND_OBJECT)
		return jv_invalid();
	j = jv_object_get(jv_copy(j), jv_string("run"));
	if (jv_get_kind(j) != JV_KIND_OBJECT) {
		jv_free(j);
		return jv_invalid();
	}
	return j;
}

static int str_is(jv v, const char *s, size_t prefix)
{
	int r = 0;

	if (jv_get_kind(v) == JV_KIND_STRING) {
		const char *p = jv_string_value(v);

		r = prefix ? !strncmp(p, s, strlen(s)) : !strcmp(p, s);
	}
	jv_free(v);
	return r;
}

int runid_match(const struct rec *rec, const char *sel)
{
	jv run = run_of(rec);
	int r;

	if (!jv_is_valid(run))
		return 0;
	r = str_is(jv_object_get(jv_copy(run), jv_string("id")), sel, 0) ||
	    str_is(jv_object_get(jv_copy(run), jv_string("commit")), sel,
		   strlen(sel) >= 7);
	jv_free(run);
	return r;
}

const char *runid_of(const struct rec *rec, char *buf, size_t n)
{
	jv run = run_of(rec), id;
	const char *r = NULL;

	if (!jv_is_valid(run))
		return NULL;
	id = jv_object_get(run, jv_string("id"));
	if (jv_get_kind(id) == JV_KIND_STRING) {
		snprintf(buf, n, "%s", jv_string_value(id));
		r = buf;
	}
	jv_free(id);
	return r;
}

void runid_note(struct runid_seen *s, const struct rec *rec)
{
	const char *at = "";
	size_t len = 0;

	if (rec->r.kind != BT_KIND_SAMPLE)
		return;
	raw_run(rec, &at, &len); /* one writer stamps one run's bytes alike */
	if (!s->first)
		s->first = xstrndup(at, len);
	else if (strlen(s->first) != len || memcmp(s->first, at, len))
		s->mixed = 1;
}

void runid_seen_free(struct runid_seen *s)
{
	free(s->first);
	s->first = NULL;
	s->mixed = 0;
}
