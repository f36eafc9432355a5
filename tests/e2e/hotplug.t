#!/bin/bash
# hotplug.t - QEMU: a disk plugged in after boot (through the QEMU monitor)
# is found by the discover daemon while hopboot waits, shows up in
# 'hopboot ctl list' in the rescue shell, and 'hopboot boot TITLE' there
# kexecs its entry with systemd-boot's command line.
set -u
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-480}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/serial.sh"

WORK=$OUT/tests/e2e/hotplug
LOG=$WORK/serial.log
FIFO=$WORK/console.in
MONITOR=$WORK/monitor.sock
DISK=$WORK/hot.img
INITRAMFS=$OUT/initramfs.cpio.gz

missing=$(e2e_missing_tool)
[ -z "$missing" ] || skip_all "$missing is not installed"
e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
[ -r "$INITRAMFS" ] || { echo "Bail out! $INITRAMFS is missing"; exit 1; }

mkdir -p "$WORK"
"$E2E_DIR/mkdisk-bls.sh" "$DISK" >"$WORK/mkdisk.log" 2>&1 ||
	{ echo "Bail out! cannot build the disk"; exit 1; }
sum_before=$(sha256sum <"$DISK")
rm -f "$FIFO" "$MONITOR"
mkfifo "$FIFO"
: >"$LOG"
# hopboot.timeout=-1: nothing boots by itself; the menu waits.
timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 -accel tcg -m 1024 \
	-nographic -no-reboot -nic none -serial stdio \
	-monitor "unix:$MONITOR,server,nowait" \
	-kernel "$E2E_KERNEL" -initrd "$INITRAMFS" \
	-append "console=ttyS0 hopboot.timeout=-1" <"$FIFO" >"$LOG" 2>&1 &
qemu=$!
E2E_QEMU_PID=$qemu
exec 3>"$FIFO"
trap 'exec 3>&-; kill $qemu 2>/dev/null; wait $qemu 2>/dev/null; rm -f "$FIFO" "$DISK"' EXIT

# monitor COMMAND: one line to QEMU's human monitor, and its answer: what
# the monitor prints up to its next prompt (the command has run then).
# Fails when QEMU cannot be reached, answers nothing within 30 s, or
# answers with an error.
monitor()
{
	timeout 30 perl -MIO::Socket::UNIX -e '
		my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or exit 1;
		my $buf = "";
		# Reads until the prompt "(qemu) "; false at the end of input.
		sub prompt {
			until ($buf =~ /\(qemu\) $/) {
				sysread($s, $buf, 4096, length $buf) or return 0;
			}
			return 1;
		}
		prompt() or exit 1;	# the greeting
		$buf = "";
		print $s "$ARGV[1]\n";
		prompt() or exit 1;
		$buf =~ s/\e\[[0-9;]*[A-Za-z]//g;
		print $buf;
		exit($buf =~ /error|failed|could not/i ? 1 : 0);' "$MONITOR" "$1"
}

# Since issue #6 the menu waits instead; its 's' opens the shell. The menu
# reads keys from its first drawing on.
e2e_wait_for "$LOG" 'No boot entry was found' 240 &&
	serial_send 3 "$LOG" s 'rescue shell on' 60 &&
	e2e_wait_for "$LOG" "$SERIAL_PROMPT" 60
st=$?
ok $st "with no disk, the menu's 's' opens the shell"
serial_need $st "the menu never said that nothing is bootable, or 's' never brought the shell's prompt" "$LOG"
monitor "drive_add 0 if=none,id=hot,file=$DISK,format=raw" >"$WORK/monitor.log" &&
	monitor "device_add virtio-blk-pci,drive=hot,id=hotdisk" >>"$WORK/monitor.log"
st=$?
ok $st "a disk is plugged in through the monitor"
[ $st -eq 0 ] || diag_lines <"$WORK/monitor.log"
# In the guest: wait (bounded) until the daemon lists the entry.
printf '%s\n' 'for i in $(seq 1 60); do hopboot ctl list | grep -q "\[bls\] Test" && break; sleep 1; done; hopboot ctl list | sed "s/^/HB-LIST /"' >&3
e2e_wait_for "$LOG" 'HB-LIST .*\[bls\] Test' 180
ok $? "hopboot ctl list shows the plugged-in disk's entry"
printf '%s\n' 'hopboot boot Test' >&3
e2e_wait_for "$LOG" 'HOPBOOT-TARGET initrds=' 180
ok $? "hopboot boot TITLE kexecs it"
got=$(tr -d '\r' <"$LOG" | grep -aoE 'HOPBOOT-TARGET cmdline=.*' | tail -n 1 |
	sed 's/^HOPBOOT-TARGET cmdline=//')
is "$got" "$E2E_BLS_CMDLINE" "with systemd-boot's command line"
e2e_qemu_wait_exit 30 || diag "QEMU had not powered off 30 s after the target ran"
is "$(sha256sum <"$DISK")" "$sum_before" "the disk is unchanged"
if [ "$_tap_failed" -gt 0 ]; then
	tr -d '\r' <"$LOG" | tail -n 40 | diag_lines
fi
done_testing
