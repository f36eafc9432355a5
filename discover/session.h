/* session.h - one discovery of every disk, shared by discover and boot. */
#ifndef HOPBOOT_SESSION_H
#define HOPBOOT_SESSION_H

#include "scanner.h"

struct option_set;
struct boot_option;

/* Where discover and boot mount filesystems inside hopboot's initramfs. */
#define SESSION_MNT_BASE "/run/hopboot/mnt"
/* The last discovery's result, for scripts and the rescue shell. */
#define SESSION_STATE_JSON "/run/hopboot/options.json"

struct session {
	struct option_set *set;
	struct scanner scanner;
};

/* Scans every block device, mounting under SESSION_MNT_BASE, and writes
 * SESSION_STATE_JSON. Returns 0 or -ENOMEM (logged). */
int session_discover(struct session *s);
/* Finds an option by id, "default", or exact title. NULL when absent. */
struct boot_option *session_find(struct session *s, const char *what);
/* Loads opt with kexec_file_load. Returns 0 or -errno (logged). */
int session_load(struct session *s, struct boot_option *opt,
		 const char *cmdline);
/* Unmounts what the discovery mounted and frees the set. */
void session_end(struct session *s);

#endif
