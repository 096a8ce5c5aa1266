/*
 * fuzz_plugin.c — libFuzzer target for any plugin: compiled once per plugin
 * with that plugin's source (tests/fuzz/run does it), it feeds the input to
 * the plugin line by line, as the host does, and serialises every record it
 * emits, so a crash, a read past a line or an invalid record shows up under
 * the sanitizers.  The first byte picks how the input is cut: whole lines,
 * or every line fed to two interleaved instances.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bt-plugin.h"
#include "buf.h"
#include "record.h"

static void emit(void *ctx, const struct bt_record *r)
{
	struct buf *b = ctx;

	b->len = 0;
	record_json(b, r);
}

static void say(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

static void arg(void *ctx, const char *a)
{
	(void)ctx;
	(void)a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct bt_plugin *p = bt_plugin_descriptor();
	struct buf b[2] = {{0}, {0}};
	struct bt_host h[2] = {{&b[0], emit, say, say, arg},
			       {&b[1], emit, say, say, arg}};
	const char *q = (const char *)data, *end = q + size, *nl;
	void *st[2];
	int two = size && data[0] % 2, i, n;
	struct bt_str names[2] = {{q, size < 40 ? size : 40}, BT_STR("B/x")};

	n = two ? 2 : 1;
	p->probe(q, size < 4096 ? size : 4096);
	for (i = 0; i < n; i++)
		st[i] = p->open(&h[i]);
	while (q < end) {
		nl = memchr(q, '\n', (size_t)(end - q));
		for (i = 0; i < n; i++)
			p->line(st[i], q, (size_t)((nl ? nl : end) - q));
		q = nl ? nl + 1 : end;
	}
	for (i = 0; i < n; i++) {
		p->finish(st[i]);
		p->close(st[i]);
		buf_free(&b[i]);
	}
	if (p->selector)
		p->selector(names, 2, &h[0]);
	return 0;
}
