# SPDX-License-Identifier: GPL-2.0
#
# liveupdate-nl: generic netlink API for Linux live update.
#
#   make test     set up, build the debug kernel, run every test (as root)
#   make demo     a live update of a key-value service, narrated (as root)
#   make luctl    build luctl; make install [PREFIX=] [DESTDIR=] installs it
#   make regen    regenerate uAPI, kernel and user code from the spec
#   make kernel   build the debug kernel only
#   make kernel-release   build the release kernel (no debug options)
#   make fuzz [FUZZ_N=n]  a longer fuzz campaign, then a live update
#   make bench    the family against LUO's ioctls; report in out/bench/
#   make series   the work as a git format-patch series in out/series/
#   make series-check  that series, building the kernel after each patch
#
# CACHE holds the kernel source, the build directories, ccache and the
# VM logs; it lives outside the checkout.

CACHE ?= /var/cache/liveupdate-nl
TOP := $(CURDIR)

tree = $$($(TOP)/scripts/fetch-kernel.sh $(CACHE) | tail -n 1)

test:
	@$(TOP)/scripts/test.sh $(CACHE)

demo:
	@$(TOP)/scripts/demo.sh $(CACHE)

bench:
	@$(TOP)/scripts/bench.sh $(CACHE)

FUZZ_N ?= 2000000
fuzz:
	@LUNL_FUZZ_N=$(FUZZ_N) $(TOP)/scripts/test.sh $(CACHE) \
		$(TOP)/tools/testing/selftests/liveupdate_nl/fuzz.list

luctl:
	@$(TOP)/scripts/install-deps.sh luctl
	@$(MAKE) -s -C $(TOP)/tools/liveupdate

# PREFIX (default /usr) and DESTDIR as usual.
install: luctl
	@$(MAKE) -s -C $(TOP)/tools/liveupdate install

regen:
	@$(TOP)/scripts/install-deps.sh
	@$(TOP)/scripts/regen.sh $(tree)

series:
	@$(TOP)/scripts/install-deps.sh
	@$(TOP)/scripts/series.sh $(tree) $(TOP)/out/series --check

series-check:
	@$(TOP)/scripts/install-deps.sh
	@$(TOP)/scripts/series.sh $(tree) $(TOP)/out/series \
		--build $(CACHE)/build-series

kernel:
	@$(TOP)/scripts/install-deps.sh
	@$(TOP)/scripts/kernel.sh $(tree) $(CACHE)/build-debug debug

kernel-release:
	@$(TOP)/scripts/install-deps.sh
	@$(TOP)/scripts/kernel.sh $(tree) $(CACHE)/build-release release

.PHONY: test demo bench fuzz luctl install regen series series-check kernel kernel-release
