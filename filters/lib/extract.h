/*
 * extract.h — an archive unpacked as somebody else's input (bt-archive
 * extract), and the directory walk beneath a root that it and the web tree
 * write through.  Owner: the export helper (issue 16, items 6–10).
 *
 * The one idea: a name is never handed to the kernel as a path.  Every
 * member is opened one component at a time from the root's descriptor
 * with O_NOFOLLOW, so no symbolic link, planted or in the archive, is ever
 * followed while writing; the archive's own links are made last and kept
 * only if the kernel, resolving them beneath the root (openat2 with
 * RESOLVE_BENEATH), finds them inside.  The whole archive goes into a new
 * directory beside the target, renamed into place once complete.
 *
 * Nothing here allocates what the caller must free.
 */
#ifndef BT_EXTRACT_H
#define BT_EXTRACT_H

#include <stddef.h>

struct archive;

/* The member name name made canonical into out (size n): no leading "/"
 * refused, "." components and repeated or trailing "/" folded.  NULL when
 * it is fine, else why it is refused (absolute, "..", empty, too long). */
const char *extract_clean_name(const char *name, char *out, size_t n);

/* Why link target (a member's symbolic link, relative to the directory
 * of the member name from) leads outside the root by its text alone, or
 * NULL: the first check; the kernel's is extract_archive's. */
const char *extract_link_escapes(const char *from, const char *target);

/* Unpack every member of a (opened for reading, named file in messages)
 * into dir, which must be absent or an empty directory.  Regular files
 * (0644, or 0755 with any execute bit, under the umask) and directories
 * (0755) only; links kept only when they resolve inside; duplicates,
 * devices, fifos, sockets and hard links refused.  All or nothing: dir is
 * as it was after any error.  0, or EXIT_USAGE with the error reported. */
int extract_archive(struct archive *a, const char *file, const char *dir);

/* Open (making it 0755 when missing) the directory name, one component
 * beneath the directory fd root, never through a link: the descriptor, or
 * -1 with errno (ELOOP for a link, ENOTDIR for a file, EINVAL for a name
 * that is empty, ".", ".." or holds '/'). */
int beneath_mkdir(int root, const char *name);

/* Remove name (a directory tree or a file) beneath the directory fd dir,
 * never following a link; 0 or -1 with errno. */
int remove_tree(int dir, const char *name);

#endif
