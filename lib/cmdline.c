/* cmdline.c - kernel command line words, quoted as the kernel quotes them. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"

/* Splits the next word at *p into [*ws, *we), honouring double quotes the
 * way the kernel's next_arg() does. Returns false at the end. */
static bool next_word(const char **p, const char **ws, const char **we)
{
	const char *s = *p;
	bool quoted = false;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s)
		return false;
	*ws = s;
	for (; *s; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted && (*s == ' ' || *s == '\t' || *s == '\n'))
			break;
	}
	*we = s;
	*p = s;
	return true;
}

static void copy_unquoted(const char *s, const char *e, char *buf, size_t size)
{
	size_t n = 0;

	for (; s < e && n + 1 < size; s++)
		if (*s != '"')
			buf[n++] = *s;
	buf[n] = '\0';
}

bool cmdline_get(const char *line, const char *key, char *buf, size_t size)
{
	const char *p = line, *ws, *we;
	size_t klen = strlen(key);
	bool found = false;

	while (next_word(&p, &ws, &we)) {
		if ((size_t)(we - ws) > klen && !strncmp(ws, key, klen) &&
		    ws[klen] == '=') {
			copy_unquoted(ws + klen + 1, we, buf, size);
			found = true;
		}
	}
	return found;
}

bool cmdline_flag(const char *line, const char *key)
{
	const char *p = line, *ws, *we;
	size_t klen = strlen(key);
	char val[16];
	bool on = false;

	while (next_word(&p, &ws, &we)) {
		if ((size_t)(we - ws) == klen && !strncmp(ws, key, klen))
			on = true;
	}
	if (cmdline_get(line, key, val, sizeof(val)))
		on = !strcmp(val, "1") || !strcmp(val, "yes") ||
		     !strcmp(val, "on") || !strcmp(val, "true");
	return on;
}

int cmdline_read_proc(char *buf, size_t size)
{
	ssize_t n;
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

bool cmdline_next_word(const char **p, const char **ws, const char **we)
{
	return next_word(p, ws, we);
}
