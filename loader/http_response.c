/* http_response.c - reads an HTTP/1.1 response head and a chunked body. */
#include <string.h>
#include <strings.h>

#include "http_response.h"

enum {
	CH_SIZE, CH_EXT, CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF,
	CH_TRAILER, CH_TRAILER_LINE, CH_TRAILER_LF, CH_DONE,
};

#define SKIP_MAX (16 * 1024)	/* chunk extensions and trailers, in all */

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Copies s[0..n) without blanks around it, printable ASCII only. */
static void copy_value(char *dst, size_t dstlen, const char *s, size_t n)
{
	size_t k = 0;

	while (n && blank(*s)) {
		s++;
		n--;
	}
	while (n && blank(s[n - 1]))
		n--;
	for (size_t i = 0; i < n && k + 1 < dstlen; i++)
		dst[k++] = s[i] >= ' ' && s[i] < 0x7f ? s[i] : '?';
	dst[k] = 0;
}

static bool is_token(const char *v, size_t n, const char *tok)
{
	size_t l = strlen(tok);

	return n == l && !strncasecmp(v, tok, l);
}

/* The last coding of a Transfer-Encoding list ("gzip, chunked"). */
static void transfer_encoding(struct http_head *h, const char *v, size_t n)
{
	const char *last = v;

	for (size_t i = 0; i < n; i++)
		if (v[i] == ',')
			last = v + i + 1;
	n -= (size_t)(last - v);
	while (n && blank(*last)) {
		last++;
		n--;
	}
	while (n && blank(last[n - 1]))
		n--;
	h->chunked = is_token(last, n, "chunked");
	h->other_encoding = !h->chunked;
}

static int content_length(struct http_head *h, const char *v, size_t n,
			  const char **why)
{
	long long len = 0;
	size_t i = 0;

	while (i < n && blank(v[i]))
		i++;
	while (n > i && blank(v[n - 1]))
		n--;
	if (i == n)
		goto bad;
	for (; i < n; i++) {
		if (v[i] < '0' || v[i] > '9' || len > (1ll << 52))
			goto bad;
		len = len * 10 + (v[i] - '0');
	}
	/* Two lengths that disagree: one of them lies (RFC 9112 6.3). */
	if (h->content_length >= 0 && h->content_length != len) {
		*why = "two Content-Length headers that disagree";
		return -1;
	}
	h->content_length = len;
	return 0;
bad:
	*why = "a Content-Length that is not a number";
	return -1;
}

static int status_line(struct http_head *h, const char *s, size_t n,
		       const char **why)
{
	/* "HTTP/1.1 200 OK": version, three digits, a blank, a reason. */
	if (n < 12 || strncmp(s, "HTTP/1.", 7) || s[7] < '0' || s[7] > '9' ||
	    s[8] != ' ' || s[9] < '1' || s[9] > '9' || s[10] < '0' ||
	    s[10] > '9' || s[11] < '0' || s[11] > '9' ||
	    (n > 12 && s[12] != ' ')) {
		*why = "a status line that is not HTTP/1.x";
		return -1;
	}
	h->status = (unsigned)((s[9] - '0') * 100 + (s[10] - '0') * 10 +
			       (s[11] - '0'));
	if (n > 13)
		copy_value(h->reason, sizeof(h->reason), s + 13, n - 13);
	return 0;
}

static int header(struct http_head *h, const char *s, size_t n,
		  const char **why)
{
	const char *colon = memchr(s, ':', n);
	size_t nl, vl;
	const char *v;

	/* A folded continuation line, or a line without a name: skipped,
	 * none of the headers read here is ever folded. */
	if (blank(*s) || !colon)
		return 0;
	nl = (size_t)(colon - s);
	v = colon + 1;
	vl = n - nl - 1;
	if (is_token(s, nl, "content-length"))
		return content_length(h, v, vl, why);
	if (is_token(s, nl, "transfer-encoding")) {
		transfer_encoding(h, v, vl);
	} else if (is_token(s, nl, "location")) {
		while (vl && blank(*v)) {
			v++;
			vl--;
		}
		while (vl && blank(v[vl - 1]))
			vl--;
		h->location_too_long = vl >= sizeof(h->location);
		if (!h->location_too_long)
			copy_value(h->location, sizeof(h->location), v, vl);
	}
	return 0;
}

long http_parse_head(const char *buf, size_t len, struct http_head *h,
		     const char **why)
{
	size_t pos = 0, lines = 0;

	memset(h, 0, sizeof(*h));
	h->content_length = -1;
	if (len > HTTP_HEAD_MAX)
		len = HTTP_HEAD_MAX;
	while (pos < len) {
		const char *s = buf + pos, *nl = memchr(s, '\n', len - pos);
		size_t n;

		if (!nl)
			return 0;
		n = (size_t)(nl - s);
		pos += n + 1;
		if (memchr(s, 0, n)) {
			*why = "a NUL byte in the headers";
			return -1;
		}
		if (n && s[n - 1] == '\r')
			n--;
		if (lines++ == 0) {
			if (status_line(h, s, n, why))
				return -1;
			continue;
		}
		if (!n) {
			/* RFC 9112 6.1: chunked wins over a length. */
			if (h->chunked)
				h->content_length = -1;
			return (long)pos;
		}
		if (header(h, s, n, why))
			return -1;
	}
	return 0;
}

int http_chunked_decode(struct http_chunked *c, char *buf, size_t len,
			size_t *out, size_t *used, const char **why)
{
	size_t i = 0, o = 0;

	while (i < len && c->state != CH_DONE) {
		char ch = buf[i];
		int d;

		switch (c->state) {
		case CH_SIZE:
			d = ch >= '0' && ch <= '9' ? ch - '0' :
			    ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
			    ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
			if (d >= 0) {
				if (++c->digits > 15)
					goto bad_size;
				c->left = c->left * 16 + (unsigned)d;
			} else if (!c->digits) {
				goto bad_size;
			} else if (ch == ';' || blank(ch)) {
				c->state = CH_EXT;
			} else if (ch == '\r') {
				c->state = CH_SIZE_LF;
			} else if (ch == '\n') {
				i++;
				goto size_done;
			} else {
				goto bad_size;
			}
			i++;
			break;
		case CH_EXT:
			if (++c->skipped > SKIP_MAX)
				goto too_long;
			i++;
			if (ch == '\n')
				goto size_done;
			break;
		case CH_SIZE_LF:
			if (ch != '\n')
				goto bad_size;
			i++;
size_done:
			c->digits = 0;
			c->state = c->left ? CH_DATA : CH_TRAILER;
			break;
		case CH_DATA: {
			size_t k = len - i;

			if (k > c->left)
				k = (size_t)c->left;
			memmove(buf + o, buf + i, k);
			o += k;
			i += k;
			c->left -= k;
			if (!c->left)
				c->state = CH_DATA_CR;
			break;
		}
		case CH_DATA_CR:
			if (ch == '\r')
				c->state = CH_DATA_LF;
			else if (ch == '\n')
				c->state = CH_SIZE;
			else
				goto bad_end;
			i++;
			break;
		case CH_DATA_LF:
			if (ch != '\n')
				goto bad_end;
			c->state = CH_SIZE;
			i++;
			break;
		case CH_TRAILER:
			c->state = ch == '\r' ? CH_TRAILER_LF :
				   ch == '\n' ? CH_DONE : CH_TRAILER_LINE;
			i++;
			break;
		case CH_TRAILER_LINE:
			if (++c->skipped > SKIP_MAX)
				goto too_long;
			if (ch == '\n')
				c->state = CH_TRAILER;
			i++;
			break;
		case CH_TRAILER_LF:
			if (ch != '\n')
				goto bad_end;
			c->state = CH_DONE;
			i++;
			break;
		}
	}
	*out = o;
	*used = i;
	return c->state == CH_DONE;
bad_size:
	*why = "a chunk size that is not a hexadecimal number";
	return -1;
bad_end:
	*why = "a chunk that does not end where its size says";
	return -1;
too_long:
	*why = "chunk extensions or trailers over 16 KiB";
	return -1;
}
