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

$(OUT)/obj/%.o: %.c | $(SYSROOT_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(OUT)/hopboot: $(HOPBOOT_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(OUT)/mkcpio: build/mkcpio.c | $(OUT)/.deps
	@mkdir -p $(OUT)
	$(HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $<

initramfs: $(OUT)/initramfs.cpio.gz
$(OUT)/initramfs.cpio.gz: $(OUT)/hopboot $(OUT)/mkcpio $(SYSROOT_STAMP) \
		build/mkinitramfs.sh build/modules.list
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

# clang builds with ASan and UBSan in out/san and out/fuzz: see
# build/sanitize.mk (make check SANITIZE=1, make fuzz FUZZ_SECONDS=N).
.PHONY: check-sanitize fuzz
check-sanitize fuzz:
	$(MAKE) -f build/sanitize.mk $@

clean:
	rm -rf $(OUT)/obj $(OUT)/tests $(OUT)/hopboot $(OUT)/initramfs* $(OUT)/mkcpio
distclean:
	rm -rf $(OUT)

-include $(HOPBOOT_OBJS:.o=.d)
