/* console.c - which terminals the kernel gave us, and where menus go. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "init.h"
#include "log.h"

#define ACTIVE "/sys/class/tty/console/active"

int init_read_active(char *buf, size_t size)
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
	if (init_read_active(buf, sizeof(buf)) < 0 || !buf[0])
		return "/dev/console";
	last = strrchr(buf, ' ');
	if (snprintf(tty, sizeof(tty), "/dev/%s", last ? last + 1 : buf) >=
	    (int)sizeof(tty))
		return "/dev/console";
	return tty;
}

/* A name under /dev with nothing that could walk out of it. */
static bool plain_name(const char *s, size_t n)
{
	if (!n || n >= INIT_TTY_NAME || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

int init_console_list(const char *active, const char *opt,
		      char names[][INIT_TTY_NAME], int max)
{
	const char *s = opt && *opt ? opt : active ? active : "";
	const char *seps = opt && *opt ? "," : " \t";
	int n = 0;

	while (*s && n < max) {
		size_t len = strcspn(s, seps);
		const char *w = s;
		bool dup = false;

		s += len;
		s += strspn(s, seps);
		if (len > 5 && !strncmp(w, "/dev/", 5)) {
			w += 5;
			len -= 5;
		}
		if (!plain_name(w, len))
			continue;
		/* tty0 is "the current virtual terminal": draw on the first,
		 * which is the one shown after boot. */
		if (len == 4 && !strncmp(w, "tty0", 4)) {
			w = "tty1";
			len = 4;
		}
		for (int i = 0; i < n; i++)
			dup |= strlen(names[i]) == len &&
			       !strncmp(names[i], w, len);
		if (dup)
			continue;
		memcpy(names[n], w, len);
		names[n++][len] = '\0';
	}
	return n;
}

void init_log_consoles(void)
{
	char buf[256];

	if (init_read_active(buf, sizeof(buf)) == 0 && buf[0])
		log_debug("consoles: %s", buf);
}
