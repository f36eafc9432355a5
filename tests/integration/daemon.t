#!/bin/bash
# daemon.t - hopboot discover as a daemon on loop devices: hotplug (attach,
# detach, re-attach) seen through 'hopboot ctl', bad clients that must not
# disturb it, and 100 plug/unplug cycles without growth in fds or memory.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
OUT=${OUT:-out}
HB=$(realpath -m "$OUT/hopboot")

[ "$(id -u)" -eq 0 ] || skip_all "needs root for loop devices"
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }
command -v perl >/dev/null || skip_all "perl is needed for the bad clients"

tmp=$(mktemp -d)
sock=$tmp/socket
loops=()
daemon=
cleanup()
{
	[ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
	for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

ctl() { timeout 20 "$HB" ctl --socket "$sock" "$@"; }

# Waits at most 20 s for the daemon to exit, then kills it; its status.
wait_daemon()
{
	local i
	for i in $(seq 1 200); do
		kill -0 "$daemon" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$daemon" 2>/dev/null
	wait "$daemon"
}

# until SECONDS COMMAND...: retry a command every 0.1 s, bounded.
until_ok()
{
	local end=$((SECONDS + $1)); shift
	while [ $SECONDS -lt "$end" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
has_option() { ctl list --json | jq -e ".options[] | select(.title == \"$1\")"; }
no_option() { ! has_option "$1"; }

# The disk that comes and goes: one ext4 filesystem with a BLS entry.
mkdir -p "$tmp/root/loader/entries"
echo kernel >"$tmp/root/vmlinuz"
printf 'title Late disk\nlinux /vmlinuz\noptions quiet\n' \
	>"$tmp/root/loader/entries/late.conf"
truncate -s 8M "$tmp/late.img"
uuid=7b0d51a8-0c3e-4c55-9d7e-2f3a8a1b6c01
mkfs.ext4 -q -U $uuid -d "$tmp/root" "$tmp/late.img"
sum_before=$(sha256sum <"$tmp/late.img")

# Loop devices of our own, attached and detached by name: the daemon looks
# at them alone, not at the host's disks or other loop devices. Numbers far
# above those 'losetup -f' hands out keep other programs off them.
free_loop()
{
	local n
	for n in $(shuf -i 200-999 -n 50); do
		losetup "/dev/loop$n" >/dev/null 2>&1 && continue
		echo "/dev/loop$n"
		return 0
	done
	return 1
}
loop=$(free_loop) || { echo "Bail out! no free loop device"; exit 1; }
loops+=("$loop")
# A detach waits for the daemon to let go of the device (it holds it
# briefly while reading): retry a busy attach, bounded.
attach()
{
	local i
	for i in $(seq 1 50); do
		losetup -r "$loop" "$tmp/late.img" 2>/dev/null && return 0
		sleep 0.1
	done
	losetup -r "$loop" "$tmp/late.img"
}
detach() { losetup -d "$loop"; }

"$HB" discover --socket "$sock" --mnt-base "$tmp/mnt" \
	--devices "${loop#/dev/}" --timeout -1 >"$tmp/daemon.log" 2>&1 </dev/null &
daemon=$!
until_ok 10 test -S "$sock"
ok $? "the daemon listens on its socket"
hello=$(timeout 5 perl -MIO::Socket::UNIX -e '
	my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or exit 1;
	print scalar <$s>;' "$sock")
is "$(jq -r '.type + " " + (.protocol|tostring)' <<<"$hello")" "hello 1" \
	"a client is greeted with the protocol version"

# Not through ctl(): $! must be timeout itself, which passes our kill on.
timeout 60 "$HB" ctl --socket "$sock" watch >"$tmp/watch.log" 2>&1 &
watcher=$!
sleep 0.3

attach
until_ok 15 has_option "Late disk"
ok $? "an option from a disk attached after the start appears"
is "$(ctl list --json | jq -r '.options[] | select(.title == "Late disk") | .cmdline')" \
	quiet "with its command line"
detach
until_ok 15 no_option "Late disk"
ok $? "it disappears when the disk is detached (nothing holds it mounted)"
attach
until_ok 15 has_option "Late disk"
ok $? "and comes back when it is attached again"
kill $watcher 2>/dev/null; wait $watcher 2>/dev/null
# A loop attach raises several uevents, so a device may come and go more
# than once; its option must come, go and come back, in that order.
events=$(jq -r '.type' "$tmp/watch.log" | grep -E '^option-' | tr '\n' ' ')
is "$events" "option-added option-removed option-added " \
	"ctl watch saw the option come, go and come back"
like "$(jq -r '.type' "$tmp/watch.log" | tr '\n' ' ')" \
	'device-added .*device-removed .*device-added ' \
	"and the device come, go and come back"

# Requests.
out=$(ctl boot no-such-id 2>&1); status=$?
is "$status" 1 "booting an unknown id fails"
like "$out" "no option has the id or title 'no-such-id'" "and says why"
id=$(ctl list --json | jq -r '.options[] | select(.title == "Late disk") | .id')
out=$(ctl boot "$id" 2>&1); status=$?
is "$status" 1 "booting a file that is no kernel fails"
like "$out" "Late disk" "with a sentence naming the entry"
ctl list >/dev/null
ok $? "the daemon still answers after a failed boot"
like "$(ctl log)" 'loading "Late disk"' "ctl log shows the daemon's messages"
out=$(ctl frobnicate 2>&1); is "$?" 2 "an unknown ctl command is a usage error"

# Bad clients: garbage, an endless line, a crowd.
bad=$(timeout 10 perl -MIO::Socket::UNIX -e '
	my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or exit 1;
	<$s>; <$s>;			# hello, state
	print $s "this is not json\n";
	print scalar <$s>;' "$sock")
like "$bad" '"type":"reply".*"ok":false.*not JSON' "garbage gets an error reply"
bad=$(timeout 10 perl -MIO::Socket::UNIX -e '
	$SIG{PIPE} = "IGNORE";	# the daemon may close before we finish
	my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or exit 1;
	<$s>; <$s>;
	print $s "{" x 70000;
	my $reply = <$s>; my $eof = <$s>;
	print $reply, defined($eof) ? "open\n" : "closed\n";' "$sock")
like "$bad" 'longer than 65536 bytes' "an endless line gets an error"
like "$bad" 'closed$' "and the connection is closed"
crowd=$(timeout 20 perl -MIO::Socket::UNIX -e '
	my @c; my $refused = 0;
	for (1..40) {
		my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or next;
		my $l = <$s>; $refused++ if $l =~ /too many clients/;
		push @c, $s;
	}
	print scalar(@c) - $refused, " $refused\n";' "$sock")
ok $(( ${crowd% *} <= 32 && ${crowd#* } >= 8 ? 0 : 1 )) \
	"at most 32 clients at once; the others are told the daemon is full ($crowd)"
until_ok 10 has_option "Late disk"
ok $? "the daemon serves again once the crowd leaves"

# 100 plug/unplug cycles: file descriptors and memory stay flat.
# The fewest seen over a second: a client that just left may still hold a
# socket for a moment, a leak holds it for good.
fds()
{
	local i n min=99999
	for i in 1 2 3 4 5; do
		sleep 0.2
		n=$(ls "/proc/$daemon/fd" | wc -l)
		[ "$n" -lt "$min" ] && min=$n
	done
	echo "$min"
}
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$daemon/status"; }
detach
until_ok 15 no_option "Late disk"
fds_before=$(fds); rss_before=$(rss)
ls -l "/proc/$daemon/fd" >"$tmp/fds.before"
cycles=0
for i in $(seq 1 100); do
	attach || break
	until_ok 15 has_option "Late disk" || break
	detach
	until_ok 15 no_option "Late disk" || break
	cycles=$i
done
is "$cycles" 100 "100 attach/detach cycles, each seen both ways"
is "$(fds)" "$fds_before" "no file descriptor leaked"
[ "$(fds)" = "$fds_before" ] ||
	diff "$tmp/fds.before" <(ls -l "/proc/$daemon/fd") | diag_lines
rss_after=$(rss)
ok $((rss_after - rss_before < 1024 ? 0 : 1)) \
	"resident memory grew by less than 1 MiB ($rss_before -> $rss_after KiB)"
diag "daemon RSS after 100 cycles: $rss_after KiB"

ctl stop >/dev/null
wait_daemon; status=$?; daemon=
is "$status" 3 "ctl stop ends the daemon with status 3"
is "$(sha256sum <"$tmp/late.img")" "$sum_before" "the image was never written"

# Across devices: disk A's grub.cfg finds the kernel on disk B by UUID.
# While B is absent the entry cannot boot; when B appears it can.
uuid_b=5e1f0d2c-8a7b-4c3d-9e6f-0a1b2c3d4e5f
mkdir -p "$tmp/a/boot/grub" "$tmp/b"
cat >"$tmp/a/boot/grub/grub.cfg" <<CFG
set timeout=0
search --no-floppy --fs-uuid --set=root $uuid_b
menuentry 'Kernel on the other disk' {
	linux /vmlinuz-other quiet
}
CFG
echo kernel >"$tmp/b/vmlinuz-other"
mkdir -p "$tmp/b/loader/entries"
printf 'title Entry on B\nlinux /vmlinuz-other\n' >"$tmp/b/loader/entries/b.conf"
truncate -s 8M "$tmp/a.img" "$tmp/b.img"
mkfs.ext4 -q -d "$tmp/a" "$tmp/a.img"
mkfs.ext4 -q -U $uuid_b -d "$tmp/b" "$tmp/b.img"
loop_a=$(free_loop); loops+=("$loop_a")
losetup -r "$loop_a" "$tmp/a.img"
loop_b=$(free_loop); loops+=("$loop_b")
"$HB" discover --socket "$sock" --mnt-base "$tmp/mnt" --timeout -1 \
	--devices "${loop_a#/dev/},${loop_b#/dev/}" >"$tmp/daemon2.log" 2>&1 </dev/null &
daemon=$!
other() { ctl list --json | jq -c '.options[] | select(.title == "Kernel on the other disk")'; }
bootable_on_b() { other | jq -e "(.errors | length) == 0 and .kernel.device == \"uuid:$uuid_b\""; }
until_ok 15 other
ok $? "disk A's GRUB entry is listed before disk B appears"
like "$(other | jq -r '.errors[0]')" "vmlinuz-other" "and cannot boot: its kernel is not on disk A"
losetup -r "$loop_b" "$tmp/b.img"
until_ok 15 bootable_on_b
ok $? "when disk B appears, the entry boots from it"
default_title() { ctl list --json | jq -r '.default as $d | .options[] | select(.id == $d) | .title'; }
# Without hopboot.order=, devices go in name order ("loop9" < "loop10").
if [ "${loop_a#/dev/loop}" -lt "${loop_b#/dev/loop}" ]; then
	first="Kernel on the other disk" second="Entry on B" prefer=uuid:$uuid_b
else
	first="Entry on B" second="Kernel on the other disk" prefer=${loop_a#/dev/}
fi
is "$(default_title)" "$first" "the first disk's own default is the default"
ctl stop >/dev/null
wait_daemon; daemon=

# hopboot.order=: a device named there comes first, and so does its default.
"$HB" discover --socket "$sock" --mnt-base "$tmp/mnt" --timeout -1 \
	--devices "${loop_a#/dev/},${loop_b#/dev/}" --order "label:none,$prefer" \
	>"$tmp/daemon3.log" 2>&1 </dev/null &
daemon=$!
until_ok 15 bootable_on_b
is "$(default_title)" "$second" "--order $prefer puts the other disk's default first"
ctl stop >/dev/null
wait_daemon; daemon=
done_testing
