/* decompress.h - kernels stored compressed whole (arm64 Image.gz) made loadable.
 *
 * kexec_file_load takes the image the architecture boots: a bzImage on x86
 * (which carries its own decompressor), a plain Image on arm64 and riscv.
 * Distributions ship arm64 kernels as Image.gz, a gzip file of the Image,
 * which GRUB and U-Boot inflate before booting; hopboot does the same with
 * zlib. zstd and xz images are refused with a sentence: only zlib is in the
 * image.
 */
#ifndef HOPBOOT_DECOMPRESS_H
#define HOPBOOT_DECOMPRESS_H

#include <stddef.h>

/* The largest kernel hopboot inflates: arm64 Images are 30-70 MiB. */
#define DECOMPRESS_KERNEL_MAX (256ull << 20)

enum decompress_kind {
	DECOMPRESS_NONE,	/* not compressed as a whole: load as is */
	DECOMPRESS_GZIP,	/* 1f 8b */
	DECOMPRESS_ZSTD,	/* 28 b5 2f fd */
	DECOMPRESS_XZ,		/* fd 37 7a 58 5a 00 */
	DECOMPRESS_LZ4,		/* 04 22 4d 18 (lz4 frame), 02 21 4c 18 (legacy) */
	DECOMPRESS_BZIP2,	/* 42 5a 68 ("BZh") */
};

/* What the first len bytes of a file say it is. Pure. */
enum decompress_kind decompress_sniff(const unsigned char *buf, size_t len);

/* Inflates the gzip stream on in (read from its current offset to its end)
 * into out, writing at most max bytes. Returns the number of bytes written,
 * or -errno with a sentence in msg naming file: -EFBIG past max, -EBADMSG
 * for a corrupt or truncated stream, -ENOSPC/-ENOMEM when out is full, or
 * the read/write errno. Trailing bytes after the gzip member (padding that
 * some build systems add) are ignored, as gzip -d does with zeros. */
long long decompress_gzip_fd(int in, int out, unsigned long long max,
			     const char *file, char *msg, size_t msglen);

/* The kernel on fd, made loadable: fd itself when it is not compressed as
 * a whole, else a new memfd (owned by the caller, at offset 0) with the
 * inflated image. Returns that fd, or -errno with a sentence in msg (a
 * zstd or xz image, a corrupt gzip, more than DECOMPRESS_KERNEL_MAX). fd
 * stays owned by the caller either way. */
int decompress_kernel(int fd, const char *file, char *msg, size_t msglen);

#endif
