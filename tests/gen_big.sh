#!/bin/sh
# Deterministic register-scale test data for timing and memory checks of
# `fkstat compare` (see METHODS.md, "Big files"):
#
#   tests/gen_big.sh [ROWS] > big.csv
#
# writes ROWS (default 5000000) rows of id,kommune,arm,job,samtaler,alder,
# uger (binary, count, age, weeks) — about 195 MB at the default — from a
# Park–Miller generator, so every awk gives the same bytes.  Arms are
# assigned by municipality (clustered design); the municipality names hold
# æ, ø and å, so the UTF-8 checks are exercised.
set -eu
rows=${1:-5000000}
exec awk -v rows="$rows" 'BEGIN {
        split("Hjørring,Frederikshavn,Brønderslev,Jammerbugt,Læsø,Mariagerfjord,Rebild,Vesthimmerland,Thisted,Morsø,Aalborg,Vejle", k, ",");
        s = 20240601
        print "id,kommune,arm,job,samtaler,alder,uger"
        for (i = 1; i <= rows; i++) {
                s = (s * 16807) % 2147483647; u = s / 2147483647
                m = 1 + int(u * 12)
                arm = m % 2 ? "trial" : "control"
                s = (s * 16807) % 2147483647; u = s / 2147483647
                job = u < (arm == "trial" ? 0.56 : 0.53) ? 1 : 0
                s = (s * 16807) % 2147483647; u = s / 2147483647
                n = int(u * u * (arm == "trial" ? 12 : 16))
                s = (s * 16807) % 2147483647; u = s / 2147483647
                a = 18 + int(u * 48)
                s = (s * 16807) % 2147483647; u = s / 2147483647
                w = int(u * u * 1040) / 10
                printf "%d,%s,%s,%d,%d,%d,%.1f\n", 100000000 + i, k[m], arm, \
                        job, n, a, w
        }
}'
