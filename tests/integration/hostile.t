#!/bin/bash
# hostile.t - hopboot scan on disks built to hurt it: symlinks out of the
# filesystem, include and source loops, a 4 GiB sparse grub.cfg, 100,000 BLS
# entries, titles full of escape sequences, a damaged superblock and a device
# that returns read errors. Each is scanned beside a good disk and must be
# contained: a sentence in errors, the good disk's option still listed, valid
# JSON, an exit within a bound, a peak RSS under 64 MB and not one byte of
# any image changed.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/disk.sh
OUT=${OUT:-out}
HB=$OUT/hopboot
# Far above what a scan takes (well under a second); only a hang reaches it.
SCAN_BOUND=120
RSS_MAX_KB=$((64 * 1024))

[ "$(id -u)" -eq 0 ] || skip_all "needs root for loop devices"
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }
[ -x /usr/bin/time ] || skip_all "needs GNU time (/usr/bin/time) for the peak RSS"

tmp=$(mktemp -d)
dm_name=
cleanup() {
	[ -n "$dm_name" ] && dmsetup remove "$dm_name" 2>/dev/null
	[ -n "${dm_loop:-}" ] && losetup -d "$dm_loop" 2>/dev/null
	mountpoint -q "$tmp/mnt" 2>/dev/null && umount "$tmp/mnt"
	rm -rf "$tmp"
}
trap cleanup EXIT

# The sanitizer build's shadow memory makes its RSS meaningless.
rss_checked=1
if grep -qa AddressSanitizer "$HB"; then
	rss_checked=0
	diag "$HB is built with ASan: the peak RSS is not checked"
fi

GOOD_UUID=7e0c2d1a-55b4-4d8e-9c3a-1b2f3e4d5a6b
GOOD_ID=uuid:$GOOD_UUID
mkdir -p "$tmp/good/loader/entries"
echo kernel >"$tmp/good/vmlinuz"
printf 'title Good entry\nlinux /vmlinuz\noptions good=1\n' \
	>"$tmp/good/loader/entries/good.conf"
E2FS_UUID=$GOOD_UUID mkext4 "$tmp/good.img" 8 "$tmp/good"

# hostile NAME PATH...: scans the good image and PATH... with --json (into
# $json) and as text (into $text) and checks that the damage is contained.
# WANT_ERRORS=0: no sentence is due. SUM_FILES: the images behind PATH...
# whose checksums must not change (default: PATH... themselves).
hostile() {
	local name=$1 sums_before sums_after status rss errs sum_files
	shift
	# shellcheck disable=SC2206
	sum_files=(${SUM_FILES:-"$@"})
	sums_before=$(sha256sum "$tmp/good.img" "${sum_files[@]}")
	json=$(timeout "$SCAN_BOUND" /usr/bin/time -f %M -o "$tmp/rss" \
		"$HB" scan --json "$tmp/good.img" "$@" 2>"$tmp/stderr")
	status=$?
	ok "$([ "$status" -le 1 ] && echo 0 || echo 1)" \
		"$name: scan exits 0 or 1 within ${SCAN_BOUND}s (got $status)"
	[ "$status" -le 1 ] || diag_lines <"$tmp/stderr"
	jq -e . <<<"$json" >/dev/null 2>&1
	ok $? "$name: the JSON is valid"
	is "$(jq -r --arg id "$GOOD_ID" \
		'.options[] | select(.device == $id) | .title' <<<"$json")" \
		"Good entry" "$name: the good disk's option is still there"
	# Errors of the other devices and of their options.
	errs=$(jq -r --arg id "$GOOD_ID" \
		'(.devices[] | select(.id != $id) | .errors[]),
		 (.options[] | select(.device != $id) | .errors[])' \
		<<<"$json" 2>/dev/null)
	if [ "${WANT_ERRORS:-1}" -eq 1 ]; then
		ok "$([ -n "$errs" ] && echo 0 || echo 1)" \
			"$name: a sentence in errors"
	fi
	[ -n "$errs" ] && printf '%s\n' "$errs" | head -n 3 | diag_lines
	if [ "$rss_checked" -eq 1 ]; then
		rss=$(tail -n 1 "$tmp/rss")
		ok "$([ "${rss:-999999999}" -lt "$RSS_MAX_KB" ] && echo 0 || echo 1)" \
			"$name: peak RSS ${rss:-?} KB is under $RSS_MAX_KB KB"
	fi
	text=$(timeout "$SCAN_BOUND" "$HB" scan "$tmp/good.img" "$@" 2>&1)
	ok "$(printf '%s' "$text" | LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f\x9b]\|\xc2[\x80-\x9f]'; \
		[ $? -eq 1 ] && echo 0 || echo 1)" \
		"$name: the text output holds no ESC or other control character"
	sums_after=$(sha256sum "$tmp/good.img" "${sum_files[@]}")
	is "$sums_after" "$sums_before" "$name: no image changed"
}

# 1. Symlinks that point out of the filesystem: absolute, and up through
# "..". Every path is resolved inside the filesystem, so none reaches the
# host's /etc/passwd; what they name there does not exist.
d=$tmp/symlinks
mkdir -p "$d/loader/entries" "$d/boot/grub" "$d/boot/extlinux"
ln -s /etc/passwd "$d/loader/entries/passwd.conf"
ln -s ../../../../../../../etc/passwd "$d/loader/entries/up.conf"
ln -s ../../ "$d/loader/entries/dir.conf"
printf 'title Symlinked kernel\nlinux /boot/vmlinuz\n' \
	>"$d/loader/entries/kernel.conf"
ln -s ../../../../../../boot/vmlinuz-host "$d/boot/vmlinuz"
ln -s /etc/passwd "$d/boot/grub/grub.cfg"
ln -s ../../../../etc/shadow "$d/boot/extlinux/extlinux.conf"
mkext4 "$tmp/symlinks.img" 8 "$d"
hostile symlinks "$tmp/symlinks.img"
root_line=$(grep -m 1 '^root:' /etc/passwd)
ok "$(grep -qF -- "$root_line" <<<"$json$text" && echo 1 || echo 0)" \
	"symlinks: nothing of the host's /etc/passwd is in the output"

# 2. Loops: a syslinux INCLUDE of itself and through a second file, a GRUB
# script that sources itself and a configfile pair that call each other.
d=$tmp/loops
mkdir -p "$d/boot/grub" "$d/boot/extlinux"
echo kernel >"$d/vmlinuz"
printf 'INCLUDE /boot/extlinux/extlinux.conf\nLABEL looped\n  KERNEL /vmlinuz\nINCLUDE /boot/extlinux/a.cfg\n' \
	>"$d/boot/extlinux/extlinux.conf"
printf 'INCLUDE /boot/extlinux/extlinux.conf\n' >"$d/boot/extlinux/a.cfg"
printf 'source /boot/grub/grub.cfg\nconfigfile /boot/grub/b.cfg\nmenuentry "GRUB looped" {\n\tlinux /vmlinuz\n}\n' \
	>"$d/boot/grub/grub.cfg"
printf 'configfile /boot/grub/grub.cfg\nsource /boot/grub/b.cfg\n' \
	>"$d/boot/grub/b.cfg"
mkext4 "$tmp/loops.img" 8 "$d"
hostile loops "$tmp/loops.img"
like "$(jq -r '.devices[].errors[]' <<<"$json")" "include loop" \
	"loops: the syslinux include loop is named"
like "$(jq -r '.devices[].errors[]' <<<"$json")" "source /boot/grub/grub.cfg" \
	"loops: the GRUB source loop is named"
is "$(jq -r '.options[] | select(.title == "looped") | .kernel.path' <<<"$json")" \
	/vmlinuz "loops: the syslinux label outside the loop is still read"

# 3. A 4 GiB sparse grub.cfg: refused by size, never read.
d=$tmp/sparse
mkdir -p "$d/boot/grub"
truncate -s 4G "$d/boot/grub/grub.cfg"
mkext4 "$tmp/sparse.img" 16 "$d"
hostile "4 GiB grub.cfg" "$tmp/sparse.img"
like "$(jq -r '.devices[].errors[]' <<<"$json")" "grub.cfg.*larger than" \
	"4 GiB grub.cfg: the error says the file is too large"

# 4. 100,000 BLS entries. mkfs -d links names one by one (quadratic in a
# folder this big), so the files are written through our own mount.
truncate -s 64M "$tmp/many.img"
mkfs.ext4 -q -F -O inline_data -N 110000 -I 256 -E root_owner=0:0 \
	"$tmp/many.img"
mkdir -p "$tmp/mnt"
if mount -o loop "$tmp/many.img" "$tmp/mnt"; then
	mkdir -p "$tmp/mnt/loader/entries"
	echo kernel >"$tmp/mnt/vmlinuz"
	python3 - "$tmp/mnt/loader/entries" <<'PY'
import sys
d = sys.argv[1]
for i in range(100000):
    with open('%s/e%06d.conf' % (d, i), 'w') as f:
        f.write('title Entry %d\nlinux /vmlinuz\n' % i)
PY
	umount "$tmp/mnt"
	hostile "100,000 entries" "$tmp/many.img"
	n=$(jq --arg id "$GOOD_ID" '[.options[] | select(.device != $id)] | length' \
		<<<"$json")
	ok "$([ "$n" -gt 0 ] && [ "$n" -le 1024 ] && echo 0 || echo 1)" \
		"100,000 entries: at most 1024 are listed (got $n)"
	like "$(jq -r '.devices[].errors[]' <<<"$json")" "1024" \
		"100,000 entries: the error names the cap"
else
	ok 1 "100,000 entries: cannot mount our own image to fill it"
fi

# 5. Titles and command lines full of terminal escapes and control bytes,
# each loader's on a disk of its own: on one disk only the loaders of this
# machine's firmware are read (parsers/parsers.c).
d=$tmp/escapes
mkdir -p "$d-bls/loader/entries" "$d-grub/boot/grub" "$d-sys/boot/extlinux"
for t in bls grub sys; do echo kernel >"$d-$t/vmlinuz"; done
printf 'title \033[2J\033]0;owned\007Evil\001\177 \377\376ti\233tle\302\233\nversion \033[31m1\nlinux /vmlinuz\noptions a=\033[0m\033c b\n' \
	>"$d-bls/loader/entries/escape.conf"
printf 'menuentry "G\033[2Jrub\007 \033]8;;x\033\\\\link\010\033[A" {\n\tlinux /vmlinuz x=\033c\n}\n' \
	>"$d-grub/boot/grub/grub.cfg"
printf 'MENU TITLE \033[5mblink\nLABEL esc\n  MENU LABEL S\033[8myslinux\033[0m\n  KERNEL /vmlinuz\n  APPEND y=\033[1m\n' \
	>"$d-sys/boot/extlinux/extlinux.conf"
for t in bls grub sys; do mkext4 "$tmp/escapes-$t.img" 8 "$d-$t"; done
# Escapes are bytes a title may hold: no sentence is due, only care.
WANT_ERRORS=0 hostile escapes "$tmp/escapes-bls.img" "$tmp/escapes-grub.img" \
	"$tmp/escapes-sys.img"
is "$(jq --arg id "$GOOD_ID" '[.options[] | select(.device != $id)] | length' \
	<<<"$json")" 3 "escapes: all three entries are listed"
like "$(jq -r '.options[].title' <<<"$json")" $'\033\\[2J' \
	"escapes: the JSON keeps the title's bytes (escaped as \\u001b)"

# 6. A damaged superblock whose magic still says ext4: the mount fails.
d=$tmp/corrupt
mkdir -p "$d/loader/entries"
echo kernel >"$d/vmlinuz"
printf 'title Corrupt\nlinux /vmlinuz\n' >"$d/loader/entries/c.conf"
mkext4 "$tmp/corrupt.img" 8 "$d"
# s_blocks_count and s_log_block_size (offsets 4 and 24 of the superblock
# at byte 1024) set to nonsense; the magic at 56 is left alone.
printf '\377\377\377\377' | dd of="$tmp/corrupt.img" bs=1 seek=1028 \
	conv=notrunc status=none
printf '\050\000\000\000' | dd of="$tmp/corrupt.img" bs=1 seek=1048 \
	conv=notrunc status=none
hostile "corrupt superblock" "$tmp/corrupt.img"
like "$(jq -r '.devices[].errors[]' <<<"$json")" "cannot mount" \
	"corrupt superblock: the error says it cannot be mounted"

# 7. A device whose blocks past the first MiB return EIO: device-mapper's
# error target after a linear map of our own loop device. Where the host's
# kernel has no device-mapper, tests/e2e/read-errors.t makes the same
# failure inside QEMU.
if ! command -v dmsetup >/dev/null 2>&1; then
	diag "SKIP read errors: dmsetup is not installed"
elif ! grep -qw device-mapper /proc/misc 2>/dev/null ||
     ! dmsetup version >/dev/null 2>&1; then
	diag "SKIP read errors: this kernel has no device-mapper (dm-mod" \
	     "is neither built in nor loaded); tests/e2e/read-errors.t" \
	     "covers it in QEMU"
else
	d=$tmp/readerr
	mkdir -p "$d/loader/entries"
	head -c 4194304 /dev/zero >"$d/vmlinuz"
	printf 'title Unreadable\nlinux /vmlinuz\n' >"$d/loader/entries/u.conf"
	mkext4 "$tmp/readerr.img" 16 "$d"
	dm_loop=$(losetup -r -f --show "$tmp/readerr.img")
	sectors=$(blockdev --getsz "$dm_loop")
	dm_name=hopboot-hostile-$$
	if printf '0 2048 linear %s 0\n2048 %d error\n' "$dm_loop" \
		$((sectors - 2048)) | dmsetup create --readonly "$dm_name"; then
		SUM_FILES=$tmp/readerr.img hostile "read errors" \
			"/dev/mapper/$dm_name"
		dmsetup remove "$dm_name"
	else
		ok 1 "read errors: dmsetup create failed"
	fi
	dm_name=
	losetup -d "$dm_loop"
	dm_loop=
fi

is "$(losetup -a | grep -c "$tmp/")" 0 "no loop device of ours left attached"

done_testing
