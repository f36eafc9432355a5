/* grub2.h - the GRUB 2 script lexer, parser and interpreter, shared inside parsers/grub2/.
 *
 * The lexer and parser turn script text into a tree in a scratch arena
 * that lives as long as one top-level command runs (GRUB parses and runs
 * one command at a time too). Function and menu entry bodies are kept as
 * slices of the file's text and parsed again each time they run, which is
 * what GRUB does and keeps memory flat for big configs.
 */
#ifndef HOPBOOT_GRUB2_H
#define HOPBOOT_GRUB2_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* Bounds a hostile config runs into; each stops with a sentence. */
#define GRUB2_NEST_MAX 64		/* parser nesting, function calls */
#if defined(__has_feature)
#if __has_feature(coverage_sanitizer)
#define GRUB2_FUZZ_BOUNDS
#endif
#endif
#ifdef GRUB2_FUZZ_BOUNDS
/* A libFuzzer build (make fuzz): a config that sources itself 16 deep
 * or loops 100,000 times runs the same code as one that stops sooner, but
 * it took ~0.5 s an input under ASan, most of the fuzzer's time. */
#define GRUB2_SOURCE_MAX 4
#define GRUB2_STEPS_MAX 20000
#define GRUB2_LOOP_MAX 1000
#else
#define GRUB2_SOURCE_MAX 16		/* source/configfile depth */
#define GRUB2_STEPS_MAX 2000000		/* commands run per config */
#define GRUB2_LOOP_MAX 100000		/* iterations of one loop */
#endif
#define GRUB2_WORD_MAX (64u << 10)	/* bytes in one expanded command */
#define GRUB2_ARGS_MAX 4096		/* words in one command */
#define GRUB2_ITEMS_MAX 10000		/* menu entries per device */
#define GRUB2_SUBMENU_MAX 16		/* submenus inside submenus */
#define GRUB2_VARS_MAX (16u << 20)	/* bytes of variable values stored */
#define GRUB2_TREES_MAX (1u << 20)	/* function text kept parsed */
#define GRUB2_IMAGES_MAX 8		/* 'loopback' devices at once */

enum grub2_part {
	PART_LIT,	/* literal text; quoted says whether "" counts */
	PART_VAR,	/* $name: split into words */
	PART_DQVAR,	/* "$name": one word */
};

struct grub2_part_node {
	enum grub2_part kind;
	bool quoted;
	const char *s;		/* text, or the variable name */
	struct grub2_part_node *next;
};

struct grub2_word {
	struct grub2_part_node *parts;
	bool bare;		/* one unquoted literal: may be a keyword */
	struct grub2_word *next;
};

enum grub2_tok {
	TOK_EOF,
	TOK_WORD,
	TOK_NL,
	TOK_SEMI,
	TOK_LBRACE,
	TOK_RBRACE,
	TOK_BAD,
};

struct grub2_token {
	enum grub2_tok kind;
	struct grub2_word *word;	/* TOK_WORD */
	const char *start, *end;	/* where it is in the text */
	int line;
	const char *msg;		/* TOK_BAD: what is wrong */
};

struct grub2_lexer {
	const char *p, *end;
	int line;
	struct arena *a;		/* scratch: words and their parts */
	/* Where a word's literal is gathered before it is copied; reused by
	 * every word until the arena is reset (grub2_lex_reset). */
	char *buf;
	size_t cap;
	/* Skimming: the body of a function or entry is only checked, its
	 * tree thrown away, so a word is not copied: the token's word is
	 * one reused struct, with a part only when it is bare (keywords
	 * and names are bare), valid until the next token. */
	int skim;
	struct grub2_word skim_word;
	struct grub2_part_node skim_part;
};

void grub2_lex_init(struct grub2_lexer *lx, const char *s, size_t len,
		    int line, struct arena *a);
/* Forgets buffers in lx->a: call after resetting that arena. */
void grub2_lex_reset(struct grub2_lexer *lx);
/* Reads the next token. Returns 0, or -ENOMEM. */
int grub2_lex(struct grub2_lexer *lx, struct grub2_token *t);

enum grub2_node_kind {
	N_CMD,
	N_IF,
	N_WHILE,
	N_UNTIL,
	N_FOR,
	N_FUNC,
	N_MENU,
	N_SUBMENU,
};

struct grub2_node {
	enum grub2_node_kind kind;
	int line;
	struct grub2_word *words;	/* command, menu or for-list words */
	const char *name;		/* function or loop variable */
	struct grub2_node *cond, *body, *els;	/* lists, via next */
	const char *src;		/* FUNC/MENU body text (not NUL-ended) */
	size_t src_len;
	int src_line;
	struct grub2_node *next;
};

struct grub2_parser {
	struct grub2_lexer lx;
	struct grub2_token tok;		/* current token */
	bool have_tok;
	int depth;
	const char *err;		/* set on a syntax error */
	int err_line;
	const char *err_at;		/* where to resume after it */
};

void grub2_parser_init(struct grub2_parser *ps, const char *s, size_t len,
		       int line, struct arena *a);
/*
 * Parses the next top-level command into *out (NULL at the end). On a
 * syntax error returns 1 with ps->err set and the parser moved past the
 * line; the caller reports it and calls again. Returns 0, 1 or -ENOMEM.
 */
int grub2_parse_next(struct grub2_parser *ps, struct grub2_node **out);

/*
 * The kernel command line GRUB 2.06 builds from the linux command's words
 * (grub_create_loader_cmdline): "BOOT_IMAGE=" and then every word with '\',
 * '\'' and '"' escaped by a backslash, in double quotes when it holds a
 * space, joined by single spaces. Returns an arena string or NULL.
 */
char *grub2_cmdline(struct arena *a, int argc, char **argv);

#endif
