/*
 * plugin.c — finding, loading and choosing plugins; see plugin.h.
 */
#include "plugin.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "guard.h"
#include "proc.h"
#include "util.h"

struct loaded {
	char *name; /* file name without .so */
	char *path;
	const struct bt_plugin *p; /* NULL when it would not load */
};

struct plugins {
	char **dirs;
	int *dirok; /* per directory: 0 not checked yet, 1 safe, -1 refused */
	size_t ndirs;
	int verbose; /* say which plugin detection chose, and the scores */
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
	ps->dirok = xreallocarray(ps->dirok, ps->ndirs + 1, sizeof *ps->dirok);
	ps->dirok[ps->ndirs] = 0;
	ps->dirs[ps->ndirs++] = xstrndup(dir, n);
}

/* ../lib/bt/plugins relative to the running executable's directory. */
static void add_exe_dir(struct plugins *ps)
{
	char *exe = proc_self_dir(), dir[PATH_MAX + 32], real[PATH_MAX];

	if (!exe)
		return;
	snprintf(dir, sizeof dir, "%s/../lib/bt/plugins", exe);
	free(exe);
	if (realpath(dir, real))
		add_dir(ps, real, strlen(real));
}

struct plugins *plugins_new(void)
{
	struct plugins *ps = xcalloc(1, sizeof *ps);
	const char *env = getenv("BT_PLUGIN_PATH"), *colon;

	size_t n;

	while (env && *env) {
		colon = strchr(env, ':');
		n = colon ? (size_t)(colon - env) : strlen(env);
		/* An empty or relative entry would depend on the current
		 * directory: never; a relative one is said, not dropped
		 * silently. */
		if (*env == '/')
			add_dir(ps, env, n);
		else if (n)
			warnx_("BT_PLUGIN_PATH: '%.*s' is not an absolute "
			       "path; ignored",
			       (int)n, env);
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
	free(ps->dirok);
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
	enum { C_LOAD, C_DESCRIPTOR, C_PROBE, C_PROBE_DIR, C_SELECTOR } op;
	bt_plugin_descriptor_fn fn;
	void *h;
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
	case C_LOAD:
		c->h = dlopen(c->dir, RTLD_NOW | RTLD_LOCAL);
		break;
	case C_DESCRIPTOR:
		c->p = c->fn();
		break;
	case C_PROBE:
		c->score = c->p->probe(c->head, c->len);
		break;
	case C_PROBE_DIR:
		c->score = c->p->probe_dir(c->dir);
		break;
	case C_SELECTOR:
		c->score = c->p->selector(c->names, c->len, c->host);
		break;
	}
}

int plugin_select(const struct bt_plugin *p, const struct bt_str *names,
		  size_t n, const struct bt_host *host)
{
	struct call c = {
	    .op = C_SELECTOR, .p = p, .names = names, .len = n, .host = host};
	int sig;

	guard_context(p->name, NULL, NULL);
	sig = guard_call(call, &c);
	guard_idle();
	guard_context(NULL, NULL, NULL);
	if (sig == GUARD_TIMEOUT)
		die(EXIT_USAGE,
		    "plugin %s timed out (no answer within %g s) building the "
		    "selector",
		    p->name, guard_timeout_ms() / 1000.0);
	if (sig)
		die(EXIT_USAGE, "plugin %s crashed (%s) building the selector",
		    p->name, guard_signame(sig));
	return c.score;
}

/* --- children with a time limit ------------------------------------------
 *
 * Loading a plugin runs its constructors and its descriptor function;
 * detection runs its probe.  Any of them may crash, call exit() or never
 * return, so each is tried first in a child process: the parent waits at
 * most BT_PLUGIN_TIMEOUT seconds (5 by default) for each answer on a pipe,
 * and a child that dies or is late costs only that plugin. */

int plugin_timeout_ms(void)
{
	return guard_timeout_ms();
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read exactly n bytes of fd by the deadline: 0 read, -1 end of file or
 * error, 1 too late. */
static int read_by(int fd, void *p, size_t n, long long deadline)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	char *q = p;
	long long left;
	ssize_t k;
	int r;

	while (n) {
		if ((left = deadline - now_ms()) <= 0)
			return 1;
		r = poll(&pfd, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r ? -1 : 1;
		k = read(fd, q, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		q += k;
		n -= (size_t)k;
	}
	return 0;
}

struct child {
	pid_t pid;
	int fd; /* the parent's read end, the child's write end */
};

/* Fork the guarded child (proc_fork_piped); c->pid is 0 in the child. */
static void child_start(struct child *c)
{
	c->pid = proc_fork_piped(&c->fd);
}

static const char *signame(int sig, char *buf, size_t n)
{
	const char *s = guard_signame(sig);

	if (strcmp(s, "a signal"))
		return s;
	snprintf(buf, n, "signal %d", sig);
	return buf;
}

/* Reap the child, killed first when late; what became of it in why. */
static void child_end(struct child *c, int late, char *why, size_t n)
{
	char sb[32];
	int status = 0;

	if (late)
		kill(c->pid, SIGKILL);
	close(c->fd);
	proc_wait(c->pid, &status, NULL);
	if (!why)
		return;
	if (late)
		snprintf(why, n, "did not return within %g s",
			 plugin_timeout_ms() / 1000.0);
	else if (WIFSIGNALED(status))
		snprintf(why, n, "crashed (%s)",
			 signame(WTERMSIG(status), sb, sizeof sb));
	else
		snprintf(why, n, "exited (status %d)", WEXITSTATUS(status));
}

/* --- permissions ------------------------------------------------------------
 */

/* 0 when path is writable by no one but its owner (and root), as ssh's
 * StrictModes wants; else -1, warned naming it.  A directory that does
 * not exist is -1 without a word. */
static int safe_mode(const char *path, int dir)
{
	struct stat sb;

	if (stat(path, &sb))
		return dir ? -1 : 0; /* a file: dlopen will say why */
	if (dir && !S_ISDIR(sb.st_mode))
		return -1;
	if (!(sb.st_mode & (S_IWGRP | S_IWOTH)))
		return 0;
	warnx_("%s: writable by others than its owner (mode %04o); %s", path,
	       (unsigned)(sb.st_mode & 07777),
	       dir ? "no plugin in it is loaded" : "refused as a plugin");
	return -1;
}

/* Is directory i of the search path safe to load from (checked once)? */
static int dir_ok(struct plugins *ps, size_t i)
{
	if (!ps->dirok[i])
		ps->dirok[i] = safe_mode(ps->dirs[i], 1) ? -1 : 1;
	return ps->dirok[i] > 0;
}

/* --- loading ----------------------------------------------------------------
 */

/* 0 when the descriptor is one this host can use, else -1 and why. */
static int check_descriptor(const struct bt_plugin *p, char *err, size_t n)
{
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
		return 0;
	return -1;
}

enum { VET_MSG = 512 };

/* In a child: load path, call its descriptor function, check the
 * descriptor; write a byte once loaded (constructors run), then VET_MSG
 * bytes of verdict (empty: usable). */
static _Noreturn void vet_child(const char *path, int fd)
{
	char msg[VET_MSG] = "";
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	bt_plugin_descriptor_fn fn;

	if (write(fd, "L", 1) != 1)
		_exit(1);
	if (!h)
		snprintf(msg, sizeof msg, "cannot load: %s", dlerror());
	else if (!(*(void **)&fn = dlsym(h, BT_PLUGIN_SYMBOL)))
		snprintf(msg, sizeof msg,
			 "no %s symbol: not a benchtrack plugin",
			 BT_PLUGIN_SYMBOL);
	else
		check_descriptor(fn(), msg, sizeof msg);
	_exit(write(fd, msg, sizeof msg) == sizeof msg ? 0 : 1);
}

/* Try path in a child first: 0 when it loads there and is usable, else -1
 * and why (its verdict, or its crash, exit or time-out). */
static int vet(const char *path, char *err, size_t n)
{
	struct child c;
	char msg[VET_MSG], why[128], byte;
	long long deadline = now_ms() + plugin_timeout_ms();
	int r;

	child_start(&c);
	if (c.pid == 0)
		vet_child(path, c.fd);
	if ((r = read_by(c.fd, &byte, 1, deadline))) {
		child_end(&c, r > 0, why, sizeof why);
		snprintf(err, n, "%s while being loaded (in its constructors)",
			 why);
		return -1;
	}
	if ((r = read_by(c.fd, msg, sizeof msg, deadline))) {
		child_end(&c, r > 0, why, sizeof why);
		snprintf(err, n, "%s in %s()", why, BT_PLUGIN_SYMBOL);
		return -1;
	}
	child_end(&c, 0, NULL, 0);
	msg[sizeof msg - 1] = '\0';
	if (*msg) {
		snprintf(err, n, "%s", msg);
		return -1;
	}
	return 0;
}

/* What became of a guarded call into the plugin at path, in err: 0 when
 * it returned. */
static int unguarded(int sig, const char *what, char *err, size_t n)
{
	if (sig == GUARD_TIMEOUT)
		snprintf(err, n, "did not return within %g s %s",
			 guard_timeout_ms() / 1000.0, what);
	else if (sig)
		snprintf(err, n, "crashed (%s) %s", guard_signame(sig), what);
	return sig;
}

const struct bt_plugin *plugin_open_file(const char *path, char *err, size_t n)
{
	struct call c = {.op = C_LOAD, .dir = path};
	int sig;

	if (safe_mode(path, 0)) {
		snprintf(err, n, "writable by others than its owner");
		return NULL;
	}
	if (vet(path, err, n))
		return NULL;
	/* Its constructors run again, now in the host: guarded too (a
	 * plugin need not do here what it did in the child) */
	guard_context(path, NULL, NULL);
	sig = guard_call(call, &c);
	guard_idle();
	guard_context(NULL, NULL, NULL);
	if (unguarded(sig, "while being loaded (in its constructors)", err, n))
		return NULL; /* not unloaded: it may have left anything behind
			      */
	if (!c.h) {
		snprintf(err, n, "cannot load: %s", dlerror());
		return NULL;
	}
	*(void **)&c.fn = dlsym(c.h, BT_PLUGIN_SYMBOL);
	if (!c.fn) {
		snprintf(err, n, "no %s symbol: not a benchtrack plugin",
			 BT_PLUGIN_SYMBOL);
		dlclose(c.h);
		return NULL;
	}
	c.op = C_DESCRIPTOR;
	guard_context(path, NULL, NULL);
	sig = guard_call(call, &c);
	guard_idle();
	guard_context(NULL, NULL, NULL);
	if (unguarded(sig, "in " BT_PLUGIN_SYMBOL "()", err, n))
		return NULL;
	if (!check_descriptor(c.p, err, n))
		return c.p; /* the handle stays open for the program's life */
	dlclose(c.h);
	return NULL;
}

int plugin_is_template(const struct bt_plugin *p)
{
	return p->description &&
	       !strncmp(p->description, BT_PLUGIN_TEMPLATE_MARK,
			strlen(BT_PLUGIN_TEMPLATE_MARK));
}

static void drop(struct loaded *l)
{
	l->p = NULL;
	free(l->path);
	l->path = NULL; /* never tried again */
}

/* Load (once) the entry; warn when it is not usable. */
static const struct bt_plugin *load(struct loaded *l)
{
	char err[VET_MSG + 128];

	if (!l->p && l->path) {
		l->p = plugin_open_file(l->path, err, sizeof err);
		if (!l->p) {
			warnx_("%s: %s; skipped", l->path, err);
			drop(l);
		} else if (plugin_is_template(l->p)) {
			warnx_("%s: the plugin template, not renamed (its "
			       "description starts '%s'); skipped",
			       l->path, BT_PLUGIN_TEMPLATE_MARK);
			drop(l);
		}
	}
	return l->p;
}

/* The scores of the probes of e[0..n) for head[0..len), or for the
 * directory dir, in scores (0..100).  The probes run in a child, one after
 * the other, each answering within the time limit; one that crashes,
 * exits or is late is reported, dropped and scores 0, and a new child goes
 * on with the next. */
static void probe_all(struct loaded **e, size_t n, const char *head, size_t len,
		      const char *dir, int *scores)
{
	struct child c;
	char why[128];
	size_t i = 0, j;
	int s, r;

	while (i < n) {
		child_start(&c);
		if (c.pid == 0) {
			for (j = i; j < n; j++) {
				s = dir ? e[j]->p->probe_dir(dir)
					: e[j]->p->probe(head, len);
				if (write(c.fd, &s, sizeof s) != sizeof s)
					_exit(1);
			}
			_exit(0);
		}
		for (r = 0; i < n; i++) {
			if ((r = read_by(c.fd, &s, sizeof s,
					 now_ms() + plugin_timeout_ms())))
				break;
			scores[i] = s < 0 ? 0 : s > 100 ? 100 : s;
		}
		if (!r) {
			child_end(&c, 0, NULL, 0);
			break;
		}
		child_end(&c, r > 0, why, sizeof why);
		warnx_("%s: %s in its probe; skipped", e[i]->path, why);
		drop(e[i]);
		scores[i++] = 0;
	}
}

static struct loaded *find(struct plugins *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->nl; i++)
		if (!strcmp(ps->l[i].name, name))
			return &ps->l[i];
	return NULL;
}

static struct loaded *add(struct plugins *ps, const char *name,
			  const char *path)
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
	if (strchr(name, '/')) /* a path, as --check-plugin takes */
		return load(add(ps, name, name));
	if (!valid_name(name))
		return NULL;
	for (i = 0; i < ps->ndirs; i++) {
		snprintf(path, sizeof path, "%s/%s.so", ps->dirs[i], name);
		/* a file refused for its mode leaves the name to the next
		 * directory, as if it were not there */
		if (access(path, R_OK) == 0 && dir_ok(ps, i) &&
		    !safe_mode(path, 0))
			return load(add(ps, name, path));
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Record every NAME.so of directory i, in name order. */
static void scan_dir(struct plugins *ps, size_t i)
{
	const char *dir = ps->dirs[i];
	DIR *d = dir_ok(ps, i) ? opendir(dir) : NULL;
	struct dirent *e;
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, len;

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
		if (valid_name(names[i]) && !find(ps, names[i]) &&
		    !safe_mode(path, 0))
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
		scan_dir(ps, i);
	for (i = 0; i < ps->nl; i++)
		load(&ps->l[i]);
}

void plugins_verbose(struct plugins *ps, int on)
{
	ps->verbose = on;
}

/* Probe every loaded plugin (with probe_dir, for a directory) and return
 * the one scoring highest above 0; with -v, say every score. */
static const struct bt_plugin *detect(struct plugins *ps, const char *head,
				      size_t len, const char *dir, int *score)
{
	struct loaded **e, *best = NULL;
	int *s, top = 0;
	size_t i, n = 0;
	struct buf say = {0};

	scan(ps); /* first: it adds the entries */
	e = xcalloc(ps->nl + 1, sizeof *e);
	s = xcalloc(ps->nl + 1, sizeof *s);
	for (i = 0; i < ps->nl; i++)
		if (ps->l[i].p && (!dir || ps->l[i].p->probe_dir))
			e[n++] = &ps->l[i];
	probe_all(e, n, head, len, dir, s);
	for (i = 0; i < n; i++) {
		if (s[i] > top) {
			top = s[i];
			best = e[i];
		}
		if (ps->verbose && e[i]->p) {
			char one[128];
			int k =
			    snprintf(one, sizeof one, "%s%s %d",
				     say.len ? ", " : "", e[i]->p->name, s[i]);

			buf_add(&say, one, (size_t)k);
		}
	}
	if (ps->verbose)
		warnx_("probe scores: %s; %s%s%s",
		       say.len ? buf_cstr(&say) : "no plugins",
		       best ? "chose " : "no plugin scores above 0",
		       best ? best->p->name : "",
		       best ? " (the highest score)" : "");
	if (score)
		*score = top;
	buf_free(&say);
	free(e);
	free(s);
	return best ? best->p : NULL;
}

const struct bt_plugin *plugins_detect(struct plugins *ps, const char *head,
				       size_t len, int *score)
{
	return detect(ps, head, len, NULL, score);
}

const struct bt_plugin *plugins_detect_dir(struct plugins *ps, const char *path)
{
	return detect(ps, NULL, 0, path, NULL);
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

FILE *plugins_own_stdout(void)
{
	return guard_own_stdout();
}
