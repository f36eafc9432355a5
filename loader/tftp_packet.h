/* tftp_packet.h - builds and reads TFTP packets (RFC 1350, 2347-2349, 7440).
 *
 * Pure functions over byte buffers, so the parser is a fuzz target and a
 * unit test; loader/tftp.c does the sockets.
 */
#ifndef HOPBOOT_TFTP_PACKET_H
#define HOPBOOT_TFTP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tftp_op {
	TFTP_RRQ = 1,
	TFTP_WRQ = 2,
	TFTP_DATA = 3,
	TFTP_ACK = 4,
	TFTP_ERROR = 5,
	TFTP_OACK = 6,
};

/* RFC 1350 error codes this client sends. */
enum tftp_error {
	TFTP_EUNDEF = 0,
	TFTP_ENOSPACE = 3,	/* "disk full or allocation exceeded" */
	TFTP_EBADOP = 4,
	TFTP_EBADID = 5,	/* unknown transfer ID */
	TFTP_EOPTNEG = 8,	/* option negotiation refused (RFC 2347) */
};

#define TFTP_BLKSIZE_MIN 8u		/* RFC 2348 */
#define TFTP_BLKSIZE_MAX 65464u
#define TFTP_WINDOWSIZE_MAX 65535u	/* RFC 7440 */
#define TFTP_MSG_MAX 200

/* Options asked for or granted; a has_ flag is set when present. */
struct tftp_options {
	bool has_blksize, has_windowsize, has_tsize;
	unsigned blksize, windowsize;
	unsigned long long tsize;
	unsigned unknown;	/* options in an OACK we did not ask for */
};

struct tftp_packet {
	enum tftp_op op;
	unsigned block;			/* DATA, ACK */
	const uint8_t *data;		/* DATA: points into the packet */
	size_t len;			/* DATA: bytes at data */
	unsigned code;			/* ERROR */
	char msg[TFTP_MSG_MAX];		/* ERROR: printable ASCII only */
	struct tftp_options opts;	/* OACK */
};

/* Writes a read request for name in octet mode with the options of req
 * that have their has_ flag set (tsize is asked for as "0"). Returns its
 * length, or 0 when it does not fit in len or name is empty. */
size_t tftp_build_rrq(uint8_t *buf, size_t len, const char *name,
		      const struct tftp_options *req);
/* Writes an ACK of block; returns 4. */
size_t tftp_build_ack(uint8_t *buf, unsigned block);
/* Writes an ERROR packet; msg is cut to fit len. Returns its length, or
 * 0 when len < 5. */
size_t tftp_build_error(uint8_t *buf, size_t len, unsigned code,
			const char *msg);

/* Reads one packet a server sent. Returns 0, or -1 with *why set to a
 * phrase ("a truncated packet") for a packet that is not TFTP or is
 * malformed: an unknown opcode, a DATA or ACK shorter than 4 bytes, an
 * OACK with an unterminated or non-numeric option, or a value out of its
 * RFC's range. */
int tftp_parse(const uint8_t *pkt, size_t len, struct tftp_packet *p,
	       const char **why);

/* RFC 1350's meaning of an error code, "" for unknown codes. */
const char *tftp_error_name(unsigned code);

#endif
