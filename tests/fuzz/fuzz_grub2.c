/* fuzz_grub2.c - libFuzzer target: a GRUB 2 script as /boot/grub/grub.cfg. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_fs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	fuzz_write("boot/grub/grub.cfg", data, size);
	fuzz_parse(grub2_parse, "ext4");
	return 0;
}
