/* image.h - the filesystem inside an image file (an ISO kept on a disk), attached read-only.
 *
 * GRUB's 'loopback' boots files inside an ISO image. hopboot attaches the
 * image file through a read-only loop device, asks libblkid what it holds
 * and mounts that read-only on a new folder: the scanner while it parses
 * (discover/scanner.c, for a loopback.cfg) and the loader when it opens a
 * kernel or initrd whose resource has an image (lib/option.h).
 */
#ifndef HOPBOOT_IMAGE_H
#define HOPBOOT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "fsview.h"
#include "discover/loopdev.h"

struct resource;

struct image_mount {
	struct loopdev lo;
	char dir[64];		/* where it is mounted; "" when not */
	struct fsview view;	/* of dir; root_fd -1 when not open */
};

/*
 * Opens image (a "/"-rooted path inside fs: it cannot leave that
 * filesystem), attaches it read-only and mounts its filesystem read-only.
 * Returns 0, or -errno with msg set to a fragment that follows "the image
 * X" ("cannot be attached: ...").
 */
int image_mount(struct image_mount *m, const struct fsview *fs,
		const char *image, char *msg, size_t msglen);
/* Unmounts (lazily when busy), removes the folder and detaches. Safe on a
 * failed or repeated call. */
void image_unmount(struct image_mount *m);

/* Opens r->path inside the image r->image of the filesystem fs for
 * reading. The mount is detached at once: the fd keeps the file readable
 * and the loop device goes away when the fd is closed. Returns the fd or
 * -errno with a sentence in msg. */
int image_open_file(const struct fsview *fs, const struct resource *r,
		    const char *what, char *msg, size_t msglen);

#endif
