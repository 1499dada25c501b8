/* Numbers and names as the renderers write them: the one round-trip form
 * of JSON and every CSV (fk_render_number), the fixed forms of text and
 * Markdown (fmt_*), the format names, and data escaped for a terminal or
 * Markdown. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/render.h"
#include "render/format.h"

int fk_format_parse(const char *s)
{
        static const char *const names[] = { "text", "json", "csv", "markdown" };

        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
                if (!strcmp(s, names[i]))
                        return (int)i;
        return -1;
}

const char *fk_render_number(char *buf, size_t len, double x, char dec)
{
        char *dot;

        if (!buf || !len)
                return buf;
        buf[0] = '\0';
        if (!isfinite(x))
                return buf;
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
        if (dec != '.' && (dot = strchr(buf, '.')) != NULL)
                *dot = dec;
        return buf;
}

const char *fmt_shortest(char *buf, size_t len, double x)
{
        if (isnan(x))
                snprintf(buf, len, "NA");
        else if (isinf(x))
                snprintf(buf, len, x > 0 ? "Inf" : "-Inf");
        else
                fk_render_number(buf, len, x, '.');
        return buf;
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

static const char *escape(char *buf, size_t len, const char *s, int md)
{
        size_t n = 0;
        const unsigned char *u = (const unsigned char *)(s ? s : "");

        if (!len)
                return buf;
        for (; *u; u++) {
                char tmp[12];
                const char *put = tmp;

                if (*u < 0x20 || *u == 0x7f) {
                        snprintf(tmp, sizeof tmp, "\\x%02x", *u);
                } else if (*u == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f) {
                        snprintf(tmp, sizeof tmp, "\\u%04x", u[1]);
                        u++;    /* a C1 control character, U+0080..U+009F */
                } else if (md && *u == '<') {
                        put = "&lt;";
                } else if (md && *u == '>') {
                        put = "&gt;";
                } else if (md && *u == '&') {
                        put = "&amp;";
                } else if (md && (*u == '|' || *u == '\\')) {
                        tmp[0] = '\\';
                        tmp[1] = (char)*u;
                        tmp[2] = '\0';
                } else {
                        tmp[0] = (char)*u;
                        tmp[1] = '\0';
                }
                if (n + strlen(put) + 4 > len) {
                        /* no room: drop a character cut in two */
                        size_t k = n;
                        unsigned char lead;

                        while (k && ((unsigned char)buf[k - 1] & 0xC0) == 0x80)
                                k--;
                        lead = k ? (unsigned char)buf[k - 1] : 0;
                        if (lead >= 0xC0 &&
                            n - (k - 1) < (lead >= 0xF0 ? 4u :
                                           lead >= 0xE0 ? 3u : 2u))
                                n = k - 1;
                        snprintf(buf + n, len - n, "%s", len - n > 3 ? "..." :
                                 "");
                        return buf;
                }
                memcpy(buf + n, put, strlen(put));
                n += strlen(put);
        }
        buf[n] = '\0';
        return buf;
}

const char *fk_text_escape(char *buf, size_t len, const char *s)
{
        return escape(buf, len, s, 0);
}

const char *fk_md_escape(char *buf, size_t len, const char *s)
{
        return escape(buf, len, s, 1);
}
