/* ipxe.c - iPXE scripts: a subset run far enough to know what each would boot.
 *
 * iPXE executes a script line by line (core/exec.c): settings are expanded
 * first (${name}, ${net0/mac:hexhyp}), then the line is split on blanks and
 * its commands run, joined by && and ||. A script that shows a menu ends in
 * "choose VAR && goto ${VAR}": hopboot runs each item's label instead, with
 * what was set before the menu, and every item that reaches "boot" becomes
 * an option. Nothing is fetched here but scripts, through the view; kernels
 * and initrds become URLs the loader fetches when the option boots.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ipxe.h"

#define LINE_MAX_LEN 4096
#define ARGS_MAX 64
#define INITRDS_MAX 16
#define SCRIPTS_MAX 32
/* Strings kept from the run (settings, command lines, titles): a loop of
 * "set x ${x}${x}" must not eat the boot manager's memory. */
#define KEPT_MAX (4u << 20)

struct script {
	const char *path, *dir;
	char **lines;
	size_t n;
};

struct var {
	const char *name, *value;
};

/* What a run has set and loaded so far. */
struct state {
	struct var vars[IPXE_VARS_MAX];
	size_t n_vars;
	struct resource *kernel;
	const char *kname, *args;
	struct resource *initrds[INITRDS_MAX];
	size_t n_initrds;
};

enum flow { F_NEXT, F_GOTO, F_BOOT, F_EXIT, F_MENU, F_ERR };

struct item {
	const char *label, *text;
	bool is_default;
};

struct ipxe {
	struct parse_ctx *ctx;
	struct arena *a;
	const char *url_base;
	struct script *scripts[SCRIPTS_MAX];
	size_t n_scripts;
	struct state st, at_menu;
	struct script *menu_sc;
	struct item items[IPXE_ITEMS_MAX];
	size_t n_items;
	const char *choose_default;
	long steps, all_steps;
	const char *err;	/* why F_ERR */
	const char *goto_label;
	size_t kept;		/* bytes of strings kept, up to KEPT_MAX */
	/* The expanded line being run, one per chain depth: a chained
	 * script runs while its caller's line is still in use. */
	char line[IPXE_CHAIN_DEPTH + 1][LINE_MAX_LEN];
};

bool ipxe_is_script(const char *buf, size_t len)
{
	return len >= 6 && !memcmp(buf, "#!ipxe", 6) &&
	       (len == 6 || strchr(" \t\r\n", buf[6]));
}

static int fail(struct ipxe *ip, const struct script *sc, const char *fmt,
		...) __attribute__((format(printf, 3, 4)));

/* Records why a run stopped: "<script>: <sentence>". Returns F_ERR. */
static int fail(struct ipxe *ip, const struct script *sc, const char *fmt,
		...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ip->err = sc ? arena_printf(ip->a, "%s: %s", sc->path, msg) :
		  arena_strdup(ip->a, msg);
	return F_ERR;
}

static struct script *load(struct ipxe *ip, const char *path)
{
	struct script *sc;
	char *buf, *p, *slash;
	size_t len, cap = 64;
	int r;

	for (size_t i = 0; i < ip->n_scripts; i++)
		if (!strcmp(ip->scripts[i]->path, path))
			return ip->scripts[i];
	if (ip->n_scripts == SCRIPTS_MAX) {
		fail(ip, NULL, "more than 32 scripts chained; %s was not "
		     "read", path);
		return NULL;
	}
	r = fsview_read(ip->ctx->fs, path, FSVIEW_CONFIG_MAX, ip->a, &buf,
			&len);
	if (r < 0) {
		ip->err = arena_printf(ip->a, "cannot read the iPXE script "
				       "%s from the boot server: %s", path,
				       strerror(-r));
		return NULL;
	}
	if (!ipxe_is_script(buf, len)) {
		fail(ip, NULL, "%s does not start with #!ipxe; hopboot reads "
		     "iPXE scripts, not other images, here", path);
		return NULL;
	}
	sc = arena_calloc(ip->a, 1, sizeof(*sc));
	if (!sc || !(sc->path = arena_strdup(ip->a, path)) ||
	    !(sc->lines = arena_calloc(ip->a, cap, sizeof(char *))))
		return NULL;
	slash = strrchr(sc->path, '/');
	sc->dir = slash && slash > sc->path ?
		  arena_strndup(ip->a, sc->path, (size_t)(slash - sc->path)) :
		  "";
	for (p = buf; p && p < buf + len;) {
		char *nl = memchr(p, '\n', (size_t)(buf + len - p));

		if (nl)
			*nl = '\0';
		if (sc->n == cap) {
			char **v = arena_calloc(ip->a, cap * 2, sizeof(char *));

			if (!v)
				return NULL;
			memcpy(v, sc->lines, cap * sizeof(char *));
			sc->lines = v;
			cap *= 2;
		}
		/* NULs inside a line end it, as iPXE's line reader does. */
		p[strcspn(p, "\r")] = '\0';
		sc->lines[sc->n++] = p;
		p = nl ? nl + 1 : NULL;
	}
	ip->scripts[ip->n_scripts++] = sc;
	return sc;
}

/* A MAC in iPXE's types: "hex" (the default) 52:54:..., "hexhyp"
 * 52-54-..., "hexraw" 525400... */
static const char *typed_mac(struct ipxe *ip, const char *mac,
			     const char *type)
{
	char *v;

	if (!type || !strcmp(type, "hex"))
		return mac;
	v = arena_strdup(ip->a, mac);
	if (!v)
		return "";
	if (!strcmp(type, "hexhyp")) {
		for (char *p = v; *p; p++)
			if (*p == ':')
				*p = '-';
	} else if (!strcmp(type, "hexraw")) {
		char *o = v;

		for (const char *p = mac; *p; p++)
			if (*p != ':')
				*o++ = *p;
		*o = '\0';
	}
	return v;
}

/* A setting's value: what the script set, else what iPXE knows of the
 * machine and its lease; "" when unknown, as in iPXE. */
static const char *lookup(struct ipxe *ip, const char *spec)
{
	const struct net_info *n = ip->ctx->net;
	char name[128];
	const char *type = NULL, *base = name, *v = NULL;
	char *colon;

	snprintf(name, sizeof(name), "%s", spec);
	colon = strchr(name, ':');
	if (colon) {
		*colon = '\0';
		type = colon + 1;
	}
	for (size_t i = ip->st.n_vars; i-- > 0;)
		if (!strcmp(ip->st.vars[i].name, name))
			return ip->st.vars[i].value;
	/* One interface: net0/x, netX/x and x are the same setting. */
	if (!strncmp(name, "net", 3) && strchr(name, '/'))
		base = strchr(name, '/') + 1;
	if (!strcmp(base, "platform"))
		return "pcbios";
	if (!strcmp(base, "buildarch"))
		return "x86_64";
	if (!n)
		return "";
	if (!strcmp(base, "mac"))
		return n->mac ? typed_mac(ip, n->mac, type) : "";
	if (!strcmp(base, "ip"))
		v = n->ip;
	else if (!strcmp(base, "netmask"))
		v = n->netmask;
	else if (!strcmp(base, "gateway"))
		v = n->gateway;
	else if (!strcmp(base, "next-server"))
		v = n->server;
	else if (!strcmp(base, "uuid"))
		v = n->uuid;
	else if (!strcmp(base, "manufacturer"))
		v = n->sys_vendor;
	else if (!strcmp(base, "product"))
		v = n->product_name;
	else if (!strcmp(base, "serial"))
		v = n->product_serial;
	return v ? v : "";
}

/* The line with every ${...} replaced, into out (LINE_MAX_LEN bytes);
 * NULL when it grows too long. */
static char *expand(struct ipxe *ip, const char *line, char *out)
{
	char *o = out;
	const char *end = out + LINE_MAX_LEN - 1;

	while (*line) {
		const char *close, *val;
		char spec[128];
		size_t n;

		if (line[0] != '$' || line[1] != '{' ||
		    !(close = strchr(line + 2, '}')) ||
		    (size_t)(close - line - 2) >= sizeof(spec)) {
			if (o == end)
				return NULL;
			*o++ = *line++;
			continue;
		}
		memcpy(spec, line + 2, (size_t)(close - line - 2));
		spec[close - line - 2] = '\0';
		val = lookup(ip, spec);
		n = strlen(val);
		if (n > (size_t)(end - o))
			return NULL;
		memcpy(o, val, n);
		o += n;
		line = close + 1;
	}
	*o = '\0';
	return out;
}

/* An arena copy of s for what outlives the line, within KEPT_MAX. */
static const char *keep(struct ipxe *ip, const char *s)
{
	size_t n = strlen(s) + 1;

	if (ip->kept + n > KEPT_MAX)
		return NULL;
	ip->kept += n;
	return arena_strdup(ip->a, s);
}

static int set_var(struct ipxe *ip, const char *name, const char *value)
{
	name = keep(ip, name);
	if (!name || !value)
		return fail(ip, NULL, "the script keeps more than 4 MiB of "
			    "settings and command lines");
	if (ip->st.n_vars == IPXE_VARS_MAX)
		return fail(ip, NULL, "more than 128 settings; '%s' was "
			    "not set", name);
	ip->st.vars[ip->st.n_vars++] = (struct var){ name, value };
	return F_NEXT;
}

static const char *join(struct ipxe *ip, char **argv, int argc)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (ip->kept + len > KEPT_MAX)
		return NULL;
	ip->kept += len;
	s = arena_alloc(ip->a, len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < argc; i++)
		strcat(strcat(s, i ? " " : ""), argv[i]);
	return s;
}

/* rel taken from the folder dir ("" is the root), "/"-rooted, with "."
 * and ".." removed as RFC 3986 resolves a relative URI; ".." of the root
 * is the root. */
static char *resolve(struct ipxe *ip, const char *dir, const char *rel)
{
	char *joined = arena_printf(ip->a, "%s/%s", rel[0] == '/' ? "" : dir,
				    rel);
	char *out, *o;

	if (!joined || !(out = arena_alloc(ip->a, strlen(joined) + 2)))
		return NULL;
	o = out;
	for (char *p = joined; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > out && *--o != '/')
				;
		} else if (n && !(n == 1 && p[0] == '.')) {
			*o++ = '/';
			memcpy(o, p, n);
			o += n;
		}
		p += n + (p[n] == '/');
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	return out;
}

/* A file a command names: a URL stays one; other names are taken from the
 * script's folder on the boot server. */
static struct resource *resource(struct ipxe *ip, const struct script *sc,
				 const char *uri)
{
	const char *scheme_end = strstr(uri, "://"), *path;
	struct resource *r;

	if (scheme_end) {
		/* uri lives in the line buffer: keep copies. */
		path = strchr(scheme_end + 3, '/');
		path = arena_strdup(ip->a, path ? path : "/");
	} else {
		path = resolve(ip, sc->dir, uri);
	}
	if (!path)
		return NULL;
	r = option_new_resource(ip->ctx->set, ip->ctx->dev->id, path);
	if (r)
		r->url = scheme_end ? arena_strdup(ip->a, uri) :
			 arena_printf(ip->a, "%s%s", ip->url_base, path);
	return r && r->url ? r : NULL;
}

/* Skips a command's options; --name/-n gives the image a name, and it and
 * --timeout/-t take a value. */
static int skip_opts(char **argv, int argc, int i, const char **name)
{
	for (; i < argc && argv[i][0] == '-'; i++) {
		bool is_name = !strcmp(argv[i], "--name") ||
			       !strcmp(argv[i], "-n");

		if (!is_name && strcmp(argv[i], "--timeout") &&
		    strcmp(argv[i], "-t"))
			continue;
		if (i + 1 < argc && is_name && name)
			*name = argv[i + 1];
		i++;
	}
	return i;
}

static const char *basename_of(const char *uri)
{
	const char *s = strrchr(uri, '/');

	return s ? s + 1 : uri;
}

static int run_from(struct ipxe *ip, struct script *sc, size_t pc, int depth);

static int cmd_kernel(struct ipxe *ip, struct script *sc, char **argv,
		      int argc)
{
	const char *name = NULL;
	int i = skip_opts(argv, argc, 1, &name);

	if (i >= argc)
		return fail(ip, sc, "%s names no image", argv[0]);
	ip->st.kernel = resource(ip, sc, argv[i]);
	ip->st.kname = keep(ip, name ? name : basename_of(argv[i]));
	ip->st.args = join(ip, argv + i + 1, argc - i - 1);
	if (!ip->st.kernel || !ip->st.args || !ip->st.kname)
		return fail(ip, sc, "the script keeps more than 4 MiB of "
			    "settings and command lines, or memory ran out");
	return F_NEXT;
}

static int cmd_initrd(struct ipxe *ip, struct script *sc, char **argv,
		      int argc)
{
	int i = skip_opts(argv, argc, 1, NULL);

	if (i >= argc)
		return fail(ip, sc, "%s names no file", argv[0]);
	if (ip->st.n_initrds == INITRDS_MAX)
		return fail(ip, sc, "more than 16 initrds; %s was left out",
			    argv[i]);
	ip->st.initrds[ip->st.n_initrds] = resource(ip, sc, argv[i]);
	if (!ip->st.initrds[ip->st.n_initrds++])
		return fail(ip, sc, "out of memory");
	return F_NEXT;
}

static int cmd_chain(struct ipxe *ip, struct script *sc, char **argv,
		     int argc, int depth)
{
	int i = skip_opts(argv, argc, 1, NULL), r;
	const char *uri, *path = NULL;
	struct script *next;

	if (i >= argc)
		return fail(ip, sc, "chain names nothing");
	uri = argv[i];
	if (!strstr(uri, "://"))
		path = resolve(ip, sc->dir, uri);
	else if (!strncmp(uri, ip->url_base, strlen(ip->url_base)) &&
		 uri[strlen(ip->url_base)] == '/')
		path = uri + strlen(ip->url_base);
	if (!path)
		return fail(ip, sc, "chain %s: only scripts on the boot "
			    "server itself are read, not other servers", uri);
	if (depth >= IPXE_CHAIN_DEPTH)
		return fail(ip, sc, "chain %s: scripts chained more than 8 "
			    "deep", uri);
	/* A kernel is chained too: boot it with the rest as arguments. */
	if (!strstr(basename_of(path), ".ipxe") &&
	    (r = cmd_kernel(ip, sc, argv, argc)) != F_NEXT)
		return r;
	if (!strstr(basename_of(path), ".ipxe"))
		return F_BOOT;
	next = load(ip, path);
	if (!next)
		return F_ERR;
	return run_from(ip, next, 0, depth + 1);
}

static int cmd_item(struct ipxe *ip, char **argv, int argc)
{
	struct item it = { 0 };
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--gap"))
			return F_NEXT;
		if (!strcmp(argv[i], "--default") || !strcmp(argv[i], "-d"))
			it.is_default = true;
		else if ((!strcmp(argv[i], "--key") ||
			  !strcmp(argv[i], "-k")) && i + 1 < argc)
			i++;
	}
	if (i >= argc)
		return F_NEXT;	/* a blank line in the menu */
	if (ip->n_items == IPXE_ITEMS_MAX)
		return fail(ip, NULL, "more than 256 menu items; '%s' was "
			    "left out", argv[i]);
	it.label = keep(ip, argv[i]);
	it.text = i + 1 < argc ? join(ip, argv + i + 1, argc - i - 1) :
		  it.label;
	if (!it.label || !it.text)
		return fail(ip, NULL, "the script keeps more than 4 MiB of "
			    "settings and command lines");
	ip->items[ip->n_items++] = it;
	return F_NEXT;
}

static int cmd_choose(struct ipxe *ip, struct script *sc, char **argv,
		      int argc)
{
	for (int i = 1; i < argc; i++)
		if ((!strcmp(argv[i], "--default") || !strcmp(argv[i], "-d")) &&
		    i + 1 < argc)
			ip->choose_default = keep(ip, argv[++i]);
	ip->menu_sc = sc;
	ip->at_menu = ip->st;
	return F_MENU;
}

/* Commands that only talk to the console or set up the network, which
 * hopboot has done already: they succeed and change nothing here. */
static bool harmless(const char *cmd)
{
	static const char *const names[] = {
		"echo", "prompt", "sleep", "dhcp", "ifopen", "ifconf",
		"ifstat", "ifclose", "console", "colour", "cpair", "params",
		"param", "imgverify", "imgtrust", "ntp", "sync", "show",
		"route", "cpuid", "autoboot", "clear", "imgstat", "login",
		"imgfree", "vcreate", "vdestroy",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(cmd, names[i]))
			return true;
	return false;
}

/* One command: F_NEXT with *status, or the flow it starts. */
static int command(struct ipxe *ip, struct script *sc, char **argv, int argc,
		   int depth, int *status)
{
	const char *c = argv[0];

	*status = 0;
	if (!strcmp(c, "set") && argc >= 2)
		return set_var(ip, argv[1], join(ip, argv + 2, argc - 2));
	if (!strcmp(c, "clear") && argc >= 2)
		return set_var(ip, argv[1], "");
	if (!strcmp(c, "isset")) {
		*status = argc < 2 || !*argv[1];
		return F_NEXT;
	}
	if (!strcmp(c, "iseq")) {
		*status = argc < 3 || strcmp(argv[1], argv[2]);
		return F_NEXT;
	}
	if (!strcmp(c, "kernel") || !strcmp(c, "imgexec") ||
	    !strcmp(c, "imgselect"))
		return cmd_kernel(ip, sc, argv, argc);
	if (!strcmp(c, "initrd") || !strcmp(c, "module") ||
	    !strcmp(c, "imgfetch"))
		return cmd_initrd(ip, sc, argv, argc);
	if (!strcmp(c, "imgargs")) {
		if (argc < 2 || !ip->st.kernel)
			return fail(ip, sc, "imgargs %s: no kernel loaded",
				    argc > 1 ? argv[1] : "");
		ip->st.args = join(ip, argv + 2, argc - 2);
		return ip->st.args ? F_NEXT :
		       fail(ip, sc, "the script keeps more than 4 MiB of "
			    "settings and command lines");
	}
	if (!strcmp(c, "boot")) {
		if (argc >= 2 && strchr(argv[1], '/') && !ip->st.kernel &&
		    cmd_kernel(ip, sc, argv, argc) != F_NEXT)
			return F_ERR;
		if (!ip->st.kernel)
			return fail(ip, sc, "'boot' with no kernel loaded");
		return F_BOOT;
	}
	if (!strcmp(c, "chain") || !strcmp(c, "imgload"))
		return cmd_chain(ip, sc, argv, argc, depth);
	if (!strcmp(c, "goto") && argc >= 2) {
		ip->goto_label = argv[1];
		return F_GOTO;
	}
	if (!strcmp(c, "exit") || !strcmp(c, "reboot") ||
	    !strcmp(c, "poweroff") || !strcmp(c, "shell") ||
	    !strcmp(c, "sanboot"))
		return F_EXIT;
	if (!strcmp(c, "menu")) {
		ip->n_items = 0;
		ip->choose_default = NULL;
		return F_NEXT;
	}
	if (!strcmp(c, "item"))
		return cmd_item(ip, argv, argc);
	if (!strcmp(c, "choose"))
		return cmd_choose(ip, sc, argv, argc);
	if (harmless(c))
		return F_NEXT;
	return fail(ip, sc, "'%s' is not in the iPXE commands hopboot "
		    "reads (doc/network.md)", c);
}

static size_t find_label(const struct script *sc, const char *label)
{
	for (size_t i = 0; i < sc->n; i++)
		if (sc->lines[i][0] == ':' && !strcmp(sc->lines[i] + 1, label))
			return i + 1;
	return (size_t)-1;
}

/* Runs one line's commands joined by && and ||. */
static int line(struct ipxe *ip, struct script *sc, char *text, int depth)
{
	char *argv[ARGS_MAX];
	int argc = 0, status = 0, flow = F_NEXT;
	char *p = expand(ip, text, ip->line[depth]), *tok;

	if (!p)
		return fail(ip, sc, "a line grows longer than 4096 bytes "
			    "once its settings are expanded");
	for (tok = strtok(p, " \t"); tok && argc < ARGS_MAX;
	     tok = strtok(NULL, " \t"))
		argv[argc++] = tok;
	for (int i = 0; i < argc && flow == F_NEXT;) {
		int j = i;

		while (j < argc && strcmp(argv[j], "&&") && strcmp(argv[j], "||"))
			j++;
		if (j > i) {
			/* argv[j] is the operator; end this command there. */
			char *op = j < argc ? argv[j] : NULL;

			flow = command(ip, sc, argv + i, j - i, depth, &status);
			if (flow != F_NEXT || !op)
				break;
			/* "a && b": b only when a succeeded; "a || b": when
			 * it failed. Skip commands that must not run. */
			while (j < argc && ((!strcmp(argv[j], "&&") && status) ||
					    (!strcmp(argv[j], "||") && !status))) {
				j++;
				while (j < argc && strcmp(argv[j], "&&") &&
				       strcmp(argv[j], "||"))
					j++;
			}
		}
		i = j + 1;
	}
	return flow;
}

static int run_from(struct ipxe *ip, struct script *sc, size_t pc, int depth)
{
	while (pc < sc->n) {
		char *text = sc->lines[pc++];
		int flow;

		text += strspn(text, " \t");
		if (!*text || *text == '#' || *text == ':')
			continue;
		if (++ip->steps > IPXE_STEPS_MAX)
			return fail(ip, sc, "runs more than 5000 lines "
				    "(a goto loop?)");
		if (++ip->all_steps > IPXE_ALL_STEPS_MAX)
			return fail(ip, sc, "runs more than 50000 lines for "
				    "all its menu items together");
		flow = line(ip, sc, text, depth);
		if (flow == F_GOTO) {
			pc = find_label(sc, ip->goto_label);
			if (pc == (size_t)-1)
				return fail(ip, sc, "goto %s: no such label",
					    ip->goto_label);
			continue;
		}
		if (flow != F_NEXT)
			return flow;
	}
	return F_EXIT;
}

static int add_option(struct ipxe *ip, const char *label, const char *title,
		      int flow)
{
	struct parse_ctx *ctx = ip->ctx;
	struct boot_option *o = option_set_add_option(ctx->set);

	if (!o)
		return -ENOMEM;
	o->id = arena_printf(ip->a, "%s:ipxe:%s", ctx->dev->id, label);
	o->device = ctx->dev->id;
	o->source = SOURCE_IPXE;
	o->title = title;
	o->cmdline = ip->st.args ? ip->st.args : "";
	if (!o->id)
		return -ENOMEM;
	/* The script first run, then the one holding the menu. */
	if (option_add_config(ctx->set, o, o->device, NULL,
			      ip->scripts[0]->path) < 0 ||
	    (ip->menu_sc && option_add_config(ctx->set, o, o->device, NULL,
					      ip->menu_sc->path) < 0))
		return -ENOMEM;
	if (flow != F_BOOT)
		return strlist_add(&o->errors, ip->a, flow == F_ERR && ip->err ?
				   ip->err : "the script ends before 'boot'");
	o->kernel = ip->st.kernel;
	for (size_t i = 0; i < ip->st.n_initrds; i++) {
		struct resource *r = option_add_initrd(ctx->set, o,
			ip->st.initrds[i]->device, ip->st.initrds[i]->path);

		if (!r)
			return -ENOMEM;
		r->url = ip->st.initrds[i]->url;
	}
	return 0;
}

int ipxe_parse(struct parse_ctx *ctx, const char *path, const char *url_base)
{
	struct ipxe *ip = arena_calloc(ctx->set->arena, 1, sizeof(*ip));
	size_t first = ctx->set->n_options;
	struct script *sc;
	int flow, r = 0;

	if (!ip)
		return -ENOMEM;
	ip->ctx = ctx;
	ip->a = ctx->set->arena;
	ip->url_base = url_base;
	sc = load(ip, path);
	if (!sc)
		return strlist_add(&ctx->dev->errors, ip->a, ip->err ? ip->err :
				   "out of memory") < 0 ? -ENOMEM : 0;
	flow = run_from(ip, sc, 0, 0);
	if (flow == F_BOOT) {
		r = add_option(ip, "boot", arena_printf(ip->a, "%s (iPXE)",
				ip->st.kname), flow);
	} else if (flow == F_MENU) {
		for (size_t i = 0; i < ip->n_items && r == 0; i++) {
			const struct item *it = &ip->items[i];
			size_t pc = find_label(ip->menu_sc, it->label);
			int f = F_ERR;

			ip->st = ip->at_menu;
			ip->steps = 0;
			ip->err = NULL;
			if (pc == (size_t)-1)
				fail(ip, ip->menu_sc, "the menu item %s has "
				     "no label of that name", it->label);
			else
				f = run_from(ip, ip->menu_sc, pc, 0);
			if (f == F_EXIT || f == F_MENU)
				continue;	/* back to a shell or a menu */
			r = add_option(ip, it->label, it->text, f);
			if (!r && (it->is_default ||
				   (ip->choose_default &&
				    !strcmp(ip->choose_default, it->label))))
				ctx->set->options[ctx->set->n_options - 1]
					->is_default = true;
		}
	} else {
		r = strlist_add(&ctx->dev->errors, ip->a,
				flow == F_ERR && ip->err ? ip->err :
				arena_printf(ip->a, "the iPXE script %s ends "
					     "without booting anything", path));
	}
	if (r < 0)
		return -ENOMEM;
	return (int)(ctx->set->n_options - first);
}
