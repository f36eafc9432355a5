# tests/lib/tap.sh - TAP for shell tests: ok/not ok lines, a plan at the end,
# and a non-zero exit when a check failed or none ran. Source it.
_tap_n=0
_tap_failed=0

# ok COND_STATUS DESCRIPTION: pass when the status is 0.
ok() {
	local status=$1; shift
	_tap_n=$((_tap_n + 1))
	if [ "$status" -eq 0 ]; then
		echo "ok $_tap_n - $*"
	else
		echo "not ok $_tap_n - $*"
		_tap_failed=$((_tap_failed + 1))
	fi
}

# is GOT WANT DESCRIPTION: string equality, both sides shown on failure.
is() {
	local got=$1 want=$2; shift 2
	if [ "$got" = "$want" ]; then
		ok 0 "$@"
	else
		ok 1 "$@"
		diag "   got: '$got'"
		diag "  want: '$want'"
	fi
}

# like GOT PATTERN DESCRIPTION: GOT contains PATTERN (a grep -E regex).
like() {
	local got=$1 pat=$2; shift 2
	if printf '%s' "$got" | grep -Eq -- "$pat"; then
		ok 0 "$@"
	else
		ok 1 "$@"
		diag "   got: '$got'"
		diag "  want: /$pat/"
	fi
}

diag() { printf '# %s\n' "$*" >&2; }

# check DESCRIPTION COMMAND...: one TAP line for one command's status.
check()
{
	local desc=$1

	shift
	if "$@"; then
		ok 0 "$desc"
	else
		ok 1 "$desc"
	fi
}

# Indents a command's output as TAP diagnostics: cmd | diag_lines.
diag_lines() { sed 's/^/# /' >&2; }

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

done_testing() {
	echo "1..$_tap_n"
	if [ "$_tap_n" -eq 0 ]; then
		diag "no test ran"
		exit 1
	fi
	[ "$_tap_failed" -eq 0 ]
}
