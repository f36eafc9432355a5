/* option.c - the option set: devices, boot options, and their JSON form. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "json.h"
#include "option.h"

const char *option_source_name(enum option_source s)
{
	switch (s) {
	case SOURCE_BLS:
		return "bls";
	case SOURCE_UKI:
		return "uki";
	case SOURCE_SYSLINUX:
		return "syslinux";
	case SOURCE_GRUB2:
		return "grub2";
	case SOURCE_IPXE:
		return "ipxe";
	}
	return "unknown";
}

struct option_set *option_set_new(void)
{
	struct option_set *set = calloc(1, sizeof(*set));

	if (!set)
		return NULL;
	set->arena = arena_new();
	if (!set->arena) {
		free(set);
		return NULL;
	}
	return set;
}

void option_set_free(struct option_set *set)
{
	if (!set)
		return;
	arena_free(set->arena);
	free(set);
}

struct device *option_set_add_device(struct option_set *set)
{
	void *v = set->devices;
	struct device *dev;

	if (arena_grow(set->arena, &v, &set->cap_devices, set->n_devices + 1,
		       sizeof(*set->devices)) < 0)
		return NULL;
	set->devices = v;
	dev = arena_alloc(set->arena, sizeof(*dev));
	if (dev)
		set->devices[set->n_devices++] = dev;
	return dev;
}

struct boot_option *option_set_add_option(struct option_set *set)
{
	void *v = set->options;
	struct boot_option *opt;

	if (arena_grow(set->arena, &v, &set->cap_options, set->n_options + 1,
		       sizeof(*set->options)) < 0)
		return NULL;
	set->options = v;
	opt = arena_alloc(set->arena, sizeof(*opt));
	if (opt)
		set->options[set->n_options++] = opt;
	return opt;
}

struct resource *option_new_resource(struct option_set *set,
				     const char *device, const char *path)
{
	struct resource *r = arena_alloc(set->arena, sizeof(*r));

	if (!r)
		return NULL;
	r->device = device;
	r->path = path;
	return r;
}

struct resource *option_add_initrd(struct option_set *set,
				   struct boot_option *opt,
				   const char *device, const char *path)
{
	struct resource *v;

	/* Initrd lists are short: copying on each append keeps the struct
	 * a plain array that callers can index. */
	v = arena_calloc(set->arena, opt->n_initrds + 1, sizeof(*v));
	if (!v)
		return NULL;
	if (opt->n_initrds)
		memcpy(v, opt->initrds, opt->n_initrds * sizeof(*v));
	v[opt->n_initrds].device = device;
	v[opt->n_initrds].path = path;
	opt->initrds = v;
	return &opt->initrds[opt->n_initrds++];
}

int option_add_config(struct option_set *set, struct boot_option *opt,
		      const char *device, const char *image,
		      const char *path)
{
	const struct resource *last = opt->n_configs ?
				      &opt->configs[opt->n_configs - 1] : NULL;
	struct resource *v;

	if (!path)
		return -ENOMEM;
	if (path[0] != '/' && !(path = arena_printf(set->arena, "/%s", path)))
		return -ENOMEM;
	if (last && !strcmp(last->device ? last->device : "",
			    device ? device : "") &&
	    !strcmp(last->image ? last->image : "", image ? image : "") &&
	    !strcmp(last->path, path))
		return 0;
	/* Short lists, as initrds are: copied on each append. */
	v = arena_calloc(set->arena, opt->n_configs + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (opt->n_configs)
		memcpy(v, opt->configs, opt->n_configs * sizeof(*v));
	v[opt->n_configs].device = device;
	v[opt->n_configs].image = image;
	v[opt->n_configs].path = path;
	opt->configs = v;
	opt->n_configs++;
	return 0;
}

bool option_is_broken(const struct boot_option *opt)
{
	return opt->errors.n && !(opt->flags & OPTION_NOT_KEXEC);
}

bool option_set_failed(const struct option_set *set)
{
	for (size_t i = 0; i < set->n_devices; i++)
		if (set->devices[i]->errors.n)
			return true;
	for (size_t i = 0; i < set->n_options; i++)
		if (option_is_broken(set->options[i]))
			return true;
	return false;
}

struct device *option_set_device(const struct option_set *set, const char *id)
{
	for (size_t i = 0; i < set->n_devices; i++)
		if (set->devices[i]->id && !strcmp(set->devices[i]->id, id))
			return set->devices[i];
	return NULL;
}

struct boot_option *option_set_option(const struct option_set *set,
				      const char *id)
{
	for (size_t i = 0; i < set->n_options; i++)
		if (!strcmp(set->options[i]->id, id))
			return set->options[i];
	return NULL;
}

void option_set_resolve_default(struct option_set *set)
{
	struct boot_option *first_ok = NULL;

	if (set->default_id)
		return;
	for (size_t i = 0; i < set->n_options; i++) {
		struct boot_option *o = set->options[i];

		if (o->is_default) {
			set->default_id = o->id;
			return;
		}
		if (!first_ok && !o->errors.n && !o->hidden)
			first_ok = o;
	}
	if (first_ok)
		set->default_id = first_ok->id;
}

static void write_strings(struct json *j, const struct strlist *l)
{
	json_open_array(j);
	for (size_t i = 0; i < l->n; i++)
		json_string(j, l->v[i]);
	json_close_array(j);
}

/* The keys that say where a file on a device is: the device, the image
 * file it is inside (if any) and its path. */
static void write_place(struct json *j, const struct resource *r)
{
	json_key(j, "device");
	json_string(j, r->device);
	if (r->image) {
		json_key(j, "image");
		json_string(j, r->image);
	}
	json_key(j, "path");
	json_string(j, r->path);
}

static void write_resource(struct json *j, const struct resource *r)
{
	if (!r) {
		json_null(j);
		return;
	}
	json_open_object(j);
	if (r->url) {
		json_key(j, "url");
		json_string(j, r->url);
	} else {
		write_place(j, r);
	}
	if (r->section) {
		json_key(j, "section");
		json_string(j, r->section);
	}
	json_close_object(j);
}

void option_device_write_json(struct json *j, const struct device *d)
{
	json_open_object(j);
	json_key(j, "id");
	json_string(j, d->id);
	json_key(j, "path");
	json_string(j, d->path);
	json_key(j, "type");
	json_string(j, d->type);
	json_key(j, "uuid");
	json_string(j, d->uuid);
	json_key(j, "label");
	json_string(j, d->label);
	json_key(j, "partuuid");
	json_string(j, d->partuuid);
	json_key(j, "partlabel");
	json_string(j, d->partlabel);
	json_key(j, "errors");
	write_strings(j, &d->errors);
	json_close_object(j);
}

/* A configuration file: where it is, never a URL. */
static void write_config(struct json *j, const struct resource *r)
{
	json_open_object(j);
	write_place(j, r);
	json_close_object(j);
}

void option_write_json(struct json *j, const struct option_set *set,
		       const struct boot_option *o)
{
	json_open_object(j);
	json_key(j, "id");
	json_string(j, o->id);
	json_key(j, "device");
	json_string(j, o->device);
	json_key(j, "source");
	json_string(j, option_source_name(o->source));
	json_key(j, "config");
	json_open_array(j);
	for (size_t i = 0; i < o->n_configs; i++)
		write_config(j, &o->configs[i]);
	json_close_array(j);
	json_key(j, "title");
	json_string(j, o->title);
	json_key(j, "submenu");
	write_strings(j, &o->submenu);
	json_key(j, "kernel");
	write_resource(j, o->kernel);
	json_key(j, "initrds");
	json_open_array(j);
	for (size_t i = 0; i < o->n_initrds; i++)
		write_resource(j, &o->initrds[i]);
	json_close_array(j);
	json_key(j, "devicetree");
	write_resource(j, o->devicetree);
	json_key(j, "cmdline");
	json_string(j, o->cmdline ? o->cmdline : "");
	json_key(j, "default");
	json_bool(j, set->default_id && !strcmp(set->default_id, o->id));
	json_key(j, "hidden");
	json_bool(j, o->hidden);
	json_key(j, "kexec");
	json_bool(j, !(o->flags & OPTION_NOT_KEXEC));
	json_key(j, "errors");
	write_strings(j, &o->errors);
	json_close_object(j);
}

void option_set_write_doc(struct json *j, const struct option_set *set)
{
	json_open_object(j);
	json_key(j, "devices");
	json_open_array(j);
	for (size_t i = 0; i < set->n_devices; i++)
		option_device_write_json(j, set->devices[i]);
	json_close_array(j);
	json_key(j, "options");
	json_open_array(j);
	for (size_t i = 0; i < set->n_options; i++)
		option_write_json(j, set, set->options[i]);
	json_close_array(j);
	json_key(j, "default");
	json_string(j, set->default_id);
	json_key(j, "timeout");
	if (set->has_timeout)
		json_int(j, set->timeout);
	else
		json_null(j);
	json_close_object(j);
}

int option_set_write_json(const struct option_set *set, FILE *f)
{
	struct json j;

	json_init(&j, f);
	option_set_write_doc(&j, set);
	fputc('\n', f);
	return ferror(f) ? -EIO : 0;
}

/* Disk strings reach a terminal here: drop C0 and C1 controls (0x9b, in
 * UTF-8 or bare, starts an escape sequence on some terminals) and bytes
 * that are not UTF-8, so a title cannot drive the screen. */
static void put_clean(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (s && *s) {
		int n = *s < 0x80 ? 1 : *s >= 0xc2 && *s <= 0xdf ? 2 :
			*s >= 0xe0 && *s <= 0xef ? 3 :
			*s >= 0xf0 && *s <= 0xf4 ? 4 : 0;
		int ok = n > 0;

		for (int i = 1; ok && i < n; i++)
			ok = (s[i] & 0xc0) == 0x80;
		if (!ok) {
			s++;
			continue;
		}
		if (n == 1 ? *s >= 0x20 && *s != 0x7f :
		    !(n == 2 && *s == 0xc2 && s[1] < 0xa0))
			fwrite(s, 1, (size_t)n, f);
		s += n;
	}
}

static void put_resource(FILE *f, const char *what, const struct resource *r)
{
	fprintf(f, "      %-8s ", what);
	if (r->url) {
		put_clean(f, r->url);
	} else {
		put_clean(f, r->device);
		fputc(':', f);
		if (r->image) {
			/* GRUB's spelling of a file inside a loopback image. */
			put_clean(f, r->image);
			fputs(":(loop)", f);
		}
		put_clean(f, r->path);
	}
	fputc('\n', f);
}

void option_set_write_text(const struct option_set *set, FILE *f)
{
	for (size_t i = 0; i < set->n_devices; i++) {
		const struct device *d = set->devices[i];

		fputs("device ", f);
		put_clean(f, d->path);
		fprintf(f, "  %s", d->type ? d->type : "(unknown)");
		if (d->label) {
			fputs("  LABEL=", f);
			put_clean(f, d->label);
		}
		if (d->uuid) {
			fputs("  UUID=", f);
			put_clean(f, d->uuid);
		}
		fputc('\n', f);
		for (size_t k = 0; k < d->errors.n; k++) {
			fputs("      error: ", f);
			put_clean(f, d->errors.v[k]);
			fputc('\n', f);
		}
	}
	for (size_t i = 0; i < set->n_options; i++) {
		const struct boot_option *o = set->options[i];
		bool def = set->default_id && !strcmp(set->default_id, o->id);

		fprintf(f, "%c [%s] ", def ? '*' : ' ',
			option_source_name(o->source));
		for (size_t k = 0; k < o->submenu.n; k++) {
			put_clean(f, o->submenu.v[k]);
			fputs(" > ", f);
		}
		put_clean(f, o->title);
		fputs("\n      id       ", f);
		put_clean(f, o->id);
		fputc('\n', f);
		if (o->kernel)
			put_resource(f, "kernel", o->kernel);
		for (size_t k = 0; k < o->n_initrds; k++)
			put_resource(f, "initrd", &o->initrds[k]);
		if (o->devicetree)
			put_resource(f, "dtb", o->devicetree);
		fputs("      cmdline  ", f);
		put_clean(f, o->cmdline);
		fputc('\n', f);
		for (size_t k = 0; k < o->n_configs; k++)
			put_resource(f, "config", &o->configs[k]);
		for (size_t k = 0; k < o->errors.n; k++) {
			/* Not a failure: what it is, and why kexec cannot. */
			fputs(o->flags & OPTION_NOT_KEXEC ? "      note:    " :
			      "      error:   ", f);
			put_clean(f, o->errors.v[k]);
			fputc('\n', f);
		}
	}
	if (!set->n_options)
		fputs("no boot options found\n", f);
}
