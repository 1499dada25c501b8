/* Private to render/: numbers as the text and Markdown renderers show
 * them ("NA" for NaN).  The one round-trip form of JSON and CSV is
 * fk_render_number (fkstat/render.h). */
#ifndef FKSTAT_RENDER_FORMAT_H
#define FKSTAT_RENDER_FORMAT_H

#include <stddef.h>
#include <stdio.h>

#include "fkstat/render.h"

/* x with digits decimals ("%.*f"), in scientific notation when |x| is at
 * least 1e6 or below 1e-4; "NA", "Inf", "-Inf" when not finite. */
const char *fmt_num(char *buf, size_t len, double x, int digits);

/* A p-value: four decimals, or "%.2e" below 1e-4; "NA" for NaN. */
const char *fmt_p(char *buf, size_t len, double p);

/* A count without decimals; "NA" for NaN. */
const char *fmt_count(char *buf, size_t len, double x);

/* "[lo, hi]" by fmt_num; "NA" when neither end is known. */
const char *fmt_ci(char *buf, size_t len, const double ci[2], int digits);

/* x as fk_render_number with a decimal point, for text: "NA" for NaN,
 * "Inf" and "-Inf". */
const char *fmt_shortest(char *buf, size_t len, double x);

#endif
