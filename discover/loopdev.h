/* loopdev.h - a disk image attached read-only, with its partitions. */
#ifndef HOPBOOT_LOOPDEV_H
#define HOPBOOT_LOOPDEV_H

#include <stddef.h>

struct loopdev {
	int fd;			/* the loop device, O_RDONLY; owned */
	char name[32];		/* "loop3" */
	char node[48];		/* "/dev/loop3" */
	int n_added;		/* partitions we added with BLKPG */
	int added[128];		/* their numbers, to remove on detach */
};

/* Attaches image read-only with partition scanning. When the kernel does
 * not scan (max_part=0 setups), adds the partitions that libblkid finds,
 * as partx(8) does. Returns 0 or -errno with a sentence in msg. */
int loopdev_attach(struct loopdev *lo, const char *image, char *msg,
		   size_t msglen);
/* Attaches the open file img_fd read-only, without partition scanning
 * (an ISO image seen as one filesystem; GRUB 'loopback'). The device
 * detaches itself once its fd and every mount of it are gone
 * (LO_FLAGS_AUTOCLEAR). Returns 0 or -errno. */
int loopdev_attach_fd(struct loopdev *lo, int img_fd);
/* Removes added partitions and detaches. Safe on a failed attach. */
void loopdev_detach(struct loopdev *lo);

#endif
