/* test_pe.c - the PE section-table reader against crafted and damaged files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "parsers/pebuild.h"

#include "uki/pe.h"

static const struct pb_section three[] = {
	{ ".osrel", "ID=test\n", 8 },
	{ ".cmdline", "quiet", 5 },
	{ ".linux", "KERNEL", 6 },
};

/* pe_read over the whole buffer; prints why on failure. */
static int read_all(const unsigned char *b, size_t len, struct pe_file *pe,
		    const char **why)
{
	*why = NULL;
	return pe_read(b, len, len, pe, why);
}

static void test_good(void)
{
	static struct pe_file pe;
	const struct pe_section *s;
	const char *why;
	size_t len;
	unsigned char *b = pb_build(PE_MACHINE_X64, three, 3, &len);

	check_int(read_all(b, len, &pe, &why), ==, 0);
	check_int(pe.n, ==, 3);
	check_int(pe.machine, ==, PE_MACHINE_X64);
	s = pe_find(&pe, ".cmdline");
	if (ok(s, "good: .cmdline found")) {
		check_int(s->size, ==, 5);
		ok(!memcmp(b + s->offset, "quiet", 5), "good: .cmdline bytes");
	}
	s = pe_find(&pe, ".linux");
	if (ok(s, "good: .linux found"))
		ok(!memcmp(b + s->offset, "KERNEL", 6), "good: .linux bytes");
	ok(!pe_find(&pe, ".initrd"), "good: no .initrd");
	ok(!pe_find(&pe, ".cmdlin"), "good: a prefix is not a name");

	/* Only the headers in hand: the table is read, the data is not. */
	check_int(pe_read(b, 1024, len, &pe, &why), ==, 0);
	/* A VirtualSize of 0 means the raw size. */
	pb_le32(b + PB_TABLE + 8, 0);
	check_int(read_all(b, len, &pe, &why), ==, 0);
	check_int(pe.s[0].size, ==, 512);
	/* A VirtualSize above the raw size is capped at it. */
	pb_le32(b + PB_TABLE + 8, 100000);
	check_int(read_all(b, len, &pe, &why), ==, 0);
	check_int(pe.s[0].size, ==, 512);
	free(b);
}

/* One damaged variant: expect -ENOEXEC and a why containing needle. */
static void bad(const unsigned char *b, size_t len, const char *what,
		const char *needle)
{
	static struct pe_file pe;
	const char *why = NULL;
	int r = read_all(b, len, &pe, &why);

	ok(r == -ENOEXEC && why && strstr(why, needle),
	   "damaged: %s is refused (%s)", what, needle);
	if (why)
		diag("why: %s", why);
}

static void test_damaged(void)
{
	size_t len;
	unsigned char *good = pb_build(PE_MACHINE_X64, three, 3, &len);
	unsigned char *b = malloc(len);

	if (!b)
		abort();
#define RESET() memcpy(b, good, len)
	RESET();
	bad(b, 0, "an empty file", "no MZ");
	bad(b, 63, "a file shorter than a DOS header", "no MZ");
	b[0] = 'Z';
	bad(b, len, "a file without MZ", "no MZ");

	RESET();
	pb_le32(b + 0x3c, 0xfffffff0);
	bad(b, len, "e_lfanew near 4 GiB", "PE header lies beyond");
	pb_le32(b + 0x3c, (uint32_t)len - 10);
	bad(b, len, "e_lfanew at the end of the file", "PE header lies beyond");
	pb_le32(b + 0x3c, 20000);
	bad(b, len, "e_lfanew past the 16 KiB of headers", "PE header lies beyond");

	RESET();
	memcpy(b + PB_LFANEW, "PX\0\0", 4);
	bad(b, len, "a wrong PE signature", "no PE signature");

	RESET();
	pb_le16(b + PB_LFANEW + 6, 97);
	bad(b, len, "97 sections", "more than 96");
	pb_le16(b + PB_LFANEW + 6, 0xffff);
	bad(b, len, "65535 sections", "more than 96");

	RESET();
	pb_le16(b + PB_LFANEW + 20, 0xffff);
	bad(b, len, "an optional header of 64 KiB", "section table lies beyond");
	RESET();
	bad(b, PB_TABLE + 50, "a section table cut short", "section table lies beyond");

	RESET();
	/* .linux's 6 bytes start 512 bytes from the end (then padding). */
	bad(b, len - 512 + 5, "a file one byte short of its last section",
	    "truncated");
	pb_le32(b + PB_TABLE + 40 + 20, 0xfffffe00);
	bad(b, len, "a section at 4 GiB", "truncated");
	RESET();
	pb_le32(b + PB_TABLE + 40 + 16, 0xffffffff);
	pb_le32(b + PB_TABLE + 40 + 8, 0xffffffff);
	bad(b, len, "a section of 4 GiB", "truncated");

	RESET();
	/* .cmdline's bytes pointed at .osrel's. */
	memcpy(b + PB_TABLE + 40 + 20, b + PB_TABLE + 20, 4);
	bad(b, len, "two sections on the same bytes", "share bytes");
	RESET();
	/* .linux starting inside .cmdline. */
	pb_le32(b + PB_TABLE + 80 + 20,
		(uint32_t)(b[PB_TABLE + 40 + 20] | b[PB_TABLE + 40 + 21] << 8) + 2);
	bad(b, len, "overlapping sections", "share bytes");
	free(b);
	free(good);
}

static void test_edges(void)
{
	static struct pe_file pe;
	struct pb_section many[96];
	const char *why;
	unsigned char *b;
	size_t len;

	for (int i = 0; i < 96; i++)
		many[i] = (struct pb_section){ ".x", "y", 1 };
	b = pb_build(PE_MACHINE_ARM64, many, 96, &len);
	/* The table of 96 fits in 16 KiB: 96 sections are fine. */
	check_int(read_all(b, len, &pe, &why), ==, 0);
	check_int(pe.n, ==, 96);
	check_int(pe.machine, ==, PE_MACHINE_ARM64);
	free(b);

	b = pb_build(PE_MACHINE_X64, NULL, 0, &len);
	check_int(read_all(b, len, &pe, &why), ==, 0);
	check_int(pe.n, ==, 0);
	ok(!pe_find(&pe, ".linux"), "no sections: nothing found");
	free(b);

	/* An 8-byte name has no NUL on disk. */
	b = pb_build(PE_MACHINE_X64,
		     &(struct pb_section){ ".abcdefgh", "z", 1 }, 1, &len);
	check_int(read_all(b, len, &pe, &why), ==, 0);
	check_str(pe.s[0].name, ".abcdefg");
	free(b);

	/* Every prefix of a good file: refused until it holds the last
	 * section's bytes, never a read out of bounds (ASan builds). */
	b = pb_build(PE_MACHINE_X64, three, 3, &len);
	{
		size_t refused = 0, need = len - 512 + 6;

		for (size_t l = 0; l < len; l++)
			if (pe_read(b, l, l, &pe, &why) < 0)
				refused++;
		check_int(refused, ==, need);
	}
	free(b);
	check_int(pe_native_machine(), ==, PE_MACHINE_X64);
}

int main(void)
{
	test_good();
	test_damaged();
	test_edges();
	return done_testing();
}
