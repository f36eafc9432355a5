/* pebuild.h - builds small PE files in memory for the PE and UKI tests.
 *
 * Just enough of the format for pe.c: a DOS header pointing at "PE\0\0",
 * a COFF file header, an optional header of opt_size zero bytes, the
 * section table, then each section's bytes at a 512-byte boundary
 * (VirtualSize = its length, SizeOfRawData = rounded up). Tests then
 * damage the result at the offsets below.
 */
#ifndef HOPBOOT_PEBUILD_H
#define HOPBOOT_PEBUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PB_LFANEW 0x40
#define PB_OPT_SIZE 240		/* a PE32+ optional header */
#define PB_TABLE (PB_LFANEW + 24 + PB_OPT_SIZE)

struct pb_section {
	const char *name;
	const void *data;
	size_t len;
};

static inline void pb_le16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void pb_le32(unsigned char *p, uint32_t v)
{
	pb_le16(p, v);
	pb_le16(p + 2, v >> 16);
}

/* A malloc'd PE image with the sections given; its size in *len. */
static inline unsigned char *pb_build(uint16_t machine,
				      const struct pb_section *s, size_t n,
				      size_t *len)
{
	size_t off = (PB_TABLE + n * 40 + 511) & ~(size_t)511, total = off;
	unsigned char *b;

	for (size_t i = 0; i < n; i++)
		total += (s[i].len + 511) & ~(size_t)511;
	b = calloc(1, total ? total : 1);
	if (!b)
		abort();
	b[0] = 'M';
	b[1] = 'Z';
	pb_le32(b + 0x3c, PB_LFANEW);
	memcpy(b + PB_LFANEW, "PE\0\0", 4);
	pb_le16(b + PB_LFANEW + 4, machine);
	pb_le16(b + PB_LFANEW + 6, (uint32_t)n);
	pb_le16(b + PB_LFANEW + 20, PB_OPT_SIZE);
	for (size_t i = 0; i < n; i++) {
		unsigned char *t = b + PB_TABLE + i * 40;
		size_t raw = (s[i].len + 511) & ~(size_t)511;

		strncpy((char *)t, s[i].name, 8);
		pb_le32(t + 8, (uint32_t)s[i].len);	/* VirtualSize */
		pb_le32(t + 12, (uint32_t)(0x100000 * (i + 1)));
		pb_le32(t + 16, (uint32_t)raw);		/* SizeOfRawData */
		pb_le32(t + 20, (uint32_t)off);		/* PointerToRawData */
		memcpy(b + off, s[i].data, s[i].len);
		off += raw;
	}
	*len = total;
	return b;
}

#endif
