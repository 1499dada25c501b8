/* Renderers of describe summaries. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/render.h"
#include "report/format.h"

#define NB 48

static void by_label(const struct fk_describe_group *g, char *buf, size_t len)
{
        size_t used = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < g->nby && used < len; i++)
                used += (size_t)snprintf(buf + used, len - used, "%s%s=%s",
                                         i ? ", " : "", g->by_names[i],
                                         g->by_values[i]);
        if (g->nby == 0)
                snprintf(buf, len, "all rows");
}

static void csv_num(FILE *out, double x)
{
        fputc(',', out);
        if (isfinite(x))
                fprintf(out, "%.17g", x);
}

int fk_render_describe(FILE *out, enum fk_format fmt,
                       const struct fk_run_info *info,
                       const struct fk_describe_group *groups, size_t ngroups)
{
        char label[512];
        int rc = FK_OK;

        if (fmt == FK_FMT_JSON) {
                json_t *doc = fk_json_describe(info, groups, ngroups);

                rc = fk_json_write(out, doc);
                json_decref(doc);
                return rc == FK_OK && ferror(out) ? FK_EIO : rc;
        }
        if (fmt == FK_FMT_CSV) {
                fputs("group,column,n,missing,mean,sd,min,q1,median,q3,max\n",
                      out);
        }
        for (size_t gi = 0; gi < ngroups; gi++) {
                const struct fk_describe_group *g = &groups[gi];

                by_label(g, label, sizeof label);
                if (fmt == FK_FMT_TEXT) {
                        fprintf(out, "%s%s\n", gi ? "\n" : "", label);
                        fprintf(out, "  %-20s %8s %8s %10s %10s %10s %10s %10s %10s %10s\n",
                                "column", "n", "missing", "mean", "sd", "min",
                                "q1", "median", "q3", "max");
                } else if (fmt == FK_FMT_MARKDOWN) {
                        fprintf(out, "%s### %s\n\n| column | n | missing | "
                                "mean | sd | min | q1 | median | q3 | max |\n"
                                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
                                gi ? "\n" : "", label);
                }
                for (size_t c = 0; c < g->ncols; c++) {
                        const struct fk_summary *s = &g->cols[c];
                        char v[9][NB];

                        if (fmt == FK_FMT_CSV) {
                                fmt_csv_field(out, label);
                                fputc(',', out);
                                fmt_csv_field(out, g->col_names[c]);
                                csv_num(out, s->n);
                                csv_num(out, s->missing);
                                csv_num(out, s->mean);
                                csv_num(out, s->sd);
                                csv_num(out, s->min);
                                csv_num(out, s->q1);
                                csv_num(out, s->median);
                                csv_num(out, s->q3);
                                csv_num(out, s->max);
                                fputc('\n', out);
                                continue;
                        }
                        fmt_count(v[0], NB, s->n);
                        fmt_count(v[1], NB, s->missing);
                        fmt_num(v[2], NB, s->mean, 4);
                        fmt_num(v[3], NB, s->sd, 4);
                        fmt_num(v[4], NB, s->min, 4);
                        fmt_num(v[5], NB, s->q1, 4);
                        fmt_num(v[6], NB, s->median, 4);
                        fmt_num(v[7], NB, s->q3, 4);
                        fmt_num(v[8], NB, s->max, 4);
                        if (fmt == FK_FMT_TEXT)
                                fprintf(out, "  %-20s %8s %8s %10s %10s %10s %10s %10s %10s %10s\n",
                                        g->col_names[c], v[0], v[1], v[2], v[3],
                                        v[4], v[5], v[6], v[7], v[8]);
                        else
                                fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                                        g->col_names[c], v[0], v[1], v[2], v[3],
                                        v[4], v[5], v[6], v[7], v[8]);
                }
        }
        return ferror(out) ? FK_EIO : rc;
}
