#!/bin/bash
# bls-oracle.t - hopboot scan names the default systemd-boot 252 booted.
#
# The oracle scenarios tests/oracle/systemd-boot/esp-glob.sh, esp-uki.sh and
# esp-bad.sh booted the real systemd-boot 252 on an ESP (lib-esp-mix.sh: a loader.conf
# glob over several versions, an entry with no tries left, Type #1 entries
# and a UKI) and recorded the command line the kernel got. Here the same
# ESP is staged again, as a directory and as a GPT disk image whose entries
# are split between an ESP and an XBOOTLDR partition, and `hopboot scan
# --json` must pick the default that booted, with that command line. No
# QEMU: the truth is the recorded .expected file.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/disk.sh
OUT=${OUT:-out}
HB=$OUT/hopboot
ORACLE=tests/oracle/systemd-boot

[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }
for t in jq objcopy sfdisk mkfs.ext4 musl-gcc cpio; do
	command -v "$t" >/dev/null 2>&1 || skip_all "$t is not installed"
done
[ -r /usr/lib/systemd/boot/efi/linuxx64.efi.stub ] ||
	skip_all "no systemd stub (apt-get install systemd-boot-efi)"
ls /boot/vmlinuz-* >/dev/null 2>&1 || skip_all "no kernel image in /boot"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# default_of JSON: "<default id> <its cmdline>".
default_of()
{
	jq -r '.default as $d | .options[] | select(.id == $d) |
		"\(.id) \(.cmdline)"' <<<"$1"
}

# scenario NAME WANT_ID_SUFFIX: stage, scan the directory, compare.
scenario()
{
	local name=$1 want_id=$2 dir=$tmp/$1 json want got

	if ! "$ORACLE/$name.sh" --stage "$dir/esp" >"$tmp/$name.log" 2>&1; then
		diag_lines <"$tmp/$name.log"
		ok 1 "$name: staged the ESP"
		return
	fi
	want=$(cat "$ORACLE/$name.expected")
	json=$("$HB" scan --json "$dir/esp")
	got=$(default_of "$json")
	is "${got%% *}" "$dir/esp:$want_id" "$name: the default is the one systemd-boot 252 booted"
	is "${got#* }" "$want" "$name: with the command line the kernel got from it"
}

scenario esp-glob bls:linux-6.5
scenario esp-uki uki:debian-6.1.0
# The glob names only the entry with no tries left: systemd-boot 252 boots
# it anyway (the specification says such entries sort last, not that they
# never boot).
scenario esp-bad bls:linux-6.10+0-3

# The glob scenario again on a disk: the UKI, other.conf and linux-6.1 on
# the ESP, the other entries (and their own kernel and initrd) on an
# XBOOTLDR partition. systemd-boot merges both into one menu; so must
# hopboot, or the glob would pick linux-6.1 from the ESP alone.
if [ "$(id -u)" -ne 0 ]; then
	diag "skipping the disk image: loop devices need root"
else
	esp=$tmp/esp-glob/esp xb=$tmp/xb
	mkdir -p "$xb/loader/entries"
	cp "$esp/vmlinuz" "$esp/initrd-a.img" "$xb/"
	for e in linux-6.5 linux-6.10+0-3 linux-5.15+2-1; do
		mv "$esp/loader/entries/$e.conf" "$xb/loader/entries/"
	done
	E2FS_UUID=4c1d0c5e-0b5e-4e2e-9a3b-6e2e00000e51 mkext4 "$tmp/p1.img" 40 "$esp" ESP
	E2FS_UUID=4c1d0c5e-0b5e-4e2e-9a3b-6e2e00000e52 mkext4 "$tmp/p2.img" 24 "$xb" XBOOT
	mkgpt "$tmp/disk.img" "$tmp/p1.img:uefi" \
		"$tmp/p2.img:BC13C2FF-59E6-4262-A352-B275FD6F7172"
	sum_before=$(sha256sum <"$tmp/disk.img")
	json=$("$HB" scan --json "$tmp/disk.img")
	got=$(default_of "$json")
	is "${got%% *}" "uuid:4c1d0c5e-0b5e-4e2e-9a3b-6e2e00000e52:bls:linux-6.5" \
		"esp+xbootldr: the default is linux-6.5 on the XBOOTLDR partition"
	is "${got#* }" "$(cat "$ORACLE/esp-glob.expected")" \
		"esp+xbootldr: with systemd-boot's command line"
	is "$(jq -r '[.options[] | select(.hidden | not) | .id | sub("^uuid:[^:]*:"; "")] | join(" ")' <<<"$json")" \
		"uki:debian-6.1.0 bls:other bls:linux-6.5 bls:linux-6.1 bls:linux-5.15+2-1 bls:linux-6.10+0-3" \
		"esp+xbootldr: one menu, sorted as systemd-boot sorts it"
	is "$(sha256sum <"$tmp/disk.img")" "$sum_before" "esp+xbootldr: disk unchanged"
fi
done_testing
