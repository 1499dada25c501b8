/* Renderer of fkstat adjust: the adjusted p-values, or the input table with
 * the column p_<method> added (csv). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/render.h"
#include "report/format.h"

/* The shortest form that reads back as x, with the decimal mark dec. */
static const char *num(char *buf, size_t len, double x, char dec)
{
        char *dot;

        fmt_shortest(buf, len, x);
        if (dec != '.' && (dot = strchr(buf, '.')) != NULL)
                *dot = dec;
        return buf;
}

static void write_csv(FILE *out, const struct fk_table *t, const double *adj,
                      const char *name)
{
        char d = fk_table_delimiter(t), buf[40];

        for (size_t c = 0; c < fk_table_ncols(t); c++) {
                fmt_csv_field_d(out, fk_table_colname(t, c), d);
                fputc(d, out);
        }
        fprintf(out, "p_%s\n", name);
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                for (size_t c = 0; c < fk_table_ncols(t); c++) {
                        const char *s = fk_table_cell(t, r, c);

                        fmt_csv_field_d(out, s ? s : "NA", d);
                        fputc(d, out);
                }
                fprintf(out, "%s\n", num(buf, sizeof buf, adj[r],
                                         fk_table_decimal(t)));
        }
}

static int write_json(FILE *out, const struct fk_table *t, const double *adj,
                      const char *name)
{
        const char *files[64];
        size_t nf = fk_table_nfiles(t) < 64 ? fk_table_nfiles(t) : 64;
        struct fk_run_info info = {
                "adjust", files, nf, (double)fk_table_nrows(t),
                fk_table_delimiter(t), fk_table_decimal(t), NULL, NULL, NULL,
                0, 0
        };
        json_t *doc, *a = json_array();
        int rc;

        for (size_t i = 0; i < nf; i++)
                files[i] = fk_table_file(t, i);
        doc = fk_json_header(&info);
        json_object_set_new(doc, "method", json_string(name));
        for (size_t r = 0; r < fk_table_nrows(t); r++)
                json_array_append_new(a, fk_json_num(adj[r]));
        json_object_set_new(doc, "adjusted", a);
        for (size_t r = 0; r < fk_table_nrows(t); r++)
                if (isnan(adj[r])) {
                        json_object_set_new(doc, "note", json_string(
                                "null where the p-value is missing; missing "
                                "p-values are not counted in n"));
                        break;
                }
        rc = fk_json_write(out, doc);
        json_decref(doc);
        return rc;
}

static void write_table(FILE *out, enum fk_format fmt,
                        const struct fk_table *t, size_t col, const double *p,
                        const double *adj, const char *name, size_t n)
{
        char b1[40], b2[40];

        if (fmt == FK_FMT_MARKDOWN)
                fprintf(out, "p-values adjusted by %s (n = %zu)\n\n"
                        "| line | %s | p_%s |\n|---:|---:|---:|\n", name, n,
                        fk_table_colname(t, col), name);
        else
                fprintf(out, "p-values adjusted by %s (n = %zu)\n\n"
                        "%8s %24s %24s\n", name, n, "line",
                        fk_table_colname(t, col), "adjusted");
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                /* six significant digits, as R prints them */
                snprintf(b1, sizeof b1, isnan(p[r]) ? "NA" : "%.6g", p[r]);
                snprintf(b2, sizeof b2, isnan(adj[r]) ? "NA" : "%.6g", adj[r]);
                if (fmt == FK_FMT_MARKDOWN)
                        fprintf(out, "| %ld | %s | %s |\n",
                                fk_table_row_line(t, r), b1, b2);
                else
                        fprintf(out, "%8ld %24s %24s\n",
                                fk_table_row_line(t, r), b1, b2);
        }
}

int fk_render_adjust(FILE *out, enum fk_format fmt, const struct fk_table *t,
                     size_t col, const double *p, const double *adj,
                     const char *name, size_t n)
{
        switch (fmt) {
        case FK_FMT_JSON:
                return write_json(out, t, adj, name);
        case FK_FMT_CSV:
                write_csv(out, t, adj, name);
                break;
        default:
                write_table(out, fmt, t, col, p, adj, name, n);
                break;
        }
        return ferror(out) ? FK_EIO : FK_OK;
}
