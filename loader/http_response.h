/* http_response.h - reads an HTTP/1.1 response head and a chunked body.
 *
 * Pure functions over byte buffers, so they are fuzz targets and unit
 * tests; loader/http.c does the sockets.
 */
#ifndef HOPBOOT_HTTP_RESPONSE_H
#define HOPBOOT_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_HEAD_MAX (16 * 1024)	/* status line and headers */
#define HTTP_LOCATION_MAX 4096

struct http_head {
	unsigned status;		/* 100 to 999 */
	char reason[64];		/* printable ASCII only, may be "" */
	long long content_length;	/* -1: none */
	bool chunked;			/* last Transfer-Encoding: chunked */
	bool other_encoding;		/* another Transfer-Encoding */
	char location[HTTP_LOCATION_MAX];	/* "" when none */
	bool location_too_long;
};

/* Reads the head at the start of buf (len bytes received so far).
 * Returns its length through the empty line that ends it, 0 when more
 * bytes are needed, or -1 with *why set to a phrase ("a status line that
 * is not HTTP") when it is malformed: a bad status line, a Content-Length
 * that is not a number or that disagrees with another, a NUL byte. Bare LF
 * line ends are accepted. */
long http_parse_head(const char *buf, size_t len, struct http_head *h,
		     const char **why);

/* A chunked body decoder (RFC 9112 7.1). Zero it to start. */
struct http_chunked {
	int state;
	unsigned digits;		/* of the chunk size being read */
	unsigned long long left;	/* bytes of the chunk still to come */
	size_t skipped;			/* extension or trailer bytes */
};

/* Decodes the len bytes at buf in place: the body bytes among them are
 * moved to the front of buf, *out says how many. *used is how many input
 * bytes were consumed. Returns 1 when the body ended (the last chunk and
 * its trailers: input beyond *used is not part of it), 0 when more input
 * is needed, -1 with *why set when the encoding is malformed. */
int http_chunked_decode(struct http_chunked *c, char *buf, size_t len,
			size_t *out, size_t *used, const char **why);

#endif
