/* uevent.c - the kernel's uevents for disks and network interfaces. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "uevent.h"

/* Group 1 carries the kernel's own events (udev re-broadcasts on 2). */
#define KERNEL_GROUP 1

int uevent_open(void)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = KERNEL_GROUP,
	};
	int fd, size = 1 << 20;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_KOBJECT_UEVENT);
	if (fd < 0)
		return -errno;
	/* A burst (a USB hub with many disks) must not overflow the queue. */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int uevent_read(int fd, struct uevent *ev)
{
	char buf[8192];
	struct sockaddr_nl from;
	socklen_t fromlen = sizeof(from);
	const char *subsystem = NULL, *action = NULL, *name = NULL;
	const char *iface = NULL;
	bool net;
	ssize_t n;

	n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from,
		     &fromlen);
	if (n < 0)
		return -errno;
	/* Only the kernel (port 0) may tell us about devices. */
	if (from.nl_pid != 0)
		return 0;
	buf[n] = '\0';
	/* "ACTION@DEVPATH\0KEY=value\0KEY=value\0..." */
	for (char *p = buf + strlen(buf) + 1; p < buf + n; p += strlen(p) + 1) {
		if (!strncmp(p, "SUBSYSTEM=", 10))
			subsystem = p + 10;
		else if (!strncmp(p, "ACTION=", 7))
			action = p + 7;
		else if (!strncmp(p, "DEVNAME=", 8))
			name = p + 8;
		else if (!strncmp(p, "INTERFACE=", 10))
			iface = p + 10;
	}
	/* Network interfaces have no node: their name is INTERFACE. */
	net = subsystem && !strcmp(subsystem, "net");
	if (net)
		name = iface;
	if (!subsystem || (strcmp(subsystem, "block") && !net) || !action ||
	    !name || strlen(name) >= sizeof(ev->name) || strchr(name, '/'))
		return 0;
	memset(ev, 0, sizeof(*ev));
	strcpy(ev->name, name);
	ev->net = net;
	ev->action = !strcmp(action, "add") ? UEVENT_ADD :
		     !strcmp(action, "remove") ? UEVENT_REMOVE :
		     !strcmp(action, "change") ? UEVENT_CHANGE : UEVENT_OTHER;
	return 1;
}
