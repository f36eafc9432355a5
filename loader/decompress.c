/* decompress.c - inflates a gzip'd kernel (Image.gz) into a memfd for kexec. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "decompress.h"

enum decompress_kind decompress_sniff(const unsigned char *b, size_t len)
{
	if (len >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return DECOMPRESS_GZIP;
	if (len >= 4 && !memcmp(b, "\x28\xb5\x2f\xfd", 4))
		return DECOMPRESS_ZSTD;
	if (len >= 6 && !memcmp(b, "\xfd" "7zXZ\0", 6))
		return DECOMPRESS_XZ;
	if (len >= 4 && (!memcmp(b, "\x04\x22\x4d\x18", 4) ||
			 !memcmp(b, "\x02\x21\x4c\x18", 4)))
		return DECOMPRESS_LZ4;
	if (len >= 4 && !memcmp(b, "BZh", 3) && b[3] >= '1' && b[3] <= '9')
		return DECOMPRESS_BZIP2;
	return DECOMPRESS_NONE;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

long long decompress_gzip_fd(int in, int out, unsigned long long max,
			     const char *file, char *msg, size_t msglen)
{
	static unsigned char ibuf[64 * 1024], obuf[256 * 1024];
	unsigned long long total = 0;
	z_stream z = { 0 };
	int zr = Z_OK, err = 0;

	/* 16 + MAX_WBITS: a gzip header and trailer, CRC checked. */
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		snprintf(msg, msglen, "cannot start zlib to inflate %s: not "
			 "enough memory", file);
		return -ENOMEM;
	}
	/* Every turn reads input or writes output, and both are bounded
	 * (the file's size, max), so the loop ends. */
	while (zr != Z_STREAM_END) {
		if (!z.avail_in) {
			ssize_t n = read(in, ibuf, sizeof(ibuf));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				err = -errno;
				snprintf(msg, msglen, "cannot read the kernel "
					 "%s: %s", file, strerror(errno));
				goto out;
			}
			if (!n) {
				err = -EBADMSG;
				snprintf(msg, msglen, "the kernel %s is a gzip "
					 "file that ends too early (truncated "
					 "after %llu bytes inflated); copy it "
					 "again", file, total);
				goto out;
			}
			z.next_in = ibuf;
			z.avail_in = (unsigned)n;
		}
		z.next_out = obuf;
		z.avail_out = sizeof(obuf);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
			err = zr == Z_MEM_ERROR ? -ENOMEM : -EBADMSG;
			snprintf(msg, msglen, "the kernel %s is a damaged gzip "
				 "file (%s); copy or rebuild it", file,
				 zr == Z_MEM_ERROR ? "out of memory" :
				 z.msg ? z.msg : "corrupt data");
			goto out;
		}
		size_t have = sizeof(obuf) - z.avail_out;

		if (total + have > max) {
			err = -EFBIG;
			snprintf(msg, msglen, "the kernel %s inflates to more "
				 "than %llu MiB, more than any kernel image; it "
				 "is not a kernel (or a gzip bomb)", file,
				 max >> 20);
			goto out;
		}
		err = write_all(out, obuf, have);
		if (err < 0) {
			snprintf(msg, msglen, "cannot hold the inflated kernel "
				 "%s in memory: %s", file, strerror(-err));
			goto out;
		}
		total += have;
	}
out:
	inflateEnd(&z);
	return err < 0 ? err : (long long)total;
}

int decompress_kernel(int fd, const char *file, char *msg, size_t msglen)
{
	unsigned char head[8];
	ssize_t n = pread(fd, head, sizeof(head), 0);
	enum decompress_kind kind;
	long long r;
	int mfd;

	if (n < 0) {
		snprintf(msg, msglen, "cannot read the kernel %s: %s", file,
			 strerror(errno));
		return -errno;
	}
	kind = decompress_sniff(head, (size_t)n);
	switch (kind) {
	case DECOMPRESS_NONE:
		return fd;
	case DECOMPRESS_GZIP:
		break;
	default:
		snprintf(msg, msglen, "the kernel %s is compressed with %s as a "
			 "whole; hopboot can only inflate gzip kernels "
			 "(Image.gz): install the uncompressed Image or a gzip "
			 "one", file, kind == DECOMPRESS_ZSTD ? "zstd" :
			 kind == DECOMPRESS_XZ ? "xz" :
			 kind == DECOMPRESS_LZ4 ? "lz4" : "bzip2");
		return -ENOEXEC;
	}
	mfd = memfd_create("hopboot-kernel", MFD_CLOEXEC);
	if (mfd < 0) {
		snprintf(msg, msglen, "cannot create a buffer for the inflated "
			 "kernel %s: %s", file, strerror(errno));
		return -errno;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		r = -errno;
		snprintf(msg, msglen, "cannot read the kernel %s: %s", file,
			 strerror(errno));
		goto out_close;
	}
	r = decompress_gzip_fd(fd, mfd, DECOMPRESS_KERNEL_MAX, file, msg,
			       msglen);
	if (r < 0)
		goto out_close;
	if (lseek(mfd, 0, SEEK_SET) < 0) {
		r = -errno;
		goto out_close;
	}
	return mfd;
out_close:
	close(mfd);
	return (int)r;
}
