#!/bin/bash
# menu-edit.t - 'e' on the serial menu edits a command line, and the edited line reaches the kernel.
#
# One QEMU boot (TCG) with the Ubuntu-style GRUB disk of lib-menu.sh and
# hopboot.timeout=-1: the menu must wait for a choice (no shell, no boot
# by itself). hopboot.console= names a second port that does not exist:
# it must be logged once, not retried in a tight loop. Then 'p' then Esc must leave power alone, 'e' opens the
# default's command line, the words typed are appended, Enter boots, and
# the target's /proc/cmdline is the entry's line plus those words.
set -u
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-480}
. "$(dirname "$0")/lib-menu.sh"
. "$(dirname "$0")/../lib/tap.sh"

WORK=$OUT/tests/e2e/menu-edit
INITRAMFS=$OUT/initramfs.cpio.gz

missing=$(e2e_missing_tool)
[ -z "$missing" ] || skip_all "$missing is not installed"
e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
[ -r "$INITRAMFS" ] || { echo "Bail out! $INITRAMFS is missing"; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK"
trap 'menu_stop; rm -f "$WORK/disk.img"' EXIT
menu_make_disk "$WORK/disk.img" >"$WORK/mkdisk.log" 2>&1
ok $? "built the Ubuntu-style GRUB disk"
want=$("$OUT/hopboot" scan --json "$WORK/disk.img" |
	jq -r '.default as $d | .options[] | select(.id == $d) | .cmdline')
like "$want" '^BOOT_IMAGE=/boot/vmlinuz-' "hopboot scan gives the default's command line"

E2E_DISK_ARGS=()
e2e_disk_args "$WORK/disk.img" 0
menu_qemu_start "$WORK" 1 "$E2E_KERNEL" "$INITRAMFS" \
	"console=ttyS0 hopboot.timeout=-1 hopboot.console=ttyS0,ttyS7" \
	"${E2E_DISK_ARGS[@]}"

menu_wait 0 'Advanced options for Ubuntu >' 240
ok $? "the menu is shown"

# Each key goes once the menu has answered the one before.
menu_key 0 p 'r reboots, o powers off' 20
ok $? "'p' asks what to do with the power"
menu_key 0 '\033' "$MENU_NO_STATUS" 20
ok $? "Esc takes the question back"
e2e_qemu_running
ok $? "Esc leaves the machine running"

menu_key 0 e 'Command line for "Ubuntu"' 20
ok $? "'e' opens the command line of the selected entry"
menu_key 0 '\033[F hopboot.edited=yes' 'hopboot\.edited=yes' 20 ||
	diag "after 20 s the edited line did not show the words typed"
# Everything before this Enter is the menu waiting for a choice.
chosen=$(menu_mark 0)
menu_type 0 '\r'
menu_wait 0 'Booting Ubuntu\.\.\.' 60
ok $? "Enter boots the edited entry"
! head -c "$chosen" "$WORK/ttyS0.log" | tr -d '\r' | grep -aEq 'in [0-9]+ s|rescue shell'
ok $? "timeout=-1: no countdown and no shell while the menu waited"
menu_wait 0 'HOPBOOT-TARGET initrds=' 180
ok $? "the kexec'd kernel ran the target's /init"
e2e_qemu_wait_exit 30 || true
menu_stop
is "$(e2e_target_value "$WORK/ttyS0.log" cmdline)" "$want hopboot.edited=yes" \
	"the edited command line reached the kernel"
is "$(tr -d '\r' <"$WORK/ttyS0.log" | grep -ac 'no menu on /dev/ttyS7: unable to open it')" 1 \
	"a console that cannot be opened is logged once, not retried in a loop"
if [ "$_tap_failed" -gt 0 ]; then
	e2e_tap_tail "$WORK/ttyS0.log" 30
	echo
fi
done_testing
