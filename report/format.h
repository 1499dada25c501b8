/* Internal helpers of the renderers: numbers as text ("NA" for NaN). */
#ifndef FK_REPORT_FORMAT_H
#define FK_REPORT_FORMAT_H

#include <stddef.h>
#include <stdio.h>

const char *fmt_num(char *buf, size_t len, double x, int digits);
const char *fmt_p(char *buf, size_t len, double p);
const char *fmt_count(char *buf, size_t len, double x);
const char *fmt_ci(char *buf, size_t len, const double ci[2], int digits);

/* The shortest decimal that reads back as x; whole numbers without an
 * exponent (300, not 3e+02); "NA" for NaN. */
const char *fmt_shortest(char *buf, size_t len, double x);

/* Write s as a CSV field, quoted (RFC 4180) when it holds a comma, a
 * quote or a line break. */
void fmt_csv_field(FILE *out, const char *s);

/* The same with the delimiter d. */
void fmt_csv_field_d(FILE *out, const char *s, char d);

#endif
