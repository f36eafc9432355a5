/* lineedit.c - edit one line of text with the usual keys. */
#include <stdbool.h>
#include <string.h>

#include "keys.h"
#include "lineedit.h"

#define CTRL(c) ((c) & 0x1f)

static bool is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

static size_t prev_char(const struct lineedit *le, size_t pos)
{
	if (pos > 0)
		pos--;
	while (pos > 0 && is_cont(le->text[pos]))
		pos--;
	return pos;
}

static size_t next_char(const struct lineedit *le, size_t pos)
{
	if (pos < le->len)
		pos++;
	while (pos < le->len && is_cont(le->text[pos]))
		pos++;
	return pos;
}

static void cut(struct lineedit *le, size_t from, size_t to)
{
	memmove(le->text + from, le->text + to, le->len - to + 1);
	le->len -= to - from;
	if (le->pos > to)
		le->pos -= to - from;
	else if (le->pos > from)
		le->pos = from;
}

void lineedit_init(struct lineedit *le, const char *s)
{
	size_t n;

	if (!s)
		s = "";
	n = strlen(s);
	if (n > LINEEDIT_MAX - 1) {
		n = LINEEDIT_MAX - 1;
		/* Not in the middle of a character. */
		while (n > 0 && is_cont(s[n]))
			n--;
	}
	memcpy(le->text, s, n);
	le->text[n] = '\0';
	le->len = n;
	le->pos = le->len;
}

enum lineedit_result lineedit_key(struct lineedit *le, int key)
{
	switch (key) {
	case KEY_ENTER:
		return LINEEDIT_DONE;
	case KEY_ESC:
		return LINEEDIT_CANCEL;
	case KEY_LEFT:
	case CTRL('b'):
		le->pos = prev_char(le, le->pos);
		break;
	case KEY_RIGHT:
	case CTRL('f'):
		le->pos = next_char(le, le->pos);
		break;
	case KEY_HOME:
	case CTRL('a'):
		le->pos = 0;
		break;
	case KEY_END:
	case CTRL('e'):
		le->pos = le->len;
		break;
	case KEY_BACKSPACE:
		if (le->pos)
			cut(le, prev_char(le, le->pos), le->pos);
		break;
	case KEY_DELETE:
	case CTRL('d'):
		cut(le, le->pos, next_char(le, le->pos));
		break;
	case CTRL('k'):
		cut(le, le->pos, le->len);
		break;
	case CTRL('u'):
		cut(le, 0, le->pos);
		break;
	default:
		/* Printable ASCII and the bytes of UTF-8 characters. */
		if (key < 0x20 || key > 0xff || key == 0x7f ||
		    le->len >= LINEEDIT_MAX - 1)
			break;
		memmove(le->text + le->pos + 1, le->text + le->pos,
			le->len - le->pos + 1);
		le->text[le->pos++] = (char)key;
		le->len++;
		break;
	}
	return LINEEDIT_EDITING;
}

int lineedit_view(const struct lineedit *le, int width, size_t *first)
{
	int col = 0;
	size_t p;

	if (width < 2)
		width = 2;
	/* Count characters before the cursor. */
	for (p = 0; p < le->pos; p = next_char(le, p))
		col++;
	*first = 0;
	/* Scroll by whole characters until the cursor fits, with one
	 * column of context to its right. */
	while (col > width - 2) {
		*first = next_char(le, *first);
		col--;
	}
	return col;
}
