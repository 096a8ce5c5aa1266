/*
 * lazyarchive.c — libarchive, loaded on first use.
 *
 * Linking libarchive pulls libxml2, ICU, libstdc++ and a dozen compression
 * libraries into every process: measured, that is most of a filter's start-up
 * time (about 2.7 ms of 4.2 ms for an empty main), paid by every `bt-cv`
 * in a pipeline that never sees an archive.  So no filter links it: this file
 * defines the libarchive functions benchtrack calls, with the prototypes of
 * <archive.h> (the compiler checks them), and each resolves the real one from
 * libarchive.so.13 the first time it is called.
 *
 * A missing libarchive is an installation problem, not an input error, but a
 * filter cannot go on with the archive it was asked to read: it says so and
 * exits 2.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

#define LIBARCHIVE "libarchive.so.13"

/* The address of libarchive's function name; exits when it is not there. */
static void *sym(const char *name)
{
	static void *lib;
	void *p;

	if (!lib && !(lib = dlopen(LIBARCHIVE, RTLD_NOW | RTLD_LOCAL))) {
		fprintf(stderr, "%s: cannot load %s (%s): archives need it\n",
			progname, LIBARCHIVE, dlerror());
		exit(2);
	}
	if (!(p = dlsym(lib, name))) {
		fprintf(stderr, "%s: %s has no %s\n", progname, LIBARCHIVE,
			name);
		exit(2);
	}
	return p;
}

/* Define ret name(params) as a call of libarchive's own, found once. */
#define LAZY(ret, name, params, args)                                          \
	ret name params                                                        \
	{                                                                      \
		static ret(*fn) params;                                        \
		if (!fn)                                                       \
			*(void **)&fn = sym(#name);                            \
		return fn args;                                                \
	}
#define A struct archive *a
#define E struct archive_entry *e

/* clang-format off */
LAZY(struct archive *, archive_read_new, (void), ())
LAZY(int, archive_read_support_filter_all, (A), (a))
LAZY(int, archive_read_support_format_all, (A), (a))
LAZY(int, archive_read_open_filename, (A, const char *f, size_t n), (a, f, n))
LAZY(int, archive_read_next_header, (A, struct archive_entry **e), (a, e))
LAZY(la_ssize_t, archive_read_data, (A, void *p, size_t n), (a, p, n))
LAZY(int, archive_read_data_block,
     (A, const void **p, size_t *n, la_int64_t *off), (a, p, n, off))
LAZY(int, archive_read_free, (A), (a))
LAZY(const char *, archive_error_string, (A), (a))
LAZY(int, archive_errno, (A), (a))

LAZY(struct archive *, archive_write_new, (void), ())
LAZY(int, archive_write_add_filter_gzip, (A), (a))
LAZY(int, archive_write_add_filter_xz, (A), (a))
LAZY(int, archive_write_set_format_pax_restricted, (A), (a))
LAZY(int, archive_write_set_format_zip, (A), (a))
LAZY(int, archive_write_open_fd, (A, int fd), (a, fd))
LAZY(int, archive_write_header, (A, E), (a, e))
LAZY(la_ssize_t, archive_write_data, (A, const void *p, size_t n), (a, p, n))
LAZY(la_ssize_t, archive_write_data_block,
     (A, const void *p, size_t n, la_int64_t off), (a, p, n, off))
LAZY(int, archive_write_finish_entry, (A), (a))
LAZY(int, archive_write_close, (A), (a))
LAZY(int, archive_write_free, (A), (a))

LAZY(struct archive_entry *, archive_entry_new, (void), ())
LAZY(void, archive_entry_free, (E), (e))
LAZY(const char *, archive_entry_pathname, (E), (e))
LAZY(const char *, archive_entry_symlink, (E), (e))
LAZY(const char *, archive_entry_hardlink, (E), (e))
LAZY(__LA_MODE_T, archive_entry_filetype, (E), (e))
LAZY(__LA_MODE_T, archive_entry_perm, (E), (e))
LAZY(time_t, archive_entry_mtime, (E), (e))
LAZY(int, archive_entry_mtime_is_set, (E), (e))
LAZY(void, archive_entry_set_pathname, (E, const char *s), (e, s))
LAZY(void, archive_entry_set_filetype, (E, unsigned int t), (e, t))
LAZY(void, archive_entry_set_perm, (E, __LA_MODE_T m), (e, m))
LAZY(void, archive_entry_set_size, (E, la_int64_t n), (e, n))
LAZY(void, archive_entry_set_mtime, (E, time_t t, long ns), (e, t, ns))
/* clang-format on */
