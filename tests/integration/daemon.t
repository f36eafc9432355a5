#!/bin/bash
# daemon.t - hopboot discover as a daemon on loop devices: hotplug (attach,
# detach, re-attach) seen through 'hopboot ctl', bad clients that must not
# disturb it, and 100 plug/unplug cycles without growth in fds or memory.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/wait.sh
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

# Waits at most 20 s for the daemon to exit, then kills it (and says so);
# its status.
wait_daemon()
{
	until_ok 20 eval '! kill -0 "$daemon"' ||
		diag "the daemon did not exit within 20 s of 'ctl stop'; killing it"
	kill -9 "$daemon" 2>/dev/null
	wait "$daemon"
}

# list_has FILTER: true when the daemon answers and jq's FILTER is true of
# its list, which is kept in $list. Never 'ctl list | jq -e': see wait.sh.
list=
list_has()
{
	local json

	json=$(ctl list --json 2>/dev/null) && [ -n "$json" ] || return 1
	list=$json
	jq -e "$1" >/dev/null 2>&1 <<<"$json"
}
# The titles in the last list the daemon gave, for failure messages.
titles()
{
	[ -n "$list" ] || { echo "nothing (it never answered)"; return; }
	jq -c '[.options[].title]' <<<"$list"
}
answers() { list_has true; }
has_option() { list_has "any(.options[]; .title == \"$1\")"; }
no_option() { list_has "all(.options[]; .title != \"$1\")"; }

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
# at them alone (--devices), not at the host's disks or other loop devices.
# A number with no device at all, far above those 'losetup -f' hands out:
# 'losetup -f' takes the lowest device that exists unattached, so one left
# over by an earlier run could be taken by another program on the machine
# before we attach it.
free_loop()
{
	local n
	for n in $(shuf -i 200-999 -n 100); do
		[ -e "/sys/block/loop$n" ] && continue
		losetup "/dev/loop$n" >/dev/null 2>&1 && continue
		echo "/dev/loop$n"
		return 0
	done
	return 1
}
loop=$(free_loop) || { echo "Bail out! no loop device number free"; exit 1; }
loops+=("$loop")
# A detach waits for the daemon to let go of the device (it holds it
# briefly while reading): retry a busy attach, bounded.
attach()
{
	until_ok 10 losetup -r "$loop" "$tmp/late.img" && return 0
	diag "$loop could not be attached within 10 s: $(losetup "$loop" 2>&1 ||
		echo 'it is not attached, yet losetup refused')"
	return 1
}
detach() { losetup -d "$loop"; }

"$HB" discover --socket "$sock" --mnt-base "$tmp/mnt" \
	--devices "${loop#/dev/}" --timeout -1 >"$tmp/daemon.log" 2>&1 </dev/null &
daemon=$!
# Its socket file is there a moment before it listens on it: wait for an
# answer.
until_ok 10 answers
ok_waited $? "the daemon listens on its socket" \
	"after 10 s the daemon still did not answer on its socket $sock"
hello=$(timeout 5 perl -MIO::Socket::UNIX -e '
	my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or exit 1;
	print scalar <$s>;' "$sock")
is "$(jq -r '.type + " " + (.protocol|tostring)' <<<"$hello")" "hello 1" \
	"a client is greeted with the protocol version"

# Not through ctl(): $! must be timeout itself, which passes our kill on.
timeout 120 "$HB" ctl --socket "$sock" watch >"$tmp/watch.log" 2>&1 &
watcher=$!
# The watcher sees only what happens once it is connected: the daemon's
# first message to it, the state, says it is.
wait_file_re 15 "$tmp/watch.log" '"type":"state"' ||
	diag "after 15 s 'ctl watch' had not received the daemon's state"

attach
until_ok 15 has_option "Late disk"
ok_waited $? "an option from a disk attached after the start appears" \
	"after 15 s the daemon still did not list 'Late disk' (it listed $(titles))"
is "$(jq -r '.options[] | select(.title == "Late disk") | .cmdline' <<<"$list")" \
	quiet "with its command line"
detach
until_ok 15 no_option "Late disk"
ok_waited $? "it disappears when the disk is detached (nothing holds it mounted)" \
	"after 15 s the daemon still listed 'Late disk' (it listed $(titles))"
attach
until_ok 15 has_option "Late disk"
ok_waited $? "and comes back when it is attached again" \
	"after 15 s the daemon still did not list 'Late disk' again (it listed $(titles))"
# The watcher reads the events on its own: wait for the last one to reach
# its log before stopping it.
option_events() { grep -cE '"type":"option-(added|removed)"' "$tmp/watch.log"; }
until_ok 15 eval '[ "$(option_events)" -ge 3 ]' ||
	diag "after 15 s 'ctl watch' had written $(option_events) of the 3 option events"
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
ok_waited $? "the daemon serves again once the crowd leaves" \
	"after 10 s the daemon still did not answer a list with 'Late disk' in it"

# 100 plug/unplug cycles: file descriptors and memory stay flat.
# A client that just left may still hold a socket until the daemon reads
# its end, a leak holds it for good: the baseline is the fewest seen over
# a second with no client about, and afterwards the count must come down
# to it (bounded) and stay there.
fd_count() { ls "/proc/$daemon/fd" | wc -l; }
fds()
{
	local i n min=99999
	for i in 1 2 3 4 5; do
		n=$(fd_count)
		[ "$n" -lt "$min" ] && min=$n
		sleep 0.2
	done
	echo "$min"
}
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$daemon/status"; }
detach
until_ok 15 no_option "Late disk" ||
	diag "after 15 s the daemon still listed 'Late disk' (it listed $(titles))"
fds_before=$(fds); rss_before=$(rss)
ls -l "/proc/$daemon/fd" >"$tmp/fds.before"
cycles=0 why=
for i in $(seq 1 100); do
	attach || { why="$loop could not be attached"; break; }
	until_ok 15 has_option "Late disk" ||
		{ why="after 15 s the daemon still did not list 'Late disk' (it listed $(titles))"; break; }
	detach
	until_ok 15 no_option "Late disk" ||
		{ why="after 15 s the daemon still listed 'Late disk' (it listed $(titles))"; break; }
	cycles=$i
done
is "$cycles" 100 "100 attach/detach cycles, each seen both ways"
[ -z "$why" ] || diag "cycle $((cycles + 1)): $why"
until_ok 15 eval '[ "$(fd_count)" -le "$fds_before" ]'
fds_after=$(fds)
is "$fds_after" "$fds_before" "no file descriptor leaked"
[ "$fds_after" = "$fds_before" ] ||
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
loop_a=$(free_loop) && losetup -r "$loop_a" "$tmp/a.img" ||
	{ echo "Bail out! no loop device for disk A"; exit 1; }
loops+=("$loop_a")
loop_b=$(free_loop) || { echo "Bail out! no loop device number free"; exit 1; }
loops+=("$loop_b")
"$HB" discover --socket "$sock" --mnt-base "$tmp/mnt" --timeout -1 \
	--devices "${loop_a#/dev/},${loop_b#/dev/}" >"$tmp/daemon2.log" 2>&1 </dev/null &
daemon=$! list=
# Each check reads the list that satisfied the wait before it ($list), so
# it sees the state the wait saw.
other_is='.options[] | select(.title == "Kernel on the other disk")'
listed="any($other_is; true)"
bootable_on_b="any($other_is; (.errors | length) == 0 and .kernel.device == \"uuid:$uuid_b\")"
until_ok 15 list_has "$listed"
ok_waited $? "disk A's GRUB entry is listed before disk B appears" \
	"after 15 s the daemon did not list disk A's entry (it listed $(titles))"
like "$(jq -r "[$other_is][0].errors[0]" <<<"$list")" "vmlinuz-other" \
	"and cannot boot: its kernel is not on disk A"
losetup -r "$loop_b" "$tmp/b.img" ||
	{ echo "Bail out! disk B cannot be attached to $loop_b"; exit 1; }
until_ok 15 list_has "$bootable_on_b"
ok_waited $? "when disk B appears, the entry boots from it" \
	"after 15 s disk A's entry still did not boot from disk B: $(jq -c "[$other_is][0].errors" <<<"${list:-null}")"
default_title() { jq -r '.default as $d | .options[] | select(.id == $d) | .title' <<<"$list"; }
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
daemon=$! list=
until_ok 15 list_has "$bootable_on_b" ||
	diag "after 15 s the third daemon did not list disk A's entry booting from disk B (it listed $(titles))"
is "$(default_title)" "$second" "--order $prefer puts the other disk's default first"
ctl stop >/dev/null
wait_daemon; daemon=
done_testing
