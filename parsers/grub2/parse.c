/* parse.c - GRUB 2 script grammar: commands, if, while, until, for, function, menuentry, submenu.
 *
 * After grub-core/script/parser.y: keywords count only where a command
 * starts; "then", "do", "fi"... end the lists of their construct; a
 * function or menu entry body is a block in braces whose text is kept (it
 * is parsed again each time it runs, as GRUB does).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "grub2/grub2.h"

static int next(struct grub2_parser *ps)
{
	int r;

	if (ps->have_tok) {
		ps->have_tok = false;
		return 0;
	}
	r = grub2_lex(&ps->lx, &ps->tok);
	if (r < 0)
		return r;
	if (ps->tok.kind == TOK_BAD && !ps->err) {
		ps->err = ps->tok.msg;
		ps->err_line = ps->tok.line;
		ps->err_at = ps->tok.end;
	}
	return 0;
}

/* Makes the current token the next one read again. */
static void unread(struct grub2_parser *ps)
{
	ps->have_tok = true;
}

static void fail(struct grub2_parser *ps, const char *msg)
{
	if (ps->err)
		return;
	ps->err = msg;
	ps->err_line = ps->tok.line;
	ps->err_at = ps->tok.end;
}

/* The bare word of the current token, or "". */
static const char *kw(const struct grub2_parser *ps)
{
	if (ps->tok.kind != TOK_WORD || !ps->tok.word->bare ||
	    !ps->tok.word->parts)
		return "";
	return ps->tok.word->parts->s;
}

static bool is_kw(const struct grub2_parser *ps, const char *const *set)
{
	const char *w = kw(ps);

	for (; *set; set++)
		if (!strcmp(w, *set))
			return true;
	return false;
}

static const char *const ends_all[] = { "then", "elif", "else", "fi", "do",
					"done", NULL };

static int statement(struct grub2_parser *ps, struct grub2_node **out);

/*
 * A list of statements until one of the keywords in stop starts a command
 * (left as the current token), a '}' when brace, or the end. Separators
 * between them are skipped.
 */
static int list(struct grub2_parser *ps, const char *const *stop, bool brace,
		struct grub2_node **out)
{
	struct grub2_node **tail = out;
	int r;

	*out = NULL;
	for (;;) {
		r = next(ps);
		if (r < 0 || ps->err)
			return r;
		if (ps->tok.kind == TOK_NL || ps->tok.kind == TOK_SEMI)
			continue;
		if (ps->tok.kind == TOK_EOF) {
			unread(ps);
			return 0;
		}
		if (ps->tok.kind == TOK_RBRACE) {
			if (!brace)
				fail(ps, "a '}' closes nothing here");
			unread(ps);
			return 0;
		}
		if (is_kw(ps, stop)) {
			unread(ps);
			return 0;
		}
		if (is_kw(ps, ends_all)) {
			fail(ps, "a keyword (then, elif, else, fi, do, done) is out of place");
			return 0;
		}
		unread(ps);
		r = statement(ps, tail);
		if (r < 0 || ps->err)
			return r;
		while (*tail)
			tail = &(*tail)->next;
	}
}

static int expect(struct grub2_parser *ps, const char *word)
{
	int r = next(ps);

	if (r < 0 || ps->err)
		return r;
	if (strcmp(kw(ps), word)) {
		static char msg[64];

		/* Only one error is kept per parse, so a static buffer
		 * lives long enough; the caller copies it. */
		snprintf(msg, sizeof(msg), "'%s' is missing", word);
		fail(ps, msg);
	}
	return 0;
}

static struct grub2_node *node(struct grub2_parser *ps,
			       enum grub2_node_kind kind)
{
	struct grub2_node *n = arena_alloc(ps->lx.a, sizeof(*n));

	if (n) {
		n->kind = kind;
		n->line = ps->tok.line;
	}
	return n;
}

/* if LIST then LIST [elif LIST then LIST]... [else LIST] fi */
static int if_clause(struct grub2_parser *ps, struct grub2_node *n)
{
	static const char *const then[] = { "then", NULL };
	static const char *const rest[] = { "elif", "else", "fi", NULL };
	static const char *const fi[] = { "fi", NULL };
	int r;

	r = list(ps, then, false, &n->cond);
	if (!r && !ps->err)
		r = expect(ps, "then");
	if (!r && !ps->err)
		r = list(ps, rest, false, &n->body);
	if (r < 0 || ps->err)
		return r;
	r = next(ps);
	if (r < 0 || ps->err)
		return r;
	if (!strcmp(kw(ps), "elif")) {
		n->els = node(ps, N_IF);
		if (!n->els)
			return -ENOMEM;
		return if_clause(ps, n->els);
	}
	if (!strcmp(kw(ps), "else")) {
		r = list(ps, fi, false, &n->els);
		if (!r && !ps->err)
			r = expect(ps, "fi");
		return r;
	}
	if (strcmp(kw(ps), "fi"))
		fail(ps, "'fi' is missing");
	return 0;
}

/* do LIST done, after a loop's head. */
static int do_done(struct grub2_parser *ps, struct grub2_node *n)
{
	static const char *const done[] = { "done", NULL };
	int r = expect(ps, "do");

	if (!r && !ps->err)
		r = list(ps, done, false, &n->body);
	if (!r && !ps->err)
		r = expect(ps, "done");
	return r;
}

/* Skips newlines; leaves the next token current. */
static int skip_nl(struct grub2_parser *ps)
{
	int r;

	do {
		r = next(ps);
	} while (!r && !ps->err && ps->tok.kind == TOK_NL);
	return r;
}

/* { LIST } after a function or menu head: the text inside is kept. */
static int block(struct grub2_parser *ps, struct grub2_node *n)
{
	struct grub2_node *body;
	const char *start;
	int r;

	if (ps->tok.kind != TOK_LBRACE) {
		fail(ps, "a '{' must open the body");
		return 0;
	}
	start = ps->tok.end;
	n->src_line = ps->lx.line;
	/* The body is only checked here (it is parsed again when it runs):
	 * skimming it allocates nothing per word. */
	ps->lx.skim++;
	r = list(ps, ends_all, true, &body);
	if (!r && !ps->err)
		r = next(ps);
	ps->lx.skim--;
	if (r < 0 || ps->err)
		return r;
	if (ps->tok.kind != TOK_RBRACE) {
		fail(ps, ps->tok.kind == TOK_EOF ? "a '{' is not closed" :
		     "a keyword (then, elif, else, fi, do, done) is out of place");
		return 0;
	}
	n->src = start;
	n->src_len = (size_t)(ps->tok.start - start);
	return 0;
}

static int words_until(struct grub2_parser *ps, struct grub2_word **out,
		       bool until_brace)
{
	struct grub2_word **tail = out;
	int r;

	for (;;) {
		r = next(ps);
		if (r < 0 || ps->err)
			return r;
		if (ps->tok.kind != TOK_WORD)
			return 0;
		*tail = ps->tok.word;
		tail = &ps->tok.word->next;
		(void)until_brace;
	}
}

static int statement(struct grub2_parser *ps, struct grub2_node **out)
{
	const char *w;
	struct grub2_node *n;
	int r;

	if (++ps->depth > GRUB2_NEST_MAX) {
		fail(ps, "commands are nested more than 64 deep");
		return 0;
	}
	r = next(ps);
	if (r < 0 || ps->err)
		goto out;
	w = kw(ps);
	if (!strcmp(w, "if")) {
		r = -ENOMEM;
		n = node(ps, N_IF);
		if (n)
			r = if_clause(ps, n);
	} else if (!strcmp(w, "while") || !strcmp(w, "until")) {
		static const char *const do_[] = { "do", NULL };

		r = -ENOMEM;
		n = node(ps, *w == 'w' ? N_WHILE : N_UNTIL);
		if (n)
			r = list(ps, do_, false, &n->cond);
		if (!r && !ps->err)
			r = do_done(ps, n);
	} else if (!strcmp(w, "for")) {
		n = node(ps, N_FOR);
		r = n ? next(ps) : -ENOMEM;
		if (r < 0 || ps->err)
			goto out;
		if (!ps->tok.word || !ps->tok.word->bare) {
			fail(ps, "'for' must be followed by a variable name");
			goto out;
		}
		n->name = ps->tok.word->parts->s;
		r = next(ps);
		if (r < 0 || ps->err)
			goto out;
		if (strcmp(kw(ps), "in")) {
			fail(ps, "'in' is missing after 'for NAME'");
			goto out;
		}
		r = words_until(ps, &n->words, false);
		if (r < 0 || ps->err)
			goto out;
		if (ps->tok.kind != TOK_NL && ps->tok.kind != TOK_SEMI) {
			fail(ps, "the word list of 'for' must end with ';' or a new line");
			goto out;
		}
		r = skip_nl(ps);
		if (!r && !ps->err) {
			unread(ps);
			r = do_done(ps, n);
		}
	} else if (!strcmp(w, "function")) {
		n = node(ps, N_FUNC);
		r = n ? next(ps) : -ENOMEM;
		if (r < 0 || ps->err)
			goto out;
		if (ps->tok.kind != TOK_WORD || !ps->tok.word->bare) {
			fail(ps, "'function' must be followed by a name");
			goto out;
		}
		n->name = ps->tok.word->parts->s;
		r = skip_nl(ps);
		if (!r && !ps->err)
			r = block(ps, n);
	} else if (!strcmp(w, "menuentry") || !strcmp(w, "submenu")) {
		n = node(ps, *w == 'm' ? N_MENU : N_SUBMENU);
		r = n ? words_until(ps, &n->words, true) : -ENOMEM;
		if (r < 0 || ps->err)
			goto out;
		if (ps->tok.kind == TOK_NL) {
			r = skip_nl(ps);
			if (r < 0 || ps->err)
				goto out;
		}
		r = block(ps, n);
	} else if (ps->tok.kind == TOK_WORD) {
		n = node(ps, N_CMD);
		if (!n) {
			r = -ENOMEM;
			goto out;
		}
		unread(ps);
		r = words_until(ps, &n->words, false);
		if (r < 0 || ps->err)
			goto out;
		if (ps->tok.kind == TOK_LBRACE)
			fail(ps, "a '{' may only open the body of a function, menuentry or submenu");
		else
			unread(ps);
	} else {
		fail(ps, ps->tok.kind == TOK_LBRACE ?
		     "a '{' may only open the body of a function, menuentry or submenu" :
		     "a command was expected");
		goto out;
	}
	if (r >= 0 && !ps->err)
		*out = n;
out:
	ps->depth--;
	return r < 0 ? r : 0;
}

void grub2_parser_init(struct grub2_parser *ps, const char *s, size_t len,
		       int line, struct arena *a)
{
	memset(ps, 0, sizeof(*ps));
	grub2_lex_init(&ps->lx, s, len, line, a);
}

int grub2_parse_next(struct grub2_parser *ps, struct grub2_node **out)
{
	int r;

	*out = NULL;
	ps->err = NULL;
	ps->depth = 0;
	for (;;) {
		r = next(ps);
		if (r < 0)
			return r;
		if (ps->err)
			break;
		if (ps->tok.kind == TOK_NL || ps->tok.kind == TOK_SEMI)
			continue;
		if (ps->tok.kind == TOK_EOF)
			return 0;
		unread(ps);
		if (is_kw(ps, ends_all)) {
			next(ps);
			fail(ps, "a keyword (then, elif, else, fi, do, done) is out of place");
			break;
		}
		r = statement(ps, out);
		if (r < 0)
			return r;
		if (!ps->err)
			return 0;
		break;
	}
	/* GRUB drops the rest of the line the error is on and goes on. */
	if (ps->tok.kind != TOK_NL) {
		const char *nl = memchr(ps->lx.p, '\n',
					(size_t)(ps->lx.end - ps->lx.p));

		ps->lx.p = nl ? nl : ps->lx.end;
	}
	ps->have_tok = false;
	*out = NULL;
	return 1;
}
