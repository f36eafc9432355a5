#!/bin/bash
# rescue-shell.t - QEMU boot with no disk: PID 1 must not panic. The menu
# says that nothing is bootable ('l' shows why), 's' opens the busybox
# shell on the serial console, it runs what is typed there, and the
# machine powers off when busybox's poweroff asks PID 1 to.
set -u
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-420}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/serial.sh"

WORK=$OUT/tests/e2e/rescue-shell
LOG=$WORK/serial.log
FIFO=$WORK/console.in
INITRAMFS=$OUT/initramfs.cpio.gz

missing=$(e2e_missing_tool)
[ -z "$missing" ] || skip_all "$missing is not installed"
e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
[ -r "$INITRAMFS" ] || { echo "Bail out! $INITRAMFS is missing"; exit 1; }

mkdir -p "$WORK"
rm -f "$FIFO"
mkfifo "$FIFO"
: >"$LOG"
# The serial line is QEMU's stdio: what we write to the FIFO is typed on
# the console. The writer below holds the FIFO open for the whole run.
timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 -accel tcg -m 512 \
	-nographic -no-reboot -nic none -monitor none -serial stdio \
	-kernel "$E2E_KERNEL" -initrd "$INITRAMFS" \
	-append "console=ttyS0 hopboot.timeout=0" <"$FIFO" >"$LOG" 2>&1 &
qemu=$!
E2E_QEMU_PID=$qemu
exec 3>"$FIFO"
trap 'exec 3>&-; kill $qemu 2>/dev/null; wait $qemu 2>/dev/null; rm -f "$FIFO"' EXIT

# The menu draws once it reads keys (its terminal is raw by then), and each
# key is typed once the screen has answered the one before.
e2e_wait_for "$LOG" 'No boot entry was found' 240
st=$?
ok $st "no disk: the menu says nothing can boot"
serial_need $st "the menu never said that nothing is bootable" "$LOG"
serial_send 3 "$LOG" l 'no bootable entry was found' 60
ok $? "its log ('l') says why"
serial_send 3 "$LOG" q 'No boot entry was found' 60 ||
	diag "after 60 s 'q' had not brought the menu back from the log"
serial_send 3 "$LOG" s 'rescue shell on' 60
ok $? "'s' opens the rescue shell"
e2e_wait_for "$LOG" "$SERIAL_PROMPT" 60
serial_need $? "the rescue shell never showed its prompt" "$LOG"
serial_send 3 "$LOG" $'hopboot --version; echo "HB-SHELL $((6 * 7))"\n' 'HB-SHELL 42' 60
ok $? "the shell runs commands"
like "$(tr -d '\r' <"$LOG")" 'hopboot [0-9]+\.[0-9]+' "hopboot is on the shell's PATH"
printf 'poweroff\n' >&3
e2e_qemu_wait_exit 60
ok $? "busybox poweroff powers the machine off through PID 1"
like "$(tr -d '\r' <"$LOG")" 'reboot: Power down' "the kernel powered down"
if ! grep -q 'Power down' "$LOG"; then
	tail -n 30 "$LOG" | sed 's/^/# /' >&2
fi
grep -q 'Kernel panic' "$LOG"
is "$?" 1 "no kernel panic"
done_testing
