#!/bin/bash
# host-kernel.t - no file of the tests names this machine's kernel version.
#
# Debian's kernel moves (in December 2026 its ABI number went up by one) and every
# new machine gets the newest one. A test or a recorded truth that names
# the version the machine had when it was written passes there and fails
# everywhere after: test disks give their kernel the fixed version
# E2E_DISK_KVER (tests/e2e/lib.sh) and the oracle's recorders refuse to
# write the host's version (oracle_names_host_kernel, tests/oracle/lib.sh).
# This is the net under both: every kernel version this machine has
# (KVER, /lib/modules, /boot/vmlinuz-*), with and without its flavour
# ("6.1.0-N-amd64" and "6.1.0-N"), must appear in no file under tests/ or
# bench/.
#
# Not searched: tests/parsers, tests/unit and tests/fuzz, whose inputs are
# pure (configurations copied from distributions, with the kernel names
# the machine that produced them had) and never meet the host's kernel.
set -eu
export LC_ALL=C

cd "$(dirname "$0")/../.."
. tests/lib/tap.sh

versions=$(
	{
		[ -z "${KVER:-}" ] || echo "$KVER"
		ls /lib/modules 2>/dev/null || true
		for k in /boot/vmlinuz-*; do
			[ -e "$k" ] && echo "${k#/boot/vmlinuz-}"
		done
	} | sort -u
)
[ -n "$versions" ] || skip_all "this machine has no kernel in /lib/modules or /boot to look for"

for v in $versions; do
	# The version without its flavour, as in "6.1.0-N": a truth may name
	# it alone (GRUB's regexp input, a version sort). A bare "6.1.0" is
	# too common to mean the host, so only a version with an ABI number
	# counts.
	abi=${v%-*}
	pats=("$v")
	case $abi in
	*-[0-9]*) pats+=("$abi") ;;
	esac
	for p in "${pats[@]}"; do
		# -w: an ABI number N must not match in N0 (-5 is not -50).
		hits=$(grep -rIlwF --exclude-dir=parsers --exclude-dir=unit \
			--exclude-dir=fuzz -e "$p" tests bench 2>/dev/null || true)
		if [ -z "$hits" ]; then
			ok 0 "no file under tests/ or bench/ names this machine's kernel version $p"
		else
			ok 1 "no file under tests/ or bench/ names this machine's kernel version $p"
			diag "these files name $p, the version of a kernel installed here;"
			diag "the next machine will have another: name the disk's kernel"
			diag "E2E_DISK_KVER (tests/e2e/lib.sh) and record the truth again:"
			printf '%s\n' "$hits" | diag_lines
		fi
	done
done
done_testing
