/* kexec.c - kexec_file_load with a concatenated initrd in a memfd. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/kexec.h>
#include <linux/reboot.h>

#include "fsview.h"
#include "loader.h"
#include "option.h"

#ifndef KEXEC_FILE_NO_INITRAMFS
#define KEXEC_FILE_NO_INITRAMFS 0x00000004
#endif

/* Opens a resource through its device's view. */
static int open_resource(const struct option_set *set,
			 const struct resource *r, const char *what,
			 char *msg, size_t msglen)
{
	const struct device *dev;
	struct fsview fs;
	int fd, err;

	if (r->url) {
		snprintf(msg, msglen, "cannot fetch %s %s: network boot is not "
			 "supported yet", what, r->url);
		return -EPROTONOSUPPORT;
	}
	dev = option_set_device(set, r->device);
	if (!dev || !dev->root) {
		snprintf(msg, msglen, "cannot read %s %s: device %s is not "
			 "mounted", what, r->path, r->device);
		return -ENODEV;
	}
	err = fsview_open(&fs, dev->root);
	if (err < 0) {
		snprintf(msg, msglen, "cannot open %s: %s", dev->root,
			 strerror(-err));
		return err;
	}
	fd = fsview_open_file(&fs, r->path);
	fsview_close(&fs);
	if (fd < 0) {
		snprintf(msg, msglen, "cannot open %s %s on %s: %s", what,
			 r->path, dev->path, strerror(-fd));
		return fd;
	}
	/* A unified kernel image: hand over one section, not the file. */
	if (r->section) {
		int sfd = loader_section_fd(fd, r->path, r->section, msg,
					    msglen);

		close(fd);
		return sfd;
	}
	return fd;
}

/* Appends all of in to out, then zeros up to a 4-byte boundary: the
 * kernel's initramfs unpacker skips zero padding between archives, and
 * expects each archive to start aligned, as GRUB and systemd-boot lay
 * them out. */
static int append_padded(int out, int in, off_t *total)
{
	static const char zeros[4];
	char buf[64 * 1024];
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));

			if (w < 0)
				return -errno;
			done += w;
		}
		*total += n;
	}
	if (*total % 4) {
		size_t pad = 4 - (size_t)(*total % 4);

		if (write(out, zeros, pad) != (ssize_t)pad)
			return -EIO;
		*total += (off_t)pad;
	}
	return 0;
}

static int build_initrd(const struct option_set *set,
			const struct boot_option *opt, char *msg, size_t msglen)
{
	off_t total = 0;
	int mfd, r;

	mfd = memfd_create("hopboot-initrd", MFD_CLOEXEC);
	if (mfd < 0) {
		r = -errno;
		snprintf(msg, msglen, "cannot create the initrd buffer: %s",
			 strerror(errno));
		return r;
	}
	for (size_t i = 0; i < opt->n_initrds; i++) {
		int fd = open_resource(set, &opt->initrds[i], "initrd", msg,
				       msglen);

		if (fd < 0) {
			close(mfd);
			return fd;
		}
		r = append_padded(mfd, fd, &total);
		close(fd);
		if (r < 0) {
			snprintf(msg, msglen, "cannot read initrd %s: %s%s",
				 opt->initrds[i].path, strerror(-r),
				 r == -ENOSPC || r == -ENOMEM ?
				 " (not enough memory for the initrds)" : "");
			close(mfd);
			return r;
		}
	}
	lseek(mfd, 0, SEEK_SET);
	return mfd;
}

static void explain(int err, const struct boot_option *opt, size_t cmdlen,
		    char *msg, size_t msglen)
{
	const char *k = opt->kernel->path;

	switch (err) {
	case ENOEXEC:
		snprintf(msg, msglen, "%s is not a kernel this machine can "
			 "start with kexec (wrong architecture, or not a "
			 "bzImage/EFI-stub kernel)", k);
		break;
	case EPERM:
	case EKEYREJECTED:
	case EKEYREVOKED:
	case EBADMSG:
		snprintf(msg, msglen, "the running kernel refused to load %s: "
			 "it is not signed with a trusted key and kernel "
			 "lockdown or Secure Boot is on (use a signed kernel, "
			 "or turn Secure Boot off in the firmware)", k);
		break;
	case ENOMEM:
		snprintf(msg, msglen, "not enough memory to load %s and its "
			 "initrds; boot with more memory or smaller initrds",
			 k);
		break;
	case ENOSYS:
		snprintf(msg, msglen, "this kernel cannot load kernels: it was "
			 "built without kexec_file_load (CONFIG_KEXEC_FILE)");
		break;
	case EINVAL:
	case E2BIG:
		snprintf(msg, msglen, "the kernel rejected %s with a %zu-byte "
			 "command line (%s); shorten the command line or check "
			 "the kernel image", k, cmdlen, strerror(err));
		break;
	case EBUSY:
		snprintf(msg, msglen, "another kernel is being loaded right "
			 "now; try again");
		break;
	default:
		snprintf(msg, msglen, "cannot load %s: %s", k, strerror(err));
	}
}

int loader_load(const struct option_set *set, const struct boot_option *opt,
		const char *cmdline, char *msg, size_t msglen)
{
	unsigned long flags = 0;
	int kfd, ifd = -1, err = 0;
	size_t len;

	if (!opt->kernel) {
		snprintf(msg, msglen, "%s names no kernel", opt->title);
		return -ENOENT;
	}
	if (!cmdline)
		cmdline = opt->cmdline ? opt->cmdline : "";
	len = strlen(cmdline) + 1;	/* the length counts the NUL */
	kfd = open_resource(set, opt->kernel, "kernel", msg, msglen);
	if (kfd < 0)
		return kfd;
	if (opt->n_initrds) {
		ifd = build_initrd(set, opt, msg, msglen);
		if (ifd < 0) {
			err = ifd;
			goto out_close;
		}
	} else {
		flags |= KEXEC_FILE_NO_INITRAMFS;
	}
	if (syscall(SYS_kexec_file_load, kfd, ifd, len, cmdline, flags) < 0) {
		err = -errno;
		explain(errno, opt, len, msg, msglen);
	}
	if (ifd >= 0)
		close(ifd);
out_close:
	close(kfd);
	return err;
}

int loader_is_loaded(void)
{
	char c = '0';
	int fd = open("/sys/kernel/kexec_loaded", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (read(fd, &c, 1) != 1)
		c = '0';
	close(fd);
	return c == '1';
}

int loader_exec(void)
{
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return -errno;
}
