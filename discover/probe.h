/* probe.h - what libblkid says a block device holds. */
#ifndef HOPBOOT_PROBE_H
#define HOPBOOT_PROBE_H

#include <stdbool.h>

struct option_set;
struct device;

/* Fills dev->type, uuid, label, partuuid and partlabel from the device
 * node, reading it only (libblkid opens it O_RDONLY). *has_ptable is set
 * when the device carries a partition table instead of a filesystem.
 * Returns 0, or -errno when the node cannot be opened or read; a device
 * with nothing recognisable on it returns 0 with dev->type NULL. */
int probe_device(struct option_set *set, struct device *dev, const char *node,
		 bool *has_ptable);

#endif
