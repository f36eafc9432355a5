/* fake_image.h - the scanner's image views, faked for the parser tests.
 *
 * A parser opens the filesystem inside an image file (GRUB's loopback of
 * an ISO kept on a disk) through ctx->image_view, which discover/scanner.c
 * answers by attaching the image to a loop device. fake_image answers
 * instead with a folder: every image file that exists on the device reads
 * as fake_image_dir, or as fake_image_other_dir when its path is
 * fake_image_other; fake_image_calls counts the asks. After a parse,
 * fake_image_close closes what it opened (the scanner's views last until
 * the parse of the set ends, as these do).
 */
#ifndef HOPBOOT_FAKE_IMAGE_H
#define HOPBOOT_FAKE_IMAGE_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fsview.h"
#include "parser.h"

static const char *fake_image_dir, *fake_image_other, *fake_image_other_dir;
static int fake_image_calls;
static struct fsview fake_image_views[2] = { { .root_fd = -1 },
					     { .root_fd = -1 } };

/* A ctx->image_view. */
static inline const struct fsview *fake_image(const struct parse_ctx *ctx,
					      const struct device *dev,
					      const char *image, char *why,
					      size_t whylen)
{
	const struct fsview *fs = parse_view_of(ctx, dev);
	bool other = fake_image_other && !strcmp(image, fake_image_other);
	struct fsview *v = &fake_image_views[other];

	fake_image_calls++;
	if (!fs || !fsview_is_file(fs, image)) {
		snprintf(why, whylen, "cannot open: it is not a file");
		return NULL;
	}
	if (v->root_fd < 0 &&
	    fsview_open(v, other ? fake_image_other_dir : fake_image_dir) < 0)
		return NULL;
	return v;
}

static inline void fake_image_close(void)
{
	for (int i = 0; i < 2; i++) {
		if (fake_image_views[i].root_fd >= 0)
			fsview_close(&fake_image_views[i]);
		fake_image_views[i].root_fd = -1;
	}
}

#endif
