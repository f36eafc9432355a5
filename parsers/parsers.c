/* parsers.c - runs every configuration parser over one filesystem. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "parser.h"

enum { P_BLS, P_SYSLINUX, P_GRUB2, P_N };

/* In this order on each filesystem: options and their default, and the
 * first timeout, come in it. */
static int (*const parsers[P_N])(struct parse_ctx *) = {
	[P_BLS] = bls_parse,
	[P_SYSLINUX] = syslinux_parse,
	[P_GRUB2] = grub2_parse,
};

/* Is file (on its device, not in an image) one a GRUB option came from
 * after its grub.cfg: the entry file blscfg read? */
static bool grub_read(const struct option_set *set, const struct resource *file)
{
	for (size_t i = 0; i < set->n_options; i++) {
		const struct boot_option *o = set->options[i];

		if (o->source != SOURCE_GRUB2)
			continue;
		for (size_t k = 1; k < o->n_configs; k++) {
			const struct resource *c = &o->configs[k];

			if (!c->image && c->device && c->path &&
			    !strcmp(c->device, file->device) &&
			    !strcmp(c->path, file->path))
				return true;
		}
	}
	return false;
}

/*
 * Drops the BLS options set->options[first, first + n) whose entry file
 * GRUB's blscfg read: outside systemd-boot's own partitions, such entries
 * are GRUB's (Fedora's and RHEL's /boot scanned as a directory or an
 * image, where no partition type says so), listed once, as GRUB shows
 * them: $kernelopts expanded, GRUB's default. Returns how many are kept.
 */
static size_t drop_grub_read(struct parse_ctx *ctx, size_t first, size_t n)
{
	struct option_set *set = ctx->set;
	size_t kept = first;

	if (!n || bls_own_partition(ctx->dev))
		return n;
	for (size_t i = first; i < first + n; i++) {
		struct boot_option *o = set->options[i];

		if (!o->n_configs || o->configs[0].image ||
		    !o->configs[0].device || !grub_read(set, &o->configs[0]))
			set->options[kept++] = o;
	}
	memmove(&set->options[kept], &set->options[first + n],
		(set->n_options - first - n) * sizeof(*set->options));
	set->n_options -= first + n - kept;
	return kept - first;
}

int parsers_run(struct parse_ctx *ctx)
{
	struct option_set *set = ctx->set;
	bool had_timeout = set->has_timeout;
	int timeout = set->timeout, total = 0, r;
	struct {
		size_t first, n;
		bool has_timeout;
		int timeout;
	} ran[P_N];

	/* Each parser sets the set's timeout when it has none; each is
	 * given none, so that what each would set is known, and the
	 * first that still lists something gives it below. */
	for (int i = 0; i < P_N; i++) {
		ran[i].first = set->n_options;
		set->has_timeout = false;
		r = parsers[i](ctx);
		if (r < 0)
			return r;
		ran[i].n = set->n_options - ran[i].first;
		ran[i].has_timeout = set->has_timeout;
		ran[i].timeout = set->timeout;
	}
	ran[P_BLS].n = drop_grub_read(ctx, ran[P_BLS].first, ran[P_BLS].n);

	set->has_timeout = had_timeout;
	set->timeout = timeout;
	for (int i = 0; i < P_N; i++) {
		total += (int)ran[i].n;
		if (set->has_timeout || !ran[i].has_timeout ||
		    (i == P_BLS && !ran[i].n))
			continue;
		set->timeout = ran[i].timeout;
		set->has_timeout = true;
	}
	return total;
}

const struct fsview *parse_view_of(const struct parse_ctx *ctx,
				   const struct device *dev)
{
	if (dev == ctx->dev)
		return ctx->fs;
	if (!ctx->views)
		return NULL;
	for (size_t i = 0; i < ctx->set->n_devices; i++)
		if (ctx->set->devices[i] == dev)
			return ctx->views[i].root_fd >= 0 ? &ctx->views[i]
							  : NULL;
	return NULL;
}
