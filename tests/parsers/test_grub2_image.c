/* test_grub2_image.c - GRUB EFI images grub-mkimage makes, Debian's real ones, and their netboot. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "test_server.h"
#include "testfs.h"

#include "arena.h"
#include "fsview.h"
#include "grub2/image.h"
#include "grub2/netboot.h"
#include "option.h"
#include "uki/pe.h"

static char tmp[] = "/tmp/test_grub2_image.XXXXXX";

_Noreturn static void die(const char *what)
{
	diag("%s", what);
	exit(1);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs a shell command in tmp; 0 when it succeeded. */
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	int n = snprintf(cmd, sizeof(cmd), "cd %s && (", tmp);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n - 32, fmt, ap);
	va_end(ap);
	strcat(cmd, ") >log 2>&1");
	return system(cmd);
}

/* A file in memory. */
static unsigned char *slurp(const char *name, size_t *len)
{
	char p[PATH_MAX];
	unsigned char *b;
	struct stat st;
	int fd;

	/* A bare name is in tmp; a path is as given. */
	if (strchr(name, '/'))
		snprintf(p, sizeof(p), "%s", name);
	else
		snprintf(p, sizeof(p), "%s/%s", tmp, name);
	fd = open(p, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0)
		die("cannot read an image");
	b = malloc((size_t)st.st_size + 1);
	if (!b || read(fd, b, (size_t)st.st_size) != st.st_size)
		die("cannot read an image");
	close(fd);
	*len = (size_t)st.st_size;
	return b;
}

static bool eq(const char *s, size_t n, const char *want)
{
	return s && n == strlen(want) && !memcmp(s, want, n);
}

/* A memdisk walk's files, "path=size" joined by spaces. */
struct listing {
	char text[4096];
	char first[512];	/* the first file's text */
};

static int list_file(void *arg, const char *path, const void *data,
		     size_t size)
{
	struct listing *l = arg;
	size_t n = strlen(l->text);

	snprintf(l->text + n, sizeof(l->text) - n, "%s%s=%zu", n ? " " : "",
		 path, size);
	if (!l->first[0] && size < sizeof(l->first))
		memcpy(l->first, data, size);
	return 0;
}

static int walk(const unsigned char *b, size_t len, struct listing *l,
		const char **why)
{
	struct arena *a = arena_new();
	int r;

	memset(l, 0, sizeof(*l));
	*why = "";
	r = grub2_memdisk_walk(b, len, a, list_file, l, why);
	arena_free(a);
	return r;
}

static void test_prefix_only(void)
{
	struct grub2_image img;
	const char *why = "";
	unsigned char *b;
	size_t len;

	if (sh("grub-mkimage -O x86_64-efi -p /debian-installer/amd64/grub "
	       "-o plain.efi efinet tftp normal"))
		die("grub-mkimage failed (see log)");
	b = slurp("plain.efi", &len);
	check_int(grub2_image_read(b, len, &img, &why), ==, 0);
	check_int(img.kind, ==, GRUB2_EFI_GRUB);
	check_int(img.machine, ==, PE_MACHINE_X64);
	ok(eq(img.prefix, img.prefix_len, "/debian-installer/amd64/grub"),
	   "the built-in prefix, as -p gave it");
	ok(!img.config && !img.memdisk, "no embedded config, no memdisk");
	/* efinet, tftp, normal and what they need. */
	ok(img.n_elf >= 3, "its modules are counted (%u)", img.n_elf);
	free(b);
}

static void test_tar_memdisk(void)
{
	struct grub2_image img;
	struct listing l;
	const char *why = "";
	unsigned char *b;
	size_t len;

	testfs_put(tmp, "embedded.cfg",
		"set root=memdisk\nnormal (memdisk)/boot/grub/grub.cfg\n");
	if (sh("mkdir -p md/boot/grub/x86_64-efi && "
	       "echo 'menuentry A { linux (tftp)/vmlinuz; }' >md/boot/grub/grub.cfg && "
	       "printf 'x' >md/boot/grub/x86_64-efi/normal.mod && "
	       "mkdir -p md/a/very/long/path/that/goes/on/and/on/to/make/gnu/tar/write/a/long/name/record/for/it/which/grub/reads/too && "
	       "echo long >md/a/very/long/path/that/goes/on/and/on/to/make/gnu/tar/write/a/long/name/record/for/it/which/grub/reads/too/file.cfg && "
	       "(cd md && tar --format=gnu --sort=name -cf ../md.tar boot a) && "
	       "grub-mkimage -O x86_64-efi -c embedded.cfg -m md.tar "
	       "-o tar.efi memdisk tar normal"))
		die("grub-mkimage with a tar memdisk failed (see log)");
	b = slurp("tar.efi", &len);
	check_int(grub2_image_read(b, len, &img, &why), ==, 0);
	ok(eq(img.prefix, img.prefix_len, "(memdisk)/boot/grub"),
	   "the prefix grub-mkimage's -m sets");
	ok(eq(img.config, img.config_len,
	      "set root=memdisk\nnormal (memdisk)/boot/grub/grub.cfg\n"),
	   "the embedded config, up to the NUL grub-mkimage pads it with");
	ok(img.memdisk && img.memdisk_len % 512 == 0,
	   "the memdisk, padded to 512 bytes by grub-mkimage");
	check_int(walk(img.memdisk, img.memdisk_len, &l, &why), ==, 3);
	check_str(l.text, "/boot/grub/grub.cfg=38 "
		  "/boot/grub/x86_64-efi/normal.mod=1 "
		  "/a/very/long/path/that/goes/on/and/on/to/make/gnu/tar/write/a/long/name/record/for/it/which/grub/reads/too/file.cfg=5");
	check_str(l.first, "menuentry A { linux (tftp)/vmlinuz; }\n");
	free(b);
}

static void test_fat_memdisk(void)
{
	struct grub2_image img;
	struct listing l;
	const char *why = "";
	unsigned char *b;
	size_t len;

	/* Debian's build-efi-images: mkfs.msdos -C, mcopy, mmd. */
	testfs_put(tmp, "netboot.cfg",
		"if [ -e $prefix/x86_64-efi/grub.cfg ]; then\n"
		"\tsource $prefix/x86_64-efi/grub.cfg\n"
		"else\n"
		"\tsource $prefix/grub.cfg\n"
		"fi\n");
	testfs_put(tmp, "bootstrap.cfg", "normal (memdisk)/grub.cfg\n");
	if (sh("mkfs.msdos -C memdisk.fat 256 && "
	       "mcopy -i memdisk.fat netboot.cfg ::grub.cfg && "
	       "mmd -i memdisk.fat ::fonts && "
	       "mcopy -i memdisk.fat netboot.cfg '::fonts/A Long Name.pf2' && "
	       "mcopy -i memdisk.fat bootstrap.cfg ::fonts/UPPER.CFG && "
	       /* -m sets the prefix to (memdisk)/boot/grub: -p after
		* it, as Debian's script has it, wins. */
	       "grub-mkimage -O x86_64-efi -c bootstrap.cfg -m memdisk.fat "
	       "-p /debian-installer/amd64/grub -o fat.efi "
	       "memdisk fat normal tftp efinet"))
		die("grub-mkimage with a FAT memdisk failed (see log)");
	b = slurp("fat.efi", &len);
	check_int(grub2_image_read(b, len, &img, &why), ==, 0);
	ok(eq(img.config, img.config_len, "normal (memdisk)/grub.cfg\n"),
	   "Debian's bootstrap config");
	check_int(walk(img.memdisk, img.memdisk_len, &l, &why), ==, 3);
	/* fs/fat.c: the long name as written; an 8.3 name in lower case. */
	check_str(l.text, "/grub.cfg=113 /fonts/A Long Name.pf2=113 "
		  "/fonts/upper.cfg=26");
	ok(!strncmp(l.first, "if [ -e $prefix/x86_64-efi/grub.cfg ]", 37),
	   "a file's bytes, gathered from its clusters");
	free(b);

	/* FAT16 and FAT32, whole images as the memdisk. */
	if (sh("mkfs.fat -F 16 -s 1 -C f16.img 8192 && mcopy -i f16.img netboot.cfg ::x.cfg && "
	       "mkfs.fat -F 32 -s 1 -C f32.img 33500 && mmd -i f32.img ::d ::d/e && "
	       "mcopy -i f32.img netboot.cfg ::d/e/y.cfg"))
		die("mkfs.fat failed (see log)");
	b = slurp("f16.img", &len);
	check_int(walk(b, len, &l, &why), ==, 1);
	check_str(l.text, "/x.cfg=113");
	free(b);
	b = slurp("f32.img", &len);
	check_int(walk(b, len, &l, &why), ==, 1);
	check_str(l.text, "/d/e/y.cfg=113");
	free(b);
}

/* Real images, damaged where a hostile server would damage them. */
static void test_damaged(void)
{
	struct grub2_image img;
	struct pe_file pe;
	struct listing l;
	const struct pe_section *mods;
	const char *why = "";
	unsigned char *b;
	size_t len;

	b = slurp("tar.efi", &len);
	if (pe_read(b, len, len, &pe, &why) || !(mods = pe_find(&pe, "mods")))
		die("no mods section in tar.efi");
	/* The first module's size (after the 24-byte module info) made
	 * to run past the area. */
	memcpy(b + mods->offset + 24 + 4, "\xff\xff\xff\x7f", 4);
	check_int(grub2_image_read(b, len, &img, &why), ==, -ENOEXEC);
	check_int(img.kind, ==, GRUB2_EFI_GRUB);
	ok(strstr(why, "runs past its module area"), "a module too big: %s",
	   why);
	memcpy(b + mods->offset + 24 + 4, "\x04\0\0\0", 4);
	check_int(grub2_image_read(b, len, &img, &why), ==, -ENOEXEC);
	ok(strstr(why, "runs past"), "a module smaller than its header");
	/* Cut in the middle of the module area. */
	check_int(grub2_image_read(b, mods->offset + 100, &img, &why), ==,
		  -ENOEXEC);
	/* No magic: an EFI program that is not GRUB. */
	memcpy(b + mods->offset, "xxxx", 4);
	check_int(grub2_image_read(b, len, &img, &why), ==, 0);
	check_int(img.kind, ==, GRUB2_EFI_OTHER);
	check_int(grub2_image_read("not really GRUB\n", 16, &img, &why), ==,
		  -ENOEXEC);
	free(b);

	/* A memdisk cut short, and one that is neither tar nor FAT. */
	b = slurp("md.tar", &len);
	check_int(walk(b, 2048, &l, &why), ==, 1);
	check_str(l.text, "/boot/grub/grub.cfg=38");
	check_int(walk(b + 100, len - 100, &l, &why), ==, -ENOEXEC);
	ok(strstr(why, "neither a tar archive nor a FAT"), "%s", why);
	free(b);
	b = slurp("memdisk.fat", &len);
	/* The FAT's root folder past the end. */
	check_int(walk(b, 2048, &l, &why), ==, -ENOEXEC);
	/* A chain that loops on itself: FAT12 entry 2 -> 2. */
	{
		size_t fat = 512 * (size_t)(b[14] | b[15] << 8);

		b[fat + 3] = 0x02;
		b[fat + 4] = (unsigned char)(b[fat + 4] & 0xf0);
		check_int(walk(b, len, &l, &why), >=, 0);
	}
	free(b);
}

/* Debian's real bootnetx64.efi and grubx64.efi (shim-signed's and
 * grub-efi-amd64-signed's files, tests/lib/debian-efi.sh), when
 * tests/integration/netboot-grub.t has fetched them. */
static void test_debian(void)
{
	const char *out = getenv("OUT") ? getenv("OUT") : "out";
	char p[PATH_MAX];
	struct grub2_image img;
	struct listing l;
	const char *why = "";
	unsigned char *b;
	size_t len;

	snprintf(p, sizeof(p), "%s/debian-efi/root/usr/lib/shim/shimx64.efi.signed",
		 out);
	if (access(p, R_OK)) {
		diag("SKIP Debian's real images: %s is not there (tests/integration/netboot-grub.t fetches it)",
		     p);
		return;
	}
	b = slurp(p, &len);
	check_int(grub2_image_read(b, len, &img, &why), ==, 0);
	check_int(img.kind, ==, GRUB2_EFI_SHIM);
	check_str(grub2_shim_loader(img.machine), "grubx64.efi");
	free(b);
	snprintf(p, sizeof(p), "%s/debian-efi/root/usr/lib/grub/x86_64-efi-signed/grubnetx64-installer.efi.signed",
		 out);
	b = slurp(p, &len);
	check_int(grub2_image_read(b, len, &img, &why), ==, 0);
	check_int(img.kind, ==, GRUB2_EFI_GRUB);
	ok(eq(img.prefix, img.prefix_len, "/debian-installer/amd64/grub"),
	   "Debian's signed netboot GRUB: its prefix");
	ok(eq(img.config, img.config_len, "normal (memdisk)/grub.cfg\n"),
	   "and its embedded config");
	check_int(walk(img.memdisk, img.memdisk_len, &l, &why), ==, 2);
	ok(!strncmp(l.text, "/grub.cfg=113 /fonts/unicode.pf2=", 33),
	   "its FAT memdisk: %s", l.text);
	free(b);
}

/* The netboot a GRUB image leads to, as discover/net_efi.c hands it. */
struct boot {
	struct test_server s;
	char memdisk[PATH_MAX];
	struct fsview md;
	struct grub2_net_image img;
};

static int extract(void *arg, const char *path, const void *data,
		   size_t size)
{
	struct boot *bt = arg;

	testfs_write(bt->memdisk, path, data, size);
	return 0;
}

/* Reads tmp/image and sets bt->img as net_efi.c would, its memdisk
 * extracted; the boot server is a fresh folder. */
static void boot_new(struct boot *bt, const char *image, const char *path)
{
	static char prefix[1024], config[4096];
	struct grub2_image img;
	const char *why = "";
	unsigned char *b;
	size_t len;

	memset(bt, 0, sizeof(*bt));
	bt->md.root_fd = -1;
	test_server_new(&bt->s, "test_grub2_image");
	strcpy(bt->memdisk, "/tmp/test_grub2_image.md.XXXXXX");
	testfs_new(bt->memdisk);
	b = slurp(image, &len);
	if (grub2_image_read(b, len, &img, &why))
		die(why);
	bt->img.path = path;
	if (img.prefix) {
		snprintf(prefix, sizeof(prefix), "%.*s", (int)img.prefix_len,
			 img.prefix);
		bt->img.prefix = prefix;
	}
	if (img.config) {
		snprintf(config, sizeof(config), "%.*s", (int)img.config_len,
			 img.config);
		bt->img.config = config;
	}
	if (img.memdisk) {
		struct arena *a = arena_new();

		grub2_memdisk_walk(img.memdisk, img.memdisk_len, a, extract,
				   bt, &why);
		arena_free(a);
		if (fsview_open(&bt->md, bt->memdisk))
			die("cannot open the memdisk folder");
		bt->img.memdisk = &bt->md;
	}
	free(b);
}

static struct option_set *run(struct boot *bt, const char *boot_file,
			      int *r)
{
	struct test_net t;

	test_net_open(&t, &bt->s);
	*r = grub2_net_parse(&t.ctx, boot_file, "tftp://10.0.2.2", &bt->img);
	return test_net_close(&t);
}

static void boot_free(struct boot *bt)
{
	if (bt->md.root_fd >= 0)
		fsview_close(&bt->md);
	test_server_free(&bt->s);
	testfs_remove(bt->memdisk);
}

static const char *errors(const struct option_set *set)
{
	static char buf[2048];

	buf[0] = '\0';
	for (size_t i = 0; i < set->devices[0]->errors.n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? " | " : "", set->devices[0]->errors.v[i]);
	return buf;
}

/* Debian 12's netboot tree behind shim: the bootstrap config runs
 * (memdisk)/grub.cfg, whose [ -e ] is false on TFTP (GRUB lists no
 * folder there), so $prefix/grub.cfg is read: not the x86_64-efi one that
 * sources a /boot/grub/grub.cfg no netboot tree has, and no per-MAC
 * search either (normal was given a file). */
static void test_net_debian_shape(void)
{
	struct boot bt;
	struct option_set *set;
	const struct boot_option *o;
	int r;

	boot_new(&bt, "fat.efi", "/debian-installer/amd64/grubx64.efi");
	bt.img.shim = "debian-installer/amd64/bootnetx64.efi";
	test_server_put(&bt.s, "/debian-installer/amd64/grub/grub.cfg",
		"menuentry 'Install' {\n"
		"    set background_color=black\n"
		"    linux    /debian-installer/amd64/linux vga=788 --- quiet\n"
		"    initrd   /debian-installer/amd64/initrd.gz\n"
		"}\n"
		"menuentry 'Where' { linux $prefix/l r=$root c=$cmdpath; }\n");
	test_server_put(&bt.s,
		"/debian-installer/amd64/grub/x86_64-efi/grub.cfg",
		"insmod part_gpt\nsource /boot/grub/grub.cfg\n");
	test_server_put(&bt.s,
		"/debian-installer/amd64/grub/grub.cfg-01-52-54-00-12-34-56",
		"menuentry 'Not searched' { linux /x; }\n");
	set = run(&bt, "debian-installer/amd64/bootnetx64.efi", &r);
	check_int(r, ==, 2);
	check_int(bt.s.n, ==, 1);
	check_str(bt.s.asked[0], "/debian-installer/amd64/grub/grub.cfg");
	if ((o = test_net_titled(set, "Install"))) {
		check_str(o->kernel->url,
			  "tftp://10.0.2.2/debian-installer/amd64/linux");
		check_str(o->cmdline, "BOOT_IMAGE=/debian-installer/amd64/linux "
			  "vga=788 --- quiet");
		ok(o->n_initrds == 1 && !strcmp(o->initrds[0].url,
		   "tftp://10.0.2.2/debian-installer/amd64/initrd.gz"),
		   "the initrd's URL");
		ok(o->is_default, "the first entry is the default");
		check_int(o->n_configs, ==, 2);
		if (o->n_configs == 2) {
			check_str(o->configs[0].path,
				  "/debian-installer/amd64/grubx64.efi");
			check_str(o->configs[1].path,
				  "/debian-installer/amd64/grub/grub.cfg");
		}
	}
	if ((o = test_net_titled(set, "Where")))
		check_str(o->cmdline, "BOOT_IMAGE=(tftp,10.0.2.2)/debian-installer/amd64/grub/l "
			  "r=tftp,10.0.2.2 c=(tftp,10.0.2.2)/debian-installer/amd64");
	check_str(errors(set), "");
	option_set_free(set);
	boot_free(&bt);
}

/* A prefix alone: normal mode's search under it, as for a core image. */
static void test_net_prefix_search(void)
{
	struct boot bt;
	struct option_set *set;
	const struct boot_option *o;
	int r;

	boot_new(&bt, "plain.efi", "/bootx64.efi");
	test_server_put(&bt.s, "/debian-installer/amd64/grub/grub.cfg-0A000",
		"menuentry 'Hex' { linux /k p=$prefix g=$grub_platform; }\n");
	test_server_put(&bt.s, "/debian-installer/amd64/grub/grub.cfg",
		"menuentry 'Decoy' { linux /d; }\n");
	set = run(&bt, "bootx64.efi", &r);
	check_int(r, ==, 1);
	check_int(bt.s.n, ==, 5);
	check_str(bt.s.asked[0],
		  "/debian-installer/amd64/grub/grub.cfg-01-52-54-00-12-34-56");
	check_str(bt.s.asked[4], "/debian-installer/amd64/grub/grub.cfg-0A000");
	if ((o = test_net_titled(set, "Hex"))) {
		check_str(o->cmdline, "BOOT_IMAGE=/k "
			  "p=(tftp,10.0.2.2)/debian-installer/amd64/grub g=efi");
		check_str(o->configs[0].path,
			  "/debian-installer/amd64/grub/grub.cfg-0A000");
	}
	option_set_free(set);
	boot_free(&bt);

	/* No config: the sentence names the image and what was tried. */
	boot_new(&bt, "plain.efi", "/efi/grubx64.efi");
	bt.img.shim = "efi/shimx64.efi";
	set = run(&bt, "efi/shimx64.efi", &r);
	check_int(r, ==, 0);
	check_str(errors(set), "no GRUB configuration on tftp://10.0.2.2 for "
		  "the GRUB image /efi/grubx64.efi, which the shim boot file "
		  "loads: efi/shimx64.efi: tried "
		  "/debian-installer/amd64/grub/grub.cfg-01-52-54-00-12-34-56, "
		  "/debian-installer/amd64/grub/grub.cfg-0A00020F, "
		  "/debian-installer/amd64/grub/grub.cfg-0A00020, "
		  "/debian-installer/amd64/grub/grub.cfg-0A0002, "
		  "/debian-installer/amd64/grub/grub.cfg-0A000, "
		  "/debian-installer/amd64/grub/grub.cfg-0A00, "
		  "/debian-installer/amd64/grub/grub.cfg-0A0, "
		  "/debian-installer/amd64/grub/grub.cfg-0A, "
		  "/debian-installer/amd64/grub/grub.cfg-0, "
		  "/debian-installer/amd64/grub/grub.cfg; put one of these "
		  "files on the TFTP server (the image's built-in prefix, "
		  "grub-mkimage's -p, is the folder)");
	option_set_free(set);
	boot_free(&bt);
}

/* Prefixes with devices, and embedded configs that move $prefix or name
 * the menu. */
static void test_net_embedded(void)
{
	struct boot bt;
	struct option_set *set;
	const struct boot_option *o;
	int r;

	/* (tftp)/dir: $root is "tftp", as GRUB sets it from the prefix. */
	if (sh("grub-mkimage -O x86_64-efi -p '(tftp)/g' -o dev.efi tftp"))
		die("grub-mkimage failed (see log)");
	boot_new(&bt, "dev.efi", "/grubx64.efi");
	test_server_put(&bt.s, "/g/grub.cfg",
		"menuentry 'Dev' { linux ($root)/k r=$root p=$prefix; }\n");
	set = run(&bt, "grubx64.efi", &r);
	check_int(r, ==, 1);
	if ((o = test_net_titled(set, "Dev"))) {
		check_str(o->cmdline, "BOOT_IMAGE=(tftp)/k r=tftp p=(tftp)/g");
		check_str(o->kernel->url, "tftp://10.0.2.2/k");
	}
	option_set_free(set);
	boot_free(&bt);

	/* Rescue mode's words: quotes, ${var}, an assignment, then normal
	 * without a file: the search under the new prefix. */
	testfs_put(tmp, "moved.cfg", "echo 'hello world'\n"
		"base=\"${net_default_server}\"\n"
		"set prefix=(tftp,$base)/other\n"
		"normal\n"
		"set prefix=(tftp)/never\n");
	if (sh("grub-mkimage -O x86_64-efi -p /g -c moved.cfg -o moved.efi "
	       "tftp normal echo"))
		die("grub-mkimage failed (see log)");
	boot_new(&bt, "moved.efi", "/grubx64.efi");
	test_server_put(&bt.s, "/other/grub.cfg",
		"menuentry 'Moved' { linux /k p=$prefix b=$base; }\n");
	set = run(&bt, "grubx64.efi", &r);
	check_int(r, ==, 1);
	if ((o = test_net_titled(set, "Moved"))) {
		check_str(o->cmdline,
			  "BOOT_IMAGE=/k p=(tftp,10.0.2.2)/other b=10.0.2.2");
		check_str(o->configs[0].path, "/grubx64.efi");
		check_str(o->configs[1].path, "/other/grub.cfg");
	}
	check_str(errors(set), "");
	option_set_free(set);
	boot_free(&bt);

	/* configfile names the menu. */
	testfs_put(tmp, "cf.cfg", "configfile (tftp)/menus/main.cfg\n");
	if (sh("grub-mkimage -O x86_64-efi -p /g -c cf.cfg -o cf.efi "
	       "tftp normal configfile"))
		die("grub-mkimage failed (see log)");
	boot_new(&bt, "cf.efi", "/grubx64.efi");
	test_server_put(&bt.s, "/menus/main.cfg",
		"menuentry 'Menu' { linux /m; }\n");
	set = run(&bt, "grubx64.efi", &r);
	check_int(r, ==, 1);
	check_int(bt.s.n, ==, 1);
	check_str(bt.s.asked[0], "/menus/main.cfg");
	option_set_free(set);
	boot_free(&bt);

	/* grub-mkstandalone's shape: (memdisk) is the prefix; a kernel
	 * inside it cannot come from the server. */
	boot_new(&bt, "tar.efi", "/grubx64.efi");
	set = run(&bt, "grubx64.efi", &r);
	check_int(r, ==, 1);
	check_int(bt.s.n, ==, 0);
	if ((o = test_net_titled(set, "A")))
		check_str(o->kernel->url, "tftp://10.0.2.2/vmlinuz");
	option_set_free(set);
	boot_free(&bt);
	testfs_put(tmp, "inside.cfg",
		"menuentry 'Inside' { linux /boot/grub/grub.cfg; }\n");
	if (sh("mkdir -p md2/boot/grub && cp inside.cfg md2/boot/grub/grub.cfg && "
	       "(cd md2 && tar -cf ../md2.tar boot) && "
	       "grub-mkimage -O x86_64-efi -m md2.tar "
	       "-o inside.efi memdisk tar normal"))
		die("grub-mkimage failed (see log)");
	boot_new(&bt, "inside.efi", "/grubx64.efi");
	set = run(&bt, "grubx64.efi", &r);
	if ((o = test_net_titled(set, "Inside")))
		ok(o->errors.n == 1 && strstr(o->errors.v[0],
		   "is inside /grubx64.efi on the boot server"),
		   "a kernel in the memdisk: %s",
		   o->errors.n ? o->errors.v[0] : "");
	option_set_free(set);
	boot_free(&bt);
}

int main(void)
{
	if (system("command -v grub-mkimage >/dev/null 2>&1 && "
		   "test -d /usr/lib/grub/x86_64-efi && "
		   "command -v mkfs.msdos >/dev/null && command -v mcopy >/dev/null"))
		skip_all("grub-mkimage (grub-efi-amd64-bin), mkfs.msdos or "
			 "mtools is missing: build/deps.sh installs them");
	testfs_new(tmp);
	test_prefix_only();
	test_tar_memdisk();
	test_fat_memdisk();
	test_damaged();
	test_debian();
	test_net_debian_shape();
	test_net_prefix_search();
	test_net_embedded();
	testfs_remove(tmp);
	return done_testing();
}
