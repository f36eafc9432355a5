#!/bin/bash
# fetch.t - 'hopboot fetch' against real servers on a private network: two
# network namespaces joined by a veth pair, dnsmasq's TFTP server and
# busybox httpd in one, hopboot in the other; tests/lib/fetch-server.py adds
# the servers that misbehave on purpose (lost and duplicated blocks, a
# stranger's port, refused options, chunked bodies, redirects, stalls).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/netns.sh
OUT=${OUT:-out}
HB=$(realpath -m "$OUT/hopboot")

[ "$(id -u)" -eq 0 ] || skip_all "needs root for network namespaces"
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }
for t in dnsmasq busybox python3 ip ss sha256sum; do
	command -v $t >/dev/null ||
		{ echo "Bail out! $t is missing: run build/deps.sh"; exit 1; }
done
netns_available || skip_all "cannot create network namespaces here"

tmp=$(mktemp -d)
hosts_dir=
# A copy: the binary under test stays the same while the tree is rebuilt.
cp "$HB" "$tmp/hopboot" && HB=$tmp/hopboot
cleanup()
{
	netns_cleanup
	[ -n "$hosts_dir" ] && rm -rf "$hosts_dir"
	rm -rf "$tmp"
}
trap cleanup EXIT

srv=$(netns_new srv) && cli=$(netns_new cli) &&
	netns_link "$srv" hbs0 10.77.0.1/24 "$cli" hbc0 10.77.0.2/24 ||
	{ echo "Bail out! cannot set up the test network"; exit 1; }
# 'ip netns exec' shows /etc/netns/NS/hosts as /etc/hosts: a name for the
# server that only this test's namespace knows.
hosts_dir=/etc/netns/$cli
mkdir -p "$hosts_dir"
echo "10.77.0.1 bootserver" >"$hosts_dir/hosts"

root=$tmp/root
mkdir -p "$root/sub dir"
: >"$root/empty"
head -c 1468 /dev/urandom >"$root/one-block"
head -c 512 /dev/urandom >"$root/one-512"
head -c $((3 * 1024 * 1024 + 17)) /dev/urandom >"$root/medium"
# 65,661 blocks of 8 bytes: the block number wraps past 65535.
head -c $((65536 * 8 + 1000)) /dev/urandom >"$root/wrap"
head -c 1000 /dev/urandom >"$root/sub dir/a+b"

netns_spawn "$srv" dnsmasq --keep-in-foreground --conf-file=/dev/null \
	--port=0 --enable-tftp --tftp-root="$root" --user=root \
	--listen-address=10.77.0.1 --bind-interfaces --pid-file= \
	--log-facility="$tmp/dnsmasq.log"
netns_spawn "$srv" busybox httpd -f -p 10.77.0.1:80 -h "$root"
netns_spawn "$srv" python3 tests/lib/fetch-server.py "$root" 10.77.0.1 \
	8080 6969 "$tmp/server.log" 2>>"$tmp/server.log"
netns_wait_port "$srv" udp 69 10 && netns_wait_port "$srv" tcp 80 10 &&
	netns_wait_port "$srv" tcp 8080 10 &&
	netns_wait_port "$srv" udp 6969 10 ||
	{ echo "Bail out! the servers did not start"; exit 1; }

# fetch ARGS...: hopboot fetch in the client namespace, bounded; its
# stderr in $msg, its status returned.
fetch()
{
	local st
	msg=$(timeout 60 ip netns exec "$cli" "$HB" fetch "$@" 2>&1)
	st=$?
	return $st
}
sum() { sha256sum <"$1" | cut -d' ' -f1; }

# got URL FILE DESCRIPTION [ARGS...]: downloads and compares with FILE.
got()
{
	local url=$1 file=$2 desc=$3
	shift 3
	rm -f "$tmp/out"
	if fetch "$@" "$url" "$tmp/out"; then
		is "$(sum "$tmp/out")" "$(sum "$file")" "$desc"
	else
		ok 1 "$desc"
		diag "$msg"
	fi
}

# fails URL PATTERN DESCRIPTION [ARGS...]: exit 1, the sentence, no file.
fails()
{
	local url=$1 pat=$2 desc=$3 st
	shift 3
	rm -f "$tmp/out"
	fetch "$@" "$url" "$tmp/out"
	st=$?
	is "$st" 1 "$desc: exit status 1"
	like "$msg" "$pat" "$desc: says why"
	ok "$( [ ! -e "$tmp/out" ] && [ ! -e "$tmp/out.part" ]; echo $?)" \
		"$desc: leaves no file"
}

T=tftp://10.77.0.1
# dnsmasq: the TFTP server people run.
got $T/medium "$root/medium" "TFTP: 3 MiB from dnsmasq"
got $T/empty "$root/empty" "TFTP: an empty file"
got $T/one-block "$root/one-block" "TFTP: exactly one 1468-byte block"
got $T/one-512 "$root/one-512" "TFTP: one 512-byte block, plain RFC 1350" \
	--blksize 512 --windowsize 1
got "$T/sub%20dir/a%2Bb" "$root/sub dir/a+b" "TFTP: %XX escapes are decoded"
got tftp://bootserver/medium "$root/medium" "TFTP: a host name is resolved"
got $T/wrap "$root/wrap" "TFTP: block numbers wrap past 65535 (blksize 8)" \
	--blksize 8
fails $T/missing "refused $T/missing: .*not found.*check the file name" \
	"TFTP: a missing file"
fails $T/medium "is a 3\.0 MiB file, more than the download limit of 1\.0 MiB" \
	"TFTP: tsize over the limit" --max-size 1M
grep -q "error 3 file too large received" "$tmp/dnsmasq.log"
ok $? "TFTP: the server is told why (ERROR 3)"

# The misbehaving TFTP server (windowsize 16 granted).
P=tftp://10.77.0.1:6969
got $P/plain/medium "$root/medium" "TFTP: windows of 16 blocks"
got $P/noopt/medium "$root/medium" "TFTP: a server that ignores options"
got $P/opterr/medium "$root/medium" \
	"TFTP: options refused with ERROR 8, then a plain request"
got $P/drop/medium "$root/medium" "TFTP: lost blocks are asked for again"
got $P/dup/medium "$root/medium" "TFTP: duplicated blocks are ignored"
got $P/dup/one-block "$root/one-block" \
	"TFTP: duplicated blocks in lock-step" --windowsize 1
got $P/tid/medium "$root/medium" "TFTP: a stranger's packet does not stop it"
grep -q "^tid: error 5$" "$tmp/server.log"
ok $? "TFTP: the stranger's port is answered with ERROR 5"
fails $P/noopt/medium "is larger than the download limit of 1\.0 MiB" \
	"TFTP: the limit holds without tsize, while receiving" --max-size 1M
fails $P/silent/medium "stopped sending $P/silent/medium after 0 bytes" \
	"TFTP: a server that stops" --timeout 1
fails tftp://10.77.0.1:6970/x "nothing answers TFTP on 10.77.0.1 port 6970" \
	"TFTP: a closed port"
fails tftp://10.77.0.99/x "no answer from the TFTP server 10.77.0.99 port 69 .* within 1\.0 s" \
	"TFTP: a host that does not answer" --timeout 1
fails tftp://nosuchhost.invalid/x "cannot find the address of nosuchhost\.invalid" \
	"TFTP: a name that does not resolve" --timeout 1

H=http://10.77.0.1
# busybox httpd: a plain HTTP/1.0-style server with Content-Length.
got $H/medium "$root/medium" "HTTP: 3 MiB from busybox httpd"
got $H/empty "$root/empty" "HTTP: an empty file"
got "$H/sub%20dir/a+b" "$root/sub dir/a+b" "HTTP: an escaped path"
got http://bootserver/medium "$root/medium" "HTTP: a host name is resolved"
fails $H/missing "^hopboot fetch: the server answered 404 Not Found for $H/missing" \
	"HTTP: 404"
fails $H/medium "is a 3\.0 MiB file, more than the download limit" \
	"HTTP: Content-Length over the limit" --max-size 1M

S=http://10.77.0.1:8080
got $S/chunked/medium "$root/medium" "HTTP: a chunked body"
got $S/chunked/empty "$root/empty" "HTTP: an empty chunked body"
got $S/redirect/5/medium "$root/medium" \
	"HTTP: 5 redirects, relative, absolute and scheme-relative"
fails $S/redirect/6/medium "redirects more than 5 times" "HTTP: 6 redirects"
fails $S/loop "redirects more than 5 times" "HTTP: a redirect loop"
fails $S/status/500 "the server answered 500 Internal Server Error for $S/status/500" \
	"HTTP: 500"
fails $S/chunked/medium "is larger than the download limit of 1\.0 MiB" \
	"HTTP: a chunked body over the limit" --max-size 1M
fails $S/stall "stopped sending $S/stall after 10 bytes \(nothing for 1\.0 s\)" \
	"HTTP: a server that stalls" --timeout 1
fails http://10.77.0.99/x "no answer from the HTTP server 10.77.0.99 port 80 .* within 1\.0 s" \
	"HTTP: a host that does not answer" --timeout 1
fails http://10.77.0.1:81/x "cannot connect to the HTTP server 10.77.0.1 port 81 .*Connection refused" \
	"HTTP: a closed port"
fails https://10.77.0.1/x "HTTPS is not supported yet; serve this file over http:// or tftp://" \
	"HTTPS"

done_testing
