/* loopdev.c - attach a disk image read-only through /dev/loop-control. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/blkpg.h>
#include <linux/loop.h>
#include <blkid/blkid.h>

#include "loopdev.h"

/* Another process may take the free device between GET_FREE and
 * CONFIGURE; retry a bounded number of times. */
#define ATTACH_TRIES 16

static int configure(struct loopdev *lo, int img_fd, unsigned flags)
{
	struct loop_config cfg = {
		.fd = (unsigned)img_fd,
		.info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR |
				 flags,
	};
	int ctl, n, err = -EBUSY;

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	for (int i = 0; i < ATTACH_TRIES && err == -EBUSY; i++) {
		n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0) {
			err = -errno;
			break;
		}
		snprintf(lo->name, sizeof(lo->name), "loop%d", n);
		snprintf(lo->node, sizeof(lo->node), "/dev/loop%d", n);
		lo->fd = open(lo->node, O_RDONLY | O_CLOEXEC);
		if (lo->fd < 0) {
			err = -errno;
			break;
		}
		if (!ioctl(lo->fd, LOOP_CONFIGURE, &cfg))
			err = 0;
		else {
			err = -errno;
			close(lo->fd);
			lo->fd = -1;
		}
	}
	close(ctl);
	return err;
}

static int count_partitions(const struct loopdev *lo)
{
	char path[96];
	int n = 0;

	for (int i = 1; i <= 128; i++) {
		snprintf(path, sizeof(path), "/sys/block/%s/%sp%d", lo->name,
			 lo->name, i);
		if (!access(path, F_OK))
			n++;
	}
	return n;
}

/* The partscan flag is ignored on some kernels and setups; ask libblkid
 * for the table and tell the kernel about each partition ourselves. */
static void add_partitions(struct loopdev *lo)
{
	blkid_probe pr = blkid_new_probe();
	blkid_partlist pl;
	int n;

	if (!pr)
		return;
	if (blkid_probe_set_device(pr, lo->fd, 0, 0) < 0)
		goto out;
	pl = blkid_probe_get_partitions(pr);
	if (!pl)
		goto out;
	n = blkid_partlist_numof_partitions(pl);
	for (int i = 0; i < n && lo->n_added < 128; i++) {
		blkid_partition p = blkid_partlist_get_partition(pl, i);
		struct blkpg_partition part = {
			.start = blkid_partition_get_start(p) * 512,
			.length = blkid_partition_get_size(p) * 512,
			.pno = blkid_partition_get_partno(p),
		};
		struct blkpg_ioctl_arg arg = {
			.op = BLKPG_ADD_PARTITION,
			.datalen = sizeof(part),
			.data = &part,
		};

		/* An extended partition is a container, not a filesystem. */
		if (blkid_partition_is_extended(p))
			continue;
		if (!ioctl(lo->fd, BLKPG, &arg))
			lo->added[lo->n_added++] = part.pno;
	}
out:
	blkid_free_probe(pr);
}

/* devtmpfs creates partition nodes shortly after the kernel adds them. */
static void wait_for_nodes(const struct loopdev *lo)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	char path[96];

	for (int i = 0; i < lo->n_added; i++) {
		snprintf(path, sizeof(path), "%sp%d", lo->node, lo->added[i]);
		for (int t = 0; t < 200 && access(path, F_OK); t++)
			nanosleep(&tick, NULL);
	}
}

int loopdev_attach(struct loopdev *lo, const char *image, char *msg,
		   size_t msglen)
{
	int img_fd, err;

	memset(lo, 0, sizeof(*lo));
	lo->fd = -1;
	img_fd = open(image, O_RDONLY | O_CLOEXEC);
	if (img_fd < 0) {
		err = -errno;
		snprintf(msg, msglen, "cannot open %s: %s", image,
			 strerror(errno));
		return err;
	}
	err = configure(lo, img_fd, LO_FLAGS_PARTSCAN);
	close(img_fd);
	if (err) {
		snprintf(msg, msglen, "cannot attach %s to a loop device: %s "
			 "(hopboot scan needs root and the loop driver)",
			 image, strerror(-err));
		return err;
	}
	if (!count_partitions(lo)) {
		add_partitions(lo);
		wait_for_nodes(lo);
	}
	return 0;
}

int loopdev_attach_fd(struct loopdev *lo, int img_fd)
{
	int err;

	memset(lo, 0, sizeof(*lo));
	lo->fd = -1;
	err = configure(lo, img_fd, 0);
	if (err)
		lo->fd = -1;
	return err;
}

void loopdev_detach(struct loopdev *lo)
{
	if (lo->fd < 0)
		return;
	for (int i = 0; i < lo->n_added; i++) {
		struct blkpg_partition part = { .pno = lo->added[i] };
		struct blkpg_ioctl_arg arg = {
			.op = BLKPG_DEL_PARTITION,
			.datalen = sizeof(part),
			.data = &part,
		};

		ioctl(lo->fd, BLKPG, &arg);
	}
	ioctl(lo->fd, LOOP_CLR_FD, 0);
	close(lo->fd);
	lo->fd = -1;
}
