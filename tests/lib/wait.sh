# tests/lib/wait.sh - waiting for something asynchronous in a shell test
# (a daemon's answer, a uevent's effect, a loop device's partition nodes):
# poll the condition itself, bounded in count and in time, never a fixed
# sleep that is long enough on a quiet machine; and when the wait fails,
# say what never happened. Source after tests/lib/tap.sh.
#
# Beware of pipelines as conditions: 'ctl list | jq -e ...' has jq's status
# alone, and jq 1.6 (Debian 12) exits 0 on empty input, so a daemon that is
# not listening yet passes it. Capture the output first, fail when the
# command failed, then ask jq.

# until_ok SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds,
# at most SECONDS and SECONDS * 10 times; its output is discarded. The
# status of the last try.
until_ok()
{
	local i end=$((SECONDS + $1)) n=$(($1 * 10))

	shift
	for ((i = 0; i < n && SECONDS < end; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# ok_waited STATUS DESCRIPTION NEVER: the TAP line of a wait, and on
# failure NEVER (a sentence saying what never happened) as a diagnostic.
# Returns STATUS.
ok_waited()
{
	ok "$1" "$2"
	[ "$1" -eq 0 ] || diag "$3"
	return "$1"
}

# wait_file_re SECONDS FILE REGEX: until FILE has a line matching the
# extended REGEX (grep -E), bounded.
wait_file_re() { until_ok "$1" grep -aEq -- "$3" "$2"; }
