# tests/lib/serial.sh - typing on a QEMU guest's serial console and waiting
# for its answer, for the tests in tests/e2e (source after tests/e2e/lib.sh,
# whose e2e_qemu_running says when QEMU is gone).
#
# What is typed waits in the guest's tty until a program reads it, so
# nothing is typed "a moment later": a key goes once the program that must
# read it has shown that it runs (the menu drawn, the shell's prompt), and
# the next one once the screen has answered the last. A screen that is
# already in the log cannot answer again, so these helpers look only at
# what the log got after a mark.

# SERIAL_PROMPT: busybox ash's prompt at the start of a line ("/ # ").
SERIAL_PROMPT='^[/~][^ ]* # '

# serial_mark LOG: LOG's size now, the mark for serial_wait_after.
serial_mark() { stat -c %s "$1" 2>/dev/null || echo 0; }

# serial_seen LOG MARK REGEX: REGEX (grep -E) matches what LOG got after
# byte MARK.
serial_seen() { tail -c +"$(($2 + 1))" "$1" 2>/dev/null | grep -aEq -- "$3"; }

# serial_wait_after LOG MARK REGEX SECONDS: until serial_seen, at most
# SECONDS (and SECONDS * 4 looks); 1 also when QEMU exited without it.
serial_wait_after()
{
	local log=$1 mark=$2 re=$3 seconds=$4 i end=$((SECONDS + $4))

	for ((i = 0; i < seconds * 4 && SECONDS < end; i++)); do
		serial_seen "$log" "$mark" "$re" && return 0
		if ! e2e_qemu_running; then
			# It may have been written just before the exit.
			serial_seen "$log" "$mark" "$re"
			return
		fi
		sleep 0.25
	done
	return 1
}

# serial_send FD LOG TEXT REGEX SECONDS: types TEXT (printf %s: a key, or a
# line ending in \n) on the console behind file descriptor FD, then waits
# for REGEX in what LOG gets after it.
serial_send()
{
	local fd=$1 log=$2 text=$3 re=$4 seconds=$5 mark

	mark=$(serial_mark "$log")
	printf '%s' "$text" >&"$fd"
	serial_wait_after "$log" "$mark" "$re" "$seconds"
}

# serial_need STATUS SENTENCE LOG: after a step that failed, the rest of a
# test would type into the wrong program (commands into the menu, which
# reads them as keys): says SENTENCE (what never happened), shows the end
# of LOG and ends the test. Returns when STATUS is 0.
serial_need()
{
	[ "$1" -eq 0 ] && return 0
	diag "$2; the rest of the test needs it, so it stops here"
	tr -d '\r' <"$3" | tail -n 40 | diag_lines
	done_testing
	exit 1
}
