/* log.c - messages to stderr, and to the kernel log when PID 1 asks. */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "log.h"

const char *log_prog = "hopboot";
int log_debug_enabled;
int log_kmsg_fd = -1;
int log_console_level;

/* The attribute lets -Wformat=2 check callers, not this forwarding call. */
__attribute__((format(printf, 2, 0)))
static void vlog(int level, const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (log_kmsg_fd >= 0) {
		/* One write is one kernel log record; <N> is its level. */
		dprintf(log_kmsg_fd, "<%d>%s: %.*s\n", level, log_prog, n, line);
		/* The kernel prints records below its console level on
		 * every console itself; printing them again would double. */
		if (level < log_console_level)
			return;
	}
	fprintf(stderr, "%s: %.*s\n", log_prog, n, line);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(3, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(5, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_debug_enabled)
		return;
	va_start(ap, fmt);
	vlog(7, fmt, ap);
	va_end(ap);
}
