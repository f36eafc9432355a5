/* tftp.c - a TFTP client: RFC 1350 with blksize, tsize and windowsize.
 *
 * One socket, unconnected, because the server answers from a new port (its
 * transfer ID) that is only known from its first packet. Every wait is a
 * poll() bounded by the retransmit interval and by timeout_ms without
 * progress; a transfer that keeps progressing is never cut short.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "fetch_io.h"
#include "tftp_packet.h"

#define PKT_MAX (TFTP_BLKSIZE_MAX + 4)

struct tftp {
	int sock;
	struct sockaddr_in server;	/* where the RRQ goes (port 69) */
	struct sockaddr_in tid;		/* the server's transfer port */
	bool have_tid;
	bool use_opts;			/* the RRQ carries options */
	bool started;			/* an OACK or DATA was accepted */
	struct tftp_options req;
	unsigned blksize, window;
	unsigned long long next;	/* blocks received + 1 */
	unsigned in_window;		/* blocks in order since our ACK */
	bool gap_acked;			/* this gap was answered */
	unsigned long long announced;	/* tsize, 0: none */
	char name[FETCH_PATH_MAX];
	const struct fetch_url *u;
	const char *url;
	uint8_t out[600];		/* the last RRQ or ACK, to resend */
	size_t out_len;
	long long sent_at;		/* when out was last sent */
	uint8_t *pkt;
};

static bool same(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
	return a->sin_addr.s_addr == b->sin_addr.s_addr &&
	       a->sin_port == b->sin_port;
}

/* Sends a packet to the transfer's port; a hard network error ends it. */
static int send_to(struct tftp *t, const struct sockaddr_in *to,
		   const uint8_t *p, size_t n, char *err, size_t errlen)
{
	if (sendto(t->sock, p, n, 0, (const struct sockaddr *)to,
		   sizeof(*to)) >= 0)
		return 0;
	if (errno == ENETUNREACH || errno == EHOSTUNREACH ||
	    errno == ECONNREFUSED) {
		snprintf(err, errlen, "cannot fetch %.300s: %s; check the "
			 "server address and this machine's network settings",
			 t->url, strerror(errno));
		return -1;
	}
	/* A full queue or a transient error: the retransmit timer covers
	 * it. */
	return 0;
}

static int send_last(struct tftp *t, char *err, size_t errlen)
{
	t->sent_at = fetch_now_ms();
	return send_to(t, t->have_tid ? &t->tid : &t->server, t->out,
		       t->out_len, err, errlen);
}

static int send_ack(struct tftp *t, unsigned long long block, char *err,
		    size_t errlen)
{
	t->out_len = tftp_build_ack(t->out, (unsigned)(block & 0xffff));
	return send_last(t, err, errlen);
}

/* Tells the server why we stop; best effort, it may be gone. */
static void send_error(struct tftp *t, const struct sockaddr_in *to,
		       unsigned code, const char *msg)
{
	uint8_t buf[128];
	size_t n = tftp_build_error(buf, sizeof(buf), code, msg);

	sendto(t->sock, buf, n, 0, (const struct sockaddr *)to, sizeof(*to));
}

static int send_rrq(struct tftp *t, char *err, size_t errlen)
{
	t->out_len = tftp_build_rrq(t->out, sizeof(t->out), t->name,
				    t->use_opts ? &t->req : NULL);
	if (!t->out_len) {
		snprintf(err, errlen, "cannot fetch %.300s: the file name is "
			 "too long for TFTP", t->url);
		return -1;
	}
	t->have_tid = false;
	return send_last(t, err, errlen);
}

static int server_error(struct tftp *t, const struct tftp_packet *p,
			char *err, size_t errlen)
{
	const char *name = tftp_error_name(p->code);
	const char *hint = p->code == 1 ? "; check the file name and the "
			   "server's TFTP root" : p->code == 2 ?
			   "; check the file's permissions on the server" : "";

	snprintf(err, errlen, "the TFTP server %s refused %.300s: %s%s%s%s%s",
		 t->u->host, t->url, p->msg[0] ? p->msg : name,
		 p->msg[0] && *name ? " (" : "", p->msg[0] ? name : "",
		 p->msg[0] && *name ? ")" : "", hint);
	return -1;
}

/* The server's OACK: what it granted of what we asked. */
static int take_oack(struct tftp *t, const struct tftp_packet *p,
		     struct fetch_sink *s, char *err, size_t errlen)
{
	const struct tftp_options *g = &p->opts;

	if ((g->has_blksize && g->blksize > t->req.blksize) ||
	    (g->has_windowsize && g->windowsize > t->req.windowsize)) {
		send_error(t, &t->tid, TFTP_EOPTNEG, "option not requested");
		snprintf(err, errlen, "the TFTP server %s granted larger "
			 "blocks or windows than asked for %.300s; it is "
			 "broken", t->u->host, t->url);
		return -1;
	}
	t->blksize = g->has_blksize ? g->blksize : 512;
	t->window = g->has_windowsize ? g->windowsize : 1;
	if (g->has_tsize) {
		t->announced = g->tsize;
		if (fetch_sink_expect(s, g->tsize, err, errlen)) {
			send_error(t, &t->tid, TFTP_ENOSPACE,
				   "file too large");
			return -1;
		}
	}
	t->started = true;
	return send_ack(t, 0, err, errlen);
}

/* One DATA packet from the server's port. 1: the last block came. */
static int take_data(struct tftp *t, const struct tftp_packet *p,
		     struct fetch_sink *s, char *err, size_t errlen)
{
	if (!t->started) {
		/* DATA instead of an OACK: the server ignored the options. */
		t->started = true;
		t->blksize = 512;
		t->window = 1;
	}
	if (p->block != (t->next & 0xffff)) {
		unsigned ahead = (p->block - (unsigned)t->next) & 0xffff;

		/* A block after a lost one: ask once for a restart after
		 * the last block in order (RFC 7440). */
		if (ahead < 0x8000 && !t->gap_acked) {
			t->gap_acked = true;
			t->in_window = 0;
			return send_ack(t, t->next - 1, err, errlen);
		}
		/* Lock-step: the last block again means our ACK was lost.
		 * With windows, answering every duplicate would restart
		 * the server's window each time; the timer re-ACKs. */
		if (ahead >= 0x8000 && t->window == 1 &&
		    p->block == ((t->next - 1) & 0xffff))
			return send_ack(t, t->next - 1, err, errlen);
		return 0;
	}
	if (p->len > t->blksize) {
		send_error(t, &t->tid, TFTP_EBADOP, "block too large");
		snprintf(err, errlen, "the TFTP server %s sent blocks larger "
			 "than agreed for %.300s; it is broken", t->u->host,
			 t->url);
		return -1;
	}
	if (fetch_sink_put(s, p->data, p->len, err, errlen)) {
		send_error(t, &t->tid, TFTP_ENOSPACE, "file too large");
		return -1;
	}
	t->next++;
	t->gap_acked = false;
	if (p->len < t->blksize) {
		if (send_ack(t, t->next - 1, err, errlen))
			return -1;
		return 1;
	}
	if (++t->in_window >= t->window) {
		t->in_window = 0;
		return send_ack(t, t->next - 1, err, errlen);
	}
	return 0;
}

static int no_answer(struct tftp *t, unsigned timeout_ms,
		     struct fetch_sink *s, char *err, size_t errlen)
{
	char done[32];

	if (!t->started) {
		snprintf(err, errlen, "no answer from the TFTP server %s "
			 "port %u for %.300s within %.1f s; check that it runs "
			 "and that this machine can reach it", t->u->host,
			 t->u->port, t->url, timeout_ms / 1000.0);
		return -1;
	}
	fetch_size_text(s->done, done, sizeof(done));
	snprintf(err, errlen, "the TFTP server %s stopped sending %.300s "
		 "after %s (nothing for %.1f s); try again, or check the "
		 "network", t->u->host, t->url, done, timeout_ms / 1000.0);
	return -1;
}

/* Handles one packet that arrived. 1: done, 0: go on, -1: failed,
 * 2: start again without options. */
static int receive(struct tftp *t, struct fetch_sink *s, long long *heard,
		   char *err, size_t errlen)
{
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	struct tftp_packet p;
	const char *why;
	ssize_t n;

	n = recvfrom(t->sock, t->pkt, PKT_MAX, MSG_DONTWAIT,
		     (struct sockaddr *)&from, &fl);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		if (errno == ECONNREFUSED && !t->started) {
			snprintf(err, errlen, "nothing answers TFTP on %s "
				 "port %u (connection refused) for %.300s; "
				 "check the server address and that its TFTP "
				 "server runs", t->u->host, t->u->port, t->url);
			return -1;
		}
		if (errno == EHOSTUNREACH || errno == ENETUNREACH) {
			snprintf(err, errlen, "cannot reach the TFTP server "
				 "%s for %.300s: %s", t->u->host, t->url,
				 strerror(errno));
			return -1;
		}
		return 0;	/* a stale ICMP error; the timer covers it */
	}
	if (!t->have_tid) {
		if (from.sin_addr.s_addr != t->server.sin_addr.s_addr)
			return 0;
		t->tid = from;
		t->have_tid = true;
	} else if (!same(&from, &t->tid)) {
		/* RFC 1350: another port is told, the transfer goes on. */
		send_error(t, &from, TFTP_EBADID, "unknown transfer ID");
		return 0;
	}
	if (tftp_parse(t->pkt, (size_t)n, &p, &why))
		return 0;	/* garbage does not count as an answer */
	switch (p.op) {
	case TFTP_ERROR:
		if (p.code == TFTP_EOPTNEG && t->use_opts && !t->started)
			return 2;
		return server_error(t, &p, err, errlen);
	case TFTP_OACK:
		if (t->started) {
			/* Our ACK of it was lost: the server sends it again
			 * until a block has gone. */
			if (t->next == 1)
				return send_ack(t, 0, err, errlen);
			return 0;
		}
		if (!t->use_opts)
			return 0;
		*heard = fetch_now_ms();
		return take_oack(t, &p, s, err, errlen);
	case TFTP_DATA:
		if (p.block == (t->next & 0xffff))
			*heard = fetch_now_ms();
		return take_data(t, &p, s, err, errlen);
	default:
		return 0;
	}
}

static int run(struct tftp *t, const struct fetch_opts *o,
	       struct fetch_sink *s, char *err, size_t errlen)
{
	unsigned interval = o->timeout_ms / 4;
	long long heard, retx, now;
	int r;

	/* Four tries per timeout, at most a second apart. */
	if (interval > 1000)
		interval = 1000;
	if (interval < 50)
		interval = 50;
	if (send_rrq(t, err, errlen))
		return -1;
	heard = fetch_now_ms();
	for (;;) {
		struct pollfd pfd = { .fd = t->sock, .events = POLLIN };
		long long wait;

		/* Resend what we sent last when neither it went out nor a
		 * block came in order for an interval. */
		now = fetch_now_ms();
		if (now - heard >= o->timeout_ms)
			return no_answer(t, o->timeout_ms, s, err, errlen);
		retx = (t->sent_at > heard ? t->sent_at : heard) + interval;
		if (now >= retx) {
			if (send_last(t, err, errlen))
				return -1;
			retx = now + interval;
		}
		wait = retx - now;
		if (heard + o->timeout_ms - now < wait)
			wait = heard + o->timeout_ms - now;
		r = poll(&pfd, 1, (int)wait);
		if (r < 0 && errno != EINTR) {
			snprintf(err, errlen, "cannot fetch %.300s: %s", t->url,
				 strerror(errno));
			return -1;
		}
		if (r <= 0)
			continue;
		/* Drain what is there before sleeping again. */
		for (int i = 0; i < 64; i++) {
			r = receive(t, s, &heard, err, errlen);
			if (r)
				return r;
			if (!(pfd.revents & POLLIN))
				break;
			pfd.revents = 0;
			if (poll(&pfd, 1, 0) <= 0)
				break;
		}
	}
}

int tftp_fetch(const struct fetch_url *u, const struct fetch_opts *o,
	       struct fetch_sink *s, char *err, size_t errlen)
{
	struct tftp *t = calloc(1, sizeof(*t));
	int one = 1, rcvbuf = 4 << 20;
	int r = -1;

	if (!t || !(t->pkt = malloc(PKT_MAX))) {
		snprintf(err, errlen, "cannot fetch %.300s: out of memory",
			 s->url);
		goto out_free;
	}
	t->u = u;
	t->url = s->url;
	t->next = 1;
	t->req.has_blksize = t->req.has_windowsize = t->req.has_tsize = true;
	t->req.blksize = o->tftp_blksize ? o->tftp_blksize : FETCH_TFTP_BLKSIZE;
	t->req.windowsize = o->tftp_windowsize ? o->tftp_windowsize :
			    FETCH_TFTP_WINDOWSIZE;
	if (t->req.blksize < TFTP_BLKSIZE_MIN)
		t->req.blksize = TFTP_BLKSIZE_MIN;
	if (t->req.blksize > TFTP_BLKSIZE_MAX)
		t->req.blksize = TFTP_BLKSIZE_MAX;
	if (t->req.windowsize > TFTP_WINDOWSIZE_MAX)
		t->req.windowsize = TFTP_WINDOWSIZE_MAX;
	t->use_opts = true;
	if (fetch_url_tftp_name(u->path, t->name, sizeof(t->name)) ||
	    !t->name[0]) {
		snprintf(err, errlen, "cannot fetch %.300s: the URL names no "
			 "file (tftp://HOST/FILE)", s->url);
		goto out_free;
	}
	if (fetch_resolve(u, &t->server, err, errlen))
		goto out_free;
	t->sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (t->sock < 0) {
		snprintf(err, errlen, "cannot fetch %.300s: %s", s->url,
			 strerror(errno));
		goto out_free;
	}
	/* A window of blocks arrives in one burst; ICMP errors (port
	 * unreachable) are reported on this unconnected socket too. */
	setsockopt(t->sock, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(t->sock, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	r = run(t, o, s, err, errlen);
	if (r == 2) {
		/* RFC 2347: a server may refuse options; ask plainly. */
		t->use_opts = false;
		r = fetch_sink_reset(s, err, errlen) ? -1 :
		    run(t, o, s, err, errlen);
		if (r == 2)
			r = -1;
	}
	if (r == 1 && t->announced && s->done != t->announced) {
		char got[32], want[32];

		fetch_size_text(s->done, got, sizeof(got));
		fetch_size_text(t->announced, want, sizeof(want));
		snprintf(err, errlen, "the TFTP server %s sent %s of %.300s "
			 "but announced %s; the file may have changed while "
			 "it was read, try again", u->host, got, s->url, want);
		r = -1;
	} else if (r == 1) {
		r = 0;
	}
	close(t->sock);
out_free:
	if (t)
		free(t->pkt);
	free(t);
	return r;
}
