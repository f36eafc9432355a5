/* fuzz_ipxe.c - libFuzzer target: an iPXE script as /boot.ipxe.
 *
 * The script comes from a boot server. The input is written both as
 * /boot.ipxe and as /next.ipxe, so a 'chain next.ipxe' in it reaches a
 * second script (itself), and runs with a network's settings, so that
 * ${net0/mac:hexhyp} and friends expand.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_fs.h"
#include "pxe/ipxe.h"

static int run(struct parse_ctx *ctx)
{
	static const struct net_info net = {
		.ip = "10.0.2.15", .server = "10.0.2.2",
		.gateway = "10.0.2.2", .netmask = "255.255.255.0",
		.mac = "52:54:00:12:34:56", .hwtype = 1,
		.uuid = "b8945908-d6a6-41a9-611d-74a6ab80b83d",
	};

	ctx->net = &net;
	return ipxe_parse(ctx, "/boot.ipxe", "tftp://10.0.2.2");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	fuzz_write("boot.ipxe", data, size);
	fuzz_write("next.ipxe", data, size);
	fuzz_parse(run, "network");
	return 0;
}
