/* fetch_load.c - the loader's downloads: boot files into sealed memfds,
 * with progress in the log about every 10 %. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "fetch.h"
#include "loader.h"
#include "log.h"
#include "option.h"
#include "fetch_io.h"

/* Without a total, a line every this many bytes. */
#define UNKNOWN_STEP (16ull << 20)

struct progress {
	const char *what, *url;
	unsigned long long next;	/* log when done reaches this */
};

static void report(void *ctx, unsigned long long done,
		   unsigned long long total)
{
	struct progress *p = ctx;
	char d[32], t[32];

	if (done < p->next)
		return;
	fetch_size_text(done, d, sizeof(d));
	if (total) {
		fetch_size_text(total, t, sizeof(t));
		log_info("fetching %s %s: %llu%% (%s of %s)", p->what, p->url,
			 done * 100 / total, d, t);
		p->next = (done * 10 / total + 1) * total / 10;
		if (!p->next || p->next <= done)
			p->next = done + 1;
	} else {
		log_info("fetching %s %s: %s", p->what, p->url, d);
		p->next = done + UNKNOWN_STEP;
	}
}

int fetch_resource(const struct resource *r, const char *what,
		   char *msg, size_t msglen)
{
	struct progress p = { .what = what, .url = r->url, .next = 1 };
	struct fetch_opts o = { .progress = report, .progress_ctx = &p };
	int fd, sfd;

	log_info("fetching %s %s", what, r->url);
	fd = fetch_url(r->url, &o, msg, msglen);
	if (fd < 0)
		return -EIO;
	if (!r->section)
		return fd;
	/* A unified kernel image: hand over one section, not the file. */
	sfd = loader_section_fd(fd, r->url, r->section, msg, msglen);
	close(fd);
	return sfd;
}
