/* fuzz_tftp.c - libFuzzer target: a TFTP packet as a server would send it,
 * through tftp_parse (DATA, ACK, ERROR, OACK and garbage). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "loader/tftp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tftp_packet p;
	const char *why;
	uint8_t copy[128];

	/* A copy of exactly size bytes, so ASan sees any read past it. */
	if (tftp_parse(data, size, &p, &why) == 0 && p.op == TFTP_ERROR)
		tftp_build_error(copy, sizeof(copy), p.code, p.msg);
	if (p.op == TFTP_DATA && p.len)
		memcpy(copy, p.data, p.len < sizeof(copy) ? p.len :
		       sizeof(copy));
	return 0;
}
