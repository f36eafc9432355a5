#!/bin/bash
# netboot.t - hopboot net against real dnsmasq (DHCP + TFTP) in a network
# namespace: the lease, pxelinux's lookup order (a per-MAC file that
# INCLUDEs another beside a decoy default; option 209), the options'
# command lines and URLs, and the errors when there is no server.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/netns.sh
. tests/lib/netboot.sh
netboot_test_init

# The TFTP tree: pxelinux's files as a server would hold them.
t=$tmp/tftp
mkdir -p "$t/pxelinux.cfg" "$t/images" "$t/special"
echo 'not really pxelinux' >"$t/pxelinux.0"
echo kernel >"$t/images/vmlinuz"
echo initrd >"$t/images/initrd.img"
cat >"$t/pxelinux.cfg/default" <<'CFG'
DEFAULT decoy
LABEL decoy
	KERNEL images/vmlinuz
	APPEND hopboot.test=decoy
CFG
cat >"$t/pxelinux.cfg/01-52-54-00-12-34-56" <<'CFG'
INCLUDE pxelinux.cfg/common.cfg
DEFAULT mine
LABEL mine
	MENU LABEL From the per-MAC file
	KERNEL images/vmlinuz
	INITRD images/initrd.img
	APPEND console=ttyS0 hopboot.test=mine
CFG
cat >"$t/pxelinux.cfg/common.cfg" <<'CFG'
LABEL rescue
	MENU LABEL Rescue from the included file
	KERNEL images/vmlinuz
	APPEND hopboot.test=rescue
CFG
cat >"$t/special/my.cfg" <<'CFG'
DEFAULT special
LABEL special
	KERNEL images/vmlinuz
	APPEND hopboot.test=option209
CFG
mkdir -p "$t/scripts"
cat >"$t/scripts/boot.ipxe" <<'IPXE'
#!ipxe
menu Network boot
item inst Install (${net0/mac:hexhyp})
item local Local disk
choose --default inst target && goto ${target}
:inst
kernel ../images/vmlinuz ip=${ip}::${next-server}:${netmask}
initrd ../images/initrd.img
boot
:local
exit
IPXE
chmod -R a+rX "$tmp"

netboot_link
# Option 209 only for a second MAC address.
netboot_dnsmasq "$t" \
	--dhcp-boot=pxelinux.0,,10.77.0.1 \
	--dhcp-mac=set:special,52:54:00:aa:bb:cc \
	--dhcp-mac=set:ipxe,52:54:00:bb:bb:bb \
	--dhcp-boot=tag:ipxe,scripts/boot.ipxe,,10.77.0.1 \
	--dhcp-option-force=tag:special,209,special/my.cfg

json=$(net --json hbcli0 2>"$tmp/err"); st=$?
is "$st" 0 "hopboot net exits 0" || diag_lines <"$tmp/err"
lease=$(cat "$tmp/net/hbcli0.lease" 2>/dev/null)
like "$lease" "ip=10.77.0.[5-9][0-9]" "the script wrote the lease"
like "$lease" "boot_file=pxelinux.0" "with the BOOTP file field"
like "$(netns_exec "$cli" ip -4 addr show hbcli0)" "inet 10.77.0." \
	"the address is configured"
is "$(jq -r '.devices[0].id + " " + .devices[0].type' <<<"$json")" \
	"net:52:54:00:12:34:56 network" "the network device"
is "$(jq -r '[.options[].title] | join(",")' <<<"$json")" \
	"Rescue from the included file,From the per-MAC file" \
	"the per-MAC file and its INCLUDE, not the decoy default"
is "$(opt "$json" "From the per-MAC file" .cmdline)" \
	"BOOT_IMAGE=images/vmlinuz console=ttyS0 hopboot.test=mine initrd=images/initrd.img" \
	"pxelinux's command line"
is "$(opt "$json" "From the per-MAC file" .kernel.url)" \
	"tftp://10.77.0.1/images/vmlinuz" "the kernel is a URL"
is "$(opt "$json" "From the per-MAC file" '.initrds[0].url')" \
	"tftp://10.77.0.1/images/initrd.img" "so is the initrd"
is "$(jq -r '.default' <<<"$json")" \
	"$(opt "$json" "From the per-MAC file" .id)" "DEFAULT mine is the default"
[ -f "$tmp/net/hbcli0/pxelinux.cfg/common.cfg" ] &&
	[ ! -e "$tmp/net/hbcli0/pxelinux.cfg/default" ] &&
	[ ! -e "$tmp/net/hbcli0/images/vmlinuz" ]
ok $? "only the configs read were fetched, not the decoy, not the kernel"

ip -n "$cli" link set hbcli0 address 52:54:00:aa:bb:cc
json=$(net --json hbcli0 2>"$tmp/err"); st=$?
is "$st" 0 "with option 209: exit 0" || diag_lines <"$tmp/err"
is "$(jq -r '[.options[].cmdline] | join(",")' <<<"$json")" \
	"BOOT_IMAGE=images/vmlinuz hopboot.test=option209" \
	"option 209 names the file; names stay relative to the prefix"

ip -n "$cli" link set hbcli0 address 52:54:00:bb:bb:bb
json=$(net --json hbcli0 2>"$tmp/err"); st=$?
is "$st" 0 "an iPXE script as the boot file: exit 0" || diag_lines <"$tmp/err"
ip=$(sed -n 's/^ip=//p' "$tmp/net/hbcli0.lease")
is "$(jq -r '[.options[] | .source + " " + .title + " " + .cmdline] | join(",")' <<<"$json")" \
	"ipxe Install (52-54-00-bb-bb-bb) ip=$ip::10.77.0.1:255.255.255.0" \
	"the iPXE menu's item that boots, with its settings expanded"
is "$(jq -r '.options[0].initrds[0].url' <<<"$json")" \
	"tftp://10.77.0.1/images/initrd.img" "its initrd, from the script's folder"

# Static ip= against the same server, with the lease kept: the lookup
# (no boot file: prefix "/") by MAC as before.
json=$(net --json --ip 10.77.0.7:10.77.0.1::255.255.255.0::hbcli0:off \
	hbcli0 2>"$tmp/err"); st=$?
is "$st" 0 "ip= static: exit 0" || diag_lines <"$tmp/err"
is "$(jq -r '[.options[].cmdline] | join(",")' <<<"$json")" \
	"BOOT_IMAGE=images/vmlinuz hopboot.test=decoy" \
	"ip=: no per-MAC file for this MAC, so pxelinux.cfg/default"

# The daemon does the same on its own threads: interfaces present at start
# (coldplug) and one that appears later (a uevent in the namespace).
ip -n "$cli" link set hbcli0 address 52:54:00:12:34:56
sock=$tmp/socket
has_device() { ctl list --json | jq -en "input | .devices[] | select(.id == \"$1\")"; }
netns_spawn "$cli" "$HB" discover --socket "$sock" --mnt-base "$tmp/mnt" \
	--devices no-disk-here --timeout -1 --net dhcp --net-ifaces 'hbcli*' \
	--net-dir "$tmp/dnet" --net-script "$PWD/build/udhcpc.script" \
	>"$tmp/daemon.log" 2>&1 </dev/null
daemon=$NETNS_PID
until_ok 30 has_device net:52:54:00:12:34:56
ok $? "the daemon lists the interface it configured" ||
	diag_lines <"$tmp/daemon.log"
# The device is listed from its lease on; its options join when the
# configs have been fetched.
has_options() { ctl list --json | jq -en 'input | .options | length > 0'; }
until_ok 30 has_options ||
	diag "after 30 s the daemon still listed no option from the boot server"
json=$(ctl list --json)
is "$(jq -r '[.options[].title] | join(",")' <<<"$json")" \
	"Rescue from the included file,From the per-MAC file" \
	"with the per-MAC file's options"
is "$(jq -r '.default' <<<"$json")" \
	"net:52:54:00:12:34:56:syslinux:mine" "and its default"
netns_link "$cli" hbcli1 "" "$srv" hbsrv1 ""
until_ok 30 has_device net:$(cat /sys/class/net/hbcli1/address 2>/dev/null ||
	netns_exec "$cli" cat /sys/class/net/hbcli1/address)
ok $? "an interface that appears later is configured too (uevent)"
like "$(ctl list --json | jq -r '.devices[] | select(.label == "hbcli1") |
	.errors[]')" "no DHCP lease on hbcli1" \
	"without a DHCP server there, it says so"
ctl stop >/dev/null
kill "$daemon" 2>/dev/null

# No DHCP server: a bounded wait and sentences.
kill "$dnsmasq_pid" 2>/dev/null
wait "$dnsmasq_pid" 2>/dev/null
start=$SECONDS
json=$(net --json hbcli0 2>"$tmp/err"); st=$?
is "$st" 1 "no server: exit 1"
like "$(cat "$tmp/err")" "no DHCP lease on hbcli0: no server answered" \
	"says no server answered"
like "$(jq -r '.devices[0].errors[0]' <<<"$json")" "has no DHCP lease" \
	"the device carries the error"
[ $((SECONDS - start)) -lt 30 ]
ok $? "and gives up (bounded by udhcpc -t/-T)"

done_testing
