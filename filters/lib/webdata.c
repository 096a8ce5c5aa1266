/*
 * webdata.c — what bt-export --web writes for the dashboard besides the
 * version files: names made safe as file names, the records behind each
 * version (the page's download), bt-compare's verdicts per pair of versions
 * and bt-history's series and change points.  The one idea: the page shows
 * what the command-line tools decide, so those tools are run here, as
 * siblings of the running executable, and their output is stored as is.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "map.h"
#include "proc.h"
#include "sha256.h"
#include "util.h"
#include "webdata.h"

char *web_name(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = {0};
	size_t i;

	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '+' ||
		    c == '-' || (c == '.' && i > 0)) {
			buf_addc(&b, (char)c);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[c >> 4]);
			buf_addc(&b, hex[c & 15]);
		}
	}
	if (b.len > WEB_NAME_MAX) {
		/* too long for a file name (and two make a comparison's):
		 * the stem's first bytes, cut before a %XX, then "%%" (never
		 * in a short stem, where '%' starts %XX) and a digest */
		struct sha256 h;
		char dig[65];
		size_t k = WEB_NAME_MAX - 2 - 16;

		while (k > 0 &&
		       (b.p[k - 1] == '%' || (k > 1 && b.p[k - 2] == '%')))
			k--;
		sha256_init(&h);
		sha256_update(&h, s, strlen(s));
		sha256_hex(&h, dig);
		b.len = k;
		buf_add(&b, "%%", 2);
		buf_add(&b, dig, 16);
	}
	return buf_cstr(&b);
}

int web_copy(const char *src, const char *dst)
{
	struct buf b = {0};
	int fd = open(src, O_RDONLY), ret = 0;
	ssize_t n;

	if (fd < 0) {
		warnx_("%s: %s", src, strerror(errno));
		return EXIT_USAGE;
	}
	for (;;) {
		buf_grow(&b, 65536);
		n = read(fd, b.p + b.len, b.cap - b.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b.len += (size_t)n;
	}
	if (n < 0) {
		warnx_("%s: %s", src, strerror(errno));
		ret = EXIT_USAGE;
	}
	close(fd);
	if (!ret && atomic_write(dst, b.p, b.len, 0)) {
		warnx_("%s: %s", dst, strerror(errno));
		ret = EXIT_USAGE;
	}
	buf_free(&b);
	return ret;
}

int web_write(const char *path, struct buf *b)
{
	buf_addc(b, '\n');
	if (atomic_write(path, b->p, b->len, 0)) {
		warnx_("%s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

int web_write_json(const char *path, jv v)
{
	jv d = jv_dump_string(v, JV_PRINT_SORTED);
	struct buf b = {0};
	int ret;

	buf_add(&b, jv_string_value(d), strlen(jv_string_value(d)));
	jv_free(d);
	ret = web_write(path, &b);
	buf_free(&b);
	return ret;
}

static const char *member(jv e, const char *key)
{
	jv v = jv_object_get(jv_copy(e), jv_string(key));
	const char *s =
	    jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : NULL;

	/* the string lives as long as e holds it */
	jv_free(v);
	return s;
}

/* One pair of versions: bt-compare -o json BASE TARGET into
 * pdir/FILE.  Its output and its words go to files of their own while it
 * runs (two pairs run at once), said and stored in the pairs' order. */
struct pair {
	jv entry;      /* {base, target, file} for the page */
	char *argv[6]; /* bt-compare -o json BASE TARGET */
	char *out;     /* pdir/FILE */
	FILE *o, *e;   /* its stdout and stderr, unlinked files */
	pid_t pid;     /* 0: not started, -1: could not be */
};

/* What the child wrote to f, from its start, onto b. */
static void read_back(FILE *f, struct buf *b)
{
	int fd = dup(fileno(f));

	if (fd >= 0 && lseek(fd, 0, SEEK_SET) == 0)
		proc_read_all(fd, b);
	else if (fd >= 0)
		close(fd);
}

static void pair_start(struct pair *p, const char *pdir)
{
	struct proc_opts po = PROC_OPTS_INIT;

	p->o = tmpfile();
	p->e = tmpfile();
	if (!p->o || !p->e) {
		warnx_("%s: a file for bt-compare's output: %s", p->out,
		       strerror(errno));
		p->pid = -1;
		return;
	}
	po.out = fileno(p->o);
	po.err = fileno(p->e);
	fcntl(po.out, F_SETFD, FD_CLOEXEC); /* the next pair's child's not */
	fcntl(po.err, F_SETFD, FD_CLOEXEC);
	po.cwd = pdir; /* so that the output names the files as the page does */
	if ((p->pid = proc_spawn(p->argv, &po)) < 0) {
		warnx_("%s: %s", p->argv[0], strerror(errno));
		p->pid = -1;
	}
}

/* Wait for p, say its words, store its output: 0, or EXIT_USAGE. */
static int pair_end(struct pair *p)
{
	struct buf o = {0}, e = {0};
	int st = p->pid > 0 ? proc_wait(p->pid, NULL, NULL) : -1, ret = 0;

	if (p->e) {
		read_back(p->e, &e);
		fwrite(e.p, 1, e.len, stderr);
	}
	if (st != 0 && st != EXIT_FINDING) {
		warnx_("%s: bt-compare %s %s failed (status %d); that pair "
		       "has no verdicts",
		       p->out, p->argv[3], p->argv[4], st);
		ret = EXIT_USAGE;
	} else {
		read_back(p->o, &o);
		if (atomic_write(p->out, o.p, o.len, 0)) {
			warnx_("%s: %s", p->out, strerror(errno));
			ret = EXIT_USAGE;
		}
	}
	buf_free(&o);
	buf_free(&e);
	return ret;
}

static void pair_free(struct pair *p)
{
	if (p->o)
		fclose(p->o);
	if (p->e)
		fclose(p->e);
	free(p->argv[3]);
	free(p->argv[4]);
	free(p->out);
	jv_free(p->entry);
}

/* The pairs of versions of list (each before each later one) that name
 * their records, in n. */
static struct pair *pairs_of(const char *cmp, const char *pdir, jv list,
			     size_t *n)
{
	struct pair *v = NULL;
	int i, j, len = jv_array_length(jv_copy(list));

	*n = 0;
	for (i = 0; i < len; i++) {
		jv a = jv_array_get(jv_copy(list), i);

		for (j = i + 1; j < len; j++) {
			jv z = jv_array_get(jv_copy(list), j);
			const char *va = member(a, "version"),
				   *vz = member(z, "version"),
				   *ra = member(a, "records"),
				   *rz = member(z, "records");
			struct pair *p;
			char *sa, *sz, *file;

			if (va && vz && ra && rz) {
				v = xreallocarray(v, *n + 1, sizeof *v);
				p = memset(&v[(*n)++], 0, sizeof *p);
				sa = web_name(va);
				sz = web_name(vz);
				if (asprintf(&file, "compare/%s~%s.json", sa,
					     sz) < 0 ||
				    asprintf(&p->out, "%s/%s", pdir, file) < 0)
					die(EXIT_USAGE, "out of memory");
				p->entry = JV_OBJECT(
				    jv_string("base"), jv_string(va),
				    jv_string("target"), jv_string(vz),
				    jv_string("file"), jv_string(file));
				p->argv[0] = (char *)cmp;
				p->argv[1] = "-o";
				p->argv[2] = "json";
				p->argv[3] = xstrdup(ra);
				p->argv[4] = xstrdup(rz);
				free(sa), free(sz), free(file);
			}
			jv_free(z);
		}
		jv_free(a);
	}
	return v;
}

jv web_compare(const char *pdir, jv list, int *ret)
{
	char *cmp = proc_beside("bt-compare"), *dir;
	jv pairs = jv_array();
	struct pair *v;
	size_t i, n, ahead = (size_t)util_cores(); /* running at once */

	if (!cmp) {
		warnx_("%s: no bt-compare beside bt-export: the page shows no "
		       "verdicts",
		       pdir);
		return pairs;
	}
	if (asprintf(&dir, "%s/compare", pdir) < 0)
		die(EXIT_USAGE, "out of memory");
	if (mkdir(dir, 0755) && errno != EEXIST) {
		warnx_("%s: %s", dir, strerror(errno));
		*ret |= EXIT_USAGE;
		free(dir);
		free(cmp);
		return pairs;
	}
	v = pairs_of(cmp, pdir, list, &n);
	for (i = 0; i < n && i < ahead; i++)
		pair_start(&v[i], pdir);
	for (i = 0; i < n; i++) {
		if (pair_end(&v[i]) == 0)
			pairs = jv_array_append(pairs, jv_copy(v[i].entry));
		else
			*ret |= EXIT_USAGE;
		if (i + ahead < n)
			pair_start(&v[i + ahead], pdir);
		pair_free(&v[i]);
	}
	free(v);
	free(dir);
	free(cmp);
	return pairs;
}

/* The page's key of a record: "<suite> <name>-<procs>" (docs/web-data.md);
 * into k; 0 when the record names no benchmark.  Borrows r. */
static int page_key(jv r, struct buf *k)
{
	jv suite = jv_object_get(jv_copy(r), jv_string("suite"));
	jv name = jv_object_get(jv_copy(r), jv_string("name"));
	jv procs = jv_object_get(jv_copy(r), jv_string("procs"));
	int ok = jv_get_kind(name) == JV_KIND_STRING;
	char tail[32];

	k->len = 0;
	if (ok) {
		if (jv_get_kind(suite) == JV_KIND_STRING)
			buf_add(k, jv_string_value(suite),
				(size_t)jv_string_length_bytes(jv_copy(suite)));
		buf_addc(k, ' ');
		buf_add(k, jv_string_value(name),
			(size_t)jv_string_length_bytes(jv_copy(name)));
		snprintf(tail, sizeof tail, "-%lld",
			 jv_get_kind(procs) == JV_KIND_NUMBER &&
				 jv_number_value(procs) >= 1
			     ? (long long)jv_number_value(procs)
			     : 1LL);
		buf_add(k, tail, strlen(tail));
	}
	jv_free(suite), jv_free(name), jv_free(procs);
	return ok;
}

static void buf_free_value(void *p)
{
	buf_free(p);
	free(p);
}

/* bt-history's lines, one file per benchmark (history/N.jsonl) and
 * history/index.json mapping each page key to its file, so that the page
 * reads one benchmark's history, not every one's. */
static int write_split(const char *pdir, const struct buf *o)
{
	struct map by = {0};
	struct atomic_batch files = {0}; /* one per benchmark: atomic.h */
	struct buf k = {0}, idx = {0};
	const char *p = o->p, *end = o->p + o->len, *nl;
	char *path;
	size_t i;
	int ret = 1;

	while (p < end) {
		jv r;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		r = jv_parse_sized(p, (int)(nl - p));
		if (jv_get_kind(r) == JV_KIND_OBJECT && page_key(r, &k)) {
			struct map_entry *e = map_get(&by, k.p, k.len, NULL);

			if (!e->value)
				e->value = xcalloc(1, sizeof(struct buf));
			buf_add(e->value, p, (size_t)(nl - p));
			buf_addc(e->value, '\n');
		}
		jv_free(r);
		p = nl + 1;
	}
	if (asprintf(&path, "%s/history", pdir) < 0)
		die(EXIT_USAGE, "out of memory");
	if (mkdir(path, 0755) && errno != EEXIST) {
		warnx_("%s: %s", path, strerror(errno));
		ret = -1;
	}
	free(path);
	buf_addlit(&idx, "{\"files\":{");
	for (i = 0; i < by.n && ret == 1; i++) {
		struct buf *b = by.v[i].value;
		char name[64];

		snprintf(name, sizeof name, "history/%zu.jsonl", i);
		if (asprintf(&path, "%s/%s", pdir, name) < 0)
			die(EXIT_USAGE, "out of memory");
		if (atomic_batch_add(&files, path, b->p, b->len)) {
			warnx_("%s: %s", path, strerror(errno));
			ret = -1;
		}
		free(path);
		if (i)
			buf_addc(&idx, ',');
		buf_addc(&idx, '\n');
		json_str(&idx, by.v[i].key, by.v[i].keylen);
		buf_addc(&idx, ':');
		json_str(&idx, name, strlen(name));
	}
	buf_addlit(&idx, "}}\n");
	if (ret != 1)
		atomic_batch_abort(&files);
	else if (atomic_batch_commit(&files)) {
		warnx_("%s/history: %s", pdir, strerror(errno));
		ret = -1;
	}
	if (asprintf(&path, "%s/history/index.json", pdir) < 0)
		die(EXIT_USAGE, "out of memory");
	if (ret == 1 && atomic_write(path, idx.p, idx.len, 0)) {
		warnx_("%s: %s", path, strerror(errno));
		ret = -1;
	}
	free(path);
	buf_free(&idx);
	buf_free(&k);
	map_free(&by, buf_free_value);
	return ret;
}

int web_history(const char *pdir, char **files, size_t n)
{
	static const char *const subs[] = {"series", "changes"};
	char *hist = proc_beside("bt-history");
	char **argv = xcalloc(n + 3, sizeof *argv);
	struct buf o = {0};
	size_t i, k;
	int ret = 1, st;

	if (!hist) {
		free(argv);
		return 0;
	}
	argv[0] = hist;
	for (i = 0; i < n; i++)
		argv[i + 2] = files[i];
	for (k = 0; k < 2 && ret == 1; k++) {
		argv[1] = (char *)subs[k];
		st = proc_output(argv, NULL, &o);
		if (st != 0 && st != EXIT_FINDING) {
			warnx_("%s: bt-history %s failed (status %d): no "
			       "history written",
			       pdir, subs[k], st);
			ret = -1;
		}
	}
	if (ret == 1)
		ret = write_split(pdir, &o);
	buf_free(&o);
	free(argv);
	free(hist);
	return ret;
}
