/* ipxe.h - a subset of iPXE's script language, turned into boot options.
 *
 * Pure like every parser: files through ctx->fs (a boot server's cache, see
 * discover/net.c), memory from ctx->set->arena. The subset (doc/network.md):
 * "#!ipxe", set, kernel/imgfetch, initrd/module, imgargs, boot, chain to
 * another script, goto and :labels, menu/item/choose (each item becomes an
 * option), isset/iseq with && and ||, exit, ${net0/mac} and friends from
 * ctx->net; commands for the console or the network are ignored.
 */
#ifndef HOPBOOT_IPXE_H
#define HOPBOOT_IPXE_H

#include "parser.h"

#define IPXE_STEPS_MAX 5000	/* lines executed for one option */
#define IPXE_ALL_STEPS_MAX 50000	/* ... and for all of them */
#define IPXE_CHAIN_DEPTH 8	/* scripts chained from scripts */
#define IPXE_VARS_MAX 128
#define IPXE_ITEMS_MAX 256

/* True when buf starts as an iPXE script does ("#!ipxe"). */
bool ipxe_is_script(const char *buf, size_t len);

/* Runs the script at path (a "/"-rooted path in ctx->fs); relative names
 * are taken from the script's folder and become url_base + path, URLs stay
 * as they are. Returns options added or -ENOMEM; problems go into the
 * device's or the options' errors. */
int ipxe_parse(struct parse_ctx *ctx, const char *path, const char *url_base);

#endif
