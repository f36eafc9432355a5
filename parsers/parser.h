/* parser.h - what every boot-configuration parser is given, and gives back.
 *
 * A parser is a pure function of its context: it reads files only through
 * ctx->fs, allocates only from ctx->set->arena, and appends boot options to
 * ctx->set with their device set to ctx->dev->id. It never fails a whole
 * device for one bad entry: a broken entry is listed with an error.
 */
#ifndef HOPBOOT_PARSER_H
#define HOPBOOT_PARSER_H

#include "fsview.h"
#include "option.h"

/* What a network boot knows of the machine and its lease: the values pxelinux
 * adds for IPAPPEND/SYSAPPEND (doc/syslinux.md, doc/network.md). Any field
 * may be NULL when unknown; the whole struct is absent for disks. */
struct net_info {
	const char *ip;		/* client IPv4, dotted */
	const char *server;	/* boot server (siaddr), dotted */
	const char *gateway;	/* first router, dotted */
	const char *netmask;	/* dotted */
	const char *mac;	/* "52:54:00:12:34:56", lower case */
	unsigned hwtype;	/* ARP hardware type: 1 for Ethernet */
	const char *uuid;	/* DMI product_uuid, lower case */
	const char *sys_vendor, *product_name, *product_version,
		   *product_serial, *product_sku, *board_vendor,
		   *board_name, *board_version, *board_serial;	/* DMI */
	/* Set by parsers/pxe/pxe.c for the syslinux parser: the config file
	 * pxelinux's lookup found (a path in ctx->fs), the folder relative
	 * names are taken from (the path prefix, "/"-rooted), and the URL of
	 * the server's root ("tftp://10.0.2.2"): kernels and initrds become
	 * url + path, fetched only when booted, not checked in ctx->fs. */
	const char *config, *cwd, *url;
};

/* The firmware the chosen kernel will be started under: what GRUB's
 * $grub_platform says when the machine's own GRUB runs the config. */
enum parse_firmware {
	FIRMWARE_UNKNOWN,	/* guess from where the config lies */
	FIRMWARE_BIOS,
	FIRMWARE_EFI,
};

struct parse_ctx {
	const struct fsview *fs;	/* the device's filesystem, read-only */
	struct device *dev;		/* the device being parsed; parsers may
					 * add to dev->errors */
	struct option_set *set;		/* where options go; owns the arena */
	const struct fsview *views;	/* one per set->devices[i], root_fd -1
					 * where not mounted; NULL in tests
					 * that have a single device */
	const struct net_info *net;	/* NULL unless the files came over
					 * the network (pxelinux) */
	/* The filesystem inside an image file on a device (GRUB 'loopback'
	 * of an ISO), attached read-only on first use and valid until the
	 * parse of the set ends; image is "/"-rooted on dev. Returns NULL
	 * with a sentence fragment in why ("cannot ...") when it cannot.
	 * NULL when images cannot be opened (parser tests without one):
	 * see discover/scanner.c, which allows 8 images per device. */
	const struct fsview *(*image_view)(const struct parse_ctx *ctx,
					   const struct device *dev,
					   const char *image, char *why,
					   size_t whylen);
	void *image_data;		/* the image_view's own state */
	enum parse_firmware firmware;
};

/* The view of another device in ctx->set, for references across devices
 * (GRUB 'search', BLS entries on XBOOTLDR). NULL when it is not mounted. */
const struct fsview *parse_view_of(const struct parse_ctx *ctx,
				   const struct device *dev);

/* Each parser returns the number of options it added, 0 when its config is
 * absent, or -ENOMEM. Problems with the config itself are reported in the
 * options' or the device's errors, not in the return value. */
/* BLS Type #1 entries and Type #2 images (UKIs) of a filesystem
 * systemd-boot reads, and of the XBOOTLDR partition beside an ESP:
 * parsers/bls/bls.c. */
int bls_parse(struct parse_ctx *ctx);
int syslinux_parse(struct parse_ctx *ctx);
int grub2_parse(struct parse_ctx *ctx);

/* Runs the parsers of the loaders ctx->firmware can start on this
 * filesystem's medium (doc/architecture.md, "One firmware, one loader")
 * over one filesystem. Returns options added or -ENOMEM. */
int parsers_run(struct parse_ctx *ctx);

/* What parsers_run asks each parser, for every filesystem of a medium,
 * without reading any config; scratch holds what they allocate. */
struct arena;
/* The config syslinux would read first on ctx->fs, or NULL. */
const char *syslinux_config(struct parse_ctx *ctx, struct arena *scratch);
/* The config GRUB would read first on ctx->fs under ctx->firmware, or
 * NULL: what grub2_parse runs, so that parsers_run knows GRUB is there. */
const char *grub2_config(struct parse_ctx *ctx, struct arena *scratch);
/* True when ctx->fs holds entries or images systemd-boot would read. */
bool bls_present(const struct parse_ctx *ctx, struct arena *scratch);

/* An ESP or XBOOTLDR partition: systemd-boot reads its entries even when
 * GRUB's blscfg reads them too. */
bool bls_own_partition(const struct device *d);

#endif
