/*
 * bt-export — records out of the stream and into the dashboard's data tree
 * (--web, docs/web-data.md).
 *
 * The one idea of --web: a results tree holds many runs per version; the
 * newest main result of each version becomes that version's file, and every
 * main result of it becomes one point of its history.  Which platform and
 * which version a run belongs to is read from its records, never from the
 * path, so a tree that was moved or renamed exports the same.
 *
 * Reports (--format) and archives (--archive, --extract, --verify) were
 * bt-export's once and are tools of their own now, bt-report and
 * bt-archive; those old flags still work: bt-export runs the new tool,
 * found beside its own executable, with the same arguments.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "extract.h"
#include "map.h"
#include "paths.h"
#include "proc.h"
#include "record.h"
#include "results.h"
#include "stats.h"
#include "text.h"
#include "util.h"
#include "webdata.h"
#include "webindex.h"
#include "webversion.h"

/* --web reads this many result files at a time (half on a second core) */
enum { RUNS_AT_ONCE = 16 };

/* --web --repository URL: the repository a change's commits link to */
static const char *repository;

/* --- the web layout ------------------------------------------------------- */

/* One (platform, version): its newest run and every run's history point. */
struct ver {
	char *platform, *version;
	struct run *newest;
	struct web_point *h; /* its history points */
	size_t nh;
	struct paths *files; /* every main result of it, for bt-history */
};

static void ver_free(void *p)
{
	struct ver *v = p;
	size_t i;

	for (i = 0; i < v->nh; i++)
		free(v->h[i].json);
	free(v->h);
	paths_free(v->files);
	free(v->files);
	run_free(v->newest);
	free(v->platform);
	free(v->version);
	free(v);
}

/* A main result: YYYY-MM-DD_HH-MM-SS.jsonl[.gz], nothing after the stamp
 * (so _retryN, _rerun… and _failed_benchmarks files are left out). */
static int main_result(const char *name)
{
	char stamp[32];

	if (!stamp_from_name(name, stamp, sizeof stamp))
		return 0;
	return !strcmp(name + 19, ".jsonl") || !strcmp(name + 19, ".jsonl.gz");
}

/* Is path, when it is a symbolic link, one to something beneath root (a
 * canonical path)?  A link out of the results tree (to /, to someone's
 * home) would export what was never results; a dangling one is left to
 * stat. */
static int inside(const char *root, const char *path)
{
	char real[PATH_MAX];
	struct stat st;
	size_t n = strlen(root);

	if (lstat(path, &st) || !S_ISLNK(st.st_mode) || !realpath(path, real))
		return 1;
	return !strncmp(real, root, n) && (real[n] == '/' || !real[n]);
}

static int walk(const char *dir, struct paths *out, int depth)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	static struct stat up[17];  /* the directories walked into */
	static char root[PATH_MAX]; /* the tree's canonical path */
	char *path;
	int ret = 0, i, got;

	/* a link back up (l -> ..) would walk for ever, and one that
	 * nests without end until the stack runs out: both refused */
	if (depth > 16) {
		warnx_("%s: more than 16 directories deep: %s", dir,
		       strerror(ELOOP));
		return EXIT_USAGE;
	}
	if (stat(dir, &up[depth]))
		memset(&up[depth], 0, sizeof up[depth]); /* opendir says why */
	for (i = 0; i < depth; i++)
		if (up[i].st_dev == up[depth].st_dev &&
		    up[i].st_ino == up[depth].st_ino) {
			warnx_("%s: a symbolic link loop: %s", dir,
			       strerror(ELOOP));
			return EXIT_USAGE;
		}
	if (!(d = opendir(dir))) {
		warnx_("%s: %s", dir, strerror(errno));
		return EXIT_USAGE;
	}
	if (depth == 0 && !realpath(dir, root))
		snprintf(root, sizeof root, "%s", dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0)
			die(EXIT_USAGE, "out of memory");
		if (!inside(root, path)) {
			warnx_("%s: a symbolic link out of %s; refused", path,
			       root);
			ret = EXIT_USAGE;
		} else if ((got = !stat(path, &st)) && S_ISDIR(st.st_mode)) {
			ret |= walk(path, out, depth + 1);
		} else if (main_result(e->d_name) && got &&
			   !S_ISREG(st.st_mode)) {
			warnx_("%s: not a regular file; refused", path);
			ret = EXIT_USAGE;
		} else if (main_result(e->d_name))
			paths_add(out, path);
		free(path);
	}
	closedir(d);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *parent_name(const char *path)
{
	const char *end = strrchr(path, '/'), *start;

	if (!end)
		return NULL;
	for (start = end; start > path && start[-1] != '/'; start--)
		;
	return start < end ? xstrndup(start, (size_t)(end - start)) : NULL;
}

/* A safe file name: not empty, no '/', not starting with '.'. */
static int safe_name(const char *s)
{
	return *s && *s != '.' && !strchr(s, '/');
}

/* Without goos/goarch labels, the os and arch bt-run's context states. */
static void platform_from_system(struct run *r)
{
	jv os = jv_object_get(jv_copy(r->system), jv_string("os"));
	jv arch = jv_object_get(jv_copy(r->system), jv_string("arch"));

	if (!r->goos && jv_get_kind(os) == JV_KIND_STRING)
		r->goos = xstrdup(jv_string_value(os));
	if (!r->goarch && jv_get_kind(arch) == JV_KIND_STRING)
		r->goarch = xstrdup(jv_string_value(arch));
	jv_free(os);
	jv_free(arch);
}

static int add_run(struct map *vers, struct run *r)
{
	struct map_entry *e;
	struct buf key = {0};
	struct ver *v;
	char *platform;

	platform_from_system(r);
	if (!r->goos || !r->goarch) {
		warnx_("%s: cannot tell the platform: no goos/goarch in its "
		       "records",
		       r->path);
		return EXIT_USAGE;
	}
	if (!r->version) {
		char *p = parent_name(r->path);

		if (p && !strncmp(p, "go", 2))
			r->version = p;
		else
			free(p);
	}
	if (!r->version) {
		warnx_("%s: cannot tell the version: no version label "
		       "(bt-parse -l version=NAME) and no go* directory",
		       r->path);
		return EXIT_USAGE;
	}
	if (asprintf(&platform, "%s-%s", r->goos, r->goarch) < 0)
		die(EXIT_USAGE, "out of memory");
	/* the version only names files through its encoded stem (web_name) */
	if (!safe_name(platform) || !*r->version) {
		warnx_("%s: '%s' or '%s' is no file name", r->path, platform,
		       r->version);
		free(platform);
		return EXIT_USAGE;
	}
	buf_add(&key, platform, strlen(platform) + 1);
	buf_add(&key, r->version, strlen(r->version));
	e = map_get(vers, key.p, key.len, NULL);
	buf_free(&key);
	if (!e->value) {
		v = e->value = xcalloc(1, sizeof *v);
		v->platform = platform;
		v->version = xstrdup(r->version);
		v->files = xcalloc(1, sizeof *v->files);
	} else {
		free(platform);
	}
	v = e->value;
	v->h = xreallocarray(v->h, v->nh + 1, sizeof *v->h);
	snprintf(v->h[v->nh].stamp, sizeof v->h[v->nh].stamp, "%s", r->stamp);
	v->h[v->nh++].json = web_point_json(r);
	paths_add(v->files, r->path);
	if (!v->newest || strcmp(r->stamp, v->newest->stamp) >= 0) {
		run_free(v->newest);
		v->newest = r;
	} else {
		run_free(r);
	}
	return 0;
}

static int write_version(const char *dir, struct ver *v)
{
	const struct run *r = v->newest;
	struct buf b = {0};
	char *path;
	int ret;

	web_points_sort(v->h, v->nh);
	web_version_json(&b, v->version, v->platform, r, v->h, v->nh);
	if (asprintf(&path, "%s/%s/%s", dir, v->platform,
		     web_version_file(v->version, NULL)) < 0)
		die(EXIT_USAGE, "out of memory");
	ret = web_write(path, &b);
	free(path);
	buf_free(&b);
	/* the records behind it, for the page's download and bt-compare */
	if (asprintf(&path, "%s/%s/%s", dir, v->platform,
		     web_version_file(v->version, r->path)) < 0)
		die(EXIT_USAGE, "out of memory");
	ret |= ret ? 0 : web_copy(r->path, path);
	free(path);
	return ret;
}

/* Merge this export's versions of platform into its index.json; returns
 * the merged, time-ordered entries (caller frees). */
static jv update_index(const char *dir, const char *platform, struct map *vers,
		       int *ret)
{
	struct paths files = {0};
	char *path, *pdir, file[4096];
	jv list, doc;
	size_t i, j;
	int hist;

	if (asprintf(&path, "%s/%s/index.json", dir, platform) < 0)
		die(EXIT_USAGE, "out of memory");
	list = web_index_read(dir, platform);
	for (i = 0; i < vers->n; i++) {
		const struct ver *v = vers->v[i].value;

		if (strcmp(v->platform, platform))
			continue;
		list = web_without(list, "version", v->version);
		snprintf(file, sizeof file, "%s",
			 web_version_file(v->version, NULL));
		list = jv_array_append(
		    list, JV_OBJECT(jv_string("version"), jv_string(v->version),
				    jv_string("file"), jv_string(file),
				    jv_string("records"),
				    jv_string(web_version_file(
					v->version, v->newest->path)),
				    jv_string("timestamp"),
				    jv_string(v->newest->stamp),
				    jv_string("benchmarks"),
				    jv_number((double)v->newest->benches.n)));
		for (j = 0; j < v->files->n; j++)
			paths_add(&files, v->files->v[j]);
	}
	list = web_index_sort(list);
	if (asprintf(&pdir, "%s/%s", dir, platform) < 0)
		die(EXIT_USAGE, "out of memory");
	doc = JV_OBJECT(jv_string("platform"), jv_string(platform),
			jv_string("versions"), jv_copy(list),
			jv_string("compare"), web_compare(pdir, list, ret));
	/* bt-history failing is said, not fatal: the page works without it */
	hist = web_history(pdir, files.v, files.n);
	snprintf(file, sizeof file, "%s/history/index.json", pdir);
	if (hist > 0 || access(file, F_OK) == 0)
		doc = jv_object_set(doc, jv_string("history"),
				    jv_string("history/index.json"));
	if (repository)
		doc = jv_object_set(doc, jv_string("repository"),
				    jv_string(repository));
	*ret |= web_write_json(path, doc);
	paths_free(&files);
	free(pdir);
	free(path);
	return list;
}

/* Does this export write platform?  (ctx: the versions exported) */
static int exported(void *ctx, const char *platform)
{
	const struct map *vers = ctx;

	for (size_t i = 0; i < vers->n; i++)
		if (!strcmp(((struct ver *)vers->v[i].value)->platform,
			    platform))
			return 1;
	return 0;
}

static int write_platforms(const char *dir, struct map *vers)
{
	char *path;
	jv plats;
	size_t i, j;
	int ret = 0;

	if (asprintf(&path, "%s/platforms.json", dir) < 0)
		die(EXIT_USAGE, "out of memory");
	plats = web_platforms_read(dir, exported, vers);
	for (i = 0; i < vers->n; i++) {
		const struct ver *ve = vers->v[i].value;

		for (j = 0; j < i; j++)
			if (!strcmp(((struct ver *)vers->v[j].value)->platform,
				    ve->platform))
				break;
		if (j < i)
			continue;
		plats = web_without(plats, "id", ve->platform);
		plats = jv_array_append(
		    plats,
		    web_platform_entry(
			ve->platform, ve->newest->goos, ve->newest->goarch,
			update_index(dir, ve->platform, vers, &ret)));
	}
	plats = web_platforms_sort(plats);
	ret |= web_write_json(path, JV_OBJECT(jv_string("platforms"), plats));
	free(path);
	return ret;
}

/* Remove what an export killed in the middle left behind in dir and its
 * platform directories: temporaries of atomic.c ("NAME.json.tmp.XXXXXX"),
 * never renamed into place.  Called with the lock held, so none is live. */
static void remove_stale(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *path;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0)
			die(EXIT_USAGE, "out of memory");
		if (strstr(e->d_name, ".json.tmp.") ||
		    strstr(e->d_name, ".jsonl.tmp.") ||
		    strstr(e->d_name, ".jsonl.gz.tmp."))
			unlink(path);
		else if (depth < 2 && e->d_type == DT_DIR)
			remove_stale(path, depth + 1);
		free(path);
	}
	if (d)
		closedir(d);
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST) {
		warnx_("%s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

/* Make dir/platform a directory beneath dir, and each of its own (v/, the
 * version files; compare/, history/) beneath it, never through a link: a
 * planted platform -> /elsewhere, or compare -> /elsewhere, would take
 * writes outside. */
static int platform_dir(const char *dir, const char *platform)
{
	static const char *const sub[] = {"v", "compare", "history"};
	int root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd, sfd = 0;
	size_t i;

	fd = root < 0 ? -1 : beneath_mkdir(root, platform);
	for (i = 0; fd >= 0 && sfd >= 0 && i < sizeof sub / sizeof *sub; i++)
		if ((sfd = beneath_mkdir(fd, sub[i])) >= 0)
			close(sfd);
	if (fd >= 0 && sfd < 0) {
		int e = errno;

		close(fd);
		fd = -1;
		errno = e;
	}
	if (fd < 0)
		warnx_("%s/%s%s%s: %s", dir, platform, i ? "/" : "",
		       i ? sub[i - 1] : "",
		       errno == ELOOP ? "a symbolic link: the web tree is "
					"written only into its own directories"
				      : strerror(errno));
	if (root >= 0)
		close(root);
	if (fd < 0)
		return EXIT_USAGE;
	close(fd);
	return 0;
}

static int export_web(const char *dir, char **args, int nargs)
{
	struct paths files = {0};
	struct map vers = {0};
	struct stat st;
	struct run **runs;
	char *lockp;
	int i, ret = 0, lock;
	size_t j;

	if (nargs == 0)
		die(EXIT_USAGE, "--web DIR wants a results tree or files");
	for (i = 0; i < nargs; i++) {
		size_t from = files.n;

		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			ret |= walk(args[i], &files, 0);
			qsort(files.v + from, files.n - from, sizeof *files.v,
			      cmp_str);
			if (files.n == from)
				warnx_("%s: no main result "
				       "(YYYY-MM-DD_HH-MM-SS.jsonl) in it",
				       args[i]);
		} else {
			paths_add(&files, args[i]);
		}
	}
	/* RUNS_AT_ONCE files read (on two cores: bgread.h), then labelled,
	 * and only the newest run of each version kept: memory grows with
	 * the versions, not with the tree */
	runs = xcalloc(RUNS_AT_ONCE, sizeof *runs);
	for (j = 0; j < files.n; j += RUNS_AT_ONCE) {
		struct paths part = {files.v + j, files.n - j, 0};
		size_t k;

		if (part.n > RUNS_AT_ONCE)
			part.n = RUNS_AT_ONCE;
		ret |= runs_load(&part, runs);
		for (k = 0; k < part.n; k++)
			if (runs[k] && add_run(&vers, runs[k]))
				ret = EXIT_USAGE, run_free(runs[k]);
	}
	free(runs);
	paths_free(&files);
	if (ret || vers.n == 0) {
		map_free(&vers, ver_free);
		if (!ret)
			warnx_("nothing to export");
		return EXIT_USAGE;
	}
	if (make_dir(dir))
		return EXIT_USAGE;
	if (asprintf(&lockp, "%s/platforms.json", dir) < 0)
		die(EXIT_USAGE, "out of memory");
	if ((lock = lock_path(lockp)) < 0)
		die(EXIT_USAGE, "%s.lock: %s", lockp,
		    errno == ELOOP    ? "a symbolic link; refused"
		    : errno == EINVAL ? "not a regular file; refused"
				      : strerror(errno));
	remove_stale(dir, 0);
	for (j = 0; j < vers.n && !ret; j++) {
		struct ver *v = vers.v[j].value;

		ret |= platform_dir(dir, v->platform);
		if (!ret)
			ret |= write_version(dir, v);
	}
	if (!ret)
		ret |= write_platforms(dir, &vers);
	unlock_path(lock);
	free(lockp);
	map_free(&vers, ver_free);
	return ret;
}
/* --- main ----------------------------------------------------------------- */

/* Run tool (bt-report, bt-archive), the executable beside this one, with
 * args (allocated, and ours: freed when exec fails): how the old flags of
 * bt-export keep working.  Its argv[0] stays ours, so its messages say
 * "bt-export:" as they always did.  Never returns. */
static void run_sibling(const char *tool, char **args)
{
	char *dir = proc_self_dir(), *path;
	int e;

	if (!dir)
		die(EXIT_USAGE, "cannot find my own executable to run %s: %s",
		    tool, strerror(errno));
	if (asprintf(&path, "%s/%s", dir, tool) < 0)
		die(EXIT_USAGE, "out of memory");
	free(dir);
	fflush(NULL);
	args[0] = (char *)progname;
	execv(path, args);
	e = errno;
	free(args); /* ours now: nothing is left to leak when exec failed */
	die(EXIT_USAGE, "%s: %s (it does this job now)", path, strerror(e));
}

static void usage(FILE *f, int status)
{
	fprintf(f,
		"usage: %s --web DIR RESULTS...\n"
		"       %s --format markdown|csv|benchfmt [FILE...]\n"
		"       %s --archive FILE.tar.gz|.tar.xz|.tar|.zip [-n NAME] "
		"[PATH...]\n"
		"       %s --extract ARCHIVE DIR\n"
		"       %s --verify ARCHIVE\n"
		"Export records into the dashboard's data tree.\n"
		"  -w, --web DIR          write the dashboard layout into DIR "
		"from results\n"
		"                         trees or files (docs/web-data.md)\n"
		"  -R, --repository URL   with --web: link change points' "
		"commits to URL\n"
		"The other modes run the tool that does them now:\n"
		"  -F, --format FORMAT    bt-report --format FORMAT [FILE...]\n"
		"  -a, --archive FILE     bt-archive create FILE [-n NAME] "
		"[PATH...]\n"
		"  -n, --name NAME        the member name of stdin in an "
		"archive\n"
		"  -x, --extract ARCHIVE  bt-archive extract ARCHIVE DIR\n"
		"      --verify ARCHIVE   bt-archive verify ARCHIVE\n"
		"  -h, --help             show this help\n"
		"  -V, --version          show the version\n"
		"Exit status: 0 success, 1 a manifest mismatch, 2 usage or "
		"input error.\n",
		progname, progname, progname, progname, progname);
	exit(status);
}

int main(int argc, char **argv)
{
	enum { VERIFY = 256 };
	static const struct option opts[] = {
	    {"web", required_argument, NULL, 'w'},
	    {"format", required_argument, NULL, 'F'},
	    {"archive", required_argument, NULL, 'a'},
	    {"name", required_argument, NULL, 'n'},
	    {"extract", required_argument, NULL, 'x'},
	    {"verify", required_argument, NULL, VERIFY},
	    {"repository", required_argument, NULL, 'R'},
	    STD_LONG_OPTIONS,
	};
	const char *web = NULL, *format = NULL, *arch = NULL, *ext = NULL,
		   *ver = NULL, *name = "records.jsonl";
	char **args;
	int c, i, modes;

	util_init(argv[0]);
	while ((c = getopt_long(argc, argv, "w:F:a:n:x:R:hV", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'w':
			web = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		case 'a':
			arch = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'x':
			ext = optarg;
			break;
		case VERIFY:
			ver = optarg;
			break;
		case 'R':
			repository = optarg;
			break;
		default: /* -h, -V, unknown */
			std_option(c, usage);
		}
	}
	argv += optind;
	argc -= optind;
	modes = !!web + !!format + !!arch + !!ext + !!ver;
	if (modes != 1 || (ext && argc != 1) || (ver && argc))
		usage(stderr, EXIT_USAGE);
	if (web)
		return export_web(web, argv, argc) | fshut(stdout, "<stdout>");
	/* the old flags: the new tool's command line, then the operands */
	args = xcalloc((size_t)argc + 8, sizeof *args);
	i = 0;
	if (format) {
		args[i++] = "bt-report";
		args[i++] = "--format";
		args[i++] = (char *)format;
		args[i++] = "--";
	} else {
		args[i++] = "bt-archive";
		if (arch) {
			args[i++] = "--name";
			args[i++] = (char *)name;
		}
		args[i++] = "--";
		args[i++] = arch ? "create" : ext ? "extract" : "verify";
		args[i++] = (char *)(arch ? arch : ext ? ext : ver);
	}
	memcpy(args + i, argv, (size_t)argc * sizeof *args);
	run_sibling(args[0], args);
}
