/* Numbers and names as a reader sees them; see include/fkstat/labels.h. */
#include "fkstat/labels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *fk_label_num(char *buf, size_t len, double x, int digits, int da)
{
        char tmp[400], out[600], *s = tmp;
        size_t n = 0, intlen;

        if (!isfinite(x)) {
                snprintf(buf, len, "%s", da ? "–" : "NA");
                return buf;
        }
        snprintf(tmp, sizeof tmp, "%.*f", digits, x);
        if (!strncmp(tmp, "-0", 2) && strspn(tmp + 1, "0.") == strlen(tmp + 1))
                s++;    /* no "-0.0" */
        if (!da) {
                snprintf(buf, len, "%s", s);
                return buf;
        }
        /* Danish: a real minus, a period between thousands (24.682), a
         * decimal comma */
        if (*s == '-') {
                n = (size_t)snprintf(out, sizeof out, "−");
                s++;
        }
        intlen = strcspn(s, ".");
        for (size_t i = 0; i < intlen && n + 2 < sizeof out; i++) {
                if (i && (intlen - i) % 3 == 0)
                        out[n++] = '.';
                out[n++] = s[i];
        }
        if (s[intlen] == '.' && n + 1 < sizeof out) {
                out[n++] = ',';
                for (const char *c = s + intlen + 1; *c && n + 1 < sizeof out;
                     c++)
                        out[n++] = *c;
        }
        out[n] = '\0';
        snprintf(buf, len, "%s", out);
        return buf;
}

const char *fk_label_pct(char *buf, size_t len, double share, int digits, int da)
{
        char n[40];

        fk_label_num(n, sizeof n, 100 * share, digits, da);
        snprintf(buf, len, da ? "%s\u00a0%%" : "%s%%", n);    /* no-break */
        return buf;
}

const char *fk_label_ci(char *buf, size_t len, const double ci[2], double mult,
                     int digits, int da)
{
        char a[64], b[64];

        if (!isfinite(ci[0]) || !isfinite(ci[1])) {
                snprintf(buf, len, "%s", da ? "kunne ikke beregnes" :
                         "could not be computed");
                return buf;
        }
        snprintf(buf, len, da ? "%s til %s" : "%s to %s",
                 fk_label_num(a, sizeof a, mult * ci[0], digits, da),
                 fk_label_num(b, sizeof b, mult * ci[1], digits, da));
        return buf;
}

const char *fk_label_p(char *buf, size_t len, double p, int da)
{
        char n[64];

        if (!isfinite(p))
                snprintf(buf, len, "%s", da ? "–" : "NA");
        else if (p < 0.001)
                snprintf(buf, len, "<\u00a0%s",
                         fk_label_num(n, sizeof n, 0.001, 3, da));
        else
                fk_label_num(buf, len, p, p < 0.01 ? 3 : 2, da);
        return buf;
}

int fk_label_digits(const struct fk_outcome_result *r)
{
        double m = fabs(r->groups[0].mean);

        if (r->type == FK_TYPE_BINARY || r->type == FK_TYPE_SURVIVAL)
                return 1;
        return m >= 100 ? 0 : m >= 10 ? 1 : 2;
}

struct fk_label_scale fk_label_scale_of(const struct fk_outcome_result *r, int da)
{
        struct fk_label_scale s = { 1, fk_label_digits(r), 0, "", "" };

        if (r->type == FK_TYPE_BINARY) {
                s.mult = 100;
                s.digits = 1;
                s.unit = da ? "\u00a0procentpoint" : " percentage points";
                s.unit_short = "\u00a0pp";
        } else if (r->type == FK_TYPE_SURVIVAL) {
                s.digits = 2;
                s.ratio = 1;
        }
        return s;
}

const char *fk_label_basis(enum fk_basis b, int da)
{
        switch (b) {
        case FK_BASIS_CR2: return da ? "klyngeniveau (CR2)" :
                                  "cluster-level (CR2)";
        case FK_BASIS_LIN_WEI: return da ? "klyngeniveau (Lin–Wei)" :
                                      "cluster-level (Lin–Wei)";
        case FK_BASIS_CS_SIMPLE: return da ? "samlet gennemsnit "
                                        "(Callaway–Sant'Anna)" :
                                        "simple aggregate (Callaway–Sant'Anna)";
        case FK_BASIS_INDIVIDUAL: break;
        }
        return da ? "personniveau" : "individual-level";
}
