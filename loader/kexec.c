/* kexec.c - kexec_file_load with a concatenated initrd in a memfd. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/kexec.h>
#include <linux/reboot.h>

#include "decompress.h"
#include "fetch.h"
#include "fsview.h"
#include "image.h"
#include "initrd_order.h"
#include "kexec_errors.h"
#include "loader.h"
#include "log.h"
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

	if (r->url)
		return fetch_resource(r, what, msg, msglen);
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
	/* A file inside an ISO image on that device (GRUB loopback). */
	if (r->image) {
		fd = image_open_file(&fs, r, what, msg, msglen);
		fsview_close(&fs);
		return fd;
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

/* The initrds in one memfd, CPU microcode archives first (initrd_order.c);
 * *bytes gets its size. Every initrd is opened before any is copied, so a
 * URL is fetched once. */
static int build_initrd(const struct option_set *set,
			const struct boot_option *opt, off_t *bytes,
			char *msg, size_t msglen)
{
	size_t n = opt->n_initrds, *order;
	off_t total = 0;
	int mfd, r = 0, *fds;

	fds = calloc(n, sizeof(*fds));
	order = calloc(n, sizeof(*order));
	if (!fds || !order) {
		snprintf(msg, msglen, "not enough memory to list the initrds");
		r = -ENOMEM;
		goto out_free;
	}
	mfd = memfd_create("hopboot-initrd", MFD_CLOEXEC);
	if (mfd < 0) {
		r = -errno;
		snprintf(msg, msglen, "cannot create the initrd buffer: %s",
			 strerror(errno));
		goto out_free;
	}
	for (size_t i = 0; i < n; i++)
		fds[i] = -1;
	for (size_t i = 0; i < n && !r; i++) {
		fds[i] = open_resource(set, &opt->initrds[i], "initrd", msg,
				       msglen);
		if (fds[i] < 0)
			r = fds[i];
	}
	if (!r)
		initrd_order(fds, n, order);
	for (size_t k = 0; k < n && !r; k++) {
		size_t i = order[k];

		if (k != i)
			log_info("initrd %s: CPU microcode, loaded first",
				 opt->initrds[i].path);
		r = append_padded(mfd, fds[i], &total);
		if (r < 0)
			snprintf(msg, msglen, "cannot read initrd %s: %s%s",
				 opt->initrds[i].path, strerror(-r),
				 r == -ENOSPC || r == -ENOMEM ?
				 " (not enough memory for the initrds)" : "");
	}
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (r < 0) {
		close(mfd);
		goto out_free;
	}
	lseek(mfd, 0, SEEK_SET);
	*bytes = total;
	r = mfd;
out_free:
	free(fds);
	free(order);
	return r;
}

/* A devicetree cannot be handed to kexec_file_load: on arm64, riscv and
 * powerpc the next kernel gets a copy of the running kernel's device tree
 * (of_kexec_alloc_and_setup_fdt), and x86 boots without one. Said once, in
 * the log; the entry boots with the firmware's tree. */
static void note_devicetree(const struct boot_option *opt)
{
	if (!opt->devicetree)
		return;
	log_info("%s: devicetree %s not used: kexec_file_load passes the "
		 "running kernel's device tree to the next kernel (a "
		 "different one needs the firmware or a boot loader)",
		 opt->title, opt->devicetree->path ? opt->devicetree->path :
		 opt->devicetree->url ? opt->devicetree->url : "");
}

int loader_load(const struct option_set *set, const struct boot_option *opt,
		const char *cmdline, char *msg, size_t msglen)
{
	unsigned long flags = 0;
	int kfd, ifd = -1, err = 0, fd;
	off_t initrd_bytes = 0;
	struct kexec_env env;
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
	/* An Image.gz: inflated into a memfd that replaces kfd. */
	fd = decompress_kernel(kfd, opt->kernel->path ? opt->kernel->path :
			       opt->kernel->url, msg, msglen);
	if (fd < 0) {
		err = fd;
		goto out_close;
	}
	if (fd != kfd) {
		close(kfd);
		kfd = fd;
	}
	note_devicetree(opt);
	if (opt->n_initrds) {
		ifd = build_initrd(set, opt, &initrd_bytes, msg, msglen);
		if (ifd < 0) {
			err = ifd;
			goto out_close;
		}
	} else {
		flags |= KEXEC_FILE_NO_INITRAMFS;
	}
	if (syscall(SYS_kexec_file_load, kfd, ifd, len, cmdline, flags) < 0) {
		err = -errno;
		kexec_env_read(&env);
		kexec_explain(-err, opt->kernel->path ? opt->kernel->path :
			      opt->kernel->url, len,
			      (unsigned long long)initrd_bytes, &env, msg,
			      msglen);
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
