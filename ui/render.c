/* render.c - draw the menu, the text views and the line editor.
 *
 * Every frame is drawn whole from the top left, each line cleared to its
 * end: a serial terminal that lost bytes is right again at the next
 * frame. Only ASCII is drawn by us; disk strings go through sanitize.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "ui.h"

#define CSI "\033["
#define EOL CSI "K\r\n"

/* Writes a disk string, sanitized, in at most cols columns. */
static int put_safe(struct term *t, const char *s, int cols)
{
	char buf[2048];
	int n;

	if (cols <= 0)
		return 0;
	n = sanitize_text(s, buf, sizeof(buf), cols);
	term_puts(t, buf);
	return n;
}

static void pad(struct term *t, int n)
{
	while (n-- > 0)
		term_putn(t, " ", 1);
}

static void header(struct ui *u)
{
	struct term *t = &u->t;
	char right[64] = "";
	int used = 8;

	term_puts(t, CSI "H" CSI "1m hopboot" CSI "0m");
	if (u->m.depth) {
		term_puts(t, ": ");
		used += 2 + put_safe(t, u->m.path[u->m.depth - 1],
				     t->cols - used - 24);
	}
	if (u->m.probing > 0)
		snprintf(right, sizeof(right), "probing %d device%s...",
			 u->m.probing, u->m.probing == 1 ? "" : "s");
	else if (!u->m.have_state)
		snprintf(right, sizeof(right), "connecting...");
	pad(t, t->cols - used - (int)strlen(right) - 1);
	term_puts(t, right);
	term_puts(t, EOL);
	for (int i = 0; i < t->cols - 1; i++)
		term_putn(t, "-", 1);
	term_puts(t, EOL);
}

static void item_line(struct ui *u, const struct model_item *it, int index,
		      bool selected)
{
	struct term *t = &u->t;
	int left = t->cols - 8;
	const char *why = it->opt && it->opt->errors.n ?
			  it->opt->errors.v[0] : NULL;

	if (selected)
		term_puts(t, CSI "7m");
	term_printf(t, "%c%c", selected ? '>' : ' ',
		    it->is_default ? '*' : ' ');
	if (index < 9)
		term_printf(t, "%d ", index + 1);
	else
		term_puts(t, "  ");
	left -= put_safe(t, it->title, left - (why ? 12 : 0) - 2);
	if (it->kind == MODEL_SUBMENU) {
		term_puts(t, " >");
		left -= 2;
	}
	if (why) {
		term_puts(t, "  (cannot boot: ");
		left -= 16;
		left -= put_safe(t, why, left - 1);
		term_puts(t, ")");
		left--;
	}
	if (selected) {
		pad(t, left + 2);
		term_puts(t, CSI "0m");
	}
	term_puts(t, EOL);
}

static void status_lines(struct ui *u)
{
	struct term *t = &u->t;
	const struct model_option *d = NULL;
	char line[160];

	for (size_t i = 0; u->m.default_id && i < u->m.n_opts; i++)
		if (!strcmp(u->m.opts[i]->id, u->m.default_id))
			d = u->m.opts[i];
	term_printf(t, CSI "%d;1H", t->rows - 2);
	if (model_progress_text(&u->m, line, sizeof(line))) {
		/* The daemon is loading what was chosen, on every console. */
		put_safe(t, line, t->cols - 1);
	} else if (u->continue_left >= 0) {
		term_printf(t, "Continuing the normal boot in %d s; any key "
			    "stops.", u->continue_left);
	} else if (u->m.countdown >= 0 && d) {
		term_puts(t, "Booting \"");
		put_safe(t, d->title, t->cols - 45);
		term_printf(t, "\" in %d s; any key stops.", u->m.countdown);
	} else if (u->status[0]) {
		put_safe(t, u->status, 2 * t->cols - 2);
	}
	term_puts(t, CSI "J");
	term_printf(t, CSI "%d;1H", t->rows);
	/* At most 79 columns: the last one would scroll some terminals. */
	term_puts(t, u->m.depth ? "Enter:boot Esc:back " : "Enter:boot/open ");
	term_puts(t, "e:edit d:details l:log r:rescan s:shell p:power");
	term_puts(t, CSI "K");
}

static void menu(struct ui *u)
{
	struct model_item items[MODEL_MAX_ITEMS];
	size_t n = model_items(&u->m, items, MODEL_MAX_ITEMS);
	int sel = u->m.sel[u->m.depth];
	int rows = u->t.rows - 5, first = 0;

	if (sel >= rows)
		first = sel - rows + 1;
	header(u);
	for (int i = first; i < (int)n && i < first + rows; i++)
		item_line(u, &items[i], i, i == sel);
	if (!n)
		term_puts(&u->t, u->m.have_state && !u->m.probing ?
			  "  No boot entry was found; 'r' looks again, 'l' "
			  "shows the log." EOL : "  Looking for disks..." EOL);
	term_puts(&u->t, CSI "J");
	status_lines(u);
}

static void text(struct ui *u)
{
	struct term *t = &u->t;
	int rows = t->rows - 3;

	term_puts(t, CSI "H" CSI "1m ");
	put_safe(t, u->text_title, t->cols - 2);
	term_puts(t, CSI "0m" EOL);
	for (int i = 0; i < t->cols - 1; i++)
		term_putn(t, "-", 1);
	term_puts(t, EOL);
	if (u->scroll > (int)u->n_lines - rows)
		u->scroll = (int)u->n_lines - rows;
	if (u->scroll < 0)
		u->scroll = 0;
	for (int i = u->scroll; i < (int)u->n_lines && i < u->scroll + rows;
	     i++) {
		put_safe(t, u->lines[i], t->cols - 1);
		term_puts(t, EOL);
	}
	term_puts(t, CSI "J");
	term_printf(t, CSI "%d;1H", t->rows);
	term_puts(t, "Esc/q:back  j/k/arrows:scroll" CSI "K");
}

static void edit(struct ui *u)
{
	struct term *t = &u->t;
	char buf[4 * 512 + 1];
	size_t first;
	int col;

	menu(u);
	term_printf(t, CSI "%d;1H", t->rows - 3);
	term_puts(t, "Command line for \"");
	put_safe(t, u->edit_title, t->cols - 50);
	term_puts(t, "\"; Enter boots, Esc cancels:" CSI "K\r\n");
	col = lineedit_view(&u->le, t->cols - 1, &first);
	sanitize_visible(u->le.text + first, u->le.len - first, buf,
			 sizeof(buf), t->cols - 1);
	term_puts(t, buf);
	term_puts(t, CSI "J");
	term_printf(t, CSI "%d;%dH" CSI "?25h", t->rows - 2, col + 1);
}

void ui_render(struct ui *u)
{
	struct term *t = &u->t;

	term_puts(t, CSI "?25l" CSI "0m");
	switch (u->view) {
	case UI_MENU:
		menu(u);
		break;
	case UI_TEXT:
		text(u);
		break;
	case UI_EDIT:
		edit(u);
		break;
	case UI_BOOTING:
		term_puts(t, CSI "H" CSI "J" "Booting ");
		put_safe(t, u->booting, t->cols - 12);
		term_puts(t, "...\r\n" CSI "?25h");
		break;
	}
	term_flush(t);
}

void ui_text_clear(struct ui *u)
{
	for (size_t i = 0; i < u->n_lines; i++)
		free(u->lines[i]);
	free(u->lines);
	u->lines = NULL;
	u->n_lines = 0;
	u->scroll = 0;
}

/* Splits a long line at the width (in bytes: the screen cut is by
 * characters, so a wrapped piece is never longer than a row). */
void ui_text_add(struct ui *u, const char *line)
{
	size_t w = (size_t)(u->t.cols > 4 ? u->t.cols - 4 : 16);
	size_t len = strlen(line ? line : "");
	bool first = true;

	do {
		size_t n = len > w ? w : len;
		char **l = realloc(u->lines, (u->n_lines + 1) * sizeof(*l));
		char *s;

		if (!l)
			return;
		u->lines = l;
		s = malloc(n + 3);
		if (!s)
			return;
		snprintf(s, n + 3, "%s%.*s", first ? "" : "  ", (int)n, line);
		u->lines[u->n_lines++] = s;
		line += n;
		len -= n;
		first = false;
	} while (len);
}
