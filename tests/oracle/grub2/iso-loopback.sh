#!/bin/bash
# iso-loopback.sh - GRUB boots a kernel and initrds from inside an ISO file with `loopback`.
#
# Usage: tests/oracle/grub2/iso-loopback.sh [--record | --disk-only IMAGE]
#
# One ext4 partition: /boot/grub and /iso/live.iso, an ISO 9660 image
# (xorriso, Rock Ridge) holding /live/vmlinuz and the two target initrds.
# grub.cfg is the usual "boot an ISO from the disk" entry: loopback loop
# $isofile, then linux and initrd from (loop), findiso= naming the file.
# The loader reads the ISO through GRUB's own iso9660 driver; hopboot has
# to do the same (a loop device on the file) to find the kernel. See lib.sh.
set -eu

. "$(dirname "$0")/lib.sh"

G2O_GRUBDIR=boot
G2O_PARTS=1

g2o_stage()
{
	local p1=$1 u=$G2O_P1_UUID iso=$1.iso-tree

	command -v xorriso >/dev/null 2>&1 ||
		g2o_die "xorriso is missing (apt-get install xorriso)"
	rm -rf "$iso"
	mkdir -p "$iso/live" "$p1/iso" "$p1/boot/grub"
	cp "$E2E_KERNEL" "$iso/live/vmlinuz"
	e2e_build_target_initrds "$iso/live"
	find "$iso" -exec touch -h -d @0 {} +
	# Fixed volume dates so that the same inputs give the same image.
	xorriso -as mkisofs -quiet -R -V HOPLIVE \
		--modification-date=2026010100000000 \
		-o "$p1/iso/live.iso" "$iso" 2>/dev/null
	rm -rf "$iso"
	cat >"$p1/boot/grub/grub.cfg" <<-CFG
	set timeout=0
	set default=live
	insmod part_msdos
	insmod ext2
	menuentry 'Debian Live (from /iso/live.iso)' --id live {
		search --no-floppy --fs-uuid --set=root $u
		set isofile=/iso/live.iso
		insmod loopback
		insmod iso9660
		loopback loop \$isofile
		linux (loop)/live/vmlinuz boot=live components findiso=\$isofile console=ttyS0
		initrd (loop)/live/initrd-a.img (loop)/live/initrd-b.img
	}
	menuentry 'Debian GNU/Linux (not on this disk)' --id disk {
		linux /boot/vmlinuz-missing console=ttyS0
	}
	CFG
}

g2o_main iso-loopback "$@"
