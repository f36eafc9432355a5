#!/bin/bash
# uki-blanks.sh - what systemd-boot 252 does with blanks at the end of a UKI's .cmdline.
#
# Usage: tests/oracle/systemd-boot/uki-blanks.sh [--record]
#
# Boots the real systemd-boot (see ../lib.sh) on an ESP holding only
# EFI/Linux/blanks.efi, whose .cmdline is "console=ttyS0 x=1\tb \n\n" (a
# tab, a space and two newlines at the end), and prints the command line
# the target got. esp-uki.sh showed one trailing newline going; this
# shows whether a second one, and the blank before it, stay.
set -eu

. "$(dirname "$0")/../lib.sh"
. "$ORACLE_DIR/../e2e/lib-uki.sh"

stage()
{
	local esp=$1 tmp

	e2e_find_kernel
	tmp=$(mktemp -d "$esp/../uki.XXXXXX")
	mkdir -p "$esp/EFI/Linux"
	e2e_build_target_initrds "$tmp"
	printf 'console=ttyS0 x=1\tb \n\n' >"$tmp/cmdline"
	printf '%s\n' 'ID=test' 'PRETTY_NAME="Blanks"' >"$tmp/osrel"
	uki_build "$esp/EFI/Linux/blanks.efi" .osrel="$tmp/osrel" \
		.cmdline="$tmp/cmdline" .linux="$E2E_KERNEL" \
		.initrd="$tmp/initrd-a.img"
	rm -rf "$tmp"
}

oracle_run uki-blanks stage "$@"
