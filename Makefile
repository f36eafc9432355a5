# Makefile - the one non-recursive build of hopboot. See README.md.
include config.mk

HOPBOOT_SRCS := main.c \
	$(wildcard lib/*.c) \
	$(wildcard init/*.c) \
	$(wildcard discover/*.c) \
	$(wildcard loader/*.c) \
	$(wildcard ui/*.c) \
	$(wildcard parsers/*.c parsers/*/*.c)
HOPBOOT_OBJS := $(HOPBOOT_SRCS:%.c=$(OUT)/obj/%.o)
# Everything but main.c, for linking unit tests.
LIB_OBJS     := $(filter-out $(OUT)/obj/main.o,$(HOPBOOT_OBJS))

SYSROOT_STAMP := $(SYSROOT)/.done

.PHONY: all sysroot initramfs run check clean distclean
all: $(OUT)/hopboot

# Host packages first: installs what is missing when run as root.
$(OUT)/.deps: build/deps.sh
	build/deps.sh
	@mkdir -p $(OUT) && touch $@

sysroot: $(SYSROOT_STAMP)
$(SYSROOT_STAMP): build/sysroot.sh build/busybox.config | $(OUT)/.deps
	SRC="$(SRC)" OUT="$(OUT)" build/sysroot.sh

# config.mk holds the flags: a change there rebuilds every object.
$(OUT)/obj/%.o: %.c config.mk | $(SYSROOT_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(OUT)/hopboot: $(HOPBOOT_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(OUT)/mkcpio: build/mkcpio.c | $(OUT)/.deps
	@mkdir -p $(OUT)
	$(HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $<

initramfs: $(OUT)/initramfs.cpio.gz
$(OUT)/initramfs.cpio.gz: $(OUT)/hopboot $(OUT)/mkcpio $(SYSROOT_STAMP) \
		build/mkinitramfs.sh build/modules.list build/udhcpc.script
	OUT="$(OUT)" KVER="$(KVER)" build/mkinitramfs.sh

# Tests: one binary per C test file, each linked with every module but main.
TEST_SRCS := $(wildcard tests/unit/*.c tests/parsers/*.c)
TEST_BINS := $(TEST_SRCS:%.c=$(OUT)/%)
$(OUT)/tests/%: tests/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS)

run: $(OUT)/initramfs.cpio.gz
	OUT="$(OUT)" KVER="$(KVER)" tests/e2e/run-demo.sh

ifneq ($(SANITIZE),1)
check: all $(TEST_BINS) $(OUT)/initramfs.cpio.gz
	OUT="$(OUT)" KVER="$(KVER)" tests/run
else
check: check-sanitize
endif

# The differential oracle (tests/oracle/run-all, doc/testing.md): every
# scenario's recorded truth against hopboot scan and a hopboot QEMU boot;
# oracle-record boots the real loaders again and shows what changed.
.PHONY: oracle oracle-record
oracle: all $(OUT)/initramfs.cpio.gz
	OUT="$(OUT)" KVER="$(KVER)" tests/oracle/run-all --scan; s=$$?; \
	OUT="$(OUT)" KVER="$(KVER)" tests/oracle/run-all --boot && exit $$s
oracle-record: all
	OUT="$(OUT)" KVER="$(KVER)" tests/oracle/run-all --record

# clang builds with ASan and UBSan in out/san and out/fuzz: see
# build/sanitize.mk (make check SANITIZE=1, make fuzz FUZZ_SECONDS=N).
.PHONY: check-sanitize fuzz
check-sanitize fuzz:
	$(MAKE) -f build/sanitize.mk $@

# make install DESTDIR=dir PREFIX=/usr: the layout of a distribution
# package (doc/install.md). sbin, as kexec-tools does: rebooting the
# machine into another kernel is the administrator's. The three initramfs
# integrations are read from /usr only, so packages use PREFIX=/usr.
PREFIX ?= /usr/local
# One name for the program's directory: the unit's ExecStart= must be
# where the program is, or systemd does not load the unit (issue 15).
SBINDIR = $(PREFIX)/sbin
UNITDIR = $(PREFIX)/lib/systemd/system
HOOKSRC := mkinitcpio-hook
.PHONY: install
install: $(OUT)/hopboot
	install -D -m 755 $(OUT)/hopboot $(DESTDIR)$(SBINDIR)/hopboot
	install -D -m 755 $(HOOKSRC)/hopboot-hook \
		$(DESTDIR)$(PREFIX)/lib/hopboot/hopboot-hook
	install -D -m 644 $(HOOKSRC)/install/hopboot \
		$(DESTDIR)$(PREFIX)/lib/initcpio/install/hopboot
	install -D -m 644 $(HOOKSRC)/hooks/hopboot \
		$(DESTDIR)$(PREFIX)/lib/initcpio/hooks/hopboot
	install -D -m 755 -t $(DESTDIR)$(PREFIX)/lib/dracut/modules.d/90hopboot \
		$(HOOKSRC)/dracut/90hopboot/module-setup.sh \
		$(HOOKSRC)/dracut/90hopboot/hopboot-menu.sh
	install -D -m 755 $(HOOKSRC)/initramfs-tools/hooks/hopboot \
		$(DESTDIR)$(PREFIX)/share/initramfs-tools/hooks/hopboot
	install -D -m 755 $(HOOKSRC)/initramfs-tools/scripts/init-premount/hopboot \
		$(DESTDIR)$(PREFIX)/share/initramfs-tools/scripts/init-premount/hopboot
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@SBINDIR@|$(SBINDIR)|g' systemd/hopboot-kexec@.service \
		>$(DESTDIR)$(UNITDIR)/hopboot-kexec@.service
	chmod 644 $(DESTDIR)$(UNITDIR)/hopboot-kexec@.service
	install -D -m 644 doc/hopboot.8 $(DESTDIR)$(PREFIX)/share/man/man8/hopboot.8
	install -D -m 644 -t $(DESTDIR)$(PREFIX)/share/doc/hopboot \
		README.md doc/*.md

clean:
	rm -rf $(OUT)/obj $(OUT)/tests $(OUT)/hopboot $(OUT)/initramfs* $(OUT)/mkcpio
distclean:
	rm -rf $(OUT)

-include $(HOPBOOT_OBJS:.o=.d)
