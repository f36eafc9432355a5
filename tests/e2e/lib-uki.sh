# lib-uki.sh - build unified kernel images (BLS Type #2) for the tests.
# shellcheck shell=bash
#
# Sourced after tests/e2e/lib.sh by uki-boot.t, the systemd-boot oracle
# scenarios and bls-oracle.t. Every name it defines starts with uki_ or UKI_.
#
# A UKI is the systemd EFI stub with the kernel, initrd, command line and
# os-release added as PE sections, as the UKI specification describes and
# as systemd 252's documentation builds one with objcopy (ukify came later).
# Each section gets its own address above the stub's, aligned and in the
# specification's order, so that the firmware can load the image.

UKI_STUB=${UKI_STUB:-/usr/lib/systemd/boot/efi/linuxx64.efi.stub}

# Prints nothing when a UKI can be built here, else what is missing.
uki_missing()
{
	if ! command -v objcopy >/dev/null 2>&1; then
		echo "objcopy (apt-get install binutils)"
	elif [ ! -r "$UKI_STUB" ]; then
		echo "$UKI_STUB (apt-get install systemd-boot-efi)"
	fi
}

# uki_build OUTPUT SECTION=FILE... - the stub plus each FILE as SECTION
# (".osrel=os-release", ".linux=vmlinuz"...), in the order given.
uki_build()
{
	local output=$1 arg name file size vma=$((0x1000000))
	local args=()
	shift

	for arg in "$@"; do
		name=${arg%%=*}
		file=${arg#*=}
		size=$(stat -c %s "$file")
		args+=(--add-section "$name=$file"
		       --change-section-vma "$name=$(printf '0x%x' $vma)")
		# Next address: past this one, rounded up to 1 MiB.
		vma=$(( (vma + size + 0xfffff) & ~0xfffff ))
	done
	objcopy "${args[@]}" "$UKI_STUB" "$output.tmp"
	mv "$output.tmp" "$output"
}
