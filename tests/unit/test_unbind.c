/* test_unbind.c - unbinding a driver's devices, on a fake /sys/bus. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/unbind.h"
#include "tap.h"

static char root[] = "/tmp/test_unbind.XXXXXX";

static void mk(const char *rel, int kind)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (kind == 'd')
		mkdir(path, 0755);
	else if (kind == 'f')
		close(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	else
		symlink("../../../../devices/fake", path);
}

/* What was written to a driver's unbind file, one name per write. */
static const char *written(const char *rel)
{
	static char buf[512];
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/unbind", root, rel);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

int main(void)
{
	char msg[256];

	if (!mkdtemp(root))
		skip_all("cannot create a folder in /tmp");
	mk("pci", 'd');
	mk("pci/drivers", 'd');
	mk("pci/drivers/xhci_hcd", 'd');
	mk("pci/drivers/xhci_hcd/unbind", 'f');
	mk("pci/drivers/xhci_hcd/bind", 'f');
	mk("pci/drivers/xhci_hcd/uevent", 'f');
	mk("pci/drivers/xhci_hcd/module", 'l');
	mk("pci/drivers/xhci_hcd/0000:00:14.0", 'l');
	mk("pci/drivers/e1000e", 'd');
	mk("pci/drivers/e1000e/unbind", 'f');
	mk("usb", 'd');
	mk("usb/drivers", 'd');
	mk("usb/drivers/xhci_hcd", 'd');	/* same name, other bus */
	mk("usb/drivers/xhci_hcd/unbind", 'f');
	mk("usb/drivers/xhci_hcd/usb1", 'l');
	mk("platform", 'd');			/* a bus without drivers/ */

	check_int(unbind_driver(root, "xhci_hcd", msg, sizeof(msg)), ==, 2);
	check_str(written("pci/drivers/xhci_hcd"), "0000:00:14.0");
	check_str(written("usb/drivers/xhci_hcd"), "usb1");
	check_int(unbind_driver(root, "e1000e", msg, sizeof(msg)), ==, 0);
	check_str(written("pci/drivers/e1000e"), "");
	check_int(unbind_driver(root, "nouveau", msg, sizeof(msg)), ==, 0);

	check_int(unbind_driver(root, "../../etc", msg, sizeof(msg)), ==,
		  -EINVAL);
	ok(strstr(msg, "not a driver name") != NULL, "a path is refused: %s",
	   msg);
	check_int(unbind_driver(root, "..", msg, sizeof(msg)), ==, -EINVAL);

	/* The list form PID 1 reads from hopboot.unbind=. */
	mk("pci/drivers/xhci_hcd/unbind", 'f');
	mk("usb/drivers/xhci_hcd/unbind", 'f');
	check_int(unbind_drivers(root, "e1000e,xhci_hcd,,nouveau", msg,
				 sizeof(msg)), ==, 2);
	check_str(written("pci/drivers/xhci_hcd"), "0000:00:14.0");
	check_int(unbind_drivers(root, "xhci_hcd,a/b", msg, sizeof(msg)),
		  ==, -EINVAL);

	/* A device the kernel will not let go of stops the list. */
	mk("pci/drivers/e1000e/unbind", 'f');
	mk("pci/drivers/e1000e/0000:00:19.0", 'l');
	{
		char path[512];

		snprintf(path, sizeof(path), "%s/pci/drivers/e1000e/unbind",
			 root);
		unlink(path);
	}
	check_int(unbind_driver(root, "e1000e", msg, sizeof(msg)), <, 0);
	ok(strstr(msg, "0000:00:19.0") != NULL, "the device is named: %s",
	   msg);

	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd) != 0)
			diag("could not remove %s", root);
	}
	return done_testing();
}
