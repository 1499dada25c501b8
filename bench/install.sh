#!/bin/sh
# Install the benchmark's peers from Debian when they are missing: hyperfine,
# GNU time (peak RSS), R with data.table and survival, pandas + statsmodels +
# scipy for the system python3, and datamash — the `bench` group of the
# project's install script.  Not part of `make check` or CI; run by
# bench/run.sh.  Safe to rerun.
set -eu
exec "$(dirname "$0")/../scripts/install-deps.sh" bench
