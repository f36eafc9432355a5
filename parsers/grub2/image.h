/* image.h - a GRUB EFI image's prefix, embedded config and memdisk; shim told apart from GRUB.
 *
 * Pure: a buffer in, pointers into it out; nothing is read, and nothing
 * is allocated except from the arena a memdisk walk is given. Every offset
 * and size in the image is checked against the buffer before it is used:
 * a boot file comes from a server hopboot does not trust.
 *
 * grub-mkimage (GRUB 2.06 util/mkimage.c) writes GRUB's modules into the
 * PE section "mods": a struct grub_module_info (the magic "gmim", then
 * the offset of the first module and the size of them all, 64-bit fields
 * on 64-bit targets), then module headers {u32 type, u32 size counting
 * the header}, each aligned to the pointer size (include/grub/kernel.h,
 * FOR_MODULES). GRUB's kernel takes the last PREFIX module
 * (grub_set_prefix_and_root), the first CONFIG (grub_load_config) and
 * memdisk.mod the first MEMDISK, as a disk of its own, "(memdisk)".
 */
#ifndef HOPBOOT_GRUB2_IMAGE_H
#define HOPBOOT_GRUB2_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* include/grub/kernel.h's OBJ_TYPE_*. */
enum {
	GRUB2_OBJ_ELF,
	GRUB2_OBJ_MEMDISK,
	GRUB2_OBJ_CONFIG,
	GRUB2_OBJ_PREFIX,
	GRUB2_OBJ_PUBKEY,
	GRUB2_OBJ_DTB,
	GRUB2_OBJ_DISABLE_SHIM_LOCK,
};

/* Module headers looked at in one image: real ones have 10 to 300. */
#define GRUB2_IMAGE_MODULES_MAX 4096

enum grub2_efi_kind {
	GRUB2_EFI_OTHER,	/* a PE image that is neither */
	GRUB2_EFI_GRUB,		/* "mods" starts with GRUB's magic */
	GRUB2_EFI_SHIM,		/* rhboot's shim: .vendor_cert, and .sbat
				 * naming "shim" or .data.ident "UEFI SHIM" */
};

struct grub2_image {
	enum grub2_efi_kind kind;
	uint16_t machine;	/* PE machine type */
	/* GRUB only; NULL and 0 when the image has none. Text stops at
	 * its first NUL, as GRUB reads it; the pointers are into buf and
	 * not NUL-terminated. */
	const char *prefix;
	size_t prefix_len;
	const char *config;
	size_t config_len;
	const unsigned char *memdisk;
	size_t memdisk_len;
	unsigned n_elf;		/* modules */
};

/*
 * Reads the image in buf (a whole file of len bytes). Returns 0 with img
 * filled (kind GRUB2_EFI_OTHER for an EFI program that is neither GRUB
 * nor shim), or -ENOEXEC with *why set to a fragment that completes "the
 * file ..." (static storage): not a PE file, or a GRUB image whose module
 * area is damaged.
 */
int grub2_image_read(const void *buf, size_t len, struct grub2_image *img,
		     const char **why);

/* The second stage shim loads from its own folder for a machine type
 * (shim's DEFAULT_LOADER, "\grub" ARCH_SUFFIX ".efi": grubx64.efi on
 * x86_64), or NULL for a machine shim is not built for. */
const char *grub2_shim_loader(uint16_t machine);

/* Bounds of a memdisk walk: files given, folders deep, name length. */
#define GRUB2_MEMDISK_FILES_MAX 1024
#define GRUB2_MEMDISK_DEPTH_MAX 16
#define GRUB2_MEMDISK_NAME_MAX 1024

/* Called for each regular file of a memdisk: path is "/"-rooted, with no
 * empty, "." or ".." component and no control character; data is size
 * bytes, valid during the call. A negative return stops the walk. */
typedef int (*grub2_memdisk_fn)(void *arg, const char *path,
				const void *data, size_t size);

/*
 * Walks the files of a memdisk image: a tar archive (what grub-mkstandalone
 * makes, read as GRUB 2.06's fs/tar.c does: ustar headers, GNU long names)
 * or a FAT12/16/32 filesystem (what Debian's and Ubuntu's signed images
 * carry; names as fs/fat.c gives them: the long name, else the 8.3 name in
 * lower case). Symbolic and hard links are skipped. Scratch memory (FAT
 * files are gathered from their clusters) comes from a. Returns the number
 * of files given to fn, fn's negative return, -ENOMEM, or -ENOEXEC with
 * *why set to a fragment completing "the memdisk ..." when it is neither
 * or is damaged before any file could be read.
 */
int grub2_memdisk_walk(const void *buf, size_t len, struct arena *a,
		       grub2_memdisk_fn fn, void *arg, const char **why);

#endif
