/* fetch_url.c - splits tftp:// and http:// URLs and resolves redirects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch_url.h"

static int fail(char *err, size_t errlen, const char *url, const char *why)
{
	snprintf(err, errlen, "cannot fetch %.300s: %s", url, why);
	return -1;
}

int fetch_url_parse(const char *url, struct fetch_url *u,
		    char *err, size_t errlen)
{
	const char *p, *host, *end, *colon;
	size_t hlen;

	memset(u, 0, sizeof(*u));
	if (!strncasecmp(url, "tftp://", 7)) {
		u->scheme = FETCH_TFTP;
		u->port = 69;
		p = url + 7;
	} else if (!strncasecmp(url, "http://", 7)) {
		u->scheme = FETCH_HTTP;
		u->port = 80;
		p = url + 7;
	} else if (!strncasecmp(url, "https://", 8)) {
		return fail(err, errlen, url, "HTTPS is not supported yet; "
			    "serve this file over http:// or tftp://");
	} else {
		return fail(err, errlen, url, "only tftp:// and http:// URLs "
			    "are supported");
	}
	host = p;
	end = host + strcspn(host, "/?#");
	/* user:password@ is not something a boot server should need. */
	if (memchr(host, '@', (size_t)(end - host)))
		return fail(err, errlen, url, "user names and passwords in "
			    "URLs are not supported");
	if (*host == '[')
		return fail(err, errlen, url, "IPv6 addresses are not "
			    "supported yet; use an IPv4 address or a name");
	colon = memchr(host, ':', (size_t)(end - host));
	hlen = (size_t)((colon ? colon : end) - host);
	if (!hlen)
		return fail(err, errlen, url, "the URL names no host");
	if (hlen >= sizeof(u->host))
		return fail(err, errlen, url, "the host name is too long");
	memcpy(u->host, host, hlen);
	if (colon) {
		char *e;
		unsigned long port;

		if (colon + 1 == end)
			return fail(err, errlen, url, "the port is empty");
		port = strtoul(colon + 1, &e, 10);
		if (e != end || port == 0 || port > 65535 ||
		    colon[1] < '0' || colon[1] > '9')
			return fail(err, errlen, url, "the port is not a "
				    "number from 1 to 65535");
		u->port = (unsigned)port;
	}
	/* The fragment is the client's business, never the server's. */
	hlen = strcspn(end, "#");
	if (hlen + 2 > sizeof(u->path))
		return fail(err, errlen, url, "the path is too long");
	if (*end != '/')
		u->path[0] = '/';
	strncat(u->path, end, hlen);
	for (p = u->path; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return fail(err, errlen, url, "the URL holds a space "
				    "or control character; write it as %XX");
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int fetch_url_tftp_name(const char *path, char *out, size_t outlen)
{
	size_t n = 0;

	if (*path == '/')
		path++;
	for (; *path && *path != '?'; path++) {
		int c = (unsigned char)*path;

		if (c == '%' && hexval(path[1]) >= 0 && hexval(path[2]) >= 0) {
			c = hexval(path[1]) * 16 + hexval(path[2]);
			path += 2;
			if (!c)
				return -1;
		}
		if (n + 1 >= outlen)
			return -1;
		out[n++] = (char)c;
	}
	if (!outlen)
		return -1;
	out[n] = 0;
	return 0;
}

static int put(char *out, size_t outlen, const char *a, size_t alen,
	       const char *b)
{
	size_t blen = strlen(b);

	if (alen + blen + 1 > outlen)
		return -1;
	memmove(out, a, alen);
	memcpy(out + alen, b, blen + 1);
	return 0;
}

/* RFC 3986 5.2.4 on the path starting at p ("/a/./b/../c" -> "/a/c"), in
 * place; the query after it moves up. */
static void remove_dots(char *p)
{
	size_t i = 0, o = 0, end = strcspn(p, "?#");

	while (i < end) {
		size_t j = i + 1, l;

		while (j < end && p[j] != '/')
			j++;
		l = j - i - 1;
		if (l == 1 && p[i + 1] == '.') {
			if (j == end)
				p[o++] = '/';
		} else if (l == 2 && p[i + 1] == '.' && p[i + 2] == '.') {
			while (o > 0 && p[--o] != '/')
				;
			if (j == end)
				p[o++] = '/';
		} else {
			memmove(p + o, p + i, j - i);
			o += j - i;
		}
		i = j;
	}
	memmove(p + o, p + end, strlen(p + end) + 1);
}

static int resolve(const char *base, const char *location,
		   char *out, size_t outlen);

int fetch_url_resolve(const char *base, const char *location,
		      char *out, size_t outlen)
{
	const char *sep;

	if (resolve(base, location, out, outlen))
		return -1;
	sep = strstr(out, "://");
	if (!sep)
		return 0;
	sep += 3 + strcspn(sep + 3, "/?#");
	if (*sep == '/')
		remove_dots(out + (sep - out));
	return 0;
}

static int resolve(const char *base, const char *location,
		   char *out, size_t outlen)
{
	const char *sep = strstr(base, "://");
	const char *hostend, *q, *dir;

	/* An absolute URL with any scheme: the caller checks the scheme. */
	for (q = location; *q && *q != '/' && *q != '?' && *q != '#'; q++)
		if (*q == ':')
			return put(out, outlen, "", 0, location);
	if (!sep)
		return -1;
	if (location[0] == '/' && location[1] == '/')
		return put(out, outlen, base, (size_t)(sep + 1 - base),
			   location);
	hostend = sep + 3 + strcspn(sep + 3, "/?#");
	if (location[0] == '/')
		return put(out, outlen, base, (size_t)(hostend - base),
			   location);
	if (!*location)
		return put(out, outlen, base, strcspn(base, "#"), "");
	q = hostend + strcspn(hostend, "?#");
	if (location[0] == '?')
		return put(out, outlen, base, (size_t)(q - base), location);
	/* Relative: replace what follows the last "/" of the path. */
	dir = q;
	while (dir > hostend && dir[-1] != '/')
		dir--;
	if (dir == hostend) {
		/* "http://host" has the path "/". */
		if (hostend - base + 1 + strlen(location) + 1 > outlen)
			return -1;
		memmove(out, base, (size_t)(hostend - base));
		out[hostend - base] = '/';
		strcpy(out + (hostend - base) + 1, location);
		return 0;
	}
	return put(out, outlen, base, (size_t)(dir - base), location);
}
