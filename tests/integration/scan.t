#!/bin/bash
# scan.t - hopboot scan on directories, disk images, partition images and
# block devices: the JSON it prints, its exit status, and that it leaves
# no mount, no loop device and no changed byte behind.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/disk.sh
OUT=${OUT:-out}
HB=$OUT/hopboot

[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP needs root for loop devices"; exit 0; }
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A BLS root: two initrds (one without a leading '/'), two options lines.
root=$tmp/root
mkdir -p "$root/loader/entries" "$root/data"
echo kernel >"$root/vmlinuz"
echo a >"$root/initrd-a.img"
echo b >"$root/initrd-b.img"
echo unrelated >"$root/data/notes.txt"
cat >"$root/loader/entries/test.conf" <<'CONF'
title Test entry
linux /vmlinuz
initrd /initrd-a.img
initrd initrd-b.img
options console=ttyS0 hopboot-test=1
options second=line
CONF
cat >"$root/loader/entries/broken.conf" <<'CONF'
title Broken entry
linux /missing-kernel
CONF
want_cmdline='initrd=\initrd-a.img initrd=initrd-b.img console=ttyS0 hopboot-test=1 second=line'

dirs_before=$(ls -d /tmp/hopboot-scan.* 2>/dev/null | wc -l)

# 1. A directory.
json=$("$HB" scan --json "$root"); status=$?
is "$status" 1 "a directory with a broken entry exits 1"
is "$(jq -r '.options[] | select(.title=="Test entry") | .cmdline' <<<"$json")" \
	"$want_cmdline" "directory: systemd-boot's command line"
is "$(jq -r '.options[] | select(.title=="Test entry") | [.initrds[].path] | join(",")' <<<"$json")" \
	"/initrd-a.img,/initrd-b.img" "directory: both initrds, in order"
like "$(jq -r '.options[] | select(.title=="Broken entry") | .errors[0]' <<<"$json")" \
	"missing-kernel" "directory: the missing kernel is named in errors"
is "$(jq -r '.devices | length' <<<"$json")" 1 "directory: one device"
is "$(jq -c '.options[] | select(.title=="Test entry") | .config' <<<"$json")" \
	"[{\"device\":\"$root\",\"path\":\"/loader/entries/test.conf\"}]" \
	"directory: config names the entry file on its device"
is "$(jq -r '[.options[].kexec] | unique | join(",")' <<<"$json")" true \
	"directory: both entries are kernels (kexec true)"

# 2. A GPT disk image: an ESP with the entries (ext4, which every host
# mounts: systemd-boot's partition is known by its type), then a partition
# of noise.
E2FS_UUID=3f1c8a52-7d2e-4c1b-9a55-0c6f5a2e1d11 mkext4 "$tmp/p1.img" 8 "$root" BOOTFS
head -c 1048576 /dev/zero | tr '\0' '\132' >"$tmp/p2.img"
mkgpt "$tmp/disk.img" "$tmp/p1.img:uefi" "$tmp/p2.img:linux"
sum_before=$(sha256sum <"$tmp/disk.img")
json=$("$HB" scan --json "$tmp/disk.img"); status=$?
is "$status" 1 "disk image with a broken entry and noise exits 1"
is "$(jq -r '.devices | length' <<<"$json")" 3 "disk image: the disk and its two partitions"
is "$(jq -r '.devices[1].type' <<<"$json")" ext4 "disk image: partition 1 is ext4"
is "$(jq -r '.devices[1].label' <<<"$json")" BOOTFS "disk image: its label"
is "$(jq -r '.devices[1].id' <<<"$json")" "uuid:3f1c8a52-7d2e-4c1b-9a55-0c6f5a2e1d11" \
	"disk image: a device id from the filesystem UUID"
like "$(jq -r '.devices[1].partuuid' <<<"$json")" '^[0-9a-f-]{36}$' "disk image: its PARTUUID"
is "$(jq -r '.options[] | select(.title=="Test entry") | .cmdline' <<<"$json")" \
	"$want_cmdline" "disk image: systemd-boot's command line"
is "$(jq -r '.options[] | select(.title=="Test entry") | .kernel.device' <<<"$json")" \
	"uuid:3f1c8a52-7d2e-4c1b-9a55-0c6f5a2e1d11" "disk image: the kernel's device"
like "$(jq -r '.devices[2].errors[0]' <<<"$json")" "no filesystem" \
	"disk image: the noise partition says it has no filesystem"
is "$(sha256sum <"$tmp/disk.img")" "$sum_before" "disk image: not one byte changed"

# 2b. The same filesystem on a Linux partition (a Fedora /boot): systemd-boot
# reads only the ESP and XBOOTLDR, so these are nobody's systemd-boot entries.
mkgpt "$tmp/linux.img" "$tmp/p1.img:linux"
json=$("$HB" scan --json "$tmp/linux.img")
is "$(jq -r '.options | length' <<<"$json")" 0 \
	"Linux partition: its loader/entries are not systemd-boot's"

# 3. A partition image (a filesystem with no partition table).
sum_before=$(sha256sum <"$tmp/p1.img")
json=$("$HB" scan --json "$tmp/p1.img"); status=$?
is "$(jq -r '[.options[].title] | sort | join(",")' <<<"$json")" \
	"Broken entry,Test entry" "partition image: both entries"
is "$(sha256sum <"$tmp/p1.img")" "$sum_before" "partition image: unchanged"

# 4. A block device given by the caller: scan must leave it attached.
loop=$(losetup -r -f --show "$tmp/p1.img")
json=$("$HB" scan --json "$loop"); status=$?
is "$(jq -r '.options[] | select(.title=="Test entry") | .cmdline' <<<"$json")" \
	"$want_cmdline" "block device: systemd-boot's command line"
ok "$(losetup "$loop" >/dev/null 2>&1; echo $?)" "block device: still attached afterwards"
losetup -d "$loop"

# 4b. A filesystem the running system has mounted read-write: hopboot
# reads it through a read-only bind instead of failing as busy.
loop=$(losetup -f --show "$tmp/p1.img")
mkdir -p "$tmp/mounted"
mount "$loop" "$tmp/mounted"
json=$("$HB" scan --json "$loop")
is "$(jq -r '.options[] | select(.title=="Test entry") | .cmdline' <<<"$json")" \
	"$want_cmdline" "a filesystem mounted read-write elsewhere is read all the same"
is "$(jq -r '.devices[0].errors | length' <<<"$json")" 0 "without an error"
umount "$tmp/mounted"
losetup -d "$loop"

# 5. A clean disk exits 0.
rm "$root/loader/entries/broken.conf"
E2FS_UUID= mkext4 "$tmp/clean.img" 8 "$root"
"$HB" scan --json "$tmp/clean.img" >/dev/null; status=$?
is "$status" 0 "a disk with nothing wrong exits 0"
out=$("$HB" scan "$tmp/clean.img")
like "$out" 'Test entry' "text output lists the entry"

# 5b. Entries kexec cannot start by nature (another loader, reboot, the
# firmware's setup) are listed with the reason, and the scan exits 0; a
# kernel that is missing makes it exit 1.
other=$tmp/other
mkdir -p "$other/boot/grub"
cat >"$other/boot/grub/grub.cfg" <<'CFG'
menuentry 'Windows Boot Manager' { chainloader /EFI/Microsoft/Boot/bootmgfw.efi; }
menuentry 'Reboot' { reboot; }
menuentry 'UEFI Firmware Settings' --id uefi-firmware { fwsetup; }
CFG
E2FS_UUID= mkext4 "$tmp/other.img" 8 "$other"
json=$("$HB" scan --json "$tmp/other.img"); status=$?
is "$status" 0 "a disk with only chainloader, reboot and fwsetup entries exits 0"
is "$(jq -r '[.options[] | select(.kexec == false)] | length' <<<"$json")" 3 \
	"...each listed with kexec false"
like "$(jq -r '.options[0].errors[0]' <<<"$json")" "chainloader" "...and the reason"
is "$(jq -r '.options[0].config[0].path' <<<"$json")" /boot/grub/grub.cfg \
	"...and the grub.cfg it came from"
like "$("$HB" scan "$tmp/other.img")" 'note: +starts another boot loader' \
	"text output: a note, not an error"
echo "menuentry 'Linux' { linux /vmlinuz-gone; }" >>"$other/boot/grub/grub.cfg"
E2FS_UUID= mkext4 "$tmp/other.img" 8 "$other"
"$HB" scan --json "$tmp/other.img" >/dev/null; status=$?
is "$status" 1 "...and exits 1 once a kernel entry's kernel is missing"

# 6. Bad usage.
err=$("$HB" scan /nonexistent/path 2>&1 >/dev/null); status=$?
is "$status" 2 "a PATH that does not exist exits 2"
like "$err" "/nonexistent/path" "and says which PATH"
"$HB" scan >/dev/null 2>&1; is "$?" 2 "no PATH exits 2"

# Nothing left behind.
is "$(ls -d /tmp/hopboot-scan.* 2>/dev/null | wc -l)" "$dirs_before" "no mount point left behind"
# Other programs may use loop devices meanwhile: look for ours only.
is "$(losetup -a | grep -c "$tmp/")" 0 "no loop device left attached"

done_testing
