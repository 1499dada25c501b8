/* Renderer of fkstat power results. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/render.h"
#include "report/format.h"

static const char *num(char *buf, size_t len, double x)
{
        if (isnan(x))
                snprintf(buf, len, "NA");
        else
                snprintf(buf, len, "%.6g", x);
        return buf;
}

int fk_render_power(FILE *out, enum fk_format fmt,
                    const struct fk_power_spec *s,
                    const struct fk_power_result *r)
{
        static const char *const keys[] = { "n_per_arm", "power",
                "design_effect", "clusters_per_arm", "mde" };
        const double v[] = { r->n_per_arm, r->power, r->design_effect,
                             r->clusters_per_arm, r->mde };
        char b[5][40];

        if (fmt == FK_FMT_JSON) {
                json_t *doc = json_object();
                int rc;

                json_object_set_new(doc, "fkstat",
                                    json_pack("{ssss}", "version", FK_VERSION,
                                              "command", "power"));
                for (size_t i = 0; i < 5; i++)
                        json_object_set_new(doc, keys[i],
                                            fk_json_count(v[i]));
                rc = fk_json_write(out, doc);
                json_decref(doc);
                return rc;
        }
        if (fmt == FK_FMT_CSV) {
                fputs("n_per_arm,power,design_effect,clusters_per_arm,mde\n",
                      out);
                for (size_t i = 0; i < 5; i++)
                        fprintf(out, "%s%c", fmt_shortest(b[i], sizeof b[i], v[i]),
                                i < 4 ? ',' : '\n');
                return FK_OK;
        }
        for (size_t i = 0; i < 5; i++)
                num(b[i], sizeof b[i], v[i]);
        if (fmt == FK_FMT_MARKDOWN) {
                fprintf(out, "| n per arm | power | design effect | "
                        "clusters per arm | mde |\n"
                        "|---:|---:|---:|---:|---:|\n"
                        "| %s | %s | %s | %s | %s |\n",
                        b[0], b[1], b[2], b[3], b[4]);
                return FK_OK;
        }
        if (!isnan(s->margin))
                fprintf(out, "non-inferiority, two %s (normal approximation), "
                        "margin %g, one-sided alpha %g\n",
                        s->type == FK_POWER_BINARY ? "proportions" : "means",
                        s->margin, s->alpha / 2);
        else if (s->type == FK_POWER_BINARY)
                fprintf(out, "two proportions (R power.prop.test), two-sided "
                        "alpha %g\n", s->alpha);
        else
                fprintf(out, "two means (R power.t.test), two-sided alpha %g\n",
                        s->alpha);
        fprintf(out, "  n per arm         %s", b[0]);
        if (isfinite(r->n_per_arm))
                fprintf(out, " (round up: %.0f)", ceil(r->n_per_arm));
        fprintf(out, "\n  power             %s\n"
                "  design effect     %s\n"
                "  clusters per arm  %s\n"
                "  mde               %s\n", b[1], b[2], b[3], b[4]);
        return FK_OK;
}

