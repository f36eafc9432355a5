#!/bin/bash
# menu.t - hopboot ui and hopboot menu driven by keys in tmux: a daemon on
# a loop image of our own with a GRUB submenu, and a fake daemon (perl) that
# records what the ui sends and answers "booting".
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/wait.sh
OUT=${OUT:-out}
HB=$(realpath -m "$OUT/hopboot")

[ "$(id -u)" -eq 0 ] || skip_all "needs root for loop devices"
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }
command -v tmux >/dev/null || skip_all "tmux is not installed (build/deps.sh installs it)"
command -v perl >/dev/null || skip_all "perl is needed for the fake daemon"

tmp=$(mktemp -d)
sock=$tmp/socket
# A tmux server of our own: the host's sessions are left alone.
T=(tmux -L "hopboot-menu-$$" -f /dev/null)
loop=
daemon=
fake=
cleanup()
{
	"${T[@]}" kill-server 2>/dev/null
	[ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
	[ -n "$fake" ] && kill "$fake" 2>/dev/null && wait "$fake" 2>/dev/null
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

screen() { "${T[@]}" capture-pane -p -t menu 2>/dev/null; }
shows() { screen | grep -Eq -- "$1"; }
hides() { ! shows "$1"; }
# waits_for PATTERN DESCRIPTION [SECONDS]: the ui draws asynchronously (its
# daemon's messages, our keys through tmux): one TAP line for the screen
# coming to show PATTERN within SECONDS (default 10), the screen when not.
waits_for()
{
	until_ok "${3:-10}" shows "$1"
	ok_waited $? "$2" "after ${3:-10} s the screen still did not show /$1/; it shows:" ||
		screen | diag_lines
}
keys() { "${T[@]}" send-keys -t menu "$@"; }
# run CMD: in an 80x24 tmux window; its exit status goes to $tmp/status.
run()
{
	rm -f "$tmp/status"
	"${T[@]}" kill-session -t menu 2>/dev/null
	"${T[@]}" new-session -d -s menu -x 80 -y 24 \
		"$*; echo \$? >$tmp/status; sleep 600"
}
exit_status()
{
	until_ok 20 test -s "$tmp/status" ||
		diag "after 20 s the program in the tmux window had not exited"
	cat "$tmp/status" 2>/dev/null
}
ctl() { timeout 20 "$HB" ctl --socket "$sock" "$@"; }
# gone PID: the process has exited (a zombie waiting for us counts).
gone() { [ ! -d "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status"; }

# A GRUB disk: a default entry, a submenu with one good and one broken
# entry, and a title that tries to color the screen and retitle the window.
mkdir -p "$tmp/root/boot/grub"
echo kernel >"$tmp/root/boot/vmlinuz"
echo initrd >"$tmp/root/boot/initrd.img"
esc=$'\033' bel=$'\a'
cat >"$tmp/root/boot/grub/grub.cfg" <<CFG
set default=0
set timeout=5
menuentry 'Debian GNU/Linux' {
	linux /boot/vmlinuz root=/dev/sda1 ro quiet
	initrd /boot/initrd.img
}
submenu 'Advanced options for Debian GNU/Linux' {
	menuentry 'Debian, recovery mode' {
		linux /boot/vmlinuz root=/dev/sda1 ro single
	}
	menuentry 'Debian, old kernel' {
		linux /boot/vmlinuz-old root=/dev/sda1 ro
	}
}
menuentry 'Evil ${esc}[31mred${esc}[0m${esc}]2;pwned${bel} title' {
	linux /boot/vmlinuz evil
}
CFG
truncate -s 8M "$tmp/disk.img"
mkfs.ext4 -q -d "$tmp/root" "$tmp/disk.img"
loop=$(losetup -f --show -r "$tmp/disk.img") || { echo "Bail out! no loop device"; exit 1; }

# A countdown long enough never to end during the test.
"$HB" discover --socket "$sock" --mnt-base "$tmp/mnt" \
	--devices "${loop#/dev/}" --timeout 300 >"$tmp/daemon.log" 2>&1 </dev/null &
daemon=$!
# Its socket file is there a moment before it listens: wait for an answer.
until_ok 10 ctl list
ok_waited $? "the daemon listens on its socket" \
	"after 10 s the daemon still did not answer on its socket $sock"
run "$HB" ui --socket "$sock"

waits_for 'Advanced options' "the ui draws the menu" 15
waits_for '^>\*1 Debian GNU/Linux' "the default is marked and selected"
waits_for '^  2 Advanced options for Debian GNU/Linux >' \
	"a submenu is one entry, marked as one"
waits_for '^  3 Evil red title *$' "a title's escape sequences are removed"
ok $(screen | grep -cE '31m|pwned|\^\[') "no trace of them is drawn"
isnt_pwned=$("${T[@]}" display -p -t menu '#{pane_title}')
ok $([ "$isnt_pwned" != pwned ]; echo $?) "the title did not retitle the window ($isnt_pwned)"
# The countdown starts once the daemon has probed its devices, a message
# after the one with the entries.
waits_for 'Booting "Debian GNU/Linux" in [0-9]+ s' "the countdown is shown"

keys j
until_ok 10 hides 'Booting "Debian'
ok_waited $? "a key stops the countdown" \
	"after 10 s the screen still showed the countdown"
# The ui stops showing the count at once, the daemon when it has read the
# ui's request: ask it until it says so.
countdown() { ctl watch --count 2 | jq -r 'select(.type == "state") | .countdown'; }
until_ok 10 eval '[ "$(countdown)" = null ]'
is "$(countdown)" null "the daemon's countdown was cancelled"
waits_for '^> 2 Advanced' "j moves down"
keys Enter
waits_for '^ hopboot: Advanced options' "Enter opens the submenu"
waits_for '^> 1 Debian, recovery mode' "its first entry is selected"
waits_for '^  2 Debian, old kernel  \(cannot boot: the kernel /boot/vmlinuz-old' \
	"an entry that cannot boot says why"
keys Escape
waits_for '^> 2 Advanced options' "Esc leaves the submenu, back on it"
keys Right Down
waits_for '^> 2 Debian, old kernel' "right opens it too; Down moves"
keys d
waits_for '^error +the kernel /boot/vmlinuz-old' "d shows the details with the error"
waits_for "^  path +$loop" "and the device's path"
keys q Up e
waits_for 'Command line for "Debian, recovery mode"' "e edits the command line"
waits_for '^BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro single$' \
	"starting from the entry's own"
keys C-a; keys -l 'x=1 '; keys End; keys -l ' edited=2'
keys BSpace; keys -l 3
waits_for '^x=1 BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro single edited=3$' \
	"Ctrl-A, End, typing and backspace edit it"
keys Enter
waits_for 'unable to boot "Debian, recovery mode"' \
	"Enter boots; the daemon's refusal is shown (the kernel is a fake)"
like "$(ctl log)" 'loading "Debian, recovery mode"' "the daemon tried to load it"
keys l
waits_for "^ The daemon's log" "l shows the daemon's log"
waits_for 'loading "Debian, recovery mode"' "with its messages"
keys Escape Left 3
waits_for 'unable to boot "Evil red title"' "a digit chooses directly"
ok $(screen | grep -cE '31m|pwned') "messages are sanitized too"
keys r
waits_for 'Looking at every device again' "r asks for a rescan"
waits_for '^  3 Evil red title|^> 3 Evil red title' "and the entries are back after it"
# A resize redraws at the new size.
"${T[@]}" resize-window -t menu -x 100 -y 30 2>/dev/null ||
	"${T[@]}" refresh-client -C 100x30
waits_for "^-{99}$" "a resize (SIGWINCH) redraws the menu at the new width"
"${T[@]}" kill-session -t menu

# --tty: the menu on a terminal that is not its standard input, as PID 1
# starts one per console. The window runs a program that reads nothing.
"${T[@]}" new-session -d -s menu -x 80 -y 24 "sleep 600"
tty=$("${T[@]}" display -p -t menu '#{pane_tty}')
timeout 60 "$HB" ui --socket "$sock" --tty "$tty" </dev/null >/dev/null 2>&1 &
uipid=$!
waits_for 'Advanced options' "ui --tty draws on that terminal"
keys 2
waits_for '^ hopboot: Advanced options' "and reads its keys there"
kill "$uipid" 2>/dev/null; wait "$uipid" 2>/dev/null
"${T[@]}" kill-session -t menu
ctl stop >/dev/null
until_ok 10 gone "$daemon"
ok_waited $? "the daemon stops when asked" \
	"after 10 s the daemon was still running after 'ctl stop'"
kill "$daemon" 2>/dev/null; wait "$daemon"; daemon=

# A fake daemon: what exactly does the ui send, and does it end on
# "booting"? It serves one state, logs each line it gets, answers a boot
# with "booting".
cat >"$tmp/fake.pl" <<'PL'
use IO::Socket::UNIX;
my ($path, $log) = @ARGV;
my $srv = IO::Socket::UNIX->new(Local => $path, Listen => 1) or die;
my $c = $srv->accept or die;
$c->autoflush(1);
open(my $l, '>', $log) or die; $l->autoflush(1);
print $c qq({"type":"hello","protocol":1,"version":"fake"}\n);
print $c qq({"type":"state","state":{"devices":[],"options":[)
	. qq({"id":"a","device":"d","source":"bls","title":"Alpha","submenu":[],"cmdline":"root=/dev/a ro","default":true,"hidden":false,"errors":[]},)
	. qq({"id":"h","device":"d","source":"bls","title":"Hidden","submenu":[],"cmdline":"","default":false,"hidden":true,"errors":[]})
	. qq(],"default":"a","timeout":5},"countdown":7,"probing":2}\n);
while (my $line = <$c>) {
	print $l $line;
	if ($line =~ /"type":"boot"/) {
		print $c qq({"type":"booting","id":"a","title":"Alpha\\u001b[2J"}\n);
		last;
	}
	print $c qq({"type":"reply","request":"x","ok":true,"error":null}\n);
}
# Until the ui has gone (it exits once it has read "booting").
1 while <$c>;
PL
rm -f "$sock"
timeout 60 perl "$tmp/fake.pl" "$sock" "$tmp/fake.log" &
fake=$!
until_ok 10 test -S "$sock" || diag "after 10 s the fake daemon had not made its socket"
run "$HB" ui --socket "$sock"
waits_for 'Alpha' "the ui draws the fake daemon's state"
waits_for 'probing 2 devices' "devices being probed are shown"
waits_for 'in 7 s' "the countdown from the state"
ok $(screen | grep -c Hidden) "hidden entries are not listed"
keys e End; keys -l ' rd.break'; keys Enter
is "$(exit_status)" 0 "when the daemon boots, the ui exits 0"
like "$(screen)" '^Booting Alpha\.\.\.$' "saying what boots, sanitized"
wait "$fake"; fake=
is "$(sed -n 1p "$tmp/fake.log")" '{"type":"cancel-countdown"}' \
	"the first key cancels the countdown first"
is "$(sed -n 2p "$tmp/fake.log")" \
	'{"type":"boot","id":"a","cmdline":"root=/dev/a ro rd.break"}' \
	"the edited command line is sent with the boot request"

# hopboot menu: its own daemon and a "Continue normal boot" entry.
export TMPDIR=$tmp/menutmp
mkdir -p "$TMPDIR"
run "$HB" menu --devices "${loop#/dev/}" --timeout -1
waits_for 'Debian GNU/Linux' "hopboot menu starts its daemon and shows the disk's entries" 15
waits_for '^>\*1 Continue normal boot' \
	"with 'Continue normal boot' first, selected and the default"
keys Home Enter
is "$(exit_status)" 0 "choosing it exits 0"
is "$(ls -A "$TMPDIR")" "" "and the daemon's temporary directory is gone"
run "$HB" menu --devices "${loop#/dev/}" --timeout -1
until_ok 15 shows 'Debian GNU/Linux' ||
	diag "after 15 s hopboot menu still did not show the disk's entries"
keys 2
waits_for 'unable to boot "Debian GNU/Linux"' \
	"hopboot menu boots through its daemon (which refuses a fake kernel)"
keys 1
is "$(exit_status)" 0 "and can still continue"
done_testing
