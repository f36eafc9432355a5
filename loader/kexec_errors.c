/* kexec_errors.c - the sentence for each way kexec_file_load(2) fails.
 *
 * The errnos are those of kernel/kexec_file.c and the architectures' image
 * loaders (Linux 6.1): EPERM from lockdown (no valid signature while
 * locked down), from kexec_load_disabled or without CAP_SYS_BOOT; the
 * signature checker's EKEYREJECTED, EBADMSG, ENOKEY, ENODATA, ENOPKG,
 * EKEYEXPIRED and EKEYREVOKED when KEXEC_SIG_FORCE is on; ENOEXEC when no
 * loader of this architecture knows the image; ENOMEM, EFBIG and
 * EADDRNOTAVAIL when the images do not fit; EINVAL for a command line
 * longer than the kernel takes; ENOSYS without CONFIG_KEXEC_FILE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kexec_errors.h"

const char *kexec_explain(int err, const char *k, size_t cmdlen,
			  unsigned long long initrd_bytes,
			  const struct kexec_env *env, char *msg, size_t msglen)
{
	static const struct kexec_env none;
	unsigned long long mib = (initrd_bytes + (1 << 20) - 1) >> 20;

	if (!env)
		env = &none;
	switch (err) {
	case EPERM:
		if (env->lockdown || env->secure_boot)
			snprintf(msg, msglen, "the kernel is locked down%s, so "
				 "it only loads kernels signed with a key it "
				 "trusts, and %s is not: boot a signed kernel "
				 "(your distribution's), or turn Secure Boot "
				 "off in the firmware", env->secure_boot ?
				 " (Secure Boot is on)" : "", k);
		else
			snprintf(msg, msglen, "the running kernel does not "
				 "allow loading %s: kexec is disabled "
				 "(sysctl kernel.kexec_load_disabled=1, which "
				 "only a reboot undoes) or hopboot does not "
				 "run as root", k);
		break;
	case EKEYREJECTED:
	case EBADMSG:
	case EKEYEXPIRED:
	case EKEYREVOKED:
	case ENOKEY:
		snprintf(msg, msglen, "the running kernel checks signatures and "
			 "%s is %s: boot a kernel signed with a key in the "
			 "kernel's keyring (your distribution's own kernel), or "
			 "turn Secure Boot off in the firmware", k,
			 err == ENOKEY ? "signed with a key it does not know" :
			 err == EKEYEXPIRED ? "signed with an expired key" :
			 err == EKEYREVOKED ? "signed with a revoked key" :
			 err == EBADMSG ? "signed, but the signature is damaged" :
			 "signed with a key it rejects");
		break;
	case ENODATA:
	case ENOPKG:
		snprintf(msg, msglen, "the running kernel only loads signed "
			 "kernels, and %s %s: boot a signed kernel (your "
			 "distribution's), or turn Secure Boot off in the "
			 "firmware", k, err == ENODATA ? "has no signature" :
			 "is signed with an algorithm it cannot check");
		break;
	case ENOEXEC:
		snprintf(msg, msglen, "%s is not a kernel this machine can "
			 "start with kexec: wrong architecture, or not a "
			 "bzImage (x86) or Image (arm64, riscv); pick the "
			 "kernel built for this machine", k);
		break;
	case ENOMEM:
	case EFBIG:
	case EADDRNOTAVAIL:
		snprintf(msg, msglen, "%s and its initrds (%llu MiB) do not fit "
			 "in this machine's memory for kexec; boot with more "
			 "memory, or choose an entry with a smaller initrd", k,
			 mib);
		break;
	case ENOSYS:
		snprintf(msg, msglen, "this kernel cannot load kernels: it was "
			 "built without kexec_file_load (CONFIG_KEXEC_FILE); "
			 "boot hopboot with a kernel that has it");
		break;
	case EINVAL:
	case E2BIG:
		snprintf(msg, msglen, "the running kernel refused %s with a "
			 "%zu-byte command line (%s): shorten the command line "
			 "with 'e' in the menu, or check that the file is a "
			 "kernel", k, cmdlen, strerror(err));
		break;
	case EBUSY:
		snprintf(msg, msglen, "another kernel is being loaded right now; "
			 "try again in a moment");
		break;
	case ETXTBSY:
		snprintf(msg, msglen, "%s is open for writing by another "
			 "program, so the kernel will not load it; try again "
			 "once it is written", k);
		break;
	default:
		snprintf(msg, msglen, "cannot load %s: %s", k, strerror(err));
	}
	return msg;
}

/* The first byte of a file, or 0. */
static int first_byte(const char *path, off_t at)
{
	unsigned char c = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (pread(fd, &c, 1, at) != 1)
		c = 0;
	close(fd);
	return c;
}

void kexec_env_read(struct kexec_env *env)
{
	char buf[128] = "";
	int fd = open("/sys/kernel/security/lockdown", O_RDONLY | O_CLOEXEC);

	*env = (struct kexec_env){ 0 };
	if (fd >= 0) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		if (n > 0) {
			buf[n] = '\0';
			env->lockdown = !strstr(buf, "[none]");
		}
		close(fd);
	}
	/* The EFI variable starts with 4 attribute bytes, then the value. */
	env->secure_boot = first_byte("/sys/firmware/efi/efivars/SecureBoot-"
				      "8be4df61-93ca-11d2-aa0d-00e098032b8c",
				      4) == 1;
}
