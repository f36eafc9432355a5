/* respawn.c - when to start a child of PID 1 again after it died. */
#include "init.h"

void init_child_started(struct init_child *c, pid_t pid, long long now)
{
	c->pid = pid;
	c->started_ms = now;
	c->due_ms = 0;
}

/* A child that keeps dying must not eat the machine: each quick death
 * doubles the wait, up to a ceiling; a long run forgives the past. */
void init_child_exited(struct init_child *c, long long now)
{
	if (c->delay_ms <= 0 || now - c->started_ms > INIT_STABLE_MS)
		c->delay_ms = INIT_BACKOFF_MIN_MS;
	else if (c->delay_ms < INIT_BACKOFF_MAX_MS / 2)
		c->delay_ms *= 2;
	else
		c->delay_ms = INIT_BACKOFF_MAX_MS;
	c->pid = 0;
	c->due_ms = now + c->delay_ms;
}

bool init_child_due(const struct init_child *c, long long now)
{
	return c->pid == 0 && c->due_ms && now >= c->due_ms;
}
