#!/bin/bash
# no-options.sh - what systemd-boot passes for an entry with no options line.
#
# Usage: tests/oracle/systemd-boot/no-options.sh [--record]
#
# Boots the real systemd-boot (see ../lib.sh) with the entry:
#
#   title No options
#   linux /vmlinuz
#   initrd /x/y.img
#
# and prints the command line the target kernel got; --record writes it to
# no-options.expected, otherwise it compares (exit 0 same, 1 different).
#
# With no console= the kernel's console is tty0, which -nographic does not
# show. So in this initrd /dev/console is a symlink to a ttyS0 node (4:64):
# the kernel opens the path /dev/console for PID 1, and target-init writes
# to that path, so its lines reach the serial port without anything added
# to the command line we want to observe. A symlink, not a 4:64 node named
# console, because the kernel's built-in initramfs already made a 5:1
# /dev/console, and unpacking replaces a file only of another type.
set -eu

. "$(dirname "$0")/../lib.sh"

stage()
{
	local esp=$1 root=$1/x/stage

	e2e_find_kernel
	e2e_build_target_init
	mkdir -p "$esp/loader/entries" "$root/dev" "$root/proc"
	cp "$E2E_KERNEL" "$esp/vmlinuz"
	cp "$E2E_TARGET_INIT" "$root/init"
	mknod -m 600 "$root/dev/ttyS0" c 4 64 ||
		oracle_die "cannot make a ttyS0 node (needs root)"
	ln -s ttyS0 "$root/dev/console"
	echo a >"$root/marker-a"
	echo a >"$root/order"
	e2e_cpio "$root" "$esp/x/y.img"
	rm -rf "$root"
	cat >"$esp/loader/entries/test.conf" <<-EOT
	title No options
	linux /vmlinuz
	initrd /x/y.img
	EOT
}

oracle_run no-options stage "$@"
