#!/bin/bash
# run-demo.sh - `make run`: hopboot in QEMU on this terminal, with demo disks.
#
# Usage: tests/e2e/run-demo.sh [extra kernel arguments...]
#
# Builds the demo disks under $OUT/demo once (delete that folder to
# rebuild), then runs QEMU (TCG, SeaBIOS) on the terminal's serial console
# until the person at the keyboard quits (Ctrl-A X) or the booted system
# powers off. Each disk is one configuration of tests/realworld/, built by
# tests/realworld/lib.sh as its recorder builds it (LAYOUT's partitions and
# filesystems, its zero-byte kernels replaced by this machine's kernel and
# its initrds by target initrds that print the command line and initrds
# they received to ttyS0 and power off):
#
#   debian12-grub-mkconfig  a Debian 12 install, grub-mkconfig's grub.cfg
#   centos8-stream-blscfg   CentOS Stream 8: GRUB on the ESP, blscfg entries
#                           in the root filesystem's /boot
#   archiso-syslinux        the Arch Linux ISO (isolinux, whichsys.c32), a CD
#   debian12-systemd-boot   a Debian 12 ESP with kernel-install's BLS entries
#
# All four are read right by hopboot today (no .todo) and show their menus
# under BIOS (doc/architecture.md, "One firmware, one loader"). The CD is
# sr0, first in name order, so its default (Arch's) boots when the countdown
# ends unless `hopboot.order=` (an extra argument) prefers another disk.
#
# Environment: OUT, KVER, E2E_DISK_IF, E2E_QEMU_EXTRA as in lib.sh;
# HOPBOOT_TIMEOUT, the menu timeout in seconds (default 30); DEMO_LOG, a
# file for the serial console instead of this terminal (for a check that
# runs the demo without a person: QEMU then stops after E2E_QEMU_LIMIT
# seconds).
set -eu

# shellcheck source=../realworld/lib.sh
. "$(dirname "$0")/../realworld/lib.sh"

DEMO=$OUT/demo
INITRAMFS=$OUT/initramfs.cpio.gz
DEMO_CASES=(debian12-grub-mkconfig centos8-stream-blscfg archiso-syslinux
	debian12-systemd-boot)

# demo_build NAME IMG: the disk (or CD) of tests/realworld/NAME, with the
# filesystems LAYOUT gives (vfat too: mtools fills it without a mount).
# Built under a temporary name first so an interrupted build never leaves a
# half-made image that the "build if missing" check would take as done.
demo_build()
{
	local name=$1 img=$2 trees=$DEMO/$1.trees

	rw_load "$RW_DIR/$name"
	RECORD=1 rw_copy "$trees"
	if [ "$RW_DISK" = iso ]; then
		rw_make_iso "$trees" "$img.tmp"
	else
		rw_make_disk "$trees" "$img.tmp"
	fi
	rm -rf "$trees"
	mv "$img.tmp" "$img"
}

main()
{
	local timeout=${HOPBOOT_TIMEOUT:-30} name img n=0
	local -a serial=()

	e2e_find_kernel || e2e_die "no kernel image in /boot for KVER=${KVER:-}"
	[ -r "$INITRAMFS" ] || e2e_die "$INITRAMFS is missing: run make initramfs"
	[ -x "$RW_BUSYBOX" ] || e2e_die "$RW_BUSYBOX is missing: run make"
	mkdir -p "$DEMO"

	e2e_qemu_base_args
	E2E_DISK_ARGS=()
	for name in "${DEMO_CASES[@]}"; do
		img=$DEMO/$name.img
		if [ ! -f "$img" ]; then
			echo "run-demo: building $img from tests/realworld/$name"
			demo_build "$name" "$img"
		fi
		rw_load "$RW_DIR/$name"
		if [ "$RW_DISK" = iso ]; then
			E2E_DISK_ARGS+=(-drive "file=$img,format=raw,media=cdrom,readonly=on")
		else
			e2e_disk_args "$img" $n
			n=$((n + 1))
		fi
	done

	set -- -kernel "$E2E_KERNEL" -initrd "$INITRAMFS" \
		-append "console=ttyS0 hopboot.timeout=$timeout${*:+ $*}" \
		"${E2E_DISK_ARGS[@]}"
	if [ -n "${DEMO_LOG:-}" ]; then
		serial=(-monitor none -serial "file:$DEMO_LOG")
		exec timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 \
			"${E2E_QEMU_ARGS[@]}" "${serial[@]}" "$@" </dev/null
	fi
	echo "run-demo: QEMU on this terminal; to quit press Ctrl-A then X."
	# No time limit: a person drives this session.
	exec qemu-system-x86_64 "${E2E_QEMU_ARGS[@]}" "$@"
}

main "$@"
