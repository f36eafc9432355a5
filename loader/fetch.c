/* fetch.c - downloads a tftp:// or http:// URL into a memfd or a file. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "fetch_io.h"

#define SINK_BUF (256 * 1024)

long long fetch_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void fetch_size_text(unsigned long long n, char *buf, size_t len)
{
	if (n < 1024)
		snprintf(buf, len, "%llu bytes", n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%.1f KiB", n / 1024.0);
	else if (n < 1024ull * 1024 * 1024)
		snprintf(buf, len, "%.1f MiB", n / 1048576.0);
	else
		snprintf(buf, len, "%.1f GiB", n / 1073741824.0);
}

/* n: the announced size, 0 when the body just grew past the limit. */
static int too_big(struct fetch_sink *s, unsigned long long n, char *err,
		   size_t errlen)
{
	char size[48] = "larger than", max[32];

	if (n) {
		strcpy(size, "a ");
		fetch_size_text(n, size + 2, sizeof(size) - 2);
		strcat(size, " file, more than");
	}
	fetch_size_text(s->max, max, sizeof(max));
	snprintf(err, errlen, "%.300s is %s the download limit of %s; raise "
		 "the limit or serve a smaller file", s->url, size, max);
	return -1;
}

int fetch_sink_expect(struct fetch_sink *s, unsigned long long total,
		      char *err, size_t errlen)
{
	s->total = total;
	if (total > s->max)
		return too_big(s, total, err, errlen);
	return 0;
}

static int write_failed(struct fetch_sink *s, ssize_t w, char *err,
			size_t errlen)
{
	snprintf(err, errlen, "cannot store %.300s: %s%s", s->url,
		 w < 0 ? strerror(errno) : "short write",
		 w < 0 && (errno == ENOSPC || errno == ENOMEM) ?
		 " (not enough memory or space for it)" : "");
	return -1;
}

int fetch_sink_flush(struct fetch_sink *s, char *err, size_t errlen)
{
	size_t off = 0;

	while (off < s->fill) {
		ssize_t w = write(s->fd, s->buf + off, s->fill - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return write_failed(s, w, err, errlen);
		off += (size_t)w;
	}
	s->fill = 0;
	if (s->progress)
		s->progress(s->progress_ctx, s->done, s->total);
	return 0;
}

int fetch_sink_put(struct fetch_sink *s, const void *p, size_t n,
		   char *err, size_t errlen)
{
	if (n > s->max - s->done)
		return too_big(s, 0, err, errlen);
	s->done += n;
	if (!s->fill && n >= s->cap / 2) {
		/* Large reads skip the copy into the buffer. */
		const uint8_t *b = p;

		while (n) {
			ssize_t w = write(s->fd, b, n);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				s->fill = 0;
				return write_failed(s, w, err, errlen);
			}
			b += w;
			n -= (size_t)w;
		}
		if (s->progress)
			s->progress(s->progress_ctx, s->done, s->total);
		return 0;
	}
	while (n) {
		size_t k = s->cap - s->fill < n ? s->cap - s->fill : n;

		memcpy(s->buf + s->fill, p, k);
		s->fill += k;
		p = (const uint8_t *)p + k;
		n -= k;
		if (s->fill == s->cap && fetch_sink_flush(s, err, errlen))
			return -1;
	}
	return 0;
}

int fetch_sink_reset(struct fetch_sink *s, char *err, size_t errlen)
{
	s->done = s->total = 0;
	s->fill = 0;
	if (ftruncate(s->fd, 0) || lseek(s->fd, 0, SEEK_SET) < 0) {
		snprintf(err, errlen, "cannot store %.300s: %s", s->url,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int fetch_resolve(const struct fetch_url *u, struct sockaddr_in *sa,
		  char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_INET }, *res;
	int r;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)u->port);
	if (inet_pton(AF_INET, u->host, &sa->sin_addr) == 1)
		return 0;
	r = getaddrinfo(u->host, NULL, &hints, &res);
	if (r) {
		snprintf(err, errlen, "cannot find the address of %s: %s; "
			 "check the name, or use the server's IPv4 address",
			 u->host, r == EAI_SYSTEM ? strerror(errno) :
			 gai_strerror(r));
		return -1;
	}
	sa->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

/* The download itself, into fd (at its start). */
static int fetch_fd(int fd, const char *url, const struct fetch_opts *opts,
		    char *err, size_t errlen)
{
	static const struct fetch_opts defaults;
	struct fetch_opts o = opts ? *opts : defaults;
	struct fetch_url *u;
	struct fetch_sink s = { .fd = fd, .url = url };
	int r;

	if (!o.max_bytes)
		o.max_bytes = FETCH_DEFAULT_MAX;
	if (!o.timeout_ms)
		o.timeout_ms = FETCH_DEFAULT_TIMEOUT_MS;
	s.max = o.max_bytes;
	s.progress = o.progress;
	s.progress_ctx = o.progress_ctx;
	u = malloc(sizeof(*u));
	s.buf = malloc(SINK_BUF);
	s.cap = SINK_BUF;
	if (!u || !s.buf) {
		snprintf(err, errlen, "cannot fetch %.300s: out of memory",
			 url);
		r = -1;
		goto out_free;
	}
	r = fetch_url_parse(url, u, err, errlen);
	if (r)
		goto out_free;
	if (u->scheme == FETCH_TFTP)
		r = tftp_fetch(u, &o, &s, err, errlen);
	else
		r = http_fetch(u, &o, &s, err, errlen);
	if (!r)
		r = fetch_sink_flush(&s, err, errlen);
out_free:
	free(s.buf);
	free(u);
	return r;
}

int fetch_url(const char *url, const struct fetch_opts *opts,
	      char *err, size_t errlen)
{
	int fd = memfd_create("hopboot-fetch", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd < 0) {
		snprintf(err, errlen, "cannot fetch %.300s: cannot create a "
			 "memory file: %s", url, strerror(errno));
		return -1;
	}
	if (fetch_fd(fd, url, opts, err, errlen)) {
		close(fd);
		return -1;
	}
	/* Sealed, the file is what was downloaded until it is closed. Kernels
	 * without sealing still get a correct file. */
	fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK |
	      F_SEAL_SEAL);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

int fetch_to_file(const char *url, const char *path,
		  const struct fetch_opts *opts, char *err, size_t errlen)
{
	char tmp[4096];
	int fd;

	/* Written beside and renamed: a reader never sees half a file. */
	if (snprintf(tmp, sizeof(tmp), "%s.part", path) >= (int)sizeof(tmp)) {
		snprintf(err, errlen, "cannot store %.300s: the path is too "
			 "long", url);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %.300s: %s", tmp,
			 strerror(errno));
		return -1;
	}
	if (fetch_fd(fd, url, opts, err, errlen))
		goto out_unlink;
	if (close(fd)) {
		fd = -1;
		snprintf(err, errlen, "cannot write %.300s: %s", tmp,
			 strerror(errno));
		goto out_unlink;
	}
	fd = -1;
	if (rename(tmp, path)) {
		snprintf(err, errlen, "cannot create %.300s: %s", path,
			 strerror(errno));
		goto out_unlink;
	}
	return 0;
out_unlink:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}
