/* netboot.h - GRUB 2 booted from a TFTP server: which grub.cfg it reads, and its (tftp) device.
 *
 * A boot file that is a GRUB core image (grub-mknetdir's
 * boot/grub/i386-pc/core.0) makes GRUB look for its config under $prefix
 * on the boot server; hopboot looks for the same files in ctx->fs (the
 * net cache, which fetches misses) and runs the first one found with the
 * GRUB interpreter, the server's files reached as (tftp), (tftp,SERVER),
 * (pxe) or $root. An EFI GRUB image (or the one a shim boot file loads)
 * carries its prefix, an embedded config and a memdisk: what
 * discover/net_efi.c read of it decides instead. See doc/network.md.
 */
#ifndef HOPBOOT_GRUB2_NETBOOT_H
#define HOPBOOT_GRUB2_NETBOOT_H

#include <stdbool.h>

#include "parser.h"

struct arena;
struct strlist;
struct grub2;
struct device;

/* What grub2.c needs to run a config from a boot server. */
struct grub2_netboot {
	const char *server;	/* "10.0.2.2" */
	const char *url;	/* "tftp://10.0.2.2": files are url + path */
	const char *device;	/* $root: "tftp,10.0.2.2", or the device an
				 * image's prefix names ("tftp", "memdisk") */
	const char *prefix;	/* $prefix's path: "/boot/grub"; "" for the
				 * device's root */
	const char *boot_dir;	/* the boot file's folder, for $cmdpath */
	const char *config;	/* the config found, "/"-rooted; with script,
				 * the GRUB image the script comes from */
	/* When set, run first instead of config's text: what an image's
	 * embedded config and GRUB's normal mode do (netboot.c). */
	const char *script;
	size_t script_len;
	/* The GRUB image on the server whose memdisk is (memdisk), or NULL:
	 * a 'loopback' device of that name (ctx->image_view gives its
	 * files). */
	const char *memdisk;
	bool efi;		/* an EFI boot file: grub_platform=efi */
};

/* A GRUB EFI image read from the boot server (parsers/grub2/image.h,
 * discover/net_efi.c): what GRUB's kernel finds in it. */
struct grub2_net_image {
	const char *path;	/* the GRUB image on the server, "/"-rooted */
	const char *shim;	/* the boot file, when it is shim that loaded
				 * path from its folder; else NULL */
	const char *prefix;	/* its built-in prefix, or NULL */
	const char *config;	/* its embedded config, or NULL */
	const struct fsview *memdisk;	/* its memdisk's files, or NULL */
};

/* Lines and variables of an embedded config that are read. */
#define GRUB2_NET_EMBED_LINES 1000
#define GRUB2_NET_EMBED_VARS 64

/* True when boot_file names a GRUB core image rather than pxelinux: one of
 * its folders is "grub" or "grub2", or its name starts with "grub" or is
 * core.0, core.efi or core.pxe. */
bool grub2_net_is_core(const char *boot_file);

/* $prefix's path on the server, as GRUB 2.06's kernel makes it from the
 * boot file when grub-mknetdir's default is embedded: the boot file's
 * folder without a last GRUB platform folder ("i386-pc", "x86_64-efi"),
 * "/"-rooted, no trailing '/' ("" for the root). NULL on -ENOMEM. */
const char *grub2_net_prefix(const char *boot_file, struct arena *a);

/* The configs GRUB tries, in order: <prefix>/grub.cfg-01-<mac with
 * dashes>, grub.cfg-<IPv4 in upper-case hex> shortened one digit at a
 * time, grub.cfg. Returns 0 or -ENOMEM. */
int grub2_net_candidates(const char *prefix, const char *mac, const char *ip,
			 struct arena *a, struct strlist *out);

/*
 * Finds the first candidate in ctx->fs and runs it as GRUB would (ctx->net
 * gives the MAC, address and server); kernels and initrds become URLs
 * under url_base. Without a config the device gets an error listing what
 * was tried. img, when not NULL, is the GRUB image the boot file is (or
 * that the shim boot file loads): its prefix replaces the one taken from
 * the boot file's name, its embedded config runs first as GRUB's rescue
 * mode runs it (assignments, then 'normal [FILE]' or 'configfile FILE'),
 * and its memdisk is (memdisk). Returns options added or -ENOMEM.
 */
int grub2_net_parse(struct parse_ctx *ctx, const char *boot_file,
		    const char *url_base, const struct grub2_net_image *img);

/* grub2.c's entry point with a boot server. */
int grub2_parse_net(struct parse_ctx *ctx, const struct grub2_netboot *nb);

/* Hooks for grub2.c and cmds.c while g->nb is set. */
/* The device a GRUB device name means on the boot server: ctx->dev for
 * "tftp", "pxe", "tftp,SERVER" and "pxe:SERVER", else NULL with *why set. */
struct device *grub2_net_dev(struct grub2 *g, const char *name,
			     const char **why);
/* $root and the net_* variables GRUB sets after DHCP. Returns 0 or
 * -ENOMEM. */
int grub2_net_env(struct grub2 *g);

#endif
