# debian-efi.sh - Debian 12's signed shim and netboot GRUB, the real bytes of
# its netboot tree's bootnetx64.efi and grubx64.efi. Source it.
#
#	debian_efi_fetch OUT	fetches shim-signed and grub-efi-amd64-signed
#				with 'apt-get download' into OUT/debian-efi
#				once (1.6 MB; unpacked with dpkg-deb -x);
#				sets DEBIAN_SHIM and DEBIAN_GRUBNET to the two
#				files, or returns 1 with the reason in
#				DEBIAN_EFI_WHY
#
# debian-installer's build/util/efi-image copies exactly these two files
# into the netboot tree (tests/parsers/grub2/debian12-netboot/ATTRIBUTION).
# The host's packages are left alone.
debian_efi_fetch()
{
	local dir=$1/debian-efi d

	DEBIAN_SHIM=$dir/root/usr/lib/shim/shimx64.efi.signed
	DEBIAN_GRUBNET=$dir/root/usr/lib/grub/x86_64-efi-signed/grubnetx64-installer.efi.signed
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"
		mkdir -p "$dir/debs"
		# Fresh systems may have no package lists yet: update once.
		(cd "$dir/debs" &&
		 { apt-get -q download shim-signed grub-efi-amd64-signed ||
		   { apt-get -q update &&
		     apt-get -q download shim-signed grub-efi-amd64-signed; }
		 }) >"$dir/download.log" 2>&1 || {
			DEBIAN_EFI_WHY="apt-get download shim-signed grub-efi-amd64-signed failed (is the Debian archive reachable? see $dir/download.log)"
			return 1
		}
		for d in "$dir"/debs/*.deb; do
			dpkg-deb -x "$d" "$dir/root" || {
				DEBIAN_EFI_WHY="dpkg-deb -x $d failed"
				return 1
			}
		done
		(cd "$dir/debs" && ls) >"$dir/.done"
	fi
	[ -f "$DEBIAN_SHIM" ] && [ -f "$DEBIAN_GRUBNET" ] || {
		DEBIAN_EFI_WHY="the packages in $dir/debs hold no $DEBIAN_SHIM or $DEBIAN_GRUBNET"
		return 1
	}
}
