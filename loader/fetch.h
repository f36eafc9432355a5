/* fetch.h - downloads a URL (tftp:// or http://) into memory or a file.
 *
 * Used by the loader for kernels and initrds of network options and by the
 * network discoverer for pxelinux, GRUB and iPXE configs. Every wait is
 * bounded by timeout_ms and every body by max_bytes: a server can be slow or
 * hostile, never able to hang or exhaust the boot manager.
 */
#ifndef HOPBOOT_FETCH_H
#define HOPBOOT_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#define FETCH_DEFAULT_MAX (1ull << 30)
#define FETCH_DEFAULT_TIMEOUT_MS 5000u
/* The largest block that fits an Ethernet frame unfragmented: 1500 bytes
 * less the IP (20), UDP (8) and TFTP (4) headers. */
#define FETCH_TFTP_BLKSIZE 1468u
#define FETCH_TFTP_WINDOWSIZE 16u

typedef void (*fetch_progress_fn)(void *ctx, unsigned long long done,
				  unsigned long long total /* 0: unknown */);

struct fetch_opts {
	unsigned long long max_bytes;	/* 0: FETCH_DEFAULT_MAX */
	unsigned timeout_ms;		/* no reply this long: fail; 0: default */
	fetch_progress_fn progress;	/* may be NULL */
	void *progress_ctx;
	/* TFTP only, for tests and odd servers; 0: the defaults
	 * (FETCH_TFTP_BLKSIZE, FETCH_TFTP_WINDOWSIZE). 512 and 1 ask for
	 * plain RFC 1350 blocks and lock-step. */
	unsigned tftp_blksize;
	unsigned tftp_windowsize;
};

/* Downloads url into a new memfd (sealed against writes where possible),
 * positioned at offset 0. Returns the fd, or -1 with a sentence the user can
 * act on in err. opts may be NULL for the defaults. */
int fetch_url(const char *url, const struct fetch_opts *opts,
	      char *err, size_t errlen);

/* Same, into a new file at path (for configs cached under /run/hopboot).
 * Returns 0, or -1 with a sentence in err; a partial file is removed. */
int fetch_to_file(const char *url, const char *path,
		  const struct fetch_opts *opts, char *err, size_t errlen);

struct resource;
/* A boot option's resource whose url is set, as the loader needs it: the
 * file (or its PE section) in a sealed memfd, with progress logged about
 * every 10 %. what is "kernel", "initrd"... for messages. Returns the fd or
 * -errno with a sentence in msg. */
int fetch_resource(const struct resource *r, const char *what,
		   char *msg, size_t msglen);
/* When set, fetch_resource also calls this as the file arrives: at every
 * whole percent (every MiB when the size is unknown) and once at the end
 * (end true, even after a failure). The discover daemon sets it to tell
 * the menus (a "progress" message, doc/protocol.md). total 0: unknown. */
typedef void (*fetch_load_hook_fn)(void *data, const char *what,
				   const char *url, unsigned long long done,
				   unsigned long long total, bool end);
extern fetch_load_hook_fn fetch_load_hook;
extern void *fetch_load_hook_data;

#endif
