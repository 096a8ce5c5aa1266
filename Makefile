# benchtrack — build, test, install.
#
# Everything is found by wildcard, so a new filter (filters/bt-NAME.c), plugin
# (plugins/NAME.c), unit test (tests/unit/test_NAME.c), shell test
# (tests/e2e/NAME.t) or fuzz target needs no edit here.
#
#   make                  build into build/
#   make test             build, install into build/inst, run every test
#   make test SANITIZE=1  the same with -fsanitize=address,undefined (build-asan/)
#   make sanitize         shorthand for the line above
#   make tsan             the tests of what runs on two cores, under
#                         -fsanitize=thread (build-tsan/; not in check: TSan
#                         needs a kernel whose mmap randomisation it knows)
#   make check            both: what CI runs
#   make install PREFIX=/usr/local DESTDIR=
#   make deps             install missing Debian packages (as root or via sudo)
#   make demo             the main job end to end on the bundled example
#   make bench            benchtrack's own speed (docs/performance.md)
#   make fuzz FUZZ_SECONDS=60
#   make coverage         which lines the tests reach (build-cov/)

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
LIBDIR = $(PREFIX)/lib
PLUGINDIR = $(LIBDIR)/bt/plugins
INCLUDEDIR = $(PREFIX)/include
DATADIR = $(PREFIX)/share/bt
MANDIR = $(PREFIX)/share/man
PKGCONFIGDIR = $(LIBDIR)/pkgconfig
# the one place the version is written (the scripts ask bt-parse for it)
VERSION := $(shell sed -n 's/^\#define BT_VERSION "\(.*\)"/\1/p' filters/lib/util.h)

CC ?= cc
CFLAGS ?= -O2 -g
SANITIZE ?=
ifeq ($(SANITIZE),1)
BUILD ?= build-asan
SANFLAGS = -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
else ifeq ($(SANITIZE),thread)
BUILD ?= build-tsan
SANFLAGS = -fsanitize=thread -fno-omit-frame-pointer
else
BUILD ?= build
SANFLAGS =
endif

BT_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
	-Iplugins -Icommon -Ifilters/lib -DBT_PLUGINDIR='"$(PLUGINDIR)"' \
	-DBT_DATADIR='"$(DATADIR)"' $(SANFLAGS)
LIBS = -ljq -lz -ldl -lm -pthread
PLUGIN_LIBS = -ljq -lm

# The kit (common/): code the library and the plugins both need, compiled
# once, position-independent and hidden, into libbtkit.a; bundled and
# out-of-tree plugins link it, and so does every filter through libbt.a.
KIT_SRC = $(wildcard common/*.c)
KIT_HDR = $(wildcard common/*.h) plugins/bt-plugin.h
KIT_OBJ = $(KIT_SRC:%.c=$(BUILD)/obj/%.o)
LIBBTKIT = $(BUILD)/libbtkit.a
LIB_SRC = $(wildcard filters/lib/*.c)
LIB_HDR = $(wildcard filters/lib/*.h) $(KIT_HDR)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
LIBBT = $(BUILD)/libbt.a
FILTERS = $(patsubst filters/%.c,$(BUILD)/bin/%,$(wildcard filters/bt*.c))
PLUGINS = $(patsubst plugins/%.c,$(BUILD)/lib/bt/plugins/%.so,$(wildcard plugins/*.c))
UNITS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
SCRIPTS = $(wildcard scripts/bt-*)
MANPAGES = $(wildcard docs/man/*.1)

all: $(FILTERS) $(PLUGINS) $(UNITS) $(BUILD)/bt-plugin.pc

$(BUILD)/obj/%.o: %.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(BT_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/common/%.o: common/%.c $(KIT_HDR)
	@mkdir -p $(@D)
	$(CC) $(BT_CFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden -MMD -MP -c -o $@ $<

$(LIBBTKIT): $(KIT_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(LIBBT): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/obj/filters/%.o $(LIBBT) $(LIBBTKIT)
	@mkdir -p $(@D)
	$(CC) $(BT_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBBT) $(LIBBTKIT) $(LIBS)

$(BUILD)/lib/bt/plugins/%.so: plugins/%.c plugins/bt-plugin.h $(wildcard plugins/*.h) $(KIT_HDR) $(LIBBTKIT)
	@mkdir -p $(@D) $(BUILD)/obj/plugins
	$(CC) $(BT_CFLAGS) $(CFLAGS) $(LDFLAGS) -fPIC -shared -fvisibility=hidden \
		-MMD -MP -MF $(BUILD)/obj/plugins/$*.d -o $@ $< $(LIBBTKIT) $(PLUGIN_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBBT) $(LIBBTKIT)
	@mkdir -p $(@D)
	$(CC) $(BT_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBBT) $(LIBBTKIT) $(LIBS)

$(BUILD)/obj/tests/unit/%.o: tests/unit/%.c tests/unit/tap.h $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(BT_CFLAGS) -Itests/unit $(CFLAGS) -MMD -MP -c -o $@ $<

# The plugin and data directories compiled in follow PREFIX: the objects
# that use them are rebuilt when PREFIX changes (`make && make install
# PREFIX=P` gives tools that look in P/lib/bt/plugins, as pkg-config says).
$(BUILD)/prefix: FORCE
	@mkdir -p $(@D)
	@echo '$(PLUGINDIR) $(DATADIR)' | cmp -s - $@ || echo '$(PLUGINDIR) $(DATADIR)' >$@
$(BUILD)/obj/filters/lib/plugin.o $(BUILD)/obj/filters/bt-parse.o: $(BUILD)/prefix

# remade every time: it holds PREFIX, which `make install PREFIX=…` changes
$(BUILD)/bt-plugin.pc: share/bt-plugin.pc.in Makefile FORCE
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@PLUGINDIR@|$(PLUGINDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

# --- install ---------------------------------------------------------------
install: $(FILTERS) $(PLUGINS) $(LIBBTKIT) $(BUILD)/bt-plugin.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PLUGINDIR) \
		$(DESTDIR)$(INCLUDEDIR)/bt $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(FILTERS) $(DESTDIR)$(BINDIR)/
	$(if $(SCRIPTS),install -m 755 $(SCRIPTS) $(DESTDIR)$(BINDIR)/)
	install -m 755 $(PLUGINS) $(DESTDIR)$(PLUGINDIR)/
	install -m 644 plugins/bt-plugin.h $(DESTDIR)$(INCLUDEDIR)/bt/plugin.h
	ln -sf plugin.h $(DESTDIR)$(INCLUDEDIR)/bt/bt-plugin.h
	install -m 644 $(KIT_SRC:.c=.h) $(DESTDIR)$(INCLUDEDIR)/bt/
	install -m 644 $(LIBBTKIT) $(DESTDIR)$(LIBDIR)/libbtkit.a
	install -m 644 $(BUILD)/bt-plugin.pc $(DESTDIR)$(PKGCONFIGDIR)/bt-plugin.pc
	$(if $(MANPAGES),install -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1/)
	cd share && find . -type f ! -name '*.in' | while read -r f; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(DATADIR)/$$f"; done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(FILTERS) $(SCRIPTS)))
	rm -rf $(DESTDIR)$(PLUGINDIR) $(DESTDIR)$(INCLUDEDIR)/bt $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/bt-plugin.pc $(DESTDIR)$(LIBDIR)/libbtkit.a
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MANPAGES)))

# --- tests -----------------------------------------------------------------
# The shell tests run the installed tools: install into $(BUILD)/inst first.
INST = $(abspath $(BUILD)/inst)

test: all
	rm -rf $(INST)
	$(MAKE) --no-print-directory install DESTDIR= PREFIX=$(INST) BUILD=$(BUILD) SANITIZE=$(SANITIZE) >/dev/null
	BT_BUILD=$(abspath $(BUILD)) BT_INST=$(INST) sh tests/run $(BT_TEST_ONLY)

sanitize:
	$(MAKE) test SANITIZE=1

TSAN_TESTS = tests/unit/test_bgread.c tests/e2e/compare-threads.t tests/e2e/compare-pipes.t tests/e2e/history-threads.t tests/e2e/export-threads.t tests/e2e/gz-ahead.t
tsan:
	$(MAKE) test SANITIZE=thread BT_TEST_ONLY="$(TSAN_TESTS)"

# What CI runs: every test, in the normal and the sanitizer build.
check:
	$(MAKE) test
	$(MAKE) test SANITIZE=1

# --- set-up, demo, speed -----------------------------------------------------
deps:
	sh scripts/install-deps

demo: all
	sh scripts/demo $(BUILD)

bench: all
	sh tests/bench/run $(BUILD)

FUZZ_SECONDS ?= 60
fuzz:
	sh tests/fuzz/run $(FUZZ_SECONDS)

# Which lines the tests reach (gcc --coverage in build-cov/): a table per
# source file, least covered first.
coverage:
	rm -rf build-cov
	$(MAKE) --no-print-directory test BUILD=build-cov CFLAGS="-O0 -g --coverage" LDFLAGS=--coverage
	sh tests/coverage build-cov

fmt:
	clang-format -i filters/*.c filters/lib/*.[ch] common/*.[ch] plugins/*.[ch] tests/unit/*.[ch] tests/fuzz/*.c

clean:
	rm -rf build build-asan build-fuzz build-cov

.PHONY: all install uninstall test sanitize tsan check deps demo bench fuzz coverage fmt clean FORCE
FORCE:

# Every object and plugin also depends on the headers it includes (written
# by -MMD as it is compiled): a changed test header rebuilds its tests.
-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
.SECONDARY:
