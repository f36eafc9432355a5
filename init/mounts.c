/* mounts.c - PID 1's API filesystems, and unmounting before a kexec. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "init.h"
#include "log.h"

#define MAX_MOUNTS 256

static const struct api_mount {
	const char *source, *target, *type, *options;
	unsigned long flags;
} api_mounts[] = {
	{ "proc", "/proc", "proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "sysfs", "/sys", "sysfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "devtmpfs", "/dev", "devtmpfs", "mode=0755", MS_NOSUID },
	{ "devpts", "/dev/pts", "devpts", "gid=5,mode=620,ptmxmode=000",
	  MS_NOSUID | MS_NOEXEC },
	{ "tmpfs", "/run", "tmpfs", "mode=0755", MS_NOSUID | MS_NODEV },
};

static bool is_api_mount(const char *target)
{
	if (!strcmp(target, "/"))
		return true;
	for (size_t i = 0; i < sizeof(api_mounts) / sizeof(*api_mounts); i++)
		if (!strcmp(api_mounts[i].target, target))
			return true;
	return false;
}

int init_mount_api(void)
{
	int err = 0;

	for (size_t i = 0; i < sizeof(api_mounts) / sizeof(*api_mounts); i++) {
		const struct api_mount *m = &api_mounts[i];

		mkdir(m->target, 0755);
		if (mount(m->source, m->target, m->type, m->flags, m->options) <
		    0 && errno != EBUSY) {
			err = -errno;
			log_error("unable to mount %s on %s: %s", m->type,
				  m->target, strerror(errno));
		}
	}
	return err;
}

void init_unmount_all(void)
{
	static char targets[MAX_MOUNTS][256];
	char line[1024], target[256];
	FILE *f = fopen("/proc/self/mounts", "re");
	int n = 0;

	if (!f) {
		log_error("unable to read /proc/self/mounts: %s",
			  strerror(errno));
		return;
	}
	while (n < MAX_MOUNTS && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %255s", target) == 1 &&
		    !is_api_mount(target))
			snprintf(targets[n++], sizeof(targets[0]), "%s", target);
	fclose(f);
	/* Newest first, so nested mounts go before their parents. */
	while (n-- > 0) {
		if (umount2(targets[n], 0) == 0)
			continue;
		log_info("unable to unmount %s: %s; detaching it", targets[n],
			 strerror(errno));
		umount2(targets[n], MNT_DETACH);
	}
}
