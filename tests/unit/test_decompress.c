/* test_decompress.c - Image.gz kernels inflated for kexec, within bounds. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "tap.h"

#include "loader/decompress.h"
#include "loader/initrd_order.h"

/* A memfd holding n bytes of buf. */
static int memfd_of(const void *buf, size_t n)
{
	int fd = memfd_create("test", MFD_CLOEXEC);

	if (fd < 0 || write(fd, buf, n) != (ssize_t)n) {
		diag("memfd: %s", strerror(errno));
		exit(1);
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* gzip (not zlib) of in, with zlib's deflate; returns its length. */
static size_t gzip(const unsigned char *in, size_t n, unsigned char *out,
		   size_t cap)
{
	z_stream z = { 0 };

	if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		exit(1);
	z.next_in = (unsigned char *)in;
	z.avail_in = (unsigned)n;
	z.next_out = out;
	z.avail_out = (unsigned)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		diag("deflate did not finish");
		exit(1);
	}
	deflateEnd(&z);
	return cap - z.avail_out;
}

/* Everything left on fd, into a malloc'd buffer of *n bytes. */
static unsigned char *slurp(int fd, size_t *n)
{
	size_t cap = 1 << 20, len = 0;
	unsigned char *b = malloc(cap);
	ssize_t r;

	while (b && (r = read(fd, b + len, cap - len)) > 0) {
		len += (size_t)r;
		if (len == cap)
			b = realloc(b, cap *= 2);
	}
	*n = len;
	return b;
}

static void test_sniff(void)
{
	diag("magic numbers");
	check_int(decompress_sniff((const unsigned char *)"\x1f\x8b\x08", 3), ==,
		  DECOMPRESS_GZIP);
	check_int(decompress_sniff((const unsigned char *)"\x28\xb5\x2f\xfd", 4),
		  ==, DECOMPRESS_ZSTD);
	check_int(decompress_sniff((const unsigned char *)"\xfd" "7zXZ\0", 6),
		  ==, DECOMPRESS_XZ);
	/* A bzImage (PE/EFI stub): passed as is. */
	check_int(decompress_sniff((const unsigned char *)"MZ\0\0", 4), ==,
		  DECOMPRESS_NONE);
	/* arm64 Image: "ARM\x64" at 56, code at 0. */
	check_int(decompress_sniff((const unsigned char *)"\x4d\x5a\x40\xfa", 4),
		  ==, DECOMPRESS_NONE);
	check_int(decompress_sniff((const unsigned char *)"\x1f", 1), ==,
		  DECOMPRESS_NONE);
}

static void test_roundtrip(void)
{
	size_t n = 3 << 20, zn, got_n;
	unsigned char *img = malloc(n), *z = malloc(n + 4096), *got;
	char msg[256] = "";
	int fd, out;

	diag("a gzip'd Image inflates to the same bytes");
	/* Not all zeros: something like code, so deflate works a little. */
	for (size_t i = 0; i < n; i++)
		img[i] = (unsigned char)((i * 2654435761u) >> 13) & (i % 7 ? 0xff : 0);
	memcpy(img + 56, "ARM\x64", 4);
	zn = gzip(img, n, z, n + 4096);
	fd = memfd_of(z, zn);
	out = decompress_kernel(fd, "/boot/Image.gz", msg, sizeof(msg));
	ok(out >= 0 && out != fd, "a new memfd");
	if (out < 0) {
		diag("%s", msg);
		return;
	}
	got = slurp(out, &got_n);
	check_int(got_n, ==, n);
	ok(got && got_n == n && !memcmp(got, img, n), "identical bytes");
	close(out);
	close(fd);
	free(got);

	diag("an uncompressed image is passed as is");
	fd = memfd_of(img, 4096);
	check_int(decompress_kernel(fd, "Image", msg, sizeof(msg)), ==, fd);
	close(fd);

	diag("truncated gzip");
	fd = memfd_of(z, zn / 2);
	check_int(decompress_kernel(fd, "/boot/Image.gz", msg, sizeof(msg)), ==,
		  -EBADMSG);
	ok(strstr(msg, "/boot/Image.gz") && strstr(msg, "ends too early"),
	   "says it is truncated: %s", msg);
	close(fd);

	diag("damaged gzip");
	z[zn / 2] ^= 0xff;
	z[zn / 2 + 1] ^= 0x55;
	fd = memfd_of(z, zn);
	check_int(decompress_kernel(fd, "/boot/Image.gz", msg, sizeof(msg)), <,
		  0);
	ok(strstr(msg, "damaged") || strstr(msg, "ends too early"),
	   "says it is damaged: %s", msg);
	close(fd);
	free(img);
	free(z);
}

static void test_bomb(void)
{
	size_t n = 64 << 20, zn;
	unsigned char *zeros = calloc(1, n), *z = malloc(1 << 20);
	char msg[256] = "";
	long long r;
	int in, out;

	diag("a gzip bomb stops at the limit");
	zn = gzip(zeros, n, z, 1 << 20);
	in = memfd_of(z, zn);
	out = memfd_create("out", MFD_CLOEXEC);
	r = decompress_gzip_fd(in, out, 1 << 20, "bomb.gz", msg, sizeof(msg));
	check_int(r, ==, -EFBIG);
	ok(strstr(msg, "bomb.gz") && strstr(msg, "more than 1 MiB"),
	   "says so: %s", msg);
	check_int(lseek(out, 0, SEEK_END), <=, 1 << 20);
	close(in);
	close(out);
	free(zeros);
	free(z);
}

static void test_refused(void)
{
	static const unsigned char zstd[] = "\x28\xb5\x2f\xfd\0\0\0\0";
	static const unsigned char xz[] = "\xfd" "7zXZ\0\0\0";
	char msg[256] = "";
	int fd;

	diag("zstd and xz kernels: a sentence, no attempt");
	fd = memfd_of(zstd, 8);
	check_int(decompress_kernel(fd, "/Image.zst", msg, sizeof(msg)), ==,
		  -ENOEXEC);
	ok(strstr(msg, "zstd") && strstr(msg, "gzip"), "%s", msg);
	close(fd);
	fd = memfd_of(xz, 8);
	check_int(decompress_kernel(fd, "/Image.xz", msg, sizeof(msg)), ==,
		  -ENOEXEC);
	ok(strstr(msg, "xz"), "%s", msg);
	close(fd);
}

/* A newc header for name (file size 0) and the name, NUL-terminated. */
static size_t newc(unsigned char *b, const char *name)
{
	size_t n = strlen(name) + 1;

	memset(b, '0', 110);
	memcpy(b, "070701", 6);
	memcpy(b + 110, name, n);
	return 110 + n;
}

static void test_microcode(void)
{
	unsigned char b[256];
	size_t n;

	diag("early microcode archives are recognised");
	n = newc(b, "kernel");
	ok(initrd_is_microcode(b, n), "kernel/ first (iucode_tool)");
	n = newc(b, "kernel/x86/microcode/AuthenticAMD.bin");
	ok(initrd_is_microcode(b, n), "the file first (bsdtar)");
	n = newc(b, "./kernel/x86");
	ok(initrd_is_microcode(b, n), "./kernel/x86");
	n = newc(b, "kernelx");
	ok(!initrd_is_microcode(b, n), "kernelx is not");
	n = newc(b, "kernel/firmware");
	ok(!initrd_is_microcode(b, n), "kernel/firmware is not");
	n = newc(b, "early_cpio");
	ok(!initrd_is_microcode(b, n), "dracut's early_cpio is not moved");
	n = newc(b, "init");
	ok(!initrd_is_microcode(b, n), "an initramfs is not");
	ok(!initrd_is_microcode(b, 100), "short");
	b[0] = 0x1f;
	ok(!initrd_is_microcode(b, n), "compressed is not");
}

static void test_order(void)
{
	unsigned char u[256], m[256];
	size_t un = newc(u, "kernel/x86/microcode/GenuineIntel.bin");
	size_t mn = newc(m, "init");
	int fds[4];
	size_t order[4];

	diag("microcode first, the rest in order");
	fds[0] = memfd_of(m, mn);
	fds[1] = memfd_of(u, un);
	fds[2] = memfd_of(m, mn);
	fds[3] = memfd_of(u, un);
	initrd_order(fds, 4, order);
	check_int(order[0], ==, 1);
	check_int(order[1], ==, 3);
	check_int(order[2], ==, 0);
	check_int(order[3], ==, 2);
	for (int i = 0; i < 4; i++)
		close(fds[i]);
}

int main(void)
{
	test_sniff();
	test_roundtrip();
	test_bomb();
	test_refused();
	test_microcode();
	test_order();
	return done_testing();
}
