/*
 * bt-plugin.h — the benchtrack plugin ABI: everything a format parser needs.
 *
 * A plugin is a shared object that turns one benchmark tool's output into
 * benchtrack records.  It exports exactly one symbol, bt_plugin_descriptor(),
 * which returns a pointer to a const, versioned descriptor (the LADSPA/LV2
 * idea).  The host dlopen()s the object, calls that one function, checks
 * abi_version before touching any other field, and then drives the parser:
 *
 *	st = p->open(host);             per-input state, owned by the plugin
 *	p->line(st, line, len);         once per input line, '\n' removed
 *	p->finish(st);                  end of input: flush what is pending
 *	p->close(st);                   free the state
 *
 * The plugin hands records back through host->emit().  A record and every
 * string it points to only need to live for the duration of that call: the
 * host copies or writes it before emit() returns, so a plugin may point into
 * the line it was given or into its own scratch buffers.
 *
 * Strings are (pointer, length) pairs and need not be NUL-terminated, so a
 * parser can point straight into the input line without copying.  The host
 * validates and escapes them; invalid UTF-8 is replaced, never passed on.
 *
 * Rules: no global mutable state (two inputs may be parsed at once, in one
 * thread, interleaved); never read past len; never call exit().  New fields
 * are only ever appended to the structs below, and abi_version says which
 * exist.  Build out of tree with `cc -shared -fPIC $(pkg-config --cflags
 * bt-plugin) -o NAME.so NAME.c`; see docs/plugins.md.
 */
#ifndef BT_PLUGIN_H
#define BT_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes.  The host loads plugins of this version
 * and of every earlier one; version 2 appended the summary statistics of
 * struct bt_record. */
#define BT_PLUGIN_ABI_VERSION 2

/* The one symbol a plugin exports, and its type. */
#define BT_PLUGIN_SYMBOL "bt_plugin_descriptor"

/* A string that need not be NUL-terminated: s[0..n). */
struct bt_str {
	const char *s;
	size_t n;
};

/* BT_STR("literal") and bt_cstr(s) make a bt_str from C strings. */
#define BT_STR(lit) ((struct bt_str){(lit), sizeof(lit) - 1})

static inline struct bt_str bt_cstr(const char *s)
{
	struct bt_str r = {s, 0};

	if (s)
		while (s[r.n])
			r.n++;
	return r;
}

/* Which direction of a metric is an improvement. */
enum bt_better {
	BT_BETTER_DEFAULT = 0, /* the host decides from the unit */
	BT_BETTER_LOWER = 1,   /* times, bytes, allocations */
	BT_BETTER_HIGHER = 2,  /* throughput */
};

/*
 * One measured value.  unit is the tool's unit after conversion to the base
 * unit of its dimension (time per operation in "ns/op", throughput in
 * "MB/s" = 1e6 bytes/s, memory per operation in "B/op"; see
 * docs/records.md).  value is the number; text, when not empty, is the
 * number exactly as the tool printed it (a JSON number literal such as
 * "66.93"), which the host writes verbatim so it reads back exactly.  Leave
 * text empty when the value was converted.  NaN and infinities are refused
 * by the host with a warning: JSON cannot carry them.
 */
struct bt_metric {
	struct bt_str unit;
	double value;
	struct bt_str text;
	int better; /* enum bt_better */
};

/* One key: value pair: a group label, or a configuration line. */
struct bt_label {
	struct bt_str key;
	struct bt_str value;
};

/* What a record is (the "kind" field of docs/records.md). */
enum bt_kind {
	BT_KIND_SAMPLE = 1,  /* one measured result line */
	BT_KIND_CONTEXT = 2, /* configuration the tool printed */
	BT_KIND_FAILURE = 3, /* a benchmark, package or build failed */
	BT_KIND_SKIP = 4,    /* a benchmark was skipped */
};

/*
 * ABI 2.  What a tool printed about the measurements behind a sample's
 * metric of this unit when it did not print the measurements themselves
 * (docs/records.md, "Summary statistics"): their number, mean and standard
 * deviation (n - 1 denominator), in the metric's unit after conversion.
 * The optional members are NaN when the tool did not print them.
 */
struct bt_stats {
	struct bt_str unit; /* the metric described ("ns/op") */
	double n, mean, stddev;
	double std_error, min, max, median; /* optional: NaN when unknown */
};

/*
 * A record as a plugin emits it.  Zero-initialise and fill what applies.
 *
 * sample:  name, suite, procs, iterations, metrics (at least one), labels
 *          (group labels such as goos/goarch/cpu; the host adds the user's).
 * context: suite, labels = every configuration line, in order.
 * failure: name (empty for a whole suite), suite, reason (a short word:
 *          "fail", "build", "panic", "timeout"), message (the tool's words).
 * skip:    name, suite, message.
 */
struct bt_record {
	int kind;	   /* enum bt_kind */
	struct bt_str name;  /* benchmark name without the procs suffix */
	struct bt_str suite; /* package, crate, group or file; may be empty */
	long procs;	  /* parallelism suffix ("-8" in Go); 0 when none */
	int64_t iterations;  /* iterations behind the sample; 0 when unknown */
	const struct bt_metric *metrics;
	size_t nmetrics;
	const struct bt_label *labels;
	size_t nlabels;
	struct bt_str reason;
	struct bt_str message;

	/* ABI 2, samples only.  summary_only: the metrics are the tool's
	 * summary (its mean, unless it says otherwise) of measurements it did
	 * not print, so the sample stands for stats[i].n of them.  stats: what
	 * the tool said of them, one entry per metric it summarised. */
	int summary_only;
	const struct bt_stats *stats;
	size_t nstats;
};

/* The size of a struct bt_record of ABI 1: a host reads no further in the
 * records of a plugin built before version 2. */
#define BT_RECORD_V1_SIZE offsetof(struct bt_record, summary_only)

/*
 * What the host offers a plugin.  ctx is the host's; pass it back unchanged.
 * emit:  hand over one record (see above for lifetimes).
 * warn:  a problem the plugin worked around; the host prefixes the input's
 *        file:line and goes on.
 * error: input the plugin cannot make sense of; the host reports it with
 *        file:line and the input fails (exit 2) after what was emitted so
 *        far has been written.  Return -1 from line() or finish() after it.
 * arg:   used only by selector(): append one argument to the command line.
 */
struct bt_host {
	void *ctx;
	void (*emit)(void *ctx, const struct bt_record *rec);
	void (*warn)(void *ctx, const char *msg);
	void (*error)(void *ctx, const char *msg);
	void (*arg)(void *ctx, const char *arg);
};

/* The descriptor.  Every function pointer may be called from any thread,
 * but one instance (state) is only ever used by one call at a time. */
struct bt_plugin {
	/* BT_PLUGIN_ABI_VERSION at build time.  Checked first. */
	unsigned abi_version;

	/* Short name, [a-z0-9_-]+, unique: what `bt-parse -f NAME` takes and
	 * the file name the host looks for first (NAME.so). */
	const char *name;

	/* One line for `bt-parse --list-plugins`. */
	const char *description;

	/*
	 * How likely the leading bytes of an input are this format: 0 (surely
	 * not) to 100 (certainly).  head holds up to 4096 bytes and may end in
	 * the middle of a line or of a UTF-8 sequence.  Must be cheap, must not
	 * allocate, must accept any bytes.  The highest score above 0 wins.
	 */
	int (*probe)(const char *head, size_t len);

	/* New per-input state, or NULL when out of memory.  host stays valid
	 * until close(). */
	void *(*open)(const struct bt_host *host);

	/* One input line, without its '\n' (a trailing '\r' is kept).  Lines
	 * may contain any bytes, NUL included.  0 on success, -1 after
	 * host->error(). */
	int (*line)(void *state, const char *line, size_t len);

	/* End of input: emit whatever is pending.  0 or -1 as line(). */
	int (*finish)(void *state);

	/* Free the state.  Called once, also after an error. */
	void (*close)(void *state);

	/*
	 * Optional (NULL when the tool cannot select): call host->arg() once per
	 * command-line argument that makes the tool run only the named
	 * benchmarks (Go: "-bench", "^(BenchmarkA|BenchmarkB)$").  Names arrive
	 * as records carry them; escape them for the tool.  The arguments are
	 * passed to the tool as an argument vector, never through a shell.
	 * 0 on success, -1 after host->error().
	 */
	int (*selector)(const struct bt_str *names, size_t n,
			const struct bt_host *host);

	/*
	 * Optional: inputs that are directories (criterion's target/criterion).
	 * probe_dir scores a directory path like probe(); read_dir reads it into
	 * an instance made by open() instead of line()/finish().  Both NULL when
	 * the format is a byte stream only.
	 */
	int (*probe_dir)(const char *path);
	int (*read_dir)(void *state, const char *path);
};

/* The symbol every plugin defines. */
typedef const struct bt_plugin *(*bt_plugin_descriptor_fn)(void);
const struct bt_plugin *bt_plugin_descriptor(void);

#ifdef __cplusplus
}
#endif

#endif
