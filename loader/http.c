/* http.c - an HTTP/1.1 client: GET, Content-Length and chunked bodies,
 * redirects (at most HTTP_REDIRECTS), every wait bounded by timeout_ms.
 *
 * One request per connection (Connection: close): boot files are few and
 * large, and a fresh connection per redirect keeps the states few.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "fetch_io.h"
#include "http_response.h"

#define HTTP_REDIRECTS 5
#define RECV_BUF (256 * 1024)

struct http {
	int sock;
	const struct fetch_url *u;
	const char *url;		/* the URL being fetched now */
	unsigned timeout_ms;
	char *buf;			/* RECV_BUF bytes */
	size_t fill;
	struct http_head head;
};

/* Waits for events on the socket for at most timeout_ms. 1 ready, 0 timed
 * out, -1 failed (errno). */
static int wait_for(struct http *h, short events)
{
	struct pollfd pfd = { .fd = h->sock, .events = events };
	long long end = fetch_now_ms() + h->timeout_ms;
	int r;

	for (;;) {
		long long left = end - fetch_now_ms();

		if (left <= 0)
			return 0;
		r = poll(&pfd, 1, (int)left);
		if (r >= 0 || errno != EINTR)
			return r;
	}
}

static int connect_to(struct http *h, char *err, size_t errlen)
{
	struct sockaddr_in sa;
	int e = 0, r;
	socklen_t el = sizeof(e);

	if (fetch_resolve(h->u, &sa, err, errlen))
		return -1;
	h->sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			 0);
	if (h->sock < 0) {
		snprintf(err, errlen, "cannot fetch %.300s: %s", h->url,
			 strerror(errno));
		return -1;
	}
	if (connect(h->sock, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return 0;
	if (errno != EINPROGRESS) {
		e = errno;
		goto fail;
	}
	r = wait_for(h, POLLOUT);
	if (r == 0) {
		snprintf(err, errlen, "no answer from the HTTP server %s port "
			 "%u for %.300s within %.1f s; check that it runs and "
			 "that this machine can reach it", h->u->host,
			 h->u->port, h->url, h->timeout_ms / 1000.0);
		return -1;
	}
	if (r < 0 || getsockopt(h->sock, SOL_SOCKET, SO_ERROR, &e, &el))
		e = errno;
	if (!e)
		return 0;
fail:
	snprintf(err, errlen, "cannot connect to the HTTP server %s port %u "
		 "for %.300s: %s; check the address and that the server runs",
		 h->u->host, h->u->port, h->url, strerror(e));
	return -1;
}

static int send_request(struct http *h, char *err, size_t errlen)
{
	char req[FETCH_PATH_MAX + FETCH_HOST_MAX + 256], port[16] = "";
	size_t n, off = 0;

	if (h->u->port != 80)
		snprintf(port, sizeof(port), ":%u", h->u->port);
	n = (size_t)snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\n"
			     "Host: %s%s\r\n"
			     "User-Agent: hopboot/" HOPBOOT_VERSION "\r\n"
			     "Accept: */*\r\n"
			     "Connection: close\r\n\r\n",
			     h->u->path, h->u->host, port);
	while (off < n) {
		ssize_t w = send(h->sock, req + off, n - off, MSG_NOSIGNAL);

		if (w >= 0) {
			off += (size_t)w;
			continue;
		}
		if (errno == EAGAIN && wait_for(h, POLLOUT) > 0)
			continue;
		snprintf(err, errlen, "cannot send the request for %.300s: %s",
			 h->url, errno == EAGAIN ? "timed out" :
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* Reads more into buf after fill. Returns bytes read, 0 at the end of
 * the stream, -1 with a sentence on an error or a timeout. */
static ssize_t more(struct http *h, struct fetch_sink *s, char *err,
		    size_t errlen)
{
	for (;;) {
		ssize_t n = recv(h->sock, h->buf + h->fill, RECV_BUF - h->fill,
				 0);
		char done[32];
		int r;

		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			r = wait_for(h, POLLIN);
			if (r > 0)
				continue;
			if (r < 0)
				goto fail;
			fetch_size_text(s->done, done, sizeof(done));
			snprintf(err, errlen, "the HTTP server %s stopped "
				 "sending %.300s after %s (nothing for %.1f s)"
				 "; try again, or check the network",
				 h->u->host, h->url, done,
				 h->timeout_ms / 1000.0);
			return -1;
		}
fail:
		snprintf(err, errlen, "cannot read %.300s from %s: %s",
			 h->url, h->u->host, strerror(errno));
		return -1;
	}
}

/* Reads the head of the final (non-1xx) response. */
static int read_head(struct http *h, struct fetch_sink *s, char *err,
		     size_t errlen)
{
	const char *why = "";
	int interim = 0;
	long hl;

	for (;;) {
		hl = http_parse_head(h->buf, h->fill, &h->head, &why);
		if (hl > 0 && h->head.status < 200 && ++interim > 8) {
			why = "more than 8 interim (1xx) answers";
			break;
		}
		if (hl > 0 && h->head.status < 200) {
			/* 100 Continue and friends come before the answer. */
			h->fill -= (size_t)hl;
			memmove(h->buf, h->buf + hl, h->fill);
			continue;
		}
		if (hl > 0)
			return (int)hl;
		if (hl < 0)
			break;
		if (h->fill >= HTTP_HEAD_MAX) {
			why = "headers longer than 16 KiB";
			break;
		}
		ssize_t n = more(h, s, err, errlen);

		if (n < 0)
			return -1;
		if (n == 0) {
			why = "a connection closed before the headers ended";
			break;
		}
		h->fill += (size_t)n;
	}
	snprintf(err, errlen, "the HTTP server %s sent %s for %.300s; it is "
		 "not a working HTTP server", h->u->host, why, h->url);
	return -1;
}

static int short_body(struct http *h, struct fetch_sink *s, char *err,
		      size_t errlen)
{
	char got[32];

	fetch_size_text(s->done, got, sizeof(got));
	snprintf(err, errlen, "the HTTP server %s closed the connection after "
		 "%s of %.300s; try again", h->u->host, got, h->url);
	return -1;
}

static int chunked_body(struct http *h, struct fetch_sink *s, char *err,
			size_t errlen)
{
	struct http_chunked c = { 0 };
	const char *why;
	size_t out, used;
	ssize_t n;
	int r;

	for (;;) {
		r = http_chunked_decode(&c, h->buf, h->fill, &out, &used,
					&why);
		if (r < 0) {
			snprintf(err, errlen, "the HTTP server %s sent %s in "
				 "%.300s; it is not a working HTTP server",
				 h->u->host, why, h->url);
			return -1;
		}
		if (fetch_sink_put(s, h->buf, out, err, errlen))
			return -1;
		if (r == 1)
			return 0;
		h->fill = 0;
		n = more(h, s, err, errlen);
		if (n < 0)
			return -1;
		if (n == 0)
			return short_body(h, s, err, errlen);
		h->fill = (size_t)n;
	}
}

static int plain_body(struct http *h, struct fetch_sink *s, char *err,
		      size_t errlen)
{
	long long left = h->head.content_length;	/* -1: to the end */
	ssize_t n;

	if (left >= 0 && fetch_sink_expect(s, (unsigned long long)left, err,
					   errlen))
		return -1;
	for (;;) {
		size_t k = h->fill;

		if (left >= 0 && (long long)k > left)
			k = (size_t)left;
		if (fetch_sink_put(s, h->buf, k, err, errlen))
			return -1;
		if (left >= 0 && !(left -= (long long)k))
			return 0;
		h->fill = 0;
		n = more(h, s, err, errlen);
		if (n < 0)
			return -1;
		if (n == 0)
			return left < 0 ? 0 : short_body(h, s, err, errlen);
		h->fill = (size_t)n;
	}
}

static bool is_redirect(unsigned status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

/* One request. 0 done, 1 redirected (h->head.location), -1 failed. */
static int get(struct http *h, struct fetch_sink *s, char *err,
	       size_t errlen)
{
	long hl;

	h->fill = 0;
	if (connect_to(h, err, errlen) || send_request(h, err, errlen))
		return -1;
	hl = read_head(h, s, err, errlen);
	if (hl < 0)
		return -1;
	h->fill -= (size_t)hl;
	memmove(h->buf, h->buf + hl, h->fill);
	if (is_redirect(h->head.status)) {
		if (h->head.location[0])
			return 1;
		snprintf(err, errlen, "the HTTP server %s answered %u %s for "
			 "%.300s without %s", h->u->host, h->head.status,
			 h->head.reason, h->url, h->head.location_too_long ?
			 "a Location short enough to follow" :
			 "saying where to (no Location)");
		return -1;
	}
	if (h->head.status < 200 || h->head.status > 299) {
		unsigned st = h->head.status;

		snprintf(err, errlen, "the server answered %u %s for %.300s%s",
			 st, h->head.reason, h->url,
			 st == 404 || st == 410 ? "; check the path" :
			 st == 401 || st == 403 ? "; the server does not let "
			 "anyone read it" : st >= 500 ? "; the server failed: "
			 "see its log" : "");
		return -1;
	}
	if (h->head.status == 204 || h->head.status == 304)
		return 0;
	if (h->head.other_encoding) {
		snprintf(err, errlen, "the HTTP server %s sent %.300s in a "
			 "transfer encoding other than chunked; serve it "
			 "plainly", h->u->host, h->url);
		return -1;
	}
	return h->head.chunked ? chunked_body(h, s, err, errlen) :
	       plain_body(h, s, err, errlen);
}

int http_fetch(const struct fetch_url *u, const struct fetch_opts *o,
	       struct fetch_sink *s, char *err, size_t errlen)
{
	struct http h = { .sock = -1, .timeout_ms = o->timeout_ms };
	struct fetch_url *next = malloc(sizeof(*next));
	char *url = malloc(FETCH_PATH_MAX + FETCH_HOST_MAX + 32);
	char *target = malloc(FETCH_PATH_MAX + FETCH_HOST_MAX + 32);
	int r = -1;

	h.buf = malloc(RECV_BUF);
	if (!next || !url || !target || !h.buf) {
		snprintf(err, errlen, "cannot fetch %.300s: out of memory",
			 s->url);
		goto out_free;
	}
	h.u = u;
	h.url = s->url;
	for (int hops = 0;; hops++) {
		r = get(&h, s, err, errlen);
		if (h.sock >= 0)
			close(h.sock);
		h.sock = -1;
		if (r <= 0)
			break;
		r = -1;
		if (hops == HTTP_REDIRECTS) {
			snprintf(err, errlen, "%.300s redirects more than %d "
				 "times; give the final URL", s->url,
				 HTTP_REDIRECTS);
			break;
		}
		snprintf(err, errlen, "it is too long");
		if (fetch_url_resolve(h.url, h.head.location, target,
				      FETCH_PATH_MAX + FETCH_HOST_MAX + 32) ||
		    fetch_url_parse(target, next, err, errlen))
			goto bad_location;
		if (next->scheme != FETCH_HTTP) {
			snprintf(err, errlen, "%.300s redirects to %.300s; "
				 "only redirects to http:// are followed",
				 h.url, target);
			break;
		}
		strcpy(url, target);
		h.url = url;
		h.u = next;
		/* The first redirect's body is not the file. */
		if (fetch_sink_reset(s, err, errlen))
			break;
	}
	goto out_free;
bad_location:
	{
		char why[512];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "%.300s redirects to an unusable "
			 "location (%s)", h.url, why);
	}
out_free:
	free(h.buf);
	free(target);
	free(url);
	free(next);
	return r;
}
