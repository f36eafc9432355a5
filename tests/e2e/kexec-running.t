#!/bin/bash
# kexec-running.t - 'hopboot kexec --now' on a running system that is not
# hopboot's: a small root whose PID 1 is a busybox script (hopboot is only
# installed in it), with its own disk first and a second disk holding a BLS
# entry. One command must reboot into that entry with exactly systemd-boot's
# command line and initrds, and leave both disks unchanged.
set -u
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-420}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib/tap.sh"

WORK=$OUT/tests/e2e/kexec-running
LOG=$WORK/serial.log
ROOTDISK=$WORK/root.img
DISK=$WORK/second.img

missing=$(e2e_missing_tool)
[ -z "$missing" ] || skip_all "$missing is not installed"
e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
[ -r "$OUT/initramfs.cpio.gz" ] || { echo "Bail out! no $OUT/initramfs.cpio.gz"; exit 1; }

mkdir -p "$WORK/root"
"$E2E_DIR/mkdisk-bls.sh" "$DISK" >"$WORK/mkdisk.log" 2>&1 ||
	{ echo "Bail out! mkdisk-bls.sh failed"; exit 1; }
# The running system's own disk: a filesystem with no boot entry at all.
mkdir -p "$WORK/rootfs/etc"
echo "a running system" >"$WORK/rootfs/etc/motd"
truncate -s 16M "$ROOTDISK"
mkfs.ext4 -q -F -d "$WORK/rootfs" "$ROOTDISK"
sums_before=$(sha256sum <"$DISK"; sha256sum <"$ROOTDISK")

# Its PID 1: a shell script. hopboot's image supplies busybox, the modules
# and the hopboot binary; this archive, unpacked after it, replaces /init.
cat >"$WORK/root/init" <<'SH'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
while read -r m; do insmod "$m" 2>/dev/null; done </lib/modules/hopboot.load
# The disk drivers are modules: wait (bounded) until both disks and the
# two partitions of the one with the entry are there.
i=0
until [ "$(ls /sys/class/block/*/partition 2>/dev/null | wc -l)" -ge 2 ] &&
	[ "$(ls /sys/block | grep -cvE '^(ram|loop|zram)')" -ge 2 ]; do
	i=$((i + 1))
	[ $i -le 30 ] || { echo "RUNNING-SYSTEM: after 30 s not every disk is there: $(ls /sys/class/block)"; break; }
	sleep 1	# busybox sleep: whole seconds
done
echo "RUNNING-SYSTEM up, PID 1 runs $(readlink /proc/1/exe)"
hopboot kexec --now default
echo "RUNNING-SYSTEM hopboot kexec returned $?"
poweroff -f
SH
chmod 755 "$WORK/root/init"
e2e_cpio "$WORK/root" "$WORK/init.cpio"
cat "$OUT/initramfs.cpio.gz" >"$WORK/system.img"
gzip -n -c "$WORK/init.cpio" >>"$WORK/system.img"

e2e_qemu_start "$LOG" "$E2E_KERNEL" "$WORK/system.img" \
	"console=ttyS0" "$ROOTDISK" "$DISK"
trap 'e2e_qemu_stop' EXIT
e2e_wait_for "$LOG" 'RUNNING-SYSTEM up' 240
ok $? "the running system is up"
like "$(tr -d '\r' <"$LOG")" 'PID 1 runs /bin/busybox' "and its PID 1 is its own shell script, not hopboot"
e2e_wait_for "$LOG" 'HOPBOOT-TARGET initrds=' 180
ok $? "one 'hopboot kexec --now default' reboots into the second disk's entry"
is "$(e2e_target_value "$LOG" cmdline)" "$E2E_BLS_CMDLINE" "with systemd-boot's command line"
is "$(e2e_target_value "$LOG" initrds)" "a,b last=b" "and both initrds, in order"
e2e_qemu_wait_exit 30 || true
e2e_qemu_stop
is "$(sha256sum <"$DISK"; sha256sum <"$ROOTDISK")" "$sums_before" "both disks are unchanged"
[ "$_tap_failed" -eq 0 ] || e2e_tap_tail "$LOG" 40 >&2
done_testing
