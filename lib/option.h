/* option.h - the data a scan produces: devices and the boot options on them.
 *
 * Every string and array here belongs to the option_set's arena. The JSON
 * shape written by option_set_write_json() is the public format of
 * `hopboot scan --json` and is documented in doc/protocol.md.
 */
#ifndef HOPBOOT_OPTION_H
#define HOPBOOT_OPTION_H

#include <stdbool.h>
#include <stdio.h>

#include "strlist.h"

struct arena;

struct device {
	const char *id;		/* stable id: "uuid:<UUID>", else the node name */
	const char *path;	/* /dev/vda2, or the directory that was scanned */
	const char *type;	/* blkid TYPE ("ext4", "vfat"...), NULL if unknown */
	const char *uuid, *label, *partuuid, *partlabel;	/* NULL if none */
	const char *parttype;	/* GPT type GUID or MBR type ("0xef"), lower
				 * case, NULL if none; not part of the JSON.
				 * The scanner appends a disk's partitions
				 * one after another, right after the disk */
	struct strlist errors;	/* sentences a user can act on */
	const char *root;	/* where its filesystem is readable now, or
				 * NULL; not part of the JSON */
};

/* A file a boot option needs: a path on a device, or a URL. */
struct resource {
	const char *device;	/* device id, NULL for a URL */
	const char *path;	/* path inside that device, "/"-rooted; with
				 * image, inside the image's filesystem */
	const char *image;	/* NULL, or an image file on the device
				 * (GRUB 'loopback': an ISO), "/"-rooted,
				 * whose filesystem holds path */
	const char *url;	/* NULL unless fetched from the network */
	const char *section;	/* PE section of that file (".linux" of a
				 * unified kernel image), NULL: whole file */
};

enum option_source {
	SOURCE_BLS,
	SOURCE_UKI,
	SOURCE_SYSLINUX,
	SOURCE_GRUB2,
	SOURCE_IPXE,	/* an iPXE script from a boot server */
};

/* The option is by nature something kexec cannot start: another boot
 * loader, a COM32 module, a boot sector, an EFI program, a firmware action
 * (reboot, halt, firmware setup), an image for another machine. Its errors
 * say what it is; it is listed, and is no failure of the scan. */
#define OPTION_NOT_KEXEC 0x1u

struct boot_option {
	const char *id;		/* unique within a set, stable across boots */
	const char *device;	/* id of the device holding the config */
	enum option_source source;
	/* The files the option was read from, "/"-rooted on their device
	 * (inside image when set): the configuration read first, then the
	 * file that defines the entry when it is another (a configfile'd or
	 * source'd file, an INCLUDEd one, a BLS entry, a unified image). */
	struct resource *configs;
	size_t n_configs;
	const char *title;
	struct strlist submenu;	/* titles of enclosing submenus, outermost first */
	struct resource *kernel;	/* NULL when the entry names none */
	struct resource *initrds;
	size_t n_initrds;
	struct resource *devicetree;	/* NULL when none */
	const char *cmdline;	/* the whole line the real loader passes */
	bool is_default;
	bool hidden;
	unsigned flags;		/* OPTION_NOT_KEXEC */
	struct strlist errors;	/* non-empty: not bootable, and why */
};

struct option_set {
	struct arena *arena;
	struct device **devices;
	size_t n_devices, cap_devices;
	struct boot_option **options;
	size_t n_options, cap_options;
	const char *default_id;	/* NULL: no default */
	int timeout;		/* seconds; meaningful when has_timeout */
	bool has_timeout;
};

const char *option_source_name(enum option_source s);

/* Creates an empty set with its own arena. Returns NULL on ENOMEM. */
struct option_set *option_set_new(void);
void option_set_free(struct option_set *set);

/* Allocate a zeroed device/option in the set's arena and append it.
 * Return NULL on ENOMEM. */
struct device *option_set_add_device(struct option_set *set);
struct boot_option *option_set_add_option(struct option_set *set);

/* Adds a resource {device, path} to an option's initrd list.
 * Returns the resource or NULL on ENOMEM. */
struct resource *option_add_initrd(struct option_set *set,
				   struct boot_option *opt,
				   const char *device, const char *path);
struct resource *option_new_resource(struct option_set *set,
				     const char *device, const char *path);

/* Appends a file to opt->configs, unless it is the last one there already.
 * device is a device id; path gets a leading '/' when it has none; image is
 * NULL or the image file on device whose filesystem holds path. Strings are
 * not copied. Returns 0 or -ENOMEM, also for a NULL path (so that an
 * arena_printf() can be passed as it is). */
int option_add_config(struct option_set *set, struct boot_option *opt,
		      const char *device, const char *image,
		      const char *path);

/* True when opt should boot a kernel and cannot: it has errors and is not
 * OPTION_NOT_KEXEC. */
bool option_is_broken(const struct boot_option *opt);
/* What makes `hopboot scan` exit 1: a device with errors (something could
 * not be read, or a config only in part) or a broken option. Options that
 * are OPTION_NOT_KEXEC do not count. */
bool option_set_failed(const struct option_set *set);

/* Looks up by id; NULL when absent. */
struct device *option_set_device(const struct option_set *set, const char *id);
struct boot_option *option_set_option(const struct option_set *set,
				      const char *id);

/* Picks the default when nothing chose one: the first option marked
 * is_default, else the first bootable option. Sets default_id. */
void option_set_resolve_default(struct option_set *set);

struct json;
/* The scan document (doc/protocol.md) as a value in a larger message. */
void option_set_write_doc(struct json *j, const struct option_set *set);
/* One device or one option, as they appear in that document. */
void option_device_write_json(struct json *j, const struct device *d);
void option_write_json(struct json *j, const struct option_set *set,
		       const struct boot_option *o);
/* Writes the set as one JSON document and a newline. Returns 0 or -EIO. */
int option_set_write_json(const struct option_set *set, FILE *f);
/* Writes a short human-readable listing. */
void option_set_write_text(const struct option_set *set, FILE *f);

#endif
