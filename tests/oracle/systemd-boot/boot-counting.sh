#!/bin/bash
# boot-counting.sh - systemd-boot 252 boot counting: an exhausted newest entry is not the default.
#
# Usage: tests/oracle/systemd-boot/boot-counting.sh [--record | --disk-only IMAGE]
#
# Boots the real systemd-boot (see ../lib.sh) on an ESP with no 'default'
# in loader.conf and three Type #1 entries for one kernel:
#
#   debian-6.10+0-3.conf   version 6.10, boot counting, no tries left
#   debian-6.5+2-1.conf    version 6.5, two tries left, one failed
#   debian-6.1.conf        version 6.1, no boot counting
#
# The newest version has no tries left, so it must sort last and not boot;
# the entry's options name it (entry=...). systemd-boot also renames the
# 6.5 file (one try used) as it boots it: the disk is the loader's, not
# hopboot's, so that write is fine here. Prints the target's command line.
set -eu

. "$(dirname "$0")/../lib.sh"

stage()
{
	local esp=$1 v

	e2e_find_kernel
	mkdir -p "$esp/loader/entries"
	cp "$E2E_KERNEL" "$esp/vmlinuz"
	e2e_build_target_initrds "$esp"
	for v in 6.10+0-3 6.5+2-1 6.1; do
		cat >"$esp/loader/entries/debian-$v.conf" <<-EOF
		title Debian GNU/Linux
		version ${v%%+*}
		linux /vmlinuz
		initrd /initrd-a.img
		options console=ttyS0 entry=debian-$v
		EOF
	done
}

oracle_run boot-counting stage "$@"
