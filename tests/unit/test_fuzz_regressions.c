/* test_fuzz_regressions.c - replays every input a fuzzer once broke us with.
 *
 * tests/fuzz/regressions/TARGET/ holds the inputs that made the libFuzzer
 * target tests/fuzz/TARGET.c crash, hang or leak; each is run through the
 * same code as the target, in the normal and the sanitizer builds. A hang
 * is caught by an alarm (a bound, not a timing check): the test dies.
 * Run from the repository root.
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* Each target's entry point, renamed so that all live in one binary. */
#define LLVMFuzzerTestOneInput fuzz_bls_one
#include "fuzz/fuzz_bls.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_grub2_one
#include "fuzz/fuzz_grub2.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_grubenv_one
#include "fuzz/fuzz_grubenv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_syslinux_one
#include "fuzz/fuzz_syslinux.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_pe_one
#include "fuzz/fuzz_pe.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_json_one
#include "fuzz/fuzz_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_lease_one
#include "fuzz/fuzz_lease.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_ipxe_one
#include "fuzz/fuzz_ipxe.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tftp_one
#include "fuzz/fuzz_tftp.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_http_one
#include "fuzz/fuzz_http.c"
#undef LLVMFuzzerTestOneInput

#define REGRESSIONS "tests/fuzz/regressions"
/* Far above what any input needs; only a hang reaches it. */
#define INPUT_SECONDS 60

static const struct {
	const char *name;
	int (*one)(const uint8_t *data, size_t size);
} targets[] = {
	{ "fuzz_bls", fuzz_bls_one },
	{ "fuzz_grub2", fuzz_grub2_one },
	{ "fuzz_grubenv", fuzz_grubenv_one },
	{ "fuzz_syslinux", fuzz_syslinux_one },
	{ "fuzz_pe", fuzz_pe_one },
	{ "fuzz_json", fuzz_json_one },
	{ "fuzz_lease", fuzz_lease_one },
	{ "fuzz_ipxe", fuzz_ipxe_one },
	{ "fuzz_tftp", fuzz_tftp_one },
	{ "fuzz_http", fuzz_http_one },
};

/* Reads a whole file into a malloc'd buffer; NULL on error. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (b = malloc((size_t)n + 1)) &&
	    fread(b, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

static void replay(const char *target, int (*one)(const uint8_t *, size_t))
{
	char dir[256], path[512];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), REGRESSIONS "/%s", target);
	d = opendir(dir);
	if (!d) {
		diag("%s: no regressions yet", target);
		return;
	}
	while ((e = readdir(d))) {
		uint8_t *b;
		size_t len = 0;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		b = slurp(path, &len);
		if (!ok(b != NULL, "%s is readable", path))
			continue;
		alarm(INPUT_SECONDS);
		one(b, len);
		alarm(0);
		ok(1, "%s: %s replays without a crash or hang", target,
		   e->d_name);
		free(b);
	}
	closedir(d);
}

int main(void)
{
	if (!ok(access(REGRESSIONS, R_OK) == 0,
		"%s is readable (run from the repository root)", REGRESSIONS))
		return done_testing();
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		replay(targets[i].name, targets[i].one);
	return done_testing();
}
