/* section.c - one PE section of a unified kernel image, copied into a memfd. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"
#include "uki/pe.h"

/* Largest section copied: a kernel or an initrd, never more. */
#define SECTION_MAX (1ull << 30)

static int read_at(int fd, void *buf, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  off + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;	/* the file shrank under us */
		done += (size_t)n;
	}
	return 0;
}

/* Copies len bytes at off of in to out with read/write: sendfile and
 * copy_file_range do not take a memfd on every kernel we run on. */
static int copy_range(int out, int in, off_t off, uint64_t len)
{
	char buf[64 * 1024];

	while (len) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		int r = read_at(in, buf, n, off);

		if (r < 0)
			return r;
		for (size_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, n - done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return -errno;
			done += (size_t)w;
		}
		off += (off_t)n;
		len -= n;
	}
	return 0;
}

int loader_section_fd(int fd, const char *file, const char *name,
		      char *msg, size_t msglen)
{
	unsigned char head[PE_HEADERS_MAX];
	const struct pe_section *s;
	struct pe_file pe;
	const char *why;
	struct stat st;
	size_t len;
	int mfd, r;

	if (fstat(fd, &st) < 0) {
		r = -errno;
		snprintf(msg, msglen, "cannot read %s: %s", file, strerror(errno));
		return r;
	}
	len = st.st_size < (off_t)sizeof(head) ? (size_t)st.st_size :
						 sizeof(head);
	r = read_at(fd, head, len, 0);
	if (r < 0) {
		snprintf(msg, msglen, "cannot read %s: %s", file, strerror(-r));
		return r;
	}
	/* The file may have changed since it was scanned: check again. */
	if (pe_read(head, len, (uint64_t)st.st_size, &pe, &why) < 0) {
		snprintf(msg, msglen, "the file %s %s", file, why);
		return -ENOEXEC;
	}
	s = pe_find(&pe, name);
	if (!s || !s->size) {
		snprintf(msg, msglen, "the file %s has no %s section (it "
			 "changed since it was scanned?)", file, name);
		return -ENOENT;
	}
	if (s->size > SECTION_MAX) {
		snprintf(msg, msglen, "the %s section of %s is larger than "
			 "1 GiB; that is no kernel or initrd", name, file);
		return -EFBIG;
	}
	mfd = memfd_create("hopboot-section", MFD_CLOEXEC);
	if (mfd < 0) {
		r = -errno;
		snprintf(msg, msglen, "cannot create a buffer for %s: %s",
			 name, strerror(errno));
		return r;
	}
	r = copy_range(mfd, fd, (off_t)s->offset, s->size);
	if (r < 0) {
		snprintf(msg, msglen, "cannot copy the %s section of %s: %s%s",
			 name, file, strerror(-r),
			 r == -ENOSPC || r == -ENOMEM ?
			 " (not enough memory)" : "");
		close(mfd);
		return r;
	}
	lseek(mfd, 0, SEEK_SET);
	return mfd;
}
