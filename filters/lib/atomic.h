/*
 * atomic.h — replacing a file so that readers, crashes and kill -9 only ever
 * see the old or the new contents, never a mix: write a temporary file in
 * the same directory, fsync it, rename it over the target, fsync the
 * directory.  And a lock, so two writers of one file take turns.  A
 * SIGINT, SIGTERM or SIGHUP that would end the process (its default
 * action) removes its temporaries first, then ends it as before.
 */
#ifndef BT_ATOMIC_H
#define BT_ATOMIC_H

#include <stdio.h>

struct atomic_file {
	char *path; /* the target (owned) */
	char *tmp;  /* the temporary beside it (owned) */
	FILE *f;    /* write the new contents here */
};

/* Start replacing path: creates path's temporary, with the mode and owner
 * of the regular file it replaces (mode 0644 less umask for a new file).  A
 * symbolic link at path is replaced itself, never written through (a tree
 * we write into may hold planted links).  0, or -1 with errno set. */
int atomic_open(struct atomic_file *af, const char *path);

/* The same for a file the user named (bt-merge's ORIGINAL): when path is a
 * symbolic link, its final target is replaced, with that file's mode and
 * owner, and the link stays a link (af->path is then the target). */
int atomic_open_through(struct atomic_file *af, const char *path);

/* The file path names for atomic_open_through: the final target of a
 * symbolic link (chain), path itself when it is not a link or its target
 * does not exist yet.  Owned by the caller.  Lock this (lock_path), not the
 * link, so writers through different names take turns. */
char *atomic_target(const char *path);

/* Flush, fsync and rename the temporary over the target; with backup set,
 * first keep the old target as PATH.backup (a hard link, itself replaced
 * atomically).  0, or -1 with errno set and the target untouched. */
int atomic_commit(struct atomic_file *af, int backup);

/* Give up: remove the temporary, keep the target.  Frees af's strings. */
void atomic_abort(struct atomic_file *af);

/* Write n bytes to path atomically (atomic_open + fwrite + commit). */
int atomic_write(const char *path, const void *p, size_t n, int backup);

/* Many files replaced together (the web tree's history/ files, one per
 * benchmark): each is written to its temporary, then atomic_batch_commit
 * makes them all durable at once (one syncfs, not an fsync per file:
 * thousands of fsyncs took two thirds of an export) before renaming each
 * over its target, and syncs their directories.  Each file is, as with
 * atomic_write, only ever old or new; they are not replaced as one. */
struct atomic_batch {
	struct atomic_file *v; /* written and closed, not yet renamed */
	size_t n;
};

/* Write n bytes to path's temporary (atomic_open); 0, or -1 with errno
 * set (nothing added). */
int atomic_batch_add(struct atomic_batch *b, const char *path, const void *p,
		     size_t n);
/* Sync, rename every temporary over its target, sync their directories;
 * 0, or -1 with errno set (a failed sync renames none).  b is freed, and
 * after a failure every temporary not yet renamed is removed. */
int atomic_batch_commit(struct atomic_batch *b);
/* Give up: remove every temporary; b is freed. */
void atomic_batch_abort(struct atomic_batch *b);

/* Take an exclusive lock for path (on PATH.lock, created if need be), waiting
 * for another holder.  The lock is opened with O_NOFOLLOW: a symbolic link
 * planted as PATH.lock is refused (ELOOP), as is anything not a regular file
 * (EINVAL).  Returns the lock's fd, or -1 with errno. */
int lock_path(const char *path);
void unlock_path(int fd);

/* Is the file NAME (a base name) of size bytes one this module leaves
 * beside its targets and not data: an empty lock ("X.lock"), a temporary
 * ("X.tmp.XXXXXX") or a backup's temporary ("X.backup.tmpPID")?  Tools
 * that walk a results tree (bt-archive create) leave them out. */
int atomic_scratch(const char *name, long long size);

#endif
