/* lex.c - GRUB 2 script tokens: words with their quoted and variable parts.
 *
 * Follows GRUB 2.06's grub-core/script/yylex.l: blanks split words; ';',
 * newline, '{' and '}' are tokens of their own; '#' at the start of a word
 * comments out the rest of the line; '\' escapes one character outside
 * quotes; single quotes keep everything; in double quotes only \$ \\ \" and
 * backslash-newline are escapes and '$' still expands. '|', '&', '<' and
 * '>' are shell operators GRUB's grammar does not accept.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "grub2/grub2.h"

struct wbuf {
	struct grub2_lexer *lx;
	struct grub2_word *w;
	struct grub2_part_node **tail;
	size_t n;		/* bytes of the literal in lx->buf */
	bool quoted;		/* the literal came from quotes */
	bool have;		/* a literal is open, even if empty */
};

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int add_part(struct wbuf *b, enum grub2_part kind, const char *s,
		    size_t n, bool quoted)
{
	struct grub2_part_node *p;

	if (b->lx->skim)
		return 0;	/* a skimmed word keeps no parts */
	p = arena_alloc(b->lx->a, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->kind = kind;
	p->quoted = quoted;
	p->s = arena_strndup(b->lx->a, s, n);
	if (!p->s)
		return -ENOMEM;
	*b->tail = p;
	b->tail = &p->next;
	return 0;
}

/* Ends the open literal, if any, as a part. */
static int flush(struct wbuf *b)
{
	int r = 0;

	if (b->have)
		r = add_part(b, PART_LIT, b->n ? b->lx->buf : "", b->n,
			     b->quoted);
	b->have = false;
	b->n = 0;
	return r;
}

/* Appends the n characters at s to the open literal. */
static int put_n(struct wbuf *b, const char *s, size_t n, bool quoted)
{
	struct grub2_lexer *lx = b->lx;

	if (b->have && b->quoted != quoted) {
		if (flush(b) < 0)
			return -ENOMEM;
	}
	if (b->n + n >= lx->cap) {
		size_t cap = lx->cap ? lx->cap * 2 : 256;
		char *nb;

		while (cap <= b->n + n)
			cap *= 2;
		nb = arena_alloc(lx->a, cap);
		if (!nb)
			return -ENOMEM;
		if (b->n)
			memcpy(nb, lx->buf, b->n);
		lx->buf = nb;
		lx->cap = cap;
	}
	memcpy(lx->buf + b->n, s, n);
	b->n += n;
	lx->buf[b->n] = '\0';
	b->have = true;
	b->quoted = quoted;
	return 0;
}

static int put(struct wbuf *b, char c, bool quoted)
{
	return put_n(b, &c, 1, quoted);
}

/* The length of the run at p of characters that stand for themselves in
 * an unquoted word. */
static size_t plain_run(const char *p, const char *end)
{
	const char *s = p;

	while (s < end && *s != '\\' && *s != '\'' && *s != '"' &&
	       *s != '$' && *s != ' ' && *s != '\t' && *s != '\r' &&
	       *s != '\n' && *s != ';' && *s != '{' && *s != '}' &&
	       *s != '|' && *s != '&' && *s != '<' && *s != '>')
		s++;
	return (size_t)(s - p);
}

/*
 * A variable reference after a dollar sign: NAME, DIGITS, or one of the
 * characters ? # * @ (each optionally in braces). Returns its length and
 * sets *name and *len, or 0 when what follows is not a variable (GRUB's
 * lexer then fails the command).
 */
static size_t var_ref(const char *p, const char *end, const char **name,
		      size_t *len)
{
	const char *s = p;
	bool brace = false;

	if (s < end && *s == '{') {
		brace = true;
		s++;
	}
	*name = s;
	if (s < end && is_name_start(*s)) {
		while (s < end && is_name(*s))
			s++;
	} else if (s < end && is_digit(*s)) {
		while (s < end && is_digit(*s))
			s++;
	} else if (s < end && strchr("?#*@", *s)) {
		s++;
	} else {
		return 0;
	}
	*len = (size_t)(s - *name);
	if (brace) {
		if (s >= end || *s != '}')
			return 0;
		s++;
	}
	return (size_t)(s - p);
}

static const char *bad_var = "a '$' must be followed by a variable name (NAME, ${NAME}, a digit, ?, #, * or @)";

/* The inside of a double-quoted string, from after the opening quote. */
static int dquote(struct wbuf *b, const char **pp, const char **err)
{
	struct grub2_lexer *lx = b->lx;
	const char *p = *pp, *name;
	size_t n, len;

	/* Quotes make a word even when nothing is inside or what is inside
	 * expands to nothing: "" and "$unset" are empty words to GRUB (its
	 * lexer emits the quoted pieces, empty or not). */
	if (flush(b) < 0 || add_part(b, PART_LIT, "", 0, true) < 0)
		return -ENOMEM;

	for (;;) {
		if (p >= lx->end) {
			*err = "a double quote is not closed";
			return 0;
		}
		if (*p == '"') {
			p++;
			break;
		}
		if (*p == '\\' && p + 1 < lx->end &&
		    strchr("$\\\"\n", p[1])) {
			if (p[1] == '\n') {
				lx->line++;
			} else if (put(b, p[1], true) < 0) {
				return -ENOMEM;
			}
			p += 2;
			continue;
		}
		if (*p == '$') {
			n = var_ref(p + 1, lx->end, &name, &len);
			if (!n) {
				*err = bad_var;
				return 0;
			}
			if (flush(b) < 0 ||
			    add_part(b, PART_DQVAR, name, len, true) < 0)
				return -ENOMEM;
			p += 1 + n;
			continue;
		}
		if (*p == '\n') {
			lx->line++;
			n = 1;
		} else {
			for (n = 1; p + n < lx->end && p[n] != '"' &&
			     p[n] != '\\' && p[n] != '$' && p[n] != '\n'; n++)
				;
		}
		if (put_n(b, p, n, true) < 0)
			return -ENOMEM;
		p += n;
	}
	*pp = p;
	return 0;
}

static bool ends_word(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' ||
	       c == '{' || c == '}' || c == '|' || c == '&' || c == '<' ||
	       c == '>';
}

static int word(struct grub2_lexer *lx, struct grub2_token *t)
{
	struct wbuf b = { .lx = lx };
	const char *p = lx->p, *err = NULL, *name, *q;
	size_t n, len;
	int r;

	if (lx->skim) {
		b.w = &lx->skim_word;
		memset(b.w, 0, sizeof(*b.w));
	} else if (!(b.w = arena_alloc(lx->a, sizeof(*b.w)))) {
		return -ENOMEM;
	}
	b.tail = &b.w->parts;
	b.w->bare = true;
	while (p < lx->end && !ends_word(*p) && !err) {
		switch (*p) {
		case '\\':
			if (p + 1 >= lx->end) {
				r = put(&b, '\\', false);
				p++;
				break;
			}
			if (p[1] == '\n') {
				lx->line++;
				p += 2;
				r = 0;
				break;
			}
			b.w->bare = false;
			r = put(&b, p[1], true);
			p += 2;
			break;
		case '\'':
			b.w->bare = false;
			q = memchr(p + 1, '\'', (size_t)(lx->end - p - 1));
			if (!q) {
				err = "a single quote is not closed";
				r = 0;
				break;
			}
			r = 0;
			for (const char *c = p + 1; c < q && !r; c++) {
				if (*c == '\n')
					lx->line++;
				r = put(&b, *c, true);
			}
			/* '' is an empty word too. */
			if (!r && q == p + 1) {
				r = flush(&b);
				if (!r)
					r = add_part(&b, PART_LIT, "", 0, true);
			}
			p = q + 1;
			break;
		case '"':
			b.w->bare = false;
			p++;
			r = dquote(&b, &p, &err);
			break;
		case '$':
			b.w->bare = false;
			if (p + 1 < lx->end && p[1] == '"') {
				/* $"..." is a translated string: the same
				 * text when nothing is translated. */
				p += 2;
				r = dquote(&b, &p, &err);
				break;
			}
			n = var_ref(p + 1, lx->end, &name, &len);
			if (!n) {
				err = bad_var;
				r = 0;
				break;
			}
			r = flush(&b);
			if (!r)
				r = add_part(&b, PART_VAR, name, len, false);
			p += 1 + n;
			break;
		default:
			/* Most of a config: take the whole run at once. */
			n = plain_run(p, lx->end);
			r = put_n(&b, p, n ? n : 1, false);
			p += n ? n : 1;
		}
		if (r < 0)
			return r;
	}
	n = b.n;
	if (flush(&b) < 0)
		return -ENOMEM;
	if (lx->skim && b.w->bare && n) {
		/* Keywords and names are bare: keep their text. */
		lx->skim_part.kind = PART_LIT;
		lx->skim_part.quoted = false;
		lx->skim_part.s = lx->buf;
		lx->skim_part.next = NULL;
		b.w->parts = &lx->skim_part;
	}
	t->end = lx->p = p;
	if (err) {
		t->kind = TOK_BAD;
		t->msg = err;
		return 0;
	}
	t->kind = TOK_WORD;
	t->word = b.w;
	return 0;
}

void grub2_lex_init(struct grub2_lexer *lx, const char *s, size_t len,
		    int line, struct arena *a)
{
	lx->p = s;
	lx->end = s + len;
	lx->line = line;
	lx->a = a;
}

void grub2_lex_reset(struct grub2_lexer *lx)
{
	lx->buf = NULL;
	lx->cap = 0;
}

int grub2_lex(struct grub2_lexer *lx, struct grub2_token *t)
{
	const char *p;

	memset(t, 0, sizeof(*t));
	for (;;) {
		while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
					   *lx->p == '\r'))
			lx->p++;
		if (lx->p + 1 < lx->end && lx->p[0] == '\\' &&
		    lx->p[1] == '\n') {
			lx->p += 2;
			lx->line++;
			continue;
		}
		if (lx->p < lx->end && *lx->p == '#') {
			p = memchr(lx->p, '\n', (size_t)(lx->end - lx->p));
			lx->p = p ? p : lx->end;
			continue;
		}
		break;
	}
	t->start = lx->p;
	t->line = lx->line;
	if (lx->p >= lx->end) {
		t->kind = TOK_EOF;
		t->end = lx->p;
		return 0;
	}
	switch (*lx->p) {
	case '\n':
		t->kind = TOK_NL;
		lx->line++;
		break;
	case ';':
		t->kind = TOK_SEMI;
		break;
	case '{':
		t->kind = TOK_LBRACE;
		break;
	case '}':
		t->kind = TOK_RBRACE;
		break;
	case '|':
	case '&':
	case '<':
	case '>':
		t->kind = TOK_BAD;
		t->msg = "GRUB scripts have no pipes, '&&', '||' or redirections (quote a '>' in a default like \"1>2\")";
		break;
	default:
		return word(lx, t);
	}
	t->end = ++lx->p;
	return 0;
}
