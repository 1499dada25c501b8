/* Renderers of fkstat did results: JSON, text, Markdown and CSV (one row
 * per inference, the verdict on its basis, then the event study). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/render.h"
#include "report/format.h"

static json_t *infer_json(const struct fk_did_infer *f)
{
        return json_pack("{sosososo}", "se", fk_json_num(f->se),
                         "df", fk_json_num(f->df), "ci", fk_json_ci(f->ci),
                         "p_value", fk_json_num(f->p_value));
}

json_t *fk_json_did_entry(const struct fk_did_info *d,
                          const struct fk_panel *p,
                          const struct fk_did_result *r)
{
        json_t *o = json_object(), *ev = json_array(), *tr = json_array();

        json_object_set_new(o, "name", json_string(d->name));
        json_object_set_new(o, "outcome", json_string(d->outcome));
        json_object_set_new(o, "unit", json_string(d->unit));
        json_object_set_new(o, "period", json_string(d->period));
        json_object_set_new(o, "treated", d->treated ?
                            json_string(d->treated) : json_null());
        if (d->treated_units)
                json_object_set_new(o, "treated_units",
                                    json_string(d->treated_units));
        json_object_set_new(o, "weight", d->weight ? json_string(d->weight) :
                            json_null());
        json_object_set_new(o, "start", json_string(p->period_names[p->start]));
        json_object_set_new(o, "better", json_string(fk_better_name(d->better)));
        json_object_set_new(o, "conf_level", json_real(d->conf_level));
        json_object_set_new(o, "units", json_pack("{sIsI}",
                            "treated", (json_int_t)r->units[0],
                            "control", (json_int_t)r->units[1]));
        json_object_set_new(o, "periods", json_integer((json_int_t)p->T));
        json_object_set_new(o, "cells", json_integer((json_int_t)r->cells));
        json_object_set_new(o, "excluded", json_integer((json_int_t)p->excluded));
        json_object_set_new(o, "estimate", fk_json_num(r->estimate));
        json_object_set_new(o, "cr1", infer_json(&r->cr1));
        json_object_set_new(o, "cr2", infer_json(&r->cr2));
        json_object_set_new(o, "wild_bootstrap", json_pack("{sosIso}",
                            "p_value", fk_json_num(r->wild_p),
                            "reps", (json_int_t)r->wild_reps,
                            "weights", r->wild_weights ?
                            json_string(r->wild_weights) : json_null()));
        json_object_set_new(o, "randomization", json_pack("{sososb}",
                            "p_value", fk_json_num(r->ri_p),
                            "assignments", fk_json_count(r->ri_assignments),
                            "exact", r->ri_exact));
        json_object_set_new(o, "reference_period",
                            json_string(p->period_names[r->ref]));
        for (size_t i = 0; i < r->nevent; i++) {
                const struct fk_did_event *e = &r->event[i];

                json_array_append_new(ev, json_pack("{sssosososo}",
                        "period", p->period_names[e->period],
                        "estimate", fk_json_num(e->estimate),
                        "ci", fk_json_ci(e->ci),
                        "se", fk_json_num(e->se),
                        "df", fk_json_num(e->df)));
        }
        json_object_set_new(o, "event_study", ev);
        for (size_t t = 0; r->trend[0] && t < p->T; t++)
                json_array_append_new(tr, json_pack("{sssoso}",
                        "period", p->period_names[t],
                        "trial", fk_json_num(r->trend[0][t]),
                        "control", fk_json_num(r->trend[1][t])));
        json_object_set_new(o, "trend", tr);
        json_object_set_new(o, "verdict", fk_json_verdict(&d->verdict, 0));
        if (r->event_note)
                json_object_set_new(o, "note", json_string(r->event_note));
        return o;
}

json_t *fk_json_did(const struct fk_run_info *info,
                    const struct fk_did_info *d, const struct fk_panel *p,
                    const struct fk_did_result *r)
{
        json_t *doc = fk_json_header(info), *e = fk_json_did_entry(d, p, r);

        if (!doc || !e) {
                json_decref(doc);
                json_decref(e);
                return NULL;
        }
        json_object_update(doc, e);
        json_decref(e);
        return doc;
}

/* One CSV row under the header of render_csv: a label (quoted as CSV
 * needs), six numbers, the basis and result (empty but on the verdict
 * row). */
static void csv_row(FILE *out, const char *what, double est, double se,
                    double df, const double ci[2], double p,
                    const char *basis, const char *result)
{
        const double x[6] = { est, se, df, ci[0], ci[1], p };
        char b[40];

        fmt_csv_field(out, what);
        for (int i = 0; i < 6; i++)     /* empty: cannot be computed */
                fprintf(out, ",%s", isnan(x[i]) ? "" :
                        fmt_shortest(b, sizeof b, x[i]));
        fprintf(out, ",%s,%s\n", basis, result);
}

static int render_csv(FILE *out, const struct fk_did_info *d,
                      const struct fk_panel *p, const struct fk_did_result *r)
{
        static const double none[2] = { NAN, NAN };
        const struct fk_verdict *v = &d->verdict;
        char what[96];

        fputs("row,estimate,se,df,ci_low,ci_high,p_value,basis,result\n", out);
        csv_row(out, "cr1", r->estimate, r->cr1.se, r->cr1.df, r->cr1.ci,
                r->cr1.p_value, "", "");
        csv_row(out, "cr2", r->estimate, r->cr2.se, r->cr2.df, r->cr2.ci,
                r->cr2.p_value, "", "");
        csv_row(out, "wild_bootstrap", r->estimate, NAN, NAN, none, r->wild_p,
                "", "");
        csv_row(out, "randomization", r->estimate, NAN, NAN, none, r->ri_p,
                "", "");
        csv_row(out, "margin", v->margin, NAN, NAN, none, NAN, "", "");
        csv_row(out, "verdict", v->estimate, NAN, v->df, v->ci, v->p_value,
                fk_basis_name(v->basis), v->result == FK_V_NONE ? "" :
                fk_verdict_name(v->result));
        for (size_t i = 0; i < r->nevent; i++) {
                const struct fk_did_event *e = &r->event[i];

                snprintf(what, sizeof what, "event %s",
                         p->period_names[e->period]);
                csv_row(out, what, e->estimate, e->se, e->df, e->ci,
                        e->p_value, "", "");
        }
        return ferror(out) ? FK_EIO : FK_OK;
}

/* One line of the inference table, text or Markdown. */
static void infer_line(FILE *out, int md, const char *label, double est,
                       const double ci[2], double p, int conf_pct)
{
        char b[4][48];

        fmt_num(b[0], sizeof b[0], est, 4);
        fmt_ci(b[1], sizeof b[1], ci, 4);
        fmt_p(b[2], sizeof b[2], p);
        if (md)
                fprintf(out, "| %s | %s | %s | %s |\n", label, b[0], b[1], b[2]);
        else
                fprintf(out, "  %-42s %10s  %d%% CI %-22s p %s\n", label, b[0],
                        conf_pct, b[1], b[2]);
}

/* A name from the command line or the data, escaped for text or
 * Markdown into buf (512 bytes). */
static const char *esc(char *buf, const char *s, int md)
{
        return md ? fk_md_escape(buf, 512, s) : fk_text_escape(buf, 512, s);
}

int fk_render_did(FILE *out, enum fk_format fmt,
                  const struct fk_run_info *info, const struct fk_did_info *d,
                  const struct fk_panel *p, const struct fk_did_result *r)
{
        static const double none[2] = { NAN, NAN };
        int md = fmt == FK_FMT_MARKDOWN, pct = (int)lround(100 * d->conf_level);
        char lab[128], b[3][48], e1[512], e2[512], sentence[1536];

        if (fmt == FK_FMT_JSON) {
                json_t *doc = fk_json_did(info, d, p, r);
                int rc;

                if (!doc)
                        return FK_ENOMEM;
                rc = fk_json_write(out, doc);
                json_decref(doc);
                return rc;
        }
        if (fmt == FK_FMT_CSV)
                return render_csv(out, d, p, r);
        fprintf(out, md ? "### Difference in differences: %s\n\n" :
                "difference in differences: %s\n", esc(e1, d->name, md));
        fprintf(out, "%s%zu treated and %zu control units (%s), %zu periods "
                "%s to %s, trial from %s; %zu cells%s\n%s",
                md ? "" : "  ", r->units[0], r->units[1], esc(e2, d->unit, md),
                p->T, p->period_names[0], p->period_names[p->T - 1],
                p->period_names[p->start], r->cells,
                d->weight ? ", weighted" : "", md ? "\n" : "");
        if (md)
                fputs("| inference | estimate | CI | p |\n|---|---:|---|---:|\n",
                      out);
        if (!md)
                fprintf(out, "  %-42s %10s\n", "treated x post (two-way fixed effects)",
                        fmt_num(b[0], sizeof b[0], r->estimate, 4));
        snprintf(lab, sizeof lab, "CR1 (Stata), t(%.4g)", r->cr1.df);
        infer_line(out, md, lab, r->estimate, r->cr1.ci, r->cr1.p_value, pct);
        snprintf(lab, sizeof lab, "CR2, Satterthwaite df %.4g", r->cr2.df);
        infer_line(out, md, lab, r->estimate, r->cr2.ci, r->cr2.p_value, pct);
        snprintf(lab, sizeof lab, "wild cluster bootstrap (%s, %zu)",
                 r->wild_weights ? r->wild_weights : "", r->wild_reps);
        infer_line(out, md, lab, r->estimate, none, r->wild_p, pct);
        snprintf(lab, sizeof lab, "randomization (%s %s)",
                 fmt_count(b[1], sizeof b[1], r->ri_assignments),
                 r->ri_exact ? "assignments, exact" : "draws");
        infer_line(out, md, lab, r->estimate, none, r->ri_p, pct);
        fk_render_verdict(sentence, sizeof sentence, &d->verdict, NULL,
                          d->better, d->conf_level);
        fprintf(out, md ? "\n**Verdict (%s):** %s.\n\n" :
                "  verdict (%s): %s\n",
                fk_render_basis_label(d->verdict.basis), sentence);
        if (r->event_note)
                fprintf(out, "%snote: %s\n", md ? "" : "  ", r->event_note);
        if (!r->nevent)
                return FK_OK;
        fprintf(out, md ? "Event study (relative to %s, CR2 intervals)\n\n"
                "| period | estimate | CI |\n|---|---:|---|\n" :
                "event study (relative to %s, CR2 intervals)\n",
                p->period_names[r->ref]);
        for (size_t i = 0; i < r->nevent; i++) {
                const struct fk_did_event *e = &r->event[i];

                fmt_num(b[0], sizeof b[0], e->estimate, 4);
                fmt_ci(b[1], sizeof b[1], e->ci, 4);
                if (md)
                        fprintf(out, "| %s | %s | %s |\n",
                                p->period_names[e->period], b[0], b[1]);
                else
                        fprintf(out, "  %-10s %10s  %s\n",
                                p->period_names[e->period], b[0], b[1]);
        }
        return FK_OK;
}

json_t *fk_json_did_analysis_entry(const struct fk_did_info *d,
                                   const struct fk_did_analysis *a)
{
        return a->staggered ?
               fk_json_did_staggered_entry(d, &a->panel, &a->s) :
               fk_json_did_entry(d, &a->panel, &a->r);
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
