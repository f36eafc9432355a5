/* scanner.h - turns block devices and directories into an option set.
 *
 * The scanner owns the mounts it makes: scanner_finish() undoes them.
 * Devices and options go into the set; failures become sentences in the
 * devices' errors, never a failed scan.
 */
#ifndef HOPBOOT_SCANNER_H
#define HOPBOOT_SCANNER_H

#include <stdbool.h>

#include "parser.h"

struct option_set;
struct device;

struct scanner_mount {
	const char *dir;
	struct device *dev;	/* its root is dir while active */
	bool active;
	char error[256];	/* why the last remount failed, or "" */
};

struct scanner {
	struct option_set *set;
	const char *mnt_base;	/* mounts go to <mnt_base>/<kernel name> */
	struct scanner_mount *mounts;	/* every filesystem we mounted */
	size_t n_mounts, cap_mounts;
	enum parse_firmware firmware;	/* this machine's, unless overridden */
};

/* FIRMWARE_EFI when this kernel was started by EFI firmware. */
enum parse_firmware scanner_firmware(void);

void scanner_init(struct scanner *s, struct option_set *set,
		  const char *mnt_base);

/* Adding devices: each is probed and, when it holds a filesystem hopboot
 * reads, mounted. All return 0 or -ENOMEM. */
/* A directory that is one filesystem's root (tests, fixtures). */
int scanner_scan_dir(struct scanner *s, const char *dir);
/* One block device by kernel name ("vda"), then its partitions. */
int scanner_scan_disk(struct scanner *s, const char *name);
/* Every disk in /sys/class/block, in natural name order. */
int scanner_scan_all(struct scanner *s);
/* One node by kernel name, without its partitions. */
int scanner_scan_node(struct scanner *s, const char *name);
/* True for devices that never hold a boot configuration or are empty
 * now (RAM disks, an optical drive without a disc). */
bool scanner_skip_device(const char *name);
/* base, or base~2, base~3...: the first id no device of set has yet. A
 * clone of a disk shares its filesystem UUID, so later copies get a
 * suffix; returns NULL when out of memory. */
const char *scanner_unique_id(struct option_set *set, const char *base);
/* "vda2" < "vda10": a qsort comparator over const char * elements. */
int scanner_natural_cmp(const void *a, const void *b);

/* Runs the parsers over every device added so far, once all are known, so
 * that a configuration can refer to any of them. Returns 0 or -ENOMEM. */
int scanner_parse(struct scanner *s);
/* The same over any set whose devices have their root set. */
int scanner_parse_set(struct option_set *set, enum parse_firmware firmware);

/* Unmounts everything the scanner mounted (lazily when busy); the devices'
 * roots become NULL. */
void scanner_finish(struct scanner *s);
/* Mounts again what scanner_finish() unmounted, at the same places, so
 * that a device is held only while it is read. Returns 0 or the last
 * -errno (each failure is logged). */
int scanner_remount(struct scanner *s);
/* Why dev's filesystem could not be mounted again, or NULL: the disk under
 * a device-mapper map made since the probe is busy, say. */
const char *scanner_remount_error(const struct scanner *s,
				  const struct device *dev);

#endif
