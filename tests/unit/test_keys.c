/* test_keys.c - escape sequences from terminals decoded into keys. */
#include "tap.h"
#include "ui/keys.h"

/* Feeds s and returns the last key it produced (KEY_NONE if none). */
static int feed(struct keys *k, const char *s)
{
	int key = KEY_NONE;

	while (*s) {
		int r = keys_feed(k, (unsigned char)*s++);

		if (r != KEY_NONE)
			key = r;
	}
	return key;
}

int main(void)
{
	struct keys k = { 0 };

	check_int(feed(&k, "\033[A"), ==, KEY_UP);
	check_int(feed(&k, "\033[B"), ==, KEY_DOWN);
	check_int(feed(&k, "\033OC"), ==, KEY_RIGHT);	/* application mode */
	check_int(feed(&k, "\033OD"), ==, KEY_LEFT);
	check_int(feed(&k, "\033[H"), ==, KEY_HOME);
	check_int(feed(&k, "\033[F"), ==, KEY_END);
	check_int(feed(&k, "\033[1~"), ==, KEY_HOME);	/* Linux console */
	check_int(feed(&k, "\033[4~"), ==, KEY_END);
	check_int(feed(&k, "\033[7~"), ==, KEY_HOME);	/* rxvt */
	check_int(feed(&k, "\033[3~"), ==, KEY_DELETE);
	check_int(feed(&k, "\033[5~"), ==, KEY_PGUP);
	check_int(feed(&k, "\033[6~"), ==, KEY_PGDN);
	check_int(feed(&k, "\033[1;5A"), ==, KEY_UP);	/* Ctrl-Up */
	check_int(feed(&k, "\033[[A"), ==, KEY_UNKNOWN);	/* F1 */
	check_int(feed(&k, "\033[15~"), ==, KEY_UNKNOWN);	/* F5 */
	check_int(feed(&k, "\r"), ==, KEY_ENTER);
	check_int(feed(&k, "\n"), ==, KEY_ENTER);
	check_int(feed(&k, "\177"), ==, KEY_BACKSPACE);
	check_int(feed(&k, "\b"), ==, KEY_BACKSPACE);
	check_int(feed(&k, "j"), ==, 'j');
	/* A lone ESC is Esc once no more bytes come. */
	check_int(feed(&k, "\033"), ==, KEY_NONE);
	ok(keys_pending(&k), "ESC waits for more");
	check_int(keys_timeout(&k), ==, KEY_ESC);
	ok(!keys_pending(&k), "and is done");
	check_int(keys_timeout(&k), ==, KEY_NONE);
	check_int(feed(&k, "\033["), ==, KEY_NONE);
	check_int(keys_timeout(&k), ==, KEY_UNKNOWN);
	/* ESC and a letter (Alt+x): Esc. */
	check_int(feed(&k, "\033x"), ==, KEY_ESC);
	check_int(feed(&k, "k"), ==, 'k');
	/* Esc, then Left, typed fast: both. */
	check_int(keys_feed(&k, 0x1b), ==, KEY_NONE);
	check_int(keys_feed(&k, 0x1b), ==, KEY_ESC);
	check_int(feed(&k, "[D"), ==, KEY_LEFT);
	/* An endless sequence is cut, and what follows is read. */
	check_int(feed(&k, "\033[11111111111111"), ==, KEY_UNKNOWN);
	check_int(feed(&k, "A"), ==, 'A');
	return done_testing();
}
