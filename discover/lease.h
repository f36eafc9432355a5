/* lease.h - a DHCP lease as hopboot's udhcpc script writes it, and ip=.
 *
 * build/udhcpc.script writes /run/hopboot/net/IF.lease as key=value lines
 * (doc/network.md); lease_parse() reads one into fixed-size fields, so a
 * lease owns no memory. Both readers are pure: bytes in, struct out.
 */
#ifndef HOPBOOT_LEASE_H
#define HOPBOOT_LEASE_H

#include <stdbool.h>
#include <stddef.h>

#define LEASE_STR_MAX 256

struct net_lease {
	char iface[16];
	char mac[18];		/* "52:54:00:12:34:56", lower case */
	char ip[16], mask[16], router[16], dns[16];	/* dotted IPv4 */
	char siaddr[16];	/* BOOTP next-server */
	char serverid[16];	/* option 54 */
	char hostname[64];
	char tftp[LEASE_STR_MAX];	/* option 66: TFTP server name */
	char bootfile[LEASE_STR_MAX];	/* option 67 */
	char boot_file[LEASE_STR_MAX];	/* the BOOTP file field */
	char conffile[LEASE_STR_MAX];	/* option 209: pxelinux config */
	char pathprefix[LEASE_STR_MAX];	/* option 210: pxelinux prefix */
};

/* Reads a lease file's bytes (need not be NUL-terminated). Unknown keys,
 * and values that are not what their key needs (an address that is not
 * dotted IPv4, a string with control characters) are ignored. Returns 0,
 * or -EINVAL when the lease holds no client address. */
int lease_parse(const char *buf, size_t len, struct net_lease *l);

/* The server to fetch boot files from: option 66 when it is a dotted
 * address, else siaddr unless it is 0.0.0.0, else the DHCP server. NULL
 * when there is none. */
const char *lease_server(const struct net_lease *l);
/* True when the server offered anything to boot: a boot file (BOOTP field
 * or option 67), option 66, 209 or 210, or a next-server (siaddr) other
 * than 0.0.0.0. A home router's lease offers none of these. */
bool lease_offers_boot(const struct net_lease *l);
/* The boot file as PXE firmware would have loaded it: the BOOTP file
 * field, else option 67; "" when neither was given. */
const char *lease_boot_file(const struct net_lease *l);

enum lease_ip_mode {
	LEASE_IP_DHCP,		/* ip= absent, "dhcp", "on", "any", "bootp" */
	LEASE_IP_OFF,		/* "off", "none" */
	LEASE_IP_STATIC,	/* a client address was given */
};

/* The kernel's ip= syntax (Documentation/admin-guide/nfs/nfsroot.rst):
 * ip=<client>:<server>:<gw>:<netmask>:<host>:<dev>:<autoconf>[:<dns0>...]
 * or one of the words above. Fills l->ip, siaddr, router, mask, hostname,
 * iface and dns for a static address; iface is also set for "::::eth0:dhcp".
 * Returns the mode, or -EINVAL with a sentence in err. */
int lease_parse_ip_arg(const char *arg, struct net_lease *l, char *err,
		       size_t errlen);

#endif
