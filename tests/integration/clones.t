#!/bin/bash
# clones.t - two disks with one filesystem UUID (a disk and its dd copy on
# a stick, or a device-mapper map over its own disk). GRUB's search finds
# one of them; hopboot must list both, each under its own device id, with
# each option's kernel on the disk it came from: in a one-shot scan and in
# the daemon, which probes every device on its own.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/disk.sh
. tests/lib/wait.sh
OUT=${OUT:-out}
HB=$(realpath -m "$OUT/hopboot")

[ "$(id -u)" -eq 0 ] || skip_all "needs root for loop devices"
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }

tmp=$(mktemp -d)
loops=()
daemon=
cleanup()
{
	[ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
	for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

uuid=3f1c9b2e-8d4a-4e6f-a1b2-c3d4e5f60718
mkdir -p "$tmp/root/loader/entries"
echo kernel >"$tmp/root/vmlinuz"
printf 'title Cloned\nlinux /vmlinuz\noptions clone=1\n' \
	>"$tmp/root/loader/entries/c.conf"
E2FS_UUID=$uuid mkext4 "$tmp/a.img" 8 "$tmp/root"
cp "$tmp/a.img" "$tmp/b.img"
sums_before=$(sha256sum "$tmp/a.img" "$tmp/b.img")

# resources JSON: "DEVICE-PATH KERNEL-DEVICE-PATH" per option, sorted.
resources()
{
	jq -r '(.devices | map({(.id): .path}) | add) as $path |
		.options[] | "\($path[.device]) \($path[.kernel.device])"' | sort
}

json=$("$HB" scan --json "$tmp/a.img" "$tmp/b.img")
is "$(jq -r '[.devices[].id] | join(" ")' <<<"$json")" \
	"uuid:$uuid uuid:$uuid~2" \
	"scan: the second copy's id has a suffix"
is "$(jq -r '[.options[].id] | unique | length' <<<"$json")" 2 \
	"scan: two options, two ids"
is "$(resources <<<"$json" | awk '$1 == $2' | wc -l)" 2 \
	"scan: each option's kernel is on its own disk"

# Loop devices of our own, far above what 'losetup -f' hands out.
for n in $(shuf -i 200-999 -n 50); do
	losetup "/dev/loop$n" >/dev/null 2>&1 && continue
	[ ${#loops[@]} -eq 0 ] && img=a || img=b
	losetup -r "/dev/loop$n" "$tmp/$img.img" && loops+=("/dev/loop$n")
	[ ${#loops[@]} -eq 2 ] && break
done
[ ${#loops[@]} -eq 2 ] || { echo "Bail out! no two free loop devices"; exit 1; }

sock=$tmp/socket
"$HB" discover --socket "$sock" --mnt-base "$tmp/mnt" \
	--devices "${loops[0]#/dev/},${loops[1]#/dev/}" --timeout -1 \
	>"$tmp/daemon.log" 2>&1 </dev/null &
daemon=$!
ctl() { timeout 20 "$HB" ctl --socket "$sock" "$@"; }
n_options() { ctl list --json | jq '.options | length'; }
until_ok 15 eval '[ "$(n_options 2>/dev/null)" = 2 ]' ||
	diag "after 15 s the daemon listed $(n_options 2>/dev/null || echo no) options, not 2"
json=$(ctl list --json)
is "$(jq -r '[.options[].title] | join(",")' <<<"$json")" "Cloned,Cloned" \
	"daemon: both disks' options are listed"
is "$(jq -r '[.devices[].id] | sort | join(" ")' <<<"$json")" \
	"uuid:$uuid uuid:$uuid~2" "daemon: the devices have distinct ids"
is "$(resources <<<"$json" | awk '$1 == $2' | wc -l)" 2 \
	"daemon: each option's kernel is on its own disk"
is "$(resources <<<"$json" | cut -d' ' -f1 | sort -u | wc -l)" 2 \
	"daemon: the two options come from two devices"

kill "$daemon"; wait "$daemon" 2>/dev/null; daemon=
is "$(sha256sum "$tmp/a.img" "$tmp/b.img")" "$sums_before" "no image changed"
done_testing
