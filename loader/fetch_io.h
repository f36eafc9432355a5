/* fetch_io.h - what the TFTP and HTTP clients share: the output, the limit,
 * progress, name resolution and the clock. Internal to loader/fetch*.
 */
#ifndef HOPBOOT_FETCH_IO_H
#define HOPBOOT_FETCH_IO_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "fetch.h"
#include "fetch_url.h"

/* Where a body goes: buffered writes to fd, counted against max. */
struct fetch_sink {
	int fd;
	const char *url;		/* for messages */
	unsigned long long done;	/* bytes accepted so far */
	unsigned long long total;	/* announced size, 0: unknown */
	unsigned long long max;
	fetch_progress_fn progress;
	void *progress_ctx;
	uint8_t *buf;
	size_t fill, cap;
};

/* Takes n more bytes of the body. Returns 0, or -1 with a sentence in err
 * when the limit is passed or the write fails. */
int fetch_sink_put(struct fetch_sink *s, const void *p, size_t n,
		   char *err, size_t errlen);
/* Records the size the server announced (tsize, Content-Length); -1 with a
 * sentence when it is over the limit, so nothing is downloaded. */
int fetch_sink_expect(struct fetch_sink *s, unsigned long long total,
		      char *err, size_t errlen);
/* Writes out what is buffered and reports progress. 0 or -1 as above. */
int fetch_sink_flush(struct fetch_sink *s, char *err, size_t errlen);
/* Forgets the body so far (a TFTP retry without options starts again). */
int fetch_sink_reset(struct fetch_sink *s, char *err, size_t errlen);

/* The IPv4 address of u->host (dotted, or looked up). 0 or -1 with a
 * sentence in err. */
int fetch_resolve(const struct fetch_url *u, struct sockaddr_in *sa,
		  char *err, size_t errlen);

/* CLOCK_MONOTONIC in milliseconds. */
long long fetch_now_ms(void);

/* "12.5 MiB", "300 bytes". */
void fetch_size_text(unsigned long long n, char *buf, size_t len);

/* The clients: the body of the URL u into s. 0 or -1 with a sentence. */
int tftp_fetch(const struct fetch_url *u, const struct fetch_opts *o,
	       struct fetch_sink *s, char *err, size_t errlen);
int http_fetch(const struct fetch_url *u, const struct fetch_opts *o,
	       struct fetch_sink *s, char *err, size_t errlen);

#endif
