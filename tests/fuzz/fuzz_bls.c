/* fuzz_bls.c - libFuzzer target: a BLS entry and loader.conf.
 *
 * The input is split at the first FUZZ_BLS_SPLIT: the bytes before it are
 * /loader/entries/fuzz.conf, those after it /loader/loader.conf (empty
 * when there is no split), so one input can exercise both and how they meet
 * (default, timeout). tests/fuzz/seed.sh writes seeds in that shape.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_fs.h"

#define FUZZ_BLS_SPLIT "\n#--loader.conf--\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t n = sizeof(FUZZ_BLS_SPLIT) - 1;
	size_t entry = size;

	fuzz_setup();
	for (size_t i = 0; i + n <= size; i++) {
		if (!memcmp(data + i, FUZZ_BLS_SPLIT, n)) {
			entry = i;
			break;
		}
	}
	fuzz_write("loader/entries/fuzz.conf", data, entry);
	if (entry < size)
		fuzz_write("loader/loader.conf", data + entry + n,
			   size - entry - n);
	else
		fuzz_write("loader/loader.conf", "", 0);
	fuzz_parse(bls_parse, "vfat");
	return 0;
}
