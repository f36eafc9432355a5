/* sysappend.c - the words IPAPPEND/SYSAPPEND add, as syslinux 6.04's sysappend.c. */
#include <stdio.h>
#include <string.h>

#include "sl.h"

/*
 * SYSAPPEND/IPAPPEND: bit i adds sysappend.c's string i, in bit order, each
 * after a blank, blanks inside a value made one '_' (verified: "SYSPRODUCT=
 * Standard_PC_(i440FX_+_PIIX,_1996)"). pxelinux knows ip= and BOOTIF= from
 * its lease; every derivative knows SYSUUID, CPU and the DMI strings from the
 * firmware and, on ext2/3/4 and FAT, FSUUID. hopboot has what ctx->net
 * carries (network boots) and the device's UUID.
 */
static const char *const sysappend_names[SL_SYSAPPEND_BITS] = {
	"ip", "BOOTIF", "SYSUUID", "CPU", "SYSVENDOR", "SYSPRODUCT",
	"SYSVERSION", "SYSSERIAL", "SYSSKU", "SYSFAMILY", "MBVENDOR",
	"MBPRODUCT", "MBVERSION", "MBSERIAL", "MBASSET", "BIOSVENDOR",
	"BIOSVERSION", "SYSFF", "FSUUID",
};

/* "NAME=value" with sysappend.c's copy_and_mangle; NULL for no value. */
static char *sa_string(struct sl *s, const char *name, const char *val)
{
	size_t n = strlen(name);
	char *d, *q, *end;
	bool was_space = true;

	if (!val)
		return NULL;
	d = arena_alloc(s->a, n + strlen(val) + 2);
	if (!d)
		return NULL;
	memcpy(d, name, n);
	d[n] = '=';
	q = end = d + n + 1;
	for (; *val; val++) {
		if ((unsigned char)*val <= ' ' || *val == '\x7f') {
			if (!was_space)
				*q++ = '_';
			was_space = true;
		} else {
			*q++ = *val;
			end = q;
			was_space = false;
		}
	}
	*end = '\0';
	return end == d + n + 1 ? NULL : d;
}

/* SMBIOS 2.6+ keeps the first three UUID fields little-endian. Linux's
 * product_uuid shows them swapped to the usual order; syslinux prints the
 * table's bytes as they are (verified: QEMU -uuid 51e0c1e0-1234-4abc-...
 * gave SYSUUID=e0c1e051-3412-bc4a-...). */
static const char *sa_uuid(struct sl *s, const char *u)
{
	/* For each output character, the input one: fields 1-3 of the
	 * UUID with their bytes (pairs of digits) in reverse order. */
	static const unsigned char from[18] = {
		6, 7, 4, 5, 2, 3, 0, 1, 8, 11, 12, 9, 10, 13, 16, 17, 14, 15,
	};
	char *d;

	if (!u || strlen(u) != 36 || u[8] != '-' || u[13] != '-')
		return u;
	d = arena_strdup(s->a, u);
	if (!d)
		return NULL;
	for (size_t i = 0; i < sizeof(from); i++)
		d[i] = u[from[i]];
	return d;
}

/* The value of bit i, or NULL. *unknown: syslinux would add one here that
 * hopboot cannot know (the firmware's, on a disk). */
static const char *sa_value(struct sl *s, int i, bool *unknown)
{
	const struct net_info *n = s->ctx->net;
	const char *dtype = s->ctx->dev->type;

	*unknown = false;
	switch (i) {
	case 0:
		if (!n || !n->ip)
			return NULL;
		return arena_printf(s->a, "ip=%s:%s:%s:%s", n->ip,
				    n->server ? n->server : "0.0.0.0",
				    n->gateway ? n->gateway : "0.0.0.0",
				    n->netmask ? n->netmask : "0.0.0.0");
	case 1: {
		char *b, *q;

		if (!n || !n->mac)
			return NULL;
		b = arena_printf(s->a, "BOOTIF=%02x-%s", n->hwtype & 0xff,
				 n->mac);
		for (q = b ? b + 10 : NULL; q && *q; q++)
			if (*q == ':')
				*q = '-';
		return b;
	}
	case 18:
		/* pxelinux has no filesystem; syslinux 6.04 knows the UUID
		 * of ext2/3/4 and FAT only. */
		if (n || !dtype || !s->ctx->dev->uuid ||
		    (strncmp(dtype, "ext", 3) && strcmp(dtype, "vfat")))
			return NULL;
		return sa_string(s, "FSUUID", s->ctx->dev->uuid);
	}
	if (n) {
		const char *v[SL_SYSAPPEND_BITS] = {
			[2] = n->uuid, [4] = n->sys_vendor,
			[5] = n->product_name, [6] = n->product_version,
			[7] = n->product_serial, [8] = n->product_sku,
			[10] = n->board_vendor, [11] = n->board_name,
			[12] = n->board_version, [13] = n->board_serial,
		};

		if (v[i])
			return sa_string(s, sysappend_names[i],
					 i == 2 ? sa_uuid(s, v[i]) : v[i]);
		/* CPU, SYSFAMILY, MBASSET, BIOS*, SYSFF: not in net_info. */
		*unknown = i == 3 || i == 9 || i == 14 || (i >= 15 && i <= 17);
		return NULL;
	}
	*unknown = true;
	return NULL;
}

/* The strings of mask, each after a blank ("" for none). */
char *sl_sysappend(struct sl *s, unsigned long mask)
{
	char *out = "";

	for (int i = 0; i < SL_SYSAPPEND_BITS && out; i++) {
		const char *v;
		bool unknown;

		if (!(mask & (1UL << i)))
			continue;
		v = sa_value(s, i, &unknown);
		if (v && *v)
			out = arena_printf(s->a, "%s %s", out, v);
	}
	return out;
}

/* The names of mask's bits whose values hopboot cannot know, "" if none. */
char *sl_sysappend_unknown(struct sl *s, unsigned long mask)
{
	char *out = "";

	for (int i = 0; i < SL_SYSAPPEND_BITS && out; i++) {
		bool unknown;

		if (!(mask & (1UL << i)))
			continue;
		sa_value(s, i, &unknown);
		if (unknown)
			out = arena_printf(s->a, "%s%s%s=", out,
					   *out ? ", " : "",
					   sysappend_names[i]);
	}
	return out;
}
