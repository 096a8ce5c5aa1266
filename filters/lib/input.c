/*
 * input.c — turning any input into records: input_read().
 *
 * An input is read in chunks with read(2), inflated through zlib when it
 * starts with the gzip magic, and cut into lines.  Its first bytes decide
 * what it is: a record stream (decoded line by line) or a tool's output
 * (handed line by line to the plugin whose probe scores highest).  Memory is
 * the chunk plus the longest line, whatever the input's length; a pipe is
 * read as data arrives, so records come out live.
 *
 * An archive (.tar.gz, .tar.xz, .tar, .zip) is many inputs: each member is
 * read as its own input named "archive:member", streamed through libarchive
 * into the same reader (inarchive.c).  "archive:member" as a path reads that
 * one member.
 */
#include <archive.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "abi.h"
#include "guard.h"
#include "inputpriv.h"
#include "jsonvalid.h"
#include "plugin.h"
#include "record.h"
#include "samples.h"
#include "util.h"

static void reader_error(const struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void reader_say(const struct reader *r, const char *fmt, va_list ap)
{
	char msg[2048], at[32] = "";

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (r->lineno > 0)
		snprintf(at, sizeof at, "%ld:", r->lineno);
	warnx_("%s:%s %s", r->name, at, msg); /* escaped, as every message */
}

static void reader_error(const struct reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reader_say(r, fmt, ap);
	va_end(ap);
}

/* A problem worked around: not said for a line before input_opts' from,
 * whose reader said it. */
static void reader_warn(const struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void reader_warn(const struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->muted)
		return;
	va_start(ap, fmt);
	reader_say(r, fmt, ap);
	va_end(ap);
}

ssize_t reader_raw(struct reader *r, void *p, size_t n)
{
	ssize_t k;

	if (r->idle && !r->regular)
		r->idle(r->ctx);
	if (r->ar) {
		k = archive_read_data(r->ar, p, n);
		if (k < 0)
			errno = EIO;
	} else {
		do
			k = r->pos >= 0 ? pread(r->fd, p, n, r->pos)
					: read(r->fd, p, n);
		while (k < 0 && errno == EINTR);
		if (k > 0 && r->pos >= 0)
			r->pos += k;
	}
	if (k > 0 && r->tap)
		r->tap(r->ctx, p, (size_t)k);
	return k;
}

/* Make room for at least more bytes after len, dropping consumed ones. */
static void reserve(struct reader *r, size_t more)
{
	if (r->off > 0 && (r->off == r->len || r->cap - r->len < more)) {
		memmove(r->buf, r->buf + r->off, r->len - r->off);
		r->len -= r->off;
		r->base += (long long)r->off;
		r->off = 0;
	}
	if (r->cap - r->len < more) {
		while (r->cap - r->len < more)
			r->cap = r->cap ? r->cap * 2 : CHUNK;
		r->buf = xrealloc(r->buf, r->cap);
	}
}

/* Append more decoded input.  >0 bytes added, 0 at end, -1 on error. */
static ssize_t fill(struct reader *r)
{
	ssize_t k;

	if (r->eof)
		return 0;
	reserve(r, CHUNK);
	if (r->gz || r->ahead) { /* ingz.c: inflated, or read ahead */
		k = gz_fill(r);
	} else if ((k = reader_raw(r, r->buf + r->len, r->cap - r->len)) > 0) {
		r->len += (size_t)k;
	}
	if (k == 0)
		r->eof = 1;
	return k;
}

/* Start reading fd (named name in messages): peek at the first bytes and
 * switch to inflating when they are gzip's magic. */
int reader_start(struct reader *r, int fd, const char *name,
		 const struct input_opts *o)
{
	struct stat st;
	unsigned char *p;

	r->fd = fd;
	r->name = name;
	r->from = o->from;
	r->to = o->to;
	r->muted = r->from > 0; /* a plugin's words before its first line */
	r->idle = o->idle;
	r->tap = o->tap;
	r->ctx = o->ctx;
	if (r->ar || fstat(r->fd, &st))
		st.st_mode = 0;
	r->regular = r->ar || S_ISREG(st.st_mode);
	r->pos = r->ar || !S_ISREG(st.st_mode) ? -1 : lseek(fd, 0, SEEK_CUR);
	/* A pipe holds 64 KiB: one as large as a chunk lets each read take a
	 * chunk, with a quarter of the wake-ups (bt-parse | bt-cv: 10 % less
	 * time).  When the kernel says no, nothing changes. */
	if (S_ISFIFO(st.st_mode) && fcntl(r->fd, F_GETPIPE_SZ) < CHUNK)
		fcntl(r->fd, F_SETPIPE_SZ, CHUNK);
	/* Peek at the magic: read the first bytes as they are. */
	while (!r->eof && r->len < 2)
		if (fill(r) < 0)
			return -1;
	p = (unsigned char *)r->buf;
	if (r->len >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
		r->gz = 1;
		/* a pipe's first read may have given one byte, its second a
		 * whole chunk */
		r->raw = xmalloc(r->len > CHUNK ? r->len : CHUNK);
		memcpy(r->raw, r->buf, r->len);
		r->z.next_in = r->raw;
		r->z.avail_in = (uInt)r->len;
		r->len = 0;
		if (inflateInit2(&r->z, 15 + 16) != Z_OK)
			return errno = ENOMEM, -1;
	}
	return 0;
}

void reader_close(struct reader *r)
{
	if (r->gz || r->ahead)
		gz_end(r);
	if (r->owned && r->fd >= 0)
		close(r->fd);
	else if (r->pos >= 0 && !r->from && !r->to) /* where read(2) would */
		lseek(r->fd, r->pos, SEEK_SET); /* (a part: its caller does) */
	free(r->raw);
	free(r->buf);
}

/* What went wrong in the last fill. */
const char *reader_strerror(const struct reader *r)
{
	if (errno == EILSEQ)
		return "corrupt gzip data";
	if (r->ar && errno == EIO && archive_error_string(r->ar))
		return archive_error_string(r->ar);
	return strerror(errno);
}

/* The next line without its '\n': 1, or 0 at the end, -1 on error
 * (reported).  The line stays valid until the next call. */
static int reader_line(struct reader *r, char **line, size_t *n)
{
	char *nl;
	size_t scanned = 0;
	ssize_t k;

	for (;;) {
		nl = memchr(r->buf + r->off + scanned, '\n',
			    r->len - r->off - scanned);
		if (nl || (r->eof && r->len > r->off))
			break;
		scanned = r->len - r->off;
		if (scanned > BT_MAX_LINE) {
			r->lineno++;
			reader_error(r, "line longer than %u MiB",
				     BT_MAX_LINE >> 20);
			return -1;
		}
		k = fill(r);
		if (k < 0) {
			r->lineno++; /* the line it was reading */
			reader_error(r, "%s", reader_strerror(r));
			return -1;
		}
		if (k == 0 && r->len == r->off) {
			r->cut = r->to > 0; /* a part before a cut never ends */
			return r->muted = 0;
		}
	}
	if (r->to && r->base + (long long)r->off >= r->to) {
		r->cut = 1;
		return r->muted = 0;
	}
	r->muted = r->base + (long long)r->off < r->from;
	*line = r->buf + r->off;
	*n = nl ? (size_t)(nl - *line) : r->len - r->off;
	r->off += *n + (nl != NULL);
	r->lineno++;
	return 1;
}

/* --- record streams ------------------------------------------------------- */

static int blank(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++, n--;
	return n == 0;
}

/* After a bad line of a gzip: 1 when the data inflated next, within 64
 * MiB, is corrupt.  zlib makes what it can of corrupt data before it
 * finds it so, and those bytes are read as lines: the corruption, not the
 * line it garbled, is what is wrong.  What is inflated is dropped (the
 * reading stops at the bad line). */
static int corrupt_next(struct reader *r)
{
	long long left = 64LL << 20;
	ssize_t k = 1;

	while (r->gz && k > 0 && left > 0) {
		r->off = r->len; /* line is not looked at again */
		k = fill(r);
		left -= k;
	}
	return k < 0 && errno == EILSEQ;
}

static int read_records(struct reader *r, const struct input_opts *o)
{
	struct rec rec = REC_INIT;
	struct samples_rd sr = {0};
	char *line, err[512];
	size_t n;
	int st, ret = 0;

	rec.file = r->name;
	gz_ahead(r);
	while ((st = reader_line(r, &line, &n)) > 0) {
		/* muted: not even decoded, as any subset of lines is valid */
		if (r->muted || blank(line, n))
			continue;
		rec.lineno = r->lineno;
		if (samples_read(&sr, &rec, line, n, o->fn, o->ctx, &ret, err,
				 sizeof err)) {
			reader_error(r, "%s",
				     corrupt_next(r) ? reader_strerror(r)
						     : err);
			ret = EXIT_USAGE;
		}
		if (ret)
			break;
	}
	rec_clear(&rec);
	samples_rd_free(&sr);
	return st < 0 ? EXIT_USAGE : ret;
}

/* 1 when the first non-blank line of head is a record. */
static int looks_like_records(const char *head, size_t len, int complete)
{
	const char *p = head, *end = head + len, *nl;
	jv v, bt, kind;
	int yes;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (end - p >= 6 && !memcmp(p, "{\"bt\":", 6))
		return 1;
	if (p == end || *p != '{')
		return 0;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl && !complete)
		return 0;
	if (json_valid(p, (size_t)((nl ? nl : end) - p), NULL, 0))
		return 0;
	v = jv_parse_sized(p, (int)((nl ? nl : end) - p));
	bt = jv_get_kind(v) == JV_KIND_OBJECT
		 ? jv_object_get(jv_copy(v), jv_string("bt"))
		 : jv_invalid();
	kind = jv_get_kind(v) == JV_KIND_OBJECT
		   ? jv_object_get(jv_copy(v), jv_string("kind"))
		   : jv_invalid();
	yes = jv_get_kind(bt) == JV_KIND_NUMBER &&
	      jv_get_kind(kind) == JV_KIND_STRING;
	jv_free(v);
	jv_free(bt);
	jv_free(kind);
	return yes;
}

/* --- tool output through a plugin ----------------------------------------- */

struct parse {
	struct reader *r;
	const struct input_opts *o;
	const struct bt_plugin *p;
	int failed, stop;
	struct bt_metric *keep; /* finite metrics of the record being emitted */
	size_t keepcap;
	struct rec rec; /* the record emitted: reset, not zeroed, each time */
};

/* The host's callbacks run as host code (guard_host_enter): fd 1 is the
 * record stream again, and their time is not the plugin's. */
static void host_warn(void *ctx, const char *msg)
{
	struct parse *ps = ctx;

	guard_host_enter();
	reader_warn(ps->r, "%s", msg);
	guard_host_leave();
}

static void host_error(void *ctx, const char *msg)
{
	struct parse *ps = ctx;

	guard_host_enter();
	reader_error(ps->r, "%s", msg);
	guard_host_leave();
	ps->failed = 1;
}

/* Drop metrics JSON cannot carry; 0 when nothing is left to emit. */
static int clean_metrics(struct parse *ps, struct bt_record *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nmetrics; i++) /* mostly all kept: nothing to copy */
		if (!isfinite(r->metrics[i].value) || !r->metrics[i].unit.n)
			break;
	if (i == r->nmetrics)
		return i > 0;
	if (r->nmetrics > ps->keepcap) {
		ps->keepcap = r->nmetrics;
		ps->keep =
		    xreallocarray(ps->keep, ps->keepcap, sizeof *ps->keep);
	}
	for (i = 0; i < r->nmetrics; i++) {
		const struct bt_metric *m = &r->metrics[i];

		if (isfinite(m->value) && m->unit.n)
			ps->keep[n++] = *m;
		else
			reader_warn(
			    ps->r,
			    "%.*s: %.*s is not a finite number; "
			    "metric dropped",
			    (int)(r->name.n > 200 ? 200 : r->name.n), r->name.s,
			    (int)(m->unit.n > 64 ? 64 : m->unit.n), m->unit.s);
	}
	r->metrics = ps->keep;
	r->nmetrics = n;
	return n > 0;
}

static void emit(struct parse *ps, const struct bt_record *in);

static void host_emit(void *ctx, const struct bt_record *in)
{
	guard_host_enter();
	emit(ctx, in);
	guard_host_leave();
}

static void emit(struct parse *ps, const struct bt_record *in)
{
	struct rec *rec = &ps->rec;
	const char *kind = kind_name(in->kind);

	if (ps->stop || ps->r->muted)
		return;
	if (!kind) {
		reader_warn(ps->r,
			    "plugin %s emitted a record of kind %d, "
			    "which the ABI does not have; skipped",
			    ps->p->name, (int)in->kind);
		return;
	}
	rec_reset(rec, NULL, 0);
	abi_record(ps->p, in, &rec->r);
	if (in->kind == BT_KIND_SAMPLE) {
		if (in->name.n == 0) {
			reader_warn(ps->r, "sample without a name; skipped");
			return;
		}
		if (!clean_metrics(ps, &rec->r))
			return;
	}
	rec->kind = bt_cstr(kind);
	rec->file = ps->r->name;
	rec->lineno = ps->r->lineno;
	if ((ps->stop = ps->o->fn(ps->o->ctx, rec)))
		ps->failed = ps->stop;
}

/* A call into the plugin's code, for guard_call. */
struct call {
	const struct bt_plugin *p;
	enum { C_OPEN, C_LINE, C_FINISH, C_DIR, C_CLOSE } op;
	struct bt_host *host;
	void *st;
	const char *s; /* the line, or the directory */
	size_t n;
	int rc;
};

static void call(void *arg)
{
	struct call *c = arg;

	switch (c->op) {
	case C_OPEN:
		c->st = c->p->open(c->host);
		break;
	case C_LINE:
		c->rc = c->p->line(c->st, c->s, c->n);
		break;
	case C_FINISH:
		c->rc = c->p->finish(c->st);
		break;
	case C_DIR:
		c->rc = c->p->read_dir(c->st, c->s);
		break;
	case C_CLOSE:
		c->p->close(c->st);
		break;
	}
}

/* Make call c with op; 0 when the plugin returned, else (reported) the
 * signal it crashed with or GUARD_TIMEOUT: its state is then abandoned. */
static int guarded(struct parse *ps, struct call *c, int op)
{
	static const char *const where[] = {
	    [C_OPEN] = "while starting",
	    [C_LINE] = "while parsing this line",
	    [C_FINISH] = "at the end of the input",
	    [C_DIR] = "while reading the directory",
	    [C_CLOSE] = "while closing"};
	int sig;

	c->op = op;
	if (!(sig = guard_call(call, c)))
		return 0;
	if (sig == GUARD_TIMEOUT)
		reader_error(
		    ps->r, "plugin %s timed out (no answer within %g s) %s",
		    c->p->name, guard_timeout_ms() / 1000.0, where[op]);
	else
		reader_error(ps->r, "plugin %s crashed (%s) %s", c->p->name,
			     guard_signame(sig), where[op]);
	ps->failed = 1;
	return sig;
}

static int read_plugin(struct reader *r, const struct input_opts *o,
		       const struct bt_plugin *p)
{
	struct parse ps = {.r = r, .o = o, .p = p};
	struct bt_host host = {&ps, host_emit, host_warn, host_error, NULL};
	struct call c = {.p = p, .host = &host};
	int got, crashed;
	char *line;

	guard_context(p->name, r->name, &r->lineno);
	got = 0;
	crashed = guarded(&ps, &c, C_OPEN);

	if (!crashed && !c.st)
		die(EXIT_USAGE, "%s: plugin %s: out of memory", r->name,
		    p->name);
	while (!ps.failed && (got = reader_line(r, &line, &c.n)) > 0) {
		c.s = line;
		if (!(crashed = guarded(&ps, &c, C_LINE)) && c.rc && !ps.failed)
			host_error(&ps, "the plugin failed without saying why");
	}
	if (!ps.failed && got == 0 && !r->cut) {
		r->lineno = 0;
		if (!(crashed = guarded(&ps, &c, C_FINISH)) && c.rc &&
		    !ps.failed)
			host_error(&ps, "the plugin failed without saying why");
	}
	if (!crashed)
		guarded(&ps, &c, C_CLOSE);
	guard_idle();
	guard_context(NULL, NULL, NULL);
	free(ps.keep);
	rec_clear(&ps.rec);
	if (ps.stop)
		return ps.stop;
	return got < 0 || ps.failed ? EXIT_USAGE : 0;
}

static int read_dir(const char *path, const struct input_opts *o,
		    struct plugins *reg)
{
	struct reader r = {.name = path};
	const struct bt_plugin *p = o->format ? plugins_get(reg, o->format)
					      : plugins_detect_dir(reg, path);
	struct parse ps = {.r = &r, .o = o, .p = p};
	struct bt_host host = {&ps, host_emit, host_warn, host_error, NULL};
	struct call c = {.p = p, .host = &host, .s = path};

	if (!p || !p->read_dir) {
		reader_error(&r, "a directory no plugin reads%s%s",
			     o->format ? " as " : "",
			     o->format ? o->format : "");
		return EXIT_USAGE;
	}
	if (o->detected)
		*o->detected = p->name;
	guard_context(p->name, path, NULL);
	if (guarded(&ps, &c, C_OPEN)) {
		guard_idle();
		return EXIT_USAGE;
	}
	if (!c.st)
		die(EXIT_USAGE, "%s: plugin %s: out of memory", path, p->name);
	if (!guarded(&ps, &c, C_DIR)) {
		if (c.rc && !ps.failed)
			host_error(&ps, "the plugin failed without saying why");
		guarded(&ps, &c, C_CLOSE);
	}
	guard_idle();
	guard_context(NULL, NULL, NULL);
	free(ps.keep);
	rec_clear(&ps.rec);
	return ps.stop ? ps.stop : ps.failed ? EXIT_USAGE : 0;
}

/* Decide what the input is, reading up to HEAD bytes when unsure: 1
 * records, 0 *p's output (NULL: no plugin claims it), -1 the input could
 * not be read (reported). */
static int detect(struct reader *r, struct plugins *reg,
		  const struct bt_plugin **p)
{
	size_t have;
	int score;

	for (;;) {
		have = r->len - r->off;
		if (looks_like_records(r->buf + r->off, have, r->eof))
			return 1;
		if (have == 0 && !r->eof) { /* gzip: nothing inflated yet */
			if (fill(r) < 0) {
				reader_error(r, "%s", reader_strerror(r));
				return -1;
			}
			continue; /* before loading every plugin for nothing */
		}
		*p = plugins_detect(reg, r->buf + r->off,
				    have > HEAD ? HEAD : have, &score);
		if (score >= 50 || r->eof || have >= HEAD)
			return 0;
		if (fill(r) < 0) {
			reader_error(r, "%s", reader_strerror(r));
			return -1;
		}
	}
}

/* records_only's detect: 1 when the input is records, 0 when it is not or
 * cannot be told from its first HEAD bytes or read (the caller reads it in
 * turn and says why). */
static int detect_records(struct reader *r)
{
	for (;;) {
		size_t have = r->len - r->off;

		if (looks_like_records(r->buf + r->off, have, r->eof))
			return 1;
		if (r->eof || have >= HEAD || fill(r) < 0)
			return 0;
	}
}

int read_stream(struct reader *r, const struct input_opts *o,
		struct plugins *reg)
{
	const struct bt_plugin *p = NULL;
	int records = 0;

	if (o->format && !strcmp(o->format, "records")) {
		records = 1;
	} else if (o->format) {
		p = plugins_get(reg, o->format);
		if (!p)
			die(EXIT_USAGE,
			    "no plugin named '%s' (bt-parse "
			    "--list-plugins lists them)",
			    o->format);
	} else if (o->records_only) {
		if (!(records = detect_records(r)))
			return INPUT_NOT_RECORDS;
	} else {
		records = detect(r, reg, &p);
		if (records < 0)
			return EXIT_USAGE;
		if (!p && !records) {
			if (r->len == r->off && r->eof)
				return 0; /* empty input: no records */
			r->lineno = 0;
			if (r->lenient) {
				reader_error(r,
					     "neither records nor any tool's "
					     "output; skipped");
				return 0;
			}
			r->lineno = 1;
			reader_error(r, "unrecognised format (no plugin "
					"claims it; try -f NAME)");
			return EXIT_USAGE;
		}
	}
	if (o->detected)
		*o->detected = records ? "records" : p->name;
	return records ? read_records(r, o) : read_plugin(r, o, p);
}

/* What a records_only reading kept of a pipe that was not records. */
struct input_rest {
	struct reader r;
	char *name;
};

/* Read fd to its end; owned: close it after.  A pipe that records_only
 * found not to be records is kept in *o->rest when o asks. */
static int read_fd(int fd, int owned, const char *name,
		   const struct input_opts *o, struct plugins *reg)
{
	struct input_rest *k = xcalloc(1, sizeof *k);
	int ret;

	k->r.owned = owned;
	if (reader_start(&k->r, fd, name, o) < 0) {
		warnx_("%s: %s", name,
		       errno == EILSEQ ? "corrupt gzip data" : strerror(errno));
		ret = EXIT_USAGE;
	} else if ((ret = read_stream(&k->r, o, reg)) == INPUT_NOT_RECORDS &&
		   o->rest && !k->r.regular) {
		k->name = xstrdup(name);
		k->r.name = k->name;
		*o->rest = k;
		return ret;
	}
	reader_close(&k->r);
	free(k);
	return ret;
}

int input_read_rest(struct input_rest *k, const struct input_opts *o)
{
	struct plugins *reg = o->plugins ? o->plugins : plugins_new();
	struct input_opts again = *o;
	int ret;

	again.records_only = 0, again.rest = NULL;
	k->r.idle = o->idle, k->r.tap = o->tap, k->r.ctx = o->ctx;
	ret = read_stream(&k->r, &again, reg);
	if (!o->plugins)
		plugins_free(reg);
	input_rest_free(k);
	return ret;
}

void input_rest_free(struct input_rest *k)
{
	if (!k)
		return;
	reader_close(&k->r);
	free(k->name);
	free(k);
}

int input_read_fd(int fd, const char *name, const struct input_opts *o)
{
	struct plugins *reg = o->plugins ? o->plugins : plugins_new();
	int ret = read_fd(fd, 0, name, o, reg);

	if (!o->plugins)
		plugins_free(reg);
	return ret;
}

/* records_only: path is a regular file, or with pipes a FIFO ("-": stdin
 * when it is one), opened (*owned: by us); else -1 and nothing said. */
static int open_plain(const char *path, int pipes, int *owned)
{
	struct stat st;
	int fd;

	*owned = 0;
	if (!strcmp(path, "-"))
		return pipes && fstat(STDIN_FILENO, &st) == 0 &&
			       S_ISFIFO(st.st_mode)
			   ? STDIN_FILENO
			   : -1;
	if (archive_suffix(path, strlen(path)) ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) ||
	    !(S_ISREG(st.st_mode) || (pipes && S_ISFIFO(st.st_mode)))) {
		close(fd);
		return -1;
	}
	*owned = 1;
	return fd;
}

int input_read_opts(const char *path, const struct input_opts *o)
{
	struct plugins *reg;
	struct stat st;
	int ret, fd, owned;
	size_t k;
	char *arch;

	if (o->records_only) {
		if ((fd = open_plain(path, o->rest != NULL, &owned)) < 0)
			return INPUT_NOT_RECORDS;
		return read_fd(fd, owned, owned ? path : "<stdin>", o, NULL);
	}
	reg = o->plugins ? o->plugins : plugins_new();
	if (!strcmp(path, "-")) {
		ret = read_fd(0, 0, "<stdin>", o, reg);
	} else if (stat(path, &st) != 0 && (k = member_path(path))) {
		arch = xstrndup(path, k);
		ret = read_archive(arch, path + k + 1, o, reg);
		free(arch);
	} else if (archive_suffix(path, strlen(path)) && stat(path, &st) == 0 &&
		   S_ISREG(st.st_mode)) {
		ret = read_archive(path, NULL, o, reg);
	} else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		ret = read_dir(path, o, reg);
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		warnx_("%s: %s", path, strerror(errno));
		ret = EXIT_USAGE;
	} else {
		ret = read_fd(fd, 1, path, o, reg);
	}
	if (!o->plugins)
		plugins_free(reg);
	return ret;
}

int input_read(const char *path, const char *format, rec_fn fn, void *ctx)
{
	struct input_opts o = {.format = format, .fn = fn, .ctx = ctx};

	return input_read_opts(path, &o);
}
