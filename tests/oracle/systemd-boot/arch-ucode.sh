#!/bin/bash
# arch-ucode.sh - systemd-boot 252 with Arch Linux's entries: the microcode initrd before the initramfs.
#
# Usage: tests/oracle/systemd-boot/arch-ucode.sh [--record | --disk-only IMAGE]
#
# Boots the real systemd-boot (see ../lib.sh) on an ESP laid out as Arch's
# bootctl install leaves it with intel-ucode: /vmlinuz-linux,
# /intel-ucode.img, /initramfs-linux.img and /initramfs-linux-fallback.img
# at the ESP's root, loader.conf naming "default arch.conf", and the
# entries arch.conf and arch-fallback.conf, each with two initrd lines
# (microcode first). The microcode image is the target's initrd-b (no
# /init), the initramfs images are initrd-a: the target reports
# "a,b last=a" when the order is the entry's. Prints the command line.
set -eu

. "$(dirname "$0")/../lib.sh"

stage()
{
	local esp=$1 e

	e2e_find_kernel
	mkdir -p "$esp/loader/entries"
	cp "$E2E_KERNEL" "$esp/vmlinuz-linux"
	e2e_build_target_initrds "$esp"
	mv "$esp/initrd-b.img" "$esp/intel-ucode.img"
	cp "$esp/initrd-a.img" "$esp/initramfs-linux-fallback.img"
	mv "$esp/initrd-a.img" "$esp/initramfs-linux.img"
	for e in "" -fallback; do
		cat >"$esp/loader/entries/arch$e.conf" <<-EOF
		title   Arch Linux${e:+ (fallback initramfs)}
		linux   /vmlinuz-linux
		initrd  /intel-ucode.img
		initrd  /initramfs-linux$e.img
		options root=PARTUUID=4c1d0c5e-0b5e-4e2e-9a3b-6e2e0000a2c4 rw console=ttyS0${e:+ fallback}
		EOF
	done
	printf '%s\n' "default arch.conf" "timeout 0" "console-mode max" \
		"editor no" >"$esp/loader/loader.conf"
}

# lib.sh writes "timeout 0" over loader.conf; keep the scenario's.
oracle_stage_sdboot()
{
	mkdir -p "$1/EFI/BOOT"
	cp "$ORACLE_SDBOOT" "$1/EFI/BOOT/BOOTX64.EFI"
}

oracle_run arch-ucode stage "$@"
