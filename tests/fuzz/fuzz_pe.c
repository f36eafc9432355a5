/* fuzz_pe.c - libFuzzer target: the PE/COFF section table reader.
 *
 * pe_read sees at most PE_HEADERS_MAX bytes, as the UKI reader hands it,
 * while the file size is the whole input's, so sections past the head are
 * checked against the size alone.
 */
#include <stddef.h>
#include <stdint.h>

#include "uki/pe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_file pe;
	const char *why;
	size_t head = size < PE_HEADERS_MAX ? size : PE_HEADERS_MAX;

	if (pe_read(data, head, size, &pe, &why) == 0) {
		pe_find(&pe, ".linux");
		pe_find(&pe, ".cmdline");
	}
	return 0;
}
