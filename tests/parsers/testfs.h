/* testfs.h - the folders parser tests write their filesystems into.
 *
 * A parser reads a device through an fsview of a folder, so a test builds
 * the filesystem it needs as files under a temporary folder: testfs_put
 * writes one file and makes the folders on its way, testfs_remove takes
 * the whole tree away at the end. A failure to set up ends the test
 * (exit 1) with a diagnostic: no check after it would mean anything.
 */
#ifndef HOPBOOT_TESTFS_H
#define HOPBOOT_TESTFS_H

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tap.h"

/* Makes the folders of path that come after its first `keep` characters
 * (a folder that exists), as `mkdir -p` of its dirname would. path is
 * changed while it works and given back as it was. 0, or -errno. */
static inline int testfs_mkdirs(char *path, size_t keep)
{
	for (char *p = strchr(path + keep + 1, '/'); p; p = strchr(p + 1, '/')) {
		int r;

		*p = '\0';
		r = mkdir(path, 0755) < 0 && errno != EEXIST ? -errno : 0;
		*p = '/';
		if (r < 0)
			return r;
	}
	return 0;
}

/* A fresh temporary folder from template ("/tmp/NAME.XXXXXX", changed in
 * place). */
static inline void testfs_new(char *template)
{
	if (!mkdtemp(template)) {
		diag("cannot make %s: %s", template, strerror(errno));
		exit(1);
	}
}

/* Writes len bytes to dir/path (dir exists; path may start with '/'),
 * making the folders between. */
static inline void testfs_write(const char *dir, const char *path,
				const void *data, size_t len)
{
	char full[PATH_MAX];
	FILE *f = NULL;

	snprintf(full, sizeof(full), "%s/%s", dir, path + (*path == '/'));
	if (testfs_mkdirs(full, strlen(dir)) == 0)
		f = fopen(full, "w");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		diag("cannot write %s: %s", full, strerror(errno));
		exit(1);
	}
}

static inline void testfs_put(const char *dir, const char *path,
			      const char *text)
{
	testfs_write(dir, path, text, strlen(text));
}

static inline int testfs_remove_one(const char *path, const struct stat *st,
				    int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Removes dir and everything in it; a diagnostic when something stays.
 * musl's nftw goes no deeper than its descriptor limit, and memdisk tests
 * write paths 25 folders deep: hence 128. */
static inline void testfs_remove(const char *dir)
{
	if (nftw(dir, testfs_remove_one, 128, FTW_DEPTH | FTW_PHYS))
		diag("cannot remove %s", dir);
}

#endif
