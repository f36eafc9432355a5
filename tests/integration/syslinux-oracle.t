#!/bin/bash
# syslinux-oracle.t - hopboot scan names what real extlinux 6.04 booted.
#
# Rebuilds the disks of tests/oracle/extlinux/ (same stage functions, same
# extlinux --install; no QEMU) and checks that `hopboot scan --json`'s
# default option has the kernel, the initrds and the command line that the
# real loader was seen to boot (NAME.expected, recorded by run.sh --record).
set -u

. "$(dirname "$0")/../oracle/extlinux/lib.sh"

HB=${HOPBOOT:-$OUT/hopboot}
N=0
FAILED=0

check()
{
	local what=$1 want=$2 got=$3

	N=$((N + 1))
	if [ "$want" = "$got" ]; then
		echo "ok $N - $what"
	else
		echo "not ok $N - $what"
		echo "#   expected: '$want'"
		echo "#   got:      '$got'"
		FAILED=$((FAILED + 1))
	fi
}

missing=$(sl_missing_build)
[ -z "$missing" ] || { echo "1..0 # SKIP cannot build the disks: $missing"; exit 0; }
command -v jq >/dev/null || { echo "1..0 # SKIP jq is not installed"; exit 0; }
[ -x "$HB" ] || { echo "1..0 # SKIP $HB is missing (run make)"; exit 0; }
e2e_find_kernel

set -- $SL_SCENARIOS
plan=$(($# * 4))
for name in "$@"; do
	work=$OUT/tests/integration/syslinux-oracle/$name
	expected=$SL_DIR/$name.expected
	rm -rf "$work"
	mkdir -p "$work"
	if ! sl_make_disk "$name" "$work" >"$work/mkdisk.log" 2>&1; then
		sed 's/^/# /' "$work/mkdisk.log"
		# A process outside this test (another hopboot discover
		# watching loop*) mounted our loop device first.
		if grep -q 'already mounted' "$work/mkdisk.log" && [ $N = 0 ]; then
			echo "1..0 # SKIP another process keeps mounting new loop devices: $(pgrep -a -f 'discover.*--devices' | head -n 1)"
			exit 0
		fi
		echo "Bail out! cannot build the $name disk"
		exit 1
	fi
	[ -z "$plan" ] || { echo "1..$plan"; plan=; }
	sum=$(sha256sum <"$work/disk.img")
	"$HB" scan --json "$work/disk.img" >"$work/scan.json" 2>"$work/scan.err"
	# The default option, as {kernel, initrds, cmdline}.
	def=$(jq -c '.default as $d | .options[] | select(.id == $d) |
		{k: .kernel.path, i: [.initrds[].path], c: .cmdline}' \
		"$work/scan.json" 2>/dev/null)
	want_cmd=$(sed -n 's/^cmdline=//p' "$expected")
	want_initrds=$(sed -n 's/^initrds=\([^ ]*\) .*/\1/p' "$expected")
	got_initrds=$(jq -r '.i | map(capture("initrd-(?<x>[ab])\\.img$").x // "?") | join(",")' \
		<<<"${def:-null}" 2>/dev/null)
	check "$name: default command line is extlinux's" "$want_cmd" \
		"$(jq -r '.c' <<<"${def:-null}" 2>/dev/null)"
	check "$name: default initrds are the ones extlinux loaded" \
		"$want_initrds" "${got_initrds:-none}"
	check "$name: default kernel is the file extlinux loaded" "$SL_KERNEL" \
		"$(jq -r '.k' <<<"${def:-null}" 2>/dev/null)"
	check "$name: disk unchanged by the scan" "$sum" \
		"$(sha256sum <"$work/disk.img")"
	[ "$FAILED" = 0 ] || sed 's/^/# scan: /' "$work/scan.err" | head -5
	rm -f "$work/disk.img"
done
[ "$FAILED" = 0 ]
