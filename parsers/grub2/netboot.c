/* netboot.c - which grub.cfg a netbooted GRUB 2.06 reads, and its (tftp) device names.
 *
 * GRUB's kernel sets $prefix to (tftp,SERVER) and the path grub-mknetdir
 * embedded ("/boot/grub"; without one, the boot file's folder less its
 * platform folder: grub_set_prefix_and_root), $root to tftp,SERVER; normal
 * mode then tries grub.cfg-01-MAC, grub.cfg-HEXIP shortened one digit at a
 * time, and grub.cfg under $prefix (grub_net_search_config_file, the
 * order the GRUB manual's "Network" section gives). An EFI GRUB image
 * read from the server (image.h) brings its own prefix, an embedded
 * config run first as rescue mode runs it, and its memdisk as (memdisk).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "grub2/interp.h"
#include "grub2/netboot.h"
#include "strlist.h"

static const char *const platforms[] = {
	"i386-pc", "i386-efi", "x86_64-efi", "arm-efi", "arm64-efi",
	"ia64-efi", "riscv32-efi", "riscv64-efi", "loongarch64-efi",
	"i386-ieee1275", "powerpc-ieee1275", "sparc64-ieee1275", NULL,
};

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

bool grub2_net_is_core(const char *boot_file)
{
	const char *base, *p;

	if (!boot_file || !*boot_file)
		return false;
	base = strrchr(boot_file, '/');
	base = base ? base + 1 : boot_file;
	if (has_prefix(base, "grub") || !strcmp(base, "core.0") ||
	    !strcmp(base, "core.efi") || !strcmp(base, "core.pxe"))
		return true;
	for (p = boot_file; p < base; p += strcspn(p, "/") + 1) {
		size_t n = strcspn(p, "/");

		if ((n == 4 && !strncmp(p, "grub", 4)) ||
		    (n == 5 && !strncmp(p, "grub2", 5)))
			return true;
	}
	return false;
}

const char *grub2_net_prefix(const char *boot_file, struct arena *a)
{
	const char *bf = boot_file ? boot_file : "", *slash, *last;
	size_t n;

	while (*bf == '/')
		bf++;
	slash = strrchr(bf, '/');
	n = slash ? (size_t)(slash - bf) : 0;
	while (n && bf[n - 1] == '/')
		n--;
	/* The last folder, dropped when it is a platform's. */
	for (last = bf + n; last > bf && last[-1] != '/'; last--)
		;
	for (int i = 0; platforms[i]; i++)
		if (strlen(platforms[i]) == (size_t)(bf + n - last) &&
		    !strncmp(last, platforms[i], strlen(platforms[i]))) {
			n = (size_t)(last - bf);
			while (n && bf[n - 1] == '/')
				n--;
			break;
		}
	return n ? arena_printf(a, "/%.*s", (int)n, bf) : arena_strdup(a, "");
}

int grub2_net_candidates(const char *prefix, const char *mac, const char *ip,
			 struct arena *a, struct strlist *out)
{
	struct in_addr in;
	char name[64];
	int r = 0;

	if (mac && *mac && strlen(mac) < 40) {
		/* grub_net_hwaddr_to_str: lower case, ':' made '-'. */
		size_t k = 0;

		for (const char *m = mac; *m; m++)
			name[k++] = *m == ':' ? '-' :
				    (char)tolower((unsigned char)*m);
		name[k] = '\0';
		r = strlist_addf(out, a, "%s/grub.cfg-01-%s", prefix, name);
	}
	if (!r && ip && inet_pton(AF_INET, ip, &in) == 1) {
		const unsigned char *b = (const unsigned char *)&in.s_addr;

		snprintf(name, sizeof(name), "%02X%02X%02X%02X", b[0], b[1],
			 b[2], b[3]);
		for (int len = 8; len > 0 && !r; len--)
			r = strlist_addf(out, a, "%s/grub.cfg-%.*s", prefix,
					 len, name);
	}
	if (!r)
		r = strlist_addf(out, a, "%s/grub.cfg", prefix);
	return r < 0 ? -ENOMEM : 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

/*
 * GRUB 2.06's rescue mode, as grub_main runs an image's embedded config
 * (grub_parser_execute): one line at a time, split by
 * grub_parser_split_cmdline (kern/parser.c) into words, then NAME=VALUE,
 * or a command. Only what decides which config normal mode reads is
 * followed: variables (set, unset, NAME=VALUE), 'normal [FILE]' and
 * 'configfile FILE'; other commands are handed to the script unchanged.
 */
struct rescue {
	struct arena *a;
	struct { const char *name, *value; } v[GRUB2_NET_EMBED_VARS];
	int n;
};

static const char *rget(const struct rescue *r, const char *name)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].name, name))
			return r->v[i].value;
	return NULL;
}

/* Returns 0 or -ENOMEM; past GRUB2_NET_EMBED_VARS names are dropped. */
static int rset(struct rescue *r, const char *name, const char *value)
{
	int i;

	for (i = 0; i < r->n && strcmp(r->v[i].name, name); i++)
		;
	if (i == GRUB2_NET_EMBED_VARS)
		return 0;
	if (i == r->n) {
		r->v[i].name = arena_strdup(r->a, name);
		if (!r->v[i].name)
			return -ENOMEM;
		r->n++;
	}
	r->v[i].value = arena_strdup(r->a, value);
	return r->v[i].value ? 0 : -ENOMEM;
}

static void runset(struct rescue *r, const char *name)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].name, name))
			r->v[i].value = NULL;
}

enum pstate {
	P_TEXT, P_ESC, P_QUOTE, P_DQUOTE, P_VAR, P_VARNAME, P_VARNAME2,
	P_QVAR, P_QVARNAME, P_QVARNAME2,
};

static bool var_state(enum pstate s)
{
	return s == P_VARNAME || s == P_VARNAME2 || s == P_QVARNAME ||
	       s == P_QVARNAME2;
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* grub_parser_cmdline_state's table: the next state, and whether c is
 * kept. */
static enum pstate pnext(enum pstate s, char c, bool *keep)
{
	*keep = false;
	switch (s) {
	case P_TEXT:
		if (c == '\'')
			return P_QUOTE;
		if (c == '"')
			return P_DQUOTE;
		if (c == '$')
			return P_VAR;
		if (c == '\\')
			return P_ESC;
		break;
	case P_ESC:
		*keep = true;
		return P_TEXT;
	case P_QUOTE:
		if (c == '\'')
			return P_TEXT;
		break;
	case P_DQUOTE:
		if (c == '"')
			return P_TEXT;
		if (c == '$')
			return P_QVAR;
		break;
	case P_VAR:
		if (c == '{')
			return P_VARNAME2;
		*keep = true;
		return P_VARNAME;
	case P_VARNAME:
		*keep = true;
		return name_char(c) ? P_VARNAME : P_TEXT;
	case P_VARNAME2:
		if (c == '}')
			return P_TEXT;
		break;
	case P_QVAR:
		if (c == '{')
			return P_QVARNAME2;
		*keep = true;
		return P_QVARNAME;
	case P_QVARNAME:
		if (c == '"')
			return P_TEXT;
		*keep = true;
		return name_char(c) ? P_QVARNAME : P_DQUOTE;
	case P_QVARNAME2:
		if (c == '}')
			return P_DQUOTE;
		break;
	}
	*keep = true;
	return s;
}

#define WORDS_MAX 64
#define LINE_MAX_BYTES 8192

struct words {
	char buf[LINE_MAX_BYTES];
	size_t len, start;	/* bytes used; where the open word starts */
	char name[256];
	size_t name_len;
	int argc;
	char *argv[WORDS_MAX];
	bool overflow;
};

static void wput(struct words *w, char c)
{
	if (w->len + 1 < sizeof(w->buf))
		w->buf[w->len++] = c;
	else
		w->overflow = true;
}

/* terminate_arg: an empty word is no word. */
static void wend(struct words *w)
{
	if (w->len == w->start)
		return;
	wput(w, '\0');
	if (w->argc < WORDS_MAX && !w->overflow)
		w->argv[w->argc++] = w->buf + w->start;
	else
		w->overflow = true;
	w->start = w->len;
}

/* add_var: a variable's name ended; its value joins the word. */
static void wvar(struct words *w, const struct rescue *r)
{
	const char *v;

	w->name[w->name_len] = '\0';
	v = rget(r, w->name);
	w->name_len = 0;
	for (; v && *v; v++)
		wput(w, *v);
}

/* Splits the command starting at *p (lines continue while a quote is
 * open) into w; *p moves past it. */
static void split(const char **p, const char *end, const struct rescue *r,
		  struct words *w)
{
	enum pstate st = P_TEXT;
	const char *s = *p;

	w->len = w->start = w->name_len = 0;
	w->argc = 0;
	w->overflow = false;
	do {
		for (; s < end && *s != '\n'; s++) {
			bool keep;
			enum pstate ns = pnext(st, *s, &keep);

			if (var_state(st) && !var_state(ns))
				wvar(w, r);
			if (var_state(ns)) {
				if (keep && w->name_len + 1 < sizeof(w->name))
					w->name[w->name_len++] = *s;
			} else if (ns == P_TEXT && st != P_ESC && keep &&
				   isspace((unsigned char)*s)) {
				wend(w);
			} else if (keep) {
				wput(w, *s);
			}
			st = ns;
		}
		if (s < end)
			s++;		/* the newline */
	} while (s < end && st != P_TEXT && !var_state(st));
	if (var_state(st))
		wvar(w, r);
	wend(w);
	*p = s;
}

/* s in GRUB's single quotes: ' becomes '\''. NULL on -ENOMEM. */
static char *quote(struct arena *a, const char *s)
{
	size_t n = 3;
	char *q, *o;

	for (const char *c = s; *c; c++)
		n += *c == '\'' ? 4 : 1;
	q = arena_alloc(a, n);
	if (!q)
		return NULL;
	o = q;
	*o++ = '\'';
	for (; *s; s++) {
		if (*s == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *s;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return q;
}

struct script {
	struct arena *a;
	char *text;
	size_t len, cap;
};

static int sadd(struct script *sc, const char *s, size_t n)
{
	void *t = sc->text;

	if (arena_grow(sc->a, &t, &sc->cap, sc->len + n + 1, 1) < 0)
		return -ENOMEM;
	sc->text = t;
	memcpy(sc->text + sc->len, s, n);
	sc->len += n;
	sc->text[sc->len] = '\0';
	return 0;
}

static int sline(struct script *sc, const char *cmd, const char *arg,
		 struct arena *a)
{
	char *q = arg ? quote(a, arg) : NULL;

	if (arg && !q)
		return -ENOMEM;
	if (sadd(sc, cmd, strlen(cmd)) < 0 ||
	    (q && (sadd(sc, " ", 1) < 0 || sadd(sc, q, strlen(q)) < 0)) ||
	    sadd(sc, "\n", 1) < 0)
		return -ENOMEM;
	return 0;
}

enum { STEP_NORMAL, STEP_FILE, STEP_CONFIGFILE };

/*
 * Runs the embedded config as rescue mode does, writing what the GRUB
 * interpreter must run into sc: variables as they were set, other
 * commands as written. Returns the step normal mode takes next
 * (STEP_FILE or STEP_CONFIGFILE with *file set, or STEP_NORMAL: the
 * config under $prefix), or -ENOMEM.
 */
static int run_embedded(struct rescue *r, const char *text, struct script *sc,
			const char **file)
{
	const char *p = text, *end = text + strlen(text);
	struct words *w = arena_alloc(r->a, sizeof(*w));

	if (!w)
		return -ENOMEM;
	for (int line = 0; p < end && line < GRUB2_NET_EMBED_LINES; line++) {
		const char *from = p;
		char *eq;
		int rr = 0;

		split(&p, end, r, w);
		if (!w->argc || w->overflow)
			continue;
		if (w->argc == 1 && (eq = strchr(w->argv[0], '='))) {
			*eq = '\0';
			if (rset(r, w->argv[0], eq + 1) < 0)
				return -ENOMEM;
			*eq = '=';
			rr = sline(sc, "set", w->argv[0], r->a);
		} else if (!strcmp(w->argv[0], "set") && w->argc > 1) {
			eq = strchr(w->argv[1], '=');
			if (!eq)
				continue;	/* an error in GRUB too */
			*eq = '\0';
			if (rset(r, w->argv[1], eq + 1) < 0)
				return -ENOMEM;
			*eq = '=';
			rr = sline(sc, "set", w->argv[1], r->a);
		} else if (!strcmp(w->argv[0], "unset")) {
			for (int i = 1; i < w->argc && !rr; i++) {
				runset(r, w->argv[i]);
				rr = sline(sc, "unset", w->argv[i], r->a);
			}
		} else if (!strcmp(w->argv[0], "normal")) {
			/* grub_enter_normal_mode: a menu that never
			 * returns to the lines after. */
			if (w->argc == 1)
				return STEP_NORMAL;
			*file = arena_strdup(r->a, w->argv[1]);
			return *file ? STEP_FILE : -ENOMEM;
		} else if (!strcmp(w->argv[0], "configfile") && w->argc > 1) {
			*file = arena_strdup(r->a, w->argv[1]);
			return *file ? STEP_CONFIGFILE : -ENOMEM;
		} else {
			rr = sadd(sc, from, (size_t)(p - from));
			if (!rr && sc->len && sc->text[sc->len - 1] != '\n')
				rr = sadd(sc, "\n", 1);
		}
		if (rr < 0)
			return -ENOMEM;
	}
	return STEP_NORMAL;
}

/*
 * grub_set_prefix_and_root: the image's prefix "(DEVICE)PATH" or "PATH";
 * without a device, or one that is empty or starts with ',', the boot
 * location's device (efinet: "tftp,SERVER") fills it in; without a path,
 * the boot file's folder less its platform folder. Sets nb->device and
 * nb->prefix. Returns 0 or -ENOMEM.
 */
static int image_prefix(struct grub2_netboot *nb, const char *prefix,
			const char *boot_file, struct arena *a)
{
	const char *fw = arena_printf(a, "tftp,%s", nb->server);
	const char *dev = NULL, *path = NULL, *close;

	if (!fw)
		return -ENOMEM;
	if (prefix && prefix[0] == '(' && (close = strrchr(prefix, ')'))) {
		dev = arena_strndup(a, prefix + 1, (size_t)(close - prefix - 1));
		if (!dev)
			return -ENOMEM;
		prefix = close + 1;
	}
	if (prefix && *prefix)
		path = prefix;
	if (!dev)
		dev = fw;
	else if (!*dev || *dev == ',')
		dev = arena_printf(a, "tftp%s", dev);
	nb->device = dev;
	nb->prefix = path ? arena_strdup(a, path) :
		     grub2_net_prefix(boot_file, a);
	return nb->device && nb->prefix ? 0 : -ENOMEM;
}

/* The path on this boot server of a GRUB name "(tftp)/x",
 * "(tftp,SERVER)/x", or NULL when it names another place. */
static const char *server_path(const char *name, const char *server)
{
	size_t n = strlen(server);

	if (!strncmp(name, "(tftp)", 6))
		return name + 6;
	if (!strncmp(name, "(tftp,", 6) && !strncmp(name + 6, server, n) &&
	    name[6 + n] == ')')
		return name + 7 + n;
	return NULL;
}

/* ctx->image_view while an image's memdisk is (memdisk). */
static const struct fsview *memdisk_view(const struct parse_ctx *ctx,
					 const struct device *dev,
					 const char *image, char *why,
					 size_t whylen)
{
	const struct grub2_net_image *img = ctx->image_data;

	if (img && img->memdisk && dev == ctx->dev && !strcmp(image, img->path))
		return img->memdisk;
	snprintf(why, whylen, "does not open from a boot server: only the GRUB image's own memdisk is read there");
	return NULL;
}

static int no_config(struct parse_ctx *ctx, const char *url_base,
		     const char *boot_file, const struct grub2_net_image *img,
		     const struct strlist *tried)
{
	struct arena *a = ctx->set->arena;
	char *list;
	size_t len = 0;

	for (size_t i = 0; i < tried->n; i++)
		len += strlen(tried->v[i]) + 2;
	list = arena_alloc(a, len + 1);
	if (!list)
		return -ENOMEM;
	list[0] = '\0';
	for (size_t i = 0; i < tried->n; i++)
		strcat(strcat(list, i ? ", " : ""), tried->v[i]);
	if (img)
		return strlist_addf(&ctx->dev->errors, a,
				    "no GRUB configuration on %s for the GRUB "
				    "image %s%s%s: tried %s; put one of these "
				    "files on the TFTP server (the image's "
				    "built-in prefix, grub-mkimage's -p, is "
				    "the folder)", url_base, img->path,
				    img->shim ? ", which the shim boot file "
				    "loads: " : "", img->shim ? img->shim : "",
				    list) < 0 ? -ENOMEM : 0;
	return strlist_addf(&ctx->dev->errors, a,
			    "no GRUB configuration on %s for the boot file %s: "
			    "tried %s; put one of these files on the TFTP "
			    "server (grub-mknetdir's --subdir is the folder)",
			    url_base, boot_file, list) < 0 ? -ENOMEM : 0;
}

int grub2_net_parse(struct parse_ctx *ctx, const char *boot_file,
		    const char *url_base, const struct grub2_net_image *img)
{
	struct arena *a = ctx->set->arena;
	const struct net_info *net = ctx->net;
	struct grub2_netboot nb = { .url = url_base };
	struct parse_ctx c = *ctx;
	struct strlist tried = { 0 };
	struct script sc = { .a = a };
	struct rescue res = { .a = a };
	const char *bf = boot_file ? boot_file : "", *slash, *file = NULL;
	const char *prefix, *search;
	int step = STEP_NORMAL;

	while (*bf == '/')
		bf++;
	slash = strrchr(bf, '/');
	nb.server = net && net->server ? net->server : "";
	nb.boot_dir = arena_printf(a, "/%.*s",
				   slash ? (int)(slash - bf) : 0, bf);
	nb.efi = img || ends_with(bf, ".efi");
	if (!nb.boot_dir)
		return -ENOMEM;
	if (img) {
		if (image_prefix(&nb, img->prefix, bf, a) < 0)
			return -ENOMEM;
		if (img->memdisk) {
			nb.memdisk = img->path;
			c.image_view = memdisk_view;
			c.image_data = (void *)img;
		}
	} else {
		nb.device = arena_printf(a, "tftp,%s", nb.server);
		nb.prefix = grub2_net_prefix(bf, a);
		if (!nb.device || !nb.prefix)
			return -ENOMEM;
	}
	prefix = arena_printf(a, "(%s)%s", nb.device, nb.prefix);
	if (!prefix)
		return -ENOMEM;
	if (img && img->config) {
		const char *cmdpath = arena_printf(a, "(tftp,%s)%s", nb.server,
						   nb.boot_dir);

		/* What GRUB's kernel has set when it runs the config. */
		if (!cmdpath || rset(&res, "root", nb.device) < 0 ||
		    rset(&res, "prefix", prefix) < 0 ||
		    rset(&res, "cmdpath", cmdpath) < 0 ||
		    rset(&res, "net_default_server", nb.server) < 0 ||
		    rset(&res, "pxe_default_server", nb.server) < 0 ||
		    rset(&res, "grub_platform", "efi") < 0 ||
		    rset(&res, "grub_cpu", "x86_64") < 0 ||
		    (net && net->ip && rset(&res, "net_default_ip", net->ip) < 0) ||
		    (net && net->mac &&
		     rset(&res, "net_default_mac", net->mac) < 0))
			return -ENOMEM;
		step = run_embedded(&res, img->config, &sc, &file);
		if (step < 0)
			return step;
		prefix = rget(&res, "prefix");
	}
	if (step == STEP_FILE || step == STEP_CONFIGFILE) {
		if (sline(&sc, step == STEP_FILE ? "source" : "configfile",
			  file, a) < 0)
			return -ENOMEM;
	} else if (!prefix) {
		/* normal mode without $prefix reads no config at all. */
		return strlist_addf(&ctx->dev->errors, a,
				    "the embedded config of the GRUB image %s "
				    "unsets $prefix and names no config, so "
				    "GRUB reads none", img->path) < 0 ?
		       -ENOMEM : 0;
	} else {
		/* grub_cmd_normal: $prefix/grub.cfg, searched for on the
		 * server first when $prefix is a (tftp...) device. */
		const char *opt = img && img->config ?
				  rget(&res, "feature_net_search_cfg") : NULL;

		search = !strncmp(prefix, "(tftp", 5) && !(opt && opt[0] == 'n') ?
			 server_path(prefix, nb.server) : NULL;
		if (search) {
			if (grub2_net_candidates(search, net ? net->mac : NULL,
						 net ? net->ip : NULL, a,
						 &tried) < 0)
				return -ENOMEM;
			for (size_t i = 0; i < tried.n && !nb.config; i++)
				if (fsview_is_file(ctx->fs, tried.v[i]))
					nb.config = tried.v[i];
			if (!nb.config)
				return no_config(ctx, url_base, boot_file, img,
						 &tried);
			file = arena_printf(a, "%.*s%s",
					    (int)(search - prefix), prefix,
					    nb.config);
		} else {
			file = arena_printf(a, "%s/grub.cfg", prefix);
		}
		if (!file)
			return -ENOMEM;
		/* Without an embedded config, a config found on this
		 * server is read as before: it is the first one. */
		if (!(img && img->config) && search)
			return grub2_parse_net(&c, &nb);
		if (sline(&sc, "source", file, a) < 0)
			return -ENOMEM;
	}
	if (!img)
		return 0;	/* not reached: a server's config returned */
	nb.config = img->path;
	nb.script = sc.text;
	nb.script_len = sc.len;
	return grub2_parse_net(&c, &nb);
}

struct device *grub2_net_dev(struct grub2 *g, const char *name,
			     const char **why)
{
	const char *server = NULL;

	/* GRUB 2.06 grub_net_open_real: "PROTO,SERVER", "PROTO" on the
	 * default server, and the old "pxe" and "pxe:SERVER". */
	if (!strcmp(name, "tftp") || !strcmp(name, "pxe"))
		return g->ctx->dev;
	if (has_prefix(name, "tftp,"))
		server = name + 5;
	else if (has_prefix(name, "pxe:"))
		server = name + 4;
	if (server && !strcmp(server, g->nb->server))
		return g->ctx->dev;
	if (server)
		*why = arena_printf(g->a, "is on the TFTP server %s; hopboot "
				    "reads a network boot config's files only "
				    "from its own boot server %s", server,
				    g->nb->server);
	else if (has_prefix(name, "http,") || !strcmp(name, "http"))
		*why = "is on an HTTP server; hopboot reads a GRUB network "
		       "boot config's files over TFTP only so far: use "
		       "(tftp) instead";
	else
		*why = arena_printf(g->a, "is on the GRUB device (%s), not "
				    "on the boot server; a network boot "
				    "config reaches only (tftp) files in "
				    "hopboot", name);
	return NULL;
}

int grub2_net_env(struct grub2 *g)
{
	const struct net_info *n = g->ctx->net;
	const char *root = g->nb->device;
	const char *prefix = arena_printf(g->a, "(%s)%s", root,
					  g->nb->prefix);
	const char *cmdpath = arena_printf(g->a, "(tftp,%s)%s",
					   g->nb->server, g->nb->boot_dir);
	int r = 0;

	if (!prefix || !cmdpath)
		return -ENOMEM;
	r |= grub2_set(g, "root", root);
	r |= grub2_set(g, "prefix", prefix);
	r |= grub2_set(g, "cmdpath", cmdpath);
	r |= grub2_set(g, "net_default_server", g->nb->server);
	r |= grub2_set(g, "pxe_default_server", g->nb->server);
	if (n && n->ip)
		r |= grub2_set(g, "net_default_ip", n->ip);
	if (n && n->mac)
		r |= grub2_set(g, "net_default_mac", n->mac);
	/* memdisk.mod's disk, reached as the loopback devices are. */
	if (g->nb->memdisk && g->n_loopdevs < GRUB2_IMAGES_MAX)
		g->loopdevs[g->n_loopdevs++] = (struct grub2_loop){
			.name = "memdisk", .dev = g->ctx->dev,
			.image = g->nb->memdisk,
		};
	return r < 0 ? -ENOMEM : 0;
}
