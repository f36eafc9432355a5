/* uevent.h - block device and network interface events, without udev. */
#ifndef HOPBOOT_UEVENT_H
#define HOPBOOT_UEVENT_H

#include <stdbool.h>

enum uevent_action {
	UEVENT_OTHER,
	UEVENT_ADD,
	UEVENT_REMOVE,
	UEVENT_CHANGE,	/* media or size changed: loop attach, CD insert */
};

struct uevent {
	enum uevent_action action;
	char name[64];		/* DEVNAME: "sda1"; INTERFACE: "eth0" */
	bool net;		/* a network interface, not a block device */
};

/* Opens the kernel's uevent netlink socket, non-blocking. Returns the fd
 * or -errno. */
int uevent_open(void);

/* Reads one message. Returns 1 with *ev filled for a block device event,
 * 0 for a message to ignore, -EAGAIN when none is waiting, or -errno. */
int uevent_read(int fd, struct uevent *ev);

#endif
