/* kmod.h - loading kernel modules by name, without modprobe. */
#ifndef HOPBOOT_KMOD_H
#define HOPBOOT_KMOD_H

/* Loads the file at path with finit_module. Returns 0 when it is loaded
 * now or already was, or -errno (-ENODEV: no hardware for it). */
int kmod_load_file(const char *path);

/* Loads module name ('-' and '_' alike) and its dependencies, in the order
 * /lib/modules/$(uname -r)/modules.dep gives. Returns 0, -ENOENT when the
 * module is not in modules.dep, or the first load error. */
int kmod_load(const char *name);

#endif
