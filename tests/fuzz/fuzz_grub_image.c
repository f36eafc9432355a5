/* fuzz_grub_image.c - libFuzzer target: GRUB EFI images, memdisks, embedded configs.
 *
 * Real images are 120 KiB and more, past run.sh's -max_len, so the first
 * byte says what the rest is:
 *	0	a whole EFI file: grub2_image_read, then its memdisk walked
 *	1, 2	the bytes of a "mods" section, put into a small x86_64 (1) or
 *		i386 (2) PE file (tests/parsers/pebuild.h), then the same
 *	3	a memdisk image (tar or FAT), walked
 *	4	an embedded config, run by grub2_net_parse as rescue mode and
 *		normal mode would, against a boot server whose only file is
 *		the same bytes as $prefix/grub.cfg
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_fs.h"
#include "parsers/pebuild.h"

#include "arena.h"
#include "grub2/image.h"
#include "grub2/netboot.h"
#include "uki/pe.h"

static int count(void *arg, const char *path, const void *data, size_t size)
{
	const unsigned char *d = data;
	size_t *n = arg;

	/* Touch the name and both ends of the bytes. */
	*n += strlen(path) + (size ? d[0] + d[size - 1] : 0);
	return 0;
}

static void walk(const void *b, size_t len)
{
	struct arena *a = arena_new();
	const char *why;
	size_t n = 0;

	if (!a)
		abort();
	grub2_memdisk_walk(b, len, a, count, &n, &why);
	arena_free(a);
}

static void image(const uint8_t *b, size_t len)
{
	struct grub2_image img;
	const char *why;

	if (grub2_image_read(b, len, &img, &why) == 0) {
		if (img.memdisk)
			walk(img.memdisk, img.memdisk_len);
		grub2_shim_loader(img.machine);
	}
}

static void embedded(const uint8_t *b, size_t len)
{
	struct fsview fs = { .root_fd = -1 };
	struct option_set *set = option_set_new();
	struct net_info net = { .ip = "10.0.2.15", .mac = "52:54:00:12:34:56",
				.server = "10.0.2.2", .hwtype = 1 };
	struct grub2_net_image img = { .path = "/grubx64.efi",
				       .prefix = "/p" };
	struct parse_ctx ctx;
	struct device *dev;
	char *text = malloc(len + 1);

	if (!set || !text || !(dev = option_set_add_device(set)))
		fuzz_die("option_set_new");
	memcpy(text, b, len);
	text[len] = '\0';
	img.config = text;
	/* The same bytes as $prefix/grub.cfg: what normal mode reads when
	 * the config leaves $prefix alone. */
	fuzz_write("p/grub.cfg", b, len);
	dev->id = "net:52:54:00:12:34:56";
	dev->path = "tftp://10.0.2.2/";
	dev->type = "network";
	if (fsview_open(&fs, fuzz_dir) < 0)
		fuzz_die("fsview_open");
	ctx = (struct parse_ctx){ .fs = &fs, .dev = dev, .set = set,
				  .net = &net };
	grub2_net_parse(&ctx, "grubx64.efi", "tftp://10.0.2.2", &img);
	fsview_close(&fs);
	option_set_resolve_default(set);
	option_set_write_json(set, fuzz_null);
	option_set_free(set);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)fuzz_parse;	/* fuzz_fs.h's, for folders: not used here */
	if (!size)
		return 0;
	fuzz_setup();
	switch (data[0]) {
	case 0:
		image(data + 1, size - 1);
		break;
	case 1:
	case 2: {
		struct pb_section s = { "mods", data + 1, size - 1 };
		size_t len;
		unsigned char *b = pb_build(data[0] == 1 ? PE_MACHINE_X64 :
					    PE_MACHINE_I386, &s, 1, &len);

		image(b, len);
		free(b);
		break;
	}
	case 3:
		walk(data + 1, size - 1);
		break;
	case 4:
		embedded(data + 1, size - 1);
		break;
	default:
		break;
	}
	return 0;
}
