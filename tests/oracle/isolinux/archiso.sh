#!/bin/bash
# archiso.sh - the real isolinux 6.04 boots an Arch-ISO-shaped CD: whichsys.c32, CONFIG, vesamenu, TIMEOUT.
#
# Usage: tests/oracle/isolinux/archiso.sh [--record | --disk-only IMAGE]
#
# An El Torito ISO laid out as mkarchiso lays out archiso's releng profile:
# isolinux.bin, ldlinux.c32 and the .c32 modules in /boot/syslinux, with
# archiso's own configs (tests/parsers/syslinux/archiso/boot/syslinux/, see
# its ATTRIBUTION): syslinux.cfg is "DEFAULT select", select runs
# "whichsys.c32 -pxe- pxe -sys- sys -iso- sys", sys is "CONFIG
# archiso_sys.cfg", whose vesamenu menu boots arch after TIMEOUT 150. Two
# changes only, for the oracle: arch's APPEND gets console=ttyS0 (the target
# reports on the serial line), and its kernel and initrd are the host's
# kernel and target initrd a. QEMU boots the ISO with -cdrom; the target's
# two lines go to archiso.expected with --record, else they are compared
# (iso_main, lib.sh). What hopboot must see: whichsys.c32's -iso-
# branch followed, archiso_sys.cfg's menu, arch after 15 s.
#
# --disk-only IMAGE: the ISO alone, for tests/oracle/run-all (lib.sh).
set -eu

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

CONFIGS=$(cd "$ISO_DIR/../../parsers/syslinux/archiso/boot/syslinux" && pwd)
# mkarchiso's xorriso options for bios.syslinux: boot/syslinux/isolinux.bin
# and boot.cat.
ISO_BOOTDIR=boot/syslinux
ISO_C32=(ldlinux whichsys vesamenu libcom32 libutil)
ISO_VOLID=ARCH_202603
ISO_KERNEL=/arch/boot/x86_64/vmlinuz-linux
ISO_EXTRA="the serial line showed archiso_sys.cfg's vesamenu menu (7 entries) counting down from 15 s, then loaded arch"

# iso_stage TREE: the CD's files but isolinux's.
iso_stage()
{
	local t=$1

	mkdir -p "$t/boot/syslinux" "$t/arch/boot/x86_64"
	cp "$CONFIGS"/*.cfg "$t/boot/syslinux/"
	sed -i '/^LABEL arch$/,/^$/s/^APPEND .*/& console=ttyS0/' \
		"$t/boot/syslinux/archiso_sys-linux.cfg"
	cp "$E2E_KERNEL" "$t$ISO_KERNEL"
	e2e_build_target_initrds "$t/arch/boot/x86_64"
	mv "$t/arch/boot/x86_64/initrd-a.img" \
		"$t/arch/boot/x86_64/initramfs-linux.img"
	rm "$t/arch/boot/x86_64/initrd-b.img"
}

iso_main archiso "$@"
