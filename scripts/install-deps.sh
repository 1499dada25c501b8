#!/bin/sh
# Install the Debian packages fkstat needs to build, test and draw charts,
# when they are missing.  Run by `make check` and `make demo`; safe to rerun.
# Optional groups for CI: `fuzz` (clang and its libFuzzer runtime, for
# `make fuzz`), `pg` (a PostgreSQL server, for tests/pg/run.sh), `pdf`
# (Chromium for `fkstat report --pdf` and poppler-utils' pdftotext, with
# which tests/cli_report.sh reads the PDF; without them that test checks
# only the case without Chromium) and `bench` (the benchmark's peers, for
# bench/run.sh; not used by CI).
#   scripts/install-deps.sh [fuzz] [pg] [pdf] [bench]
set -eu

PKGS="gcc make pkg-config libgsl-dev libcsv-dev libcmocka-dev libjansson-dev
libinih-dev libcmark-gfm-dev libcmark-gfm-extensions-dev nettle-dev
gnuplot-nox fonts-dejavu-core python3 valgrind"
for group in "$@"; do
        case $group in
        fuzz) PKGS="$PKGS clang libclang-rt-14-dev" ;;
        pg) PKGS="$PKGS postgresql-15" ;;
        pdf) PKGS="$PKGS chromium poppler-utils" ;;
        bench) PKGS="$PKGS hyperfine time r-base-core r-cran-data.table
r-cran-survival python3-pandas python3-statsmodels python3-scipy datamash" ;;
        *) echo "install-deps: unknown group '$group' (fuzz, pg, pdf, bench)" >&2; exit 2 ;;
        esac
done

missing=""
for p in $PKGS; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
                missing="$missing $p"
        fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
else
        echo "install-deps: need root (or sudo) to install:$missing" >&2
        exit 1
fi
$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
