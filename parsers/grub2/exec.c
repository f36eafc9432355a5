/* exec.c - runs parsed GRUB 2 script: variables, word expansion, control flow, functions.
 *
 * After grub-core/script/execute.c (GRUB 2.06). A word's parts are joined
 * into arguments as grub_script_arglist_to_argv does: an unquoted variable
 * is split at blanks into several words, a quoted one stays one word, a
 * word that expanded to nothing at all (an unquoted empty variable) is
 * dropped, while quotes always make a word: "", '' and "$unset" are empty
 * words (tests/oracle/grub2/scripting recorded this on real GRUB).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "grub2/grub2.h"
#include "grub2/interp.h"

/* ---- variables ---- */

static size_t hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

struct grub2_scope *grub2_scope_new(struct grub2 *g, struct grub2_scope *parent)
{
	struct grub2_scope *s = arena_alloc(g->va, sizeof(*s));

	if (!s)
		return NULL;
	s->nb = parent ? 16 : 128;
	s->tab = arena_calloc(g->va, s->nb, sizeof(*s->tab));
	s->parent = parent;
	return s->tab ? s : NULL;
}

static struct grub2_var *find_in(struct grub2_scope *s, const char *name)
{
	struct grub2_var *v = s->tab[hash(name) % s->nb];

	for (; v; v = v->next)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

/* The variable visible under name, or NULL (also when unset). */
static struct grub2_var *find(struct grub2_scope *s, const char *name)
{
	for (; s; s = s->parent) {
		struct grub2_var *v = find_in(s, name);

		if (v)
			return v->dead ? NULL : v;
	}
	return NULL;
}

/* The variable of name in the top layer, made when missing. */
static struct grub2_var *own(struct grub2 *g, const char *name)
{
	struct grub2_scope *s = g->env;
	struct grub2_var *v = find_in(s, name), *up;
	size_t h;

	if (v)
		return v;
	v = arena_alloc(g->va, sizeof(*v));
	if (!v || !(v->name = arena_strdup(g->va, name)))
		return NULL;
	up = find(s->parent, name);
	v->exported = up && up->exported;
	v->dead = true;
	h = hash(name) % s->nb;
	v->next = s->tab[h];
	s->tab[h] = v;
	return v;
}

const char *grub2_get(struct grub2 *g, const char *name)
{
	struct grub2_var *v = find(g->env, name);

	return v ? v->value : NULL;
}

int grub2_set(struct grub2 *g, const char *name, const char *value)
{
	struct grub2_var *v;
	size_t n = strlen(value);

	/* GRUB's write hook on root drops the parentheses of "(hd0,1)". */
	if (!strcmp(name, "root") && n >= 2 && value[0] == '(' &&
	    value[n - 1] == ')') {
		value++;
		n -= 2;
	}

	g->var_bytes += n + 1;
	if (g->var_bytes > GRUB2_VARS_MAX) {
		if (grub2_stop(g, "the script stored more than %u MiB in variables, so it was stopped",
			       GRUB2_VARS_MAX >> 20) < 0)
			return -ENOMEM;
		return 0;
	}
	v = own(g, name);
	if (!v || !(v->value = arena_strndup(g->va, value, n)))
		return -ENOMEM;
	v->dead = false;
	return 0;
}

int grub2_unset(struct grub2 *g, const char *name)
{
	struct grub2_var *v = own(g, name);

	if (!v)
		return -ENOMEM;
	v->dead = true;
	v->value = NULL;
	return 0;
}

int grub2_export(struct grub2 *g, const char *name)
{
	struct grub2_var *v = find(g->env, name);

	if (!v) {
		if (grub2_set(g, name, "") < 0)
			return -ENOMEM;
		v = find(g->env, name);
		if (!v)
			return 0;
	} else if (!find_in(g->env, name)) {
		if (grub2_set(g, name, v->value) < 0)
			return -ENOMEM;
		v = find_in(g->env, name);
	}
	v->exported = true;
	return 0;
}

struct grub2_scope *grub2_scope_exported(struct grub2 *g,
					 struct grub2_scope *from)
{
	struct grub2_scope *saved = g->env, *s = grub2_scope_new(g, NULL);
	struct grub2_var *nv;

	if (!s)
		return NULL;
	g->env = s;
	for (struct grub2_scope *l = from; l; l = l->parent) {
		for (size_t i = 0; i < l->nb; i++) {
			for (struct grub2_var *v = l->tab[i]; v; v = v->next) {
				/* Only the visible one of each name. */
				if (find(from, v->name) != v || !v->exported ||
				    find_in(s, v->name))
					continue;
				if (grub2_set(g, v->name, v->value) < 0 ||
				    !(nv = find_in(s, v->name))) {
					g->env = saved;
					return NULL;
				}
				nv->exported = true;
			}
		}
	}
	g->env = saved;
	return s;
}

/* ---- messages ---- */

__attribute__((format(printf, 3, 0)))
static int vadd(struct grub2 *g, struct strlist *l, const char *fmt,
		va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	return strlist_addf(l, g->a, "%s line %d: %s", g->file, g->line, msg);
}

int grub2_warn(struct grub2 *g, const char *fmt, ...)
{
	va_list ap;
	int r;

	/* A hostile config could warn forever; a few say enough. */
	if (g->ctx->dev->errors.n >= 64)
		return 0;
	va_start(ap, fmt);
	r = vadd(g, &g->ctx->dev->errors, fmt, ap);
	va_end(ap);
	return r;
}

int grub2_stop(struct grub2 *g, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (g->stop)
		return 0;
	g->stop = true;
	va_start(ap, fmt);
	r = vadd(g, &g->ctx->dev->errors, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- building argument lists ---- */

/* The words of one command as they are expanded. Its buffers come from
 * arena a: a slot of g->bufs, kept for the next command at the same
 * nesting, or one of its own beyond them, freed in av_end. They only
 * grow (doubling), so a slot holds at most twice its largest command. */
struct av {
	struct arena *a;
	bool own_arena;
	char *buf;
	size_t n, cap;
	size_t *off;
	int argc, cap_off;
	char **argv;
	int cap_argv;
	bool present;		/* the current word has text (maybe "") */
	bool oom, big;
	/* Once regexp.mod is loaded the words are built in GRUB's escaped
	 * form (grub_script_arglist_to_argv), which the wildcards need:
	 * how the text appended now is escaped. */
	enum { ESC_NONE, ESC_TEXT, ESC_VAR, ESC_QUOTED } esc;
};

static void av_put(struct av *v, const char *s, size_t n)
{
	if (v->oom || v->big)
		return;
	if (v->n + n + 2 > GRUB2_WORD_MAX) {
		v->big = true;
		return;
	}
	if (v->n + n + 2 > v->cap) {
		size_t cap = v->cap ? v->cap : 256;
		char *nb;

		while (cap < v->n + n + 2)
			cap *= 2;
		nb = arena_alloc(v->a, cap);
		if (!nb) {
			v->oom = true;
			return;
		}
		if (v->n)
			memcpy(nb, v->buf, v->n);
		v->buf = nb;
		v->cap = cap;
	}
	memcpy(v->buf + v->n, s, n);
	v->n += n;
}

/* grub_script_argv_next: a new word, unless the current one is empty. */
static void av_next(struct av *v)
{
	if (v->argc && !v->present)
		return;
	if (v->argc)
		av_put(v, "", 1);
	if (v->argc == v->cap_off) {
		int cap = v->cap_off ? v->cap_off * 2 : 16;
		size_t *no;

		if (cap > GRUB2_ARGS_MAX + 1) {
			v->big = true;
			return;
		}
		no = arena_calloc(v->a, (size_t)cap, sizeof(*no));
		if (!no) {
			v->oom = true;
			return;
		}
		if (v->argc)
			memcpy(no, v->off, (size_t)v->argc * sizeof(*no));
		v->off = no;
		v->cap_off = cap;
	}
	v->off[v->argc++] = v->n;
	v->present = false;
}

/* execute.c's escapes: quoted text (wildcard_escape) has '*', '?' and
 * '\\' behind a backslash; an unquoted variable's value '\\' and a '*' or
 * '?' right after one. Unquoted text comes unescaped from the lexer (an
 * escaped character is a quoted one there), so only its '\\' is. */
static void av_put_esc(struct av *v, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool e = s[i] == '\\';

		if (s[i] == '*' || s[i] == '?')
			e = v->esc == ESC_QUOTED ||
			    (v->esc == ESC_VAR && i && s[i - 1] == '\\');
		if (e)
			av_put(v, "\\", 1);
		av_put(v, s + i, 1);
	}
}

static void av_append(struct av *v, const char *s, size_t n)
{
	if (v->esc)
		av_put_esc(v, s, n);
	else
		av_put(v, s, n);
	v->present = true;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* grub_script_argv_split_append: an unquoted value becomes words. */
static void av_split(struct av *v, const char *s)
{
	while (*s) {
		const char *p = s;

		while (*s && !blank(*s))
			s++;
		av_append(v, p, (size_t)(s - p));
		while (*s && blank(*s))
			s++;
		if (*s)
			av_next(v);
	}
}

static void expand_var(struct grub2 *g, struct av *v, const char *name,
		       bool split)
{
	char num[24];

	if (!strcmp(name, "?") || !strcmp(name, "#")) {
		snprintf(num, sizeof(num), "%d", *name == '?' ? g->status :
			 g->argc);
		av_append(v, num, strlen(num));
	} else if (!strcmp(name, "*") || !strcmp(name, "@")) {
		for (int i = 0; i < g->argc; i++) {
			if (i && (split || *name == '@'))
				av_next(v);
			else if (i)
				av_append(v, " ", 1);
			if (split)
				av_split(v, g->argv[i]);
			else
				av_append(v, g->argv[i], strlen(g->argv[i]));
		}
	} else if (*name >= '0' && *name <= '9') {
		long i = strtol(name, NULL, 10);

		if (i > 0 && i <= g->argc) {
			if (split)
				av_split(v, g->argv[i - 1]);
			else
				av_append(v, g->argv[i - 1],
					  strlen(g->argv[i - 1]));
		}
	} else {
		const char *val = grub2_get(g, name);

		if (val && *val) {
			if (split)
				av_split(v, val);
			else
				av_append(v, val, strlen(val));
		}
	}
}

/* wildcard_unescape, in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		*o++ = *s;
	}
	*o = '\0';
}

static bool globbed(const char *s)
{
	return (s[0] == '/' || s[0] == '(') && grub2_glob_wild(s);
}

/* The end of grub_script_arglist_to_argv: each escaped word becomes the
 * names its wildcards match (wildcard.c), or itself unescaped. */
static void glob_words(struct grub2 *g, struct av *v)
{
	struct arena *a;
	char *old;
	size_t *off;
	int argc = v->argc, i;

	for (i = 0; i < argc && !globbed(v->buf + v->off[i]); i++)
		;
	if (i == argc) {
		for (i = 0; i < argc; i++)
			unescape(v->buf + v->off[i]);
		return;
	}
	a = arena_new();
	old = a ? arena_alloc(a, v->n) : NULL;
	off = old ? arena_calloc(a, (size_t)argc, sizeof(*off)) : NULL;
	if (!off) {
		v->oom = true;
		arena_free(a);
		return;
	}
	memcpy(old, v->buf, v->n);
	memcpy(off, v->off, (size_t)argc * sizeof(*off));
	v->n = 0;
	v->argc = 0;
	v->present = false;
	v->esc = ESC_NONE;
	for (i = 0; i < argc && !v->oom && !v->big; i++) {
		char *w = old + off[i];
		struct strlist names = { 0 };
		int r = globbed(w) ? grub2_glob(g, a, w, &names) : 0;

		if (r < 0) {
			v->oom = true;
			break;
		}
		if (!r) {
			unescape(w);
			names.v = (const char **)&w;
			names.n = 1;
		}
		for (size_t j = 0; j < names.n; j++) {
			av_next(v);
			av_append(v, names.v[j], strlen(names.v[j]));
		}
	}
	av_put(v, "", 1);
	arena_free(a);
}

/* Expands words into v; the caller frees v->buf and v->off. */
static void expand(struct grub2 *g, struct grub2_word *w, struct av *v)
{
	for (; w; w = w->next) {
		av_next(v);
		for (struct grub2_part_node *p = w->parts; p; p = p->next) {
			if (p->kind == PART_LIT) {
				if (g->wildcards)
					v->esc = p->quoted ? ESC_QUOTED :
							     ESC_TEXT;
				if (p->quoted || *p->s)
					av_append(v, p->s, strlen(p->s));
			} else {
				if (g->wildcards)
					v->esc = p->kind == PART_VAR ?
						 ESC_VAR : ESC_QUOTED;
				expand_var(g, v, p->s, p->kind == PART_VAR);
			}
		}
	}
	if (v->argc && !v->present)
		v->argc--;
	av_put(v, "", 1);
	if (g->wildcards && !v->oom && !v->big)
		glob_words(g, v);
}

/* Starts v with a reused buffer when one is free. */
static void av_begin(struct grub2 *g, struct av *v)
{
	memset(v, 0, sizeof(*v));
	if (g->n_bufs < (int)(sizeof(g->bufs) / sizeof(g->bufs[0]))) {
		struct grub2_buf *b = &g->bufs[g->n_bufs];

		if (!b->a)
			b->a = arena_new();
		v->a = b->a;
		v->buf = b->buf;
		v->cap = b->cap;
		v->off = b->off;
		v->cap_off = b->cap_off;
		v->argv = b->argv;
		v->cap_argv = b->cap_argv;
	} else {
		v->a = arena_new();
		v->own_arena = true;
	}
	v->oom = !v->a;
	g->n_bufs++;
}

/* Gives v's buffers back for the next command. */
static void av_end(struct grub2 *g, struct av *v)
{
	g->n_bufs--;
	if (g->n_bufs < (int)(sizeof(g->bufs) / sizeof(g->bufs[0]))) {
		struct grub2_buf *b = &g->bufs[g->n_bufs];

		b->buf = v->buf;
		b->cap = v->cap;
		b->off = v->off;
		b->cap_off = v->cap_off;
		b->argv = v->argv;
		b->cap_argv = v->cap_argv;
		return;
	}
	if (v->own_arena)
		arena_free(v->a);
}

/* Pointers into v->buf; NULL on ENOMEM. argv[argc] is NULL. */
static char **av_argv(struct av *v)
{
	if (v->argc + 1 > v->cap_argv) {
		/* Doubling: the arena keeps what it replaces. */
		int cap = v->cap_argv ? v->cap_argv * 2 : 16;
		char **n;

		while (cap < v->argc + 1)
			cap *= 2;
		n = arena_calloc(v->a, (size_t)cap, sizeof(*n));
		if (!n)
			return NULL;
		v->argv = n;
		v->cap_argv = cap;
	}
	for (int i = 0; i < v->argc; i++)
		v->argv[i] = v->buf + v->off[i];
	v->argv[v->argc] = NULL;
	return v->argv;
}

static int too_big(struct grub2 *g)
{
	return grub2_warn(g, "a command expands to more than %u KiB or %d words; GRUB would run out of memory too, so it was skipped",
			  GRUB2_WORD_MAX >> 10, GRUB2_ARGS_MAX);
}

/* ---- running ---- */

static int exec_list(struct grub2 *g, struct grub2_node *n);

/* The tree of a function whose body is empty. */
static struct grub2_node empty_body;

static bool interrupted(const struct grub2 *g)
{
	return g->stop || g->brk || g->cont || g->ret || g->menu_taken;
}

static int run_cmd(struct grub2 *g, struct grub2_node *n)
{
	struct av v;
	char **argv = NULL;
	int r = 0;

	av_begin(g, &v);
	expand(g, n->words, &v);
	if (v.oom) {
		r = -ENOMEM;
	} else if (v.big) {
		g->status = 1;
		r = too_big(g);
	} else if (v.argc) {
		argv = av_argv(&v);
		r = argv ? grub2_command(g, v.argc, argv) : -ENOMEM;
	}
	av_end(g, &v);
	return r;
}

/* After one pass of a loop body: true when 'break', 'continue N' (N > 1
 * continues an outer loop) or a stop ends this loop. */
static bool loop_ends(struct grub2 *g)
{
	if (g->brk) {
		g->brk--;
		return true;
	}
	if (g->cont && --g->cont)
		return true;
	return interrupted(g);
}

static int run_loop(struct grub2 *g, struct grub2_node *n)
{
	int r = 0, status = 0;
	long i;

	g->loops++;
	for (i = 0; !g->stop; i++) {
		if (i == GRUB2_LOOP_MAX) {
			r = grub2_stop(g, "a loop ran %d times, more than hopboot allows, so the script was stopped",
				       GRUB2_LOOP_MAX);
			break;
		}
		r = exec_list(g, n->cond);
		if (r < 0 || interrupted(g))
			break;
		if ((g->status == 0) != (n->kind == N_WHILE))
			break;
		r = exec_list(g, n->body);
		status = g->status;
		if (r < 0)
			break;
		if (loop_ends(g))
			break;
	}
	g->loops--;
	g->status = status;
	return r;
}

static int run_for(struct grub2 *g, struct grub2_node *n)
{
	struct av v;
	int r = 0;

	av_begin(g, &v);
	expand(g, n->words, &v);
	if (v.oom)
		r = -ENOMEM;
	else if (v.big)
		r = too_big(g);
	g->loops++;
	g->status = 0;
	for (int i = 0; !r && !v.big && i < v.argc && !g->stop; i++) {
		r = grub2_set(g, n->name, v.buf + v.off[i]);
		if (r < 0)
			break;
		r = exec_list(g, n->body);
		if (r < 0)
			break;
		if (loop_ends(g))
			break;
	}
	g->loops--;
	av_end(g, &v);
	return r;
}

static int define(struct grub2 *g, struct grub2_node *n)
{
	struct grub2_func *f = arena_alloc(g->a, sizeof(*f));

	if (!f || !(f->name = arena_strdup(g->a, n->name)))
		return -ENOMEM;
	f->src = n->src;
	f->len = n->src_len;
	f->line = n->src_line;
	f->file = g->file;
	/* The newest definition is found first. */
	f->next = g->funcs;
	g->funcs = f;
	g->status = 0;
	return 0;
}

/* menuentry/submenu: options as grub_cmd_menuentry's extcmd reads them. */
static int menu_node(struct grub2 *g, struct grub2_node *n)
{
	struct av v;
	struct grub2_item *it;
	char **args;
	int r = 0, k = 0;

	av_begin(g, &v);
	expand(g, n->words, &v);
	if (v.oom) {
		r = -ENOMEM;
		goto out;
	}
	if (v.big) {
		r = too_big(g);
		goto out;
	}
	it = arena_alloc(g->a, sizeof(*it));
	args = arena_calloc(g->a, (size_t)v.argc + 1, sizeof(*args));
	if (!it || !args) {
		r = -ENOMEM;
		goto out;
	}
	for (int i = 0, dashes = 0; i < v.argc; i++) {
		const char *s = v.buf + v.off[i], *val = NULL;

		if (dashes || s[0] != '-' || !s[1]) {
			if (!(args[k++] = arena_strdup(g->a, s))) {
				r = -ENOMEM;
				goto out;
			}
			continue;
		}
		if (!strcmp(s, "--")) {
			dashes = 1;
			continue;
		}
		/* Options that take a value: --class, --users, --hotkey,
		 * --id, --source; the value follows '=' or is the next
		 * word. --unrestricted takes none. */
		if (!strncmp(s, "--class", 7) || !strncmp(s, "--users", 7) ||
		    !strncmp(s, "--hotkey", 8) || !strncmp(s, "--id", 4) ||
		    !strncmp(s, "--source", 8)) {
			const char *eq = strchr(s, '=');

			if (eq)
				val = eq + 1;
			else if (i + 1 < v.argc)
				val = v.buf + v.off[++i];
			if (!strncmp(s, "--id", 4) && val &&
			    !(it->id = arena_strdup(g->a, val))) {
				r = -ENOMEM;
				goto out;
			}
		} else if (strcmp(s, "--unrestricted")) {
			r = grub2_warn(g, "%s: unknown option %s was ignored",
				       n->kind == N_MENU ? "menuentry" :
				       "submenu", s);
			if (r < 0)
				goto out;
		}
	}
	if (!k) {
		g->status = 1;
		r = grub2_warn(g, "%s has no title, so GRUB does not list it",
			       n->kind == N_MENU ? "menuentry" : "submenu");
		goto out;
	}
	it->submenu = n->kind == N_SUBMENU;
	it->title = args[0];
	it->argc = k;
	it->argv = args;
	it->src = n->src;
	it->len = n->src_len;
	it->line = n->src_line;
	it->file = g->file;
	r = grub2_menu_add(g, it);
	g->status = 0;
out:
	av_end(g, &v);
	return r;
}

static int exec_node(struct grub2 *g, struct grub2_node *n)
{
	g->line = n->line;
	if (++g->steps > GRUB2_STEPS_MAX)
		return grub2_stop(g, "the script ran more than %d commands, so it was stopped (a loop that never ends?)",
				  GRUB2_STEPS_MAX);
	switch (n->kind) {
	case N_CMD:
		return run_cmd(g, n);
	case N_IF: {
		int r = exec_list(g, n->cond);

		if (r < 0 || interrupted(g))
			return r;
		if (g->status == 0)
			return exec_list(g, n->body);
		if (n->els)
			return exec_list(g, n->els);
		g->status = 0;
		return 0;
	}
	case N_WHILE:
	case N_UNTIL:
		return run_loop(g, n);
	case N_FOR:
		return run_for(g, n);
	case N_FUNC:
		return define(g, n);
	case N_MENU:
	case N_SUBMENU:
		return menu_node(g, n);
	}
	return 0;
}

static int exec_list(struct grub2 *g, struct grub2_node *n)
{
	int r = 0;

	for (; n && !interrupted(g); n = n->next) {
		r = exec_node(g, n);
		if (r < 0)
			return r;
	}
	return r;
}

int grub2_run_text(struct grub2 *g, const char *file, const char *s,
		   size_t len, int line)
{
	const char *saved_file = g->file;
	int saved_line = g->line;
	struct grub2_parser ps;
	struct arena *tmp;
	int r = 0;

	if (g->sources >= GRUB2_SOURCE_MAX + GRUB2_NEST_MAX)
		return grub2_stop(g, "scripts call each other too deep, so the script was stopped");
	tmp = g->scratch[g->sources];
	if (!tmp) {
		/* One big first block: reset keeps it, so a command's tree
		 * rarely needs malloc at all (bodies are skimmed, not kept,
		 * so 64 KiB holds the biggest grub-mkconfig command). Only
		 * the first levels (the config, a submenu, an entry, a
		 * function) get one: a script that sources itself 16 deep
		 * or recurses 64 deep would zero it at every level. */
		tmp = g->scratch[g->sources] = arena_new();
		if (!tmp || (g->sources < 4 && !arena_alloc(tmp, 64u << 10)))
			return -ENOMEM;
	}
	g->sources++;
	g->file = file;
	grub2_parser_init(&ps, s, len, line, NULL);
	ps.lx.a = tmp;
	while (!interrupted(g)) {
		struct grub2_node *n;

		arena_reset(tmp);
		grub2_lex_reset(&ps.lx);
		r = grub2_parse_next(&ps, &n);
		if (r == 1) {
			g->line = ps.err_line;
			r = grub2_warn(g, "syntax error: %s; GRUB skips the rest of that line",
				       ps.err);
			if (r < 0)
				break;
			continue;
		}
		if (r == 0 && n)
			r = exec_list(g, n);
		if (r < 0 || !n)
			break;
	}
	g->sources--;
	g->file = saved_file;
	g->line = saved_line;
	return r;
}

/*
 * Parses a function's body once into the set's arena. A body that does
 * not parse whole (it was checked when defined, so that is rare), or
 * one past the bound on kept text, is parsed at each call instead.
 * Returns 0 or -ENOMEM.
 */
static int parse_func(struct grub2 *g, struct grub2_func *f)
{
	struct grub2_node **tail = &f->tree, *n;
	struct grub2_parser ps;
	int r;

	f->parsed = true;
	if (g->tree_bytes + f->len > GRUB2_TREES_MAX)
		return 0;
	grub2_parser_init(&ps, f->src, f->len, f->line, g->a);
	for (;;) {
		r = grub2_parse_next(&ps, &n);
		if (r < 0)
			return r;
		if (r || !n)
			break;
		*tail = n;
		while (*tail)
			tail = &(*tail)->next;
	}
	if (r) {
		f->tree = NULL;
		return 0;
	}
	g->tree_bytes += f->len;
	if (!f->tree)
		f->tree = &empty_body;
	return 0;
}

/* Runs a kept tree as grub2_run_text runs text. Returns 0 or -ENOMEM. */
static int run_tree(struct grub2 *g, struct grub2_func *f)
{
	const char *saved_file = g->file;
	int saved_line = g->line, r;

	if (g->sources >= GRUB2_SOURCE_MAX + GRUB2_NEST_MAX)
		return grub2_stop(g, "scripts call each other too deep, so the script was stopped");
	g->sources++;
	g->file = f->file;
	r = f->tree == &empty_body ? 0 : exec_list(g, f->tree);
	g->sources--;
	g->file = saved_file;
	g->line = saved_line;
	return r;
}

/* Calls a function: its words become $1..., and 'return' ends it. */
int grub2_call(struct grub2 *g, struct grub2_func *f, int argc, char **argv);
int grub2_call(struct grub2 *g, struct grub2_func *f, int argc, char **argv)
{
	int saved_argc = g->argc, saved_loops = g->loops, r;
	char **saved_argv = g->argv;

	if (g->calls >= GRUB2_NEST_MAX)
		return grub2_stop(g, "function %s calls itself (or others) more than %d deep, so the script was stopped",
				  f->name, GRUB2_NEST_MAX);
	g->calls++;
	g->argc = argc;
	g->argv = argv;
	g->loops = 0;
	r = f->parsed ? 0 : parse_func(g, f);
	if (r == 0 && f->tree)
		r = run_tree(g, f);
	else if (r == 0)
		r = grub2_run_text(g, f->file, f->src, f->len, f->line);
	g->argc = saved_argc;
	g->argv = saved_argv;
	g->loops = saved_loops;
	g->ret = false;
	/* break/continue do not leave a function. */
	g->brk = g->cont = 0;
	g->calls--;
	return r;
}
