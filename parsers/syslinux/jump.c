/* jump.c - the COM32 modules that only choose what runs next: whichsys, ifcpu64, ifcpu, cmd, config.
 *
 * Each of these syslinux 6.04 modules (com32/modules/) looks at the
 * loader or the CPU and then hands a command back to ldlinux: whichsys.c,
 * ifcpu64.c and ifcpu.c join the words of the branch they pick with single
 * blanks and call syslinux_run_command() (ldlinux's load_kernel(): a label
 * first, else a kernel), or syslinux_run_default() for an empty branch;
 * cmd.c runs its arguments the same way; config.c runs
 * syslinux_run_kernel_image(file, dir, 0, IMAGE_TYPE_CONFIG), a CONFIG
 * with SYSAPPEND set to 0. hopboot does the same where the answer is known
 * without running the machine's CPU: the loader is known from how the
 * config is read, and hopboot runs on x86_64, where every CPU has long mode
 * and PAE. What ifcpu.c32 asks about the running machine (hvm, multicore,
 * smp, hypervisor) is not known to a parser, and the option says so.
 */
#include <errno.h>
#include <string.h>

#include "sl.h"

#define JUMP_WORDS 64	/* words of a module's arguments looked at */

/* The module's arguments as argv[1..], split at blanks as
 * create_args_and_load() does. Returns the count (at most max). */
static int split(struct sl *s, const char *args, const char **w, int max)
{
	int n = 0;

	for (const char *p = skipspace((char *)args); *p && n < max;
	     p = skipspace((char *)word_end(p))) {
		w[n] = arena_strndup(s->a, p, (size_t)(word_end(p) - p));
		if (!w[n])
			return -ENOMEM;
		n++;
	}
	return n;
}

/* boot_args(): words [from, to) joined by single blanks. */
static const char *join(struct sl *s, const char **w, int from, int to)
{
	size_t len = 1;
	char *out, *q;

	for (int i = from; i < to; i++)
		len += strlen(w[i]) + 1;
	q = out = arena_alloc(s->a, len);
	if (!out)
		return NULL;
	for (int i = from; i < to; i++) {
		size_t n = strlen(w[i]);

		if (i > from)
			*q++ = ' ';
		memcpy(q, w[i], n);
		q += n;
	}
	*q = '\0';
	return out;
}

/* The command an empty branch runs: syslinux_run_default(), ldlinux's
 * default_cmd (the UI when there is one, else DEFAULT). */
static const char *run_default(struct sl *s)
{
	return s->ui ? s->ui : s->default_cmd ? s->default_cmd : "";
}

/* A branch, words [from, to), as boot_args() runs it. */
static int branch(struct sl *s, const char **w, int from, int to,
		  struct jump *j)
{
	j->next = from < to ? join(s, w, from, to) : run_default(s);
	j->load = true;
	return j->next ? 1 : -ENOMEM;
}

/* whichsys.c: "-iso- cmd", "-pxe- cmd", "-sys- cmd", in any order; the
 * loader's own flag picks (ldlinux, for extlinux and syslinux alike,
 * says SYSLINUX_FS_SYSLINUX: core/ldlinux-c.c). */
static int whichsys(struct sl *s, const char **w, int n, struct jump *j)
{
	const char *flag = s->ctx->net ? "-pxe-" :
			   s->ctx->dev->type &&
			   !strcmp(s->ctx->dev->type, "iso9660") ? "-iso-" :
			   "-sys-";
	const char *loader = flag[1] == 'p' ? "pxelinux" :
			     flag[1] == 'i' ? "isolinux" : "syslinux";
	int from = -1, to = n;

	for (int i = 0; i < n; i++) {
		bool any = !strcmp(w[i], "-iso-") || !strcmp(w[i], "-pxe-") ||
			   !strcmp(w[i], "-sys-");

		if (any && from >= 0 && to == n && i >= from)
			to = i;
		if (!strcmp(w[i], flag)) {
			from = i + 1;
			to = n;
		}
	}
	if (from < 0) {
		j->why = arena_printf(s->a,
			"runs whichsys.c32 without a %s command for %s, the loader reading this config; whichsys.c32 then prints its usage and syslinux stops at its boot: prompt",
			flag, loader);
		return j->why ? 1 : -ENOMEM;
	}
	return branch(s, w, from, to, j);
}

/* ifcpu64.c: "long [-- pae] -- 32"; hopboot runs on x86_64, whose CPUs
 * all have long mode: the first branch. */
static int ifcpu64(struct sl *s, const char **w, int n, struct jump *j)
{
	int to = 0;

	while (to < n && strcmp(w[to], "--"))
		to++;
	return branch(s, w, 0, to, j);
}

/* ifcpu.c's flags: 1 true on every x86_64 CPU, 0 unknown to a parser,
 * -1 no flag (ignored, as ifcpu.c ignores words it does not know). */
static int ifcpu_flag(const char *w)
{
	static const char *const known[] = { "64", "pae" };
	static const char *const unknown[] = {
		"hvm", "multicore", "smp", "hypervisor",
	};

	for (size_t i = 0; i < 2; i++)
		if (!strcmp(w, known[i]))
			return 1;
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(w, unknown[i]))
			return 0;
	return -1;
}

/* ifcpu.c: "flags -- match -- no_match". Like ifcpu.c, every word up to
 * the second "--" is looked at as a flag, and a missing second "--"
 * makes both branches the first one. */
static int ifcpu(struct sl *s, const char **w, int n, struct jump *j)
{
	int b[2] = { -1, -1 }, end[2] = { n, n }, nb = 0;
	const char *unknown = NULL, *yes, *no;
	bool dry = false;

	for (int i = 0; i < n && nb < 2; i++) {
		if (!strcmp(w[i], "--")) {
			if (nb)
				end[nb - 1] = i;
			b[nb++] = i + 1;
		} else if (!strcmp(w[i], "dry-run")) {
			dry = true;
		} else if (ifcpu_flag(w[i]) == 0 && !unknown) {
			unknown = w[i];
		}
	}
	if (!nb) {
		j->why = arena_strdup(s->a,
			"runs ifcpu.c32 without \"--\" before its labels; ifcpu.c32 then reads past its arguments, so what syslinux does is not defined");
		return j->why ? 1 : -ENOMEM;
	}
	if (dry) {
		j->why = arena_strdup(s->a,
			"runs ifcpu.c32 with dry-run, which only prints what it detects and boots nothing; syslinux returns to its boot: prompt");
		return j->why ? 1 : -ENOMEM;
	}
	if (nb == 1) {
		b[1] = b[0];
		end[1] = end[0];
	}
	yes = join(s, w, b[0], end[0]);
	no = join(s, w, b[1], end[1]);
	if (!yes || !no)
		return -ENOMEM;
	if (unknown && strcmp(yes, no)) {
		j->why = arena_printf(s->a,
			"runs ifcpu.c32, which boots '%s' when the CPU has %s and '%s' otherwise; whether the running machine has %s is not in its configuration, so hopboot cannot choose: boot one of those labels yourself",
			yes, unknown, no, unknown);
		return j->why ? 1 : -ENOMEM;
	}
	return branch(s, w, b[0], end[0], j);
}

/* config.c: "file [folder]", run as a CONFIG with SYSAPPEND 0. */
static int config(struct sl *s, const char **w, int n, struct jump *j)
{
	if (n < 1 || n > 2) {
		j->why = arena_strdup(s->a,
			"runs config.c32 with other than one file and an optional folder; config.c32 prints its usage and syslinux returns to its boot: prompt");
		return j->why ? 1 : -ENOMEM;
	}
	j->next = n == 2 ? arena_printf(s->a, "%s %s", w[0], w[1]) : w[0];
	j->type = KT_CONFIG;
	j->load = false;
	j->no_sysappend = true;
	return j->next ? 1 : -ENOMEM;
}

bool sl_jump_module(const char *name, size_t len)
{
	static const char *const names[] = {
		"whichsys", "ifcpu64", "ifcpu", "cmd", "config",
	};

	return sl_module_is(name, len, names,
			    sizeof(names) / sizeof(names[0]));
}

int sl_jump(struct sl *s, const char *module, const char *args,
	    struct jump *j)
{
	const char *w[JUMP_WORDS], *base = strrchr(module, '/');
	int n;

	memset(j, 0, sizeof(*j));
	base = base ? base + 1 : module;
	if (!strcmp(base, "cmd.c32")) {
		/* cmd.c: com32_cmdline(), the arguments as they are. */
		j->next = args;
		j->load = true;
		return 1;
	}
	n = split(s, args, w, JUMP_WORDS);
	if (n < 0)
		return n;
	if (!strcmp(base, "whichsys.c32"))
		return whichsys(s, w, n, j);
	if (!strcmp(base, "ifcpu64.c32"))
		return ifcpu64(s, w, n, j);
	if (!strcmp(base, "ifcpu.c32"))
		return ifcpu(s, w, n, j);
	if (!strcmp(base, "config.c32"))
		return config(s, w, n, j);
	return 0;
}
