/* scanner.h - turns block devices and directories into an option set.
 *
 * The scanner owns the mounts it makes: scanner_finish() undoes them.
 * Devices and options go into the set; failures become sentences in the
 * devices' errors, never a failed scan.
 */
#ifndef HOPBOOT_SCANNER_H
#define HOPBOOT_SCANNER_H

#include "strlist.h"

struct option_set;

struct scanner {
	struct option_set *set;
	const char *mnt_base;	/* mounts go to <mnt_base>/<kernel name> */
	struct strlist mounted;	/* directories we mounted, in order */
};

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

/* Runs the parsers over every device added so far, once all are known, so
 * that a configuration can refer to any of them. Returns 0 or -ENOMEM. */
int scanner_parse(struct scanner *s);

/* Unmounts everything the scanner mounted (lazily when busy). */
void scanner_finish(struct scanner *s);

#endif
