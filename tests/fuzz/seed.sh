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
fuzz_grubenv)
	for f in $(find tests/parsers/grub2 -name grubenv | sort); do
		put "$f"
	done
	# As grub-editenv writes it: the block padded with '#'.
	{
		printf '# GRUB Environment Block\nsaved_entry=adv>rec\n'
		printf 'next_entry=linux\nkernelopts=root=UUID=1 ro quiet\\\n\\\\x\n'
		head -c 940 /dev/zero | tr '\0' '#'
	} >"$dir/seed-editenv" ;;
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
fuzz_grub_image)
	# The first byte says what follows (fuzz_grub_image.c). Images
	# from grub-mkimage, when it is installed: whole (0), their "mods"
	# section alone (1), their memdisk (3); embedded configs (4).
	if command -v grub-mkimage >/dev/null && command -v objcopy >/dev/null &&
	   [ -d /usr/lib/grub/x86_64-efi ]; then
		w=$(mktemp -d)
		mkdir -p "$w/md/boot/grub"
		printf 'menuentry A { linux (tftp)/vmlinuz; }\n' \
			>"$w/md/boot/grub/grub.cfg"
		(cd "$w/md" && tar --format=gnu -cf ../md.tar boot)
		printf 'normal (memdisk)/grub.cfg\n' >"$w/embedded.cfg"
		grub-mkimage -O x86_64-efi -c "$w/embedded.cfg" -m "$w/md.tar" \
			-p /debian-installer/amd64/grub -o "$w/g.efi"
		objcopy -O binary --only-section=mods "$w/g.efi" "$w/mods"
		put "$w/g.efi" '\0'
		put "$w/mods" '\1'
		put "$w/md.tar" '\3'
		if command -v mkfs.msdos >/dev/null && command -v mcopy >/dev/null; then
			mkfs.msdos -C "$w/md.fat" 64 >/dev/null
			mmd -i "$w/md.fat" ::fonts
			mcopy -i "$w/md.fat" "$w/embedded.cfg" '::fonts/A long name.cfg'
			put "$w/md.fat" '\3'
		fi
		rm -rf "$w"
	fi
	printf '\4normal (memdisk)/grub.cfg\n' >"$dir/seed-normal"
	printf '\4echo "a b"\nbase=${net_default_server}\nset prefix=(tftp,$base)/x\nnormal\n' \
		>"$dir/seed-prefix"
	printf '\4configfile (tftp)/m.cfg\n' >"$dir/seed-configfile" ;;
fuzz_ipxe)
	for f in $(find tests/parsers/pxe/ipxe -name '*.ipxe' | sort); do
		put "$f"
	done ;;
fuzz_lease)
	# What build/udhcpc.script writes, and ip= values.
	printf 'interface=eth0\nmac=52:54:00:12:34:56\nip=10.0.2.15\nsubnet=255.255.255.0\nrouter=10.0.2.2\ndns=10.0.2.3\nsiaddr=10.0.2.2\nserverid=10.0.2.2\nboot_file=/pxelinux.0\ntftp=\nbootfile=\npxeconffile=\npxepathprefix=\nopt209=6d792e63666700\nopt210=2f\n' \
		>"$dir/seed-lease"
	printf '10.0.0.5:10.0.0.1:10.0.0.254:255.255.0.0:box:eth1:off:10.0.0.53' \
		>"$dir/seed-ip" ;;
fuzz_tftp)
	# A server's packets: DATA, OACKs as dnsmasq and QEMU's slirp grant
	# them, an ERROR.
	printf '\0\3\0\1hello' >"$dir/seed-data"
	printf '\0\6blksize\0001468\0tsize\00012345\0' >"$dir/seed-oack"
	printf '\0\6blksize\0001432\0tsize\0000\0windowsize\00016\0' \
		>"$dir/seed-oack-window"
	printf '\0\5\0\1File not found\0' >"$dir/seed-error"
	printf '\0\4\0\0' >"$dir/seed-ack" ;;
fuzz_http)
	# The first byte picks the size of the pieces the body comes in.
	printf '\007HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' \
		>"$dir/seed-length"
	printf '\003HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y%b' \
		'\r\nhello\r\n0\r\nTrailer: t\r\n\r\n' >"$dir/seed-chunked"
	printf '\001HTTP/1.1 302 Found\r\nLocation: ../c/./d?e\r\n\r\n' \
		>"$dir/seed-redirect"
	printf '\001HTTP/1.0 404 Not Found\n\n' >"$dir/seed-404" ;;
*)
	echo "seed.sh: no seeds for $target" >&2
	exit 1 ;;
esac
