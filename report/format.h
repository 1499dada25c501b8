/* Internal helpers of the renderers: numbers as text ("NA" for NaN). */
#ifndef FK_REPORT_FORMAT_H
#define FK_REPORT_FORMAT_H

#include <stddef.h>

const char *fmt_num(char *buf, size_t len, double x, int digits);
const char *fmt_p(char *buf, size_t len, double p);
const char *fmt_count(char *buf, size_t len, double x);
const char *fmt_ci(char *buf, size_t len, const double ci[2], int digits);

#endif
