/* fsview.h - a read-only view of one filesystem that paths cannot escape.
 *
 * Parsers and the loader reach a device's files only through this view.
 * Every path is resolved inside the view's root with openat2(2)
 * RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV: "..", absolute
 * symlinks and relative symlinks all stay inside the root, and a path never
 * crosses into another mount. A leading '/' means the root; "a/b" and "/a/b"
 * name the same file.
 */
#ifndef HOPBOOT_FSVIEW_H
#define HOPBOOT_FSVIEW_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct strlist;

struct fsview {
	int root_fd;	/* O_PATH directory; owned by the view */
	/* Optional, NULL for disks: called when a file to open is missing
	 * (-ENOENT) to bring it into the view (discover/net.c fetches it from
	 * a boot server into the cache the view shows); the open is tried
	 * once more when it returns 0. It gets the "/"-rooted path asked. */
	int (*miss)(void *ctx, const char *path);
	void *miss_ctx;
};

/* Largest file a parser may read whole: configs are small, disks hostile. */
#define FSVIEW_CONFIG_MAX (4u << 20)

/* Opens dir as a view. Returns 0 or -errno. */
int fsview_open(struct fsview *fs, const char *dir);
void fsview_close(struct fsview *fs);

/* Opens a regular file for reading (O_RDONLY | O_CLOEXEC).
 * Returns an fd the caller owns, or -errno (-EISDIR, -ENOENT...). */
int fsview_open_file(const struct fsview *fs, const char *path);

/* Reads a whole regular file of at most max bytes into an arena buffer with
 * a terminating NUL (not counted in *len). Returns 0, -EFBIG when the file
 * is larger than max, or another -errno. */
int fsview_read(const struct fsview *fs, const char *path, size_t max,
		struct arena *a, char **buf, size_t *len);

/* Lists the names in a directory (no "." or ".."), sorted with strcmp,
 * into names. Returns 0, -E2BIG when the directory holds more than 4096
 * names (the first 4096 read are listed), or another -errno. */
int fsview_list(const struct fsview *fs, const char *dir, struct arena *a,
		struct strlist *names);

/* True when path names a regular file inside the view. */
bool fsview_is_file(const struct fsview *fs, const char *path);

#endif
