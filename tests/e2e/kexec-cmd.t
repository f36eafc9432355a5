#!/bin/bash
# kexec-cmd.t - 'hopboot kexec' typed on a running system's shell (hopboot's
# initramfs with hopboot.shell: PID 1 only starts a shell, nothing is
# discovered for it). On the BLS disk of mkdisk-bls.sh it loads the default
# entry with --load-only, reads --status, unloads, reads --status again,
# then 'hopboot kexec --now --append ... --unbind ata_piix' must unbind the
# IDE controller and start the target kernel with systemd-boot's command
# line plus the appended word, and leave the disk as it was.
set -u
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-480}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/serial.sh"

WORK=$OUT/tests/e2e/kexec-cmd
LOG=$WORK/serial.log
FIFO=$WORK/console.in
DISK=$WORK/disk.img
INITRAMFS=$OUT/initramfs.cpio.gz

missing=$(e2e_missing_tool)
[ -z "$missing" ] || skip_all "$missing is not installed"
e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
[ -r "$INITRAMFS" ] || { echo "Bail out! $INITRAMFS is missing"; exit 1; }

mkdir -p "$WORK"
"$E2E_DIR/mkdisk-bls.sh" "$DISK" "Kexec target" >"$WORK/mkdisk.log" 2>&1 ||
	{ echo "Bail out! mkdisk-bls.sh failed"; cat "$WORK/mkdisk.log" >&2; exit 1; }
sum_before=$(sha256sum <"$DISK")
rm -f "$FIFO"
mkfifo "$FIFO"
: >"$LOG"
# The serial line is QEMU's stdio: what we write to the FIFO is typed on
# the console. The writer below holds the FIFO open for the whole run.
timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 -accel tcg -m 1024 \
	-nographic -no-reboot -nic none -monitor none -serial stdio \
	-kernel "$E2E_KERNEL" -initrd "$INITRAMFS" \
	-drive "file=$DISK,format=raw,if=virtio" \
	-append "console=ttyS0 hopboot.shell" <"$FIFO" >"$LOG" 2>&1 &
E2E_QEMU_PID=$!
exec 3>"$FIFO"
trap 'exec 3>&-; e2e_qemu_stop; rm -f "$FIFO"' EXIT

serial() { tr -d '\r' <"$LOG"; }

# type LINE MARKER SECONDS: types LINE followed by an echo of MARKER and
# the status, then waits for "MARKER <status>" (the typed echo of the line
# shows '$?', not a number, so only the answer matches). Sets rc.
type_wait()
{
	local line=$1 marker=$2 seconds=$3

	printf '%s; echo "%s $?"\n' "$line" "$marker" >&3
	if e2e_wait_for "$LOG" "$marker [0-9]+" "$seconds"; then
		rc=$(serial | sed -n "s/^$marker \([0-9]*\)$/\1/p" | tail -n 1)
	else
		rc=timeout
	fi
}

e2e_wait_for "$LOG" 'rescue shell on' 240 &&
	e2e_wait_for "$LOG" "$SERIAL_PROMPT" 60
st=$?
ok $st "hopboot.shell: a shell on the serial console"
serial_need $st "the shell never showed its prompt on the serial console" "$LOG"
# The disk's driver is a module: wait (bounded) until its partitions exist.
type_wait 'for i in $(seq 30); do [ -e /sys/class/block/vda2 ] && break; sleep 1; done; [ -e /sys/class/block/vda2 ]' \
	HB-DISK 90
[ "$rc" = 0 ] || diag "the guest's /sys/class/block/vda2 never appeared (HB-DISK: $rc)"

type_wait 'hopboot kexec --load-only default' HB-LOAD 120
is "$rc" 0 "hopboot kexec --load-only default exits 0"
like "$(serial)" 'Loaded "Kexec target"\. .systemctl kexec. or .kexec -e. starts it' \
	"it says what is loaded and how to start it"
type_wait 'hopboot kexec --status' HB-STATUS1 60
is "$rc" 0 "--status exits 0 with a kernel loaded"
like "$(serial)" '(^|[^t] )loaded: a kernel is loaded' "--status: loaded"
type_wait 'cat /sys/kernel/kexec_loaded' HB-SYS1 60
like "$(serial)" $'\n1\nHB-SYS1 0' "/sys/kernel/kexec_loaded says 1"
type_wait 'hopboot kexec --unload' HB-UNLOAD 60
is "$rc" 0 "--unload exits 0"
type_wait 'hopboot kexec --status' HB-STATUS2 60
is "$rc" 1 "--status exits 1 once unloaded"
like "$(serial)" 'not loaded: no kernel is loaded' "--status: not loaded"
# Its mounts were in a namespace of its own: the shell never sees one,
# and the mount point in /tmp is gone.
type_wait 'grep -c /tmp/hopboot-kexec /proc/mounts; ls -d /tmp/hopboot-kexec.* 2>/dev/null | wc -l' \
	HB-LEFT 60
like "$(serial)" $'\n0\n *0\nHB-LEFT 0' \
	"no mount seen by the running system, no mount point left"

# --unbind on a real driver: the PIIX IDE controller of QEMU's i440FX
# machine, which holds no disk here, and on one that is not loaded.
type_wait 'ls /sys/bus/pci/drivers/ata_piix/ | grep -c :' HB-PIIX 60
like "$(serial)" $'\n1\nHB-PIIX 0' "ata_piix drives one device before --now"
printf '%s\n' 'hopboot kexec --now --append hb-kexec-now=1 --unbind ata_piix --unbind hb_no_driver default' >&3
e2e_wait_for "$LOG" 'HOPBOOT-TARGET cmdline=' 180
ok $? "--now: the target kernel runs"
like "$(serial)" 'unbound 1 device of ata_piix' "--unbind unbound the controller"
like "$(serial)" 'unbound 0 devices of hb_no_driver' \
	"--unbind skips a driver that is not loaded"
like "$(serial)" 'hopboot kexec: starting "Kexec target" now' \
	"--now warns on stderr first"
got=$(serial | sed -n 's/^.*HOPBOOT-TARGET cmdline=//p' | tail -n 1)
is "$got" "$E2E_BLS_CMDLINE hb-kexec-now=1" \
	"the target's command line: systemd-boot's, then --append's word"
e2e_wait_for "$LOG" 'HOPBOOT-TARGET initrds=a,b last=b' 30
ok $? "both initrds, in order"
e2e_qemu_wait_exit 60
ok $? "the target powered the machine off"
if [ "$_tap_failed" -gt 0 ]; then
	e2e_tap_tail "$LOG" 60
fi
grep -q 'Kernel panic' "$LOG"
is "$?" 1 "no kernel panic"
is "$(sha256sum <"$DISK")" "$sum_before" "the disk is unchanged"
done_testing
