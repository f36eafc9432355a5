/* tftp_packet.c - builds and reads TFTP packets (RFC 1350, 2347-2349, 7440). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tftp_packet.h"

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Appends a NUL-terminated string; false when it does not fit. */
static bool add(uint8_t *buf, size_t len, size_t *n, const char *s)
{
	size_t l = strlen(s) + 1;

	if (*n + l > len)
		return false;
	memcpy(buf + *n, s, l);
	*n += l;
	return true;
}

size_t tftp_build_rrq(uint8_t *buf, size_t len, const char *name,
		      const struct tftp_options *req)
{
	char num[24];
	size_t n = 2;

	if (len < 2 || !*name)
		return 0;
	put16(buf, TFTP_RRQ);
	if (!add(buf, len, &n, name) || !add(buf, len, &n, "octet"))
		return 0;
	if (req && req->has_blksize) {
		snprintf(num, sizeof(num), "%u", req->blksize);
		if (!add(buf, len, &n, "blksize") || !add(buf, len, &n, num))
			return 0;
	}
	if (req && req->has_tsize) {
		if (!add(buf, len, &n, "tsize") || !add(buf, len, &n, "0"))
			return 0;
	}
	if (req && req->has_windowsize) {
		snprintf(num, sizeof(num), "%u", req->windowsize);
		if (!add(buf, len, &n, "windowsize") ||
		    !add(buf, len, &n, num))
			return 0;
	}
	return n;
}

size_t tftp_build_ack(uint8_t *buf, unsigned block)
{
	put16(buf, TFTP_ACK);
	put16(buf + 2, block & 0xffff);
	return 4;
}

size_t tftp_build_error(uint8_t *buf, size_t len, unsigned code,
			const char *msg)
{
	size_t l = strlen(msg);

	if (len < 5)
		return 0;
	put16(buf, TFTP_ERROR);
	put16(buf + 2, code);
	if (l > len - 5)
		l = len - 5;
	memcpy(buf + 4, msg, l);
	buf[4 + l] = 0;
	return 5 + l;
}

/* A decimal number of at most 20 digits, nothing else. */
static bool number(const char *s, unsigned long long *v)
{
	unsigned long long n = 0;

	if (!*s || strlen(s) > 20)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');

		if (n > (~0ull - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*v = n;
	return true;
}

static int parse_oack(const uint8_t *p, size_t len, struct tftp_options *o,
		      const char **why)
{
	const char *s = (const char *)p, *end = s + len;

	while (s < end) {
		const char *name = s, *val;
		unsigned long long v;
		const char *nul = memchr(s, 0, (size_t)(end - s));

		if (!nul)
			goto unterminated;
		val = nul + 1;
		if (val >= end || !(nul = memchr(val, 0, (size_t)(end - val))))
			goto unterminated;
		s = nul + 1;
		if (!strcasecmp(name, "blksize")) {
			if (!number(val, &v) || v < TFTP_BLKSIZE_MIN ||
			    v > TFTP_BLKSIZE_MAX) {
				*why = "an OACK with a blksize out of range";
				return -1;
			}
			o->has_blksize = true;
			o->blksize = (unsigned)v;
		} else if (!strcasecmp(name, "windowsize")) {
			if (!number(val, &v) || v < 1 ||
			    v > TFTP_WINDOWSIZE_MAX) {
				*why = "an OACK with a windowsize out of range";
				return -1;
			}
			o->has_windowsize = true;
			o->windowsize = (unsigned)v;
		} else if (!strcasecmp(name, "tsize")) {
			if (!number(val, &v)) {
				*why = "an OACK with a tsize that is not a "
				       "number";
				return -1;
			}
			o->has_tsize = true;
			o->tsize = v;
		} else {
			o->unknown++;
		}
	}
	return 0;
unterminated:
	*why = "an OACK with an unterminated option";
	return -1;
}

int tftp_parse(const uint8_t *pkt, size_t len, struct tftp_packet *p,
	       const char **why)
{
	size_t i, n = 0;

	memset(p, 0, sizeof(*p));
	if (len < 2) {
		*why = "a truncated packet";
		return -1;
	}
	p->op = (enum tftp_op)get16(pkt);
	switch (p->op) {
	case TFTP_DATA:
	case TFTP_ACK:
		if (len < 4) {
			*why = "a truncated packet";
			return -1;
		}
		p->block = get16(pkt + 2);
		p->data = pkt + 4;
		p->len = p->op == TFTP_DATA ? len - 4 : 0;
		return 0;
	case TFTP_ERROR:
		if (len < 4) {
			*why = "a truncated packet";
			return -1;
		}
		p->code = get16(pkt + 2);
		/* A hostile server must not reach the console with escapes;
		 * a missing final NUL is tolerated. */
		for (i = 4; i < len && pkt[i] && n + 1 < sizeof(p->msg); i++)
			p->msg[n++] = pkt[i] >= ' ' && pkt[i] < 0x7f ?
				      (char)pkt[i] : '?';
		p->msg[n] = 0;
		return 0;
	case TFTP_OACK:
		return parse_oack(pkt + 2, len - 2, &p->opts, why);
	case TFTP_RRQ:
	case TFTP_WRQ:
	default:
		*why = "a packet that is not a server's (bad opcode)";
		return -1;
	}
}

const char *tftp_error_name(unsigned code)
{
	static const char *const names[] = {
		"not defined",
		"file not found",
		"access violation",
		"disk full or allocation exceeded",
		"illegal TFTP operation",
		"unknown transfer ID",
		"file already exists",
		"no such user",
		"option negotiation refused",
	};

	return code < sizeof(names) / sizeof(*names) ? names[code] : "";
}
