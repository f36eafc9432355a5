#!/bin/bash
# run.sh - runs libFuzzer targets for a while each and reports what they did.
#
# Usage: tests/fuzz/run.sh TARGET... (make fuzz runs it after building)
#
# Environment: FUZZ_OUT (default out/fuzz), FUZZ_SECONDS per target (default
# 60), FUZZ_JOBS targets at a time (default 2). Each target keeps a corpus in
# $FUZZ_OUT/corpus/TARGET that grows from run to run, starts from seeds
# written by seed.sh, and writes any crashing input to
# $FUZZ_OUT/crashes/TARGET-*; a log per target is in $FUZZ_OUT/TARGET.log.
# Prints each target's last libFuzzer status line (executions, coverage,
# execs/s) and fails when one of them crashed: make the input a regression
# test (tests/fuzz/regressions/TARGET/) before fixing the parser.
set -u
cd "$(dirname "$0")/../.."
FUZZ_OUT=${FUZZ_OUT:-out/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-2}

one() {
	local t=$1 corpus=$FUZZ_OUT/corpus/$1 seeds=$FUZZ_OUT/seeds/$1
	mkdir -p "$corpus" "$FUZZ_OUT/crashes"
	tests/fuzz/seed.sh "$t" "$seeds" || return 1
	# The regressions go in too, so a fixed crash is retried each time.
	local regress=()
	[ -d "tests/fuzz/regressions/$t" ] &&
		regress=("tests/fuzz/regressions/$t")
	# -rss_limit_mb and -timeout turn runaway memory or time into crashes
	# too: parsers must be bounded in both.
	"$FUZZ_OUT/$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
		-rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$FUZZ_OUT/crashes/$t-" \
		"$corpus" "$seeds" "${regress[@]}" >"$FUZZ_OUT/$t.log" 2>&1
}

fail=0
pids=() names=()
for t in "$@"; do
	one "$t" &
	pids+=($!) names+=("$t")
	if [ ${#pids[@]} -ge "$FUZZ_JOBS" ]; then
		wait "${pids[0]}" || { fail=1; echo "fuzz: ${names[0]} FAILED"; }
		pids=("${pids[@]:1}") names=("${names[@]:1}")
	fi
done
for i in "${!pids[@]}"; do
	wait "${pids[$i]}" || { fail=1; echo "fuzz: ${names[$i]} FAILED"; }
done

for t in "$@"; do
	last=$(grep -E '^#[0-9]+' "$FUZZ_OUT/$t.log" | tail -n 1)
	echo "fuzz: $t: ${last:-no status line; see $FUZZ_OUT/$t.log}"
	grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' \
		"$FUZZ_OUT/$t.log" | head -n 5 | sed "s/^/fuzz: $t: /"
done
if [ "$fail" -ne 0 ]; then
	echo "fuzz: crashes are in $FUZZ_OUT/crashes/" >&2
	exit 1
fi
