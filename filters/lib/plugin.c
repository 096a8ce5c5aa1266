/*
 * plugin.c — finding, loading and choosing plugins; see plugin.h.
 */
#include "plugin.h"

#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guard.h"
#include "util.h"

struct loaded {
	char *name; /* file name without .so */
	char *path;
	const struct bt_plugin *p; /* NULL when it would not load */
};

struct plugins {
	char **dirs;
	size_t ndirs;
	struct loaded *l;
	size_t nl;
	int scanned; /* every directory read (for detection and listing) */
};

static void add_dir(struct plugins *ps, const char *dir, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	for (i = 0; i < ps->ndirs; i++)
		if (strlen(ps->dirs[i]) == n && !strncmp(ps->dirs[i], dir, n))
			return;
	ps->dirs = xreallocarray(ps->dirs, ps->ndirs + 1, sizeof *ps->dirs);
	ps->dirs[ps->ndirs++] = xstrndup(dir, n);
}

/* ../lib/bt/plugins relative to the running executable's directory. */
static void add_exe_dir(struct plugins *ps)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/../lib/bt/plugins", exe);
	if (realpath(dir, exe))
		add_dir(ps, exe, strlen(exe));
}

struct plugins *plugins_new(void)
{
	struct plugins *ps = xcalloc(1, sizeof *ps);
	const char *env = getenv("BT_PLUGIN_PATH"), *colon;

	while (env && *env) {
		colon = strchr(env, ':');
		/* An empty entry would mean the current directory: never. */
		if (*env == '/')
			add_dir(ps, env, colon ? (size_t)(colon - env) : strlen(env));
		env = colon ? colon + 1 : NULL;
	}
	add_exe_dir(ps);
#ifdef BT_PLUGINDIR
	add_dir(ps, BT_PLUGINDIR, strlen(BT_PLUGINDIR));
#endif
	return ps;
}

void plugins_free(struct plugins *ps)
{
	size_t i;

	if (!ps)
		return;
	for (i = 0; i < ps->ndirs; i++)
		free(ps->dirs[i]);
	for (i = 0; i < ps->nl; i++) {
		free(ps->l[i].name);
		free(ps->l[i].path);
	}
	free(ps->dirs);
	free(ps->l);
	free(ps);
}

static int valid_name(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return 0;
	return 1;
}

/* A call into a plugin's code, for guard_call: its descriptor function,
 * its probe of a head or of a directory, or its selector. */
struct call {
	enum { C_DESCRIPTOR, C_PROBE, C_PROBE_DIR, C_SELECTOR } op;
	bt_plugin_descriptor_fn fn;
	const struct bt_plugin *p;
	const char *head, *dir;
	size_t len;
	int score;
	const struct bt_str *names;
	const struct bt_host *host;
};

static void call(void *arg)
{
	struct call *c = arg;

	switch (c->op) {
	case C_DESCRIPTOR: c->p = c->fn(); break;
	case C_PROBE: c->score = c->p->probe(c->head, c->len); break;
	case C_PROBE_DIR: c->score = c->p->probe_dir(c->dir); break;
	case C_SELECTOR:
		c->score = c->p->selector(c->names, c->len, c->host);
		break;
	}
}

int plugin_select(const struct bt_plugin *p, const struct bt_str *names,
		  size_t n, const struct bt_host *host)
{
	struct call c = {.op = C_SELECTOR, .p = p, .names = names, .len = n,
			 .host = host};
	int sig = guard_call(call, &c);

	if (sig)
		die(EXIT_USAGE, "plugin %s crashed (%s) building the selector",
		    p->name, guard_signame(sig));
	return c.score;
}

const struct bt_plugin *plugin_open_file(const char *path, char *err, size_t n)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	struct call c = {.op = C_DESCRIPTOR};
	const struct bt_plugin *p;
	int sig;

	if (!h) {
		snprintf(err, n, "cannot load: %s", dlerror());
		return NULL;
	}
	*(void **)&c.fn = dlsym(h, BT_PLUGIN_SYMBOL);
	if (!c.fn) {
		snprintf(err, n, "no %s symbol: not a benchtrack plugin",
			 BT_PLUGIN_SYMBOL);
		dlclose(h);
		return NULL;
	}
	if ((sig = guard_call(call, &c))) {
		snprintf(err, n, "crashed (%s) in %s()", guard_signame(sig),
			 BT_PLUGIN_SYMBOL);
		return NULL; /* not unloaded: it may have left anything behind */
	}
	p = c.p;
	if (!p)
		snprintf(err, n, "%s() returned NULL", BT_PLUGIN_SYMBOL);
	else if (p->abi_version < 1 || p->abi_version > BT_PLUGIN_ABI_VERSION)
		snprintf(err, n, "ABI version %u, this host reads 1 to %d",
			 p->abi_version, BT_PLUGIN_ABI_VERSION);
	else if (!valid_name(p->name))
		snprintf(err, n, "invalid plugin name");
	else if (!p->probe || !p->open || !p->line || !p->finish || !p->close)
		snprintf(err, n, "descriptor lacks a required function");
	else if (!p->read_dir != !p->probe_dir)
		snprintf(err, n, "probe_dir and read_dir go together");
	else
		return p; /* the handle stays open for the program's life */
	dlclose(h);
	return NULL;
}

/* The entry's probe of head[0..len), or of the directory dir: its score,
 * 0 when it crashed (it is then reported and never used again). */
static int probe(struct loaded *l, const char *head, size_t len,
		 const char *dir)
{
	struct call c = {.op = dir ? C_PROBE_DIR : C_PROBE, .p = l->p,
			 .head = head, .dir = dir, .len = len};
	int sig = guard_call(call, &c);

	if (!sig)
		return c.score;
	warnx_("%s: crashed (%s) in its probe; skipped", l->path,
	       guard_signame(sig));
	l->p = NULL;
	free(l->path);
	l->path = NULL;
	return 0;
}

/* Load (once) the entry; warn when it is not usable. */
static const struct bt_plugin *load(struct loaded *l)
{
	char err[512];

	if (!l->p && l->path) {
		l->p = plugin_open_file(l->path, err, sizeof err);
		if (!l->p) {
			warnx_("%s: %s; skipped", l->path, err);
			free(l->path);
			l->path = NULL; /* do not try again */
		}
	}
	return l->p;
}

static struct loaded *find(struct plugins *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->nl; i++)
		if (!strcmp(ps->l[i].name, name))
			return &ps->l[i];
	return NULL;
}

static struct loaded *add(struct plugins *ps, const char *name, const char *path)
{
	struct loaded *l;

	ps->l = xreallocarray(ps->l, ps->nl + 1, sizeof *ps->l);
	l = &ps->l[ps->nl++];
	l->name = xstrdup(name);
	l->path = xstrdup(path);
	l->p = NULL;
	return l;
}

const struct bt_plugin *plugins_get(struct plugins *ps, const char *name)
{
	char path[PATH_MAX];
	struct loaded *l = find(ps, name);
	size_t i;

	if (l)
		return load(l);
	if (!valid_name(name))
		return NULL;
	for (i = 0; i < ps->ndirs; i++) {
		snprintf(path, sizeof path, "%s/%s.so", ps->dirs[i], name);
		if (access(path, R_OK) == 0)
			return load(add(ps, name, path));
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Record every NAME.so of one directory, in name order. */
static void scan_dir(struct plugins *ps, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, i, len;

	if (!d)
		return;
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (len > 3 && !strcmp(e->d_name + len - 3, ".so")) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrndup(e->d_name, len - 3);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s.so", dir, names[i]);
		if (valid_name(names[i]) && !find(ps, names[i]))
			add(ps, names[i], path);
		free(names[i]);
	}
	free(names);
}

static void scan(struct plugins *ps)
{
	size_t i;

	if (ps->scanned)
		return;
	ps->scanned = 1;
	for (i = 0; i < ps->ndirs; i++)
		scan_dir(ps, ps->dirs[i]);
	for (i = 0; i < ps->nl; i++)
		load(&ps->l[i]);
}

const struct bt_plugin *plugins_detect(struct plugins *ps, const char *head,
				       size_t len, int *score)
{
	const struct bt_plugin *best = NULL;
	int top = 0, s;
	size_t i;

	scan(ps);
	for (i = 0; i < ps->nl; i++) {
		if (!ps->l[i].p)
			continue;
		s = probe(&ps->l[i], head, len, NULL);
		if (s > top) {
			top = s;
			best = ps->l[i].p;
		}
	}
	if (score)
		*score = top;
	return best;
}

const struct bt_plugin *plugins_detect_dir(struct plugins *ps, const char *path)
{
	const struct bt_plugin *best = NULL;
	int top = 0, s;
	size_t i;

	scan(ps);
	for (i = 0; i < ps->nl; i++) {
		if (!ps->l[i].p || !ps->l[i].p->probe_dir)
			continue;
		s = probe(&ps->l[i], NULL, 0, path);
		if (s > top) {
			top = s;
			best = ps->l[i].p;
		}
	}
	return best;
}

void plugins_each(struct plugins *ps,
		  void (*fn)(void *ctx, const struct bt_plugin *p,
			     const char *path),
		  void *ctx)
{
	size_t i;

	scan(ps);
	for (i = 0; i < ps->nl; i++)
		if (ps->l[i].p)
			fn(ctx, ps->l[i].p, ps->l[i].path);
}
