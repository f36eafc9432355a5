/* console.c - which terminals the kernel gave us. */
#include <stdio.h>
#include <string.h>

#include "init.h"
#include "log.h"

#define ACTIVE "/sys/class/tty/console/active"

static int read_active(char *buf, size_t size)
{
	FILE *f = fopen(ACTIVE, "re");

	buf[0] = '\0';
	if (!f)
		return -1;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

const char *init_shell_tty(void)
{
	static char tty[64];
	char buf[256];
	char *last;

	/* The kernel lists the consoles with /dev/console's own last; a
	 * shell needs that real terminal to have job control. */
	if (read_active(buf, sizeof(buf)) < 0 || !buf[0])
		return "/dev/console";
	last = strrchr(buf, ' ');
	if (snprintf(tty, sizeof(tty), "/dev/%s", last ? last + 1 : buf) >=
	    (int)sizeof(tty))
		return "/dev/console";
	return tty;
}

void init_log_consoles(void)
{
	char buf[256];

	if (read_active(buf, sizeof(buf)) == 0 && buf[0])
		log_debug("consoles: %s", buf);
}
