/* pxe.h - pxelinux's config file lookup, and reading what it finds.
 *
 * Pure like every parser: the files come through ctx->fs, which for a
 * network device is a cache of the server's files mirroring its paths
 * (discover/net.c fills it by fetching misses; see lib/fsview.h).
 */
#ifndef HOPBOOT_PXE_H
#define HOPBOOT_PXE_H

#include "parser.h"

struct arena;
struct strlist;

/* What the lookup depends on; strings may be NULL or "" when unknown. */
struct pxe_lookup {
	const char *conffile;	/* DHCP option 209 */
	const char *pathprefix;	/* DHCP option 210 */
	const char *boot_file;	/* BOOTP file field, else option 67 */
	const char *uuid;	/* as pxe_uuid_name() gives it */
	const char *mac;	/* "52:54:00:12:34:56" */
	unsigned hwtype;	/* ARP type; 0 is taken as 1 (Ethernet) */
	const char *ip;		/* client IPv4, dotted */
};

/* The name pxelinux gives the machine's UUID: Linux's DMI product_uuid
 * ("12345678-9abc-4def-8123-456789abcdef") in the byte order the SMBIOS
 * table holds it, which is what pxelinux prints (the first three fields
 * swapped when Linux swapped them: SMBIOS 2.6 and later, smbios_26), lower
 * case. False when the UUID is malformed or pxelinux would skip it (the
 * version nibble of byte 6 is 0 or 15: firmware's "no UUID"). out: 37
 * bytes. */
bool pxe_uuid_name(const char *dmi_uuid, bool smbios_26, char *out);

/* The folder relative names are taken from, "/"-rooted and ending in '/':
 * option 210, else the boot file's folder ("/" for "pxelinux.0"). */
const char *pxe_prefix(const struct pxe_lookup *lk, struct arena *a);

/* The files pxelinux 6.04 tries, in its order (core/fs/pxe/pxe.c
 * pxe_load_config): option 209; then, in <prefix>pxelinux.cfg/, the UUID,
 * 01-<mac with dashes>, the address in upper-case hex shortened one digit
 * at a time (8 names), and "default". "/"-rooted paths on the server.
 * Returns 0 or -ENOMEM. */
int pxe_candidates(const struct pxe_lookup *lk, struct arena *a,
		   struct strlist *out);

/* Finds the first candidate present in ctx->fs and reads it with the
 * syslinux parser, as pxelinux does: names relative to the prefix, kernels
 * and initrds as URLs under url_base ("tftp://10.0.2.2"), ctx->net filled
 * for IPAPPEND/SYSAPPEND. When nothing is found the device gets an error
 * listing what was tried. Returns options added or -ENOMEM. */
int pxe_parse(struct parse_ctx *ctx, const struct pxe_lookup *lk,
	      const char *url_base);

#endif
