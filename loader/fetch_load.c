/* fetch_load.c - the loader's downloads: boot files into sealed memfds,
 * with progress in the log about every 10 % and, through fetch_load_hook,
 * at every percent to the menus. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "fetch.h"
#include "loader.h"
#include "log.h"
#include "option.h"
#include "fetch_io.h"

/* Without a total, a line every this many bytes; the hook every MiB. */
#define UNKNOWN_STEP (16ull << 20)
#define HOOK_STEP (1ull << 20)

fetch_load_hook_fn fetch_load_hook;
void *fetch_load_hook_data;

struct progress {
	const char *what, *url;
	unsigned long long next;	/* log when done reaches this */
	unsigned long long hook_next;	/* call the hook then */
};

/* The menus' share: every whole percent, so at most ~100 messages. */
static void hook(struct progress *p, unsigned long long done,
		 unsigned long long total)
{
	if (!fetch_load_hook || done < p->hook_next)
		return;
	fetch_load_hook(fetch_load_hook_data, p->what, p->url, done, total,
			false);
	if (total)
		p->hook_next = (done * 100 / total + 1) * total / 100;
	if (!total || p->hook_next <= done)
		p->hook_next = done + (total ? 1 : HOOK_STEP);
}

static void report(void *ctx, unsigned long long done,
		   unsigned long long total)
{
	struct progress *p = ctx;
	char d[32], t[32];

	hook(p, done, total);
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
	if (fetch_load_hook)
		fetch_load_hook(fetch_load_hook_data, what, r->url, 0, 0, true);
	if (fd < 0)
		return -EIO;
	if (!r->section)
		return fd;
	/* A unified kernel image: hand over one section, not the file. */
	sfd = loader_section_fd(fd, r->url, r->section, msg, msglen);
	close(fd);
	return sfd;
}
