/* image.c - mounts the filesystem inside an image file (GRUB loopback of an ISO) read-only. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <blkid/blkid.h>

#include "image.h"
#include "kmod.h"
#include "discover/mount.h"
#include "option.h"

/* The filesystem type libblkid finds on node, into type; 0 or -errno. */
static int fs_type(const char *node, char *type, size_t len)
{
	blkid_probe pr = blkid_new_probe_from_filename(node);
	const char *v = NULL;
	int r;

	if (!pr)
		return -EIO;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	r = blkid_do_safeprobe(pr);
	if (r == 0 && blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0 &&
	    v)
		snprintf(type, len, "%s", v);
	blkid_free_probe(pr);
	return v ? 0 : r == -2 ? -EUCLEAN : -ENOMEDIUM;
}

/* A new empty folder for the mount: in /run/hopboot inside hopboot's own
 * initramfs, else in /tmp. */
static int make_dir(struct image_mount *m)
{
	static const char *const bases[] = { "/run/hopboot", "/tmp" };

	for (size_t i = 0; i < sizeof(bases) / sizeof(*bases); i++) {
		snprintf(m->dir, sizeof(m->dir), "%s/image.XXXXXX", bases[i]);
		if (mkdtemp(m->dir))
			return 0;
	}
	m->dir[0] = '\0';
	return -errno;
}

int image_mount(struct image_mount *m, const struct fsview *fs,
		const char *image, char *msg, size_t msglen)
{
	char type[32], why[256];
	int fd, r;

	memset(m, 0, sizeof(*m));
	m->lo.fd = -1;
	m->view.root_fd = -1;
	fd = fsview_open_file(fs, image);
	if (fd < 0) {
		snprintf(msg, msglen, "cannot be opened: %s", strerror(-fd));
		return fd;
	}
	/* Built into some kernels, a module (build/modules.list) in others. */
	kmod_load("loop");
	r = loopdev_attach_fd(&m->lo, fd);
	close(fd);
	if (r < 0) {
		snprintf(msg, msglen, "cannot be attached to a loop device: %s (the loop driver is needed)",
			 strerror(-r));
		return r;
	}
	r = fs_type(m->lo.node, type, sizeof(type));
	if (r == 0 && !mount_is_readable_type(type))
		r = -EMEDIUMTYPE;
	if (r < 0) {
		snprintf(msg, msglen, r == -EMEDIUMTYPE ?
			 "holds a %s filesystem, which hopboot does not read" :
			 "holds no filesystem hopboot recognises%s",
			 r == -EMEDIUMTYPE ? type : "");
		goto out_detach;
	}
	r = make_dir(m);
	if (r < 0) {
		snprintf(msg, msglen, "cannot mount: no folder for it (%s)",
			 strerror(-r));
		goto out_detach;
	}
	r = mount_readonly(m->lo.node, type, m->dir, why, sizeof(why));
	if (r < 0) {
		snprintf(msg, msglen, "cannot mount: %s", why);
		rmdir(m->dir);
		m->dir[0] = '\0';
		goto out_detach;
	}
	r = fsview_open(&m->view, m->dir);
	if (r < 0) {
		snprintf(msg, msglen, "cannot be read: %s", strerror(-r));
		m->view.root_fd = -1;
		image_unmount(m);
		return r;
	}
	return 0;
out_detach:
	loopdev_detach(&m->lo);
	return r;
}

void image_unmount(struct image_mount *m)
{
	if (m->view.root_fd >= 0)
		fsview_close(&m->view);
	m->view.root_fd = -1;
	if (m->dir[0]) {
		/* MNT_DETACH: an fd the loader opened keeps it readable. */
		if (umount2(m->dir, 0) < 0)
			umount2(m->dir, MNT_DETACH);
		rmdir(m->dir);
		m->dir[0] = '\0';
	}
	loopdev_detach(&m->lo);
}

int image_open_file(const struct fsview *fs, const struct resource *r,
		    const char *what, char *msg, size_t msglen)
{
	struct image_mount m;
	char why[256];
	int fd;

	fd = image_mount(&m, fs, r->image, why, sizeof(why));
	if (fd < 0) {
		snprintf(msg, msglen, "cannot read %s %s: the image %s on %s %s",
			 what, r->path, r->image, r->device, why);
		return fd;
	}
	fd = fsview_open_file(&m.view, r->path);
	if (fd < 0)
		snprintf(msg, msglen, "cannot open %s %s in the image %s on %s: %s",
			 what, r->path, r->image, r->device, strerror(-fd));
	/* The open fd holds the filesystem, and through it the loop
	 * device, until it is closed; nothing else does. */
	if (m.dir[0])
		umount2(m.dir, MNT_DETACH);
	image_unmount(&m);
	return fd;
}
