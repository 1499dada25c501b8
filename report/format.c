/* Number formatting shared by the human-readable renderers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/render.h"
#include "report/format.h"

int fk_format_parse(const char *s)
{
        static const char *const names[] = { "text", "json", "csv", "markdown" };

        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
                if (!strcmp(s, names[i]))
                        return (int)i;
        return -1;
}

const char *fmt_num(char *buf, size_t len, double x, int digits)
{
        if (isnan(x))
                snprintf(buf, len, "NA");
        else if (isinf(x))
                snprintf(buf, len, x > 0 ? "Inf" : "-Inf");
        else if (fpclassify(x) != FP_ZERO && (fabs(x) >= 1e6 || fabs(x) < 1e-4))
                snprintf(buf, len, "%.*e", digits > 1 ? digits - 1 : 1, x);
        else
                snprintf(buf, len, "%.*f", digits, x);
        return buf;
}

const char *fmt_p(char *buf, size_t len, double p)
{
        if (isnan(p))
                snprintf(buf, len, "NA");
        else if (p < 1e-4)
                snprintf(buf, len, "%.2e", p);
        else
                snprintf(buf, len, "%.4f", p);
        return buf;
}

const char *fmt_count(char *buf, size_t len, double x)
{
        if (isnan(x))
                snprintf(buf, len, "NA");
        else
                snprintf(buf, len, "%.0f", x);
        return buf;
}

const char *fmt_ci(char *buf, size_t len, const double ci[2], int digits)
{
        char a[40], b[40];

        if (isnan(ci[0]) && isnan(ci[1]))
                snprintf(buf, len, "NA");
        else
                snprintf(buf, len, "[%s, %s]", fmt_num(a, sizeof a, ci[0], digits),
                         fmt_num(b, sizeof b, ci[1], digits));
        return buf;
}

void fmt_csv_field(FILE *out, const char *s)
{
        fmt_csv_field_d(out, s, ',');
}

void fmt_csv_field_d(FILE *out, const char *s, char d)
{
        if (!strchr(s, d) && !strpbrk(s, "\"\r\n")) {
                fputs(s, out);
                return;
        }
        fputc('"', out);
        for (; *s; s++) {
                if (*s == '"')
                        fputc('"', out);
                fputc(*s, out);
        }
        fputc('"', out);
}

const char *fmt_shortest(char *buf, size_t len, double x)
{
        if (isnan(x)) {
                snprintf(buf, len, "NA");
                return buf;
        }
        if (fabs(x) < 9007199254740992.0 && !(x - floor(x) > 0)) {
                snprintf(buf, len, "%.0f", x);  /* whole: 300, not 3e+02 */
                return buf;
        }
        for (int prec = 1; prec <= 17; prec++) {
                double y;

                snprintf(buf, len, "%.*g", prec, x);
                y = strtod(buf, NULL);
                if (!(y < x) && !(y > x))
                        break;
        }
        return buf;
}
