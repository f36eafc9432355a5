#!/bin/bash
# grub2-boot.t - QEMU boot: hopboot runs a Debian-style grub.cfg and kexecs what real GRUB booted.
#
# Boots the Debian kernel with out/initramfs.cpio.gz and hopboot.timeout=0
# against the disk of tests/oracle/grub2/debian-submenu.sh (built with
# --disk-only: an MBR disk, ext4 /boot with grub.cfg, grubenv's next_entry
# pointing into the submenu). hopboot must kexec the default at once; the
# kexec'd kernel runs target-init, which prints its /proc/cmdline and which
# initrds it got. Both must be what real GRUB 2.06 gave on the same disk
# (debian-submenu.expected), and the disk must not change. TAP output; see
# lib.sh for the environment.
set -eu
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"

EXPECTED=$E2E_DIR/../oracle/grub2/debian-submenu.expected
BOOT_NAME=grub2-boot
BOOT_DISK_DESC="MBR: ext4 /boot with grub.cfg and grubenv"
BOOT_LOADER="real GRUB 2.06 passed"
WANT_CMDLINE=$(sed -n 's/^cmdline=//p' "$EXPECTED")
WANT_INITRDS=$(sed -n 's/^initrds=//p' "$EXPECTED")

make_disk()
{
	"$E2E_DIR/../oracle/grub2/debian-submenu.sh" --disk-only "$1"
}

e2e_boot_test
