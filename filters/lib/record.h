/*
 * record.h — the record stream (docs/records.md): read records from any
 * input, write them to stdout.
 *
 * The one idea: a filter sees every record as a `struct rec`, whatever it was
 * read from.  rec.r is the decoded view (the plugin ABI's struct bt_record,
 * so a sample parsed from Go text and a sample read back from JSON look the
 * same); rec.line is the record's JSON text exactly as read, so a record
 * passed through is written byte for byte, unknown kinds and fields
 * included.  Records made by a plugin have no line; the writer serialises
 * them.
 *
 * Ownership: everything a struct rec points to is borrowed and lives only
 * during the callback that receives it.  Copy what you keep (rec_clone).
 */
#ifndef BT_RECORD_H
#define BT_RECORD_H

#include <jv.h>
#include <stdio.h>
#include <string.h>

#include "bt-plugin.h"
#include "identity.h" /* rec_identity, rec_raw_identity */
#include "units.h"    /* unit_better */

struct buf;
struct rec_ent;	   /* decode.c's */
struct rec_chunk;  /* decode.c's */
struct rec_lcache; /* fastdecode.c's */

/* The record format version this build writes ("bt": 1; 2 only on a
 * samples record, when asked: recw_format). */
#define BT_FORMAT_VERSION 1
/* The newest version it reads: 2 adds the kind "samples" (samples.h). */
#define BT_FORMAT_READ 2

struct rec {
	struct bt_record r; /* decoded; r.kind is 0 for a kind not ours */
	struct bt_str kind; /* the kind as written: "sample", "summary", … */
	struct bt_str line; /* JSON text as read, without '\n'; empty if made */
	const char *file;   /* input name for messages ("<stdin>") */
	long lineno;	    /* 1-based line in file; 0 when not known */

	/* Private: storage rec_decode reuses from line to line (decode.c,
	 * fastdecode.c). */
	struct bt_metric *metrics_;
	struct bt_label *labels_;
	struct rec_ent *ents_;
	size_t mcap_, lcap_, ecap_;
	struct rec_chunk *arena_, *cur_;
	const char *labels_at_, *labels_end_, *obj_end_;
	struct bt_str run_; /* the top-level "run" object's text, or empty */
	int summary_key_;   /* a top-level "summary_only" is there */
	struct rec_lcache *lcache_; /* the fast path's last labels */
	jv json_;
	int json_made_;
};

/* Called once per record; return 0 to go on, non-zero to stop reading. */
typedef int (*rec_fn)(void *ctx, const struct rec *rec);

/*
 * Read every record of path and call fn for each, in order.  path is "-"
 * for stdin, a file (gzip-compressed or not), or a directory a plugin reads.
 * Input that is already records is decoded; anything else is parsed by the
 * plugin named format, or by the one whose probe scores highest when format
 * is NULL.  Problems are reported on stderr as "prog: file:line: what".
 * Returns 0 on success, 2 on an input error (records before the error have
 * been delivered), or fn's non-zero value when it stopped the reading.
 */
int input_read(const char *path, const char *format, rec_fn fn, void *ctx);

/* input_read with more choices.  idle, when set, is called before the reader
 * waits for more input from a pipe or terminal, so a filter that writes can
 * flush what it has (live output, as bt-run and bt-cv --stream need). */
struct plugins;
struct input_opts {
	const char *format; /* plugin name, or NULL to detect */
	rec_fn fn;
	void *ctx;
	void (*idle)(void *ctx);
	struct plugins *plugins; /* registry to use (plugin.h), or NULL */
	const char **detected;	 /* set to the format used: "records" or a
				    plugin name (static or plugin-owned) */
	/* tap, when set, sees every byte read, as read (bt-run --raw). */
	void (*tap)(void *ctx, const void *p, size_t n);
	/* records_only: read path only when it is a regular file (gzipped
	 * or not) of records; anything else (stdin, a directory, an
	 * archive, a tool's output) is not read, nothing is said, fn is
	 * never called, and INPUT_NOT_RECORDS is returned.  No plugin is
	 * loaded: such a reading may run on a thread of its own (bgread.h). */
	int records_only;
	/* rest, with records_only: a pipe is read too (a FIFO such as
	 * bash's <(…), or "-" when stdin is one).  When it is not records,
	 * what was read of it is kept in *rest, for input_read_rest: a pipe
	 * cannot be read twice.  Not with tap. */
	struct input_rest **rest;
	/* from and to: a part of one input, so that two processes read it
	 * (spool.h).  Lines that start before the byte from are read all the
	 * same, but what they make, records and warnings, is dropped (a
	 * plugin's state is made by every line before); errors are still
	 * said.  Reading ends before the first line that starts at or after
	 * the byte to, without a plugin's end of input.  0: the first byte,
	 * the end.  The part [0, k) and then the part [k, end) make what the
	 * whole does. */
	long long from, to;
};
#define INPUT_NOT_RECORDS (-1)
int input_read_opts(const char *path, const struct input_opts *o);

/* Read what a records_only reading kept of a pipe (rest, above) from its
 * first byte, as input_read_opts without records_only reads an input;
 * rest is freed.  input_rest_free: only free it (the pipe unread). */
struct input_rest;
int input_read_rest(struct input_rest *rest, const struct input_opts *o);
void input_rest_free(struct input_rest *rest);

/* True when the inputs a and b are the same pipe (the same FIFO, or "-"
 * and stdin's): they cannot be read at once. */
int input_same_pipe(const char *a, const char *b);

/* The same for an open descriptor (a pipe from a child), named name in
 * messages; fd is not closed. */
int input_read_fd(int fd, const char *name, const struct input_opts *o);

/* Which of inputs[0..n) writing the file out would truncate or replace
 * while, or before, it is read: the same inode (the same name, a symbolic
 * or a hard link), stdin's file for "-", the archive of "archive:member".
 * out "-" is stdout's file.  NULL when none (or out is not a regular file
 * yet).  A filter that writes a file asks this before it reads anything. */
const char *input_clash(const char *out, char *const *inputs, int n);

/* Lines longer than this are refused (a clear error, not a 100 MB heap). */
#define BT_MAX_LINE (64u << 20)

/* Decode one JSON line into rec (decode.c).  What rec points to lives until
 * the next rec_decode or rec_clear.  Returns 0, or -1 with a message in err
 * (size n).  Start from a rec zeroed with REC_INIT; rec_clear frees. */
#define REC_INIT                                                               \
	{                                                                      \
		0                                                              \
	}
int rec_decode(struct rec *rec, const char *line, size_t len, char *err,
	       size_t n);
void rec_clear(struct rec *rec);

/* rec emptied for line[0..len), its storage kept: for the next line, or
 * (NULL, 0) for a record to be filled in as a plugin's are (cheaper than
 * a new REC_INIT for each: input.c's emit). */
void rec_reset(struct rec *rec, const char *line, size_t len);

/* The text of the record's top-level "run" member, as read, when it is an
 * object (docs/records.md, run identity; the last of duplicates, as jq
 * reads it); empty when there is none or the record was made by a plugin.
 * Noted while decoding: no second scan of the line. */
struct bt_str rec_run_text(const struct rec *rec);

/* 1 when the record's line has a top-level "summary_only" member, of any
 * value (sumstats.c then reads it from the jq value). */
int rec_has_summary_only(const struct rec *rec);

/* The record as a jq value, parsed from its line on first use: borrowed,
 * like everything of a struct rec (jv_copy what you keep).  An invalid jv
 * for a record a plugin made. */
jv rec_json(const struct rec *rec);

/* Append rec's line to b with labels add[0..nadd) set in its "labels"
 * (replacing those of the same key), every other byte as read. */
void rec_line_labels(const struct rec *rec, struct buf *b,
		     const struct bt_label *add, size_t nadd);

/* Begin a record a filter makes in b: {"bt":1,"kind":"KIND", — the fields
 * follow, each ending in ',' but the last, then '}' and the record goes to
 * recw_raw with its '\n'. */
void rec_json_begin(struct buf *b, const char *kind);

/* Append labels ls[0..n) as a JSON object, in their order, leaving out the
 * one keyed skip (may be NULL); nothing when none is left. */
void rec_labels_json(struct buf *b, const struct bt_label *ls, size_t n,
		     const char *skip);

/* Append r's identity as record members, each followed by ',': "suite"
 * (when set), "name", "procs" (when not 0), "labels" (when any, in their
 * order) and "unit" (unit[0..un)): how the records filters make of a
 * benchmark (summary, point, changepoint) begin after rec_json_begin. */
void rec_id_json(struct buf *b, const struct bt_record *r, const char *unit,
		 size_t un);

/* The record's kind name ("sample") for an enum bt_kind, or NULL. */
const char *kind_name(int kind);

/* s is the NUL-terminated string lit. */
static inline int rec_str_is(struct bt_str s, const char *lit)
{
	return strlen(lit) == s.n && memcmp(s.s, lit, s.n) == 0;
}

/* --- looking at a record -------------------------------------------------- */

/* The metric with this unit, or NULL. */
const struct bt_metric *rec_metric(const struct rec *rec, const char *unit);

/* The value of label key as a NUL-terminated copy in buf, or NULL. */
const char *rec_label(const struct rec *rec, const char *key, char *buf,
		      size_t n);

/* The unit a benchmark is judged on by default: "ns/op" if the record has
 * it, else its first metric's unit copied into buf (size n); NULL for a
 * record without metrics. */
const char *rec_time_unit(const struct rec *rec, char *buf, size_t n);

/* --- writing -------------------------------------------------------------- */

/* The one record writer: every record a filter writes, read or made, goes
 * through a struct recw on stdout, which buffers, adds --label's labels and
 * reports a write error once.  recw_write takes a record as read (its line
 * verbatim), recw_record a plugin's, recw_json a jq value; a record a
 * filter makes field by field is made in the writer's own buffer between
 * recw_begin and recw_end (no filter keeps an output buffer of its own);
 * recw_raw takes lines already whole (records kept as read).
 *
 * Ownership: the writer owns its buffer and its copies of labels and run;
 * what is handed to it is borrowed (copied) unless the function says it
 * consumes it.  The caller owns the writer (recw_finish or recw_free). */
struct recw;

/* A buffered record writer on f (not closed by recw_free). */
struct recw *recw_new(FILE *f);
/* Write version 2 (docs/records.md): consecutive samples of one benchmark
 * as one samples record, held until the next record differs or a flush.
 * version 1, the default, writes every record as it comes. */
void recw_format(struct recw *w, int version);

/* Add a group label to every sample, failure, skip and context written
 * from now on (bt-parse --label).  Later labels win over the record's. */
void recw_label(struct recw *w, const char *key, const char *value);

/* Stamp every sample written from now on with "run": run_json (the text
 * of a JSON object, copied), unless the sample carries a "run" of its own
 * (docs/records.md, run identity).  NULL stops stamping. */
void recw_run(struct recw *w, const char *run_json);

/* Write rec: its line verbatim when it has one and no labels are to be
 * added, else serialised. */
void recw_write(struct recw *w, const struct rec *rec);

/* Serialise a record made by a plugin. */
void recw_record(struct recw *w, const struct bt_record *r);

/* Append a plugin-made record to b as one JSON object, without newline:
 * the serialisation recw_record writes.  0, or -1 for a record that may
 * not be written (a sample without name or finite metrics). */
int record_json(struct buf *b, const struct bt_record *r);

/* Write a JSON object as one record line; consumes obj.  Use for records
 * a filter makes (summaries, changes): set "bt" and "kind" first. */
void recw_json(struct recw *w, jv obj);

/* Write bytes that already are whole record lines, each ending in '\n'. */
void recw_raw(struct recw *w, const char *p, size_t n);

/* Make a record in the writer's buffer: recw_begin appends
 * {"bt":1,"kind":"KIND", (rec_json_begin) and returns the buffer, borrowed
 * until recw_end; append the fields (json_* of buf.h), the last without its
 * ','; recw_end closes the record with '}' and its '\n'. */
struct buf *recw_begin(struct recw *w, const char *kind);
void recw_end(struct recw *w);

/* For a filter whose output is one JSON document, not records (bt-compare
 * -o json): the writer's buffer to append the next piece of the document
 * to (borrowed), and recw_piece_end to hand that piece over; the document
 * never sits whole in memory. */
struct buf *recw_piece(struct recw *w);
void recw_piece_end(struct recw *w);

/* Flush what is buffered.  0, or -1 on a write error (errno set). */
int recw_flush(struct recw *w);
void recw_free(struct recw *w);

/* Flush, report a write error as "prog: <stdout>: write error: …", free.
 * 0, or -1 when the output could not be written. */
int recw_finish(struct recw *w);

#endif
