/* netboot.c - which grub.cfg a netbooted GRUB 2.06 reads, and its (tftp) device names.
 *
 * GRUB's kernel sets $prefix to (tftp,SERVER) and the path grub-mknetdir
 * embedded ("/boot/grub"; without one, the boot file's folder less its
 * platform folder: grub_set_prefix_and_root), $root to tftp,SERVER; normal
 * mode then tries grub.cfg-01-MAC, grub.cfg-HEXIP shortened one digit at a
 * time, and grub.cfg under $prefix (grub_net_search_config_file, the
 * order the GRUB manual's "Network" section gives).
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

int grub2_net_parse(struct parse_ctx *ctx, const char *boot_file,
		    const char *url_base)
{
	struct arena *a = ctx->set->arena;
	const struct net_info *net = ctx->net;
	struct grub2_netboot nb = { .url = url_base };
	struct strlist tried = { 0 };
	const char *bf = boot_file ? boot_file : "", *slash;
	char *list;
	size_t len = 0;

	while (*bf == '/')
		bf++;
	slash = strrchr(bf, '/');
	nb.server = net && net->server ? net->server : "";
	nb.prefix = grub2_net_prefix(bf, a);
	nb.boot_dir = arena_printf(a, "/%.*s",
				   slash ? (int)(slash - bf) : 0, bf);
	nb.efi = ends_with(bf, ".efi");
	if (!nb.prefix || !nb.boot_dir ||
	    grub2_net_candidates(nb.prefix, net ? net->mac : NULL,
				 net ? net->ip : NULL, a, &tried) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < tried.n && !nb.config; i++)
		if (fsview_is_file(ctx->fs, tried.v[i]))
			nb.config = tried.v[i];
	if (nb.config)
		return grub2_parse_net(ctx, &nb);
	for (size_t i = 0; i < tried.n; i++)
		len += strlen(tried.v[i]) + 2;
	list = arena_alloc(a, len + 1);
	if (!list)
		return -ENOMEM;
	list[0] = '\0';
	for (size_t i = 0; i < tried.n; i++)
		strcat(strcat(list, i ? ", " : ""), tried.v[i]);
	return strlist_addf(&ctx->dev->errors, a,
			    "no GRUB configuration on %s for the boot file %s: "
			    "tried %s; put one of these files on the TFTP "
			    "server (grub-mknetdir's --subdir is the folder)",
			    url_base, boot_file, list) < 0 ? -ENOMEM : 0;
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
	const char *root = arena_printf(g->a, "tftp,%s", g->nb->server);
	const char *prefix = arena_printf(g->a, "(%s)%s", root,
					  g->nb->prefix);
	const char *cmdpath = arena_printf(g->a, "(%s)%s", root,
					   g->nb->boot_dir);
	int r = 0;

	if (!root || !prefix || !cmdpath)
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
	return r < 0 ? -ENOMEM : 0;
}
