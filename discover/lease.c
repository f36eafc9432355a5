/* lease.c - the DHCP lease that udhcpc's script wrote, and the kernel's ip=. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lease.h"

static bool is_ipv4(const char *s)
{
	struct in_addr a;

	return inet_pton(AF_INET, s, &a) == 1;
}

static bool printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* busybox exports options it has no name for as optNNN=<hex>. */
static bool unhex(const char *v, size_t n, char *out, size_t outlen)
{
	size_t k = 0;

	if (n % 2 || n / 2 >= outlen)
		return false;
	for (size_t i = 0; i < n; i += 2) {
		unsigned x;
		char two[3] = { v[i], v[i + 1], '\0' };

		if (!strchr("0123456789abcdefABCDEF", two[0]) ||
		    !strchr("0123456789abcdefABCDEF", two[1]) ||
		    sscanf(two, "%2x", &x) != 1)
			return false;
		/* A string option may end in NULs (RFC 2132 says it should
		 * not; some servers send one). */
		if (!x)
			break;
		out[k++] = (char)x;
	}
	out[k] = '\0';
	return printable(out, k);
}

enum kind { K_IP, K_STR, K_HEX, K_MAC };

static const struct key {
	const char *name;
	enum kind kind;
	size_t offset, size;
} keys[] = {
#define F(n, k, f) { n, k, offsetof(struct net_lease, f), \
		     sizeof(((struct net_lease *)0)->f) }
	F("interface", K_STR, iface),
	F("mac", K_MAC, mac),
	F("ip", K_IP, ip),
	F("subnet", K_IP, mask),
	F("router", K_IP, router),
	F("dns", K_IP, dns),
	F("siaddr", K_IP, siaddr),
	F("serverid", K_IP, serverid),
	F("hostname", K_STR, hostname),
	F("tftp", K_STR, tftp),
	F("bootfile", K_STR, bootfile),
	F("boot_file", K_STR, boot_file),
	F("pxeconffile", K_STR, conffile),
	F("pxepathprefix", K_STR, pathprefix),
	F("opt209", K_HEX, conffile),
	F("opt210", K_HEX, pathprefix),
#undef F
};

static bool is_mac(const char *v, size_t n)
{
	if (n != 17)
		return false;
	for (size_t i = 0; i < n; i++)
		if (i % 3 == 2 ? v[i] != ':' :
		    !v[i] || !strchr("0123456789abcdef", v[i]))
			return false;
	return true;
}

static void set_field(struct net_lease *l, const struct key *k,
		      const char *v, size_t n)
{
	char *dst = (char *)l + k->offset;
	char tmp[LEASE_STR_MAX];
	const char *sp;

	/* The script writes every key; an empty one must not undo another
	 * that named the same option (pxeconffile= and opt209=). */
	if (!n)
		return;
	switch (k->kind) {
	case K_HEX:
		if (unhex(v, n, tmp, sizeof(tmp)) && strlen(tmp) < k->size)
			strcpy(dst, tmp);
		return;
	case K_MAC:
		if (is_mac(v, n) && n < k->size) {
			memcpy(dst, v, n);
			dst[n] = '\0';
		}
		return;
	case K_IP:
		/* udhcpc lists several routers or DNS servers with spaces:
		 * the first is the one used. */
		sp = memchr(v, ' ', n);
		if (sp)
			n = (size_t)(sp - v);
		if (n >= k->size)
			return;
		memcpy(tmp, v, n);
		tmp[n] = '\0';
		if (is_ipv4(tmp))
			strcpy(dst, tmp);
		return;
	case K_STR:
		if (n < k->size && printable(v, n)) {
			memcpy(dst, v, n);
			dst[n] = '\0';
		}
		return;
	}
}

int lease_parse(const char *buf, size_t len, struct net_lease *l)
{
	const char *end = buf + len;

	memset(l, 0, sizeof(*l));
	while (buf < end) {
		const char *nl = memchr(buf, '\n', (size_t)(end - buf));
		const char *le = nl ? nl : end;
		const char *eq = memchr(buf, '=', (size_t)(le - buf));

		if (eq) {
			for (size_t i = 0; i < sizeof(keys) / sizeof(*keys);
			     i++) {
				if (strlen(keys[i].name) == (size_t)(eq - buf) &&
				    !memcmp(keys[i].name, buf,
					    (size_t)(eq - buf))) {
					/* NULs inside a line end it. */
					size_t n = strnlen(eq + 1,
						(size_t)(le - eq - 1));

					set_field(l, &keys[i], eq + 1, n);
					break;
				}
			}
		}
		buf = le + 1;
	}
	return l->ip[0] ? 0 : -EINVAL;
}

const char *lease_server(const struct net_lease *l)
{
	if (is_ipv4(l->tftp))
		return l->tftp;
	if (l->siaddr[0] && strcmp(l->siaddr, "0.0.0.0"))
		return l->siaddr;
	return l->serverid[0] ? l->serverid : NULL;
}

bool lease_offers_boot(const struct net_lease *l)
{
	return l->boot_file[0] || l->bootfile[0] || l->tftp[0] ||
	       l->conffile[0] || l->pathprefix[0] ||
	       (l->siaddr[0] && strcmp(l->siaddr, "0.0.0.0"));
}

const char *lease_boot_file(const struct net_lease *l)
{
	return l->boot_file[0] ? l->boot_file : l->bootfile;
}

/* One ':'-separated field of ip= into dst; false when too long. */
static bool field(const char **p, char *dst, size_t size)
{
	size_t n = strcspn(*p, ":");

	if (n >= size)
		return false;
	memcpy(dst, *p, n);
	dst[n] = '\0';
	*p += n + ((*p)[n] == ':');
	return true;
}

int lease_parse_ip_arg(const char *arg, struct net_lease *l, char *err,
		       size_t errlen)
{
	static const char *const dhcp[] = { "dhcp", "on", "any", "bootp",
					    "both", "rarp" };
	char autoconf[16] = "", *const fields[] = {
		l->ip, l->siaddr, l->router, l->mask, l->hostname, l->iface,
		autoconf, l->dns,
	};
	const size_t sizes[] = {
		sizeof(l->ip), sizeof(l->siaddr), sizeof(l->router),
		sizeof(l->mask), sizeof(l->hostname), sizeof(l->iface),
		sizeof(autoconf), sizeof(l->dns),
	};
	const char *p = arg;

	memset(l, 0, sizeof(*l));
	if (!strcmp(arg, "off") || !strcmp(arg, "none"))
		return LEASE_IP_OFF;
	for (size_t i = 0; i < sizeof(dhcp) / sizeof(*dhcp); i++)
		if (!strcmp(arg, dhcp[i]))
			return LEASE_IP_DHCP;
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields) && *p; i++) {
		if (!field(&p, fields[i], sizes[i])) {
			snprintf(err, errlen, "ip=%s: field %zu is too long; "
				 "the syntax is ip=<client>:<server>:<gateway>:"
				 "<netmask>:<host>:<device>:<autoconf>", arg,
				 i + 1);
			return -EINVAL;
		}
	}
	for (size_t i = 0; i < 4; i++) {
		if (i != 0 && i != 3 && !fields[i][0])
			continue;
		if (fields[i][0] && !is_ipv4(fields[i])) {
			snprintf(err, errlen, "ip=%s: '%s' is not an IPv4 "
				 "address (IPv6 is not supported yet)", arg,
				 fields[i]);
			return -EINVAL;
		}
	}
	if (!l->ip[0]) {
		if (!autoconf[0] || !strcmp(autoconf, "off") ||
		    !strcmp(autoconf, "none")) {
			snprintf(err, errlen, "ip=%s names no client address "
				 "and no autoconfiguration; give one, or "
				 "ip=dhcp", arg);
			return -EINVAL;
		}
		return LEASE_IP_DHCP;
	}
	if (!l->mask[0])
		strcpy(l->mask, "255.255.255.0");
	return LEASE_IP_STATIC;
}
