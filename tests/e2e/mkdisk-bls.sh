#!/bin/bash
# mkdisk-bls.sh - build the e2e test disk: GPT, ext4 + ESP with one BLS entry.
#
# Usage: tests/e2e/mkdisk-bls.sh OUTPUT.img [TITLE]
#
# Builds without mounting anything (the build host may not mount vfat):
# partition 1 is an ext4 filesystem with unrelated files, partition 2 an EFI
# System Partition with /vmlinuz (the Debian kernel), /initrd-a.img,
# /initrd-b.img (the target initrds, see target-init.c) and
# /loader/entries/test.conf. TITLE is the entry's title (default "Test").
# See lib.sh for the environment it reads (OUT, KVER).
set -eu

. "$(dirname "$0")/lib.sh"

main()
{
	local output=${1:-} title=${2:-Test}

	if [ -z "$output" ]; then
		echo "usage: $0 OUTPUT.img [TITLE]" >&2
		exit 100
	fi
	e2e_find_kernel || e2e_die "no kernel image in /boot for KVER=${KVER:-}"

	mkdir -p "$(dirname "$output")"
	# Global, not local: the EXIT trap runs after main has returned.
	STAGE=$(mktemp -d "$output.stage.XXXXXX")
	# Clean the staging folders however we leave, but keep a finished disk.
	trap 'rm -rf "$STAGE"' EXIT
	e2e_stage_data "$STAGE/data"
	e2e_stage_bls "$STAGE/esp" "$title"
	e2e_make_gpt_disk "$output" "$STAGE/data" "$STAGE/esp"
}

main "$@"
