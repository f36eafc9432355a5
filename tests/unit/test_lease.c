/* test_lease.c - the lease udhcpc's script writes, and the kernel's ip=. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/lease.h"
#include "tap.h"

static int parse(const char *s, struct net_lease *l)
{
	return lease_parse(s, strlen(s), l);
}

int main(void)
{
	struct net_lease l;
	char err[256] = "";
	/* What build/udhcpc.script writes for QEMU's user network. */
	const char *qemu =
		"interface=eth0\nmac=52:54:00:12:34:56\nip=10.0.2.15\n"
		"subnet=255.255.255.0\nrouter=10.0.2.2\ndns=10.0.2.3\n"
		"siaddr=10.0.2.2\nserverid=10.0.2.2\nboot_file=/pxelinux.0\n"
		"tftp=\nbootfile=\npxeconffile=\npxepathprefix=\n";

	ok(parse(qemu, &l) == 0, "QEMU's lease reads");
	check_str(l.iface, "eth0");
	check_str(l.mac, "52:54:00:12:34:56");
	check_str(l.ip, "10.0.2.15");
	check_str(l.mask, "255.255.255.0");
	check_str(l.router, "10.0.2.2");
	check_str(lease_server(&l), "10.0.2.2");
	check_str(lease_boot_file(&l), "/pxelinux.0");

	ok(parse("ip=10.0.0.9\nrouter=10.0.0.1 10.0.0.254\n"
		 "dns=10.0.0.53 10.0.0.54\nsiaddr=0.0.0.0\n"
		 "serverid=10.0.0.1\nbootfile=boot/pxelinux.0\n"
		 "opt209=6d792e63666700\nopt210=2f74667470626f6f742f\n", &l) == 0,
	   "dnsmasq-style lease with hex options reads");
	check_str(l.router, "10.0.0.1");
	check_str(l.dns, "10.0.0.53");
	check_str(lease_server(&l), "10.0.0.1");
	check_str(lease_boot_file(&l), "boot/pxelinux.0");
	check_str(l.conffile, "my.cfg");
	check_str(l.pathprefix, "/tftpboot/");

	ok(parse("ip=10.0.0.9\npxeconffile=a.cfg\nopt209=\n", &l) == 0 &&
	   !strcmp(l.conffile, "a.cfg"), "an empty key undoes nothing");
	ok(parse("ip=10.0.0.9\ntftp=10.0.0.7\nsiaddr=10.0.0.8\n", &l) == 0 &&
	   !strcmp(lease_server(&l), "10.0.0.7"), "option 66 as an address wins");
	ok(parse("ip=10.0.0.9\ntftp=boot.example\nsiaddr=10.0.0.8\n", &l) == 0 &&
	   !strcmp(lease_server(&l), "10.0.0.8"), "option 66 as a name does not");
	ok(parse("ip=10.0.0.9\n", &l) == 0 && !lease_server(&l),
	   "no server at all");
	ok(!lease_offers_boot(&l), "and nothing to boot");
	ok(parse("ip=10.0.0.9\nserverid=10.0.0.1\nsiaddr=0.0.0.0\n", &l) == 0 &&
	   !lease_offers_boot(&l), "a home router's lease offers no boot");
	ok(parse("ip=10.0.0.9\nsiaddr=10.0.0.8\n", &l) == 0 &&
	   lease_offers_boot(&l), "a next-server does");
	ok(parse("ip=10.0.0.9\nopt209=61\n", &l) == 0 &&
	   lease_offers_boot(&l), "so does option 209");

	ok(parse("ip=10.0.0.300\nrouter=x\n", &l) == -EINVAL,
	   "a bad address is no address");
	ok(parse("", &l) == -EINVAL, "empty lease");
	ok(parse("ip=10.0.0.9\nhostname=a\tb\nmac=52:54:00:12:34\n"
		 "opt209=zz\nopt210=414\n=x\nnoequals\n", &l) == 0,
	   "junk is ignored");
	check_str(l.hostname, "");
	check_str(l.mac, "");
	check_str(l.conffile, "");
	check_str(l.pathprefix, "");
	ok(parse("ip=10.0.0.9\nopt209=610a62\n", &l) == 0 &&
	   !l.conffile[0], "a control character in a hex option");
	ok(lease_parse("ip=10.0.0.9\0\nbootfile=x", 23, &l) == 0 &&
	   !strcmp(l.bootfile, "x"), "a NUL ends a line's value");
	ok(lease_parse("ip=10.0.0.9", 6, &l) == -EINVAL,
	   "length is honoured");

	{
		/* Found by fuzz_lease: an address on the last line, with no
		 * NUL after the buffer, was searched past its end (ASan in
		 * make check SANITIZE=1 sees it). */
		static const char text[] = "ip=10.0.0.9\nrouter=10.0.0.1";
		char *exact = malloc(sizeof(text) - 1);

		if (!exact)
			return 1;
		memcpy(exact, text, sizeof(text) - 1);
		ok(lease_parse(exact, sizeof(text) - 1, &l) == 0 &&
		   !strcmp(l.router, "10.0.0.1"), "last line without a NUL");
		free(exact);
	}

	check_int(lease_parse_ip_arg("dhcp", &l, err, sizeof(err)), ==,
		  LEASE_IP_DHCP);
	check_int(lease_parse_ip_arg("off", &l, err, sizeof(err)), ==,
		  LEASE_IP_OFF);
	check_int(lease_parse_ip_arg("10.0.0.5:10.0.0.1:10.0.0.254:"
				     "255.255.0.0:box:eth1:off:10.0.0.53",
				     &l, err, sizeof(err)), ==, LEASE_IP_STATIC);
	check_str(l.ip, "10.0.0.5");
	check_str(l.siaddr, "10.0.0.1");
	check_str(l.router, "10.0.0.254");
	check_str(l.mask, "255.255.0.0");
	check_str(l.hostname, "box");
	check_str(l.iface, "eth1");
	check_str(l.dns, "10.0.0.53");
	check_int(lease_parse_ip_arg("10.0.0.5::::::", &l, err, sizeof(err)),
		  ==, LEASE_IP_STATIC);
	check_str(l.mask, "255.255.255.0");
	check_int(lease_parse_ip_arg(":::::eth2:dhcp", &l, err, sizeof(err)),
		  ==, LEASE_IP_DHCP);
	check_str(l.iface, "eth2");
	check_int(lease_parse_ip_arg("fe80::1", &l, err, sizeof(err)), ==,
		  -EINVAL);
	ok(strstr(err, "IPv6") != NULL, "IPv6 is named: %s", err);
	check_int(lease_parse_ip_arg(":::::eth0:off", &l, err, sizeof(err)),
		  ==, -EINVAL);
	ok(strstr(err, "ip=dhcp") != NULL, "says what to do: %s", err);
	return done_testing();
}
