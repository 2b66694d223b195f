# gongwen — GNU make.  `make demo` and `make check` work on a fresh Debian 12
# machine as the first command typed (they run `make deps` first).

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR     = $(PREFIX)/bin
MANDIR     = $(PREFIX)/share/man/man1
DATADIR    = $(PREFIX)/share/gongwen

CC        ?= cc
PKG_CONFIG ?= pkg-config
PYTHON    ?= /usr/bin/python3
SHARED    ?= ../shared

# Debian packages: the one list of what gongwen installs (make deps).
DEB_BUILD  = build-essential pkg-config libhpdf-dev libcmark-gfm-dev \
             libcmark-gfm-extensions-dev libharfbuzz-dev libfontconfig-dev \
             libjansson-dev libyaml-dev libpng-dev zlib1g-dev libcmocka-dev \
             libicu-dev libssl-dev icc-profiles-free \
             libzip-dev libexpat1-dev libxlsxwriter-dev
DEB_FONTS  = fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-microhei \
             fonts-arphic-uming fonts-babelstone-han
DEB_TOOLS  = poppler-utils python3-fitz python3-yaml clang valgrind qpdf libjpeg-turbo-progs \
             openssl procps \
             python3-cryptography
DEB_PACKAGES = $(DEB_BUILD) $(DEB_FONTS) $(DEB_TOOLS)

PKGS       = libcmark-gfm harfbuzz harfbuzz-subset fontconfig jansson yaml-0.1 libpng zlib icu-uc libzip expat
# OpenSSL's libcrypto is opened at run time by src/sign.c (dlopen), not linked
# libharu ships no .pc file
HPDF_CFLAGS ?=
HPDF_LIBS   ?= -lhpdf
CMARK_EXT_LIBS ?= -lcmark-gfm-extensions

WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter
OPT       ?= -O2 -g
CFLAGS    ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) \
             -DGONGWEN_VERSION='"$(VERSION)"' -DGONGWEN_DATADIR='"$(DATADIR)"' \
             $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(HPDF_CFLAGS)
LIBS       = $(CMARK_EXT_LIBS) $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(HPDF_LIBS) -lm
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

BUILD     ?= build
SRCS      := $(filter-out src/main.c,$(wildcard src/*.c))
OBJS      := $(SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/icc_srgb.o
# the PDF/A output intent's profile (icc-profiles-free), built into the binary
ICC_FILE  ?= /usr/share/color/icc/sRGB.icc
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/%)
EXAMPLES  := $(patsubst examples/%/main.md,%,$(wildcard examples/*/main.md))
# mail-merge examples (a file OUTPUT holds the name pattern) render one PDF
# per record into out/NAME/, plus out/NAME/合订.pdf with every record
MERGES    := $(patsubst examples/%/OUTPUT,%,$(wildcard examples/*/OUTPUT))
# ... unless a file EACH names another template for the merge ("评分表.md
# --each 单位"): then main.md gives out/NAME.pdf and that template out/NAME/
SPLITS    := $(patsubst examples/%/EACH,%,$(wildcard examples/*/EACH))
MERGE_ONLY := $(filter-out $(SPLITS),$(MERGES))
PDFS      := $(filter-out $(MERGE_ONLY:%=out/%.pdf),$(EXAMPLES:%=out/%.pdf))
STAMPS    := $(MERGES:%=out/%/.done)

.PHONY: all deps demo check check-unit check-golden check-examples check-bad check-faults check-templates \
        check-fuzz-replay check-docs check-archive check-xlsx \
        check-asan bench install uninstall format fuzz clean

all: gongwen

deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/icc_srgb.o: src/icc_srgb.S $(ICC_FILE) | $(BUILD)
	$(CC) -c -DICC_FILE='"$(ICC_FILE)"' -o $@ $<

$(BUILD):
	@mkdir -p $(BUILD)

$(BUILD)/libgongwen.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

gongwen: $(BUILD)/gongwen
	cp $< $@.tmp && mv -f $@.tmp $@

# the test workbooks' writer (libxlsxwriter; a test tool, not installed)
$(BUILD)/mkxlsx: tests/xlsx/mkxlsx.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(shell $(PKG_CONFIG) --cflags --libs xlsxwriter 2>/dev/null)

$(BUILD)/test_%: tests/unit/test_%.c $(BUILD)/libgongwen.a tests/unit/testutil.h
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(BUILD)/libgongwen.a $(TEST_LIBS) $(LIBS)

# ---- examples -------------------------------------------------------------
demo: deps
	@$(MAKE) --no-print-directory gongwen
	@$(MAKE) --no-print-directory pdfs

pdfs: $(PDFS) $(STAMPS) out/archive/.done

# archive demo: the source embedded (PDF/A-3b), and a document signed twice
# (考评人, then 负责人) with a throw-away CA made here by openssl
out/archive/.done: out/xuchang-2018.pdf tests/archive/mkcerts.sh gongwen | out
	@rm -rf out/archive && mkdir -p out/archive
	@sh tests/archive/mkcerts.sh out/archive/ca
	./gongwen render $(shell cat examples/xuchang-2018/ARGS) examples/xuchang-2018/main.md --embed-source -o out/archive/xuchang-2018-source.pdf
	./gongwen sign out/xuchang-2018.pdf -o out/archive/xuchang-2018-signed1.pdf --cert out/archive/ca/a.p12 --password-file out/archive/ca/a.pw
	./gongwen sign out/archive/xuchang-2018-signed1.pdf -o out/archive/xuchang-2018-signed2.pdf --cert out/archive/ca/b.p12 --password-file out/archive/ca/b.pw
	./gongwen verify out/archive/xuchang-2018-signed2.pdf --ca out/archive/ca/ca.pem
	@touch $@

.SECONDEXPANSION:
out/%.pdf: examples/%/main.md gongwen $$(wildcard examples/%/*) | out
	./gongwen render $(shell cat examples/$*/ARGS 2>/dev/null) $< -o $@

EACH_OF = $(if $(wildcard examples/$*/EACH),examples/$*/$(shell cat examples/$*/EACH),$<)
out/%/.done: examples/%/main.md gongwen $$(wildcard examples/%/*) | out
	@rm -rf out/$* && mkdir -p out/$*
	./gongwen render $(shell cat examples/$*/ARGS) $(EACH_OF) -o 'out/$*/$(shell cat examples/$*/OUTPUT)'
	./gongwen render $(shell cat examples/$*/ARGS) $(EACH_OF) --combine out/$*/合订.pdf
	@touch $@

out:
	@mkdir -p out

# ---- tests ----------------------------------------------------------------
check: deps
	@$(MAKE) --no-print-directory gongwen $(UNIT_BINS)
	@$(MAKE) --no-print-directory check-unit check-golden check-examples check-bad check-templates check-faults check-fuzz-replay check-docs check-archive check-xlsx

check-docs:
	@$(PYTHON) tests/check_docs.py README.md gongwen.1

check-unit: $(UNIT_BINS)
	@sh tests/run_unit.sh $(UNIT_BINS)

check-golden: gongwen
	@sh tests/golden/run.sh

check-bad: gongwen
	@sh tests/bad/run.sh

check-xlsx: gongwen $(BUILD)/mkxlsx
	@sh tests/xlsx/run.sh $(BUILD)

check-templates: gongwen
	@sh tests/check_templates.sh $(SHARED)

check-faults: gongwen
	@sh tests/faults.sh

check-archive: pdfs
	@sh tests/archive/run.sh $(SHARED)
	@sh tests/archive/check_out.sh $(SHARED)

check-fuzz-replay: $(BUILD)/libgongwen.a
	@CC="$(CC)" CFLAGS="$(CFLAGS)" sh tests/fuzz/replay.sh $(BUILD)

check-examples: pdfs
	@sh tests/check_examples.sh $(SHARED) $(PDFS) $(MERGES:%=out/%)
	@$(PYTHON) tests/text_fidelity.py out/luoyang-2013.pdf examples/luoyang-2013/main.md
	@$(PYTHON) tests/ink_gaps.py $(PDFS) $(MERGES:%=out/%/*.pdf)
	@$(PYTHON) tests/overlap.py $(PDFS) $(MERGES:%=out/%/*.pdf)
	@$(PYTHON) tests/table_text.py out/luoyang-2013.pdf examples/luoyang-2013/附件1.md
	@$(PYTHON) tests/table_text.py out/luoyang-2013.pdf examples/luoyang-2013/附件2.md
	@$(PYTHON) tests/table_text.py out/xuchang-2018.pdf examples/xuchang-2018/分工表.md \
	    --data 行=examples/xuchang-2018/分工.csv
	@$(PYTHON) tests/check_scores.py examples/luoyang-2013-scores out/luoyang-2013-scores.pdf out/luoyang-2013-scores
	@sh tests/calc/run.sh

ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" asan-run

asan-run: $(BUILD)/gongwen $(UNIT_BINS) $(BUILD)/mkxlsx
	@ASAN_OPTIONS=detect_leaks=1 sh tests/run_unit.sh $(UNIT_BINS)
	@ASAN_OPTIONS=detect_leaks=1 GONGWEN=$(BUILD)/gongwen sh tests/golden/run.sh
	@ASAN_OPTIONS=detect_leaks=1 GONGWEN=$(BUILD)/gongwen sh tests/bad/run.sh
	@ASAN_OPTIONS=detect_leaks=1 GONGWEN=$(BUILD)/gongwen sh tests/xlsx/run.sh $(BUILD)
	@ASAN_OPTIONS=detect_leaks=1 GONGWEN=$(BUILD)/gongwen sh tests/faults.sh
	@ASAN_OPTIONS=detect_leaks=1 CC="$(CC)" CFLAGS="$(CFLAGS)" sh tests/fuzz/replay.sh $(BUILD)

$(BUILD)/gongwen: $(BUILD)/main.o $(BUILD)/libgongwen.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

bench: gongwen $(BUILD)/mkxlsx
	@MKXLSX=$(BUILD)/mkxlsx $(PYTHON) tools/bench.py $(RUNS)

fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# ---- install --------------------------------------------------------------
install: gongwen
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/fonts
	install -m 755 gongwen $(DESTDIR)$(BINDIR)/gongwen
	install -m 644 gongwen.1 $(DESTDIR)$(MANDIR)/gongwen.1
	cp -R templates/. $(DESTDIR)$(DATADIR)/templates/
	cp -R fonts/. $(DESTDIR)$(DATADIR)/fonts/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gongwen $(DESTDIR)$(MANDIR)/gongwen.1
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c

clean:
	rm -rf build build-asan gongwen out
