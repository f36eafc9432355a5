/* wildcard.c - GRUB's file-name wildcards, once its regexp module is loaded.
 *
 * GRUB 2.06 expands a word only when grub_wildcard_translator is set, and
 * regexp.mod sets it (grub-core/commands/regexp.c, GRUB_MOD_INIT: "insmod
 * regexp", or the 'regexp' command, which grub-core/normal/dyncmd.c's
 * grub_dyncmd_dispatcher loads on its first use). The words reach it in
 * the escaped form grub_script_arglist_to_argv (grub-core/script/execute.c)
 * builds: quoted text has '*', '?' and '\' behind a backslash, an unquoted
 * variable's value its '\' (and a '*' or '?' right after one). This file is
 * grub-core/commands/wildcard.c's wildcard_expand on that form:
 *
 * - only a word starting with '/' or '(' and holding a '*' or '?' that no
 *   backslash escapes; '[...]' is no class: make_regex escapes '[' and ']';
 * - the word is cut at the first component holding one (split_path); the
 *   folder before it is listed and each name matched ('*' any text, '?' one
 *   character, anchored both ends: make_regex's "^...$"), then the next
 *   component with a wildcard is matched under each result, and a rest
 *   without one must exist (check_file) or that result is dropped;
 * - no result leaves the word as it was (unescaped), as does a wildcard in
 *   the device part or a word starting with '*' (GRUB matches device names
 *   there, match_devices; hopboot does not, and says so).
 *
 * GRUB lists a folder in the order its filesystem driver reads it (on-disk
 * order: creation order on FAT and ext4, name order on iso9660); hopboot
 * lists names in strcmp order (fsview_list), the same on every filesystem.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fsview.h"
#include "grub2/grub2.h"
#include "grub2/interp.h"
#include "strlist.h"

#define GLOB_RESULTS 1024	/* names one word expands to */
#define GLOB_DIRS 256		/* folders one word lists */

struct glob {
	struct grub2 *g;
	struct arena *a;
	int dirs;
	bool capped;
};

static bool is_wild(char c)
{
	return c == '*' || c == '?';
}

/* wildcard_unescape: "\c" is c. */
static char *unescape(struct arena *a, const char *s, const char *end,
		      const char *prefix)
{
	size_t lp = strlen(prefix);
	char *r = arena_alloc(a, lp + (size_t)(end - s) + 1), *o;

	if (!r)
		return NULL;
	memcpy(r, prefix, lp);
	o = r + lp;
	while (s < end) {
		if (*s == '\\' && s + 1 < end)
			s++;
		*o++ = *s++;
	}
	*o = '\0';
	return r;
}

/* True when a word in escaped form holds an unescaped '*' or '?'. */
bool grub2_glob_wild(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (is_wild(*s))
			return true;
	}
	return false;
}

/* split_path: *noreg is where the component holding the first wildcard
 * starts (end when none), *reg where it ends. */
static void split(const char *s, const char **noreg, const char **reg)
{
	const char *e = s, *cut = s;
	bool wild = false;

	for (; *e; e++) {
		if (*e == '\\' && e[1])
			e++;
		else if (is_wild(*e))
			wild = true;
		else if (*e == '/' && !wild)
			cut = e + 1;
		else if (*e == '/')
			break;
	}
	*reg = e;
	*noreg = wild ? cut : e;
}

/* make_regex's "^...$" with '*' as ".*" and '?' as ".", on bytes. */
static bool match(const char *p, const char *pe, const char *s)
{
	const char *star = NULL, *back = NULL;

	while (*s) {
		if (p < pe && *p == '*') {
			star = ++p;
			back = s;
			continue;
		}
		if (p < pe && *p == '?') {
			p++;
			s++;
			continue;
		}
		if (p < pe) {
			const char *c = *p == '\\' && p + 1 < pe ? p + 1 : p;

			if (*c == *s) {
				p = c + 1;
				s++;
				continue;
			}
		}
		if (!star)
			return false;
		p = star;
		s = ++back;
	}
	while (p < pe && *p == '*')
		p++;
	return p == pe;
}

/* The names in GRUB folder dir ("(loop)/casper/", "/boot/iso/"), or
 * NULL when it cannot be listed (GRUB's fs->dir fails: no results). */
static struct strlist *list(struct glob *gl, const char *dir)
{
	struct grub2 *g = gl->g;
	struct device *dev;
	const char *image, *path, *why;
	const struct fsview *fs;
	struct strlist *names;
	int r;

	if (gl->dirs >= GLOB_DIRS) {
		gl->capped = true;
		return NULL;
	}
	gl->dirs++;
	if (grub2_resolve(g, dir, &dev, &image, &path, &why) != 0)
		return NULL;
	/* grub_net_fs_dir lists nothing (cmds.c, file_test). */
	if (g->nb && dev == g->ctx->dev && !image)
		return NULL;
	fs = grub2_view(g, dev, image, &why);
	names = fs ? arena_calloc(gl->a, 1, sizeof(*names)) : NULL;
	if (!names)
		return NULL;
	r = fsview_list(fs, path, gl->a, names);
	return r == 0 || r == -E2BIG ? names : NULL;
}

static int add(struct glob *gl, struct strlist *out, const char *s)
{
	if (!s)
		return -ENOMEM;
	if (out->n >= GLOB_RESULTS) {
		gl->capped = true;
		return 0;
	}
	return strlist_add(out, gl->a, s);
}

/* match_files: the names in prefix + [start, noreg) that match the
 * pattern [noreg, reg), appended to out. */
static int files(struct glob *gl, const char *prefix, const char *start,
		 const char *noreg, const char *reg, struct strlist *out)
{
	char *dir = unescape(gl->a, start, noreg, prefix);
	struct strlist *names;
	int r = 0;

	if (!dir)
		return -ENOMEM;
	names = list(gl, dir);
	for (size_t i = 0; names && i < names->n && r >= 0; i++)
		if (match(noreg, reg, names->v[i]))
			r = add(gl, out, arena_printf(gl->a, "%s%s", dir,
						      names->v[i]));
	return r;
}

/* check_file: the last component of path is in its folder. */
static bool exists(struct glob *gl, char *path)
{
	char *slash = strrchr(path, '/');
	struct strlist *names = NULL;
	bool found = false;
	const char *dir;

	if (!slash)
		return false;
	*slash = '\0';
	/* The folder "" is "/", "(loop)" is "(loop)/". */
	dir = *path && slash[-1] != ')' ? path :
	      arena_printf(gl->a, "%s/", path);
	if (dir)
		names = list(gl, dir);
	*slash = '/';
	if (!names)
		return false;
	if (!slash[1])
		return true;
	for (size_t i = 0; i < names->n && !found; i++)
		found = !strcmp(names->v[i], slash + 1);
	return found;
}

/* wildcard_expand. Returns 1 with out holding the names, 0 when the
 * word stays as it is, or -ENOMEM. */
static int expand(struct glob *gl, const char *s, struct strlist *out)
{
	struct strlist paths = { 0 }, next;
	const char *start = s, *noreg, *reg;
	bool have = false, had_wild = false;
	int r;

	if (s[0] != '/' && s[0] != '(')
		return 0;
	while (*start) {
		split(start, &noreg, &reg);
		memset(&next, 0, sizeof(next));
		if (noreg == reg) {
			r = 0;
			if (!have) {
				r = add(gl, &next, unescape(gl->a, start, reg, ""));
				have = true;
			}
			for (size_t i = 0; i < paths.n && r >= 0; i++) {
				char *n = unescape(gl->a, start, reg,
						   paths.v[i]);

				if (!n)
					return -ENOMEM;
				if (!had_wild || exists(gl, n))
					r = add(gl, &next, n);
			}
		} else {
			had_wild = true;
			r = 0;
			if (!have) {
				/* match_devices: not done. */
				if (start == noreg)
					return 0;
				r = files(gl, "", start, noreg, reg, &next);
				have = true;
			}
			for (size_t i = 0; i < paths.n && r >= 0; i++)
				r = files(gl, paths.v[i], start, noreg, reg,
					  &next);
		}
		if (r < 0)
			return r;
		if (!next.n)
			return 0;
		paths = next;
		start = reg;
	}
	*out = paths;
	return 1;
}

int grub2_glob(struct grub2 *g, struct arena *a, const char *s,
	       struct strlist *out)
{
	struct glob gl = { .g = g, .a = a };
	int r = expand(&gl, s, out);

	if (r >= 0 && gl.capped)
		r = grub2_warn(g, "the wildcards of '%s' reach more than %d names or %d folders; only those found first are used",
			       s, GLOB_RESULTS, GLOB_DIRS) < 0 ? -ENOMEM :
			       r;
	return r;
}
