/* net_cmd.c - hopboot net: the boot options a network interface is offered.
 *
 * usage: hopboot net [--json] [--debug] [--dir DIR] [--script FILE]
 *                    [--ip ARG | --no-dhcp] IF
 *
 * Brings IF up, asks for a DHCP lease with busybox udhcpc and hopboot's
 * script (--script, default /usr/share/hopboot/udhcpc.script; udhcpc must
 * be in PATH), or configures the static address of --ip (the kernel's
 * ip=<client>:<server>:<gw>:<netmask>:<host>:<dev>:<autoconf> syntax), or
 * with --no-dhcp uses the lease already in DIR. Then it looks for a
 * pxelinux configuration on the boot server in pxelinux 6.04's order,
 * fetching what it finds (and what that INCLUDEs) over TFTP into DIR/IF/,
 * and lists the options as 'hopboot scan' does; --json as doc/protocol.md
 * describes. DIR defaults to /run/hopboot/net. The daemon does the same for
 * every interface when hopboot.net=dhcp (doc/network.md).
 *
 * Exit status as for scan: 1 when a lease failed, a configuration could
 * not be read or an entry meant to boot a kernel cannot (listed), 0
 * otherwise (entries kexec cannot start by nature are listed as such), 2
 * bad usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "lease.h"
#include "log.h"
#include "net.h"
#include "option.h"

static void usage(FILE *f)
{
	fputs("usage: hopboot net [--json] [--debug] [--dir DIR] "
	      "[--script FILE]\n"
	      "                   [--ip ARG | --no-dhcp] IF\n"
	      "List the boot options the boot server offers on interface "
	      "IF (pxelinux).\n"
	      "  --json      print the device and options as JSON "
	      "(doc/protocol.md)\n"
	      "  --dir DIR   leases and fetched files (/run/hopboot/net)\n"
	      "  --script F  udhcpc's script (" NET_SCRIPT ")\n"
	      "  --ip ARG    a static address, as the kernel's ip=\n"
	      "  --no-dhcp   use the lease already in DIR\n"
	      "Exit status: 1 something bootable could not be read (listed),\n"
	      "0 otherwise, 2 bad usage.\n",
	      f);
}

int net_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "debug", no_argument, NULL, 'd' },
		{ "dir", required_argument, NULL, 'D' },
		{ "script", required_argument, NULL, 's' },
		{ "ip", required_argument, NULL, 'i' },
		{ "no-dhcp", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct net_conf conf = { .dir = NET_DIR, .script = NET_SCRIPT };
	const char *ip = NULL, *iface;
	bool json = false, dhcp = true;
	struct option_set *set;
	char err[512];
	int c, status = 0;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'd':
			log_debug_enabled = 1;
			break;
		case 'D':
			conf.dir = optarg;
			break;
		case 's':
			conf.script = optarg;
			break;
		case 'i':
			ip = optarg;
			break;
		case 'n':
			dhcp = false;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	iface = argv[optind];
	if (ip) {
		struct net_lease l;
		int mode = lease_parse_ip_arg(ip, &l, err, sizeof(err));

		if (mode < 0) {
			log_error("%s", err);
			return 2;
		}
		if (l.iface[0] && strcmp(l.iface, iface)) {
			log_error("--ip names the interface %s, not %s; give "
				  "the same one twice, or leave <dev> empty",
				  l.iface, iface);
			return 2;
		}
		snprintf(l.iface, sizeof(l.iface), "%s", iface);
		if (mode == LEASE_IP_STATIC) {
			dhcp = false;
			if (net_static(&l, &conf, err, sizeof(err)) < 0) {
				log_error("%s", err);
				status = 1;
			}
		} else if (mode == LEASE_IP_OFF) {
			dhcp = false;
		}
	}
	if (dhcp && net_dhcp(iface, &conf, err, sizeof(err)) < 0) {
		log_error("%s", err);
		status = 1;
	}
	set = option_set_new();
	if (!set || net_add_device(set, iface, &conf, true) < 0) {
		log_error("out of memory");
		option_set_free(set);
		return 1;
	}
	option_set_resolve_default(set);
	/* As for scan: entries kexec cannot start by nature are no failure. */
	if (option_set_failed(set))
		status = 1;
	if (json)
		option_set_write_json(set, stdout);
	else
		option_set_write_text(set, stdout);
	option_set_free(set);
	return status;
}
