# config.mk - compiler, flags and paths for the one Makefile.
VERSION   := 0.1.0
OUT       := out
SYSROOT   := $(OUT)/sysroot
# Every binary that goes into the image is static and linked with musl.
# No unwind tables: C without exceptions never uses them, and they were
# 44 KiB of the 512 KiB size goal (doc/architecture.md).
CC        := musl-gcc
CFLAGS    := -std=c11 -D_GNU_SOURCE -Os -g -Wall -Wextra -Werror \
             -Wno-unused-parameter -ffunction-sections -fdata-sections \
             -fno-asynchronous-unwind-tables -fno-unwind-tables
CPPFLAGS  := -isystem $(SYSROOT)/kheaders -isystem $(SYSROOT)/include \
             -Ilib -Iparsers -I. -DHOPBOOT_VERSION='"$(VERSION)"' -MMD -MP
LDFLAGS   := -static -L$(SYSROOT)/lib -Wl,--gc-sections
LDLIBS    := -lblkid -luuid -lz
# Host tools that run at build time only (the cpio writer).
HOSTCC    := cc
# Kernel whose modules go into the initramfs and that QEMU boots.
KVER      ?= $(shell ls /lib/modules 2>/dev/null | sort -V | tail -n 1)
# A folder of upstream tarballs to build from instead of Debian sources.
SRC       ?=
