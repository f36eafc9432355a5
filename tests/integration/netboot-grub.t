#!/bin/bash
# netboot-grub.t - hopboot net against real dnsmasq (DHCP + TFTP) handing
# out a GRUB core image: GRUB 2.06's netboot config lookup (grub.cfg-01-MAC,
# grub.cfg-HEXIP shortened, grub.cfg under $prefix), (tftp) names, $prefix,
# $root and $net_default_* in the command lines, and the URLs. Then EFI
# boot files read for what they are: a GRUB image made by grub-mkimage
# (its built-in prefix), Debian's real shim loading grubx64.efi from its
# folder, and Debian 12's netboot tree behind that shim (its real signed
# GRUB: prefix, embedded config, FAT memdisk).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/netns.sh
. tests/lib/netboot.sh
. tests/lib/debian-efi.sh
netboot_test_init

# The TFTP tree grub-mknetdir --subdir=/boot/grub makes, with configs.
t=$tmp/tftp
mkdir -p "$t/boot/grub/i386-pc" "$t/images"
echo 'not really GRUB' >"$t/boot/grub/i386-pc/core.0"
echo 'not really GRUB' >"$t/grubx64.efi"
# Not a kernel: the loader refuses it once downloaded, which is enough to
# watch the download's progress reach the clients.
head -c 3145728 /dev/zero >"$t/images/vmlinuz"
echo initrd >"$t/images/initrd.img"
cat >"$t/boot/grub/grub.cfg" <<'CFG'
menuentry 'Decoy' {
	linux /images/vmlinuz hopboot.test=decoy
}
CFG
cat >"$t/boot/grub/grub.cfg-01-52-54-00-12-34-56" <<'CFG'
set timeout=5
set default=mine
source $prefix/common.cfg
menuentry 'From the per-MAC file' --id mine {
	linux /images/vmlinuz console=ttyS0 mac=$net_default_mac srv=$net_default_server
	initrd (tftp)/images/initrd.img
}
menuentry 'Through root' {
	linux ($root)/images/vmlinuz p=$prefix r=$root
}
menuentry 'Another server' {
	linux (tftp,10.77.0.99)/images/vmlinuz
}
CFG
cat >"$t/boot/grub/common.cfg" <<'CFG'
menuentry 'Rescue from the sourced file' {
	linux (tftp,10.77.0.1)/images/vmlinuz hopboot.test=rescue ip=$net_default_ip
}
CFG
# 10.77.0.60 is 0A4D003C: its shortened form is found before grub.cfg.
cat >"$t/boot/grub/grub.cfg-0A4D00" <<'CFG'
menuentry 'By address' {
	linux /images/vmlinuz hopboot.test=hexip
}
CFG
cat >"$t/grub.cfg" <<'CFG'
menuentry 'EFI at the root' {
	linux /images/vmlinuz hopboot.test=$grub_platform
}
CFG
# A GRUB EFI image whose built-in prefix is /pfx, under another name.
mkdir -p "$t/efi" "$t/pfx"
grub-mkimage -O x86_64-efi -p /pfx -o "$t/efi/bootx64.efi" \
	efinet tftp normal linux ||
	{ echo "Bail out! grub-mkimage failed: run build/deps.sh"; exit 1; }
cat >"$t/pfx/grub.cfg" <<'CFG'
menuentry 'From the built-in prefix' {
	linux /images/vmlinuz p=$prefix r=$root c=$cmdpath g=$grub_platform
}
CFG
debian=
if debian_efi_fetch "$OUT"; then
	# Debian's shim, which loads grubx64.efi from its own folder: here
	# one grub-mkimage made, with the prefix /shimcfg.
	mkdir -p "$t/shim" "$t/shimcfg"
	cp "$DEBIAN_SHIM" "$t/shim/bootx64.efi"
	grub-mkimage -O x86_64-efi -p /shimcfg -o "$t/shim/grubx64.efi" \
		efinet tftp normal linux
	echo "menuentry 'Through shim' { linux /images/vmlinuz via=shim; }" \
		>"$t/shimcfg/grub.cfg"
	# Debian 12's netboot tree: its configs (a fixture), its shim and
	# its signed netboot GRUB, as debian-installer's efi-image puts them.
	cp -r tests/parsers/grub2/debian12-netboot/debian-installer "$t/"
	cp "$DEBIAN_SHIM" "$t/debian-installer/amd64/bootnetx64.efi"
	cp "$DEBIAN_GRUBNET" "$t/debian-installer/amd64/grubx64.efi"
	debian=1
else
	diag "SKIP Debian's shim and netboot GRUB: $DEBIAN_EFI_WHY"
fi
chmod -R a+rX "$tmp"

netboot_link
netboot_dnsmasq "$t" \
	--dhcp-host=52:54:00:aa:bb:cc,10.77.0.60 \
	--dhcp-mac=set:efi,52:54:00:bb:bb:bb \
	--dhcp-mac=set:img,52:54:00:cc:cc:01 \
	--dhcp-mac=set:shim,52:54:00:cc:cc:02 \
	--dhcp-mac=set:deb,52:54:00:cc:cc:03 \
	--dhcp-boot=tag:!efi,tag:!img,tag:!shim,tag:!deb,boot/grub/i386-pc/core.0,,10.77.0.1 \
	--dhcp-boot=tag:efi,grubx64.efi,,10.77.0.1 \
	--dhcp-boot=tag:img,efi/bootx64.efi,,10.77.0.1 \
	--dhcp-boot=tag:shim,shim/bootx64.efi,,10.77.0.1 \
	--dhcp-boot=tag:deb,debian-installer/amd64/bootnetx64.efi,,10.77.0.1

json=$(net --json hbcli0 2>"$tmp/err"); st=$?
is "$st" 1 "hopboot net exits 1: one entry cannot boot" ||
	diag_lines <"$tmp/err"
like "$(cat "$tmp/net/hbcli0.lease" 2>/dev/null)" \
	"boot_file=boot/grub/i386-pc/core.0" "the boot file is GRUB's core image"
ip=$(sed -n 's/^ip=//p' "$tmp/net/hbcli0.lease")
is "$(jq -r '[.options[] | .source + ":" + .title] | join(",")' <<<"$json")" \
	"grub2:Rescue from the sourced file,grub2:From the per-MAC file,grub2:Through root,grub2:Another server" \
	"the per-MAC file and what it sources, not the decoy grub.cfg"
m="From the per-MAC file"
is "$(opt "$json" "$m" .cmdline)" \
	"BOOT_IMAGE=/images/vmlinuz console=ttyS0 mac=52:54:00:12:34:56 srv=10.77.0.1" \
	"GRUB's command line, \$net_default_* expanded"
is "$(opt "$json" "$m" .kernel.url)" "tftp://10.77.0.1/images/vmlinuz" \
	"the kernel is a URL on the boot server"
is "$(opt "$json" "$m" '.initrds[0].url')" "tftp://10.77.0.1/images/initrd.img" \
	"(tftp)/... is the same server"
is "$(jq -r '.default' <<<"$json")" "$(opt "$json" "$m" .id)" \
	"set default=mine picks the --id"
is "$(jq -r .timeout <<<"$json")" 5 "the config's timeout"
is "$(opt "$json" "Through root" .cmdline)" \
	"BOOT_IMAGE=(tftp,10.77.0.1)/images/vmlinuz p=(tftp,10.77.0.1)/boot/grub r=tftp,10.77.0.1" \
	"\$root and \$prefix as GRUB sets them"
is "$(opt "$json" "Rescue from the sourced file" .cmdline)" \
	"BOOT_IMAGE=(tftp,10.77.0.1)/images/vmlinuz hopboot.test=rescue ip=$ip" \
	"(tftp,SERVER) and \$net_default_ip"
like "$(opt "$json" "Another server" '.errors[0]')" \
	"10.77.0.99; hopboot reads a network boot config's files only from its own boot server 10.77.0.1" \
	"a file on another server is refused with a sentence"
c=$tmp/net/hbcli0
[ -f "$c/boot/grub/common.cfg" ] && [ -f "$c/boot/grub/grub.cfg-01-52-54-00-12-34-56" ] && [ ! -e "$c/boot/grub/grub.cfg" ] &&
	[ ! -e "$c/images/vmlinuz" ]
ok $? "only the configs read were fetched, not the decoy, not the kernel"

ip -n "$cli" link set hbcli0 address 52:54:00:aa:bb:cc
json=$(net --json hbcli0 2>"$tmp/err"); st=$?
is "$st" 0 "a fixed address: exit 0" || diag_lines <"$tmp/err"
is "$(jq -r '[.options[].cmdline] | join(",")' <<<"$json")" \
	"BOOT_IMAGE=/images/vmlinuz hopboot.test=hexip" \
	"grub.cfg-0A4D00 (10.77.0.60 shortened) before grub.cfg"
like "$(grep -c 'grub.cfg-0A4D00' "$tmp/dnsmasq.log")" "^[1-9]" \
	"dnsmasq was asked for it"

ip -n "$cli" link set hbcli0 address 52:54:00:bb:bb:bb
json=$(net --json hbcli0 2>"$tmp/err"); st=$?
is "$st" 0 "grubx64.efi at the root: exit 0" || diag_lines <"$tmp/err"
is "$(jq -r '[.options[].cmdline] | join(",")' <<<"$json")" \
	"BOOT_IMAGE=/images/vmlinuz hopboot.test=efi" \
	"its \$prefix is the root: /grub.cfg, grub_platform efi"

# EFI boot files are read (net_efi.c): a GRUB image's built-in prefix
# names the folder of its configs, whatever the file's name.
ip -n "$cli" link set hbcli0 address 52:54:00:cc:cc:01
json=$(net --json hbcli0 2>"$tmp/err"); st=$?
is "$st" 0 "a GRUB image as efi/bootx64.efi: exit 0" || diag_lines <"$tmp/err"
is "$(opt "$json" "From the built-in prefix" .cmdline)" \
	"BOOT_IMAGE=/images/vmlinuz p=(tftp,10.77.0.1)/pfx r=tftp,10.77.0.1 c=(tftp,10.77.0.1)/efi g=efi" \
	"\$prefix is the image's own /pfx, not the boot file's folder"
like "$(grep -c 'pfx/grub.cfg-01-52-54-00-cc-cc-01' "$tmp/dnsmasq.log")" "^[1-9]" \
	"GRUB's search ran under it (grub.cfg-01-MAC asked first)"

if [ -n "$debian" ]; then
	ip -n "$cli" link set hbcli0 address 52:54:00:cc:cc:02
	json=$(net --json hbcli0 2>"$tmp/err"); st=$?
	is "$st" 0 "Debian's shim as the boot file: exit 0" ||
		diag_lines <"$tmp/err"
	is "$(jq -r '[.options[] | .title + " " + .kernel.url] | join(",")' <<<"$json")" \
		"Through shim tftp://10.77.0.1/images/vmlinuz" \
		"shim loads grubx64.efi from its folder, whose prefix is /shimcfg"
	like "$(grep 'sent .*shim/grubx64.efi' "$tmp/dnsmasq.log")" "to 10.77.0" \
		"dnsmasq sent shim/grubx64.efi"

	ip -n "$cli" link set hbcli0 address 52:54:00:cc:cc:03
	json=$(net --json hbcli0 2>"$tmp/err"); st=$?
	is "$st" 0 "Debian 12's netboot tree over UEFI: exit 0" ||
		{ diag_lines <"$tmp/err"; jq -c '.devices' <<<"$json" | diag_lines; }
	is "$(jq -r '[.options[] | select(.submenu == []) | .title] | join(",")' <<<"$json")" \
		"Install,Install with speech synthesis" \
		"the menu of debian-installer/amd64/grub/grub.cfg"
	is "$(jq -r '[.options[].submenu[0] | values] | unique | join(",")' <<<"$json")" \
		"Accessible dark contrast installer menu ...,Advanced options ..." \
		"and its submenus ($(jq '.options | length' <<<"$json") entries in all)"
	is "$(opt "$json" Install .cmdline)" \
		"BOOT_IMAGE=/debian-installer/amd64/linux vga=788 --- quiet" \
		"Install: GRUB's command line"
	is "$(opt "$json" Install '.kernel.url + " " + .initrds[0].url')" \
		"tftp://10.77.0.1/debian-installer/amd64/linux tftp://10.77.0.1/debian-installer/amd64/initrd.gz" \
		"its kernel and initrd on the boot server"
	is "$(jq -r '.default' <<<"$json")" "$(opt "$json" Install .id)" \
		"Install is the default"
	is "$(opt "$json" Install '[.config[].path] | join(" ")')" \
		"/debian-installer/amd64/grubx64.efi /debian-installer/amd64/grub/grub.cfg" \
		"it comes from the GRUB image, then grub/grub.cfg"
	is "$(jq -r '[.options[] | select(.submenu == ["Advanced options ..."]) | .title] | join(",")' <<<"$json")" \
		"... Expert install,... Rescue mode,... Automated install,... Expert install with speech synthesis,... Rescue mode with speech synthesis,... Automated install with speech synthesis" \
		"the Advanced submenu's own entries"
	c=$tmp/net/hbcli0
	[ -f "$c/debian-installer/amd64/grub/grub.cfg" ] &&
		[ ! -e "$c/debian-installer/amd64/grub/x86_64-efi/grub.cfg" ] &&
		[ ! -e "$c/debian-installer/amd64/grub/grub.cfg-01-52-54-00-cc-cc-03" ]
	ok $? "only grub/grub.cfg was read: [ -e ] is false on TFTP, and 'normal FILE' searches for no per-MAC file"
	is "$(ls "$tmp/net/hbcli0.efi")" "$(printf 'config\nimage\nmemdisk\nprefix\nshim')" \
		"what the image carries is kept beside the cache"
fi

# The daemon: the same options, and a boot's download reported to every
# client as "progress" messages (doc/protocol.md).
ip -n "$cli" link set hbcli0 address 52:54:00:12:34:56
sock=$tmp/socket
# -n and input: jq 1.6 -e exits 0 on no input at all (no daemon yet).
has_options() { ctl list --json | jq -en 'input | .options | length > 0'; }
netns_spawn "$cli" "$HB" discover --socket "$sock" --mnt-base "$tmp/mnt" \
	--devices no-disk-here --timeout -1 --net dhcp --net-ifaces 'hbcli*' \
	--net-dir "$tmp/dnet" --net-script "$PWD/build/udhcpc.script" \
	>"$tmp/daemon.log" 2>&1 </dev/null
daemon=$NETNS_PID
until_ok 40 has_options ||
	diag "after 40 s the daemon still listed no option from the boot server"
json=$(ctl list --json)
id=$(opt "$json" "From the per-MAC file" .id)
is "$id" "net:52:54:00:12:34:56:grub2:mine" "the daemon lists the GRUB entries" ||
	diag_lines <"$tmp/daemon.log"
# Not through ctl(): $! must be timeout itself.
timeout 60 "$HB" ctl --socket "$sock" watch >"$tmp/watch.log" 2>&1 &
watcher=$!
# It sees only what happens once it is connected: its state says it is.
until_ok 15 grep -q '"type":"state"' "$tmp/watch.log" ||
	diag "after 15 s 'ctl watch' had not received the daemon's state"
out=$(ctl boot "$id" 2>&1); st=$?
is "$st" 1 "booting a file that is no kernel fails after its download"
# The watcher reads on its own: wait for the ends of both downloads to
# reach its log.
ended() { grep -q "\"what\":\"$1\".*\"end\":true" "$tmp/watch.log"; }
until_ok 15 eval 'ended kernel && ended initrd' ||
	diag "after 15 s 'ctl watch' had not written the end of both downloads"
kill $watcher 2>/dev/null; wait $watcher 2>/dev/null
p=$(jq -c 'select(.type == "progress" and .what == "kernel")' "$tmp/watch.log")
n=$(grep -c . <<<"$p")
like "$(head -1 <<<"$p")" '"what":"kernel","url":"tftp://10.77.0.1/images/vmlinuz","done":[0-9]+,"total":3145728,"end":false' \
	"progress names the file and its size"
is "$(tail -1 <<<"$p" | jq -r .end)" true "the last one ends the download"
is "$(jq -s '[.[] | select(.end == false) | .done] | . == sort and max == 3145728' <<<"$p")" \
	true "done grows to the whole file"
# The transfer reports every 256 KiB buffer: 12 here, and never more
# than one a percent.
[ "$n" -ge 4 ] && [ "$n" -le 102 ]
ok $? "a message per step, at most one a percent ($n)"
like "$(grep '"what":"initrd"' "$tmp/watch.log" | tail -1)" '"end":true' \
	"the initrd's download too"
ctl stop >/dev/null
kill "$daemon" 2>/dev/null

# A boot file that is GRUB with no config: every file tried is named.
ip -n "$cli" link set hbcli0 address 52:54:00:bb:bb:bb
mv "$t/grub.cfg" "$t/grub.cfg.off"
json=$(net --json hbcli0 2>"$tmp/err")
like "$(jq -r '.devices[0].errors[0]' <<<"$json")" \
	"no GRUB configuration on tftp://10.77.0.1 for the boot file grubx64.efi: tried /grub.cfg-01-52-54-00-bb-bb-bb, /grub.cfg-0A4D00" \
	"no config: a sentence listing the files tried"

done_testing
