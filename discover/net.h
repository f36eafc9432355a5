/* net.h - network boot: a lease on an interface, and its boot options.
 *
 * DHCP is busybox udhcpc with hopboot's script (build/udhcpc.script,
 * installed as NET_SCRIPT), which configures the interface and writes the
 * lease to <dir>/<IF>.lease; a static ip= runs the same script by hand.
 * The options come from pxelinux's lookup on the boot server (GRUB's for
 * a GRUB core image, an iPXE script's for a .ipxe boot file): the files
 * found are fetched into the cache <dir>/<IF>/, which mirrors the server's
 * paths, and read from there (doc/network.md).
 */
#ifndef HOPBOOT_NET_H
#define HOPBOOT_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "lease.h"

#define NET_DIR "/run/hopboot/net"
#define NET_SCRIPT "/usr/share/hopboot/udhcpc.script"
/* udhcpc: 3 DISCOVERs 2 s apart, then it gives up (-n). */
#define NET_DHCP_TRIES 3
#define NET_DHCP_WAIT_S 2
/* Whatever udhcpc does, it is killed after this long. */
#define NET_DHCP_LIMIT_MS 20000
/* Config files fetched for one interface, and the time they may take. */
#define NET_FETCH_MAX 64
#define NET_FETCH_BUDGET_MS 30000

struct option_set;

struct net_conf {
	const char *dir;	/* NET_DIR */
	const char *script;	/* NET_SCRIPT */
};

/* True for interfaces worth a DHCP request: not loopback, Ethernet-like
 * (ARP type 1), with a device behind it (not a bridge, bond or veth of the
 * running system: /sys/class/net/IF/device exists) unless any is true. */
bool net_wanted(const char *iface, bool any);

/* Brings iface up and runs udhcpc on it, waiting at most
 * NET_DHCP_LIMIT_MS. Returns 0 once the lease file is written, or -1 with
 * a sentence in err. */
int net_dhcp(const char *iface, const struct net_conf *c, char *err,
	     size_t errlen);

/* Configures a static address (ip=) through the same script. Returns 0 or
 * -1 with a sentence in err. */
int net_static(const struct net_lease *l, const struct net_conf *c,
	       char *err, size_t errlen);

/* Adds iface's network device and its options to set: reads the lease,
 * and with fetch, empties the cache and fills it from the server first;
 * without, reads only what the cache holds (a rebuild). Problems become
 * sentences in the device's errors. Returns 0 or -ENOMEM. */
int net_add_device(struct option_set *set, const char *iface,
		   const struct net_conf *c, bool fetch);

/* Removes a folder of fetched files and everything in it (bounded depth,
 * symbolic links not followed). */
void net_remove_tree(const char *path);
/* mkdir -p of the folders of path (a "/"-rooted name) inside root.
 * Returns 0 or -errno. */
int net_make_parents(const char *root, const char *path);

/* net_daemon.c: the discover daemon's interfaces (discover.c, devices.c
 * and snapshot.c call these; all run on the daemon's thread). */
struct daemon;
struct net_daemon_opts {
	const char *mode;	/* "off" or "dhcp" (hopboot.net=) */
	const char *ip;		/* the kernel's ip=, or NULL */
	const char *dir;	/* NET_DIR when NULL */
	const char *script;	/* NET_SCRIPT when NULL */
	const char *ifaces;	/* comma-separated globs: only these, device
				 * or not; NULL: every one net_wanted() takes */
};
/* Returns 0 or -errno. */
int daemon_net_setup(struct daemon *d, const struct net_daemon_opts *o);
/* The fd the poll loop watches for finished jobs; -1 when off. */
int daemon_net_fd(void);
void daemon_net_read(struct daemon *d);
/* Every interface present now, and one that appeared (uevent). */
void daemon_net_coldplug(struct daemon *d);
void daemon_net_added(struct daemon *d, const char *iface);
/* True while an interface is still being configured and no disk has a
 * bootable option: the countdown waits only then. */
bool daemon_net_pending(const struct daemon *d);
/* Adds the configured interfaces' devices and options to a rebuild.
 * Returns 0 or -ENOMEM. */
int daemon_net_add(struct option_set *set);

#endif
