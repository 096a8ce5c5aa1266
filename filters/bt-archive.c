/*
 * bt-archive — results bundled to be kept or sent, and unpacked again:
 * create an archive (.tar.gz, .tar.xz, .tar, .zip) of result trees or of
 * standard input with a MANIFEST.json of every member's size, CRC-32 and
 * SHA-256; verify an archive against its manifest; extract one.
 *
 * It exists apart from bt-export (the dashboard's data tree) because an
 * archive is a job of its own, and the one here that reads input made by
 * somebody else and writes files from it: every member of an archive to
 * extract is distrusted (docs/security.md, "Archives and the web tree").
 * libarchive is loaded on first use (lazyarchive.c), not linked.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "atomic.h"
#include "buf.h"
#include "extract.h"
#include "map.h"
#include "paths.h"
#include "record.h"
#include "sha256.h"
#include "util.h"

/* --- archives ------------------------------------------------------------- */

/* What the manifest says of one member. */
struct member {
	char *path;
	long long size;
	unsigned long crc;
	char sha[65];
};

struct archive_out {
	struct archive *a;
	const char *file;
	struct member *m;
	size_t n;
	struct atomic_file af; /* the archive is written to af.tmp */
};

static int ar_fail(struct archive *a, const char *file)
{
	int e = archive_errno(a);
	const char *msg = archive_error_string(a);

	/* libarchive says "Write error"; the system says why */
	if (e > 0 && (!msg || !strstr(msg, strerror(e))))
		warnx_("%s: %s: %s", file, msg ? msg : "archive error",
		       strerror(e));
	else
		warnx_("%s: %s", file, msg ? msg : "archive error");
	return EXIT_USAGE;
}

/* A writer for file, its format chosen by suffix; NULL when the suffix is
 * none we know (reported). */
/* A writer for the archive file, into a temporary beside it (o->af) that
 * replaces it only once complete: a killed export leaves the old archive,
 * or none, never half of one. */
static struct archive *ar_writer(struct archive_out *o)
{
	const char *file = o->file;
	struct archive *a = archive_write_new();
	size_t n = strlen(file);
	int r;

#define ENDS(s) (n >= sizeof(s) - 1 && !strcmp(file + n - (sizeof(s) - 1), s))
	if (ENDS(".tar.gz") || ENDS(".tgz"))
		r = archive_write_set_format_pax_restricted(a) ||
		    archive_write_add_filter_gzip(a);
	else if (ENDS(".tar.xz"))
		r = archive_write_set_format_pax_restricted(a) ||
		    archive_write_add_filter_xz(a);
	else if (ENDS(".tar"))
		r = archive_write_set_format_pax_restricted(a);
	else if (ENDS(".zip"))
		r = archive_write_set_format_zip(a);
	else {
		warnx_("%s: unknown archive suffix (.tar.gz, .tar.xz, .tar, "
		       ".zip)",
		       file);
		archive_write_free(a);
		return NULL;
	}
#undef ENDS
	if (!r && atomic_open(&o->af, file)) {
		warnx_("%s: %s", file, strerror(errno));
		archive_write_free(a);
		return NULL;
	}
	if (r || archive_write_open_fd(a, fileno(o->af.f))) {
		ar_fail(a, file);
		archive_write_free(a);
		atomic_abort(&o->af);
		return NULL;
	}
	return a;
}

/* Append fd's n bytes as member name, noting size and CRC-32. */
static int ar_add_fd(struct archive_out *o, int fd, const char *name,
		     const struct stat *st)
{
	struct archive_entry *e = archive_entry_new();
	static char chunk[1 << 16];
	unsigned long crc = crc32(0, NULL, 0);
	long long total = 0;
	struct sha256 sha;
	ssize_t k;
	int ret = 0;

	sha256_init(&sha);

	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, st->st_size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, st->st_mode & 0777);
	archive_entry_set_mtime(e, st->st_mtime, 0);
	if (archive_write_header(o->a, e)) {
		archive_entry_free(e);
		return ar_fail(o->a, o->file);
	}
	archive_entry_free(e);
	while ((k = read(fd, chunk, sizeof chunk)) > 0 &&
	       total + k <= st->st_size) {
		crc = crc32(crc, (unsigned char *)chunk, (uInt)k);
		sha256_update(&sha, chunk, (size_t)k);
		total += k;
		if (archive_write_data(o->a, chunk, (size_t)k) != k)
			return ar_fail(o->a, o->file);
	}
	/* more bytes than fstat said (k > 0 here: a file that grew, or one
	 * of /proc, all of size 0) is a change as much as fewer */
	if (k != 0 || total != st->st_size) {
		warnx_("%s: %s", name,
		       k < 0 ? strerror(errno) : "changed while archived");
		ret = EXIT_USAGE;
	}
	o->m = xreallocarray(o->m, o->n + 1, sizeof *o->m);
	o->m[o->n].path = xstrdup(name);
	o->m[o->n].size = total;
	o->m[o->n].crc = crc;
	sha256_hex(&sha, o->m[o->n++].sha);
	return ret;
}

/* The member name of a path: without leading "/" and "./". */
static const char *member_name(const char *path)
{
	for (;;) {
		if (*path == '/')
			path++;
		else if (!strncmp(path, "./", 2))
			path += 2;
		else
			return path;
	}
}

static int ar_add_path(struct archive_out *o, const char *path)
{
	struct stat st;
	int fd, ret;

	/* O_NONBLOCK: a fifo named on the command line must not hang the
	 * open; only a regular file's size says what a tar header must */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st)) {
		warnx_("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_USAGE;
	}
	if (!S_ISREG(st.st_mode)) {
		warnx_("%s: not a regular file (a fifo, a device: give its "
		       "bytes on standard input)",
		       path);
		close(fd);
		return EXIT_USAGE;
	}
	if (strstr(path, "/../") || !strncmp(path, "../", 3)) {
		warnx_("%s: a path with '..' makes a hostile archive; give it "
		       "without",
		       path);
		close(fd);
		return EXIT_USAGE;
	}
	ret = ar_add_fd(o, fd, member_name(path), &st);
	close(fd);
	return ret;
}

static void list_tree(const char *dir, struct paths *out)
{
	struct dirent **ents;
	struct stat st;
	char *path;
	int i, n = scandir(dir, &ents, NULL, alphasort);

	if (n < 0) {
		paths_add(out, dir); /* reported when opened */
		return;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") &&
		    strcmp(ents[i]->d_name, "..")) {
			if (asprintf(&path, "%s/%s", dir, ents[i]->d_name) < 0)
				die(EXIT_USAGE, "out of memory");
			if (lstat(path, &st))
				paths_add(out, path); /* reported when opened */
			else if (S_ISDIR(st.st_mode))
				list_tree(path, out);
			else if (S_ISREG(st.st_mode) &&
				 !atomic_scratch(ents[i]->d_name,
						 (long long)st.st_size))
				paths_add(out, path);
			free(path);
		}
		free(ents[i]);
	}
	free(ents);
}

/* Standard input as one member: spooled to a temporary file first, since a
 * tar header states the size before the data. */
static int ar_add_stdin(struct archive_out *o, const char *name)
{
	FILE *tmp = tmpfile();
	static char chunk[1 << 16];
	struct stat st;
	size_t k;
	int ret;

	if (!tmp)
		die(EXIT_USAGE, "temporary file: %s", strerror(errno));
	while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		if (fwrite(chunk, 1, k, tmp) != k)
			die(EXIT_USAGE, "temporary file: %s", strerror(errno));
	if (ferror(stdin) || fflush(tmp))
		die(EXIT_USAGE, "<stdin>: %s", strerror(errno));
	rewind(tmp);
	fstat(fileno(tmp), &st);
	st.st_mode = 0644;
	st.st_mtime = time(NULL);
	ret = ar_add_fd(o, fileno(tmp), name, &st);
	fclose(tmp);
	return ret;
}

#define MANIFEST "MANIFEST.json"

/* The manifest, the last member: every other member, its size, CRC-32
 * and SHA-256. */
static int ar_manifest(struct archive_out *o)
{
	struct buf b = {0};
	struct archive_entry *e = archive_entry_new();
	char crc[16];
	size_t i;
	int ret = 0;

	buf_addlit(&b, "{\"bt_archive\":1,\"checksums\":[\"crc32\",\"sha256\"],"
		       "\"files\":[");
	for (i = 0; i < o->n; i++) {
		if (i)
			buf_addc(&b, ',');
		buf_addc(&b, '\n');
		buf_addlit(&b, "{\"path\":");
		json_str(&b, o->m[i].path, strlen(o->m[i].path));
		buf_addlit(&b, ",\"size\":");
		json_int(&b, o->m[i].size);
		snprintf(crc, sizeof crc, "%08lx", o->m[i].crc);
		buf_addlit(&b, ",\"crc32\":");
		json_str(&b, crc, 8);
		buf_addlit(&b, ",\"sha256\":");
		json_str(&b, o->m[i].sha, 64);
		buf_addc(&b, '}');
	}
	buf_addlit(&b, "]}\n");
	archive_entry_set_pathname(e, MANIFEST);
	archive_entry_set_size(e, (la_int64_t)b.len);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, time(NULL), 0);
	if (archive_write_header(o->a, e) ||
	    archive_write_data(o->a, b.p, b.len) != (la_ssize_t)b.len)
		ret = ar_fail(o->a, o->file);
	archive_entry_free(e);
	buf_free(&b);
	return ret;
}

/* 1 when path is the archive being written, or the one it replaces (an
 * archive kept inside the tree it bundles is not bundled into itself). */
static int is_the_archive(const struct archive_out *o, const char *path)
{
	struct stat p, a;

	if (stat(path, &p))
		return 0;
	return (fstat(fileno(o->af.f), &a) == 0 && p.st_dev == a.st_dev &&
		p.st_ino == a.st_ino) ||
	       (stat(o->file, &a) == 0 && p.st_dev == a.st_dev &&
		p.st_ino == a.st_ino);
}

static int make_archive(const char *file, const char *stdin_name, char **args,
			int nargs)
{
	struct archive_out o = {NULL, file, NULL, 0, {0}};
	struct paths list = {0};
	struct stat st;
	size_t j;
	int i, ret = 0;

	if (!(o.a = ar_writer(&o)))
		return EXIT_USAGE;
	for (i = 0; i < nargs; i++) {
		if (!strcmp(args[i], "-"))
			paths_add(&list, "-");
		else if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode))
			list_tree(args[i], &list);
		else
			paths_add(&list, args[i]);
	}
	if (nargs == 0)
		paths_add(&list, "-");
	for (j = 0; j < list.n; j++) {
		if (!ret && !strcmp(list.v[j], "-"))
			ret = ar_add_stdin(&o, stdin_name);
		else if (!ret && !is_the_archive(&o, list.v[j]))
			ret = ar_add_path(&o, list.v[j]);
		free(list.v[j]);
	}
	free(list.v);
	if (!ret)
		ret = ar_manifest(&o);
	if (archive_write_close(o.a) && !ret)
		ret = ar_fail(o.a, file);
	archive_write_free(o.a);
	for (j = 0; j < o.n; j++)
		free(o.m[j].path);
	free(o.m);
	if (ret) {
		atomic_abort(&o.af); /* never leave half an archive */
	} else if (atomic_commit(&o.af, 0)) {
		warnx_("%s: %s", file, strerror(errno));
		ret = EXIT_USAGE;
	}
	return ret;
}

/* --- extracting and verifying --------------------------------------------- */

static struct archive *ar_reader(const char *file)
{
	struct archive *a = archive_read_new();

	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, file, 1 << 16)) {
		ar_fail(a, file);
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* Unpack file into dir: extract.c, which distrusts every member. */
static int extract(const char *file, const char *dir)
{
	struct archive *a = ar_reader(file);
	int ret;

	if (!a)
		return EXIT_USAGE;
	ret = extract_archive(a, file, dir);
	archive_read_free(a);
	return ret;
}

/* --verify, reading: every member of a into seen (name -> its size and
 * checksums), the manifest's bytes into man.  0; EXIT_FINDING when two
 * members have one name (./a and a are one); or the error reported. */
static int read_members(struct archive *a, const char *file, struct map *seen,
			struct buf *man)
{
	struct archive_entry *e;
	const void *p;
	size_t n;
	la_int64_t off;
	struct map names = {0}; /* the names made canonical */
	struct map_entry *e2;
	char clean[4096];
	int r, created, dup = 0;

	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name =
		    archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
		struct member *m = xcalloc(1, sizeof *m);
		int is_man = !strcmp(name, MANIFEST);
		struct sha256 sha;

		sha256_init(&sha);
		m->crc = crc32(0, NULL, 0);
		while ((r = archive_read_data_block(a, &p, &n, &off)) ==
		       ARCHIVE_OK) {
			m->crc = crc32(m->crc, p, (uInt)n);
			sha256_update(&sha, p, n);
			m->size += (long long)n;
			if (is_man)
				buf_add(man, p, n);
		}
		sha256_hex(&sha, m->sha);
		if (extract_clean_name(name, clean, sizeof clean))
			snprintf(clean, sizeof clean, "%s", name);
		map_get(&names, clean, strlen(clean), &created);
		e2 = map_get(seen, name, strlen(name), NULL);
		if (!created || e2->value) {
			/* which of the two the manifest's checksum is of
			 * cannot be told: the archive is refused */
			warnx_("%s: %s: refused: a second member of this name",
			       file, name);
			dup = EXIT_FINDING;
			free(m);
		} else {
			e2->value = m;
		}
		if (r != ARCHIVE_EOF)
			break;
	}
	map_free(&names, NULL);
	return r == ARCHIVE_EOF ? dup : ar_fail(a, file);
}

/* --verify, one manifest entry f against the member it names, which is
 * marked checked (its path set).  0, or EXIT_FINDING reported. */
static int check_entry(const char *file, jv f, struct map *seen)
{
	jv path = jv_object_get(jv_copy(f), jv_string("path"));
	jv size = jv_object_get(jv_copy(f), jv_string("size"));
	jv crc = jv_object_get(jv_copy(f), jv_string("crc32"));
	jv sha = jv_object_get(f, jv_string("sha256"));
	const char *ps =
	    jv_get_kind(path) == JV_KIND_STRING ? jv_string_value(path) : "";
	struct map_entry *me = map_find(seen, ps, strlen(ps));
	struct member *m = me ? me->value : NULL;
	char hex[16];
	int ret = 0;

	if (m)
		snprintf(hex, sizeof hex, "%08lx", m->crc);
	if (!m) {
		warnx_("%s: %s: in the manifest, not in the archive", file, ps);
		ret = EXIT_FINDING;
	} else if (jv_get_kind(size) != JV_KIND_NUMBER ||
		   jv_number_value(size) != (double)m->size ||
		   jv_get_kind(crc) != JV_KIND_STRING ||
		   strcmp(jv_string_value(crc), hex) ||
		   (jv_get_kind(sha) == JV_KIND_STRING &&
		    strcmp(jv_string_value(sha), m->sha))) {
		warnx_("%s: %s: size, CRC-32 or SHA-256 differs from the "
		       "manifest",
		       file, ps);
		ret = EXIT_FINDING;
	} else {
		m->path = xstrdup(ps);
	}
	jv_free(path);
	jv_free(size);
	jv_free(crc);
	jv_free(sha);
	return ret;
}

static void member_free(void *p)
{
	struct member *m = p;

	free(m->path);
	free(m);
}

/* --verify: every member's size and checksums against the manifest, and
 * no member the manifest does not list. */
static int verify(const char *file)
{
	struct archive *a = ar_reader(file);
	struct map seen = {0};
	struct buf man = {0};
	int ret, i, nf;
	size_t j;
	jv files;

	if (!a)
		return EXIT_USAGE;
	ret = read_members(a, file, &seen, &man);
	archive_read_free(a);
	files = jv_parse_sized(man.p ? man.p : "", (int)man.len);
	if (!ret && jv_get_kind(files) == JV_KIND_OBJECT)
		files = jv_object_get(files, jv_string("files"));
	if (!ret && jv_get_kind(files) != JV_KIND_ARRAY) {
		warnx_("%s: no readable %s", file, MANIFEST);
		ret = EXIT_USAGE;
	}
	nf = ret ? 0 : jv_array_length(jv_copy(files));
	for (i = 0; i < nf; i++)
		ret |=
		    check_entry(file, jv_array_get(jv_copy(files), i), &seen);
	for (j = 0; !ret && j < seen.n; j++) {
		struct member *m = seen.v[j].value;

		if (!m->path && strcmp(seen.v[j].key, MANIFEST)) {
			warnx_("%s: %s: not in the manifest", file,
			       seen.v[j].key);
			ret = EXIT_FINDING;
		}
	}
	jv_free(files);
	buf_free(&man);
	map_free(&seen, member_free);
	if (!ret)
		printf("%s: %d files match the manifest\n", file, nf);
	return ret;
}

/* --- main ----------------------------------------------------------------- */

static void usage(FILE *f, int status)
{
	fprintf(f,
		"usage: %s create FILE.tar.gz|.tar.xz|.tar|.zip [-n NAME] "
		"[PATH...]\n"
		"       %s extract ARCHIVE DIR\n"
		"       %s verify ARCHIVE\n"
		"Bundle results with a MANIFEST.json, unpack, check.\n"
		"  create   bundle PATHs (or stdin) with a MANIFEST.json\n"
		"  extract  unpack into DIR, refusing members that escape it\n"
		"  verify   check members against the manifest\n"
		"  -n, --name NAME  the member name of stdin (records.jsonl)\n"
		"  -h, --help       show this help\n"
		"  -V, --version    show the version\n"
		"Exit status: 0 success, 1 a manifest mismatch, 2 usage or "
		"input error.\n",
		progname, progname, progname);
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"name", required_argument, NULL, 'n'},
	    STD_LONG_OPTIONS,
	};
	const char *name = NULL, *cmd;
	int c, status;

	util_init(argv[0]);
	while ((c = getopt_long(argc, argv, "n:hV", opts, NULL)) != -1) {
		if (c == 'n')
			name = optarg;
		else /* -h, -V, unknown */
			std_option(c, usage);
	}
	argv += optind;
	argc -= optind;
	if (argc < 2)
		usage(stderr, EXIT_USAGE);
	cmd = argv[0];
	if (!strcmp(cmd, "create"))
		status = make_archive(argv[1], name ? name : "records.jsonl",
				      argv + 2, argc - 2);
	else if (name)
		usage(stderr, EXIT_USAGE);
	else if (!strcmp(cmd, "extract") && argc == 3)
		status = extract(argv[1], argv[2]);
	else if (!strcmp(cmd, "verify") && argc == 2)
		status = verify(argv[1]);
	else
		usage(stderr, EXIT_USAGE);
	return fshut(stdout, "<stdout>") | status;
}
