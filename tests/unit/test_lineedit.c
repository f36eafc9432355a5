/* test_lineedit.c - the command line editor: keys, cursor, UTF-8, view. */
#include "tap.h"
#include "ui/keys.h"
#include "ui/lineedit.h"

#define CTRL(c) ((c) & 0x1f)

static void type(struct lineedit *le, const char *s)
{
	while (*s)
		lineedit_key(le, (unsigned char)*s++);
}

int main(void)
{
	static struct lineedit le;
	char big[LINEEDIT_MAX + 10];
	size_t first;
	int col;

	lineedit_init(&le, "root=/dev/sda1 ro");
	check_int(le.pos, ==, 17);
	type(&le, " quiet");
	check_str(le.text, "root=/dev/sda1 ro quiet");
	lineedit_key(&le, KEY_HOME);
	type(&le, "x=1 ");
	check_str(le.text, "x=1 root=/dev/sda1 ro quiet");
	lineedit_key(&le, KEY_END);
	lineedit_key(&le, KEY_BACKSPACE);
	lineedit_key(&le, KEY_BACKSPACE);
	check_str(le.text, "x=1 root=/dev/sda1 ro qui");
	lineedit_key(&le, CTRL('a'));
	check_int(le.pos, ==, 0);
	lineedit_key(&le, KEY_BACKSPACE);	/* nothing before the start */
	check_str(le.text, "x=1 root=/dev/sda1 ro qui");
	lineedit_key(&le, KEY_DELETE);
	lineedit_key(&le, KEY_RIGHT);
	lineedit_key(&le, KEY_RIGHT);
	type(&le, "2");
	check_str(le.text, "=12 root=/dev/sda1 ro qui");
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, CTRL('k'));
	check_str(le.text, "=1");
	lineedit_key(&le, CTRL('e'));
	check_int(le.pos, ==, 2);
	lineedit_key(&le, KEY_RIGHT);		/* nothing past the end */
	check_int(le.pos, ==, 2);
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, CTRL('u'));
	check_str(le.text, "1");
	check_int(le.pos, ==, 0);
	/* Control keys and unknown sequences insert nothing. */
	lineedit_key(&le, CTRL('\\'));
	lineedit_key(&le, KEY_UNKNOWN);
	lineedit_key(&le, KEY_UP);
	lineedit_key(&le, '\t');
	check_str(le.text, "1");
	ok(lineedit_key(&le, KEY_ENTER) == LINEEDIT_DONE, "Enter is done");
	ok(lineedit_key(&le, KEY_ESC) == LINEEDIT_CANCEL, "Esc cancels");
	ok(lineedit_key(&le, 'a') == LINEEDIT_EDITING, "a letter edits");

	/* UTF-8: the cursor moves and deletes whole characters. */
	lineedit_init(&le, "caf\xc3\xa9");
	lineedit_key(&le, KEY_LEFT);
	check_int(le.pos, ==, 3);
	lineedit_key(&le, KEY_RIGHT);
	lineedit_key(&le, KEY_BACKSPACE);
	check_str(le.text, "caf");
	type(&le, "\xe2\x82\xac!");
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, KEY_DELETE);
	check_str(le.text, "caf!");

	/* A line longer than the buffer is cut, not overrun; so is typing. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	lineedit_init(&le, big);
	check_int(le.len, ==, LINEEDIT_MAX - 1);
	type(&le, "bb");
	check_int(le.len, ==, LINEEDIT_MAX - 1);
	check_int(le.text[LINEEDIT_MAX - 1], ==, '\0');
	lineedit_init(&le, NULL);
	check_str(le.text, "");

	/* The view scrolls to keep the cursor in sight. */
	lineedit_init(&le, "0123456789abcdef");
	col = lineedit_view(&le, 10, &first);
	check_int(col, ==, 8);
	check_int(first, ==, 8);
	lineedit_key(&le, KEY_HOME);
	col = lineedit_view(&le, 10, &first);
	check_int(col, ==, 0);
	check_int(first, ==, 0);
	lineedit_init(&le, "\xc3\xa9\xc3\xa9\xc3\xa9");
	col = lineedit_view(&le, 80, &first);
	check_int(col, ==, 3);
	return done_testing();
}
