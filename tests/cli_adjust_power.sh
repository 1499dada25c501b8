# CLI tests of fkstat adjust and fkstat power: exit codes, the one-line
# error format, and golden outputs.  Sourced by tests/run.sh after
# tests/cli_tests.sh, which defines expect, golden, $F, $G and $TMP.
# Regenerate the golden files with UPDATE_GOLDEN=1 and review the diff.

# p-values of seventeen trials with two missing, and a Danish export
printf 'forsoeg,p\nF1,0.144551\nF2,0.0101295\nF3,NA\nF4,0.000181695\nF5,0.00344075\nF6,0.216287\nF7,0.00255446\nF8,0.371653\nF9,0.0827453\nF10,0.548667\nF11,\nF12,0.00135451\nF13,0.0867221\nF14,0.0232627\nF15,0.318760\nF16,0.00212381\nF17,0.204849\n' >"$TMP/p.csv"
printf 'kommune;p\nHjørring;0,04\nOdense;0,01\nViborg;NA\nAarhus;1\nKøge;0\n' >"$TMP/p_dk.csv"
printf 'id,p\na,0.2\nb,abc\n' >"$TMP/p_word.csv"
printf 'id,p\na,0.2\nb,1.5\n' >"$TMP/p_big.csv"

# adjust: usage errors (2) and data errors (1)
expect adjust-help 0 "" $F adjust --help
expect adjust-no-column 2 "fkstat: adjust: --column is required" \
        $F adjust "$TMP/p.csv"
expect adjust-bad-column 2 "fkstat: adjust: $TMP/p.csv: no column 'q' in the header (columns: 'forsoeg', 'p')" \
        $F adjust "$TMP/p.csv" --column q
expect adjust-bad-method 2 "fkstat: adjust: unknown --method 'hommel' (holm, hochberg, bh, bonferroni, by)" \
        $F adjust "$TMP/p.csv" --column p --method hommel
expect adjust-unknown-option 2 "fkstat: adjust: unknown option '--frobnicate'" \
        $F adjust "$TMP/p.csv" --column p --frobnicate
expect adjust-word 1 "fkstat: adjust: $TMP/p_word.csv:3: column 'p': 'abc' is not a p-value between 0 and 1" \
        $F adjust "$TMP/p_word.csv" --column p
expect adjust-above-one 1 "fkstat: adjust: $TMP/p_big.csv:3: column 'p': '1.5' is not a p-value between 0 and 1" \
        $F adjust "$TMP/p_big.csv" --column p
expect adjust-missing-file 1 "" $F adjust "$TMP/nonexistent.csv" --column p
expect adjust-dev-full 1 "fkstat: adjust: write error: No space left on device" \
        sh -c "$F adjust $TMP/p.csv --column p --format json >/dev/full"

# adjust: outputs (stdin, so that the file name in the JSON is fixed)
golden adjust_holm.txt sh -c "$F adjust --column p <$TMP/p.csv"
golden adjust_bh.json sh -c "$F adjust --column p --method bh --format json <$TMP/p.csv"
golden adjust_by.csv sh -c "$F adjust --column p --method by --format csv <$TMP/p.csv"
golden adjust_hochberg.md sh -c "$F adjust --column p --method hochberg --format markdown <$TMP/p.csv"
golden adjust_dk.csv sh -c "$F adjust --column p --method bonferroni --format csv <$TMP/p_dk.csv"

# power: usage errors (2)
expect power-help 0 "" $F power --help
expect power-no-type 2 "fkstat: power: --type binary or --type mean is required" \
        $F power --p-control 0.5 --p-trial 0.55
expect power-bad-type 2 "fkstat: power: --type must be binary or mean, not 'count'" \
        $F power --type count --p-control 0.5 --p-trial 0.55
expect power-power-range 2 "fkstat: power: --power must lie between 0 and 1, not '1.5'" \
        $F power --type binary --p-control 0.5 --p-trial 0.55 --power 1.5
expect power-p-range 2 "fkstat: power: --p-trial must lie between 0 and 1, not '1'" \
        $F power --type binary --p-control 0.5 --p-trial 1
expect power-p-nan 2 "fkstat: power: --p-control needs a number, not 'half'" \
        $F power --type binary --p-control half --p-trial 0.55
expect power-both 2 "fkstat: power: give --power or --n, not both" \
        $F power --type binary --p-control 0.5 --p-trial 0.55 --power 0.8 --n 100
expect power-equal 2 "fkstat: power: the effect must not be zero" \
        $F power --type binary --p-control 0.5 --p-trial 0.5
expect power-sd 2 "fkstat: power: --sd must be positive, not '0'" \
        $F power --type mean --delta 1 --sd 0
expect power-no-sd 2 "fkstat: power: --type mean needs --sd" \
        $F power --type mean --delta 1
expect power-no-effect 2 "fkstat: power: --delta is needed to solve for n" \
        $F power --type mean --sd 1
expect power-icc-alone 2 "fkstat: power: --icc and --cluster-size go together" \
        $F power --type binary --p-control 0.5 --p-trial 0.55 --icc 0.01
expect power-icc-range 2 "fkstat: power: --icc must lie in [0, 1), not '1'" \
        $F power --type binary --p-control 0.5 --p-trial 0.55 --icc 1 --cluster-size 20
expect power-margin-sign 2 "fkstat: power: the effect plus the margin must be positive" \
        $F power --type binary --p-control 0.5 --p-trial 0.4 --margin 0.05
expect power-unknown-option 2 "fkstat: power: unknown option '--frobnicate'" \
        $F power --type binary --p-control 0.5 --p-trial 0.55 --frobnicate
expect power-missing-value 2 "fkstat: power: option '--alpha' needs a value" \
        $F power --type binary --p-control 0.5 --p-trial 0.55 --alpha

# power: outputs
golden power_binary.txt $F power --type binary --p-control 0.50 --p-trial 0.55 \
        --icc 0.01 --cluster-size 200
golden power_binary.json $F power --type binary --p-control 0.50 --p-trial 0.55 \
        --icc 0.01 --cluster-size 200 --format json
golden power_mean.csv $F power --type mean --delta 0.5 --sd 2.2 --power 0.9 --format csv
golden power_mean_n.json $F power --type mean --delta 0.5 --sd 2.2 --n 300 --format json
golden power_binary_mde.md $F power --type binary --p-control 0.3 --n 2000 --icc 0.02 \
        --cluster-size 50 --format markdown
golden power_margin.txt $F power --type mean --delta 0 --sd 2 --margin 0.5 --alpha 0.05

# issue 16: a target power at or below alpha is a usage error that says so
# (it used to claim that no n reaches it); a p below the smallest double is
# read as 0 with a note naming its line
expect power-below-alpha 2 "fkstat: power: --power 0.01 is not above the significance level 0.05, which any n reaches" \
        $F power --type binary --p-control 0.5 --p-trial 0.6 --power 0.01
printf 'p\n1e-400\n0.03\n' >"$TMP/tiny_p.csv"
expect adjust-underflow 0 "fkstat: adjust: $TMP/tiny_p.csv:2: p-value '1e-400' is below the smallest number a double holds; read as 0" \
        $F adjust "$TMP/tiny_p.csv" --column p
