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
WARN         := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
OPT          ?= -O2 -g
SAN          ?=
CFLAGS_ALL   := $(OPT) $(SAN) $(WARN) -fPIC -std=gnu11 $(APR_CFLAGS) $(LIB_CFLAGS)
SAN_LINK     := $(if $(SAN),-Wl$(comma)"$(SAN)")
comma        := ,
MODULE       := mod_kundenportal/.libs/mod_kundenportal.so
CTL          := $(BUILD)/kundenportalctl

.PHONY: all deps demo test test-unit test-long bench fuzz install clean distclean check-config

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

test: check-config
	scripts/deps.sh run test
	$(MAKE) all node_modules
	t/run-tests.sh

# Browser-test tools from npm, pinned by package-lock.json (Debian's chromium, never a download).
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch node_modules

test-unit: $(UNIT_BIN)
	t/run-tests.sh --unit-only

demo: all
	scripts/deps.sh run
	scripts/demo.sh

install: all
	install -d $(DESTDIR)$(HTTPD_LIBEXECDIR) $(DESTDIR)$(PREFIX)/sbin \
	    $(DESTDIR)$(SYSCONF_APACHE)/mods-available $(DESTDIR)$(DATADIR)
	install -m 644 $(MODULE) $(DESTDIR)$(HTTPD_LIBEXECDIR)/mod_kundenportal.so
	install -m 755 $(CTL) $(DESTDIR)$(PREFIX)/sbin/kundenportalctl
	install -m 644 conf/kundenportal.load conf/kundenportal.conf $(DESTDIR)$(SYSCONF_APACHE)/mods-available/
	install -d $(DESTDIR)$(PREFIX)/share/doc/mod-kundenportal
	install -m 644 README.md conf/example-vhost.conf $(DESTDIR)$(PREFIX)/share/doc/mod-kundenportal/
	cp -r htdocs/templates htdocs/static sql $(DESTDIR)$(DATADIR)/
	rm -f $(DESTDIR)$(DATADIR)/sql/demo*.sql

clean:
	rm -rf $(BUILD) mod_kundenportal/.libs mod_kundenportal/*.la mod_kundenportal/*.lo \
	    mod_kundenportal/*.slo mod_kundenportal/*.o

distclean: clean
	rm -rf config.mk config.log config.status configure autom4te.cache aclocal.m4 run
