#!/bin/bash
# realworld.t - hopboot boots what real distributions' loaders boot (tests/realworld/).
#
# Every folder of tests/realworld/ is one configuration copied from a
# distribution's public sources (PROVENANCE says whence) with the truth of
# what its real loader boots by default (TRUTH: recorded from the real
# loader in QEMU by tests/realworld/record, or cited from the loader's
# source). This scans each one with `hopboot scan --json --firmware F` the
# way LAYOUT says (the trees as directories, or a disk image made of them)
# and holds the default option to TRUTH: its title, kernel, initrds in
# order and command line. A configuration hopboot gets wrong today has a
# NAME/.todo file saying why; its checks are TAP "# TODO", so a fix shows
# up as a bonus instead of being hidden, and a failure does not fail the
# run. Every folder must also say where it came from and how its truth is
# known; those checks are never TODO. Third-party programs a configuration
# needs (LAYOUT's fetch lines: Debian's shim and netboot GRUB) are not in
# tests/: they are fetched from Debian's packages into out/ and put into a
# copy of the trees there; when that download fails the configuration's scan
# is a TAP "# SKIP" with the reason.
#
# Usage: tests/integration/realworld.t [NAME...]
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../realworld/lib.sh
. "$HERE/../realworld/lib.sh"

HB=${HOPBOOT:-$OUT/hopboot}
N=0
FAILED=0
TODO=

tap()
{
	local status=$1 what=$2 todo=

	N=$((N + 1))
	[ -z "$TODO" ] || todo=" # TODO $TODO"
	if [ "$status" = 0 ]; then
		echo "ok $N - $what$todo"
	else
		echo "not ok $N - $what$todo"
		[ -n "$TODO" ] || FAILED=$((FAILED + 1))
	fi
}

# skip WHAT WHY: the checks of a configuration that cannot run here, said
# with the reason (never a silent pass).
skip()
{
	N=$((N + 1))
	echo "ok $N - $1 # SKIP $2"
}

same()
{
	if [ "$1" = "$2" ]; then
		tap 0 "$3"
	else
		tap 1 "$3"
		printf '%s\n' "expected: $2" | sed 's/^/#   /'
		printf '%s\n' "got:      $1" | sed 's/^/#   /'
	fi
}

# shellcheck source=../lib/netns.sh
. "$HERE/../lib/netns.sh"

# net_scan TREE JSON ERR: a boot server (LAYOUT "disk tftp") holding TREE:
# dnsmasq in a network namespace hands out a lease with the boot file
# LAYOUT names and serves TREE over TFTP; `hopboot net --json` in another
# namespace lists what pxelinux would find there, as hopboot's own network
# boot does. Returns 1 (with a reason in ERR) when that cannot run here.
net_scan()
{
	local tree=$1 json=$2 err=$3 srv cli tmp rc=0

	if ! netns_available || ! command -v dnsmasq >/dev/null ||
	   [ ! -x "$RW_BUSYBOX" ]; then
		echo "no network namespaces, dnsmasq or $RW_BUSYBOX here" >"$err"
		return 1
	fi
	tmp=$(mktemp -d)
	mkdir -p "$tmp/bin"
	ln -s "$(realpath "$RW_BUSYBOX")" "$tmp/bin/udhcpc"
	chmod -R a+rX "$tree"
	srv=$(netns_new srv) && cli=$(netns_new cli) &&
		netns_link "$srv" hbsrv0 10.77.0.1/24 "$cli" hbcli0 "" &&
		ip -n "$cli" link set hbcli0 address 52:54:00:12:34:56 || rc=1
	if [ $rc = 0 ]; then
		netns_spawn "$srv" dnsmasq --keep-in-foreground \
			--conf-file=/dev/null --port=0 --bind-interfaces \
			--interface=hbsrv0 --user=root --pid-file= \
			--dhcp-leasefile="$tmp/leases" \
			--log-facility="$tmp/dnsmasq.log" \
			--dhcp-range=10.77.0.50,10.77.0.99,255.255.255.0,1h \
			--dhcp-boot="${RW_LOADER_ARG#/},,10.77.0.1" \
			--enable-tftp --tftp-root="$tree"
		netns_wait_port "$srv" udp 69 10 || rc=1
	fi
	if [ $rc = 0 ]; then
		PATH="$tmp/bin:$PATH" timeout 120 ip netns exec "$cli" "$HB" net \
			--json --dir "$tmp/net" \
			--script "$RW_DIR/../../build/udhcpc.script" hbcli0 \
			>"$json" 2>"$err"
	else
		echo "could not start the namespaces or dnsmasq" >"$err"
	fi
	netns_cleanup
	rm -rf "$tmp"
	return $rc
}

command -v jq >/dev/null || { echo "1..0 # SKIP jq is not installed"; exit 0; }
[ -x "$HB" ] || { echo "1..0 # SKIP $HB is missing (run make)"; exit 0; }

names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(rw_list)
[ ${#names[@]} -gt 0 ] || { echo "1..0 # SKIP no configuration in tests/realworld"; exit 0; }

WORK=$OUT/tests/integration/realworld
mkdir -p "$WORK"
recorded=0
cited=0
todos=0
for name in "${names[@]}"; do
	dir=$RW_DIR/$name
	TODO=
	# The folder's own papers: never TODO.
	ok=0
	for f in project source version changes; do
		grep -q "^$f:" "$dir/PROVENANCE" 2>/dev/null || ok=1
	done
	tap $ok "$name: PROVENANCE names the project, source, version and changes"
	how=$(sed -n 's/^how \(recorded\|cited\):.*/\1/p' "$dir/TRUTH" 2>/dev/null | head -n 1)
	ok=1
	if [ -n "$how" ] && grep -q '^cmdline ' "$dir/TRUTH" &&
	   grep -q '^kernel ' "$dir/TRUTH" && grep -q '^title ' "$dir/TRUTH"; then
		ok=0
	fi
	tap $ok "$name: TRUTH has a title, kernel and command line, recorded or cited"
	case $how in
	recorded) recorded=$((recorded + 1)) ;;
	cited) cited=$((cited + 1)) ;;
	esac

	if [ -r "$dir/.todo" ]; then
		TODO=$(head -n 1 "$dir/.todo")
		todos=$((todos + 1))
	fi
	w=$WORK/$name
	rm -rf "$w"
	mkdir -p "$w"
	if ! (rw_load "$dir" && declare -p RW_PARTS RW_FIRMWARE RW_SCAN RW_IMAGES) \
		>"$w/layout.sh" 2>"$w/layout.err"; then
		tap 1 "$name: LAYOUT is readable"
		sed 's/^/#   /' "$w/layout.err"
		continue
	fi
	rw_load "$dir"
	RW_FETCH_WHY=
	targets=()
	if [ "$RW_SCAN" = image ]; then
		if ! { rw_copy "$w/trees" && rw_make_disk "$w/trees" "$w/disk.img" ext4; } \
			>"$w/build.log" 2>&1; then
			if [ -n "$RW_FETCH_WHY" ]; then
				skip "$name: scan" "$RW_FETCH_WHY"
			else
				tap 1 "$name: disk image built"
				tail -n 5 "$w/build.log" | sed 's/^/#   /'
			fi
			continue
		fi
		rm -rf "$w/trees"
		targets=("$w/disk.img")
	else
		base=$dir
		# A copy under out/ when the trees need images or fetched
		# programs (LAYOUT's fetch lines: tests/ holds no third-party
		# binaries), or a boot server serves them (net_scan makes
		# them readable to dnsmasq): nothing is written into tests/.
		if [ -n "$RW_IMAGES" ] || [ -n "$RW_FETCH" ] || [ "$RW_DISK" = tftp ]; then
			if ! rw_copy "$w/trees" >"$w/build.log" 2>&1; then
				if [ -n "$RW_FETCH_WHY" ]; then
					skip "$name: scan" "$RW_FETCH_WHY"
				else
					tap 1 "$name: trees copied and images built"
					tail -n 5 "$w/build.log" | sed 's/^/#   /'
				fi
				continue
			fi
			base=$w/trees
		fi
		for t in "${RW_PARTS[@]}"; do
			targets+=("$base/$t")
		done
	fi
	sum=
	[ "$RW_SCAN" != image ] || sum=$(sha256sum <"$w/disk.img")
	if [ "$RW_DISK" = tftp ]; then
		if ! net_scan "${targets[0]}" "$w/scan.json" "$w/scan.err"; then
			skip "$name: scan" "$(cat "$w/scan.err")"
			continue
		fi
	else
		timeout 120 "$HB" scan --json --firmware "$RW_FIRMWARE" \
			"${targets[@]}" >"$w/scan.json" 2>"$w/scan.err"
	fi
	# Device ids to tree names: a directory is its tree; a partition
	# of the image is the tree of its number.
	treemap=$(jq -c --args '[.devices[] | {key: .id, value: (
		(.path // "") as $p |
		if ($p | test("p[0-9]+$")) then
			$ARGS.positional[(($p | capture("p(?<n>[0-9]+)$").n | tonumber) - 1)]
		else ($p | split("/") | last) end)}] | from_entries' \
		"${RW_PARTS[@]}" <"$w/scan.json" 2>/dev/null) || treemap='{}'
	multi=$([ ${#RW_PARTS[@]} -gt 1 ] && echo true || echo false)
	def=$(jq -c --argjson map "$treemap" --argjson multi "$multi" '
		def res: if . == null then null else
			(if $multi then ($map[.device] // .device) + ":" else "" end) +
			(if .image then .image + ":" else "" end) +
			(.path // (.url // "" | sub("^[a-z]+://[^/]*"; ""))) end;
		.default as $d | .options[] | select(.id == $d) |
		{t: .title, k: (.kernel | res), i: [.initrds[] | res],
		 c: .cmdline, x: .kexec}' "$w/scan.json" 2>/dev/null | head -n 1)
	[ -n "$def" ] || def=null
	same "$(jq -r '.t' <<<"$def")" "$(rw_truth title | head -n 1)" \
		"$name: the default's title is the real loader's"
	if [ "$(rw_truth kernel | head -n 1)" = - ]; then
		# The real loader's default starts no Linux kernel (a local
		# boot, a chainloader): hopboot must list it as its default
		# and as something kexec cannot start, not boot another entry.
		same "$(jq -r '.x' <<<"$def")" false \
			"$name: the default is no Linux kernel, as the loader's is not"
	else
		same "$(jq -r '.k' <<<"$def")" "$(rw_truth kernel | head -n 1)" \
			"$name: the default's kernel is the one the loader loads"
		same "$(jq -r '.i[]?' <<<"$def")" "$(rw_truth initrd)" \
			"$name: the default's initrds are the loader's, in order"
		same "$(jq -r '.c' <<<"$def")" "$(rw_truth cmdline | head -n 1)" \
			"$name: the default's command line is the loader's"
	fi
	if [ "$def" = null ]; then
		jq -r '"#   default: \(.default); errors: " +
			([.devices[].errors[]?, .options[].errors[]?] | join("; "))' \
			"$w/scan.json" 2>/dev/null | cut -c1-400
		sed 's/^/#   scan: /' "$w/scan.err" | head -n 5
	fi
	if [ -n "$sum" ]; then
		same "$(sha256sum <"$w/disk.img")" "$sum" "$name: the disk is unchanged"
	fi
	rm -rf "$w/disk.img" "$w/trees"
done
echo "1..$N"
echo "# ${#names[@]} configurations: $recorded recorded, $cited cited; $todos marked .todo"
[ "$FAILED" = 0 ]
