/* The table of result kind × format, and the public entry points of
 * fkstat/render.h and fkstat/validate_render.h that dispatch through it:
 * each fills a job with its result and hands it to the renderer of the
 * format asked for (render/text_*.c, render/markdown.c, render/csv.c,
 * render/json*.c).  A CSV starts with the byte order mark of its dialect
 * here, so that no renderer forgets it. */
#include <stdio.h>

#include "render/render_int.h"

static render_fn *const table[RK_COUNT][4] = {
        [RK_COMPARE] = {
                [FK_FMT_TEXT] = render_text_compare,
                [FK_FMT_JSON] = render_json_compare,
                [FK_FMT_CSV] = render_csv_compare,
                [FK_FMT_MARKDOWN] = render_md_compare },
        [RK_DID] = {
                [FK_FMT_TEXT] = render_text_did,
                [FK_FMT_JSON] = render_json_did,
                [FK_FMT_CSV] = render_csv_did,
                [FK_FMT_MARKDOWN] = render_md_did },
        [RK_DID_STAGGERED] = {
                [FK_FMT_TEXT] = render_text_stagger,
                [FK_FMT_JSON] = render_json_stagger,
                [FK_FMT_CSV] = render_csv_stagger,
                [FK_FMT_MARKDOWN] = render_md_stagger },
        [RK_DESCRIBE] = {
                [FK_FMT_TEXT] = render_text_describe,
                [FK_FMT_JSON] = render_json_describe,
                [FK_FMT_CSV] = render_csv_describe,
                [FK_FMT_MARKDOWN] = render_md_describe },
        [RK_POWER] = {
                [FK_FMT_TEXT] = render_text_power,
                [FK_FMT_JSON] = render_json_power,
                [FK_FMT_CSV] = render_csv_power,
                [FK_FMT_MARKDOWN] = render_md_power },
        [RK_ADJUST] = {
                [FK_FMT_TEXT] = render_text_adjust,
                [FK_FMT_JSON] = render_json_adjust,
                [FK_FMT_CSV] = render_csv_adjust,
                [FK_FMT_MARKDOWN] = render_md_adjust },
        [RK_VALIDATE] = {
                [FK_FMT_TEXT] = render_text_validate,
                [FK_FMT_JSON] = render_json_validate,
                [FK_FMT_MARKDOWN] = render_md_validate },
};

/* Render j in format fmt: FK_EUSAGE when the kind has no such format,
 * FK_EIO when the stream failed, else what the renderer returned. */
static int dispatch(FILE *out, enum fk_format fmt, struct render_job *j)
{
        static const struct fk_csv_dialect plain = FK_CSV_DIALECT_INIT;
        render_fn *fn;
        int rc;

        if ((unsigned)fmt > FK_FMT_MARKDOWN || !(fn = table[j->kind][fmt]))
                return FK_EUSAGE;
        if (!j->csv)
                j->csv = j->info && j->info->csv ? j->info->csv : &plain;
        if (fmt == FK_FMT_CSV)
                fk_csv_begin(out, j->csv);
        rc = fn(out, j);
        return rc == FK_OK && ferror(out) ? FK_EIO : rc;
}

int fk_render_compare(FILE *out, enum fk_format fmt,
                      const struct fk_run_info *info,
                      const struct fk_outcome_result *res, size_t nres)
{
        struct render_job j = { .kind = RK_COMPARE, .info = info, .res = res,
                                .nres = nres };

        return dispatch(out, fmt, &j);
}

int fk_render_did(FILE *out, enum fk_format fmt,
                  const struct fk_run_info *info, const struct fk_did_info *d,
                  const struct fk_panel *p, const struct fk_did_result *r)
{
        struct render_job j = { .kind = RK_DID, .info = info, .did = d,
                                .panel = p, .did_r = r };

        return dispatch(out, fmt, &j);
}

int fk_render_did_staggered(FILE *out, enum fk_format fmt,
                            const struct fk_run_info *info,
                            const struct fk_did_info *d,
                            const struct fk_panel *p,
                            const struct fk_stagger_result *s)
{
        struct render_job j = { .kind = RK_DID_STAGGERED, .info = info,
                                .did = d, .panel = p, .stagger = s };

        return dispatch(out, fmt, &j);
}

int fk_render_did_analysis(FILE *out, enum fk_format fmt,
                           const struct fk_run_info *info,
                           const struct fk_did_info *d,
                           const struct fk_did_analysis *a)
{
        return a->staggered ?
               fk_render_did_staggered(out, fmt, info, d, &a->panel, &a->s) :
               fk_render_did(out, fmt, info, d, &a->panel, &a->r);
}

int fk_render_describe(FILE *out, enum fk_format fmt,
                       const struct fk_run_info *info,
                       const struct fk_describe_group *groups, size_t ngroups)
{
        struct render_job j = { .kind = RK_DESCRIBE, .info = info,
                                .groups = groups, .ngroups = ngroups };

        return dispatch(out, fmt, &j);
}

int fk_render_power(FILE *out, enum fk_format fmt,
                    const struct fk_power_spec *s,
                    const struct fk_power_result *r,
                    const struct fk_csv_dialect *csv)
{
        struct render_job j = { .kind = RK_POWER, .csv = csv,
                                .power_spec = s, .power = r };

        return dispatch(out, fmt, &j);
}

int fk_render_adjust(FILE *out, enum fk_format fmt, const struct fk_table *t,
                     size_t col, const double *p, const double *adj,
                     const char *name, size_t n,
                     const struct fk_csv_dialect *csv)
{
        struct render_job j = { .kind = RK_ADJUST, .csv = csv, .table = t,
                                .col = col, .n = n, .p = p, .adj = adj,
                                .method = name };

        return dispatch(out, fmt, &j);
}

int fk_render_validate(FILE *out, enum fk_format fmt,
                       const struct fk_validate_info *vi,
                       const struct fk_validate_design *d,
                       const struct fk_validate_result *r)
{
        struct render_job j = { .kind = RK_VALIDATE,
                                .info = vi ? vi->run : NULL, .vi = vi,
                                .vd = d, .vr = r };

        return dispatch(out, fmt, &j);
}
