#!/bin/bash
# menu-serial.t - the menu on two serial consoles at once, driven by keys, boots what real GRUB boots.
#
# One QEMU boot (TCG) of out/initramfs.cpio.gz with two serial ports
# (hopboot.console=ttyS0,ttyS1: the kernel's 8250 driver is a console on
# one port only, so /sys/class/tty/console/active never lists both) and
# the Ubuntu-style GRUB disk of
# lib-menu.sh, hopboot.timeout=300 (time enough to see both counts and
# press a key however slow the guest is). PID 1 must start a menu on each port;
# a key on ttyS0 ('s', a shell) stops the countdown on both; the shell
# runs on ttyS0, kills the daemon (PID 1 must restart it, and the menus
# reconnect), and 'exit' brings its menu back; then on ttyS1 down,
# Enter, down, down, Enter boots the entry real GRUB 2.06 booted for the
# same keys (tests/oracle/grub2/menu-keys.keys, recorded by
# tests/oracle/grub2/menu-keys --record), and both consoles say so.
set -u
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-540}
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/serial.sh"
. "$(dirname "$0")/../lib/wait.sh"

WORK=$OUT/tests/e2e/menu-serial
INITRAMFS=$OUT/initramfs.cpio.gz
KEYS=$E2E_DIR/../oracle/grub2/menu-keys.keys

missing=$(e2e_missing_tool)
[ -z "$missing" ] || skip_all "$missing is not installed"
e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
[ -r "$INITRAMFS" ] || { echo "Bail out! $INITRAMFS is missing"; exit 1; }
[ -r "$KEYS" ] || { echo "Bail out! $KEYS is missing (record it)"; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK"
trap 'menu_stop; rm -f "$WORK/disk.img"' EXIT
menu_make_disk "$WORK/disk.img" >"$WORK/mkdisk.log" 2>&1
ok $? "built the Ubuntu-style GRUB disk"
sum_before=$(sha256sum <"$WORK/disk.img")

E2E_DISK_ARGS=()
e2e_disk_args "$WORK/disk.img" 0
menu_qemu_start "$WORK" 2 "$E2E_KERNEL" "$INITRAMFS" \
	"console=ttyS0 hopboot.console=ttyS0,ttyS1 hopboot.timeout=300" "${E2E_DISK_ARGS[@]}"

screen() { tr -d '\r' <"$WORK/ttyS$1.log"; }

menu_wait 0 'Booting "Ubuntu" in [0-9]+ s' 240
ok $? "ttyS0 shows the menu and the countdown"
menu_wait 1 'Booting "Ubuntu" in [0-9]+ s' 90
ok $? "ttyS1 shows the menu and the countdown"
like "$(screen 1)" 'Advanced options for Ubuntu >' "the submenu is listed"

# A key on ttyS0 stops the count everywhere; 's' also opens a shell there.
# ttyS1 draws the menu again with an empty status line once the daemon
# has stopped counting, and never a count after that.
mark0=$(menu_mark 0)
mark1=$(menu_mark 1)
menu_type 0 s
menu_wait 0 'rescue shell on /dev/ttyS0' 30
ok $? "'s' opens a shell on ttyS0"
menu_wait_after 1 "$mark1" "$MENU_NO_STATUS" 60
ok $? "the countdown stopped on ttyS1 too"
stopped1=$(menu_mark 1)
menu_wait_after 0 "$mark0" "$SERIAL_PROMPT" 30 ||
	diag "after 30 s the shell on ttyS0 had not shown its prompt"
menu_type 0 'echo "HB-SHELL $((6 * 7))"\r'
menu_wait 0 'HB-SHELL 42' 30
ok $? "the shell runs commands on ttyS0"
! tail -c +$((stopped1 + 1)) "$WORK/ttyS1.log" | grep -aEq 'in [0-9]+ s'
ok $? "and ttyS1 drew no count since"
# PID 1 restarts a daemon that dies, and the menus find the new one.
mark1=$(menu_mark 1)
menu_type 0 'for p in /proc/[0-9]*; do grep -q discover $p/cmdline 2>/dev/null && kill -9 ${p#/proc/} && echo HB-KILLED-$((1 + 1)); done\r'
menu_wait 0 'HB-KILLED-2' 30
ok $? "the daemon is killed from the shell"
menu_wait 0 'hopboot discover stopped \(signal 9\); starting it again' 30
ok $? "PID 1 says it restarts the daemon"
menu_wait_after 1 "$mark1" 'Advanced options for Ubuntu >' 90 &&
	tail -c +$((mark1 + 1)) "$WORK/ttyS1.log" | grep -aq 'connecting\.\.\.'
ok $? "ttyS1's menu is restarted and shows the new daemon's entries"
mark0=$(menu_mark 0)
menu_type 0 'exit\r'
menu_wait_after 0 "$mark0" 'Advanced options for Ubuntu >' 90
ok $? "'exit' brings the menu back on ttyS0"
# Its menu was waiting for the shell when the daemon died: it finds that
# out now, and must be connected to the new daemon (a header with neither
# "connecting" nor "probing") before the boot it is to report.
connected0()
{
	tail -c +$((mark0 + 1)) "$WORK/ttyS0.log" | sed -n '/connecting\.\.\./,$p' |
		grep -aEq 'hopboot.\[0m +.\[K'
}
until_ok 60 connected0 ||
	diag "after 60 s ttyS0's menu had not reconnected to the new daemon"

# The keys of the GRUB recording, on the other console.
mark0=$(menu_mark 0)
menu_type 1 "$MENU_DOWN" "$MENU_ENTER"
menu_wait 1 'hopboot.{0,8}: Advanced options for Ubuntu' 30
ok $? "down, Enter on ttyS1 opens the submenu"
menu_type 1 "$MENU_DOWN" "$MENU_DOWN" "$MENU_ENTER"
booting="Booting Ubuntu, with Linux ${MENU_OLD//./\\.}\\.\\.\\."
menu_wait 1 "$booting" 60
ok $? "ttyS1 says what boots"
menu_wait_after 0 "$mark0" "$booting" 30
ok $? "ttyS0 says what boots too"
menu_wait 0 'HOPBOOT-TARGET initrds=' 180
ok $? "the kexec'd kernel ran the target's /init"
e2e_qemu_wait_exit 30 || true
menu_stop

got="cmdline=$(e2e_target_value "$WORK/ttyS0.log" cmdline)"$'\n'"initrds=$(e2e_target_value "$WORK/ttyS0.log" initrds)"
is "$got" "$(cat "$KEYS")" "the same keys boot what real GRUB 2.06 booted (cmdline, initrds)"
is "$(sha256sum <"$WORK/disk.img")" "$sum_before" "the disk is unchanged"
! grep -aq 'Kernel panic' "$WORK/ttyS0.log" "$WORK/ttyS1.log"
ok $? "no kernel panic"
if [ "$_tap_failed" -gt 0 ]; then
	# The screens end without a newline; the plan must start a line.
	e2e_tap_tail "$WORK/ttyS0.log" 30
	echo
	e2e_tap_tail "$WORK/ttyS1.log" 30
	echo
fi
done_testing
