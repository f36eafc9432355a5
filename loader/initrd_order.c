/* initrd_order.c - finds early microcode archives so that they go first.
 *
 * The kernel looks for microcode only in uncompressed cpio archives at the
 * start of the initrd (arch/x86/kernel/cpu/microcode: find_cpio_data from
 * offset 0, stopping at the first compressed archive), so an entry that
 * lists intel-ucode.img after the compressed initramfs loads no microcode.
 * Moving the microcode archive first changes nothing else: its files
 * (kernel/x86/microcode/...) are in no other archive.
 */
#include <string.h>
#include <unistd.h>

#include "initrd_order.h"

#define NEWC_HEADER 110		/* "070701" and 13 fields of 8 hex digits */

bool initrd_is_microcode(const unsigned char *h, size_t len)
{
	static const char want[] = "kernel/x86/microcode";
	const char *name = (const char *)h + NEWC_HEADER;
	size_t n = 0;

	if (len <= NEWC_HEADER || (memcmp(h, "070701", 6) &&
				   memcmp(h, "070702", 6)))
		return false;
	/* The name, NUL-terminated, right after the header. */
	while (NEWC_HEADER + n < len && name[n])
		n++;
	if (NEWC_HEADER + n == len || !n)
		return false;
	if (n >= 2 && name[0] == '.' && name[1] == '/') {
		name += 2;
		n -= 2;
	}
	/* "kernel", "kernel/x86", "kernel/x86/microcode[/...]". */
	if (n <= sizeof(want) - 1)
		return !memcmp(name, want, n) &&
		       (n == sizeof(want) - 1 || want[n] == '/');
	return !memcmp(name, want, sizeof(want) - 1) &&
	       name[sizeof(want) - 1] == '/';
}

void initrd_order(const int *fds, size_t n, size_t *order)
{
	size_t k = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			unsigned char head[NEWC_HEADER + 64];
			ssize_t got = pread(fds[i], head, sizeof(head), 0);
			bool ucode = got > 0 &&
				     initrd_is_microcode(head, (size_t)got);

			if (ucode == (pass == 0))
				order[k++] = i;
		}
	}
}
