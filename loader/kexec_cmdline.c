/* kexec_cmdline.c - the command line 'hopboot kexec' hands the new kernel. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "cmdline.h"
#include "kexec_cmdline.h"

/* The words a boot loader puts on the command line for its own use: GRUB's
 * BOOT_IMAGE= names the kernel it loaded, initrd= the initrds an EFI-stub
 * loader passed. Handed on, both would name files of the old boot. */
static bool loader_word(const char *w, size_t len)
{
	static const char *const keys[] = { "BOOT_IMAGE=", "initrd=" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		size_t klen = strlen(keys[i]);

		if (len >= klen && !strncmp(w, keys[i], klen))
			return true;
	}
	return false;
}

int kexec_cmdline_reuse(const char *line, char *buf, size_t size)
{
	const char *p = line, *ws, *we;
	bool for_init = false;
	size_t n = 0;

	if (!size)
		return -E2BIG;
	buf[0] = '\0';
	while (cmdline_next_word(&p, &ws, &we)) {
		size_t len = (size_t)(we - ws);

		if (!for_init && loader_word(ws, len))
			continue;
		if (len == 2 && !strncmp(ws, "--", 2))
			for_init = true;
		if (n + (n > 0) + len + 1 > size)
			return -E2BIG;
		if (n > 0)
			buf[n++] = ' ';
		memcpy(buf + n, ws, len);
		n += len;
		buf[n] = '\0';
	}
	return 0;
}

int kexec_cmdline_append(char *buf, size_t size, const char *words)
{
	size_t n = strlen(buf), len;

	while (*words == ' ')
		words++;
	len = strlen(words);
	if (!len)
		return 0;
	if (n + (n > 0) + len + 1 > size)
		return -E2BIG;
	if (n > 0)
		buf[n++] = ' ';
	memcpy(buf + n, words, len + 1);
	return 0;
}
