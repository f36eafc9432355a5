#!/bin/bash
# xbootldr.sh - systemd-boot 252 merges the entries of the ESP and of an XBOOTLDR partition.
#
# Usage: tests/oracle/systemd-boot/xbootldr.sh [--record | --disk-only IMAGE]
#
# Boots the real systemd-boot (see ../lib.sh) from a GPT disk with an ESP
# and an XBOOTLDR partition (type bc13c2ff-59e6-4262-a352-b275fd6f7172,
# FAT like the ESP: the firmware reads both). The ESP holds systemd-boot,
# loader.conf (timeout 0, no default) and an entry for version 6.1 with its
# kernel; the XBOOTLDR partition holds an entry for version 6.5 whose
# kernel and initrds are on the XBOOTLDR partition itself (paths are
# relative to the partition the entry is on). The newest version boots,
# so the command line must be the XBOOTLDR entry's.
set -eu

. "$(dirname "$0")/../lib.sh"

stage()
{
	local esp=$1 xb=$1.xbootldr

	e2e_find_kernel
	mkdir -p "$esp/loader/entries" "$xb/loader/entries" "$xb/6.5"
	cp "$E2E_KERNEL" "$esp/vmlinuz-6.1"
	e2e_build_target_initrds "$esp"
	rm -f "$esp/initrd-b.img"
	cat >"$esp/loader/entries/debian-6.1.conf" <<-EOF
	title Debian GNU/Linux (on the ESP)
	version 6.1
	linux /vmlinuz-6.1
	initrd /initrd-a.img
	options console=ttyS0 entry=esp-6.1
	EOF
	cp "$E2E_KERNEL" "$xb/6.5/linux"
	e2e_build_target_initrds "$xb/6.5"
	cat >"$xb/loader/entries/debian-6.5.conf" <<-EOF
	title Debian GNU/Linux (on XBOOTLDR)
	version 6.5
	linux /6.5/linux
	initrd /6.5/initrd-a.img
	initrd /6.5/initrd-b.img
	options console=ttyS0 entry=xbootldr-6.5
	EOF
}

oracle_run xbootldr stage "$@"
