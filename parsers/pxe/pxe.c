/* pxe.c - which pxelinux.cfg file pxelinux 6.04 reads, and reading it.
 *
 * The order is pxe_load_config() of core/fs/pxe/pxe.c in syslinux 6.04
 * (and the PXELINUX page of the syslinux wiki): option 209 when the DHCP
 * server sent one, then pxelinux.cfg/ under the path prefix, which is
 * option 210 or the folder of the boot file pxelinux was loaded as.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "pxe.h"
#include "strlist.h"

static bool empty(const char *s)
{
	return !s || !*s;
}

/* "::name" is name from the TFTP server's root (core/fs/pxe/urlparse.c:
 * a TFTP path with an empty host, never prefixed), in DHCP options 209
 * and 210 as in a config; it is returned "/"-rooted. Other names are
 * returned as they are. */
static const char *tftp_root(const char *name, struct arena *a)
{
	if (name[0] != ':' || name[1] != ':')
		return name;
	return arena_printf(a, "/%s", name + 2 + (name[2] == '/'));
}

const char *pxe_prefix(const struct pxe_lookup *lk, struct arena *a)
{
	const char *p = lk->pathprefix;
	size_t n;

	if (!empty(p) && !(p = tftp_root(p, a)))
		return NULL;
	if (empty(p)) {
		const char *bf = lk->boot_file ? lk->boot_file : "";
		const char *slash = strrchr(bf, '/');

		p = bf;
		n = slash ? (size_t)(slash - bf + 1) : 0;
	} else {
		n = strlen(p);
	}
	while (n && *p == '/') {
		p++;
		n--;
	}
	if (!n)
		return "/";
	return arena_printf(a, "/%.*s%s", (int)n, p,
			    p[n - 1] == '/' ? "" : "/");
}

bool pxe_uuid_name(const char *dmi_uuid, bool smbios_26, char *out)
{
	/* Where each byte of the table's order sits in Linux's string. */
	static const unsigned char swapped[16] = {
		3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15,
	};
	unsigned char b[16];
	const char *p = dmi_uuid;
	size_t k = 0;

	if (!dmi_uuid || strlen(dmi_uuid) != 36)
		return false;
	for (int i = 0; i < 16; i++) {
		unsigned v;

		if (*p == '-')
			p++;
		if (!isxdigit((unsigned char)p[0]) ||
		    !isxdigit((unsigned char)p[1]) ||
		    sscanf(p, "%2x", &v) != 1)
			return false;
		b[i] = (unsigned char)v;
		p += 2;
	}
	for (int i = 0; i < 16; i++) {
		k += (size_t)sprintf(out + k, "%02x",
				     b[smbios_26 ? swapped[i] : i]);
		if (i == 3 || i == 5 || i == 7 || i == 9)
			out[k++] = '-';
	}
	out[k] = '\0';
	/* sysappend.c is_valid_uuid(), on the table's byte 6. */
	return b[smbios_26 ? swapped[6] : 6] >= 0x10 &&
	       b[smbios_26 ? swapped[6] : 6] < 0xf0;
}

static int add(struct strlist *out, struct arena *a, const char *prefix,
	       const char *name)
{
	while (*name == '/' && prefix[0] == '/' && !prefix[1])
		name++;
	return strlist_addf(out, a, "%s%s", name[0] == '/' ? "" : prefix,
			    name);
}

int pxe_candidates(const struct pxe_lookup *lk, struct arena *a,
		   struct strlist *out)
{
	const char *prefix = pxe_prefix(lk, a);
	struct in_addr ip;
	char name[64];
	int r = 0;

	if (!prefix)
		return -ENOMEM;
	if (!empty(lk->conffile)) {
		const char *conf = tftp_root(lk->conffile, a);

		if (!conf || (r = add(out, a, prefix, conf)))
			return conf ? r : -ENOMEM;
	}
	if (!empty(lk->uuid)) {
		size_t i;

		for (i = 0; lk->uuid[i] && i < 36; i++)
			name[i] = (char)tolower((unsigned char)lk->uuid[i]);
		name[i] = '\0';
		r = strlist_addf(out, a, "%spxelinux.cfg/%s", prefix, name);
	}
	if (!r && !empty(lk->mac) && strlen(lk->mac) < 30) {
		/* BOOTIF's form: the ARP type, then the address. */
		size_t k = (size_t)snprintf(name, sizeof(name), "%02x-",
					    lk->hwtype ? lk->hwtype & 0xff : 1);

		for (const char *m = lk->mac; *m; m++)
			name[k++] = *m == ':' ? '-' :
				    (char)tolower((unsigned char)*m);
		name[k] = '\0';
		r = strlist_addf(out, a, "%spxelinux.cfg/%s", prefix, name);
	}
	if (!r && !empty(lk->ip) && inet_pton(AF_INET, lk->ip, &ip) == 1) {
		const unsigned char *b = (const unsigned char *)&ip.s_addr;

		snprintf(name, sizeof(name), "%02X%02X%02X%02X", b[0], b[1],
			 b[2], b[3]);
		for (int len = 8; len > 0 && !r; len--)
			r = strlist_addf(out, a, "%spxelinux.cfg/%.*s", prefix,
					 len, name);
	}
	if (!r)
		r = strlist_addf(out, a, "%spxelinux.cfg/default", prefix);
	return r;
}

int pxe_parse(struct parse_ctx *ctx, const struct pxe_lookup *lk,
	      const char *url_base)
{
	struct arena *a = ctx->set->arena;
	struct strlist tried = { 0 };
	struct net_info net = ctx->net ? *ctx->net : (struct net_info){ 0 };
	const struct net_info *saved = ctx->net;
	const char *found = NULL;
	char *list;
	size_t len = 0;
	int r;

	r = pxe_candidates(lk, a, &tried);
	if (r < 0)
		return r;
	for (size_t i = 0; i < tried.n && !found; i++)
		if (fsview_is_file(ctx->fs, tried.v[i]))
			found = tried.v[i];
	if (found) {
		net.config = found;
		net.cwd = pxe_prefix(lk, a);
		net.url = url_base;
		if (!net.cwd)
			return -ENOMEM;
		ctx->net = &net;
		r = syslinux_parse(ctx);
		ctx->net = saved;
		return r;
	}
	for (size_t i = 0; i < tried.n; i++)
		len += strlen(tried.v[i]) + 2;
	list = arena_alloc(a, len + 1);
	if (!list)
		return -ENOMEM;
	list[0] = '\0';
	for (size_t i = 0; i < tried.n; i++)
		strcat(strcat(list, i ? ", " : ""), tried.v[i]);
	r = strlist_addf(&ctx->dev->errors, a,
			 "no pxelinux configuration on %s: tried %s; put one "
			 "of these files on the TFTP server, or name one with "
			 "DHCP option 209", url_base, list);
	return r < 0 ? r : 0;
}
