#!/bin/bash
# grub2-loopback.t - hopboot scan lists the entries of ISO images that a grub.cfg boots with 'loopback'.
#
# The host's kernel here cannot mount iso9660, so the "ISO" is an ext4
# image file (tests/e2e/grub2-iso.t boots a real ISO in QEMU). A folder
# holds /isos/live.iso and a grub.cfg with the two patterns seen in the
# wild: an entry that loads (loop)/casper/vmlinuz itself, and one that
# runs the ISO's own /boot/grub/loopback.cfg with $iso_path exported,
# whose entries become a submenu. hopboot must attach the image read-only
# through a loop device, read loopback.cfg in it, list resources that name
# the image, and leave no mount or loop device behind.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/wait.sh
OUT=${OUT:-out}
HB=$OUT/hopboot

[ "$(id -u)" -eq 0 ] || skip_all "needs root for loop devices"
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }
command -v mkfs.ext4 >/dev/null || { echo "Bail out! mkfs.ext4 missing (e2fsprogs)"; exit 1; }
command -v jq >/dev/null || { echo "Bail out! jq missing (build/deps.sh)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The image's contents: a kernel, an initrd and a loopback.cfg as
# Ubuntu's live ISOs carry it.
mkdir -p "$tmp/iso/casper" "$tmp/iso/boot/grub" "$tmp/disk/isos" \
	"$tmp/disk/boot/grub"
echo kernel >"$tmp/iso/casper/vmlinuz"
echo initrd >"$tmp/iso/casper/initrd"
cat >"$tmp/iso/boot/grub/loopback.cfg" <<'EOF'
menuentry "Try Ubuntu without installing" {
	set gfxpayload=keep
	linux	/casper/vmlinuz  file=/cdrom/preseed/ubuntu.seed boot=casper iso-scan/filename=${iso_path} quiet splash ---
	initrd	/casper/initrd
}
menuentry "Check disc for defects" {
	linux	/casper/vmlinuz  boot=casper integrity-check iso-scan/filename=${iso_path} quiet splash ---
	initrd	/casper/initrd
}
EOF
mkfs.ext4 -q -F -d "$tmp/iso" "$tmp/disk/isos/live.iso" 4M >/dev/null ||
	{ echo "Bail out! mkfs.ext4 failed"; exit 1; }
before=$(sha256sum "$tmp/disk/isos/live.iso")
cat >"$tmp/disk/boot/grub/grub.cfg" <<'EOF'
set timeout=3
menuentry "Live ISO" {
	set isofile="/isos/live.iso"
	loopback loop $isofile
	linux (loop)/casper/vmlinuz boot=casper iso-scan/filename=$isofile toram
	initrd (loop)/casper/initrd
}
menuentry "Live ISO menu" {
	set iso_path="/isos/live.iso"
	export iso_path
	loopback loop "$iso_path"
	set root=(loop)
	configfile /boot/grub/loopback.cfg
}
menuentry "Missing ISO" {
	loopback loop /isos/none.iso
	linux (loop)/casper/vmlinuz
}
EOF
# Loop devices still backed by our image, after at most 15 s: a loop
# device clears itself when its last user (the mount) is gone, and the
# kernel does that after the unmount, on its own time. Other people's loop
# devices are not counted.
no_loop_on() { [ -z "$(losetup -j "$1")" ]; }
our_loops()
{
	until_ok 15 no_loop_on "$1" ||
		diag "after 15 s a loop device still held $1: $(losetup -j "$1")"
	losetup -j "$1" | wc -l
}

json=$("$HB" scan --json "$tmp/disk" 2>"$tmp/err")
is "$(jq -r '.options | length' <<<"$json")" 4 "four options: the entry, two of loopback.cfg, the missing one"
sel='.options[] | select(.title=="Live ISO")'
is "$(jq -r "$sel | .cmdline" <<<"$json")" \
	"BOOT_IMAGE=(loop)/casper/vmlinuz boot=casper iso-scan/filename=/isos/live.iso toram" \
	"direct entry: GRUB's command line"
is "$(jq -r "$sel | .kernel | \"\(.image) \(.path)\"" <<<"$json")" \
	"/isos/live.iso /casper/vmlinuz" "direct entry: the kernel is inside the image"
is "$(jq -r "$sel | .initrds[0] | \"\(.image) \(.path)\"" <<<"$json")" \
	"/isos/live.iso /casper/initrd" "direct entry: so is the initrd"
is "$(jq -r "$sel | .errors | length" <<<"$json")" 0 "direct entry: bootable"
sel='.options[] | select(.title=="Try Ubuntu without installing")'
is "$(jq -r "$sel | .cmdline" <<<"$json")" \
	"BOOT_IMAGE=/casper/vmlinuz file=/cdrom/preseed/ubuntu.seed boot=casper iso-scan/filename=/isos/live.iso quiet splash ---" \
	"loopback.cfg: its entry, with \$iso_path from the outer entry"
is "$(jq -r "$sel | .submenu | join(\">\")" <<<"$json")" "Live ISO menu" \
	"loopback.cfg: its entries are a submenu under the entry that opened it"
is "$(jq -r "$sel | .kernel.image" <<<"$json")" "/isos/live.iso" \
	"loopback.cfg: kernel inside the image"
like "$(jq -r '.options[] | select(.title=="Missing ISO") | .errors[0]' <<<"$json")" \
	"(loop)" "a missing image: the entry says why it cannot boot"
like "$(jq -r '.devices[0].errors | join(" ")' <<<"$json")" \
	"none.iso is not a file" "...and the loopback line is reported"
is "$(our_loops "$tmp/disk/isos/live.iso")" 0 \
	"no loop device (and so no mount) is left on the image"
is "$(sha256sum "$tmp/disk/isos/live.iso")" "$before" "the image is unchanged"

# A file that is not a filesystem image: listed, not bootable, and why.
head -c 1M /dev/zero >"$tmp/disk/isos/live.iso"
json=$("$HB" scan --json "$tmp/disk" 2>"$tmp/err")
like "$(jq -r '.options[] | select(.title=="Live ISO") | .errors[0]' <<<"$json")" \
	"holds no filesystem" "an image with no filesystem: the entry says so"
is "$(our_loops "$tmp/disk/isos/live.iso")" 0 "...and its loop device is gone"

done_testing
