/* The data files of a report: each section not served by the file's
 * shared reading (report/share.c) read as the command of its section
 * reads it (an [outcome] the summary of the columns compare needs, a [did]
 * the sets of its keys), the whole table once per file where the summary
 * reader declines; the input options from [study]; files named beside the
 * plan; and the notes said on the caller's callback.  See
 * report/report_int.h. */
#include "report/report_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fkstat/bundle.h"
#include "fkstat/stream.h"

void rep_say(const struct rep *r, const char *fmt, ...)
{
        char msg[600];
        va_list ap;

        if (!r->o->note)
                return;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        r->o->note(r->o->note_ctx, msg);
}

static int same_str(const char *a, const char *b)
{
        return a == b || (a && b && !strcmp(a, b));
}

/* The table at rel, read once per path (and per wide reading: wide_period
 * and wide_value name the new columns of a wide table, NULL for long). */
static struct rep_table *load(struct rep *r, const char *rel, long line,
                              const char *kind, const char *name,
                              const char *wide_period, const char *wide_value,
                              struct fk_error *err)
{
        struct fk_csv_opts csv = r->csv;
        struct rep_table *t;
        char *path;
        FILE *f;

        if (!rel) {
                fk_error_set(err, FK_EUSAGE, r->plan->path, line,
                             "[%s %s]: no data file (set data in [study] or in "
                             "the section)", kind, name);
                return NULL;
        }
        path = fk_plan_path(r->plan, rel);
        if (!path) {
                fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                return NULL;
        }
        for (size_t i = 0; i < r->ntables; i++)
                if (!strcmp(r->tables[i].path, path) &&
                    same_str(r->tables[i].wide_period, wide_period) &&
                    same_str(r->tables[i].wide_value, wide_value)) {
                        free(path);
                        return &r->tables[i];
                }
        if (r->ntables == sizeof r->tables / sizeof *r->tables) {
                free(path);
                fk_error_set(err, FK_EUSAGE, r->plan->path, line,
                             "more than %zu data files",
                             sizeof r->tables / sizeof *r->tables);
                return NULL;
        }
        t = &r->tables[r->ntables];
        memset(t, 0, sizeof *t);
        t->path = path;
        t->name = rel;
        t->wide_period = csv.wide_period = wide_period;
        t->wide_value = csv.wide_value = wide_value;
        {
                const char *files[1] = { path };
                struct stat st;

                /* a data error (exit 1), not a usage error: the plan is
                 * well-formed, the file it names cannot be read */
                if (stat(path, &st) || !S_ISREG(st.st_mode)) {
                        fk_error_set(err, FK_EIO, r->plan->path, line,
                                     "[%s %s]: data file '%s' is not a "
                                     "readable file", kind, name, rel);
                        free(path);
                        return NULL;
                }
                (void)files;
                /* hashed while it is read (report/share.c), else then;
                 * a file that cannot be opened fails here as ever */
                if ((f = fopen(path, "rb")))
                        fclose(f);
                else if (fk_sha256_file(path, t->sha, err)) {
                        free(path);
                        return NULL;
                } else {
                        t->hashed = 1;
                }
                t->size = (unsigned long long)st.st_size;
        }
        r->ntables++;
        return t;
}

void rep_table_seen(struct rep *r, struct rep_table *d,
                    const struct fk_table *t)
{
        if (d->read)
                return;
        d->read = 1;
        d->rows = fk_table_nrecords(t);
        d->delim = fk_table_delimiter(t);
        d->decimal = fk_table_decimal(t);
        if (fk_table_converted(t))
                rep_say(r, "%s: converted from Windows-1252 to UTF-8", d->name);
}

/* The input options of d: the plan's, and its wide reading. */
static struct fk_csv_opts csv_of(const struct rep *r,
                                 const struct rep_table *d)
{
        struct fk_csv_opts csv = r->csv;

        csv.wide_period = d->wide_period;
        csv.wide_value = d->wide_value;
        return csv;
}

/* The whole table of d, read once. */
static int table_full(struct rep *r, struct rep_table *d,
                      const struct fk_table **use, struct fk_error *err)
{
        const char *files[1] = { d->path };
        struct fk_csv_opts csv = csv_of(r, d);

        if (!d->full && fk_table_read(files, 1, &csv, &d->full, err))
                return err->code;
        rep_table_seen(r, d, d->full);
        *use = d->full;
        return FK_OK;
}

/* An [outcome]'s table, read as fkstat compare reads it: the summary of
 * the columns it needs (include/fkstat/stream.h), else the whole table.
 * *own is the summary (the caller frees it), NULL for the whole table. */
int rep_table_outcome(struct rep *r, struct rep_table *d,
                         const struct fk_compare_spec *s, const char *name,
                         struct fk_table **own, const struct fk_table **use,
                         struct fk_error *err)
{
        const char *files[1] = { d->path }, *cols[12];
        const char *want[] = { s->arm, s->successes, s->trials, s->freq,
                               s->strata, fk_cluster_auto(s->cluster) ||
                               fk_cluster_none(s->cluster) ? NULL : s->cluster,
                               s->time, s->event, name };
        struct fk_summary_opts so = { cols, 0, 0, 0, NULL, NULL, NULL, 0, 0,
                                      0 };
        struct fk_csv_opts csv = csv_of(r, d);

        *own = NULL;
        if (d->full || r->o->full_table || s->exposure)
                return table_full(r, d, use, err);
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
                if (want[i])
                        cols[so.ncolumns++] = want[i];
        if (fk_cluster_auto(s->cluster))
                so.columns_nocase = fk_cluster_candidates(&so.ncolumns_nocase);
        if (fk_table_read_summary(files, 1, &csv, &so, own, err))
                return err->code;
        if (!*own)
                return table_full(r, d, use, err);
        rep_table_seen(r, d, *own);
        *use = *own;
        return FK_OK;
}

/* An [outcome]'s values without the whole table, as fkstat compare reads
 * them first (fk_compare_read_packed): *own the sets' table; or, for a
 * survival outcome whose sets do not apply, the whole table (kept as
 * d->full, *own NULL); *use NULL where that reading does not apply. */
int rep_table_packed(struct rep *r, struct rep_table *d,
                     const struct fk_compare_spec *s, const char *name,
                     struct fk_table **own, const struct fk_table **use,
                     struct fk_error *err)
{
        const char *files[1] = { d->path };
        struct fk_csv_opts csv = csv_of(r, d);
        struct fk_table *t;
        int whole;

        *own = NULL;
        *use = NULL;
        if (d->full || r->o->full_table || d->wide_period)
                return FK_OK;
        if (fk_compare_read_packed(files, 1, &csv, s, name, NULL, NULL, &t,
                                   &whole, err))
                return err->code;
        if (!t)
                return FK_OK;
        rep_table_seen(r, d, t);
        if (whole)
                d->full = t;
        else
                *own = t;
        *use = t;
        return FK_OK;
}

/* A [did]'s table, read as fkstat did reads it: the sets of its keys
 * (unit, period, treated, the start column, weight) with the outcome counted, or summed
 * once its values are many; else the whole table. */
int rep_table_did(struct rep *r, struct rep_table *d,
                     const struct fk_did_spec *ps, struct fk_table **own,
                     const struct fk_table **use, struct fk_error *err)
{
        const char *files[1] = { d->path }, *keys[5];
        struct fk_csv_opts csv = csv_of(r, d);
        struct fk_sets_spec ss = { keys, 0, &ps->outcome, 1, FK_NUMBERS_SUMS,
                                   0, 0, 0, 0 };
        struct fk_summary_opts so = { NULL, 0, 0, 0, NULL, NULL, NULL, 0, 0,
                                      0 };
        struct fk_table **sets = NULL, *full = NULL;
        size_t nsets = 0;

        *own = NULL;
        if (d->full || r->o->full_table)
                return table_full(r, d, use, err);
        keys[ss.nkeys++] = ps->unit;
        keys[ss.nkeys++] = ps->period;
        if (ps->treated)
                keys[ss.nkeys++] = ps->treated;
        if (ps->start && !fk_did_start_is_period(ps->start))
                keys[ss.nkeys++] = ps->start;
        if (ps->weight)
                keys[ss.nkeys++] = ps->weight;
        if (fk_table_read_sets(files, 1, &csv, &so, &ss, &sets, &nsets,
                               &full, err))
                return err->code;
        for (size_t i = 1; i < nsets; i++)
                fk_table_free(sets[i]);
        *own = nsets ? sets[0] : NULL;
        free(sets);
        if (full) {             /* not asked for (no fallback): kept */
                d->full = full;
                rep_table_seen(r, d, full);
                *use = full;
                return FK_OK;
        }
        if (!*own)
                return table_full(r, d, use, err);
        rep_table_seen(r, d, *own);
        *use = *own;
        return FK_OK;
}

/* A section's data: its own `data`, else the study's; errors name the line
 * of the `data` key that applies (the section's first line without one). */
struct rep_table *rep_load_section(struct rep *r, const char *data,
                                      long data_line, long line,
                                      const char *kind, const char *name,
                                      const char *wide_period,
                                      const char *wide_value,
                                      struct fk_error *err)
{
        const struct fk_plan *pl = r->plan;

        if (data)
                return load(r, data, data_line, kind, name, wide_period,
                            wide_value, err);
        return load(r, pl->data, pl->data_line ? pl->data_line : line, kind,
                    name, wide_period, wide_value, err);
}

/* A plan value naming a file beside the plan: starts = FILE, or
 * treated_units = @FILE; NULL when v is NULL or (at) not a @FILE. */
int rep_beside_plan(const struct rep *r, const char *v, int at, char **out,
                       struct fk_error *err)
{
        char *path;

        *out = NULL;
        if (!v || (at && v[0] != '@'))
                return FK_OK;
        if (!(path = fk_plan_path(r->plan, v + at)) ||
            !(*out = malloc(strlen(path) + 2))) {
                free(path);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        snprintf(*out, strlen(path) + 2, "%s%s", at ? "@" : "", path);
        free(path);
        return FK_OK;
}

int rep_study_csv(struct rep *r, struct fk_error *err)
{
        const struct fk_plan *p = r->plan;

        r->csv = (struct fk_csv_opts)FK_CSV_OPTS_INIT;
        if (p->delimiter)
                r->csv.delimiter = (!strcmp(p->delimiter, "tab") ||
                                    !strcmp(p->delimiter, "\\t")) ? '\t' :
                                   p->delimiter[0];
        if (p->decimal)
                r->csv.decimal = p->decimal[0];
        r->csv.na = p->na;
        /* trial = @FILE and control = @FILE name files beside the plan */
        for (int a = 0; a < 2; a++) {
                const char *v = a ? p->control : p->trial;
                char *path;

                if (!v || v[0] != '@')
                        continue;
                if (!(path = fk_plan_path(p, v + 1)) ||
                    !(r->arm_list[a] = malloc(strlen(path) + 2))) {
                        free(path);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                r->arm_list[a][0] = '@';
                strcpy(r->arm_list[a] + 1, path);
                free(path);
        }
        {
                const char *const keys[] = { "skip", "thousands", "encoding" };
                const char *const vals[] = { p->skip, p->thousands,
                                             p->encoding };

                for (size_t i = 0; i < 3; i++)
                        if (vals[i] && fk_csv_opt_set(&r->csv, keys[i], vals[i],
                                                      err))
                                return fk_error_set(err, FK_EUSAGE, p->path,
                                                    p->study_line, "[study] "
                                                    "%s: '%s' is not a valid "
                                                    "value", keys[i], vals[i]);
        }
        if (p->noutcomes == 0 && p->ndids == 0)
                return fk_error_set(err, FK_EUSAGE, p->path, 0,
                                    "the plan has no [outcome] or [did] "
                                    "section");
        return FK_OK;
}
