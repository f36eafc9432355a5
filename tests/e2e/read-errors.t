#!/bin/bash
# read-errors.t - QEMU: devices that return read errors, made with
# device-mapper's `error` target in the guest (this host's kernel has no
# device-mapper). hopboot runs as PID 1 with two disks: the BLS test disk
# and an ext4 disk whose one entry file sits on blocks that a dm map over
# it turns into EIO. From the rescue shell the test loads dm-mod and makes
# two maps: "partial" (the disk, but the entry's blocks fail) and "dead"
# (every block fails). Each failure must be contained: a sentence in the
# scan's errors and in the daemon's list, the good disk's entry still
# there and still booting with systemd-boot's command line, and neither
# disk changed.
#
# dm-mod.ko and a static dm-table (tests/e2e/dm-table.c, the dmsetup
# commands the test needs) reach the guest as a second cpio archive after
# hopboot's own.
set -u
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-480}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/serial.sh"

WORK=$OUT/tests/e2e/read-errors
LOG=$WORK/serial.log
FIFO=$WORK/console.in
GOOD=$WORK/good.img
BAD=$WORK/bad.img
INITRAMFS=$OUT/initramfs.cpio.gz

missing=$(e2e_missing_tool)
[ -z "$missing" ] || skip_all "$missing is not installed"
command -v debugfs >/dev/null || skip_all "debugfs (e2fsprogs) is not installed"
e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
[ -r "$INITRAMFS" ] || { echo "Bail out! $INITRAMFS is missing"; exit 1; }
DM_MOD=/lib/modules/$KVER/kernel/drivers/md/dm-mod.ko
[ -r "$DM_MOD" ] || skip_all "$KVER has no uncompressed $DM_MOD for busybox insmod"

mkdir -p "$WORK"
rm -f "$FIFO"
trap 'exec 3>&- 2>/dev/null; e2e_qemu_stop; rm -rf "$FIFO" "$GOOD" "$BAD" "$WORK/stage"' EXIT

"$E2E_DIR/mkdisk-bls.sh" "$GOOD" >"$WORK/mkdisk.log" 2>&1 ||
	{ echo "Bail out! cannot build the good disk"; exit 1; }

# The bad disk: one ext4 filesystem, no partition table, one BLS entry.
stage=$WORK/stage
rm -rf "$stage"
mkdir -p "$stage/disk/loader/entries" "$stage/cpio/hopboot-test"
echo kernel >"$stage/disk/vmlinuz"
printf 'title Unreadable\nlinux /vmlinuz\noptions unreadable=1\n' \
	>"$stage/disk/loader/entries/u.conf"
rm -f "$BAD"
truncate -s 16M "$BAD"
mkfs.ext4 -q -F -E root_owner=0:0 -d "$stage/disk" "$BAD"
# Where the entry's only block is, in 512-byte sectors.
block=$(debugfs -R "bmap /loader/entries/u.conf 0" "$BAD" 2>/dev/null)
bsize=$(dumpe2fs -h "$BAD" 2>/dev/null | sed -n 's/^Block size: *//p')
sectors=$(($(stat -c %s "$BAD") / 512))
[ -n "$block" ] && [ "$block" -gt 0 ] && [ -n "$bsize" ] ||
	{ echo "Bail out! cannot find the entry's block on $BAD"; exit 1; }
first=$((block * bsize / 512)) count=$((bsize / 512))
after=$((first + count))
sums_before=$(sha256sum "$GOOD" "$BAD")

e2e_build_tool dm-table
cp "$E2E_TOOL" "$DM_MOD" "$stage/cpio/hopboot-test/"
e2e_cpio "$stage/cpio" "$WORK/extra.cpio"
# Compressed too: the kernel did not unpack a plain archive after a gzip one.
gzip -n -f "$WORK/extra.cpio"
cat "$INITRAMFS" "$WORK/extra.cpio.gz" >"$WORK/initrd.img"
ok 0 "built the disks: the entry of the bad one is at sectors $first-$((after - 1))"

mkfifo "$FIFO"
: >"$LOG"
timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 -accel tcg -m 1024 \
	-nographic -no-reboot -nic none -monitor none -serial stdio \
	-kernel "$E2E_KERNEL" -initrd "$WORK/initrd.img" \
	-append "console=ttyS0 hopboot.timeout=-1" \
	-drive "file=$GOOD,format=raw,if=virtio" \
	-drive "file=$BAD,format=raw,if=virtio" <"$FIFO" >"$LOG" 2>&1 &
E2E_QEMU_PID=$!
exec 3>"$FIFO"

# type LINE: one command line in the guest's shell.
type() { printf '%s\n' "$1" >&3; }

# The menu reads keys from its first drawing on; the shell, once it shows
# its prompt.
e2e_wait_for "$LOG" 'Unreadable' 240 &&
	serial_send 3 "$LOG" s 'rescue shell on' 60 &&
	e2e_wait_for "$LOG" "$SERIAL_PROMPT" 60
st=$?
ok $st "both disks are listed; 's' opens the shell"
serial_need $st "the menu never listed the disks, or 's' never brought the shell's prompt" "$LOG"
# Kernel messages about the failing blocks would land inside the JSON. The
# markers are split by quotes ("HB-""DM") so that the echo of the typed
# line, wrapped at 80 columns, never matches what its output is waited for.
type 'echo 1 >/proc/sys/kernel/printk; insmod /hopboot-test/dm-mod.ko &&
/hopboot-test/dm-table create partial "0 '$first' linear /dev/vdb 0" "'$first' '$count' error" "'$after' '$((sectors - after))' linear /dev/vdb '$after'" &&
/hopboot-test/dm-table create dead "0 '$sectors' error" &&
echo "HB-""DM $(cat /sys/block/dm-0/dm/name) $(cat /sys/block/dm-1/dm/name)"'
e2e_wait_for "$LOG" '^HB-DM ' 60 ||
	diag "after 60 s the guest had not said which maps it made"
is "$(tr -d '\r' <"$LOG" | grep -a '^HB-DM ' | tail -n 1)" "HB-DM partial dead" \
	"dm-0 is the map with the entry's blocks failing, dm-1 fails every block"

type 'hopboot scan --json /dev/vda2 /dev/dm-0 /dev/dm-1 >/scan.json; echo "HB-""SCAN-RC=$?"; echo "HB-""JSON $(cat /scan.json)"'
e2e_wait_for "$LOG" '^HB-JSON ' 120
json=$(tr -d '\r' <"$LOG" | grep -a '^HB-JSON ' | tail -n 1 | sed 's/^HB-JSON //')
is "$(tr -d '\r' <"$LOG" | grep -a '^HB-SCAN-RC=' | tail -n 1)" "HB-SCAN-RC=1" \
	"hopboot scan exits 1: some errors"
is "$(jq -r '.options[] | select(.title == "Test") | .cmdline' <<<"$json")" \
	"$E2E_BLS_CMDLINE" "scan: the good disk's entry is there, whole"
like "$(jq -r '.options[] | select(.device | startswith("uuid:")) | select(.title != "Test") | .errors[]' <<<"$json")" \
	'entry loader/entries/u.conf cannot be read: I/O error' \
	"scan: the entry on failing blocks has a sentence of its own"
like "$(jq -r '.devices[] | select(.path == "/dev/dm-1") | .errors[]' <<<"$json")" \
	'cannot read /dev/dm-1: the device returns read errors' \
	"scan: the dead device has a sentence"

# The daemon sees the maps come (hotplug) and rebuilds its list: the guest
# asks it (bounded) until it lists the dead one.
type 'for i in $(seq 1 60); do hopboot ctl list | grep -q "cannot read /dev/dm-1" && break; sleep 1; done; echo "HB-""SEEN $i"'
e2e_wait_for "$LOG" '^HB-SEEN [0-9]+' 180 ||
	diag "after 180 s the guest had not finished asking the daemon for /dev/dm-1"
type 'hopboot ctl list | sed "s/^/HB-""LIST /"; echo "HB-""LIST-END"'
e2e_wait_for "$LOG" '^HB-LIST-END' 120
list=$(tr -d '\r' <"$LOG" | grep -a '^HB-LIST ' | sed 's/^HB-LIST //')
like "$list" 'error +cannot read /dev/dm-1: the device returns read errors' \
	"daemon: the dead device is listed with its sentence"
like "$list" 'error +entry loader/entries/u.conf cannot be read: I/O error' \
	"daemon: so is the entry on failing blocks"
like "$list" 'error +cannot mount /dev/vdb: /dev/dm-0 \(device-mapper, RAID or LUKS\) holds it' \
	"daemon: the disk under the map says why it is not read itself"
like "$list" '\[bls\] Test' "daemon: the good disk's entry is still listed"

type 'hopboot boot Test'
e2e_wait_for "$LOG" 'HOPBOOT-TARGET initrds=' 180
ok $? "and it still boots"
is "$(e2e_target_value "$LOG" cmdline)" "$E2E_BLS_CMDLINE" \
	"with systemd-boot's command line"
e2e_qemu_wait_exit 30 || true
e2e_qemu_stop
is "$(sha256sum "$GOOD" "$BAD")" "$sums_before" "neither disk changed"
if [ "$_tap_failed" -gt 0 ]; then
	tr -d '\r' <"$LOG" | tail -n 60 | diag_lines
fi
done_testing
