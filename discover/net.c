/* net.c - DHCP through udhcpc, and the boot options a boot server offers. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "loader/fetch.h"
#include "fsview.h"
#include "grub2/netboot.h"
#include "log.h"
#include "net.h"
#include "net_efi.h"
#include "option.h"
#include "parser.h"
#include "pxe/ipxe.h"
#include "pxe/pxe.h"

extern char **environ;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A small sysfs or lease file into buf, NUL-terminated; trailing newline
 * dropped. Returns the length or -errno. */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return n;
}

bool net_wanted(const char *iface, bool any)
{
	char path[PATH_MAX], buf[16];
	struct stat st;

	if (!strcmp(iface, "lo") || strchr(iface, '/') || iface[0] == '.')
		return false;
	snprintf(path, sizeof(path), "/sys/class/net/%s/type", iface);
	if (read_small(path, buf, sizeof(buf)) < 0 || strcmp(buf, "1"))
		return false;
	snprintf(path, sizeof(path), "/sys/class/net/%s/device", iface);
	return any || stat(path, &st) == 0;
}

static int link_up(const char *iface)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		r = -errno;
	} else if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			r = -errno;
	}
	close(fd);
	return r;
}

/* Runs argv with extra environment words, output to log; waits at most
 * limit_ms, then kills it. Returns the exit status, 128+signal, or -errno
 * (-ETIMEDOUT when it was killed for taking too long). */
static int run(char *const argv[], char *const extra[], const char *logpath,
	       long long limit_ms)
{
	char *envp[256];
	size_t n = 0;
	long long end = now_ms() + limit_ms;
	int status, fd;
	pid_t pid;

	for (size_t i = 0; extra[i] && n < 128; i++)
		envp[n++] = extra[i];
	for (size_t i = 0; environ[i] && n < sizeof(envp) / sizeof(*envp) - 1;
	     i++)
		envp[n++] = environ[i];
	envp[n] = NULL;
	fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		if (fd >= 0)
			close(fd);
		return err;
	}
	if (pid == 0) {
		sigset_t none;

		/* The daemon blocks signals for its signalfd; children must
		 * not inherit that. */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execvpe(argv[0], argv, envp);
		_exit(127);
	}
	if (fd >= 0)
		close(fd);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		struct timespec tick = { 0, 50 * 1000 * 1000 };

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return -errno;
		if (now_ms() >= end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -ETIMEDOUT;
		}
		nanosleep(&tick, NULL);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	       128 + WTERMSIG(status);
}

static void lease_path(const struct net_conf *c, const char *iface,
		       const char *ext, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s.%s", c->dir, iface, ext);
}

int net_dhcp(const char *iface, const struct net_conf *c, char *err,
	     size_t errlen)
{
	char lease[PATH_MAX], logp[PATH_MAX], envdir[PATH_MAX + 32];
	char tries[8], wait[8];
	char *argv[] = {
		"udhcpc", "-i", (char *)iface, "-f", "-q", "-n",
		"-t", tries, "-T", wait, "-A", "1",
		"-O", "209", "-O", "210", "-s", (char *)c->script, NULL,
	};
	char *extra[] = { envdir, NULL };
	struct stat st;
	int r;

	snprintf(tries, sizeof(tries), "%d", NET_DHCP_TRIES);
	snprintf(wait, sizeof(wait), "%d", NET_DHCP_WAIT_S);
	snprintf(envdir, sizeof(envdir), "HOPBOOT_NET_DIR=%s", c->dir);
	lease_path(c, iface, "lease", lease, sizeof(lease));
	lease_path(c, iface, "log", logp, sizeof(logp));
	if (mkdir(c->dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "unable to create %s: %s", c->dir,
			 strerror(errno));
		return -1;
	}
	unlink(lease);
	r = link_up(iface);
	if (r < 0) {
		snprintf(err, errlen, "unable to bring %s up: %s", iface,
			 strerror(-r));
		return -1;
	}
	r = run(argv, extra, logp, NET_DHCP_LIMIT_MS);
	if (stat(lease, &st) == 0)
		return 0;
	if (r == 127)
		snprintf(err, errlen, "unable to run udhcpc for %s: it is not "
			 "in PATH; hopboot's image has it in busybox", iface);
	else if (r == -ETIMEDOUT)
		snprintf(err, errlen, "udhcpc on %s did not finish within %d "
			 "s and was stopped; see %s", iface,
			 NET_DHCP_LIMIT_MS / 1000, logp);
	else
		snprintf(err, errlen, "no DHCP lease on %s: no server answered "
			 "%d requests %d s apart; check the cable and that a "
			 "DHCP server serves this network (udhcpc's log: %s)",
			 iface, NET_DHCP_TRIES, NET_DHCP_WAIT_S, logp);
	return -1;
}

static int prefix_len(const char *mask)
{
	unsigned a, b, c, d, n = 0;
	unsigned long m;

	if (sscanf(mask, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
		return 24;
	m = (unsigned long)a << 24 | b << 16 | c << 8 | d;
	while (n < 32 && (m & (1ul << (31 - n))))
		n++;
	return (int)n;
}

int net_static(const struct net_lease *l, const struct net_conf *c,
	       char *err, size_t errlen)
{
	char e[10][320], logp[PATH_MAX], lease[PATH_MAX];
	char *extra[11];
	char *argv[] = { "/bin/sh", (char *)c->script, "bound", NULL };
	struct stat st;
	int r;

	snprintf(e[0], sizeof(e[0]), "HOPBOOT_NET_DIR=%s", c->dir);
	snprintf(e[1], sizeof(e[1]), "interface=%s", l->iface);
	snprintf(e[2], sizeof(e[2]), "ip=%s", l->ip);
	snprintf(e[3], sizeof(e[3]), "subnet=%s", l->mask);
	snprintf(e[4], sizeof(e[4]), "mask=%d", prefix_len(l->mask));
	snprintf(e[5], sizeof(e[5]), "router=%s", l->router);
	snprintf(e[6], sizeof(e[6]), "dns=%s", l->dns);
	snprintf(e[7], sizeof(e[7]), "siaddr=%s", l->siaddr);
	snprintf(e[8], sizeof(e[8]), "hostname=%s", l->hostname);
	snprintf(e[9], sizeof(e[9]), "boot_file=%s", l->boot_file);
	for (int i = 0; i < 10; i++)
		extra[i] = e[i];
	extra[10] = NULL;
	if (mkdir(c->dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "unable to create %s: %s", c->dir,
			 strerror(errno));
		return -1;
	}
	lease_path(c, l->iface, "lease", lease, sizeof(lease));
	lease_path(c, l->iface, "log", logp, sizeof(logp));
	unlink(lease);
	r = link_up(l->iface);
	if (r < 0) {
		snprintf(err, errlen, "unable to bring %s up for ip=: %s",
			 l->iface, strerror(-r));
		return -1;
	}
	r = run(argv, extra, logp, 10000);
	if (r == 0 && stat(lease, &st) == 0)
		return 0;
	snprintf(err, errlen, "unable to configure %s as ip= asks (%s/%d); "
		 "see %s", l->iface, l->ip, prefix_len(l->mask), logp);
	return -1;
}

/* Empties the cache of an earlier lease, depth-first and bounded. */
static void remove_tree(int dfd, const char *name, int depth)
{
	int fd;
	DIR *dir;
	struct dirent *de;

	if (depth > 32)
		return;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	if (fd < 0) {
		unlinkat(dfd, name, 0);
		return;
	}
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return;
	}
	while ((de = readdir(dir)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			remove_tree(dirfd(dir), de->d_name, depth + 1);
	closedir(dir);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

void net_remove_tree(const char *path)
{
	remove_tree(AT_FDCWD, path, 0);
}

struct fetcher {
	const char *url_base;	/* "tftp://10.0.2.2" */
	const char *cache;	/* the folder mirroring the server */
	int count;
	long long deadline;
	char last_err[512];
};

int net_make_parents(const char *cache, const char *path)
{
	char buf[PATH_MAX];
	int n = snprintf(buf, sizeof(buf), "%s%s", cache, path);
	size_t skip = strlen(cache) + 1;

	if (n < 0 || (size_t)n >= sizeof(buf))
		return -ENAMETOOLONG;
	for (char *p = buf + skip; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return 0;
}

/* A "/"-rooted path with no empty, "." or ".." component: the only kind
 * that names one file inside the cache once appended to it. */
static bool plain_path(const char *path)
{
	if (path[0] != '/' || strlen(path) > 1024)
		return false;
	for (const char *p = path + 1;; p += strcspn(p, "/") + 1) {
		size_t n = strcspn(p, "/");

		if (!n || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!p[n])
			return true;
	}
}

/* fsview's miss handler: fetches a config the parser asks for. */
static int fetch_miss(void *arg, const char *path)
{
	struct fetcher *f = arg;
	struct fetch_opts opts = {
		.max_bytes = FSVIEW_CONFIG_MAX,
		.timeout_ms = 3000,
	};
	char local[PATH_MAX], url[PATH_MAX + 300], err[512];

	if (!plain_path(path))
		return -EINVAL;
	if (f->count >= NET_FETCH_MAX || now_ms() >= f->deadline)
		return -ETIME;
	f->count++;
	if (net_make_parents(f->cache, path) < 0)
		return -ENOENT;
	snprintf(local, sizeof(local), "%s%s", f->cache, path);
	snprintf(url, sizeof(url), "%s%s", f->url_base, path);
	if (fetch_to_file(url, local, &opts, err, sizeof(err)) < 0) {
		log_debug("net: %s", err);
		snprintf(f->last_err, sizeof(f->last_err), "%s", err);
		return -ENOENT;
	}
	log_debug("net: fetched %s", url);
	return 0;
}

static const char *dmi(struct arena *a, const char *name)
{
	char path[128], buf[256];

	snprintf(path, sizeof(path), "/sys/class/dmi/id/%s", name);
	if (read_small(path, buf, sizeof(buf)) <= 0)
		return NULL;
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return arena_strdup(a, buf);
}

/* Linux shows the UUID of SMBIOS 2.6 and later with its first three fields
 * swapped to the usual order (drivers/firmware/dmi_scan.c); older tables
 * as stored. The entry point says which: "_SM3_" is 3.x, "_SM_" has the
 * version in bytes 6 and 7. Unknown: taken as 2.6 or later. */
static bool smbios_26(void)
{
	unsigned char ep[8] = { 0 };
	int fd = open("/sys/firmware/dmi/tables/smbios_entry_point",
		      O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, ep, sizeof(ep));

	if (fd >= 0)
		close(fd);
	if (n < 8 || memcmp(ep, "_SM_", 4))
		return true;
	return ep[6] > 2 || (ep[6] == 2 && ep[7] >= 6);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static const char *str(struct arena *a, const char *s)
{
	return s && *s ? arena_strdup(a, s) : NULL;
}

static int dev_err(struct option_set *set, struct device *dev,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int dev_err(struct option_set *set, struct device *dev,
		   const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return strlist_add(&dev->errors, set->arena,
			   arena_strdup(set->arena, buf));
}

int net_add_device(struct option_set *set, const char *iface,
		   const struct net_conf *c, bool fetch)
{
	struct arena *a = set->arena;
	struct device *dev = option_set_add_device(set);
	struct net_lease l;
	struct net_info net = { .hwtype = 1 };
	struct pxe_lookup lk = { 0 };
	struct fetcher f = { 0 };
	struct net_efi efi;
	struct fsview fs;
	struct parse_ctx ctx;
	char path[PATH_MAX], buf[8192], mac[32] = "", uuid[40];
	const char *server;
	ssize_t n;
	int r;

	if (!dev)
		return -ENOMEM;
	dev->type = "network";
	dev->label = str(a, iface);
	snprintf(path, sizeof(path), "/sys/class/net/%s/address", iface);
	read_small(path, mac, sizeof(mac));
	lease_path(c, iface, "lease", path, sizeof(path));
	n = read_small(path, buf, sizeof(buf));
	if (n < 0 || lease_parse(buf, (size_t)n, &l) < 0)
		memset(&l, 0, sizeof(l));
	if (l.mac[0])
		snprintf(mac, sizeof(mac), "%s", l.mac);
	dev->id = arena_printf(a, "net:%s", mac[0] ? mac : iface);
	dev->path = arena_printf(a, "%s", iface);
	if (!dev->id || !dev->path || !dev->label)
		return -ENOMEM;
	if (!l.ip[0])
		return dev_err(set, dev, "%s has no DHCP lease (%s is missing "
			       "or holds no address); hopboot cannot ask a "
			       "boot server for its files", iface, path);
	if (!lease_offers_boot(&l))
		return dev_err(set, dev, "the DHCP server of %s offers no "
			       "network boot: no boot file, next-server "
			       "(siaddr), or option 66, 67 or 209; set them on "
			       "the server to boot this machine from it",
			       iface);
	server = lease_server(&l);
	if (!server)
		return dev_err(set, dev, "the DHCP server of %s (lease %s) "
			       "named no boot server: set next-server "
			       "(siaddr) or option 66 to the TFTP server's "
			       "address", iface, path);
	if (strstr(l.pathprefix, "://"))
		return dev_err(set, dev, "the DHCP server asks for the path "
			       "prefix %s (option 210) on %s; prefixes that "
			       "are URLs are not supported yet, give a folder "
			       "on the TFTP server instead", l.pathprefix,
			       iface);
	dev->path = arena_printf(a, "tftp://%s/", server);
	net.ip = str(a, l.ip);
	net.server = str(a, server);
	net.gateway = str(a, l.router);
	net.netmask = str(a, l.mask);
	net.mac = str(a, mac);
	net.uuid = dmi(a, "product_uuid");
	net.sys_vendor = dmi(a, "sys_vendor");
	net.product_name = dmi(a, "product_name");
	net.product_version = dmi(a, "product_version");
	net.product_serial = dmi(a, "product_serial");
	net.product_sku = dmi(a, "product_sku");
	net.board_vendor = dmi(a, "board_vendor");
	net.board_name = dmi(a, "board_name");
	net.board_version = dmi(a, "board_version");
	net.board_serial = dmi(a, "board_serial");
	lk = (struct pxe_lookup){
		.conffile = l.conffile, .pathprefix = l.pathprefix,
		.boot_file = lease_boot_file(&l),
		.uuid = pxe_uuid_name(net.uuid, smbios_26(), uuid) ? uuid :
			NULL,
		.mac = net.mac, .hwtype = 1, .ip = net.ip,
	};
	f.url_base = arena_printf(a, "tftp://%s", server);
	snprintf(path, sizeof(path), "%s/%s", c->dir, iface);
	f.cache = arena_strdup(a, path);
	if (!dev->path || !f.url_base || !f.cache)
		return -ENOMEM;
	if (fetch) {
		net_remove_tree(f.cache);
		if (mkdir(f.cache, 0755) < 0 && errno != EEXIST)
			return dev_err(set, dev, "unable to create %s: %s",
				       f.cache, strerror(errno));
	}
	r = fsview_open(&fs, f.cache);
	if (r < 0)
		return dev_err(set, dev, "the files fetched from the boot "
			       "server are gone (%s: %s); 'hopboot ctl "
			       "rescan' fetches them again", f.cache,
			       strerror(-r));
	if (fetch) {
		f.deadline = now_ms() + NET_FETCH_BUDGET_MS;
		fs.miss = fetch_miss;
		fs.miss_ctx = &f;
	}
	ctx = (struct parse_ctx){ .fs = &fs, .dev = dev, .set = set,
				  .net = &net };
	/* An EFI boot file is read: GRUB, or shim loading GRUB, runs what
	 * its image carries (net_efi.c). Else a boot file that is an iPXE
	 * script is run as one, a GRUB core image by its name looks for
	 * GRUB's configs; anything else is taken to be pxelinux. */
	snprintf(path, sizeof(path), "%s/%s.efi", c->dir, iface);
	r = net_efi_read(set, dev, path, f.url_base, lk.boot_file, fetch,
			 &efi);
	if (r > 0)
		r = efi.img.path ? grub2_net_parse(&ctx, lk.boot_file,
						   f.url_base, &efi.img) : 0;
	else if (r == 0 && grub2_net_is_core(lk.boot_file))
		r = grub2_net_parse(&ctx, lk.boot_file, f.url_base, NULL);
	else if (r == 0 && ends_with(lk.boot_file, ".ipxe"))
		r = ipxe_parse(&ctx, arena_printf(a, "%s%s",
			       lk.boot_file[0] == '/' ? "" : "/", lk.boot_file),
			       f.url_base);
	else if (r == 0)
		r = pxe_parse(&ctx, &lk, f.url_base);
	net_efi_close(&efi);
	fsview_close(&fs);
	if (r == 0 && fetch && f.last_err[0] && dev->errors.n)
		r = dev_err(set, dev, "the last transfer said: %s",
			    f.last_err);
	return r < 0 ? r : 0;
}
