#!/bin/bash
# run.sh - boots each extlinux oracle scenario with the real extlinux 6.04.
#
# Usage: tests/oracle/extlinux/run.sh [--record] [SCENARIO...]
#
# For each scenario of lib.sh (all by default) it builds the disk, boots it
# under SeaBIOS in QEMU/TCG and prints what the target reported. With
# --record it writes NAME.expected (the two HOPBOOT-TARGET lines) and
# NAME.recorded (tool versions, date, boot time); without, it compares with
# NAME.expected. Exit 0 when all match (or were recorded), 1 on a mismatch,
# 2 when a boot gave no answer, 77 when something needed is missing.
set -eu

. "$(dirname "$0")/lib.sh"
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

mode=
if [ "${1:-}" = --record ]; then
	mode=--record
	shift
fi
names=${*:-$SL_SCENARIOS}
missing=$(sl_missing_build)
command -v qemu-system-x86_64 >/dev/null || missing=qemu-system-x86_64
if [ -n "$missing" ]; then
	echo "oracle extlinux: cannot run, missing: $missing" >&2
	exit 77
fi
e2e_find_kernel

status=0
for name in $names; do
	work=$OUT/tests/oracle/extlinux/$name
	expected=$SL_DIR/$name.expected
	rm -rf "$work"
	mkdir -p "$work"
	if ! sl_make_disk "$name" "$work"; then
		echo "oracle $name: cannot build the disk" >&2
		exit 1
	fi
	start=$SECONDS
	sl_boot "$work/disk.img" "$work/serial.log" ||
		echo "oracle $name: QEMU ended with status $?" >&2
	took=$((SECONDS - start))
	rc=0
	oracle_verdict label="oracle $name" log="$work/serial.log" \
		expected="$expected" mode="$mode" seconds="$took" \
		firmware=SeaBIOS by="run.sh --record" \
		packages="extlinux syslinux-common qemu-system-x86 seabios" ||
		rc=$?
	[ "$rc" = 0 ] || status=$rc
	rm -f "$work/disk.img"
done
exit $status
