/* test_init_consoles.c - which consoles get a menu, and respawn backoff. */
#include "tap.h"
#include "init/init.h"

static char names[8][INIT_TTY_NAME];

static int list(const char *active, const char *opt)
{
	memset(names, 0, sizeof(names));
	return init_console_list(active, opt, names, 8);
}

int main(void)
{
	struct init_child c = { 0 };

	/* The kernel's list: tty0 means the VT in front, which is tty1. */
	check_int(list("ttyS0 tty0", NULL), ==, 2);
	check_str(names[0], "ttyS0");
	check_str(names[1], "tty1");
	/* hopboot.console= wins, commas, /dev/ dropped, repeats once. */
	check_int(list("tty0", "ttyS0,/dev/ttyS1,ttyS0"), ==, 2);
	check_str(names[0], "ttyS0");
	check_str(names[1], "ttyS1");
	check_int(list("ttyS0", ""), ==, 1);
	/* Nothing that walks out of /dev, nothing empty. */
	check_int(list(NULL, "../sda,tty/x,,..,hvc0"), ==, 1);
	check_str(names[0], "hvc0");
	check_int(list("", NULL), ==, 0);
	check_int(list("tty0 tty1", NULL), ==, 1);
	{
		char two[2][INIT_TTY_NAME];

		check_int(init_console_list("a b c", NULL, two, 2), ==, 2);
	}

	/* Backoff: 0.5 s, doubling while it dies young, capped at 30 s. */
	init_child_started(&c, 42, 1000);
	check_int(init_child_due(&c, 1000), ==, 0);
	init_child_exited(&c, 1100);
	check_int(c.delay_ms, ==, 500);
	check_int(c.pid, ==, 0);
	check_int(init_child_due(&c, 1599), ==, 0);
	check_int(init_child_due(&c, 1600), ==, 1);
	init_child_started(&c, 43, 1600);
	init_child_exited(&c, 1700);
	check_int(c.delay_ms, ==, 1000);
	for (int i = 0; i < 20; i++) {
		init_child_started(&c, 44, c.due_ms);
		init_child_exited(&c, c.started_ms + 10);
	}
	check_int(c.delay_ms, ==, 30000);
	/* A run of more than a minute forgives the past. */
	init_child_started(&c, 45, c.due_ms);
	init_child_exited(&c, c.started_ms + 60001);
	check_int(c.delay_ms, ==, 500);
	return done_testing();
}
