/*
 * samples.h — version 2's samples records (docs/records.md, "Version 2"):
 * one benchmark's consecutive samples in one line.
 *
 * A samples record means exactly the version-1 samples it stands for, so it
 * is read as them: input.c hands a filter each in turn, as the line
 * docs/records.md says it expands to, and nothing after the reader knows
 * there was a version 2.  The writer (record.c, recw_format) does the
 * reverse on the lines it has written: consecutive samples that differ only
 * in their iterations and metric values become one record, which reads back
 * as the same lines, byte for byte.
 */
#ifndef BT_SAMPLES_H
#define BT_SAMPLES_H

#include <stddef.h>

#include "buf.h"

/* Reading: samples_open, then samples_next until it returns 0 (or
 * samples_read, which does it all).  What a struct samples_rd points to is
 * the line it was opened on, which must stay as it is meanwhile.  Zero it
 * before its first use; samples_rd_free. */
struct samples_member; /* samples.c's */
struct samples_unit;   /* samples.c's */
struct samples_num;    /* samples.c's */
struct slot;
struct rec;
struct samples_rd {
	const char *end;
	struct samples_member *m, *labels;
	size_t nm, mcap;
	struct samples_unit *units;
	size_t nunits, ucap;
	struct samples_num *num, *its; /* every value, every count */
	size_t nnum, ncap, nits, icap;
	size_t count, index;
	struct buf a, b;      /* the first sample's line; the one being made */
	size_t it_off;	      /* where the count is in a */
	struct slot *slots;   /* samples.c's: where the samples differ in a */
	const char *first[4]; /* the labels' place, the end, the run in a */
	size_t firstk[4];     /* and the slot each comes after */
	size_t scap;
};

/* line[0..len) is valid JSON, a record of kind "samples": 1 when it is a
 * version-2 samples record, ready for samples_next; 0 when it is not one
 * (a "bt":1 line of that kind is a kind version 1 does not know); -1 when
 * it is a broken one, with the reason in err (size n). */
int samples_open(struct samples_rd *s, const char *line, size_t len, char *err,
		 size_t n);

/* The next sample's version-1 line, in place of out's contents (without a
 * '\n'): 1, or 0 after the last.  (samples_open has checked them all.) */
int samples_next(struct samples_rd *s, struct buf *out);

/* Read the record line[0..len) into rec and call fn with it, as the
 * reader does with every line (record.h: rec_decode); when it is a samples
 * record, rec is each of its samples in turn (as rec_decode decodes the
 * sample's line, which rec.line is) and fn is called for each.  *ret is
 * fn's first non-zero value, or 0.  Returns 0, or -1 when the line is not
 * a record or a broken one, with the reason in err (size n). */
int samples_read(struct samples_rd *s, struct rec *rec, const char *line,
		 size_t len, int (*fn)(void *ctx, const struct rec *rec),
		 void *ctx, int *ret, char *err, size_t n);

void samples_rd_free(struct samples_rd *s);

/* Writing.  A zeroed struct samples_wr holds nothing; samples_wr_free. */
struct samples_wr {
	struct buf first; /* the first sample held, as written */
	struct buf key;	  /* it without its iterations and metric values */
	struct buf iters; /* the counts held, "1,2,3" */
	struct buf vals;  /* the values held, "[1,2],[3,4]" */
	size_t n;	  /* samples held */
};

/* line[0..len) (without '\n', not inside out) is the next line written.
 * When it does not go with the samples held, their record is appended to
 * out first.  Returns 1 when line is now held, 0 when it is not a sample
 * that can be held and the caller writes it itself, after out. */
int samples_add(struct samples_wr *g, const char *line, size_t len,
		struct buf *out);

/* The same for a line whose writer knows where its count and values are
 * (record.c): offsets into line, the count before the values; iv == ivend
 * when there is none.  Cheaper than finding them. */
enum { SAMPLES_MAX_UNITS = 64 };
struct samples_cut {
	size_t iv, ivend;
	size_t nval;
	size_t val[SAMPLES_MAX_UNITS], vend[SAMPLES_MAX_UNITS];
};
int samples_add_cut(struct samples_wr *g, const char *line, size_t len,
		    const struct samples_cut *c, struct buf *out);

/* Append the record of the samples held, if any, with its '\n'. */
void samples_end(struct samples_wr *g, struct buf *out);

void samples_wr_free(struct samples_wr *g);

#endif
