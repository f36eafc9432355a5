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
	got=$(sl_target_lines "$work/serial.log")
	if ! grep -q '^initrds=' <<<"$got"; then
		echo "oracle $name: the target never reported; last lines:" >&2
		tail -n 15 "$work/serial.log" | tr -d '\r' | sed 's/^/  /' >&2
		status=2
		continue
	fi
	printf '%s\n' "$got"
	if [ "$mode" = --record ]; then
		printf '%s\n' "$got" >"$expected"
		{
			echo "# How $name.expected was recorded (by run.sh --record)."
			for p in extlinux syslinux-common qemu-system-x86 seabios; do
				echo "$p $(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo unknown)"
			done
			echo "kernel $KVER"
			echo "date $(date -u +%Y-%m-%d)"
			echo "boot seconds $took (QEMU TCG, SeaBIOS to target poweroff)"
		} >"$SL_DIR/$name.recorded"
		echo "oracle $name: recorded ($took s)" >&2
	elif [ "$got" = "$(cat "$expected" 2>/dev/null)" ]; then
		echo "oracle $name: matches ($took s)" >&2
	else
		echo "oracle $name: MISMATCH with $expected" >&2
		status=1
	fi
	rm -f "$work/disk.img"
done
exit $status
