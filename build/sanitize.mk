# build/sanitize.mk - the clang builds that check the C code at run time.
#
# make check SANITIZE=1 (target check-sanitize): every module, the unit and
# parser tests and hopboot itself built with ASan and UBSan into out/san,
# then the C tests and the loop-device integration tests run with those
# binaries. make fuzz: the libFuzzer targets of tests/fuzz in out/fuzz, each
# run for FUZZ_SECONDS. Both link glibc dynamically (the sanitizer runtimes
# need it), so neither touches the static musl build of config.mk; the
# integration tests that build an initramfs and the QEMU tests stay with
# that build. Read by the top Makefile only: make -f build/sanitize.mk.
include config.mk

SAN_OUT    := out/san
FUZZ_OUT   := out/fuzz
SAN_CC     := clang
# The extra warnings that STYLE.md asks of the clang build.
SAN_WARN   := -Wall -Wextra -Werror -Wno-unused-parameter \
              -Wcomma -Wshadow -Wformat=2
SAN_FLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
SAN_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g $(SAN_WARN)
# System headers (linux-libc-dev, libblkid-dev), not the musl sysroot's.
SAN_CPPFLAGS := -Ilib -Iparsers -I. -DHOPBOOT_VERSION='"$(VERSION)"' -MMD -MP
SAN_LDLIBS := -lblkid -luuid -lz

SAN_SRCS  := main.c $(wildcard lib/*.c init/*.c discover/*.c loader/*.c \
             ui/*.c parsers/*.c parsers/*/*.c)
SAN_OBJS  := $(SAN_SRCS:%.c=$(SAN_OUT)/obj/%.o)
SAN_LIB   := $(filter-out $(SAN_OUT)/obj/main.o,$(SAN_OBJS))
SAN_TESTS := $(patsubst %.c,$(SAN_OUT)/%,\
             $(wildcard tests/unit/*.c tests/parsers/*.c))
# Integration tests that need only hopboot (not busybox, mkcpio or an
# initramfs, which are musl-only).
SAN_SHELL_TESTS := $(filter-out tests/integration/initramfs.t \
                   tests/integration/mkcpio.t,$(wildcard tests/integration/*.t))

FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_OBJS := $(SAN_SRCS:%.c=$(FUZZ_OUT)/obj/%.o)
FUZZ_LIB  := $(filter-out $(FUZZ_OUT)/obj/main.o,$(FUZZ_OBJS))
FUZZ_SECONDS ?= 60

.PHONY: check-sanitize fuzz fuzz-build
# Objects are built through pattern rules only: keep them between runs.
.SECONDARY:
SAN_ENV := UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
           OUT="$(SAN_OUT)" KVER="$(KVER)" SL_BUSYBOX="$(OUT)/busybox"
check-sanitize: $(SAN_OUT)/hopboot $(SAN_TESTS)
	$(SAN_ENV) ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		prove --timer $(SAN_TESTS)
	@# The daemon test checks that 100 hotplug cycles do not grow its
	@# RSS; ASan's quarantine of freed memory would, so it is off here.
	$(SAN_ENV) ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=0 \
		prove --timer $(SAN_SHELL_TESTS)

$(SAN_OUT)/.deps: build/deps.sh
	build/deps.sh
	@mkdir -p $(SAN_OUT) && touch $@

$(SAN_OUT)/obj/%.o: %.c | $(SAN_OUT)/.deps
	@mkdir -p $(dir $@)
	$(SAN_CC) $(SAN_CPPFLAGS) $(SAN_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(SAN_OUT)/hopboot: $(SAN_OBJS)
	$(SAN_CC) $(SAN_FLAGS) -o $@ $^ $(SAN_LDLIBS)

$(SAN_OUT)/tests/%: tests/%.c $(SAN_LIB)
	@mkdir -p $(dir $@)
	$(SAN_CC) $(SAN_CPPFLAGS) -Itests $(SAN_CFLAGS) $(SAN_FLAGS) \
		-o $@ $< $(SAN_LIB) $(SAN_LDLIBS)

# Fuzzing: modules instrumented for coverage, linked with libFuzzer's main.
$(FUZZ_OUT)/obj/%.o: %.c | $(SAN_OUT)/.deps
	@mkdir -p $(dir $@)
	$(SAN_CC) $(SAN_CPPFLAGS) $(SAN_CFLAGS) $(SAN_FLAGS) \
		-fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_OUT)/%: tests/fuzz/%.c tests/fuzz/fuzz_fs.h $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(SAN_CC) $(SAN_CPPFLAGS) -Itests $(SAN_CFLAGS) $(SAN_FLAGS) \
		-fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(SAN_LDLIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_OUT)/%)

fuzz: fuzz-build
	FUZZ_OUT="$(FUZZ_OUT)" FUZZ_SECONDS="$(FUZZ_SECONDS)" \
		tests/fuzz/run.sh $(FUZZ_TARGETS)

-include $(SAN_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)
