#!/bin/bash
# uki-boot.t - QEMU boot: hopboot finds a unified kernel image and kexecs it.
#
# Boots the Debian kernel with out/initramfs.cpio.gz and hopboot.timeout=0
# against a GPT disk whose ESP holds only EFI/Linux/test.efi: the systemd
# stub with the Debian kernel as .linux, target initrd A as .initrd, initrd
# B as .ucode, a .cmdline ending in a newline and an .osrel (lib-uki.sh).
# hopboot must take the kernel and initrds out of the image's sections and
# kexec them at once; the kexec'd kernel runs target-init, which prints its
# /proc/cmdline and which initrds it got. We check the command line against
# what systemd-boot 252 passes for a .cmdline (newline dropped, see
# tests/oracle/systemd-boot/esp-uki.expected), that .ucode came before
# .initrd, and that the disk was not written to. TAP output; see lib.sh.
set -eu
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/lib-uki.sh"

missing=$(uki_missing)
[ -z "$missing" ] || { echo "1..0 # SKIP cannot build a UKI: no $missing"; exit 0; }

BOOT_NAME=uki-boot
BOOT_DISK_DESC="GPT: ext4, then an ESP holding one UKI"
BOOT_LOADER="systemd-boot 252 passes for the .cmdline"
# .ucode is initrd B and comes before .initrd, initrd A.
WANT_INITRDS="a,b last=a"

# The command line systemd-boot 252 gives the kernel for .cmdline
# "console=ttyS0 hopboot-uki=1\n": one trailing newline goes.
WANT_CMDLINE='console=ttyS0 hopboot-uki=1'

# Builds DISK: ext4 data partition and an ESP with one UKI and nothing else.
make_disk()
{
	local disk=$1 stage=$OUT/tests/e2e/uki-boot/stage

	rm -rf "$stage"
	mkdir -p "$stage/esp/EFI/Linux" "$stage/uki"
	e2e_stage_data "$stage/data"
	e2e_build_target_initrds "$stage/uki"
	printf '%s\n' "$WANT_CMDLINE" >"$stage/uki/cmdline"
	printf '%s\n' 'ID=hopboot' 'VERSION_ID=1' \
		'PRETTY_NAME="hopboot UKI test"' >"$stage/uki/osrel"
	uki_build "$stage/esp/EFI/Linux/test.efi" .osrel="$stage/uki/osrel" \
		.cmdline="$stage/uki/cmdline" .linux="$E2E_KERNEL" \
		.initrd="$stage/uki/initrd-a.img" .ucode="$stage/uki/initrd-b.img"
	e2e_make_gpt_disk "$disk" "$stage/data" "$stage/esp"
	rm -rf "$stage"
}

e2e_boot_test
