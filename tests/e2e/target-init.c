/* target-init.c - /init of the e2e target initrds: report, then power off. */
/*
 * The kernel that hopboot kexecs in the QEMU tests boots this as PID 1. It
 * prints two lines on the console that the test harness greps for:
 *
 *   HOPBOOT-TARGET cmdline=<contents of /proc/cmdline>
 *   HOPBOOT-TARGET initrds=a,b last=b
 *
 * initrd A carries /init, /marker-a and /order ("a"); initrd B carries
 * /marker-b and /order ("b"). The kernel unpacks concatenated archives in
 * order, so the markers say which initrds arrived and /order says which one
 * was unpacked last. Then it powers the machine off so QEMU exits at once.
 *
 * Built with musl-gcc -static -Os, so it runs in an initramfs that holds
 * nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

/* Enough for any kernel command line (COMMAND_LINE_SIZE is 2048 on x86). */
#define BUF_MAX 4096

static int console = -1;

static void say(const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(console, s, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

/*
 * The initrd ships a /dev/console node, which the kernel already opened as
 * fds 0-2. Open it again explicitly in case it did not, and fall back to a
 * devtmpfs so a missing node does not make the test silent.
 */
static void open_console(void)
{
	console = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (console >= 0)
		return;
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	console = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (console < 0)
		console = 1;
}

/* Read a small file into buf, stripping one trailing newline; 0 or -1. */
static int slurp(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (len + 1 < size) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return 0;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int main(void)
{
	static char cmdline[BUF_MAX], line[BUF_MAX + 64], order[64];
	char initrds[16] = "";

	open_console();
	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", 0, NULL) < 0 && errno != EBUSY)
		say("HOPBOOT-TARGET error: cannot mount /proc\n");

	if (slurp("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		strcpy(cmdline, "<unreadable>");
	snprintf(line, sizeof(line), "HOPBOOT-TARGET cmdline=%s\n", cmdline);
	say(line);

	/* List the markers in archive order: "a", "b", "a,b", or "none". */
	if (exists("/marker-a"))
		strcat(initrds, "a");
	if (exists("/marker-b"))
		strcat(initrds, initrds[0] ? ",b" : "b");
	if (!initrds[0])
		strcpy(initrds, "none");
	if (slurp("/order", order, sizeof(order)) < 0)
		strcpy(order, "none");
	snprintf(line, sizeof(line), "HOPBOOT-TARGET initrds=%s last=%s\n",
		 initrds, order);
	say(line);

	sync();
	reboot(RB_POWER_OFF);
	/* PID 1 must not exit (the kernel would panic); wait to be killed. */
	for (;;)
		pause();
}
