/* prober.h - probing and mounting one device on a worker thread.
 *
 * A device that never answers (a dying disk, a hung USB bridge) blocks
 * only its own thread. Ownership: the daemon creates a job and hands it to
 * prober_start(); from then on the worker owns it until it writes the
 * job's address to the done pipe, after which the daemon owns it again and
 * ends it with prober_free(), which unmounts what the job mounted. A job
 * the daemon no longer wants (timed out, device gone) is marked abandoned
 * and freed when it comes back, never before.
 */
#ifndef HOPBOOT_PROBER_H
#define HOPBOOT_PROBER_H

#include <stdbool.h>

#include "scanner.h"

struct option_set;

struct probe_job {
	char name[64];		/* kernel name */
	char mnt_base[96];	/* private folder for this job's mount */
	struct option_set *set;	/* result: one device, root set if mounted */
	struct scanner scanner;	/* owns the mount */
	int result;		/* 0 or -ENOMEM */
	int done_fd;		/* where the worker reports; not owned */
	bool abandoned;		/* daemon side only */
	long long deadline_ms;	/* daemon side only */
};

/* Creates a job for device name, mounting under base/<seq>. NULL on
 * ENOMEM. */
struct probe_job *prober_new(const char *name, const char *base,
			     unsigned seq);
/* Starts the job on a detached thread that writes the job's pointer to
 * done_fd when finished. Returns 0 or -errno (the job is still ours). */
int prober_start(struct probe_job *job, int done_fd);
/* Unmounts what the job mounted and frees it. */
void prober_free(struct probe_job *job);

#endif
