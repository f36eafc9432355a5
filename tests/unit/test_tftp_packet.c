/* test_tftp_packet.c - TFTP packets as built for a server and as read from
 * one: requests with options, OACKs granting some, errors, bad packets. */
#include <string.h>

#include "loader/tftp_packet.h"
#include "tap.h"

/* A packet from a literal with embedded NULs: P("\0\6blksize\0" "512\0"). */
#define P(s) (const uint8_t *)(s), sizeof(s) - 1

static void rrq(void)
{
	struct tftp_options req = {
		.has_blksize = true, .blksize = 1468,
		.has_tsize = true,
		.has_windowsize = true, .windowsize = 16,
	};
	static const char want[] = "\0\1boot/vmlinuz\0octet\0blksize\0"
				   "1468\0tsize\0" "0\0windowsize\0" "16";
	uint8_t buf[600];
	size_t n;

	n = tftp_build_rrq(buf, sizeof(buf), "boot/vmlinuz", &req);
	check_int(n, ==, sizeof(want));
	ok(!memcmp(buf, want, sizeof(want)), "RRQ: octet, then blksize, "
	   "tsize 0 and windowsize");
	n = tftp_build_rrq(buf, sizeof(buf), "f", NULL);
	check_int(n, ==, 10);
	ok(!memcmp(buf, "\0\1f\0octet", 10), "RRQ without options");
	check_int(tftp_build_rrq(buf, 12, "boot/vmlinuz", NULL), ==, 0);
	check_int(tftp_build_rrq(buf, 30, "boot/vmlinuz", &req), ==, 0);
	check_int(tftp_build_rrq(buf, sizeof(buf), "", NULL), ==, 0);
	check_int(tftp_build_ack(buf, 65536 + 7), ==, 4);
	ok(!memcmp(buf, "\0\4\0\7", 4), "ACK numbers wrap at 16 bits");
	n = tftp_build_error(buf, 8, 5, "unknown transfer ID");
	check_int(n, ==, 8);
	ok(!memcmp(buf, "\0\5\0\5unk", 8) && buf[7] == 0,
	   "ERROR is cut to fit and stays terminated");
	check_int(tftp_build_error(buf, 4, 0, ""), ==, 0);
}

static void parse(void)
{
	struct tftp_packet p;
	const char *why = NULL;

	check_int(tftp_parse(P("\0\3\xff\xff" "abc"), &p, &why), ==, 0);
	check_int(p.op, ==, TFTP_DATA);
	check_int(p.block, ==, 65535);
	check_int(p.len, ==, 3);
	ok(!memcmp(p.data, "abc", 3), "DATA payload");
	check_int(tftp_parse(P("\0\3\0\1"), &p, &why), ==, 0);
	check_int(p.len, ==, 0);

	/* slirp (QEMU) grants blksize and tsize, not windowsize. */
	check_int(tftp_parse(P("\0\6blksize\0" "1432\0tsize\0" "12345\0"), &p,
			     &why), ==, 0);
	check_int(p.op, ==, TFTP_OACK);
	ok(p.opts.has_blksize && p.opts.blksize == 1432, "OACK blksize");
	ok(p.opts.has_tsize && p.opts.tsize == 12345, "OACK tsize");
	ok(!p.opts.has_windowsize, "no windowsize granted");
	check_int(tftp_parse(P("\0\6WindowSize\0" "4\0timeout\0" "1\0"), &p,
			     &why), ==, 0);
	ok(p.opts.has_windowsize && p.opts.windowsize == 4,
	   "option names are case-insensitive");
	check_int(p.opts.unknown, ==, 1);
	check_int(tftp_parse(P("\0\6"), &p, &why), ==, 0);
	check_int(tftp_parse(P("\0\6tsize\0" "18446744073709551615\0"), &p,
			     &why), ==, 0);
	ok(p.opts.tsize == 18446744073709551615ull, "largest tsize");

	check_int(tftp_parse(P("\0\6tsize\0" "18446744073709551616\0"), &p,
			     &why), ==, -1);
	check_int(tftp_parse(P("\0\6blksize\0" "7\0"), &p, &why), ==, -1);
	check_int(tftp_parse(P("\0\6blksize\0" "65465\0"), &p, &why), ==, -1);
	check_int(tftp_parse(P("\0\6windowsize\0" "0\0"), &p, &why), ==, -1);
	check_int(tftp_parse(P("\0\6blksize\0" "1x\0"), &p, &why), ==, -1);
	check_int(tftp_parse(P("\0\6blksize\0" "\0"), &p, &why), ==, -1);
	check_int(tftp_parse(P("\0\6blksize\0" "512"), &p, &why), ==, -1);
	check_str(why, "an OACK with an unterminated option");
	check_int(tftp_parse(P("\0\6blksize"), &p, &why), ==, -1);

	check_int(tftp_parse(P("\0\5\0\1File not found\0"), &p, &why), ==, 0);
	check_int(p.code, ==, 1);
	check_str(p.msg, "File not found");
	check_int(tftp_parse(P("\0\5\0\2no\033[2Jnul"), &p, &why), ==, 0);
	check_str(p.msg, "no?[2Jnul");
	check_int(tftp_parse(P("\0\5\0"), &p, &why), ==, -1);
	check_int(tftp_parse(P("\0\3\0"), &p, &why), ==, -1);
	check_int(tftp_parse(P("\0"), &p, &why), ==, -1);
	check_str(why, "a truncated packet");
	check_int(tftp_parse(P("\0\1x\0octet\0"), &p, &why), ==, -1);
	check_int(tftp_parse(P("\0\7"), &p, &why), ==, -1);
	check_int(tftp_parse(P("\0\4\0\0"), &p, &why), ==, 0);
	check_int(p.op, ==, TFTP_ACK);
	check_str(tftp_error_name(1), "file not found");
	check_str(tftp_error_name(8), "option negotiation refused");
	check_str(tftp_error_name(99), "");
}

int main(void)
{
	rrq();
	parse();
	return done_testing();
}
