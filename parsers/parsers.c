/* parsers.c - runs every configuration parser over one filesystem. */
#include <errno.h>

#include "parser.h"

int parsers_run(struct parse_ctx *ctx)
{
	static int (*const parsers[])(struct parse_ctx *) = {
		bls_parse,
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
