/* kexec_errors.h - why kexec_file_load refused a kernel, as a sentence. */
#ifndef HOPBOOT_KEXEC_ERRORS_H
#define HOPBOOT_KEXEC_ERRORS_H

#include <stdbool.h>
#include <stddef.h>

/* What the machine says about signed kernels; false when unknown. */
struct kexec_env {
	bool lockdown;		/* /sys/kernel/security/lockdown is not [none] */
	bool secure_boot;	/* the firmware booted with Secure Boot on */
};

/* Writes into msg (always NUL-terminated) the sentence for kexec_file_load
 * failing with err (a positive errno) on kernel, loaded with cmdlen bytes
 * of command line (its NUL counted) and initrd_bytes of initrds. Pure: the
 * same arguments give the same words. Returns msg. */
const char *kexec_explain(int err, const char *kernel, size_t cmdlen,
			  unsigned long long initrd_bytes,
			  const struct kexec_env *env, char *msg, size_t msglen);

/* Fills env from /sys/kernel/security/lockdown and the SecureBoot EFI
 * variable; fields stay false where those cannot be read. */
void kexec_env_read(struct kexec_env *env);

#endif
