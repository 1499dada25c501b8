# fkstat — build, test, demo.  `make` builds libfkstat.a and ./fkstat;
# `make check` installs missing Debian packages, builds and runs every test;
# `make check SANITIZE=address,undefined` does the same under the sanitizers;
# `make fuzz` builds the libFuzzer targets (clang) for tests/fuzz/run.sh.
# `make install` copies ./fkstat and the manual pages under PREFIX (/usr/local).

VERSION = 0.1.0
CC ?= cc
AR ?= ar
PKGS = gsl jansson inih nettle libcmark-gfm

WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wwrite-strings -Wvla -Wformat=2 -Wfloat-equal
CFLAGS ?= -O3 -g
ALL_CFLAGS = $(WARN) $(CFLAGS) -pthread -D_POSIX_C_SOURCE=200809L -DFK_VERSION='"$(VERSION)"' \
             -Iinclude -I. $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS = -pthread -lcmark-gfm-extensions $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -ljansson -linih -lnettle -lcmark-gfm) -lcsv -lm
TEST_LIBS = -lcmocka

# FUZZ=1 (set by `make fuzz`): clang, libFuzzer's coverage and the address
# and undefined-behaviour sanitizers, in a build folder of its own.
FUZZ_SAN = address,undefined
ifneq ($(FUZZ),)
CC = clang
ALL_CFLAGS += -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
BUILD = build/fuzz
else ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
BUILD = build/san
else
BUILD = build/rel
endif

LIB_SRC = $(wildcard table/*.c stats/*.c analyse/*.c render/*.c report/*.c plots/*.c)
CLI_SRC = $(wildcard cli/*.c)
TEST_SRC = $(wildcard tests/test_*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
LIBFK = $(BUILD)/libfkstat.a
# header dependencies are computed by the compiler (-MMD -MP)
DEPS = $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_BIN:=.d) $(FUZZ_BIN:=.d)

.PHONY: all check tests-bin deps demo clean bench valgrind fuzz fuzz-bin install
ifeq ($(SANITIZE),)
all: fkstat libfkstat.a
else
all: $(BUILD)/fkstat
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIBFK): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

libfkstat.a: build/rel/libfkstat.a
	cp $< $@

$(BUILD)/fkstat: $(CLI_OBJ) $(LIBFK)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBFK) $(LIBS)

fkstat: build/rel/fkstat
	cp $< $@

$(BUILD)/tests/%: tests/%.c $(LIBFK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -MF $@.d $(LDFLAGS) -o $@ $< $(LIBFK) $(LIBS) $(TEST_LIBS)

# libFuzzer targets, one per tests/fuzz/fuzz_*.c; tests/fuzz/run.sh runs them
$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIBFK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -MF $@.d -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $< $(LIBFK) $(LIBS)

fuzz-bin: $(FUZZ_BIN)

fuzz:
	@scripts/install-deps.sh fuzz
	$(MAKE) FUZZ=1 fuzz-bin

deps:
	@scripts/install-deps.sh

check: deps
	$(MAKE) all tests-bin
	@FKSTAT=$(BUILD)/fkstat BUILD=$(BUILD) tests/run.sh

tests-bin: $(TEST_BIN)

valgrind: all tests-bin
	@BUILD=$(BUILD) tests/valgrind.sh

demo: deps
	$(MAKE) all
	@scripts/demo.sh

bench: all
	@bench/run.sh

# ./fkstat to $(PREFIX)/bin and the manual pages to $(PREFIX)/share/man/man1;
# DESTDIR stages the files for a package
PREFIX ?= /usr/local
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 fkstat $(DESTDIR)$(PREFIX)/bin/fkstat
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1

clean:
	rm -rf build fkstat libfkstat.a out

-include $(DEPS)
