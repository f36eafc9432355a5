/* uki.h - what a unified kernel image (BLS Type #2) says about itself.
 *
 * Reads one EFI/Linux image file through a read-only view: its PE section
 * table (pe.c), its .osrel and .cmdline. The BLS parser turns the result
 * into a boot option, because systemd-boot sorts Type #1 and Type #2
 * entries as one list.
 */
#ifndef HOPBOOT_UKI_H
#define HOPBOOT_UKI_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct fsview;

/* Largest .osrel and .cmdline read: both are a few hundred bytes. */
#define UKI_TEXT_MAX (64u << 10)

struct uki {
	const char *error;	/* why it cannot be read, completing "the
				 * file ..."; NULL when it was read */
	uint16_t machine;	/* PE machine type */
	bool has_linux, has_initrd, has_ucode, has_dtb;
	const char *osrel;	/* .osrel text, NULL when absent */
	const char *cmdline;	/* .cmdline as the kernel gets it from
				 * systemd-boot 252, NULL when absent */
	const char *uname;	/* .uname, first line; NULL when absent */
};

/* Fills u from the file at path. Returns 0 (problems with the file are in
 * u->error) or -ENOMEM. Memory comes from a. */
int uki_read(const struct fsview *fs, const char *path, struct arena *a,
	     struct uki *u);

struct uki_names {
	const char *name, *version, *sort_key;	/* NULL when unset */
};

/*
 * The os-release fields systemd-boot 252 names a Type #2 entry by
 * (bootspec_pick_name_version_sort_key): the name is the first set of
 * PRETTY_NAME, IMAGE_ID, NAME, ID; the version of IMAGE_VERSION, VERSION,
 * VERSION_ID, BUILD_ID; the sort key of IMAGE_ID, ID. Returns 1, 0 when no
 * name is set (systemd-boot then skips the image), or -ENOMEM.
 */
int uki_names(const struct uki *u, struct arena *a, struct uki_names *n);

/* What systemd-boot 252 and its stub do to a .cmdline: control
 * characters become spaces, trailing blanks go, leading ones stay. In
 * place. */
void uki_mangle_cmdline(char *s);

#endif
