/* pe.c - the section table of a PE/COFF file, read without trusting it. */
#include <errno.h>
#include <string.h>

#include "uki/pe.h"

/* Offsets from the PE/COFF specification (Microsoft, "PE Format"). */
#define DOS_LFANEW 0x3c		/* u32: where "PE\0\0" is */
#define COFF_MACHINE 4		/* from the signature: u16 */
#define COFF_NSECTIONS 6	/* u16 */
#define COFF_OPT_SIZE 20	/* u16: size of the optional header */
#define COFF_END 24		/* signature + file header */
#define SECTION_SIZE 40
#define SECT_VSIZE 8		/* u32 VirtualSize */
#define SECT_RAWSIZE 16		/* u32 SizeOfRawData */
#define SECT_RAWPTR 20		/* u32 PointerToRawData */

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int fail(const char **why, const char *msg)
{
	*why = msg;
	return -ENOEXEC;
}

int pe_read(const void *head, size_t head_len, uint64_t file_size,
	    struct pe_file *pe, const char **why)
{
	const unsigned char *b = head;
	uint64_t pe_off, table, table_end;
	unsigned n;

	memset(pe, 0, sizeof(*pe));
	if (head_len > file_size)
		head_len = (size_t)file_size;
	if (head_len < DOS_LFANEW + 4 || b[0] != 'M' || b[1] != 'Z')
		return fail(why, "is not an EFI program (no MZ header)");
	pe_off = le32(b + DOS_LFANEW);
	/* All in 64 bits: no sum below can wrap. */
	if (pe_off + COFF_END > head_len)
		return fail(why, "is damaged: its PE header lies beyond the first 16 KiB or the end of the file");
	if (memcmp(b + pe_off, "PE\0\0", 4))
		return fail(why, "is not an EFI program (no PE signature)");
	pe->machine = le16(b + pe_off + COFF_MACHINE);
	n = le16(b + pe_off + COFF_NSECTIONS);
	if (n > PE_SECTIONS_MAX)
		return fail(why, "is damaged: it claims more than 96 sections");
	table = pe_off + COFF_END + le16(b + pe_off + COFF_OPT_SIZE);
	table_end = table + (uint64_t)n * SECTION_SIZE;
	if (table_end > head_len)
		return fail(why, "is damaged: its section table lies beyond the first 16 KiB or the end of the file");

	for (unsigned i = 0; i < n; i++) {
		const unsigned char *s = b + table + (uint64_t)i * SECTION_SIZE;
		struct pe_section *sec = &pe->s[pe->n];
		uint64_t vsize = le32(s + SECT_VSIZE);
		uint64_t raw = le32(s + SECT_RAWSIZE);

		memcpy(sec->name, s, 8);
		sec->name[8] = '\0';
		sec->offset = le32(s + SECT_RAWPTR);
		/*
		 * In memory a section is VirtualSize bytes, zero-filled past
		 * its raw data; systemd-boot reads VirtualSize bytes. Raw
		 * data is padded to the file alignment, so it is usually the
		 * larger. The zeros past it carry nothing for our sections.
		 */
		sec->size = vsize && vsize < raw ? vsize : raw;
		if (!sec->size)
			sec->offset = 0;	/* no bytes: nothing to check */
		else if (sec->offset + sec->size > file_size)
			return fail(why, "is truncated or damaged: a section's bytes lie beyond the end of the file");
		pe->n++;
	}
	for (size_t i = 0; i < pe->n; i++)
		for (size_t k = i + 1; k < pe->n; k++) {
			const struct pe_section *x = &pe->s[i], *y = &pe->s[k];

			if (x->size && y->size && x->offset < y->offset + y->size &&
			    y->offset < x->offset + x->size)
				return fail(why, "is damaged or crafted: two of its sections share bytes");
		}
	return 0;
}

const struct pe_section *pe_find(const struct pe_file *pe, const char *name)
{
	for (size_t i = 0; i < pe->n; i++)
		if (!strcmp(pe->s[i].name, name))
			return &pe->s[i];
	return NULL;
}

uint16_t pe_native_machine(void)
{
#if defined(__x86_64__)
	return PE_MACHINE_X64;
#elif defined(__i386__)
	return PE_MACHINE_I386;
#elif defined(__aarch64__)
	return PE_MACHINE_ARM64;
#elif defined(__arm__)
	return PE_MACHINE_ARM;
#elif defined(__riscv) && __riscv_xlen == 64
	return PE_MACHINE_RISCV64;
#else
	return 0;
#endif
}
