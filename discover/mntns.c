/* mntns.c - a private mount namespace for commands that mount disks. */
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <sys/mount.h>

#include "mntns.h"

int mntns_private(void)
{
	if (unshare(CLONE_NEWNS) < 0)
		return -errno;
	/* Without this, mounts under a shared "/" (systemd's default)
	 * would still propagate back to the parent namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
	return 0;
}
