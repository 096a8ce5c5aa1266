/*
 * inputpriv.h — what input.c and inarchive.c share: the reader that cuts an
 * input into lines (its bytes from read(2), zlib or an archive's member),
 * and the reading of one stream from its first bytes.  Not installed.
 */
#ifndef BT_INPUTPRIV_H
#define BT_INPUTPRIV_H

#include <stddef.h>
#include <sys/stat.h>
#include <zlib.h>

#include "record.h"

struct archive;
struct gzahead;
struct plugins;

/* CHUNK: what one read asks for.  The reader's fuzz target builds with a
 * small one (-DBT_READ_CHUNK=509), so that its inputs of a few KiB cross
 * chunks as large inputs do. */
#ifndef BT_READ_CHUNK
#define BT_READ_CHUNK (1 << 18)
#endif
enum { CHUNK = BT_READ_CHUNK, HEAD = 4096 };

struct reader {
	int fd;
	struct archive *ar; /* when set, bytes come from its current member */
	const char *name;
	int gz, zdone, eof, regular, owned;
	int zbad;    /* inflate found corrupt data after the bytes last made */
	int lenient; /* an archive member no one reads is skipped, not an error
		      */
	z_stream z;
	unsigned char *raw; /* compressed bytes waiting for inflate */
	char *buf;	    /* decoded bytes; lines are taken from off */
	size_t off, len, cap;
	long lineno;
	/* input_opts' from and to; base: where buf[0] is in the input;
	 * muted: the line is before from; cut: the reading ended at to. */
	long long base, from, to;
	int muted, cut;
	/* A regular file is read with pread(2) from pos (-1: read(2)), and
	 * its descriptor moved to pos at the end, but for a part (from or
	 * to): the two processes reading parts of stdin never move it under
	 * each other, and their caller moves it at the end. */
	off_t pos;
	struct gzahead *ahead; /* ingz.c's inflating thread, or NULL */
	void (*idle)(void *ctx);
	void (*tap)(void *ctx, const void *p, size_t n);
	void *ctx;
};

/* Start reading fd (or r->ar's member, fd -1), named name in messages:
 * peek at the first bytes and switch to inflating when they are gzip's
 * magic.  0, or -1 with errno set. */
int reader_start(struct reader *r, int fd, const char *name,
		 const struct input_opts *o);
void reader_close(struct reader *r);
/* What went wrong in the last fill. */
const char *reader_strerror(const struct reader *r);
/* Read r to its end as records or a tool's output (o's format, or what
 * its first bytes are); input_read's status. */
int read_stream(struct reader *r, const struct input_opts *o,
		struct plugins *reg);

/* read(2) (or pread, or the archive's member) that says so before it
 * waits on a pipe or terminal. */
ssize_t reader_raw(struct reader *r, void *p, size_t n);

/* ingz.c: append more of r's inflated (or read-ahead) bytes (>0, 0 at
 * the end, -1 with errno); gz_ahead: inflate, or read an archive's
 * member, on a thread of its own from now on, when r is records in a
 * regular file or an archive (no tap); gz_end: stop it, end z. */
ssize_t gz_fill(struct reader *r);
void gz_ahead(struct reader *r);
void gz_end(struct reader *r);

/* inarchive.c: path ends as an archive's name does (.tar.gz, .zip, …). */
int archive_suffix(const char *path, size_t n);
/* For "archive:member" (the archive a file, the path no file), the length
 * of the archive's path; else 0. */
size_t member_path(const char *path);
/* Every regular member of the archive at path but its manifest, or only
 * the member named only. */
int read_archive(const char *path, const char *only, const struct input_opts *o,
		 struct plugins *reg);

#endif
