/* test_firmware_menus.c - whose menu a scan lists: systemd-boot's volumes, and one firmware's loaders per medium.
 *
 * Every case runs the whole parse of a set, as the scanner and the daemon
 * do (scanner_parse_set: every parser over every filesystem, with views of
 * all of them), on real configurations, read from the repository by path:
 *
 * - Fedora/RHEL /boot: GRUB with blscfg, grubenv's kernelopts and
 *   loader/entries. Built in a temporary directory from the CentOS 8
 *   Stream files of tests/parsers/grub2/uroot-CentOS_8_Stream_x86_64_
 *   blscfg_sda1 laid out as anaconda lays out a separate /boot: grub.cfg
 *   and grubenv in /grub2, the entries in /loader/entries with their paths
 *   taken from /boot's root (u-root's tree had /boot on the root
 *   filesystem, so its entries name /boot/vmlinuz-...), zero-byte kernels.
 *   systemd-boot never reads a Linux partition; GRUB's blscfg does.
 * - Hybrid media, read under each firmware: the Arch ISO (isolinux in
 *   tests/realworld/archiso-syslinux/iso, systemd-boot on the El Torito
 *   EFI image, appended to the hybrid disk as partition 2 of type 0xef, in
 *   tests/realworld/archiso-systemd-boot/esp), and Debian 9's and Fedora
 *   27's live ISOs (isolinux and EFI GRUB: u-root split each into
 *   tests/parsers/syslinux/uroot-* and tests/parsers/grub2/uroot-*, read
 *   here as two directories of one scan, which make one medium).
 *
 * Run from the repository root. The temporary tree is removed at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

#include "arena.h"
#include "discover/scanner.h"
#include "option.h"
#include "parser.h"

#define CENTOS8 "tests/parsers/grub2/uroot-CentOS_8_Stream_x86_64_blscfg_sda1"
#define CENTOS8_UUID "d0be5cb9-622d-42d5-a531-674aaa120309"
#define KERNELOPTS "root=UUID=" CENTOS8_UUID \
	" ro crashkernel=auto rhgb quiet console=ttyS1,57600n8"
#define ARCH_ISO "tests/realworld/archiso-syslinux/iso"
#define ARCH_EFIBOOT "tests/realworld/archiso-systemd-boot/esp"
#define LINUX_GUID "0fc63daf-8483-4772-8e79-3d69d8477de4"
#define ESP_GUID "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"

static char tmp_root[] = "/tmp/test_firmware_menus.XXXXXX";

static void must(int ok_, const char *what)
{
	if (!ok_) {
		diag("setup failed: %s: %s", what, strerror(errno));
		exit(1);
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = malloc(1 << 16);

	must(f && buf, path);
	*len = fread(buf, 1, (1 << 16) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void put(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	must(fd >= 0, path);
	must(write(fd, text, len) == (ssize_t)len, path);
	close(fd);
}

static const char *tmp(const char *rel)
{
	static char buf[4][PATH_MAX];
	static int slot;
	char *p = buf[slot++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", tmp_root, rel);
	return p;
}

/* src's text at dst, with "/boot/" after "linux " and "initrd " dropped
 * when boot_rel: an entry's paths from /boot's own root. */
static void copy(const char *src, const char *dst, int boot_rel)
{
	size_t len;
	char *s = slurp(src, &len), *p;

	while (boot_rel && ((p = strstr(s, "linux /boot/")) ||
			    (p = strstr(s, "initrd /boot/")))) {
		p = strchr(p, '/');
		memmove(p, p + 5, strlen(p + 5) + 1);
	}
	put(dst, s, strlen(s));
	free(s);
}

/* The Fedora/RHEL /boot of the header, under tmp_root/fedora-boot. */
static void make_fedora_boot(void)
{
	static const char *const kernels[] = {
		"vmlinuz-5.18.0", "initramfs-5.18.0.img",
		"vmlinuz-0-rescue-9af7b02ac08149d985841c07c8ff366e",
		"initramfs-0-rescue-9af7b02ac08149d985841c07c8ff366e.img",
		"tboot.gz",
	};
	static const char *const entries[] = {
		"9af7b02ac08149d985841c07c8ff366e-5.18.0.conf",
		"9af7b02ac08149d985841c07c8ff366e-0-rescue.conf",
	};
	char src[PATH_MAX], dst[PATH_MAX];

	must(mkdir(tmp("fedora-boot"), 0755) == 0, "fedora-boot");
	must(mkdir(tmp("fedora-boot/grub2"), 0755) == 0, "grub2");
	must(mkdir(tmp("fedora-boot/loader"), 0755) == 0, "loader");
	must(mkdir(tmp("fedora-boot/loader/entries"), 0755) == 0, "entries");
	copy(CENTOS8 "/EFI/centos/grub.cfg", tmp("fedora-boot/grub2/grub.cfg"), 0);
	copy(CENTOS8 "/EFI/centos/grubenv", tmp("fedora-boot/grub2/grubenv"), 0);
	for (size_t i = 0; i < 2; i++) {
		snprintf(src, sizeof(src), "%s/boot/loader/entries/%s", CENTOS8,
			 entries[i]);
		snprintf(dst, sizeof(dst), "%s/fedora-boot/loader/entries/%s",
			 tmp_root, entries[i]);
		copy(src, dst, 1);
	}
	for (size_t i = 0; i < sizeof(kernels) / sizeof(kernels[0]); i++) {
		snprintf(dst, sizeof(dst), "%s/fedora-boot/%s", tmp_root,
			 kernels[i]);
		put(dst, "", 0);
	}
}

static struct device *add_dev(struct option_set *set, const char *path,
			      const char *type, const char *parttype,
			      const char *root)
{
	struct device *d = option_set_add_device(set);

	must(d != NULL, "add device");
	d->id = d->path = path;
	d->type = type;
	d->parttype = parttype;
	d->root = root;
	return d;
}

/* The set parsed for firmware, with its default chosen. */
static void parse(struct option_set *set, enum parse_firmware firmware)
{
	must(scanner_parse_set(set, firmware) == 0, "parse");
	option_set_resolve_default(set);
}

static size_t count(const struct option_set *set, enum option_source s)
{
	size_t n = 0;

	for (size_t i = 0; i < set->n_options; i++)
		n += set->options[i]->source == s;
	return n;
}

static const struct boot_option *def(const struct option_set *set)
{
	return set->default_id ? option_set_option(set, set->default_id)
			       : NULL;
}

static const char *fw_name(enum parse_firmware f)
{
	return f == FIRMWARE_EFI ? "efi" : f == FIRMWARE_BIOS ? "bios" :
	       "unknown";
}

/* What GRUB lists from the Fedora /boot: each entry once, $kernelopts
 * from grubenv expanded, saved_entry the default, its timeout. */
static void check_fedora(const struct option_set *set, const char *what,
			 const char *boot_image)
{
	const struct boot_option *d = def(set);
	char want[512];
	int raw = 0;

	check_int(count(set, SOURCE_BLS), ==, 0);
	if (!check_int(set->n_options, ==, 3))
		for (size_t i = 0; i < set->n_options; i++)
			diag("%s: %s", set->options[i]->id,
			     set->options[i]->title);
	for (size_t i = 0; i < set->n_options; i++)
		raw |= strchr(set->options[i]->cmdline, '$') != NULL;
	ok(!raw, "%s: no command line keeps a $variable", what);
	if (!ok(d && d->source == SOURCE_GRUB2, "%s: the default is GRUB's",
		what))
		return;
	check_str(d->title, "CentOS Linux (5.18.0) 8");
	snprintf(want, sizeof(want), "BOOT_IMAGE=%s/vmlinuz-5.18.0 %s",
		 boot_image, KERNELOPTS);
	check_str(d->cmdline, want);
	ok(set->has_timeout && set->timeout == 5, "%s: GRUB's timeout, 5 s",
	   what);
}

/* A /boot partition of a GPT disk, of type Linux filesystem: systemd-boot
 * 252 reads the ESP and XBOOTLDR only, so the entries are blscfg's. */
static void test_fedora_partition(void)
{
	static const enum parse_firmware fws[] = { FIRMWARE_BIOS,
						   FIRMWARE_EFI };

	for (size_t i = 0; i < 2; i++) {
		struct option_set *set = option_set_new();
		struct device *p;
		char what[64];

		must(set != NULL, "set");
		snprintf(what, sizeof(what), "fedora /boot partition, %s",
			 fw_name(fws[i]));
		diag("%s", what);
		add_dev(set, "/dev/vda", NULL, NULL, NULL);
		p = add_dev(set, "/dev/vda1", "xfs", LINUX_GUID,
			    tmp("fedora-boot"));
		p->id = "uuid:" CENTOS8_UUID;
		p->uuid = CENTOS8_UUID;
		p->partuuid = "5c3f2a8e-4b1d-4e6a-9f70-2d8c1b3a4e51";
		parse(set, fws[i]);
		check_fedora(set, what, "(hd0,gpt1)");
		option_set_free(set);
	}
}

/* The same /boot scanned as a directory (hopboot scan /boot): no
 * partition type says whose it is, so the entries GRUB's blscfg read are
 * GRUB's and are listed once. */
static void test_fedora_directory(void)
{
	static const enum parse_firmware fws[] = { FIRMWARE_BIOS,
						   FIRMWARE_EFI,
						   FIRMWARE_UNKNOWN };

	for (size_t i = 0; i < 3; i++) {
		struct option_set *set = option_set_new();
		char what[64];

		must(set != NULL, "set");
		snprintf(what, sizeof(what), "fedora /boot directory, %s",
			 fw_name(fws[i]));
		diag("%s", what);
		add_dev(set, tmp("fedora-boot"), NULL, NULL, tmp("fedora-boot"));
		parse(set, fws[i]);
		check_fedora(set, what, "(hd0)");
		option_set_free(set);
	}
}

/* On an ESP the entries are systemd-boot's, whatever GRUB does: both
 * loaders read them there, and the firmware's boot entry picks one. */
static void test_fedora_on_esp(void)
{
	struct option_set *set = option_set_new();

	must(set != NULL, "set");
	add_dev(set, "/dev/vda", NULL, NULL, NULL);
	add_dev(set, "/dev/vda1", "vfat", ESP_GUID, tmp("fedora-boot"));
	parse(set, FIRMWARE_EFI);
	check_int(count(set, SOURCE_BLS), ==, 2);
	check_int(count(set, SOURCE_GRUB2), ==, 3);
	option_set_free(set);
}

/* The Arch ISO written to a stick: iso9660 on the whole disk (isolinux,
 * whichsys.c32, archiso_sys.cfg) and the El Torito EFI image as partition
 * 2 (systemd-boot, loader.conf). A second stick holds an isolinux-only
 * CD: no EFI loader there, so its menu stays under EFI. */
static void test_archiso(void)
{
	static const enum parse_firmware fws[] = { FIRMWARE_EFI,
						   FIRMWARE_BIOS,
						   FIRMWARE_UNKNOWN };

	for (size_t i = 0; i < 3; i++) {
		struct option_set *set = option_set_new();
		const struct boot_option *d;
		size_t n_bls, n_sys, other = 0;

		must(set != NULL, "set");
		diag("archiso hybrid disk, %s", fw_name(fws[i]));
		add_dev(set, "/dev/sdb", "iso9660", NULL, ARCH_ISO);
		add_dev(set, "/dev/sdb2", "vfat", "0xef", ARCH_EFIBOOT);
		add_dev(set, "/dev/sdc", "iso9660", NULL,
			"tests/parsers/syslinux/uroot-debian_9");
		parse(set, fws[i]);
		for (size_t k = 0; k < set->n_options; k++)
			other += !strcmp(set->options[k]->device, "/dev/sdc");
		n_bls = count(set, SOURCE_BLS);
		n_sys = count(set, SOURCE_SYSLINUX) - other;
		ok(other > 0, "archiso, %s: the isolinux-only stick is listed",
		   fw_name(fws[i]));
		d = def(set);
		if (fws[i] == FIRMWARE_EFI) {
			ok(n_bls == 3 && n_sys == 0,
			   "archiso, efi: systemd-boot's 3 entries only (bls %zu, syslinux %zu)",
			   n_bls, n_sys);
			ok(d && !strcmp(d->id, "/dev/sdb2:bls:01-archiso-linux"),
			   "archiso, efi: loader.conf's default");
			check_str(d ? d->title : NULL,
				  "Arch Linux install medium (x86_64, UEFI)");
		} else if (fws[i] == FIRMWARE_BIOS) {
			ok(n_bls == 0 && n_sys == 7,
			   "archiso, bios: isolinux's 7 entries only (bls %zu, syslinux %zu)",
			   n_bls, n_sys);
			check_str(d ? d->title : NULL,
				  "Arch Linux install medium (x86_64, BIOS)");
		} else {
			ok(n_bls == 3 && n_sys == 7,
			   "archiso, firmware unknown: both menus (bls %zu, syslinux %zu)",
			   n_bls, n_sys);
		}
		/* TIMEOUT 150 and loader.conf's timeout 15 agree. */
		ok(set->has_timeout && set->timeout == 15,
		   "archiso, %s: 15 s", fw_name(fws[i]));
		option_set_free(set);
	}
}

/* A live ISO whose isolinux and EFI GRUB u-root keep in two trees, read
 * as two directories of one scan: one medium. */
static void live_iso(const char *name, const char *syslinux_tree,
		     const char *grub_tree, const char *title,
		     const char *efi_cmdline, int timeout)
{
	static const enum parse_firmware fws[] = { FIRMWARE_EFI,
						   FIRMWARE_BIOS };

	for (size_t i = 0; i < 2; i++) {
		struct option_set *set = option_set_new();
		const struct boot_option *d;
		bool efi = fws[i] == FIRMWARE_EFI;

		must(set != NULL, "set");
		diag("%s, %s", name, fw_name(fws[i]));
		add_dev(set, syslinux_tree, NULL, NULL, syslinux_tree);
		add_dev(set, grub_tree, NULL, NULL, grub_tree);
		parse(set, fws[i]);
		ok(count(set, efi ? SOURCE_SYSLINUX : SOURCE_GRUB2) == 0 &&
		   count(set, efi ? SOURCE_GRUB2 : SOURCE_SYSLINUX) > 0,
		   "%s, %s: %s's menu only", name, fw_name(fws[i]),
		   efi ? "GRUB" : "isolinux");
		d = def(set);
		ok(d && d->source == (efi ? SOURCE_GRUB2 : SOURCE_SYSLINUX),
		   "%s, %s: that loader's default", name, fw_name(fws[i]));
		check_str(d ? d->title : NULL, title);
		if (efi)
			check_str(d ? d->cmdline : NULL, efi_cmdline);
		ok(set->has_timeout && set->timeout == timeout,
		   "%s, %s: its timeout, %d", name, fw_name(fws[i]), timeout);
		option_set_free(set);
	}
}

static void test_live_isos(void)
{
	live_iso("debian 9 live", "tests/parsers/syslinux/uroot-debian_9",
		 "tests/parsers/grub2/uroot-debian_9_install",
		 "Debian GNU/Linux Live (kernel 4.9.0-3-amd64)",
		 "BOOT_IMAGE=/live/vmlinuz-4.9.0-3-amd64 boot=live components findiso=",
		 -1);
	live_iso("fedora 27 live", "tests/parsers/syslinux/uroot-fedora_27",
		 "tests/parsers/grub2/uroot-fedora_27_install",
		 "Test this media & start Fedora-Workstation-Live 27",
		 "BOOT_IMAGE=/images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-27-1-6 rd.live.image rd.live.check quiet",
		 60);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

int main(void)
{
	if (!ok(mkdtemp(tmp_root), "temporary directory %s", tmp_root))
		return done_testing();
	make_fedora_boot();
	test_fedora_partition();
	test_fedora_directory();
	test_fedora_on_esp();
	test_archiso();
	test_live_isos();
	nftw(tmp_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
