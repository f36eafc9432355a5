/* pe.h - the section table of a PE/COFF file, read without trusting it.
 *
 * Pure: the caller hands in the first bytes of a file and the file's size;
 * nothing is read or allocated here. Every offset and size in the headers is
 * checked against both before it is used, so a damaged or hostile file gives
 * an error sentence, never a read out of bounds.
 */
#ifndef HOPBOOT_PE_H
#define HOPBOOT_PE_H

#include <stddef.h>
#include <stdint.h>

/* The PE format's own limit on sections; the loader refuses more. */
#define PE_SECTIONS_MAX 96
/* Bytes from the start of the file that must hold the DOS stub, the PE
 * headers and the section table (real images need 1-4 KiB). */
#define PE_HEADERS_MAX (16u << 10)

#define PE_MACHINE_I386 0x014c
#define PE_MACHINE_X64 0x8664
#define PE_MACHINE_ARM 0x01c2
#define PE_MACHINE_ARM64 0xaa64
#define PE_MACHINE_RISCV64 0x5064

struct pe_section {
	char name[9];		/* NUL-terminated, at most 8 bytes */
	uint64_t offset;	/* of its bytes in the file */
	uint64_t size;		/* VirtualSize, capped at SizeOfRawData */
};

struct pe_file {
	uint16_t machine;
	size_t n;
	struct pe_section s[PE_SECTIONS_MAX];
};

/*
 * Reads the section table from head (the first head_len bytes of a file of
 * file_size bytes) into pe. Returns 0, or -ENOEXEC with *why set to a
 * sentence fragment that completes "the file ..." (static storage).
 * Sections whose bytes lie outside the file or overlap another section's
 * are errors: no real image has them.
 */
int pe_read(const void *head, size_t head_len, uint64_t file_size,
	    struct pe_file *pe, const char **why);

/* The first section named name, or NULL. */
const struct pe_section *pe_find(const struct pe_file *pe, const char *name);

/* The machine type PE images for this build's architecture carry. */
uint16_t pe_native_machine(void);

#endif
