/* fkstat — numbers and names as a reader sees them, in Danish (da = 1) or
 * English: the labels of the charts and the figures of the report's
 * sentences come from here, so that a chart and the sentence under it
 * write one number alike.  Danish: decimal comma, a period between
 * thousands, a real minus sign (U+2212) and a no-break space before "%"
 * and units.
 */
#ifndef FKSTAT_LABELS_H
#define FKSTAT_LABELS_H

#include <stddef.h>

#include "fkstat/result.h"

/* x with digits decimals, never "-0,0"; "–" (da) or "NA" for NaN.  Danish
 * groups thousands with a period: "24.682", "−1.234,5". */
const char *fk_label_num(char *buf, size_t len, double x, int digits, int da);

/* A share as per cent: "54,9 %" (da) or "54.9%". */
const char *fk_label_pct(char *buf, size_t len, double share, int digits,
                         int da);

/* An interval "−0,4 til 4,2" / "-0.4 to 4.2", each end multiplied by
 * mult; "kunne ikke beregnes" / "could not be computed" when an end is
 * unknown. */
const char *fk_label_ci(char *buf, size_t len, const double ci[2],
                        double mult, int digits, int da);

/* A p-value: "0,032", "< 0,001" (with a no-break space). */
const char *fk_label_p(char *buf, size_t len, double p, int da);

/* How the verdict effect of an outcome is written: multiplied by mult
 * (100: percentage points), digits decimals, unit after the number ("" or
 * " pp"/" procentpoint"), ratio: a hazard ratio (null value 1). */
struct fk_label_scale {
        double mult;
        int digits;
        int ratio;
        const char *unit;       /* in sentences: " procentpoint" */
        const char *unit_short; /* in tables and charts: " pp" */
};

struct fk_label_scale fk_label_scale_of(const struct fk_outcome_result *r,
                                        int da);

/* Digits to show for an outcome's means (shares: 1 decimal of per cent). */
int fk_label_digits(const struct fk_outcome_result *r);

/* The basis as a reader sees it: "klyngeniveau (CR2)", "klyngeniveau
 * (Lin–Wei)", "personniveau" / "cluster-level (CR2)", ... */
const char *fk_label_basis(enum fk_basis b, int da);

#endif
