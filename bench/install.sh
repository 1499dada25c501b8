#!/bin/sh
# Install the benchmark's peers from Debian when they are missing: hyperfine,
# GNU time (peak RSS), R with data.table and survival, pandas + statsmodels +
# scipy for the system python3, and datamash.  Not part of `make check` or CI;
# run by bench/run.sh.  Safe to rerun.
set -eu

PKGS="hyperfine time r-base-core r-cran-data.table r-cran-survival
python3 python3-pandas python3-statsmodels python3-scipy datamash"

missing=""
for p in $PKGS; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
                missing="$missing $p"
        fi
done
[ -z "$missing" ] && exit 0

echo "bench/install: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
else
        echo "bench/install: need root (or sudo) to install:$missing" >&2
        exit 1
fi
$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
