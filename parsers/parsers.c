/* parsers.c - runs every configuration parser over one filesystem. */
#include <errno.h>

#include "parser.h"

int parsers_run(struct parse_ctx *ctx)
{
	static int (*const parsers[])(struct parse_ctx *) = {
		bls_parse,
		syslinux_parse,
		grub2_parse,
	};
	int total = 0;

	for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++) {
		int r = parsers[i](ctx);

		if (r < 0)
			return r;
		total += r;
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
