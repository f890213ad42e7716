# Top-level Makefile (committed, hand-written): configures itself on first use, then builds the
# core library, the module (through apxs), kundenportalctl and the unit tests.
# The two commands of the Quick start: `make demo` and `make test`.

NO_CONFIG_GOALS := clean distclean deps
ifneq ($(filter-out $(NO_CONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
-include config.mk
endif

PREFIX       ?= /usr
DESTDIR      ?=
DATADIR      ?= $(PREFIX)/share/kundenportal
SYSCONF_APACHE ?= /etc/apache2

BUILD        := build
CORE_SRC     := $(sort $(wildcard mod_kundenportal/kp_*.c))
GLUE_SRC     := $(sort $(wildcard mod_kundenportal/mod_*.c))
CORE_OBJ     := $(patsubst mod_kundenportal/%.c,$(BUILD)/core/%.o,$(CORE_SRC))
UNIT_SRC     := $(sort $(wildcard t/unit/test_*.c))
UNIT_BIN     := $(patsubst t/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRC))
# -Wmissing-prototypes: a function another file may call is declared in a header; the rest is static.
WARN         := -Wall -Wextra -Werror -Wmissing-prototypes -Wno-unused-parameter -Wno-missing-field-initializers
OPT          ?= -O2 -g
SAN          ?=
CFLAGS_ALL   := $(OPT) $(SAN) $(WARN) -fPIC -std=gnu11 $(APR_CFLAGS) $(LIB_CFLAGS)
SAN_LINK     := $(if $(SAN),-Wl$(comma)"$(SAN)")
comma        := ,
MODULE       := mod_kundenportal/.libs/mod_kundenportal.so
CTL          := $(BUILD)/kundenportalctl

.PHONY: all deps demo test test-unit test-long bench fuzz fuzz-build asan install clean distclean \
        check-config

all: $(MODULE) $(CTL) $(UNIT_BIN)

deps:
	scripts/deps.sh build run test

config.mk: configure.ac config.mk.in
	scripts/deps.sh build
	autoreconf -fi
	./configure --prefix=$(PREFIX)

$(BUILD)/core/%.o: mod_kundenportal/%.c mod_kundenportal/*.h config.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libkpcore.a: $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

# apxs compiles the glue with httpd's flags and links the core archive into the module.
$(MODULE): $(GLUE_SRC) mod_kundenportal/*.h $(BUILD)/libkpcore.a
	@echo "  APXS    $@"
	@cd mod_kundenportal && $(APXS) -c -o mod_kundenportal.la \
	    -Wc,"$(OPT) $(SAN) $(WARN) -std=gnu11 $(LIB_CFLAGS)" $(SAN_LINK) \
	    $(notdir $(GLUE_SRC)) ../$(BUILD)/libkpcore.a $(LIB_LIBS) > ../$(BUILD)/apxs.log 2>&1 \
	    || { grep -v '^/usr/share/apr-1.0/build/libtool' ../$(BUILD)/apxs.log; exit 1; }

$(CTL): mod_kundenportal/kundenportalctl.c $(BUILD)/libkpcore.a
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_ALL) -DKP_DATADIR=\"$(DATADIR)\" -o $@ $< $(BUILD)/libkpcore.a $(LIB_LIBS) $(APR_LIBS)

$(BUILD)/unit/%: t/unit/%.c $(BUILD)/libkpcore.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS_ALL) $(CMOCKA_CFLAGS) -Imod_kundenportal -o $@ $< $(BUILD)/libkpcore.a \
	    $(LIB_LIBS) $(APR_LIBS) $(CMOCKA_LIBS)

# Every per-directory config field must be created and merged (a classic Apache-module bug).
check-config:
	scripts/check-config-merge.sh mod_kundenportal/mod_kp_config.c

# make test: unit tests, the integration suite twice (plain module, then the ASan+UBSan build
# with zero sanitizer reports required), and every fuzz harness for FUZZ_SECONDS each.
test: check-config
	scripts/deps.sh run test fuzz
	$(MAKE) all node_modules asan fuzz-build
	KP_ASAN_MODULE=$(ASAN_MODULE) KP_FUZZ_SECONDS=$(or $(FUZZ_SECONDS),20) t/run-tests.sh

# The slow attacks: sqlmap against the login forms and parameterised pages (t/long/).
test-long: all
	scripts/deps.sh run test long
	t/run-tests.sh --long

# The module once more, built with AddressSanitizer and UndefinedBehaviorSanitizer into
# build/asan (core objects and glue copied there, so the normal build is untouched).
ASAN_FLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer
ASAN_MODULE  := $(BUILD)/asan/glue/.libs/mod_kundenportal.so
asan: $(ASAN_MODULE)
$(ASAN_MODULE): $(GLUE_SRC) $(CORE_SRC) mod_kundenportal/*.h config.mk
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan SAN="$(ASAN_FLAGS)" OPT="-O1 -g" \
	    $(BUILD)/asan/libkpcore.a
	@rm -rf $(BUILD)/asan/glue && mkdir -p $(BUILD)/asan/glue
	@cp $(GLUE_SRC) mod_kundenportal/*.h $(BUILD)/asan/glue/
	@echo "  APXS    $@ (ASan+UBSan)"
	@cd $(BUILD)/asan/glue && $(APXS) -c -o mod_kundenportal.la \
	    -Wc,"-O1 -g $(ASAN_FLAGS) $(WARN) -std=gnu11 $(LIB_CFLAGS)" \
	    $(notdir $(GLUE_SRC)) ../libkpcore.a $(LIB_LIBS) > ../apxs.log 2>&1 \
	    || { grep -v '^/usr/share/apr-1.0/build/libtool' ../apxs.log; exit 1; }

# libFuzzer harnesses (t/fuzz/fuzz_*.c, corpus in t/fuzz/corpus/<name without fuzz_>), built
# with clang against a core compiled for coverage. `make fuzz FUZZ_SECONDS=600` runs each
# harness that long and keeps what it finds in the corpus.
FUZZ_SRC     := $(sort $(wildcard t/fuzz/fuzz_*.c))
FUZZ_BIN     := $(patsubst t/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
FUZZ_FLAGS   := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CORE    := $(patsubst mod_kundenportal/%.c,$(BUILD)/fuzz/core/%.o,$(CORE_SRC))
fuzz-build: $(FUZZ_BIN)
.SECONDARY: $(FUZZ_CORE)
$(BUILD)/fuzz/core/%.o: mod_kundenportal/%.c mod_kundenportal/*.h config.mk
	@mkdir -p $(dir $@)
	@echo "  CLANG   $<"
	@clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(WARN) -fPIC -std=gnu11 $(APR_CFLAGS) \
	    $(LIB_CFLAGS) -c -o $@ $<
# (libFuzzer's entry point has its prototype nowhere: the harnesses only define it.)
$(BUILD)/fuzz/%: t/fuzz/%.c $(FUZZ_CORE)
	@echo "  FUZZ    $@"
	@clang $(FUZZ_FLAGS) -fsanitize=fuzzer $(WARN) -Wno-missing-prototypes -std=gnu11 $(APR_CFLAGS) $(LIB_CFLAGS) \
	    -Imod_kundenportal -o $@ $< $(FUZZ_CORE) $(LIB_LIBS) $(APR_LIBS)
fuzz: all
	scripts/deps.sh fuzz
	$(MAKE) --no-print-directory fuzz-build
	scripts/fuzz.sh --keep $(or $(FUZZ_SECONDS),300) $(FUZZ_BIN)

# Browser-test tools from npm, pinned by package-lock.json (Debian's chromium, never a download).
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch node_modules

test-unit: $(UNIT_BIN)
	t/run-tests.sh --unit-only

demo: all
	scripts/deps.sh run
	scripts/demo.sh

# The benchmark against Apache's own baselines (t/bench/run.sh says what it measures).
bench: all
	scripts/deps.sh run bench
	t/bench/run.sh

install: all
	install -d $(DESTDIR)$(HTTPD_LIBEXECDIR) $(DESTDIR)$(PREFIX)/sbin \
	    $(DESTDIR)$(SYSCONF_APACHE)/mods-available $(DESTDIR)$(DATADIR)
	install -m 644 $(MODULE) $(DESTDIR)$(HTTPD_LIBEXECDIR)/mod_kundenportal.so
	install -m 755 $(CTL) $(DESTDIR)$(PREFIX)/sbin/kundenportalctl
	install -m 644 conf/kundenportal.load conf/kundenportal.conf $(DESTDIR)$(SYSCONF_APACHE)/mods-available/
	install -d $(DESTDIR)$(PREFIX)/share/doc/mod-kundenportal
	install -m 644 README.md conf/example-vhost.conf $(DESTDIR)$(PREFIX)/share/doc/mod-kundenportal/
	cp -r htdocs/templates htdocs/static sql $(DESTDIR)$(DATADIR)/
	rm -f $(DESTDIR)$(DATADIR)/sql/demo*

clean:
	rm -rf $(BUILD) mod_kundenportal/.libs mod_kundenportal/*.la mod_kundenportal/*.lo \
	    mod_kundenportal/*.slo mod_kundenportal/*.o

distclean: clean
	rm -rf config.mk config.log config.status configure autom4te.cache aclocal.m4 run
