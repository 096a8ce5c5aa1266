/*
 * fuzz_plugin_criterion-tree.c — libFuzzer target for the criterion-tree
 *plugin, compiled with it directly:
 *
 *	clang -fsanitize=fuzzer,address,undefined -Iplugins \
 *		tests/fuzz/fuzz_plugin_criterion-tree.c plugins/criterion-tree.c
 *-ljq -lm
 *
 * Every input is fed line by line to one instance and to two interleaved
 * ones (plugfuzz.h).  An input holding NUL bytes is also cut at them into
 * the files of one target/criterion benchmark — new/benchmark.json,
 * new/sample.json, new/estimates.json, change/estimates.json — which
 * read_dir then reads, so the directory reader meets broken JSON too.
 * Seeds: tests/fuzz/corpus/criterion-tree/ (real trees cut into that form).
 */
#include <sys/stat.h>
#include <unistd.h>

#include "plugfuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];
static const char *files[] = {"new/benchmark.json", "new/sample.json",
			      "new/estimates.json", "change/estimates.json"};

/* Remove the scratch directory at exit (libFuzzer ends with exit()). */
static void unscratch(void)
{
	static const char *dirs[] = {"g/b/new", "g/b/change", "g/b", "g", ""};
	char p[160];
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s/g/b/%s", root, files[i]);
		unlink(p);
	}
	for (i = 0; i < 5; i++) {
		snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
		rmdir(p);
	}
}

/* A scratch target/criterion with one benchmark directory, made once, in
 * memory where there is a tmpfs: on a disk, truncating the four files took
 * a third of every execution. */
static int scratch(void)
{
	char p[128];

	if (root[0])
		return 0;
	snprintf(root, sizeof root, "%s/fuzz-criterion.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(root))
		return -1;
	atexit(unscratch);
	snprintf(p, sizeof p, "%s/g", root);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/g/b", root);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/g/b/new", root);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/g/b/change", root);
	mkdir(p, 0700);
	return 0;
}

static void put(const char *name, const uint8_t *p, size_t n)
{
	char path[160];
	FILE *f;

	snprintf(path, sizeof path, "%s/g/b/%s", root, name);
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(p, 1, n, f);
	fclose(f);
}

static void directory(const uint8_t *data, size_t size)
{
	const struct bt_plugin *p = bt_plugin_descriptor();
	struct digest d = {0, 0};
	struct bt_host h = {&d, fz_emit, fz_say, fz_say, fz_arg};
	const uint8_t *q = data, *end = data + size, *z;
	void *st;
	size_t i;

	if (scratch())
		return;
	for (i = 0; i < 4; i++) {
		z = q < end ? memchr(q, 0, (size_t)(end - q)) : NULL;
		put(files[i], q, (size_t)((z ? z : end) - q));
		q = z ? z + 1 : end;
	}
	if (p->probe_dir(root) < 0 || p->probe_dir(root) > 100)
		abort();
	st = p->open(&h);
	if (!st)
		abort();
	p->read_dir(st, root);
	p->close(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_all(data, size);
	if (memchr(data, 0, size))
		directory(data, size);
	return 0;
}
