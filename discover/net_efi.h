/* net_efi.h - an EFI boot file that is GRUB or shim, read once, and what its GRUB carries kept.
 *
 * A GRUB EFI image carries its prefix, an embedded config and a memdisk
 * (parsers/grub2/image.h); shim as the boot file loads grubx64.efi from
 * its own folder (shim's netboot.c). With fetch, the boot file (and the
 * GRUB it loads) is downloaded into memory, read, and what GRUB would use
 * is written to a folder beside the interface's cache: "image" (the GRUB
 * image's path on the server), "shim" (the boot file, when shim), "prefix",
 * "config", "memdisk/" (the memdisk's files) or "error" (a sentence).
 * Every rebuild reads that folder again without the network.
 */
#ifndef HOPBOOT_NET_EFI_H
#define HOPBOOT_NET_EFI_H

#include <stdbool.h>

#include "fsview.h"
#include "grub2/netboot.h"

/* The largest boot file read: Debian's signed grubx64.efi is 3.7 MiB,
 * grub-mkstandalone's images hold every module in their memdisk. */
#define NET_EFI_MAX (32u << 20)
/* The longest prefix kept; longer ones are no path a server serves. */
#define NET_EFI_PREFIX_MAX 1024

struct option_set;
struct device;

struct net_efi {
	struct grub2_net_image img;	/* valid when net_efi_read gave 1 */
	struct fsview memdisk;		/* root_fd -1 when there is none */
};

/*
 * For a boot file whose name ends in ".efi": with fetch, empties the
 * folder side and fills it from url_base (one download, two for shim);
 * then reads side. Returns 1 when the boot file is a GRUB image, or shim
 * loading one (e->img set; or, when that went wrong, a sentence in
 * dev->errors and e->img.path NULL), 0 when it is something else (no
 * .efi name, not an EFI program, another EFI program: the name rules of
 * discover/net.c apply), or -ENOMEM. net_efi_close() releases e either
 * way.
 */
int net_efi_read(struct option_set *set, struct device *dev,
		 const char *side, const char *url_base,
		 const char *boot_file, bool fetch, struct net_efi *e);
void net_efi_close(struct net_efi *e);

#endif
