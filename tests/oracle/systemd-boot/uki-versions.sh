#!/bin/bash
# uki-versions.sh - systemd-boot 252 picks the newest of two UKIs and passes its .cmdline.
#
# Usage: tests/oracle/systemd-boot/uki-versions.sh [--record | --disk-only IMAGE]
#
# Boots the real systemd-boot (see ../lib.sh) on an ESP with two unified
# kernel images in /EFI/Linux, debian-6.1.0-9.efi and debian-6.1.0-10.efi
# (same .osrel ID and VERSION_ID; a plain text sort would put -9 first, a
# version sort -10), each with its own .cmdline, plus a Type #1 entry with
# no sort key. loader.conf has no default. Prints the command line, which
# names the UKI that booted (uki=...).
set -eu

. "$(dirname "$0")/../lib.sh"
. "$ORACLE_DIR/../e2e/lib-uki.sh"

stage()
{
	local esp=$1 tmp v

	e2e_find_kernel
	tmp=$(mktemp -d "$esp/../uki.XXXXXX")
	mkdir -p "$esp/EFI/Linux" "$esp/loader/entries"
	e2e_build_target_initrds "$tmp"
	printf '%s\n' 'NAME="Debian GNU/Linux"' 'ID=debian' 'VERSION_ID="12"' \
		'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' >"$tmp/osrel"
	for v in 9 10; do
		printf 'console=ttyS0 uki=6.1.0-%s\n' "$v" >"$tmp/cmdline"
		uki_build "$esp/EFI/Linux/debian-6.1.0-$v.efi" \
			.osrel="$tmp/osrel" .cmdline="$tmp/cmdline" \
			.linux="$E2E_KERNEL" .initrd="$tmp/initrd-a.img"
	done
	cp "$E2E_KERNEL" "$esp/vmlinuz"
	cp "$tmp/initrd-a.img" "$esp/initrd-a.img"
	cat >"$esp/loader/entries/plain.conf" <<-EOF
	title Plain entry
	version 7.0
	linux /vmlinuz
	initrd /initrd-a.img
	options console=ttyS0 uki=none
	EOF
	rm -rf "$tmp"
}

oracle_run uki-versions stage "$@"
