#!/bin/bash
# grub2-iso.t - QEMU boot: hopboot boots a kernel inside an ISO image on a disk, through GRUB's loopback and the ISO's loopback.cfg.
#
# The disk is one ext4 filesystem holding /isos/live.iso (a real iso9660
# image made by xorriso: the Debian kernel, the two target initrds and a
# /boot/grub/loopback.cfg as Ubuntu's live ISOs carry it) and a grub.cfg
# whose default entry does what users write for such ISOs:
#   loopback loop $iso_path; set root=(loop); configfile /boot/grub/loopback.cfg
# with iso_path exported. hopboot must open the ISO read-only through a loop
# device (loop and isofs are loaded on demand from the initramfs), list
# loopback.cfg's entries as the entry's submenu, and with hopboot.timeout=0
# kexec its first entry at once: the kernel and initrds from inside the
# ISO and GRUB's command line, with ${iso_path} expanded. The disk must not
# change. TAP output; see lib.sh for the environment.
set -eu
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"

BOOT_NAME=grub2-iso
BOOT_DISK_DESC="ext4 with grub.cfg and an iso9660 image holding a loopback.cfg"
BOOT_LOADER="GRUB 2.06 builds (BOOT_IMAGE= and the linux line's words)"
WANT_CMDLINE='BOOT_IMAGE=/casper/vmlinuz console=ttyS0 boot=casper iso-scan/filename=/isos/live.iso hopboot-test=iso ---'
WANT_INITRDS='a,b last=b'

make_disk()
{
	local disk=$1 stage

	command -v xorriso >/dev/null || { echo "xorriso missing (build/deps.sh)"; return 1; }
	stage=$(mktemp -d "$(dirname "$disk")/stage.XXXXXX")
	mkdir -p "$stage/iso/casper" "$stage/iso/boot/grub" "$stage/disk/isos" \
		"$stage/disk/boot/grub"
	cp "$E2E_KERNEL" "$stage/iso/casper/vmlinuz"
	e2e_build_target_initrds "$stage/iso/casper"
	cat >"$stage/iso/boot/grub/loopback.cfg" <<-'EOF'
	menuentry "Try it without installing" {
		linux	/casper/vmlinuz console=ttyS0 boot=casper iso-scan/filename=${iso_path} hopboot-test=iso ---
		initrd	/casper/initrd-a.img /casper/initrd-b.img
	}
	menuentry "Check disc for defects" {
		linux	/casper/vmlinuz boot=casper integrity-check iso-scan/filename=${iso_path} ---
		initrd	/casper/initrd-a.img
	}
	EOF
	xorriso -as mkisofs -quiet -R -J -V HOPBOOT_ISO \
		-o "$stage/disk/isos/live.iso" "$stage/iso"
	cat >"$stage/disk/boot/grub/grub.cfg" <<-'EOF'
	set default=1
	set timeout=5
	menuentry "Plain entry (not the default)" {
		linux /nowhere/vmlinuz
	}
	menuentry "Live ISO" {
		set iso_path=/isos/live.iso
		export iso_path
		loopback loop $iso_path
		set root=(loop)
		configfile /boot/grub/loopback.cfg
	}
	EOF
	mkfs.ext4 -q -F -L hopboot-iso -d "$stage/disk" "$disk" 96M
	rm -rf "$stage"
}

e2e_boot_test
