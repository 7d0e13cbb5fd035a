# The GIC conformance comparison (partitions/tests/gicconf/, ci/gicconf.py):
# included by ci/tests.mk; `make gicconf-tests` runs it alone, and the
# systests recipe calls it within `make test`.
#
# Each step runs the conformance guest natively (its ELF alone at EL1 on
# the same QEMU machine with virtualization=off) and in a cell of one of
# the systems partitions/tests/gicconf/<system>/system.dts, and prints a
# TEST line per result key: FAIL where the cell's GIC behaves differently
# from the hardware's, unless partitions/tests/gicconf/
# allowed-differences.txt gives an architectural reason.  The systems'
# hypervisor images are built with the other test systems (TEST_SYSTEMS
# holds GICCONF_TEST_SYSTEMS, gicconf/<name>, from ci/tests.mk).

GICCONF_VARIANTS := gicv3-1cpu gicv3-3cpu gicv3-noncontig gicv2-1cpu \
	gicv2-3cpu gicv2-noncontig
GICCONF_GUEST = $(P_O)/tests/gicconf/gicconf.elf
GICCONF_RUN = python3 ci/gicconf.py --qemu '$(QEMU_RUN)' \
	--hyp-dir $(O)/systems --hyp-dir-gicv2 $(O_V2)/systems \
	--guest $(GICCONF_GUEST) \
	--allow partitions/tests/gicconf/allowed-differences.txt \
	--logs $(TEST_OUT)/logs
# Where `make gicconf-tests` keeps its logs and results.
GICCONF_OUT = build/test-gicconf

.PHONY: gicconf-tests gicconf-systests
# Alone: build both boards' images, then run every variant.
gicconf-tests: setup
	@$(MAKE) --no-print-directory $(GICCONF_GUEST) \
		$(GICCONF_TEST_SYSTEMS:%=$(O)/systems/%/septum.elf)
	@$(MAKE) --no-print-directory BOARD=$(V2_BOARD) \
		$(GICCONF_TEST_SYSTEMS:%=$(O_V2)/systems/%/septum.elf)
	@rm -rf $(GICCONF_OUT)
	@$(MAKE) --no-print-directory TEST_OUT=$(GICCONF_OUT) gicconf-systests
	@ci/summary $(GICCONF_OUT)

# One ci/step per variant (its TEST lines: gicconf-<variant>.<key>).
gicconf-systests:
	@$(foreach v,$(GICCONF_VARIANTS),ci/step gicconf-$(v) $(GICCONF_RUN) $(v);)
