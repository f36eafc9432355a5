/* kmod.c - finit_module by path, or by name through modules.dep. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kmod.h"

/* modules.dep lines name a module's whole dependency closure. */
#define MAX_DEPS 64

int kmod_load_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != EEXIST)
		err = -errno;
	close(fd);
	return err;
}

/* "kernel/fs/fat/vfat.ko" names module "vfat"; '-' counts as '_'. */
static bool names_module(const char *path, size_t len, const char *name)
{
	const char *base = path, *end = path + len;

	for (const char *p = path; p < end; p++)
		if (*p == '/')
			base = p + 1;
	for (; base < end && *name; base++, name++) {
		char a = *base == '-' ? '_' : *base;
		char b = *name == '-' ? '_' : *name;

		if (a != b)
			return false;
	}
	return !*name && end - base >= 3 && !strncmp(base, ".ko", 3);
}

/* /lib/modules/<release>/<rel>; rel comes from modules.dep. */
static int tree_path(char *buf, size_t size, const char *release,
		     const char *rel)
{
	int n = snprintf(buf, size, "/lib/modules/%s/%s", release, rel);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int load_rel(const char *release, const char *rel)
{
	char path[PATH_MAX];
	int r = tree_path(path, sizeof(path), release, rel);

	return r < 0 ? r : kmod_load_file(path);
}

int kmod_load(const char *name)
{
	char path[PATH_MAX], line[4096];
	char *deps[MAX_DEPS], *colon = NULL, *save = NULL;
	struct utsname u;
	FILE *f;
	int n = 0, err = -ENOENT;

	if (uname(&u) < 0)
		return -errno;
	if (tree_path(path, sizeof(path), u.release, "modules.dep") < 0)
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		colon = strchr(line, ':');
		if (colon && names_module(line, (size_t)(colon - line), name)) {
			err = 0;
			break;
		}
	}
	fclose(f);
	if (err)
		return err;

	*colon = '\0';
	for (char *t = strtok_r(colon + 1, " \t\n", &save);
	     t && n < MAX_DEPS; t = strtok_r(NULL, " \t\n", &save))
		deps[n++] = t;
	/* Each dependency's own dependencies come later on the line, so the
	 * line is loaded from its end. */
	while (n-- > 0) {
		err = load_rel(u.release, deps[n]);
		if (err && err != -ENODEV)
			return err;
	}
	return load_rel(u.release, line);
}
