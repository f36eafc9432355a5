# netboot.sh - what the tests of hopboot's network boot against real dnsmasq
# share: the checks before they start, a server and a client namespace
# joined by a veth pair, dnsmasq serving DHCP and TFTP there, and the
# client-side commands. Source after tests/lib/tap.sh and netns.sh.

# netboot_test_init: root, hopboot and the image's busybox built, the tools
# present, namespaces possible; sets HB, BUSYBOX and tmp (removed with the
# namespaces on exit) and puts busybox's udhcpc, as in hopboot's image,
# first in PATH.
netboot_test_init()
{
	local t

	OUT=${OUT:-out}
	HB=$(realpath "$OUT")/hopboot
	[ "$(id -u)" -eq 0 ] ||
		{ echo "1..0 # SKIP needs root for network namespaces"; exit 0; }
	[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }
	# SANITIZE=1 builds no busybox of its own and names the regular one
	# in SL_BUSYBOX (build/sanitize.mk).
	BUSYBOX=$(realpath -m "${SL_BUSYBOX:-$OUT/busybox}")
	[ -x "$BUSYBOX" ] ||
		{ echo "Bail out! $BUSYBOX is not built (make sysroot)"; exit 1; }
	for t in dnsmasq jq ip ss; do
		command -v $t >/dev/null ||
			{ echo "Bail out! $t is missing: run build/deps.sh"; exit 1; }
	done
	netns_available ||
		{ echo "Bail out! cannot create network namespaces"; exit 1; }
	tmp=$(mktemp -d)
	trap 'netns_cleanup; rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/bin"
	ln -s "$BUSYBOX" "$tmp/bin/udhcpc"
	export PATH="$tmp/bin:$PATH"
}

# netboot_link: namespaces srv (10.77.0.1 on hbsrv0) and cli (hbcli0, MAC
# 52:54:00:12:34:56, no address yet); sets srv and cli.
netboot_link()
{
	srv=$(netns_new srv) && cli=$(netns_new cli) &&
		netns_link "$srv" hbsrv0 10.77.0.1/24 "$cli" hbcli0 "" ||
		{ echo "Bail out! cannot set up the namespaces"; exit 1; }
	ip -n "$cli" link set hbcli0 address 52:54:00:12:34:56
}

# netboot_dnsmasq TFTP_ROOT [DNSMASQ_ARG...]: dnsmasq in srv handing out
# 10.77.0.50-99 and serving TFTP_ROOT, with the test's own boot options;
# waits until it listens. Sets dnsmasq_pid; logs to $tmp/dnsmasq.log.
netboot_dnsmasq()
{
	local root=$1

	shift
	netns_spawn "$srv" dnsmasq --keep-in-foreground --conf-file=/dev/null \
		--port=0 --bind-interfaces --interface=hbsrv0 --user=root \
		--pid-file= --dhcp-leasefile="$tmp/leases" \
		--log-facility="$tmp/dnsmasq.log" --log-dhcp \
		--dhcp-range=10.77.0.50,10.77.0.99,255.255.255.0,1h \
		"$@" --enable-tftp --tftp-root="$root"
	dnsmasq_pid=$NETNS_PID
	netns_wait_port "$srv" udp 69 10 ||
		{ echo "Bail out! dnsmasq did not start"
		  cat "$tmp/dnsmasq.log" >&2; exit 1; }
}

# hopboot net in the client namespace.
net()
{
	netns_exec "$cli" "$HB" net --dir "$tmp/net" \
		--script "$PWD/build/udhcpc.script" "$@"
}

# opt JSON TITLE JQ: a field of the option with that title.
opt() { jq -r --arg t "$2" ".options[] | select(.title == \$t) | $3" <<<"$1"; }

# ctl ARG...: hopboot ctl on the daemon's socket $sock.
ctl() { timeout 20 "$HB" ctl --socket "$sock" "$@"; }

# until_ok, ok_waited: bounded waits for a condition.
. tests/lib/wait.sh
