/* probe.c - filesystem and partition identity through libblkid. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <blkid/blkid.h>

#include "arena.h"
#include "option.h"
#include "probe.h"

static const char *value(struct option_set *set, blkid_probe pr,
			 const char *name)
{
	const char *v = NULL;

	if (blkid_probe_lookup_value(pr, name, &v, NULL) < 0 || !v || !*v)
		return NULL;
	return arena_strdup(set->arena, v);
}

int probe_device(struct option_set *set, struct device *dev, const char *node,
		 bool *has_ptable)
{
	blkid_probe pr;
	int fd, r, err = 0;

	*has_ptable = false;
	fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	pr = blkid_new_probe();
	if (!pr) {
		err = -ENOMEM;
		goto out_close;
	}
	if (blkid_probe_set_device(pr, fd, 0, 0) < 0) {
		err = -EIO;
		goto out_free;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL |
					  BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);

	/* safeprobe refuses ambiguous results (two signatures) rather than
	 * guessing: a wrong guess would mount the wrong driver. */
	r = blkid_do_safeprobe(pr);
	if (r == -2) {
		err = -EUCLEAN;
		goto out_free;
	}
	if (r < 0) {
		err = errno ? -errno : -EIO;
		goto out_free;
	}
	dev->type = value(set, pr, "TYPE");
	dev->uuid = value(set, pr, "UUID");
	dev->label = value(set, pr, "LABEL");
	dev->partuuid = value(set, pr, "PART_ENTRY_UUID");
	dev->partlabel = value(set, pr, "PART_ENTRY_NAME");
	dev->parttype = value(set, pr, "PART_ENTRY_TYPE");
	*has_ptable = value(set, pr, "PTTYPE") != NULL && !dev->type;
out_free:
	blkid_free_probe(pr);
out_close:
	close(fd);
	return err;
}
