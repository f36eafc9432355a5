#!/bin/bash
# readonly.t - hopboot scan sets a block device read-only while it is mounted, and gives it back.
#
# The no-writes guarantee (doc/architecture.md, "No writes"): before
# mounting a filesystem that sits on a writable block device, hopboot sets
# that device read-only in the block layer (BLKROSET, as `blockdev --setro`
# does). `hopboot scan` is not PID 1 of hopboot's own initramfs, so after
# unmounting it must make the device writable again, leave a device that
# was read-only already as it was, and not touch a device the system has
# mounted (a read-only block device under a read-write filesystem fails
# its writes). Each case checks `blockdev --getro` after the scan, the
# --debug log saying what was done, and the image's checksum. Loop devices
# are this test's own, attached read-write on images it built.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/disk.sh
. tests/lib/wait.sh
OUT=${OUT:-out}
HB=$OUT/hopboot

[ "$(id -u)" -eq 0 ] || skip_all "needs root for loop devices"
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }
for t in losetup blockdev partx mkfs.ext4 sfdisk jq sha256sum; do
	command -v "$t" >/dev/null 2>&1 || skip_all "$t is not installed"
done

tmp=$(mktemp -d)
loops=()
mnt=
cleanup()
{
	local l

	[ -z "$mnt" ] || umount "$mnt" 2>/dev/null
	for l in "${loops[@]}"; do
		blockdev --setrw "$l" 2>/dev/null
		partx -d "$l" 2>/dev/null
		losetup -d "$l" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# attach IMAGE [losetup options]: a loop device of our own, read-write,
# in $dev, and in $loops for the cleanup (so not in a subshell).
attach()
{
	local img=$1

	shift
	dev=$(losetup --find --show "$@" "$img") || return 1
	loops+=("$dev")
}

# scan DEV NAME: hopboot scan --json --debug, output in $tmp/NAME.json and
# the log in $tmp/NAME.log; prints the option ids found.
scan()
{
	timeout 120 "$HB" scan --json --debug "$1" >"$tmp/$2.json" \
		2>"$tmp/$2.log"
	jq -r '[.options[].id | sub("^.*:bls:"; "")] | join(" ")' \
		"$tmp/$2.json" 2>/dev/null
}

mkdir -p "$tmp/fs/loader/entries"
printf 'kernel\n' >"$tmp/fs/vmlinuz"
printf 'title Read-only test\nlinux /vmlinuz\noptions ro-test=1\n' \
	>"$tmp/fs/loader/entries/ro.conf"
E2FS_UUID=4c1d0c5e-0b5e-4e2e-9a3b-6e2e0000d001 \
	mkext4 "$tmp/whole.img" 16 "$tmp/fs" rotest

# 1. A filesystem on the whole (writable) device.
attach "$tmp/whole.img" || { echo "Bail out! losetup failed"; exit 1; }
sum=$(sha256sum <"$tmp/whole.img")
is "$(blockdev --getro "$dev")" 0 "whole device: writable before the scan"
is "$(scan "$dev" whole)" ro "whole device: the entry is found"
like "$(cat "$tmp/whole.log")" \
	"set $dev read-only \\(BLKROSET\\) before mounting it" \
	"whole device: set read-only before the mount"
like "$(cat "$tmp/whole.log")" "made $dev writable again" \
	"whole device: made writable again after the unmount"
is "$(blockdev --getro "$dev")" 0 \
	"whole device: writable after the scan (not PID 1)"
is "$(sha256sum <"$tmp/whole.img")" "$sum" "whole device: image unchanged"

# 2. The same device, already read-only: it stays so.
blockdev --setro "$dev"
is "$(scan "$dev" already)" ro "read-only device: the entry is found"
ok "$(grep -c 'BLKROSET\|writable again' "$tmp/already.log")" \
	"read-only device: hopboot did not touch it"
is "$(blockdev --getro "$dev")" 1 \
	"read-only device: still read-only after the scan"
blockdev --setrw "$dev"

# 3. The same device mounted read-write by "the system": not made
# read-only (the system's writes must keep working), still read.
mnt=$tmp/mnt
mkdir -p "$mnt"
if mount -t ext4 "$dev" "$mnt" 2>"$tmp/mount.err"; then
	is "$(scan "$dev" mounted)" ro "mounted device: the entry is found"
	ok "$(grep -c 'BLKROSET' "$tmp/mounted.log")" \
		"mounted device: not set read-only"
	is "$(blockdev --getro "$dev")" 0 "mounted device: writable after the scan"
	echo written >"$mnt/after-scan" && sync
	ok $? "mounted device: the system can still write to it"
	umount "$mnt"
	mnt=
else
	diag_lines <"$tmp/mount.err"
	ok 1 "mounted device: mount it read-write first"
fi

# 4. A partitioned disk: the partition hopboot mounts is set read-only
# and given back; the whole-disk node is not touched. The partition is an
# ESP, where systemd-boot reads the entry.
E2FS_UUID=4c1d0c5e-0b5e-4e2e-9a3b-6e2e0000d002 \
	mkext4 "$tmp/p1.img" 16 "$tmp/fs" rotestp
mkgpt "$tmp/disk.img" "$tmp/p1.img:uefi"
attach "$tmp/disk.img" --partscan ||
	{ echo "Bail out! losetup failed"; exit 1; }
# The kernel may or may not scan the table itself (loop max_part); when it
# has not within 2 s, partx adds the partition. Its node comes a moment
# after the kernel has it.
until_ok 2 test -e "/sys/class/block/${dev#/dev/}p1" ||
	partx -a "$dev" 2>/dev/null
until_ok 20 test -b "${dev}p1" ||
	diag "after 20 s there was still no partition node ${dev}p1 (partx -a $dev)"
sum=$(sha256sum <"$tmp/disk.img")
is "$(scan "$dev" disk)" ro "partitioned disk: the entry is found"
like "$(cat "$tmp/disk.log")" "set ${dev}p1 read-only" \
	"partitioned disk: the partition was set read-only"
ok "$(grep -c "set $dev read-only" "$tmp/disk.log")" \
	"partitioned disk: the whole disk was not"
is "$(blockdev --getro "${dev}p1")" 0 \
	"partitioned disk: partition writable after the scan"
is "$(blockdev --getro "$dev")" 0 \
	"partitioned disk: disk writable after the scan"
is "$(sha256sum <"$tmp/disk.img")" "$sum" "partitioned disk: image unchanged"

# 5. An image file: hopboot's own loop device is read-only from the start
# (LO_FLAGS_READ_ONLY), so there is nothing to set.
sum=$(sha256sum <"$tmp/whole.img")
is "$(scan "$tmp/whole.img" image)" ro "image file: the entry is found"
ok "$(grep -c 'BLKROSET' "$tmp/image.log")" \
	"image file: its loop device was read-only already"
is "$(sha256sum <"$tmp/whole.img")" "$sum" "image file: unchanged"
done_testing
