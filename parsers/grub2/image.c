/* image.c - a GRUB EFI image's modules (prefix, embedded config, memdisk); shim told apart. */
#include <errno.h>
#include <string.h>

#include "grub2/image.h"
#include "uki/pe.h"

#define GRUB_MODULE_MAGIC 0x676d696du	/* "gmim" */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* GRUB's pointer size on the image's machine: the module info's fields
 * and the modules' alignment follow it. */
static unsigned ptr_size(uint16_t machine)
{
	return machine == PE_MACHINE_I386 || machine == PE_MACHINE_ARM ? 4 : 8;
}

/* The length of s up to its first NUL, at most n. */
static size_t text_len(const unsigned char *s, size_t n)
{
	const unsigned char *z = memchr(s, '\0', n);

	return z ? (size_t)(z - s) : n;
}

/* True when the section's bytes hold a line whose first CSV field is
 * name: SBAT's component names (shim's data/sbat.csv: "shim,4,UEFI
 * shim,..."). */
static bool sbat_names(const unsigned char *b, size_t n, const char *name)
{
	size_t k = strlen(name);

	for (size_t i = 0; i < n;) {
		const unsigned char *nl = memchr(b + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - b) : n;

		if (end - i > k && !memcmp(b + i, name, k) && b[i + k] == ',')
			return true;
		i = end + 1;
	}
	return false;
}

/* A section's name as the linker meant it: "/N" stands for the name at
 * offset N of the COFF string table, which follows the symbol table
 * (binutils writes ".vendor_cert" and ".data.ident" so, as longer than
 * the 8 bytes a section header holds). */
static bool named(const unsigned char *b, size_t len,
		  const struct pe_section *s, const char *want)
{
	uint64_t pe_off, table, at = 0;
	const unsigned char *name;

	if (s->name[0] != '/')
		return !strcmp(s->name, want);
	for (const char *p = s->name + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		at = at * 10 + (uint64_t)(*p - '0');
	}
	pe_off = le32(b + 0x3c);	/* checked by pe_read */
	table = le32(b + pe_off + 12) + (uint64_t)le32(b + pe_off + 16) * 18;
	if (table + at >= len)
		return false;
	name = b + table + at;
	return strnlen((const char *)name, len - table - at) == strlen(want) &&
	       !memcmp(name, want, strlen(want));
}

static const struct pe_section *find(const unsigned char *b, size_t len,
				     const struct pe_file *pe, const char *name)
{
	for (size_t i = 0; i < pe->n; i++)
		if (named(b, len, &pe->s[i], name))
			return &pe->s[i];
	return NULL;
}

static bool is_shim(const unsigned char *b, size_t len,
		    const struct pe_file *pe)
{
	const struct pe_section *sbat = find(b, len, pe, ".sbat");
	const struct pe_section *ident = find(b, len, pe, ".data.ident");

	/* Its vendor certificate is what only shim carries (cert.S);
	 * MokManager and fallback share its .sbat but have none. */
	if (!find(b, len, pe, ".vendor_cert"))
		return false;
	if (sbat && sbat_names(b + sbat->offset, sbat->size, "shim"))
		return true;
	return ident && ident->size >= 9 &&
	       !memcmp(b + ident->offset, "UEFI SHIM", 9);
}

static int fail(const char **why, const char *msg)
{
	*why = msg;
	return -ENOEXEC;
}

/* FOR_MODULES over the "mods" section's bytes. */
static int read_modules(const unsigned char *m, uint64_t n,
			struct grub2_image *img, const char **why)
{
	unsigned ps = ptr_size(img->machine);
	uint64_t off, size, end;
	unsigned count = 0;
	bool memdisk = false, config = false;

	if (n < (ps == 8 ? 24u : 12u))
		return fail(why, "is damaged: its GRUB module area is shorter than its header");
	off = ps == 8 ? le64(m + 8) : le32(m + 4);
	size = ps == 8 ? le64(m + 16) : le32(m + 8);
	/* GRUB walks up to info + size; the section's end bounds it here. */
	end = size < n ? size : n;
	while (off < end) {
		uint32_t type, msize;
		const unsigned char *body;
		uint64_t blen;

		if (end - off < 8)
			return fail(why, "is damaged: a GRUB module header is cut off by the end of its module area");
		if (++count > GRUB2_IMAGE_MODULES_MAX)
			return fail(why, "is damaged or crafted: it claims more than 4096 GRUB modules");
		type = le32(m + off);
		msize = le32(m + off + 4);
		if (msize < 8 || msize > end - off)
			return fail(why, "is damaged: a GRUB module's size runs past its module area");
		body = m + off + 8;
		blen = msize - 8;
		switch (type) {
		case GRUB2_OBJ_ELF:
			img->n_elf++;
			break;
		case GRUB2_OBJ_PREFIX:	/* the last one wins */
			img->prefix = (const char *)body;
			img->prefix_len = text_len(body, blen);
			break;
		case GRUB2_OBJ_CONFIG:	/* the first one */
			if (!config) {
				img->config = (const char *)body;
				img->config_len = text_len(body, blen);
				config = true;
			}
			break;
		case GRUB2_OBJ_MEMDISK:
			if (!memdisk) {
				img->memdisk = body;
				img->memdisk_len = blen;
				memdisk = true;
			}
			break;
		default:
			break;
		}
		/* The next header: size rounded up to the pointer size. */
		off += ((uint64_t)msize + ps - 1) / ps * ps;
	}
	return 0;
}

int grub2_image_read(const void *buf, size_t len, struct grub2_image *img,
		     const char **why)
{
	const unsigned char *b = buf;
	const struct pe_section *mods;
	struct pe_file pe;
	size_t head = len < PE_HEADERS_MAX ? len : PE_HEADERS_MAX;
	int r;

	memset(img, 0, sizeof(*img));
	r = pe_read(b, head, len, &pe, why);
	if (r < 0)
		return r;
	img->machine = pe.machine;
	/* grub_efi_modules_addr: the section named "mods", whose first
	 * word is the magic. */
	mods = find(b, len, &pe, "mods");
	if (mods && mods->size >= 4 && le32(b + mods->offset) ==
	    GRUB_MODULE_MAGIC) {
		img->kind = GRUB2_EFI_GRUB;
		return read_modules(b + mods->offset, mods->size, img, why);
	}
	if (is_shim(b, len, &pe))
		img->kind = GRUB2_EFI_SHIM;
	return 0;
}

const char *grub2_shim_loader(uint16_t machine)
{
	switch (machine) {
	case PE_MACHINE_X64:
		return "grubx64.efi";
	case PE_MACHINE_I386:
		return "grubia32.efi";
	case PE_MACHINE_ARM64:
		return "grubaa64.efi";
	case PE_MACHINE_ARM:
		return "grubarm.efi";
	case PE_MACHINE_RISCV64:
		return "grubriscv64.efi";
	default:
		return NULL;
	}
}
