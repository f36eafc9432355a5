/* cmdline.c - the kernel command line as GRUB 2.06 builds it from the linux command. */
#include <string.h>

#include "arena.h"
#include "grub2/grub2.h"

/*
 * grub_create_loader_cmdline (grub-core/lib/cmdline.c) as the i386 and EFI
 * linux loaders call it: the words start with the kernel path as written,
 * after "BOOT_IMAGE="; each word gets a '\' before every '\\', '\'' and '"',
 * is put in double quotes when it holds a space, and is followed by one
 * space, the last of which is dropped.
 */
char *grub2_cmdline(struct arena *a, int argc, char **argv)
{
	static const char image[] = "BOOT_IMAGE=";
	size_t len = sizeof(image);
	char *cmd, *p;

	for (int i = 0; i < argc; i++) {
		len += 3;
		for (const char *c = argv[i]; *c; c++)
			len += strchr("\\'\"", *c) ? 2 : 1;
	}
	cmd = arena_alloc(a, len);
	if (!cmd)
		return NULL;
	p = cmd;
	memcpy(p, image, sizeof(image) - 1);
	p += sizeof(image) - 1;
	for (int i = 0; i < argc; i++) {
		bool space = strchr(argv[i], ' ') != NULL;

		if (i)
			*p++ = ' ';
		if (space)
			*p++ = '"';
		for (const char *c = argv[i]; *c; c++) {
			if (strchr("\\'\"", *c))
				*p++ = '\\';
			*p++ = *c;
		}
		if (space)
			*p++ = '"';
	}
	*p = '\0';
	return cmd;
}
