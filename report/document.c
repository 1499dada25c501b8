/* The report's text: report.md in Danish or English, then report.html from
 * it.  Every number comes from the result structs that results.json is
 * written from (report/report.c).  Every verdict is stated on its basis —
 * the cluster-level interval when people are clustered in municipalities —
 * in the summary row and in the first sentence of its section.  Text from
 * the plan or the data (title, labels, file, municipality and column names)
 * is escaped for Markdown, so no raw HTML reaches report.html. */
#define _GNU_SOURCE     /* fopencookie */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "fkstat/bundle.h"
#include "fkstat/progress.h"
#include "fkstat/validate.h"
#include "fkstat/validate_render.h"
#include "report/document.h"
#include "report/prose.h"

/* report.md's text: every verdict link "[TEXT](#fk-verdict-NAME)" as
 * TEXT.  A new string, or NULL for want of memory. */
static char *without_links(const char *md)
{
        char *out = malloc(strlen(md) + 1), *o = out;
        const char *s = md, *hit;

        if (!out)
                return NULL;
        while ((hit = strstr(s, "](" VERDICT_URL))) {
                const char *open = hit, *close = strchr(hit, ')');

                while (open > s && *open != '[')
                        open--;
                if (*open != '[' || !close) {
                        memcpy(o, s, (size_t)(hit + 2 - s));
                        o += hit + 2 - s;
                        s = hit + 2;
                        continue;
                }
                memcpy(o, s, (size_t)(open - s));
                o += open - s;
                memcpy(o, open + 1, (size_t)(hit - open - 1));
                o += hit - open - 1;
                s = close + 1;
        }
        strcpy(o, s);
        return out;
}

/* The report's first lines: the verdict of every outcome in words, those
 * with the same verdict together ("Forsøgskommunerne klarede sig bedre
 * end sammenligningskommunerne på 4 af 5 udfald: »A«, ..."), then which
 * intervals are unreliable for want of municipalities. */
static void conclusion(FILE *f, const struct rep *r)
{
        /* verdicts in the order they are told; superior goes with better,
         * inferior with worse */
        static const enum fk_verdict_result order[][2] = {
                { FK_V_BETTER, FK_V_SUPERIOR },
                { FK_V_NONINFERIOR, FK_V_NONINFERIOR },
                { FK_V_NO_DIFFERENCE, FK_V_NO_DIFFERENCE },
                { FK_V_INCONCLUSIVE, FK_V_INCONCLUSIVE },
                { FK_V_WORSE, FK_V_INFERIOR },
                { FK_V_NONE, FK_V_NONE },
        };
        /* first sentence (with the count) and later ones ("For »A« ...") */
        static const char *const first_da[] = {
                "Forsøgskommunerne klarede sig bedre end "
                "sammenligningskommunerne",
                "Forsøgskommunerne var ikke ringere end "
                "sammenligningskommunerne",
                "Der er ingen sikker forskel mellem forsøgs- og "
                "sammenligningskommunerne",
                "Resultatet er uafklaret",
                "Forsøgskommunerne klarede sig dårligere end "
                "sammenligningskommunerne",
                "Der kunne ikke gives en konklusion",
        };
        static const char *const first_en[] = {
                "The trial municipalities did better than the comparison "
                "municipalities",
                "The trial municipalities were non-inferior to the "
                "comparison municipalities",
                "There is no clear difference between the trial and the "
                "comparison municipalities",
                "The result is inconclusive",
                "The trial municipalities did worse than the comparison "
                "municipalities",
                "No verdict could be given",
        };
        static const char *const later_da[] = {
                "klarede forsøgskommunerne sig bedre end "
                "sammenligningskommunerne",
                "var forsøgskommunerne ikke ringere end "
                "sammenligningskommunerne",
                "er der ingen sikker forskel",
                "er resultatet uafklaret",
                "klarede forsøgskommunerne sig dårligere end "
                "sammenligningskommunerne",
                "kunne der ikke gives en konklusion",
        };
        static const char *const later_en[] = {
                "the trial municipalities did better than the comparison "
                "municipalities",
                "the trial municipalities were non-inferior to the "
                "comparison municipalities",
                "there is no clear difference",
                "the result is inconclusive",
                "the trial municipalities did worse than the comparison "
                "municipalities",
                "no verdict could be given",
        };
        size_t total = r->nout + r->ndid, told = 0, nfew = 0;
        char lab[1024];

        if (!total)
                return;
        for (size_t g = 0; g < sizeof order / sizeof *order; g++) {
                size_t n = 0, k = 0;

                for (size_t i = 0; i < total; i++) {
                        const struct fk_verdict *v = i < r->nout ?
                                &r->out[i].r.verdict :
                                &r->did[i - r->nout].info.verdict;

                        n += v->result == order[g][0] ||
                             v->result == order[g][1];
                }
                if (!n)
                        continue;
                if (!told)
                        fprintf(f, "%s %s", r->da ? first_da[g] : first_en[g],
                                total == 1 ? T("på udfaldet", "on the outcome")
                                : n < total ? "" : total == 2 ?
                                T("på begge udfald:", "on both outcomes:") :
                                T("på alle", "on all"));
                else
                        fprintf(f, " %s", T("For", "For"));
                if (!told && n < total)
                        fprintf(f, T("på %zu af %zu udfald:",
                                     "on %zu of %zu outcomes:"), n, total);
                else if (!told && total > 2)
                        fprintf(f, T(" %zu udfald:", " %zu outcomes:"), total);
                for (size_t i = 0; i < total; i++) {
                        const struct fk_verdict *v = i < r->nout ?
                                &r->out[i].r.verdict :
                                &r->did[i - r->nout].info.verdict;
                        const char *label = i < r->nout ? r->out[i].label :
                                            r->did[i - r->nout].label;

                        if (v->result != order[g][0] &&
                            v->result != order[g][1])
                                continue;
                        fprintf(f, "%s%s%s%s", k == 0 ? " " : k + 1 < n ?
                                ", " : T(" og ", " and "), T("»", "“"),
                                doc_md(lab, sizeof lab, label), T("«", "”"));
                        k++;
                }
                if (told)
                        fprintf(f, " %s", r->da ? later_da[g] : later_en[g]);
                fputs(".", f);
                told += n;
        }
        for (size_t i = 0; i < total; i++) {
                const struct fk_verdict *v = i < r->nout ?
                        &r->out[i].r.verdict : &r->did[i - r->nout].info.verdict;

                nfew += v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL &&
                        v->result != FK_V_NONE;
        }
        if (nfew && nfew == total && total > 1) {
                fprintf(f, " %s", T("Der er færre end 5 kommuner på en side, "
                        "så alle intervallerne er upålidelige; "
                        "randomiseringstesten er den sikreste rettesnor.",
                        "There are fewer than 5 municipalities on a side, so "
                        "every interval is unreliable; the randomization test "
                        "is the safer guide."));
        } else if (nfew) {
                size_t k = 0;

                fprintf(f, " %s", nfew == 1 ? T("Intervallet for",
                        "The interval of") : T("Intervallerne for",
                        "The intervals of"));
                for (size_t i = 0; i < total; i++) {
                        const struct fk_verdict *v = i < r->nout ?
                                &r->out[i].r.verdict :
                                &r->did[i - r->nout].info.verdict;
                        const char *label = i < r->nout ? r->out[i].label :
                                            r->did[i - r->nout].label;

                        if (!v->few_clusters || v->basis ==
                            FK_BASIS_INDIVIDUAL || v->result == FK_V_NONE)
                                continue;
                        fprintf(f, "%s%s%s%s", k == 0 ? " " : k + 1 < nfew ?
                                ", " : T(" og ", " and "), T("»", "“"),
                                doc_md(lab, sizeof lab, label), T("«", "”"));
                        k++;
                }
                fprintf(f, " %s", nfew == 1 ? T("er upålideligt, fordi der er "
                        "færre end 5 kommuner på en side; randomiseringstesten "
                        "er den sikreste rettesnor.", "is unreliable, as there "
                        "are fewer than 5 municipalities on a side; the "
                        "randomization test is the safer guide.") :
                        T("er upålidelige, fordi der er færre end 5 kommuner på "
                          "en side; randomiseringstesten er den sikreste "
                          "rettesnor.", "are unreliable, as there are fewer "
                          "than 5 municipalities on a side; the randomization "
                          "test is the safer guide."));
        }
        fputs("\n\n", f);
}

static void summary(FILE *f, const struct rep *r)
{
        char eff[256], p[32], pa[32], ci[128], est[64], lab[1024], vc[512];
        int clustered = 0, margin = 0, survival = 0, person = 0;
        unsigned bases = 0;

        fprintf(f, "## %s\n\n", T("Sammenfatning", "Summary"));
        fprintf(f, "| %s | %s | %s | %s | p | %s | %s |\n"
                "|---|---|---|---|---:|---:|---|\n",
                T("Udfald", "Outcome"), T("Type", "Type"),
                T("Effekt (95 %-konfidensinterval)",
                  "Effect (95% confidence interval)"),
                T("Grundlag", "Basis"), T("justeret p", "adjusted p"),
                T("Konklusion", "Verdict"));
        for (size_t i = 0; i < r->nout; i++) {
                const struct rep_outcome *x = &r->out[i];
                const struct fk_verdict *v = &x->r.verdict;

                clustered |= v->basis != FK_BASIS_INDIVIDUAL;
                person |= v->basis != FK_BASIS_INDIVIDUAL;
                bases |= 1u << v->basis;
                margin |= !isnan(v->margin);
                survival |= isfinite(v->estimate) &&
                            x->r.type == FK_TYPE_SURVIVAL;
                doc_effect_cell(r, &x->r, eff, sizeof eff);
                doc_verdict_cell(r, v, vc, sizeof vc);
                fprintf(f, "| %s | %s | %s | %s | %s | %s | %s |\n",
                        doc_md(lab, sizeof lab, x->label), doc_type_word(r, x->r.type),
                        eff, fk_label_basis(v->basis, r->da),
                        fk_label_p(p, sizeof p, x->p, r->da),
                        fk_label_p(pa, sizeof pa, x->p_adj, r->da), vc);
        }
        for (size_t i = 0; i < r->ndid; i++) {
                const struct rep_did *x = &r->did[i];
                const struct fk_verdict *v = &x->info.verdict;
                struct fk_label_scale sc = prose_scale_did(&x->a.panel, r->da);

                clustered = 1;
                bases |= 1u << v->basis;
                margin |= !isnan(v->margin);
                doc_verdict_cell(r, v, vc, sizeof vc);
                fprintf(f, "| %s | %s | %s%s (%s) | %s | %s | %s | %s |\n",
                        doc_md(lab, sizeof lab, x->label),
                        T("forskel i forskelle", "difference in differences"),
                        fk_label_num(est, sizeof est, sc.mult * v->estimate,
                                  sc.digits, r->da), sc.unit_short,
                        fk_label_ci(ci, sizeof ci, v->ci, sc.mult, sc.digits,
                                 r->da),
                        fk_label_basis(v->basis, r->da),
                        fk_label_p(p, sizeof p, x->p, r->da),
                        fk_label_p(pa, sizeof pa, x->p_adj, r->da), vc);
        }
        fputs("\n", f);
        if (clustered) {
                /* the cluster-level methods in use, named */
                const char *m[3];
                size_t nm = 0;

                if (bases & 1u << FK_BASIS_CR2)
                        m[nm++] = T("CR2 for forskelle", "CR2 for differences");
                if (bases & 1u << FK_BASIS_LIN_WEI)
                        m[nm++] = T("Lin–Wei for hazardratio",
                                    "Lin–Wei for hazard ratios");
                if (bases & 1u << FK_BASIS_CS_SIMPLE)
                        m[nm++] = T("Callaway–Sant'Anna ved forskudte "
                                    "forsøgsstarter", "Callaway–Sant'Anna for "
                                    "staggered starts");
                fprintf(f, "%s", T("Effekt, interval, p og konklusion bygger "
                        "på det grundlag, kolonnen »Grundlag« nævner: når hele "
                        "kommuner er i forsøget, er det intervallet på "
                        "klyngeniveau med kommunerne som klynger",
                        "Effect, interval, p and verdict rest on the basis the "
                        "column \"Basis\" names: when whole municipalities are "
                        "in the trial, that is the cluster-level interval with "
                        "the municipalities as clusters"));
                for (size_t k = 0; k < nm; k++)
                        fprintf(f, "%s%s", k ? ", " : " (", m[k]);
                fprintf(f, "%s. ", nm ? ")" : "");
                if (person)
                        fprintf(f, "%s ", T("Tallene på personniveau, som ser "
                                "bort fra det, står i afsnittene nedenfor som "
                                "sekundære.", "The individual-level numbers, "
                                "which ignore that, are in the sections below "
                                "as secondary."));
        }
        if (survival)
                fprintf(f, "%s ", T("HR er hazardratioen for jobstart: over "
                        "1 betyder hurtigere jobstart i forsøgskommunerne.",
                        "HR is the hazard ratio of job entry: above 1 means "
                        "faster job entry in the trial municipalities."));
        if (margin)
                fprintf(f, "%s ", T("Med en ikke-ringere-grænse er p "
                        "ensidet mod grænsen; ellers er p tosidet.", "With a "
                        "non-inferiority margin p is one-sided against the "
                        "margin; otherwise p is two-sided."));
        if (strcmp(r->plan->multiplicity, "none"))
                fprintf(f, "%s: %s.", T("Justering for flere udfald",
                                        "Adjustment for several outcomes"),
                        doc_adjust_word(r, r->plan->multiplicity));
        fputs("\n\n", f);
}

/* Add name to a list of distinct names (the caller's array of n). */
static void add_name(const char **names, size_t *n, size_t cap,
                     const char *name)
{
        for (size_t i = 0; i < *n; i++)
                if (!strcmp(names[i], name))
                        return;
        if (*n < cap)
                names[(*n)++] = name;
}

/* "Forsøgskommuner (9): Aalborg, Brønderslev, …" per arm, from the
 * per-municipality rows of every clustered outcome. */
static int municipalities(FILE *f, const struct rep *r)
{
        size_t total = 0, n[2] = { 0, 0 };
        const char **names[2];
        char buf[1024];

        for (size_t i = 0; i < r->nout; i++)
                total += r->out[i].r.nclusters;
        if (!total)
                return 0;
        names[0] = calloc(total, sizeof *names[0]);
        names[1] = calloc(total, sizeof *names[1]);
        if (!names[0] || !names[1]) {
                free(names[0]);
                free(names[1]);
                return -1;
        }
        for (size_t i = 0; i < r->nout; i++)
                for (size_t k = 0; k < r->out[i].r.nclusters; k++) {
                        const struct fk_cluster_row *c = &r->out[i].r.clusters[k];
                        int a = c->arm == FK_TRIAL ? 0 : 1;

                        add_name(names[a], &n[a], total, c->name);
                }
        for (int a = 0; a < 2; a++) {
                if (!n[a])
                        continue;
                fprintf(f, "**%s (%zu):** ", a == 0 ?
                        T("Forsøgskommuner", "Trial municipalities") :
                        T("Sammenligningskommuner",
                          "Comparison municipalities"), n[a]);
                for (size_t k = 0; k < n[a]; k++)
                        fprintf(f, "%s%s", k ? ", " : "",
                                doc_md(buf, sizeof buf, names[a][k]));
                fputs(a == 0 && n[1] ? ".  \n" : ".\n\n", f);
        }
        free(names[0]);
        free(names[1]);
        return 0;
}

static void data_section(FILE *f, const struct rep *r)
{
        char lab[1024];

        fprintf(f, "## %s\n\n| %s | %s | SHA-256 |\n|---|---:|---|\n",
                T("Data", "Data"), T("Fil", "File"), T("Rækker", "Rows"));
        for (size_t i = 0; i < r->ntables; i++) {
                char rows[48];

                fprintf(f, "| %s | %s | `%.16s…` |\n",
                        doc_md(lab, sizeof lab, r->tables[i].name),
                        fk_label_num(rows, sizeof rows, r->tables[i].rows, 0,
                                  r->da), r->tables[i].sha);
        }
        fputs("\n", f);
        if (!r->nout)
                return;
        fprintf(f, "| %s | n %s | n %s | %s | %s |\n|---|---:|---:|---:|---:|\n",
                T("Udfald", "Outcome"), T("forsøg", "trial"),
                T("sammenligning", "comparison"),
                T("udeladt (mangler)", "left out (missing)"),
                T("kommuner (forsøg/sammenligning)",
                  "municipalities (trial/comparison)"));
        for (size_t i = 0; i < r->nout; i++) {
                const struct fk_outcome_result *o = &r->out[i].r;
                char a[32], b[32], c[32], d[32];

                snprintf(c, sizeof c, "%zu / %zu", o->cl.clusters[0],
                         o->cl.clusters[1]);
                fprintf(f, "| %s | %s | %s | %s | %s |\n",
                        doc_md(lab, sizeof lab, r->out[i].label),
                        fk_label_num(a, sizeof a, o->groups[0].n, 0, r->da),
                        fk_label_num(b, sizeof b, o->groups[1].n, 0, r->da),
                        fk_label_num(d, sizeof d, o->excluded[0] + o->excluded[1],
                                  0, r->da),
                        o->has_cluster ? c : "–");
        }
        fputs("\n", f);
}

static void methods(FILE *f, const struct rep *r)
{
        fprintf(f, "## %s\n\n", T("Metode", "Methods"));
        fputs(T("Forsøgskommunerne sammenlignes med sammenligningskommunerne "
                "på hvert udfald. Fordi det er hele kommuner, der er i "
                "forsøget, ligner personer i samme kommune hinanden, og et "
                "interval, der behandler dem som uafhængige, bliver for "
                "smalt. Derfor bygger hver konklusion på intervallet på "
                "klyngeniveau med kommunerne som klynger: for forskelle i "
                "andele og gennemsnit CR2-standardfejl med "
                "Satterthwaite-frihedsgrader, for tid til job Cox-regression "
                "med Lin–Weis klyngerobuste varians. Med færre end 5 kommuner "
                "på en side er også det interval upålideligt, og "
                "randomiseringstesten over kommuner er den sikreste "
                "rettesnor. Uden kommuner som klynger sammenlignes andele med "
                "forskellen i andele og Miettinen–Nurminens interval, "
                "gennemsnit med Welchs t-test, svar på en skala med "
                "Brunner–Munzels test og tid til job med Kaplan–Meier-kurver, "
                "log-rank-testen og Cox-regression (hazardratioen, HR, er "
                "forholdet mellem hyppigheden af jobstart i forsøgs- og "
                "sammenligningskommunerne; over 1 betyder hurtigere jobstart "
                "i forsøgskommunerne); disse tal står i afsnittene som "
                "sekundære. Planen kan give en ikke-ringere-grænse: den "
                "største forringelse, der stadig kan accepteres. Så er "
                "konklusionen »ikke ringere«, når hele konfidensintervallet "
                "ligger på den rigtige side af grænsen; »ingen sikker "
                "forskel« betyder ikke, at resultaterne er på samme niveau. "
                "Forskel-i-forskelle-estimatet kommer fra en model med faste "
                "effekter for kommune og periode med kommunerne som "
                "klynger. De primære p-værdier er justeret for antallet af "
                "udfald. Formler, referencer og de kald i R og statsmodels, "
                "der giver de samme tal, står i fkstats METHODS.md.",
                "Trial municipalities are compared with comparison "
                "municipalities on every outcome. Because whole "
                "municipalities are in the trial, people in the same "
                "municipality resemble each other, and an interval that "
                "treats them as independent is too narrow. So every verdict "
                "rests on the cluster-level interval with the municipalities "
                "as clusters: for differences in shares and means CR2 "
                "standard errors with Satterthwaite degrees of freedom, for "
                "time to job Cox regression with the Lin–Wei cluster-robust "
                "variance. With fewer than 5 municipalities on a side that "
                "interval is unreliable too, and the randomization test over "
                "municipalities is the safer guide. Without municipalities as "
                "clusters, shares are compared by the difference in shares "
                "with the Miettinen–Nurminen interval, means by Welch's t "
                "test, answers on a scale by the Brunner–Munzel test and time "
                "to job by Kaplan–Meier curves, the log-rank test and Cox "
                "regression (a hazard ratio above 1 means faster job entry in "
                "the trial municipalities); these numbers are in the sections "
                "as secondary. With a non-inferiority margin the verdict is "
                "\"non-inferior\" when the whole confidence interval lies on "
                "the right side of the margin; \"no clear difference\" does "
                "not mean the results are at the same level. The "
                "difference-in-differences estimate is a two-way "
                "fixed-effects model (municipality and period) with "
                "municipalities as clusters. The primary p-values are "
                "adjusted for the number of outcomes. Formulas, references "
                "and the R and statsmodels calls that give the same numbers "
                "are in fkstat's METHODS.md."), f);
        fputs("\n\n", f);
        if (r->no_gnuplot)
                fprintf(f, "> %s\n\n", T("gnuplot var ikke installeret: "
                        "figurerne mangler, men deres gnuplot-scripts og data "
                        "ligger i charts/.", "gnuplot was not installed: the "
                        "charts are missing, but their gnuplot scripts and data "
                        "are in charts/."));
}

static void footer(FILE *f, const struct rep *r)
{
        char buf[1024];

        fprintf(f, "---\n\n%s fkstat %s. %s %s (SHA-256 `%s`). ",
                T("Skrevet af", "Written by"), FK_VERSION, T("Plan", "Plan"),
                doc_md(buf, sizeof buf, r->plan->path), r->plan_sha);
        for (size_t i = 0; i < r->ntables; i++)
                fprintf(f, "%s %s (SHA-256 `%s`). ", T("Data", "Data"),
                        doc_md(buf, sizeof buf, r->tables[i].name),
                        r->tables[i].sha);
        fprintf(f, "%s %lu.\n", T("Startværdi for tilfældige tal",
                                           "Seed"), r->plan->seed);
}

/* The Markdown is written into memory through a stream of our own
 * (fopencookie): glibc's open_memstream drops what it could not grow for
 * without flagging an error, which would leave a gap in the report. */
struct membuf {
        char *s;
        size_t len, cap;
        int failed;
};

static ssize_t mem_write(void *cookie, const char *data, size_t n)
{
        struct membuf *m = cookie;

        if (m->len + n + 1 > m->cap) {
                size_t cap = m->cap ? m->cap : 16384;
                char *s;

                while (cap < m->len + n + 1)
                        cap *= 2;
                if (!(s = realloc(m->s, cap))) {
                        m->failed = 1;
                        return -1;
                }
                m->s = s;
                m->cap = cap;
        }
        memcpy(m->s + m->len, data, n);
        m->len += n;
        m->s[m->len] = '\0';
        return (ssize_t)n;
}

int rep_document(struct rep *r, struct fk_error *err)
{
        cookie_io_functions_t io = { NULL, mem_write, NULL, NULL };
        struct membuf m = { NULL, 0, 0, 0 };
        char *mdtext, *plain, *html = NULL, dir[4096], buf[1024];
        FILE *f = fopencookie(&m, "w", io);
        const char *title = r->plan->title ? r->plan->title :
                            T("Evaluering af frikommuneforsøg",
                              "Evaluation of a free-municipality trial");
        int rc, bad;

        if (!f)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        fprintf(f, "# %s\n\n", doc_md(buf, sizeof buf, title));
        conclusion(f, r);
        fprintf(f, "%s\n\n", T("Rapporten sammenligner forsøgskommunerne med "
                "sammenligningskommunerne. Alle tal er beregnet af fkstat ud "
                "fra planen og data nedenfor; de samme tal står i "
                "results.json og results.csv.", "This report compares the "
                "trial municipalities with the comparison municipalities. "
                "Every number is computed by fkstat from the plan and data "
                "below; the same numbers are in results.json and "
                "results.csv."));
        bad = municipalities(f, r);
        summary(f, r);
        if (r->forest[0])
                fprintf(f, "![%s](charts/%s.svg)\n\n",
                        T("Effekterne på grundlaget for konklusionen",
                          "The effects on the basis of the verdicts"),
                        r->forest);
        data_section(f, r);
        for (size_t i = 0; i < r->nout; i++)
                doc_outcome_section(f, r, &r->out[i]);
        for (size_t i = 0; i < r->ndid; i++)
                doc_did_section(f, r, &r->did[i]);
        if (doc_validate_section(f, r))
                bad = 1;
        methods(f, r);
        footer(f, r);
        /* a memory stream fails only for want of memory */
        bad |= ferror(f);
        bad |= fclose(f);
        mdtext = m.s;
        if (bad || m.failed || !mdtext) {
                free(mdtext);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        plain = without_links(mdtext);
        if (!plain) {
                free(mdtext);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        rc = fk_write_file(r->tmp, "report.md", plain, strlen(plain), err);
        free(plain);
        snprintf(dir, sizeof dir, "%s/charts", r->tmp);
        if (!rc)
                rc = fk_markdown_html(mdtext, title, r->da ? "da" : "en", dir,
                                      &html, err);
        if (!rc)
                rc = fk_write_file(r->tmp, "report.html", html, strlen(html),
                                   err);
        free(mdtext);
        free(html);
        return rc;
}
