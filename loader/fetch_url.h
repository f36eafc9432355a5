/* fetch_url.h - splits tftp:// and http:// URLs and resolves redirects. */
#ifndef HOPBOOT_FETCH_URL_H
#define HOPBOOT_FETCH_URL_H

#include <stddef.h>

enum fetch_scheme {
	FETCH_TFTP,
	FETCH_HTTP,
};

#define FETCH_HOST_MAX 256
#define FETCH_PATH_MAX 4096

struct fetch_url {
	enum fetch_scheme scheme;
	char host[FETCH_HOST_MAX];	/* a name or dotted IPv4 address */
	unsigned port;			/* 69 or 80 unless the URL says */
	char path[FETCH_PATH_MAX];	/* "/"-rooted, as written (percent
					 * escapes kept), query included */
};

/* Parses url into u. Pure. Returns 0, or -1 with a sentence in err (an
 * unknown or https scheme, no host, a bad port, too long). */
int fetch_url_parse(const char *url, struct fetch_url *u,
		    char *err, size_t errlen);

/* The TFTP file name of a path: without its leading "/" (RFC 3617) and
 * with %XX escapes decoded. Returns 0, or -1 when it does not fit or
 * decodes to a NUL byte. */
int fetch_url_tftp_name(const char *path, char *out, size_t outlen);

/* Resolves an HTTP Location header against the URL it came from, as a
 * browser does: absolute ("http://h/p"), scheme-relative ("//h/p"),
 * absolute path ("/p") or relative to base's directory ("p", "../p",
 * "?q"). Dot segments are not removed. Pure. Returns 0, or -1 when the
 * result does not fit in out. */
int fetch_url_resolve(const char *base, const char *location,
		      char *out, size_t outlen);

#endif
