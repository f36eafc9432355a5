#!/bin/bash
# syslinux-boot.t - QEMU boot: hopboot finds an extlinux.conf on an MBR disk and kexecs it.
#
# Boots the Debian kernel with out/initramfs.cpio.gz and hopboot.timeout=0
# against an MBR disk whose ext2 partition holds /boot/extlinux/extlinux.conf
# (built below, nothing mounted). The DEFAULT label sits in an INCLUDEd file
# and names its kernel and initrds with relative and ".." paths. hopboot must
# kexec it at once; the kexec'd kernel runs target-init, which prints its
# /proc/cmdline and which initrds it got. We check that command line against
# the one extlinux 6.04 builds (rules recorded in tests/oracle/extlinux/),
# that both initrds arrived in order, and that the disk was not written to.
# TAP output; see lib.sh for the environment.
set -eu
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"

BOOT_NAME=syslinux-boot
BOOT_DISK_DESC="MBR: ext2 with an extlinux.conf"
BOOT_LOADER="extlinux 6.04 passes"
WANT_INITRDS="a,b last=b"

# What extlinux 6.04 passes for the label below: BOOT_IMAGE= and the kernel
# as written, the global APPEND, then initrd= and the INITRD line as written.
WANT_CMDLINE='BOOT_IMAGE=../vmlinuz console=ttyS0 hopboot-test=syslinux'
WANT_CMDLINE+=' initrd=../initrd-a.img,/initrd-b.img'

# Builds DISK: MBR, one bootable ext2 partition from sector 2048.
make_disk()
{
	local disk=$1 stage=$OUT/tests/e2e/syslinux-boot/stage
	local part=$OUT/tests/e2e/syslinux-boot/part.img

	rm -rf "$stage"
	mkdir -p "$stage/boot/extlinux/sub"
	cp "$E2E_KERNEL" "$stage/boot/vmlinuz"
	e2e_build_target_initrds "$stage" || return 1
	mv "$stage/initrd-a.img" "$stage/boot/initrd-a.img"
	cat >"$stage/boot/extlinux/extlinux.conf" <<-'CONF'
	PROMPT 0
	TIMEOUT 50
	APPEND console=ttyS0 hopboot-test=syslinux
	DEFAULT test
	LABEL rescue
	  KERNEL ../vmlinuz
	  APPEND console=ttyS0 single
	INCLUDE sub/entries.cfg
	CONF
	cat >"$stage/boot/extlinux/sub/entries.cfg" <<-'CONF'
	label test
	  menu label hopboot syslinux test
	  kernel ../vmlinuz
	  initrd ../initrd-a.img,/initrd-b.img
	CONF
	rm -f "$part" "$disk"
	truncate -s 40M "$part"
	mkfs.ext2 -q -F -L hopsyslinux -E root_owner=0:0 -d "$stage" "$part" ||
		return 1
	truncate -s 41M "$disk"
	printf 'label: dos\nstart=2048, type=83, bootable\n' |
		sfdisk --quiet "$disk" || return 1
	dd if="$part" of="$disk" bs=512 seek=2048 conv=notrunc status=none
	rm -rf "$stage" "$part"
}

e2e_boot_test
