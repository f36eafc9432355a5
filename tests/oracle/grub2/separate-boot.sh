#!/bin/bash
# separate-boot.sh - a /boot partition of its own, the second initrd found on the root partition by search.
#
# Usage: tests/oracle/grub2/separate-boot.sh [--record | --disk-only IMAGE]
#
# Partition 1 is /boot (GRUB's folder is /grub, the kernel /vmlinuz-E2E_DISK_KVER);
# partition 2 is the root filesystem, which holds /etc/hopboot-marker and
# /boot/initrd-b.img. The entry finds partition 1 with
# `search --fs-uuid --set=root`, partition 2 with `search --label` and
# `search --file`, loads one initrd from each, and the default is chosen
# by --id. See lib.sh.
set -eu

. "$(dirname "$0")/lib.sh"

G2O_GRUBDIR=
G2O_PARTS=2

g2o_stage()
{
	local p1=$1 p2=$2

	g2o_stage_boot_files "$p1"
	mkdir -p "$p1/grub" "$p2/etc" "$p2/boot"
	mv "$p1/initrd-b.img" "$p2/boot/initrd-b.img"
	echo marker >"$p2/etc/hopboot-marker"
	g2o_grubenv "$p1/grub/grubenv" "saved_entry=second"
	cat >"$p1/grub/grub.cfg" <<-CFG
	set timeout=0
	load_env
	set default="\${saved_entry}"
	insmod part_msdos
	insmod ext2
	search --no-floppy --fs-uuid --set=root $G2O_P1_UUID
	search --no-floppy --label g2oroot --set=rootfs
	menuentry 'First' --id first {
		linux /vmlinuz-$E2E_DISK_KVER root=UUID=$G2O_P2_UUID ro console=ttyS0 first
		initrd /initrd-a.img
	}
	menuentry 'Second, kernel on /boot, one initrd on /' --id second {
		search --no-floppy --file --set=other /etc/hopboot-marker
		linux (\$root)/vmlinuz-$E2E_DISK_KVER root=UUID=$G2O_P2_UUID ro console=ttyS0 rootfs=\$rootfs other=\$other
		initrd /initrd-a.img (\$other)/boot/initrd-b.img
	}
	CFG
}

g2o_main separate-boot "$@"
