# tests/lib/netns.sh - private networks for tests: namespaces joined by veth
# pairs, and servers run inside them, all removed by netns_cleanup. Source it.
#
#	netns_new NAME			a namespace (loopback up); prints its
#					real name (unique to this test)
#	netns_link NS1 IF1 ADDR1 NS2 IF2 ADDR2
#					a veth pair IF1 (in NS1) - IF2 (in NS2),
#					up; ADDRn "10.0.0.1/24", or "" for none
#	netns_exec NS CMD...		run CMD inside NS (foreground)
#	netns_spawn NS CMD...		run CMD inside NS in the background;
#					sets NETNS_PID, killed by netns_cleanup
#	netns_wait_port NS PROTO PORT SECONDS
#					wait (bounded) until something listens
#					on PROTO (tcp|udp) PORT inside NS
#	netns_cleanup			kill what netns_spawn started and
#					delete every namespace made here
#
# Addresses inside a namespace are invisible to the host and to every other
# namespace, so tests may use fixed 10.x addresses without colliding with
# each other or the machine's own network. Call netns_cleanup from an EXIT
# trap: `trap netns_cleanup EXIT` (or from your own cleanup function).
_netns_pids=()
NETNS_PID=

# netns_available: 0 when this process may create namespaces and veths.
netns_available()
{
	[ "$(id -u)" -eq 0 ] || return 1
	command -v ip >/dev/null || return 1
	local probe="hbprobe$$"
	ip netns add "$probe" 2>/dev/null || return 1
	ip netns del "$probe"
}

# Names carry this shell's PID ($$ is the same in subshells, so ns=$(netns_new
# x) works): netns_cleanup finds every namespace of this test by its prefix.
netns_new()
{
	local ns="hb$$-$1"
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up || return 1
	echo "$ns"
}

netns_link()
{
	local ns1=$1 if1=$2 a1=$3 ns2=$4 if2=$5 a2=$6
	# Created inside ns1, so no name ever lands in the host namespace.
	ip -n "$ns1" link add "$if1" type veth peer name "$if2" netns "$ns2" ||
		return 1
	[ -z "$a1" ] || ip -n "$ns1" addr add "$a1" dev "$if1" || return 1
	[ -z "$a2" ] || ip -n "$ns2" addr add "$a2" dev "$if2" || return 1
	ip -n "$ns1" link set "$if1" up && ip -n "$ns2" link set "$if2" up
}

netns_exec()
{
	local ns=$1; shift
	ip netns exec "$ns" "$@"
}

netns_spawn()
{
	local ns=$1; shift
	ip netns exec "$ns" "$@" &
	NETNS_PID=$!
	_netns_pids+=("$NETNS_PID")
}

netns_wait_port()
{
	local ns=$1 proto=$2 port=$3 end=$((SECONDS + $4)) flag=-lnt i
	[ "$proto" = udp ] && flag=-lnu
	for ((i = 0; i < $4 * 10 && SECONDS <= end; i++)); do
		ip netns exec "$ns" ss -H "$flag" "sport = :$port" 2>/dev/null |
			grep -q . && return 0
		sleep 0.1
	done
	return 1
}

netns_cleanup()
{
	local p ns i
	for p in "${_netns_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${_netns_pids[@]}"; do
		# Bounded: 2 s (and 20 looks), then SIGKILL.
		local end=$((SECONDS + 2))
		for ((i = 0; i < 20 && SECONDS <= end; i++)); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	_netns_pids=()
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }' |
		    grep "^hb$$-"); do
		# Anything still running inside would keep the veths alive.
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}
