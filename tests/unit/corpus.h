/*
 * corpus.h — every record file of the test corpus, for the unit tests that
 * read them all (test_record: the decoders against jq; test_samples:
 * version 2 written and read back).  Header-only, like tap.h; the tests
 * run from the top directory.
 */
#ifndef BT_TEST_CORPUS_H
#define BT_TEST_CORPUS_H

#include <glob.h>
#include <stdio.h>

#include "buf.h"

/* Call fn with each record file's name and whole text (text is reused
 * from file to file); returns the number of files read. */
static inline int corpus_each(void (*fn)(void *ctx, const char *path,
					 const struct buf *text),
			      void *ctx)
{
	static const char *const pats[] = {"tests/data/*/*.jsonl",
					   "tests/bad/*.jsonl",
					   "tests/e2e/*.jsonl",
					   "tests/fuzz/corpus/records/*",
					   "tests/fuzz/regress/records-*",
					   "tests/fuzz/corpus/samples/*",
					   "tests/fuzz/regress/samples-*"};
	struct buf text = {0};
	char chunk[65536];
	size_t i, k, n;
	int files = 0;
	glob_t g;

	for (k = 0; k < sizeof pats / sizeof pats[0]; k++) {
		if (glob(pats[k], 0, NULL, &g))
			continue;
		for (i = 0; i < g.gl_pathc; i++) {
			FILE *f = fopen(g.gl_pathv[i], "rb");

			if (!f)
				continue;
			text.len = 0;
			while ((n = fread(chunk, 1, sizeof chunk, f)))
				buf_add(&text, chunk, n);
			fclose(f);
			files++;
			fn(ctx, g.gl_pathv[i], &text);
		}
		globfree(&g);
	}
	buf_free(&text);
	return files;
}

#endif
