/* unbind.c - detach devices from their drivers before a kexec. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unbind.h"

/* More devices than any one driver drives on a real machine. */
#define UNBIND_MAX_DEVICES 128

/* A driver name is one path component; anything else could make us write
 * to some other sysfs file. */
static int check_name(const char *driver, char *msg, size_t msglen)
{
	if (!*driver || strchr(driver, '/') || !strcmp(driver, ".") ||
	    !strcmp(driver, "..") || strlen(driver) > 64) {
		snprintf(msg, msglen, "'%s' is not a driver name (see "
			 "/sys/bus/*/drivers/)", driver);
		return -EINVAL;
	}
	return 0;
}

static int write_name(const char *file, const char *name)
{
	size_t len = strlen(name);
	/* O_APPEND: sysfs ignores the offset, a test's plain file keeps
	 * every name written. */
	int fd = open(file, O_WRONLY | O_APPEND | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, name, len);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}

/* Unbinds the devices of one driver directory. In it, each bound device
 * is a symlink named after the device; "module" is the only other link.
 * The names are read first: unbinding removes links from the directory
 * being read. */
static int unbind_dir(const char *dir, char *msg, size_t msglen)
{
	char names[UNBIND_MAX_DEVICES][64], unbind[512];
	struct dirent *de;
	int n = 0, r;
	DIR *d = opendir(dir);

	if (!d) {
		r = -errno;
		snprintf(msg, msglen, "cannot read %s: %s", dir,
			 strerror(errno));
		return r;
	}
	while ((de = readdir(d)) && n < UNBIND_MAX_DEVICES) {
		struct stat st;

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "module") ||
		    strlen(de->d_name) >= sizeof(names[0]))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0
		    || !S_ISLNK(st.st_mode))
			continue;
		strcpy(names[n++], de->d_name);
	}
	closedir(d);
	snprintf(unbind, sizeof(unbind), "%s/unbind", dir);
	for (int i = 0; i < n; i++) {
		r = write_name(unbind, names[i]);
		if (r < 0) {
			snprintf(msg, msglen, "cannot unbind %s from %s: %s",
				 names[i], dir, strerror(-r));
			return r;
		}
	}
	return n;
}

int unbind_driver(const char *bus_root, const char *driver, char *msg,
		  size_t msglen)
{
	struct dirent *de;
	int total = 0, r;
	DIR *d;

	r = check_name(driver, msg, msglen);
	if (r < 0)
		return r;
	d = opendir(bus_root);
	if (!d) {
		r = -errno;
		snprintf(msg, msglen, "cannot read %s: %s", bus_root,
			 strerror(errno));
		return r;
	}
	while ((de = readdir(d))) {
		char dir[512];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (snprintf(dir, sizeof(dir), "%s/%s/drivers/%s", bus_root,
			     de->d_name, driver) >= (int)sizeof(dir))
			continue;
		if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		r = unbind_dir(dir, msg, msglen);
		if (r < 0)
			break;
		total += r;
	}
	closedir(d);
	return r < 0 ? r : total;
}

int unbind_drivers(const char *bus_root, const char *list, char *msg,
		   size_t msglen)
{
	const char *p = list;
	int total = 0;

	while (*p) {
		size_t len = strcspn(p, ", ");
		char name[128];
		int r;

		if (len >= sizeof(name)) {
			snprintf(msg, msglen, "'%.*s' is not a driver name",
				 (int)len, p);
			return -EINVAL;
		}
		if (len) {
			memcpy(name, p, len);
			name[len] = '\0';
			r = unbind_driver(bus_root, name, msg, msglen);
			if (r < 0)
				return r;
			total += r;
		}
		p += len;
		if (*p)
			p++;
	}
	return total;
}
