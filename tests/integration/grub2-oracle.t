#!/bin/bash
# grub2-oracle.t - hopboot scan of the GRUB oracle disks gives what real GRUB 2.06 booted.
#
# For each scenario in tests/oracle/grub2/ (NAME.sh with its recorded
# NAME.expected), builds the same disk with `NAME.sh --disk-only` (no GRUB
# binaries, no QEMU), runs `hopboot scan --json` on it and holds the
# default option to the truth real GRUB gave: the exact command line, the
# kernel named by its BOOT_IMAGE, and the target initrds in order.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
OUT=${OUT:-out}
export OUT
HB=$OUT/hopboot

[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP needs root for loop devices"; exit 0; }
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }
ls /boot/vmlinuz-* >/dev/null 2>&1 ||
	{ echo "1..0 # SKIP no kernel image in /boot to put on the disks"; exit 0; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A scenario with NAME.todo (or NAME.todo-scan) is one hopboot cannot scan
# yet (the file says why): its checks still run, marked "# TODO", and do
# not fail the test.
todo=
todo_is()
{
	local got=$1 want=$2

	shift 2
	if [ -z "$todo" ]; then
		is "$got" "$want" "$@"
		return
	fi
	_tap_n=$((_tap_n + 1))
	if [ "$got" = "$want" ]; then
		echo "ok $_tap_n - $* # TODO $todo"
	else
		echo "not ok $_tap_n - $* # TODO $todo"
		diag "   got: '$got'"
		diag "  want: '$want'"
	fi
}

for script in tests/oracle/grub2/*.sh; do
	name=$(basename "$script" .sh)
	[ "$name" = lib ] && continue
	expected=tests/oracle/grub2/$name.expected
	todo=$(cat "tests/oracle/grub2/$name.todo" \
		"tests/oracle/grub2/$name.todo-scan" 2>/dev/null | head -n 1)
	if [ ! -r "$expected" ]; then
		ok 1 "$name: has a recorded $expected"
		continue
	fi
	want_cmdline=$(sed -n 's/^cmdline=//p' "$expected")
	want_initrds=$(sed -n 's/^initrds=//p' "$expected")
	img=$tmp/$name.img
	if ! "$script" --disk-only "$img" >"$tmp/$name.log" 2>&1; then
		ok 1 "$name: disk built"
		diag_lines <"$tmp/$name.log"
		continue
	fi
	sum_before=$(sha256sum <"$img")
	json=$("$HB" scan --json "$img")
	todo_is "$(jq -r '[.devices[].errors[]] | join("; ")' <<<"$json")" "" \
		"$name: no device errors (the script ran clean)"
	def=$(jq -r '.default' <<<"$json")
	opt=$(jq -c --arg id "$def" '.options[] | select(.id == $id)' <<<"$json")
	todo_is "$(jq -r '.cmdline' <<<"$opt")" "$want_cmdline" \
		"$name: the default's command line is what GRUB passed"
	# BOOT_IMAGE= names the kernel as the entry wrote it, maybe "(dev)/path".
	kernel=${want_cmdline#BOOT_IMAGE=}
	kernel=${kernel%% *}
	case $kernel in
	"("*) kernel=/${kernel#*)/} ;;
	esac
	todo_is "$(jq -r '.kernel.path' <<<"$opt")" "$kernel" \
		"$name: the default's kernel is the one GRUB loaded"
	# The target reports "a,b last=b": which marker initrds arrived
	# (a, then b), and the last one unpacked. Arch's names map to them:
	# the microcode image is b, the initramfs a.
	got=$(jq -r '[.initrds[]?.path | sub(".*/"; "") |
		if test("^initrd-[a-z]\\.img$") then .[7:8]
		elif test("ucode") then "b"
		elif test("^initramfs-") then "a" else "?" end]
		| "\(unique | join(",")) last=\(last // "none")"' <<<"${opt:-null}")
	todo_is "$got" "$want_initrds" \
		"$name: the default's initrds are GRUB's, in order"
	is "$(sha256sum <"$img")" "$sum_before" "$name: disk unchanged"
	rm -f "$img"
done
done_testing
