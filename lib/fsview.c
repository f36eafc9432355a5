/* fsview.c - read-only file access confined to one filesystem root. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "arena.h"
#include "fsview.h"
#include "strlist.h"

#ifndef SYS_openat2
#define SYS_openat2 437	/* one number on every architecture */
#endif

/* A directory on a hostile disk may hold millions of names. */
#define FSVIEW_LIST_MAX 4096

int fsview_open(struct fsview *fs, const char *dir)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	fs->root_fd = fd;
	fs->miss = NULL;
	fs->miss_ctx = NULL;
	return 0;
}

void fsview_close(struct fsview *fs)
{
	if (fs->root_fd >= 0)
		close(fs->root_fd);
	fs->root_fd = -1;
}

static int open_in_root(const struct fsview *fs, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)flags | O_CLOEXEC | O_NOCTTY,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS |
			   RESOLVE_NO_XDEV,
	};
	long fd;

	while (*path == '/')
		path++;
	if (!*path)
		path = ".";
	do
		fd = syscall(SYS_openat2, fs->root_fd, path, &how, sizeof(how));
	while (fd < 0 && (errno == EAGAIN || errno == EINTR));
	return fd < 0 ? -errno : (int)fd;
}

int fsview_open_file(const struct fsview *fs, const char *path)
{
	struct stat st;
	int fd = open_in_root(fs, path, O_RDONLY | O_NONBLOCK);

	if (fd == -ENOENT && fs->miss && fs->miss(fs->miss_ctx, path) == 0)
		fd = open_in_root(fs, path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	/* O_NONBLOCK above keeps a FIFO on the disk from hanging the open;
	 * only regular files are ever read. */
	if (fstat(fd, &st) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	fcntl(fd, F_SETFL, 0);
	return fd;
}

int fsview_read(const struct fsview *fs, const char *path, size_t max,
		struct arena *a, char **buf, size_t *len)
{
	struct stat st;
	size_t got = 0, size;
	char *p;
	int fd, err = 0;

	fd = fsview_open_file(fs, path);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out_close;
	}
	if ((unsigned long long)st.st_size > max) {
		err = -EFBIG;
		goto out_close;
	}
	size = (size_t)st.st_size;
	p = arena_alloc(a, size + 1);
	if (!p) {
		err = -ENOMEM;
		goto out_close;
	}
	/* Stop at the size fstat gave: a file that grows is read as it was. */
	while (got < size) {
		ssize_t n = read(fd, p + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			goto out_close;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	p[got] = '\0';
	*buf = p;
	*len = got;
out_close:
	close(fd);
	return err;
}

int fsview_list(const struct fsview *fs, const char *dir, struct arena *a,
		struct strlist *names)
{
	struct dirent *de;
	DIR *d;
	int fd, err = 0;

	fd = open_in_root(fs, dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		err = -errno;
		close(fd);
		return err;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (names->n >= FSVIEW_LIST_MAX) {
			err = -E2BIG;
			break;
		}
		err = strlist_add(names, a, arena_strdup(a, de->d_name));
		if (err)
			break;
	}
	closedir(d);
	strlist_sort(names);
	return err;
}

bool fsview_is_file(const struct fsview *fs, const char *path)
{
	int fd = fsview_open_file(fs, path);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}
