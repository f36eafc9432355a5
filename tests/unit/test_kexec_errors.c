/* test_kexec_errors.c - every kexec_file_load failure is a sentence to act on. */
#include <errno.h>
#include <string.h>

#include "tap.h"

#include "loader/kexec_errors.h"

static char msg[512];

static const char *say(int err, const struct kexec_env *env)
{
	return kexec_explain(err, "/boot/vmlinuz-6.1", 42, 30ull << 20, env,
			     msg, sizeof(msg));
}

static void has(const char *s, const char *needle)
{
	ok(strstr(s, needle) != NULL, "'%s' in: %s", needle, s);
}

int main(void)
{
	const struct kexec_env locked = { .lockdown = true };
	const struct kexec_env sb = { .lockdown = true, .secure_boot = true };
	const struct kexec_env open = { 0 };
	static const int all[] = {
		EPERM, EKEYREJECTED, EBADMSG, EKEYEXPIRED, EKEYREVOKED, ENOKEY,
		ENODATA, ENOPKG, ENOEXEC, ENOMEM, EFBIG, EADDRNOTAVAIL, ENOSYS,
		EINVAL, E2BIG, EBUSY, ETXTBSY, EIO,
	};

	diag("lockdown: EPERM means an unsigned kernel");
	has(say(EPERM, &locked), "locked down");
	has(msg, "signed");
	has(msg, "/boot/vmlinuz-6.1");
	has(say(EPERM, &sb), "Secure Boot is on");
	diag("no lockdown: EPERM is kexec_load_disabled or not root");
	has(say(EPERM, &open), "kexec_load_disabled");
	ok(!strstr(msg, "locked down"), "does not blame lockdown");
	has(say(EPERM, NULL), "kexec_load_disabled");

	diag("signatures");
	has(say(EKEYREJECTED, &open), "signed with a key it rejects");
	has(say(EBADMSG, &open), "signature is damaged");
	has(say(ENOKEY, &open), "key it does not know");
	has(say(ENODATA, &open), "has no signature");

	diag("the rest");
	has(say(ENOEXEC, &open), "not a kernel this machine can start");
	has(say(ENOMEM, &open), "30 MiB");
	has(msg, "memory");
	has(say(EFBIG, &open), "do not fit");
	has(say(ENOSYS, &open), "CONFIG_KEXEC_FILE");
	has(say(EINVAL, &open), "42-byte command line");
	has(say(EBUSY, &open), "try again");
	has(say(ETXTBSY, &open), "open for writing");
	has(say(EIO, &open), strerror(EIO));

	diag("every sentence names what to do, and fits");
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const char *s = say(all[i], &locked);

		ok(strlen(s) > 20 && strlen(s) < sizeof(msg) - 1,
		   "errno %d: %zu bytes", all[i], strlen(s));
	}
	diag("a short buffer is cut, NUL-terminated");
	{
		char tiny[16];

		kexec_explain(ENOEXEC, "/boot/vmlinuz", 1, 0, NULL, tiny,
			      sizeof(tiny));
		check_int(strlen(tiny), ==, 15);
	}
	return done_testing();
}
