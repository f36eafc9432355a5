/* parsers.c - runs over one filesystem the parsers of the loaders its firmware starts. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "parser.h"

enum { P_BLS, P_SYSLINUX, P_GRUB2, P_N };

/* In this order on each filesystem: options and their default, and the
 * first timeout, come in it. */
static int (*const parsers[P_N])(struct parse_ctx *) = {
	[P_BLS] = bls_parse,
	[P_SYSLINUX] = syslinux_parse,
	[P_GRUB2] = grub2_parse,
};

/* The loaders whose configs the filesystems of one medium hold. */
struct medium {
	bool syslinux;	/* syslinux, extlinux or isolinux: BIOS only */
	bool isolinux;	/* that config is isolinux's: a CD's BIOS loader */
	bool grub;	/* GRUB, for either firmware */
	bool grub_bios;	/* a GRUB config outside /EFI, which BIOS GRUB reads */
	bool sdboot;	/* systemd-boot entries or images: EFI only */
};

/* A directory scanned as a filesystem: readable, and no type known. */
static bool is_dir(const struct parse_ctx *ctx, const struct device *d)
{
	return !d->type && !d->parttype && parse_view_of(ctx, d);
}

/*
 * The devices of ctx->dev's medium, [*lo, *hi) in ctx->set: a disk and
 * its partitions, which the scanner lists one after another right after
 * the disk (option.h), or the directories next to it. A directory carries
 * no disk: the folders given to one scan are taken as the filesystems of
 * one disk or CD (tests/realworld lays a medium out so). False when the
 * device is not in the set (a parser test): then it is its own medium.
 */
static bool medium_of(const struct parse_ctx *ctx, size_t *lo, size_t *hi)
{
	struct device *const *v = ctx->set->devices;
	size_t i, n = ctx->set->n_devices;

	for (i = 0; i < n && v[i] != ctx->dev; i++)
		;
	if (i == n)
		return false;
	*lo = i;
	*hi = i + 1;
	if (is_dir(ctx, v[i])) {
		while (*lo > 0 && is_dir(ctx, v[*lo - 1]))
			(*lo)--;
		while (*hi < n && is_dir(ctx, v[*hi]))
			(*hi)++;
		return true;
	}
	while (*lo > 0 && v[*lo]->parttype)
		(*lo)--;
	while (*hi < n && v[*hi]->parttype)
		(*hi)++;
	return true;
}

static void survey_one(const struct parse_ctx *ctx, struct device *d,
		       const struct fsview *fs, struct arena *scratch,
		       struct medium *m)
{
	struct parse_ctx c = *ctx;
	const char *cfg;

	c.dev = d;
	c.fs = fs;
	/* BIOS GRUB's config when there is one, else EFI GRUB's. */
	c.firmware = FIRMWARE_BIOS;
	cfg = syslinux_config(&c, scratch);
	if (cfg) {
		m->syslinux = true;
		/* On a CD, or copied from one (only isolinux reads an
		 * isolinux folder): the BIOS loader of a hybrid ISO. */
		m->isolinux |= (d->type && !strcmp(d->type, "iso9660")) ||
			       strstr(cfg, "isolinux");
	}
	cfg = grub2_config(&c, scratch);
	if (cfg) {
		m->grub = true;
		m->grub_bios |= strncmp(cfg, "/EFI/", 5) != 0;
	}
	m->sdboot |= bls_present(&c, scratch);
}

/*
 * The parsers not to run on ctx->fs, as bits: on a medium that holds a
 * loader the firmware starts, the loaders it cannot start are not real.
 * Under EFI, syslinux's family never runs (GRUB or systemd-boot does).
 * Under BIOS, systemd-boot never runs, and where syslinux is there GRUB
 * is the EFI one when the medium is a CD (a hybrid ISO boots isolinux
 * under BIOS and GRUB under EFI: Debian, SystemRescue, Ubuntu before
 * 20.10) or when its only config is under /EFI. A medium with no loader
 * for this firmware keeps what it has: kexec can boot it all the same.
 * With the firmware unknown, every loader is read.
 */
static int not_started(struct parse_ctx *ctx, unsigned *skip)
{
	struct medium m = { 0 };
	struct arena *scratch;
	size_t lo, hi;

	*skip = 0;
	if (ctx->firmware == FIRMWARE_UNKNOWN)
		return 0;
	scratch = arena_new();
	if (!scratch)
		return -ENOMEM;
	if (medium_of(ctx, &lo, &hi)) {
		for (size_t k = lo; k < hi; k++) {
			struct device *d = ctx->set->devices[k];
			const struct fsview *fs = parse_view_of(ctx, d);

			if (fs)
				survey_one(ctx, d, fs, scratch, &m);
		}
	} else {
		survey_one(ctx, ctx->dev, ctx->fs, scratch, &m);
	}
	arena_free(scratch);
	if (ctx->firmware == FIRMWARE_EFI) {
		if (m.grub || m.sdboot)
			*skip |= 1u << P_SYSLINUX;
	} else if (m.syslinux) {
		*skip |= 1u << P_BLS;
		if (m.isolinux || !m.grub_bios)
			*skip |= 1u << P_GRUB2;
	}
	return 0;
}

/* Is file (on its device, not in an image) one a GRUB option came from
 * after its grub.cfg: the entry file blscfg read? */
static bool grub_read(const struct option_set *set, const struct resource *file)
{
	for (size_t i = 0; i < set->n_options; i++) {
		const struct boot_option *o = set->options[i];

		if (o->source != SOURCE_GRUB2)
			continue;
		for (size_t k = 1; k < o->n_configs; k++) {
			const struct resource *c = &o->configs[k];

			if (!c->image && c->device && c->path &&
			    !strcmp(c->device, file->device) &&
			    !strcmp(c->path, file->path))
				return true;
		}
	}
	return false;
}

/*
 * Drops the BLS options set->options[first, first + n) whose entry file
 * GRUB's blscfg read: outside systemd-boot's own partitions, such entries
 * are GRUB's (Fedora's and RHEL's /boot scanned as a directory or an
 * image, where no partition type says so), listed once, as GRUB shows
 * them: $kernelopts expanded, GRUB's default. Returns how many are kept.
 */
static size_t drop_grub_read(struct parse_ctx *ctx, size_t first, size_t n)
{
	struct option_set *set = ctx->set;
	size_t kept = first;

	if (!n || bls_own_partition(ctx->dev))
		return n;
	for (size_t i = first; i < first + n; i++) {
		struct boot_option *o = set->options[i];

		if (!o->n_configs || o->configs[0].image ||
		    !o->configs[0].device || !grub_read(set, &o->configs[0]))
			set->options[kept++] = o;
	}
	memmove(&set->options[kept], &set->options[first + n],
		(set->n_options - first - n) * sizeof(*set->options));
	set->n_options -= first + n - kept;
	return kept - first;
}

int parsers_run(struct parse_ctx *ctx)
{
	struct option_set *set = ctx->set;
	bool had_timeout = set->has_timeout;
	int timeout = set->timeout, total = 0, r;
	struct {
		size_t first, n;
		bool has_timeout;
		int timeout;
	} ran[P_N];
	unsigned skip;

	r = not_started(ctx, &skip);
	if (r < 0)
		return r;
	/* Each parser sets the set's timeout when it has none; each is
	 * given none, so that what each would set is known, and the
	 * first that still lists something gives it below. */
	for (int i = 0; i < P_N; i++) {
		ran[i].first = set->n_options;
		set->has_timeout = false;
		r = skip & 1u << i ? 0 : parsers[i](ctx);
		if (r < 0)
			return r;
		ran[i].n = set->n_options - ran[i].first;
		ran[i].has_timeout = set->has_timeout;
		ran[i].timeout = set->timeout;
	}
	ran[P_BLS].n = drop_grub_read(ctx, ran[P_BLS].first, ran[P_BLS].n);

	set->has_timeout = had_timeout;
	set->timeout = timeout;
	for (int i = 0; i < P_N; i++) {
		total += (int)ran[i].n;
		if (set->has_timeout || !ran[i].has_timeout ||
		    (i == P_BLS && !ran[i].n))
			continue;
		set->timeout = ran[i].timeout;
		set->has_timeout = true;
	}
	return total;
}

const struct fsview *parse_view_of(const struct parse_ctx *ctx,
				   const struct device *dev)
{
	if (dev == ctx->dev)
		return ctx->fs;
	if (!ctx->views)
		return NULL;
	for (size_t i = 0; i < ctx->set->n_devices; i++)
		if (ctx->set->devices[i] == dev)
			return ctx->views[i].root_fd >= 0 ? &ctx->views[i]
							  : NULL;
	return NULL;
}
