/* fuzz_syslinux.c - libFuzzer target: a syslinux config as /extlinux.conf. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_fs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	fuzz_write("extlinux.conf", data, size);
	fuzz_parse(syslinux_parse, "ext4");
	return 0;
}
