/* The CSV files of `fkstat simulate`: a Danish export (';', decimal
 * comma, UTF-8).  Every number is an integer of the generator, so the
 * bytes do not depend on the platform's floating-point printing. */
#include "fkstat/simdesign.h"

static int done(FILE *f, struct fk_error *err)
{
        if (ferror(f))
                return fk_error_set(err, FK_EIO, NULL, 0, "write error");
        return FK_OK;
}

int fk_sim_write_people(FILE *f, const struct fk_sim_design *d,
                        const struct fk_sim_person *p, size_t n,
                        const char *trial, const char *control,
                        struct fk_error *err)
{
        fputs("person_id;kommune;arm;tilgang;job_52w;uger;job;samtaler_26w;"
              "tilfredshed\n", f);
        for (size_t i = 0; i < n && !ferror(f); i++) {
                const struct fk_sim_municipality *m = &d->mun[p[i].mun];
                long y, mo, dd;

                fk_sim_date(p[i].entry, &y, &mo, &dd);
                fprintf(f, "%zu;%s;%s;%04ld-%02ld-%02ld;%s;%ld,%ld;%d;", i + 1,
                        m->name, m->trial ? trial : control, y, mo, dd,
                        p[i].job52 < 0 ? "" : p[i].job52 ? "ja" : "nej",
                        p[i].tenths / 10, p[i].tenths % 10, p[i].job);
                if (p[i].interviews >= 0)
                        fprintf(f, "%d", p[i].interviews);
                fputc(';', f);
                if (p[i].satisfaction > 0)
                        fprintf(f, "%d", p[i].satisfaction);
                fputc('\n', f);
        }
        return done(f, err);
}

int fk_sim_write_panel(FILE *f, const struct fk_sim_design *d,
                       const struct fk_sim_cell *c, size_t n,
                       struct fk_error *err)
{
        fputs("kommune;kvartal;forsoegskommune;andel_selvforsorgende;antal\n",
              f);
        for (size_t i = 0; i < n && !ferror(f); i++) {
                const struct fk_sim_municipality *m = &d->mun[c[i].mun];

                fprintf(f, "%s;%ldQ%ld;%d;%ld,%04ld;%ld\n", m->name,
                        c[i].quarter / 4, c[i].quarter % 4 + 1, m->trial,
                        c[i].share / 10000, c[i].share % 10000, c[i].antal);
        }
        return done(f, err);
}
