#!/bin/bash
# run-demo.sh - `make run`: hopboot in QEMU on this terminal, with a demo disk.
#
# Usage: tests/e2e/run-demo.sh [extra kernel arguments...]
#
# Builds $OUT/demo/demo.img once (delete it to rebuild), then runs QEMU on
# the terminal's serial console until the person at the keyboard quits
# (Ctrl-A X) or the booted system powers off. The demo disk carries a
# systemd-boot (BLS) entry that starts the Debian kernel with the e2e target
# initrds, which print what they received and power off.
#
# Environment: OUT, KVER, E2E_DISK_IF, E2E_QEMU_EXTRA as in lib.sh, and
# HOPBOOT_TIMEOUT, the menu timeout in seconds (default 10).
set -eu

. "$(dirname "$0")/lib.sh"

DEMO=$OUT/demo
DISK=$DEMO/demo.img
INITRAMFS=$OUT/initramfs.cpio.gz

# Each boot configuration format puts its files into the ESP (or data)
# staging folder; add GRUB and syslinux stagers beside this one and call
# them from build_disk.
stage_bls()
{
	local esp=$1

	e2e_stage_bls "$esp" "hopboot demo: Debian $KVER with the test target"
}

# Builds the demo disk from staging folders under $DEMO, into a temporary
# name first so an interrupted build never leaves a half-made disk that the
# "build if missing" check would then take as done.
build_disk()
{
	local stage=$DEMO/stage

	rm -rf "$stage"
	mkdir -p "$stage"
	e2e_stage_data "$stage/data"
	stage_bls "$stage/esp"
	e2e_make_gpt_disk "$DISK.tmp" "$stage/data" "$stage/esp"
	rm -rf "$stage"
	mv "$DISK.tmp" "$DISK"
}

main()
{
	local timeout=${HOPBOOT_TIMEOUT:-10}

	e2e_find_kernel || e2e_die "no kernel image in /boot for KVER=${KVER:-}"
	[ -r "$INITRAMFS" ] || e2e_die "$INITRAMFS is missing: run make initramfs"
	mkdir -p "$DEMO"
	if [ ! -f "$DISK" ]; then
		echo "run-demo: building demo disk $DISK"
		build_disk
	fi

	e2e_qemu_base_args
	E2E_DISK_ARGS=()
	e2e_disk_args "$DISK" 0
	echo "run-demo: QEMU on this terminal; to quit press Ctrl-A then X."
	# No time limit: a person drives this session.
	exec qemu-system-x86_64 "${E2E_QEMU_ARGS[@]}" \
		-kernel "$E2E_KERNEL" -initrd "$INITRAMFS" \
		-append "console=ttyS0 hopboot.timeout=$timeout${*:+ $*}" \
		"${E2E_DISK_ARGS[@]}"
}

main "$@"
