#!/bin/sh
# seed.sh - writes a fuzz target's seed corpus from the test fixtures.
#
# Usage: tests/fuzz/seed.sh TARGET DIR
#
# Run from the repository root; DIR is emptied first. The seeds are the
# parser fixtures of tests/parsers (and, for the PE reader, the EFI stubs of
# Debian's systemd-boot-efi when installed), in the shape each target of
# tests/fuzz/fuzz_*.c reads.
set -eu
target=$1 dir=$2
rm -rf "$dir"
mkdir -p "$dir"
n=0
# put FILE [PREFIX]: copies FILE as one seed, PREFIX (printf format) first.
put() {
	n=$((n + 1))
	{ [ -z "${2:-}" ] || printf "$2"; cat "$1"; } >"$dir/seed-$n"
}

case $target in
fuzz_bls)
	for f in $(find tests/parsers/bls -type f -path '*/entries/*.conf' | sort); do
		put "$f"
	done
	# The text after the split line is loader.conf (see fuzz_bls.c).
	for f in $(find tests/parsers/bls -name loader.conf | sort); do
		put "$f" '\n#--loader.conf--\n'
	done ;;
fuzz_grub2)
	for f in $(find tests/parsers/grub2 -name '*.cfg' | sort); do
		put "$f"
	done ;;
fuzz_syslinux)
	for f in $(find tests/parsers/syslinux \
		   \( -name '*.cfg' -o -name '*.conf' \) | sort); do
		put "$f"
	done ;;
fuzz_pe)
	for f in /usr/lib/systemd/boot/efi/*.efi \
		 /usr/lib/systemd/boot/efi/*.efi.stub; do
		[ -f "$f" ] && put "$f"
	done
	printf 'MZ' >"$dir/seed-mz" ;;
fuzz_json)
	# The protocol's messages as doc/protocol.md shows them.
	grep '^{"' doc/protocol.md | while IFS= read -r line; do
		n=$((n + 1))
		printf '%s' "$line" >"$dir/seed-$n"
	done
	printf '[1,-2.5e3,true,false,null,"\\u00e9\\ud83d\\ude00"]' \
		>"$dir/seed-array" ;;
*)
	echo "seed.sh: no seeds for $target" >&2
	exit 1 ;;
esac
