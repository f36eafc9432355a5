/* test_http_response.c - HTTP response heads, chunked bodies, and the URLs
 * of loader/fetch_url.c (parsing, TFTP names, redirect targets). */
#include <string.h>

#include "loader/fetch_url.h"
#include "loader/http_response.h"
#include "tap.h"

static long head(const char *s, struct http_head *h, const char **why)
{
	return http_parse_head(s, strlen(s), h, why);
}

static void heads(void)
{
	struct http_head h;
	const char *why = NULL;
	const char *r = "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n"
			"Server: x\r\n\r\nbody";

	check_int(head(r, &h, &why), ==, (long)strlen(r) - 4);
	check_int(h.status, ==, 200);
	check_str(h.reason, "OK");
	check_int(h.content_length, ==, 42);
	ok(!h.chunked, "not chunked");
	check_int(http_parse_head(r, 20, &h, &why), ==, 0);
	check_int(head("HTTP/1.0 404 Not Found\n\n", &h, &why), ==, 24);
	check_int(h.status, ==, 404);
	check_str(h.reason, "Not Found");
	check_int(h.content_length, ==, -1);
	check_int(head("HTTP/1.1 204\r\n\r\n", &h, &why), ==, 16);
	check_str(h.reason, "");
	check_int(head("HTTP/1.1 200 OK\r\ncontent-LENGTH:  7 \r\n"
		       "Transfer-Encoding: gzip, Chunked\r\n\r\n", &h, &why),
		  >, 0);
	ok(h.chunked && h.content_length == -1, "chunked wins over a length");
	check_int(head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
		       &h, &why), >, 0);
	ok(h.other_encoding && !h.chunked, "other encodings are flagged");
	check_int(head("HTTP/1.1 302 Found\r\nLocation:  /a/b?c \r\n"
		       " folded\r\n\r\n", &h, &why), >, 0);
	check_str(h.location, "/a/b?c");
	check_int(head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
		       "Content-Length: 5\r\n\r\n", &h, &why), >, 0);

	check_int(head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
		       "Content-Length: 6\r\n\r\n", &h, &why), ==, -1);
	check_str(why, "two Content-Length headers that disagree");
	check_int(head("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", &h,
		       &why), ==, -1);
	check_int(head("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999"
		       "999\r\n\r\n", &h, &why), ==, -1);
	check_int(head("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", &h, &why),
		  ==, -1);
	check_int(head("SSH-2.0-OpenSSH\r\n\r\n", &h, &why), ==, -1);
	check_int(head("HTTP/1.1 20 OK\r\n\r\n", &h, &why), ==, -1);
	check_int(head("HTTP/1.1 099 OK\r\n\r\n", &h, &why), ==, -1);
	check_int(head("HTTP/2 200 OK\r\n\r\n", &h, &why), ==, -1);
	check_int(head("HTTP/1.1 200X\r\n\r\n", &h, &why), ==, -1);
	check_int(http_parse_head("HTTP/1.1 200 OK\r\nA: \0\r\n\r\n", 23, &h,
				  &why), ==, -1);
	check_str(why, "a NUL byte in the headers");
	/* A NUL in the body after the head is the body's business. */
	check_int(http_parse_head("HTTP/1.1 200 OK\r\n\r\n\0", 20, &h, &why),
		  ==, 19);
	check_int(head("HTTP/1.1 200 \033[2J\r\n\r\n", &h, &why), >, 0);
	check_str(h.reason, "?[2J");
}

/* Decodes s fed in pieces of step bytes; the body or NULL on an error. */
static const char *chunked(const char *s, size_t step, int *end)
{
	static char body[256];
	struct http_chunked c = { 0 };
	size_t len = strlen(s), blen = 0, out, used;
	const char *why;
	char buf[256];

	*end = 0;
	for (size_t off = 0; off < len && !*end; off += used) {
		size_t n = len - off < step ? len - off : step;
		int r;

		memcpy(buf, s + off, n);
		r = http_chunked_decode(&c, buf, n, &out, &used, &why);
		if (r < 0)
			return NULL;
		memcpy(body + blen, buf, out);
		blen += out;
		*end = r;
		if (!used && !r)
			return NULL;
	}
	body[blen] = 0;
	return body;
}

static void chunks(void)
{
	const char *doc = "5\r\nhello\r\n1;ext=\"a b\"\r\n \r\n"
			  "B\r\nworld, etc.\r\n0\r\nTrailer: x\r\n\r\nNEXT";
	const char *b;
	int end;

	for (size_t step = 1; step <= 64; step = step * 2 + 1) {
		b = chunked(doc, step, &end);
		ok(b && !strcmp(b, "hello world, etc.") && end,
		   "chunked body in pieces of %zu bytes", step);
	}
	b = chunked("3\nabc\n0\n\n", 100, &end);
	ok(b && !strcmp(b, "abc") && end, "bare LF line ends");
	b = chunked("3\r\nabc\r\n", 100, &end);
	ok(b && !end, "not ended before the last chunk");
	ok(!chunked("x\r\n", 100, &end), "a size that is not hex");
	ok(!chunked("\r\n", 100, &end), "an empty size");
	ok(!chunked("3\r\nabcd\r\n", 100, &end), "a chunk longer than its "
	   "size");
	ok(!chunked("1000000000000000\r\n", 100, &end), "a size over 2^60");
	{
		struct http_chunked c = { 0 };
		char big[20000];
		size_t out, used;
		const char *why;

		memset(big, 'a', sizeof(big));
		memcpy(big, "1;", 2);
		check_int(http_chunked_decode(&c, big, sizeof(big), &out,
					      &used, &why), ==, -1);
		check_str(why, "chunk extensions or trailers over 16 KiB");
	}
}

static void url_is(const char *in, int scheme, const char *host,
		   unsigned port, const char *path)
{
	struct fetch_url u;
	char err[512];

	if (!check_int(fetch_url_parse(in, &u, err, sizeof(err)), ==, 0)) {
		diag("%s", err);
		return;
	}
	ok(u.scheme == (enum fetch_scheme)scheme && !strcmp(u.host, host) &&
	   u.port == port && !strcmp(u.path, path), "%s", in);
	if (strcmp(u.path, path) || strcmp(u.host, host))
		diag("got host '%s' port %u path '%s'", u.host, u.port, u.path);
}

static void url_bad(const char *in, const char *want)
{
	struct fetch_url u;
	char err[512] = "";

	check_int(fetch_url_parse(in, &u, err, sizeof(err)), ==, -1);
	ok(strstr(err, want) != NULL, "%s: %s", in, want);
	if (!strstr(err, want))
		diag("got '%s'", err);
}

static void resolve_is(const char *base, const char *loc, const char *want)
{
	char out[256];

	if (!check_int(fetch_url_resolve(base, loc, out, sizeof(out)), ==, 0))
		return;
	ok(!strcmp(out, want), "%s + %s", base, loc);
	if (strcmp(out, want))
		diag("got '%s' want '%s'", out, want);
}

static void urls(void)
{
	char name[64], out[16];

	url_is("tftp://10.0.0.1/pxelinux.cfg/default", FETCH_TFTP, "10.0.0.1",
	       69, "/pxelinux.cfg/default");
	url_is("HTTP://boot.example:8080", FETCH_HTTP, "boot.example", 8080,
	       "/");
	url_is("http://h?x=1#frag", FETCH_HTTP, "h", 80, "/?x=1");
	url_is("http://h/a%20b", FETCH_HTTP, "h", 80, "/a%20b");
	url_bad("https://h/x", "HTTPS is not supported yet; serve this file "
		"over http:// or tftp://");
	url_bad("ftp://h/x", "only tftp:// and http://");
	url_bad("http:///x", "names no host");
	url_bad("http://h:0/x", "port");
	url_bad("http://h:99999/x", "port");
	url_bad("http://h:/x", "port is empty");
	url_bad("http://h:+8/x", "port");
	url_bad("http://u:p@h/x", "passwords");
	url_bad("http://[::1]/x", "IPv6");
	url_bad("http://h/a b", "space");

	check_int(fetch_url_tftp_name("/a%2Fb%41c", name, sizeof(name)), ==, 0);
	check_str(name, "a/bAc");
	check_int(fetch_url_tftp_name("/x%zz%4", name, sizeof(name)), ==, 0);
	check_str(name, "x%zz%4");
	check_int(fetch_url_tftp_name("/a%00", name, sizeof(name)), ==, -1);
	check_int(fetch_url_tftp_name("/0123456789abcdef", out, sizeof(out)),
		  ==, -1);

	resolve_is("http://h/a/b", "http://o/c", "http://o/c");
	resolve_is("http://h/a/b", "tftp://o/c", "tftp://o/c");
	resolve_is("http://h:81/a/b", "//o:82/c", "http://o:82/c");
	resolve_is("http://h:81/a/b?q", "/c", "http://h:81/c");
	resolve_is("http://h/a/b?q", "c?d", "http://h/a/c?d");
	resolve_is("http://h/a/b?q", "?z", "http://h/a/b?z");
	resolve_is("http://h/a/b/c", "../d", "http://h/a/d");
	resolve_is("http://h/a/b/c", "../../../../d", "http://h/d");
	resolve_is("http://h/a/b/", "./", "http://h/a/b/");
	resolve_is("http://h/a/b/c", "..", "http://h/a/");
	resolve_is("http://h", "x", "http://h/x");
	resolve_is("http://h/redirect/5/f", "../4/f", "http://h/redirect/4/f");
	resolve_is("http://h/a/b", "/x/../y?a/../b", "http://h/y?a/../b");
	check_int(fetch_url_resolve("http://h/a", "/0123456789", out,
				    sizeof(out)), ==, -1);
}

int main(void)
{
	heads();
	chunks();
	urls();
	return done_testing();
}
