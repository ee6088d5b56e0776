# SPDX-License-Identifier: GPL-2.0
#
# ipsecdp top-level Makefile. `make help` lists the targets.
#
# The module is built once per kernel in build/$(KVER)/ (kbuild writes its
# objects next to the sources, so each kernel gets its own copy of the source
# tree, synced incrementally by scripts/sync-src.sh).
#
#   make [KVER=...] [C=1|2] [W=1] [V=1]   module for each kernel + ipsecctl
#   make deps                             install missing Debian packages
#   make lint                             checkpatch --strict + sparse + W=1,
#                                         pyflakes3 on the Python
#   make vm CMD='...' [KVER=...]          run a command in a throw-away VM
#   make check [KVER=...] [TESTS='01-*']  selftests in a VM, per kernel (and,
#                                         with neither, the debug kernel's
#                                         "# debug: gate" tests at the end)
#   make check-debug [TESTS=...]          all selftests on a KASAN/lockdep/
#                                         kmemleak kernel built from
#                                         linux-source-6.1 (cached in build/)
#   make check-pair [KVER=...] [TESTS=]   two-host tests: two VMs, one link
#   make demo [KVER=...]                  selftests/demo.sh in a VM
#   make install [KVER=...] [DESTDIR=] [PREFIX=/usr/local]   (and uninstall)
#   make dkms-install [KVER=...]          DKMS, rebuilt for new kernels
#   make bench [KVER=...] [BENCH_...=]    benchmarks in a VM: bench/results.*
#   make profile [KVER=...] [PROF_...=]   perf profile of one flow per stack

REPO := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
SHELL := /bin/bash

# Directories holding module sources (copied into build/$(KVER)/).
MOD_DIRS := include core sa spd esp ah crypto_glue

# Kernels: all installed Debian kernels with headers, or just $(KVER).
# Recursively expanded on purpose: `make check` installs packages first.
KVERS = $(if $(KVER),$(KVER),$(shell $(REPO)/scripts/kvers.sh))
# Newest kernel (default for `make vm` and `make demo`).
KVER_NEWEST = $(if $(KVER),$(KVER),$(lastword $(shell $(REPO)/scripts/kvers.sh)))

BUILD := $(REPO)/build
# Where kernel build trees live: KMOD_ROOT/KVER/build (the debug kernel of
# `make check-debug` has its own, under build/debug-kernel/).
KMOD_ROOT ?= /lib/modules
LINUX_SRC_TAR ?= /usr/src/linux-source-6.1.tar.xz
TOOLS_DIR := $(BUILD)/tools
CHECKPATCH := $(TOOLS_DIR)/checkpatch.pl
# Include dir with kselftest.h / kselftest_harness.h for C selftests.
KSFT_INC := $(BUILD)/kselftest
export KSFT_INC

TOOL_DIR := $(REPO)/tools/ipsecctl
HAVE_TOOL := $(wildcard $(TOOL_DIR)/Makefile)
HAVE_C_TESTS := $(wildcard $(REPO)/selftests/tests/Makefile)

CMD ?= true
TESTS ?=
export TESTS

.PHONY: check-full check-pair check-debug debug-kernel profile all modules tool ctests deps lint checkpatch vm check demo bench clean help \
	kselftest-headers lint-tools

all: modules tool ctests

$(REPO)/Kbuild.objs:
	@echo "Kbuild.objs missing: creating placeholder (module authors own it)"
	@echo 'ipsecdp-y := core/main.o' >$@

modules: $(REPO)/Kbuild.objs
	@kvers="$(KVERS)"; \
	if [ -z "$$kvers" ]; then \
		echo "no kernel with headers found (run 'make deps')" >&2; exit 1; \
	fi; \
	for k in $$kvers; do \
		echo "  MODULE  build/$$k/ipsecdp.ko"; \
		$(REPO)/scripts/sync-src.sh $(REPO) $(BUILD)/$$k $(MOD_DIRS) || exit 1; \
		$(MAKE) -C $(KMOD_ROOT)/$$k/build M=$(BUILD)/$$k modules || exit 1; \
	done

tool:
ifneq ($(HAVE_TOOL),)
	$(MAKE) -C $(TOOL_DIR)
else
	@echo "  SKIP    tools/ipsecctl (no Makefile yet)"
endif

# C helpers of the selftests, built on the host (compiling inside the VM
# takes minutes under TCG, more on the debug kernel)
NLFUZZ := $(BUILD)/fuzz/nlfuzz
$(NLFUZZ): $(REPO)/selftests/fuzz/nlfuzz.c $(REPO)/include/uapi/linux/ipsecdp.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -I$(REPO)/include/uapi -o $@ $<

ctests: kselftest-headers $(NLFUZZ)
ifneq ($(HAVE_C_TESTS),)
	$(MAKE) -C $(REPO)/selftests/tests KSFT_INC=$(KSFT_INC)
endif

deps:
	@$(REPO)/scripts/deps.sh

# --- tools extracted from the Debian kernel source tarball -------------------

$(CHECKPATCH):
	@echo "  EXTRACT checkpatch.pl from $(LINUX_SRC_TAR)"
	@mkdir -p $(TOOLS_DIR)
	@tar -xJf $(LINUX_SRC_TAR) -C $(TOOLS_DIR) --strip-components=2 \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	@touch $@

$(KSFT_INC)/kselftest_harness.h:
	@echo "  EXTRACT kselftest headers from $(LINUX_SRC_TAR)"
	@mkdir -p $(KSFT_INC)
	@tar -xJf $(LINUX_SRC_TAR) -C $(KSFT_INC) --strip-components=4 \
		--wildcards '*/tools/testing/selftests/kselftest.h' \
		'*/tools/testing/selftests/kselftest_harness.h'
	@touch $@

kselftest-headers: $(KSFT_INC)/kselftest_harness.h
lint-tools: $(CHECKPATCH)

# --- lint: checkpatch --strict, then a clean W=1 C=2 (sparse) build ----------

LINT_FILES = $(shell cd $(REPO) && find $(MOD_DIRS) tools/ipsecctl \
	-name '*.[ch]' -not -path 'include/uapi/*' 2>/dev/null | sort) \
	$(shell cd $(REPO) && find include/uapi -name '*.h' 2>/dev/null | sort)

checkpatch: $(CHECKPATCH)
	@cd $(REPO) && files="$(LINT_FILES)"; \
	[ -n "$$files" ] || { echo "checkpatch: no files"; exit 0; }; \
	$(CHECKPATCH) --strict --no-tree --quiet --show-types -f $$files

lint: $(CHECKPATCH)
	@rc=0; \
	$(MAKE) --no-print-directory checkpatch || rc=1; \
	$(REPO)/scripts/lint-build.sh $(KVERS) || rc=1; \
	/usr/bin/python3 $(REPO)/scripts/nlgen.py --check || rc=1; \
	(cd $(REPO) && git ls-files '*.py' | xargs -r pyflakes3) || rc=1; \
	if [ $$rc = 0 ]; then echo "lint: clean"; else echo "lint: FAILED"; fi; \
	exit $$rc

# --- install: module (per kernel), ipsecctl, man page; DKMS ------------------
#
# The module goes to /lib/modules/KVER/updates/ (ahead of the kernel's own
# tree for modprobe), then `depmod -a KVER` (not with DESTDIR: a package's
# install scripts do that). `make uninstall` removes exactly these files,
# for KVER or for every kernel that has one.

IPSECDP_VERSION := $(shell cat $(REPO)/VERSION)
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=
MODSUBDIR := updates
# DKMS source copy (dkms add looks for /usr/src/NAME-VERSION).
DKMS_SRC ?= $(DESTDIR)/usr/src/ipsecdp-$(IPSECDP_VERSION)
INSTALL ?= install

.PHONY: install uninstall dkms-src dkms-install dkms-uninstall

install: modules tool
	@for k in $(KVERS); do \
		echo "  INSTALL $(DESTDIR)/lib/modules/$$k/$(MODSUBDIR)/ipsecdp.ko"; \
		$(INSTALL) -D -m 644 $(BUILD)/$$k/ipsecdp.ko \
			$(DESTDIR)/lib/modules/$$k/$(MODSUBDIR)/ipsecdp.ko || exit 1; \
		if [ -z "$(DESTDIR)" ]; then depmod -a $$k || exit 1; fi; \
	done
	@echo "  INSTALL $(DESTDIR)$(SBINDIR)/ipsecctl"
	@$(INSTALL) -D -m 755 $(TOOL_DIR)/ipsecctl $(DESTDIR)$(SBINDIR)/ipsecctl
	@echo "  INSTALL $(DESTDIR)$(MANDIR)/man8/ipsecctl.8"
	@$(INSTALL) -D -m 644 $(REPO)/Documentation/ipsecctl.8 \
		$(DESTDIR)$(MANDIR)/man8/ipsecctl.8

uninstall:
	@for f in $(if $(KVER),$(foreach k,$(KVER),$(DESTDIR)/lib/modules/$(k)/$(MODSUBDIR)/ipsecdp.ko),$(DESTDIR)/lib/modules/*/$(MODSUBDIR)/ipsecdp.ko); do \
		[ -e "$$f" ] || continue; \
		echo "  RM      $$f"; \
		rm -f "$$f" || exit 1; \
		rmdir --ignore-fail-on-non-empty "$${f%/*}"; \
		k=$${f%/$(MODSUBDIR)/ipsecdp.ko}; k=$${k##*/}; \
		if [ -z "$(DESTDIR)" ]; then depmod -a $$k || exit 1; fi; \
	done
	@for f in $(DESTDIR)$(SBINDIR)/ipsecctl $(DESTDIR)$(MANDIR)/man8/ipsecctl.8; do \
		[ -e "$$f" ] || continue; echo "  RM      $$f"; rm -f "$$f" || exit 1; \
	done

# The tree DKMS builds from: module sources + dkms.conf + VERSION only (not
# build/, which `dkms add DIR` would copy too).
dkms-src:
	@echo "  DKMS    $(DKMS_SRC)"
	@rm -rf $(DKMS_SRC)
	@$(REPO)/scripts/sync-src.sh $(REPO) $(DKMS_SRC) $(MOD_DIRS)
	@$(INSTALL) -m 644 $(REPO)/dkms.conf $(REPO)/VERSION $(DKMS_SRC)/

# Registers ipsecdp/VERSION with DKMS (replacing a previous registration
# of the same version) and builds + installs it for each kernel; DKMS then
# rebuilds it for every new kernel (AUTOINSTALL).
dkms-install: override DESTDIR :=
dkms-install: dkms-src
	@if dkms status ipsecdp/$(IPSECDP_VERSION) | grep -q .; then \
		dkms remove ipsecdp/$(IPSECDP_VERSION) --all; fi
	dkms add ipsecdp/$(IPSECDP_VERSION)
	@for k in $(KVERS); do \
		dkms install ipsecdp/$(IPSECDP_VERSION) -k $$k || exit 1; \
	done

dkms-uninstall: override DESTDIR :=
dkms-uninstall:
	@if dkms status ipsecdp/$(IPSECDP_VERSION) | grep -q .; then \
		dkms remove ipsecdp/$(IPSECDP_VERSION) --all; fi
	rm -rf $(DKMS_SRC)

# --- VM targets ---------------------------------------------------------------

vm:
	@$(REPO)/selftests/vm/run-vm.sh $(KVER_NEWEST) '$(subst ','\'',$(value CMD))'

# The last line printed must be check.sh's "N passed, N failed" summary.
# On failure make would add "make: *** [check] Error 1" after it, so the
# recipe ends make itself with SIGPIPE instead (which neither make nor bash
# reports): `make check` then exits 141, still non-zero.
# Without KVER or TESTS it ends with the debug kernel (the "# debug: gate"
# tests; CHECK_DEBUG_GATE=0 leaves it out).
check: deps kselftest-headers
	@CHECK_DEBUG_GATE=$(if $(CHECK_DEBUG_GATE),$(CHECK_DEBUG_GATE),$(if $(KVER)$(TESTS),0,1)) \
		$(REPO)/selftests/vm/check.sh --build $(KVERS) || { \
		rc=$$?; kill -PIPE $$PPID 2>/dev/null; exit $$rc; }

# Every test on every kernel (make check splits the heavy ones, "# tier:",
# between the oldest and the newest kernel to fit CI's time).
check-full: deps kselftest-headers
	@CHECK_FULL=1 $(REPO)/selftests/vm/check.sh --build $(KVERS) || { \
		rc=$$?; kill -PIPE $$PPID 2>/dev/null; exit $$rc; }

# Every test on the debug kernel (scripts/debug-kernel.sh, issue #7):
# KASAN, KFENCE, lockdep, DEBUG_OBJECTS, kmemleak, panic_on_warn.
# Two-host tests (selftests/pair/): each in two VMs joined by a QEMU link,
# one kernel per host (selftests/vm/run-pair.sh).
check-pair: deps
	@$(MAKE) --no-print-directory modules tool
	@$(REPO)/selftests/vm/run-pair.sh $(KVER_NEWEST) $(TESTS) || { \
		rc=$$?; kill -PIPE $$PPID 2>/dev/null; exit $$rc; }

check-debug: deps kselftest-headers
	@CHECK_DEBUG=1 $(REPO)/selftests/vm/check.sh --build || { \
		rc=$$?; kill -PIPE $$PPID 2>/dev/null; exit $$rc; }

debug-kernel: deps
	@$(REPO)/scripts/debug-kernel.sh

demo: deps
	@$(MAKE) --no-print-directory all KVER=$(KVER_NEWEST)
	@$(REPO)/selftests/vm/run-vm.sh $(KVER_NEWEST) \
		'insmod build/$$(uname -r)/ipsecdp.ko && bash selftests/demo.sh; rc=$$?; rmmod ipsecdp; exit $$rc'

# No IPsec vs XFRM vs ipsecdp in one VM of the newest kernel (bench/run.sh,
# Documentation/performance.rst): bench/results.json, .md and .png.
bench: deps
	@$(MAKE) --no-print-directory modules tool KVER=$(KVER_NEWEST)
	@$(REPO)/bench/run.sh $(KVER_NEWEST)

# Where the time goes: one flow over no IPsec, XFRM and ipsecdp under
# `perf record -a` in a VM of the newest kernel (bench/profile.sh).
PROFILE_ENV := PROF_ALG PROF_MODE PROF_FAM PROF_SECS PROF_TOP PROF_UDP \
	PROF_CALLERS
profile: deps
	@$(MAKE) --no-print-directory modules tool KVER=$(KVER_NEWEST)
	@VM_ENV="$${VM_ENV:-} $(PROFILE_ENV)" \
		$(REPO)/selftests/vm/run-vm.sh $(KVER_NEWEST) 'bash bench/profile.sh'

clean:
	rm -rf $(BUILD)
ifneq ($(HAVE_TOOL),)
	$(MAKE) -C $(TOOL_DIR) clean
endif

help:
	@sed -n '3,/^$$/s/^# \{0,1\}//p' $(REPO)/Makefile
	@echo "kernels: $(KVERS)"
