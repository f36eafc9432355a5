/* prober.c - one thread per device probe, reporting through a pipe. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "option.h"
#include "prober.h"

struct probe_job *prober_new(const char *name, const char *base,
			     unsigned seq)
{
	struct probe_job *job = calloc(1, sizeof(*job));

	if (!job)
		return NULL;
	job->set = option_set_new();
	if (!job->set) {
		free(job);
		return NULL;
	}
	snprintf(job->name, sizeof(job->name), "%s", name);
	snprintf(job->mnt_base, sizeof(job->mnt_base), "%s/%u", base, seq);
	scanner_init(&job->scanner, job->set, job->mnt_base);
	return job;
}

static void *run(void *arg)
{
	struct probe_job *job = arg;

	if (mkdir(job->mnt_base, 0700) < 0 && errno != EEXIST)
		job->result = -errno;
	else
		job->result = scanner_scan_node(&job->scanner, job->name);
	/* A pointer-sized write to a pipe is atomic. */
	if (write(job->done_fd, &job, sizeof(job)) != sizeof(job))
		abort();	/* the daemon could never free the job */
	return NULL;
}

int prober_start(struct probe_job *job, int done_fd)
{
	pthread_attr_t attr;
	pthread_t t;
	int r;

	job->done_fd = done_fd;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* libblkid and mount need little stack; many may run at once. */
	pthread_attr_setstacksize(&attr, 256 * 1024);
	r = pthread_create(&t, &attr, run, job);
	pthread_attr_destroy(&attr);
	return -r;
}

void prober_free(struct probe_job *job)
{
	if (!job)
		return;
	scanner_finish(&job->scanner);
	rmdir(job->mnt_base);
	option_set_free(job->set);
	free(job);
}
