/* scan_cmd.c - hopboot scan: the boot options on directories, disks, images.
 *
 * usage: hopboot scan [--json] [--debug] [--firmware efi|bios] PATH...
 *
 * Each PATH is a directory (the root of one filesystem), a block device
 * (a disk and its partitions, or one partition), or a disk or partition
 * image file, which is attached read-only to a loop device and detached
 * afterwards. Filesystems are mounted read-only, without journal replay,
 * in a private mount namespace that the rest of the system never sees.
 *
 * Prints the devices and boot options found; --json prints them in the
 * format doc/protocol.md describes, each option with the configuration
 * files it came from. --firmware: the firmware the options are for, by
 * default this machine's: on a disk or CD with loaders for both, only its
 * loader is read (isolinux under BIOS; GRUB, systemd-boot under EFI), and
 * GRUB runs the configs with its $grub_platform.
 *
 * Exit status: 1 when a user could lose something bootable: a device or a
 * configuration could not be read (or only in part, so entries may be
 * missing), or an entry that should boot a kernel cannot (a missing kernel
 * or initrd, say). Entries that are by nature not a kernel kexec can start
 * (chainloader, reboot, halt, fwsetup, COM32 modules, boot sectors, EFI
 * programs) are listed with the reason ("kexec": false) and do not make
 * the scan fail: 0. 2 for bad usage or a PATH that does not exist.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "arena.h"
#include "commands.h"
#include "log.h"
#include "loopdev.h"
#include "mntns.h"
#include "option.h"
#include "scanner.h"

#define MAX_IMAGES 16

static void usage(FILE *f)
{
	fputs("usage: hopboot scan [--json] [--debug] [--firmware efi|bios] "
	      "PATH...\n"
	      "List the boot options on each PATH: a directory (one "
	      "filesystem's root),\na block device, or a disk or partition "
	      "image (attached read-only).\n"
	      "  --json    print the devices and options as JSON "
	      "(doc/protocol.md)\n"
	      "  --debug   say what is being done\n"
	      "  --firmware efi|bios\n"
	      "            the firmware the options are for: its loaders only "
	      "on a disk\n            with both (isolinux; GRUB, "
	      "systemd-boot), GRUB's $grub_platform;\n            default: "
	      "this machine's\n"
	      "Exit status: 0 all read; 1 something could not be read or an "
	      "entry that\nshould boot a kernel cannot (listed); 2 bad usage. "
	      "Entries kexec cannot\nstart by nature (chainloader, reboot, "
	      "COM32...) are listed and exit 0.\n",
	      f);
}

/* The kernel name of a block device node ("sda1"), via /sys/dev/block. */
static int block_name(dev_t rdev, char *name, size_t size)
{
	char link[64], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(rdev),
		 minor(rdev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	base = strrchr(target, '/');
	if (snprintf(name, size, "%s", base ? base + 1 : target) >= (int)size)
		return -ENAMETOOLONG;
	return 0;
}

/* A PATH that could not be read at all is still listed, as a device with
 * the reason, so JSON readers see every PATH they asked for. */
static int path_error(struct option_set *set, const char *path,
		      const char *msg)
{
	struct device *dev = option_set_add_device(set);

	if (!dev)
		return -ENOMEM;
	dev->id = dev->path = path;
	return strlist_add(&dev->errors, set->arena, msg);
}

int scan_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "debug", no_argument, NULL, 'd' },
		{ "firmware", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct loopdev images[MAX_IMAGES];
	char mnt_base[] = "/tmp/hopboot-scan.XXXXXX";
	bool json = false, need_mounts = false, made_base = false;
	struct option_set *set;
	struct scanner sc;
	struct stat st;
	enum parse_firmware firmware = scanner_firmware();
	int c, n_images = 0, r = 0, status;

	while ((c = getopt_long(argc, argv, "jdh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'd':
			log_debug_enabled = 1;
			break;
		case 'f':
			if (!strcmp(optarg, "efi"))
				firmware = FIRMWARE_EFI;
			else if (!strcmp(optarg, "bios"))
				firmware = FIRMWARE_BIOS;
			else {
				log_error("--firmware is efi or bios, not '%s'",
					  optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		if (stat(argv[i], &st) < 0) {
			log_error("unable to read %s: %s", argv[i],
				  strerror(errno));
			return 2;
		}
		if (!S_ISDIR(st.st_mode))
			need_mounts = true;
	}

	set = option_set_new();
	if (!set) {
		log_error("out of memory");
		return 1;
	}
	if (need_mounts) {
		r = mntns_private();
		if (r < 0)
			log_error("unable to make a private mount namespace: "
				  "%s (disks and images need root)",
				  strerror(-r));
		else if (mkdtemp(mnt_base))
			made_base = true;
		else
			log_error("unable to create %s: %s", mnt_base,
				  strerror(errno));
	}
	scanner_init(&sc, set, mnt_base);
	sc.firmware = firmware;

	for (int i = optind; i < argc && r != -ENOMEM; i++) {
		const char *path = argv[i];
		char name[64], msg[256];

		r = 0;
		stat(path, &st);
		if (S_ISDIR(st.st_mode)) {
			r = scanner_scan_dir(&sc, path);
		} else if (!made_base) {
			r = path_error(set, path, "cannot scan a device or "
				       "image without root (mounting needs "
				       "it); run hopboot scan as root");
		} else if (S_ISBLK(st.st_mode)) {
			if (block_name(st.st_rdev, name, sizeof(name)) < 0)
				r = path_error(set, path, "cannot find this "
					       "block device in /sys");
			else
				r = scanner_scan_disk(&sc, name);
		} else if (S_ISREG(st.st_mode) && n_images < MAX_IMAGES) {
			struct loopdev *lo = &images[n_images];

			if (loopdev_attach(lo, path, msg, sizeof(msg)) < 0) {
				r = path_error(set, path,
					       arena_strdup(set->arena, msg));
			} else {
				n_images++;
				r = scanner_scan_disk(&sc, lo->name);
			}
		} else {
			r = path_error(set, path, S_ISREG(st.st_mode) ?
				       "too many images in one scan" :
				       "not a directory, block device or "
				       "disk image");
		}
	}
	if (r != -ENOMEM)
		r = scanner_parse(&sc);
	option_set_resolve_default(set);

	if (r == -ENOMEM) {
		log_error("out of memory");
		status = 1;
	} else {
		if (json)
			option_set_write_json(set, stdout);
		else
			option_set_write_text(set, stdout);
		status = option_set_failed(set) ? 1 : 0;
	}
	scanner_finish(&sc);
	for (int i = 0; i < n_images; i++)
		loopdev_detach(&images[i]);
	if (made_base)
		rmdir(mnt_base);
	option_set_free(set);
	if (fflush(stdout) == EOF)
		status = 1;
	return status;
}
