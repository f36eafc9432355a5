#!/bin/bash
# scripting.sh - functions, if/elif, loops, regexp, positional parameters and test, probed in one boot.
#
# Usage: tests/oracle/grub2/scripting.sh [--record | --disk-only IMAGE]
#
# One partition. grub.cfg runs a battery of script features and puts each
# result in the default entry's command line: `bits` holds one digit per
# test/[ case (1 = true), the rest name what loops, functions, regexp and
# word splitting produced. The entries are made in a loop with the kernel
# version as an extra argument ($2), and the default is picked by title.
# One boot of real GRUB thus pins dozens of rules. See lib.sh.
set -eu

. "$(dirname "$0")/lib.sh"

G2O_GRUBDIR=boot
G2O_PARTS=1

g2o_stage()
{
	local p1=$1

	g2o_stage_boot_files "$p1/boot"
	mkdir -p "$p1/boot/grub"
	g2o_grubenv "$p1/boot/grub/grubenv" "kopts=quiet  loglevel=3"
	cat >"$p1/boot/grub/grub.cfg" <<-'CFG'
	set timeout=0
	load_env kopts
	set empty=
	set two="x  y"
	function bit {
	  if "$@"; then bits="${bits}1"; else bits="${bits}0"; fi
	}
	bits=
	bit [ "$empty" ]
	bit [ $empty = 1 ]
	bit [ -z "$empty" ]
	bit [ -n "$empty" ]
	bit [ -z $empty ]
	bit [ "$two" = "x  y" ]
	bit [ $two = "x y" ]
	bit [ 10 -gt 9 ]
	bit [ abc \< abd ]
	bit [ 0x10 -eq 16 ]
	bit [ "(" 1 = 2 ")" -o 3 = 3 ]
	bit [ ! 1 = 2 ]
	bit [ 1 = 1 -a 2 = 3 ]
	bit test -f /boot/grub/grub.cfg
	bit test -d /boot
	bit test -e /nonexistent
	bit test -s /boot/grub/grubenv
	bit regexp 'grub\.(cfg|env)$' grub.cfg
	bit false
	bit true
	bit [ ]
	bit [ "" ]
	bit [ x"$empty" = x ]
	bit [ vmlinuz-6.10 -pgt vmlinuz-6.9 ]
	function count {
	  n=$#
	  first=$1
	  shift
	  second="$1"
	}
	count a "b c" d
	list=
	for k in one two three; do
	  if [ $k = two ]; then continue; fi
	  list="${list}$k,"
	done
	list2=
	for k in a b c d; do
	  if [ $k = c ]; then break; fi
	  list2="${list2}$k"
	done
	function ret3 { return 3; }
	ret3
	rc=$?
	i=
	while [ "$i" != xxx ]; do i="${i}x"; done
	j=
	until [ "$j" = yy ]; do j="${j}y"; done
	regexp --set=1:maj --set=2:min '^([0-9]+)\.([0-9]+)' "6.1.0-1"
	regexp --set=word '([a-z]+)-[0-9]' "abc-123"
	if [ "$maj" = 7 ]; then
	  branch=first
	elif [ "$maj" = 6 ]; then
	  branch=second
	else
	  branch=third
	fi
	for kv in old KVER; do
	  menuentry "Linux $kv" --class os "$kv" {
	    linux /boot/vmlinuz-$2 console=ttyS0 bits=$bits n=$n first=$first second=$second list=$list list2=$list2 rc=$rc i=$i j=$j maj=$maj min=$min word=$word esc=CentOS\x207 branch=$branch "q=a b" 'sq=c"d' back=e\\f $two "$two" x$empty""y hat=$1 $kopts "$kopts"
	    initrd /boot/initrd-a.img /boot/initrd-b.img
	  }
	done
	set default="Linux KVER"
	CFG
	sed -i "s/KVER/$E2E_DISK_KVER/g" "$p1/boot/grub/grub.cfg"
}

g2o_main scripting "$@"
