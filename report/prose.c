/* Report sentences in Danish and English; see report/prose.h. */
#include "report/prose.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *md_text(char *buf, size_t len, const char *s);

/* "p = 0,03" or "p < 0,001" for sentences. */
static const char *peq(char *buf, size_t len, double p, int da)
{
        char v[32];

        fk_label_p(v, sizeof v, p, da);
        snprintf(buf, len, "p%s%s", v[0] == '<' ? "\u00a0" : " = ", v);
        return buf;
}

/* Append to buf (which holds a string) as snprintf would. */
static void add(char *buf, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

static void add(char *buf, size_t len, const char *fmt, ...)
{
        size_t n = strlen(buf);
        va_list ap;

        if (n + 1 >= len)
                return;
        va_start(ap, fmt);
        vsnprintf(buf + n, len - n, fmt, ap);
        va_end(ap);
}

const char *prose_verdict_word(enum fk_verdict_result v, int da)
{
        switch (v) {
        case FK_V_SUPERIOR: return da ? "bedre" : "superior";
        case FK_V_NONINFERIOR: return da ? "ikke ringere" : "non-inferior";
        case FK_V_INFERIOR: return da ? "ringere" : "inferior";
        case FK_V_INCONCLUSIVE: return da ? "uafklaret" : "inconclusive";
        case FK_V_BETTER: return da ? "bedre" : "better";
        case FK_V_WORSE: return da ? "dårligere" : "worse";
        case FK_V_NO_DIFFERENCE: return da ? "ingen sikker forskel" :
                                        "no clear difference";
        case FK_V_NONE: break;
        }
        return da ? "ingen konklusion" : "no verdict";
}

double prose_basis_p(const struct fk_outcome_result *r)
{
        switch (r->verdict.basis) {
        case FK_BASIS_CR2: return r->cl.p_value;
        case FK_BASIS_LIN_WEI: return r->cox_cl.p_value;
        default: return NAN;
        }
}

/* The opening words of a verdict, before the colon. */
static const char *lead(enum fk_verdict_result v, int da)
{
        switch (v) {
        case FK_V_SUPERIOR:
                return da ? "Forsøget var bedre end sammenligningskommunerne" :
                            "The trial was superior to the comparison "
                            "municipalities";
        case FK_V_NONINFERIOR:
                return da ? "Forsøget var ikke ringere end "
                            "sammenligningskommunerne" :
                            "The trial was non-inferior to the comparison "
                            "municipalities";
        case FK_V_INFERIOR:
                return da ? "Forsøget var ringere end sammenligningskommunerne" :
                            "The trial was inferior to the comparison "
                            "municipalities";
        case FK_V_INCONCLUSIVE:
                return da ? "Resultatet er uafklaret" :
                            "The result is inconclusive";
        case FK_V_BETTER:
                return da ? "Forsøget klarede sig bedre end "
                            "sammenligningskommunerne" :
                            "The trial did better than the comparison "
                            "municipalities";
        case FK_V_WORSE:
                return da ? "Forsøget klarede sig dårligere end "
                            "sammenligningskommunerne" :
                            "The trial did worse than the comparison "
                            "municipalities";
        case FK_V_NO_DIFFERENCE:
                return da ? "Der er ingen sikker forskel mellem forsøgs- og "
                            "sammenligningskommunerne" :
                            "There is no clear difference between the trial "
                            "and the comparison municipalities";
        case FK_V_NONE:
                break;
        }
        return da ? "Der kunne ikke gives en konklusion" :
                    "No verdict could be given";
}

/* What a verdict sentence needs besides the verdict itself. */
struct vtext {
        const char *what;               /* "forskellen i andel" */
        struct fk_label_scale sc;
        enum fk_better better;
        double conf;
        double p;                       /* two-sided p on the basis */
        size_t clusters[2];             /* 0, 0: not known */
        const char *ri_over;            /* what the randomization test
                                           reassigns; NULL: municipalities */
};

/* The verdict sentence: the verdict, the effect and the interval on the
 * basis, where the interval lies, p, and the few-clusters warning. */
static void verdict_sentence(char *buf, size_t len, const struct fk_verdict *v,
                             const struct vtext *t, int da)
{
        const struct fk_label_scale *s = &t->sc;
        int higher = t->better == FK_BETTER_HIGHER, margin = !isnan(v->margin);
        double bound = NAN;
        char est[64], ci[128], nul[8], bd[64], cip[320], p[64];
        const char *over = da ? "over" : "above", *under = da ? "under" :
                           "below";

        snprintf(nul, sizeof nul, "%s", s->ratio ? "1" : "0");
        if (margin) {
                bound = s->ratio ? (higher ? 1 - v->margin : 1 / (1 - v->margin)) :
                        (higher ? -v->margin : v->margin);
                fk_label_num(bd, sizeof bd, s->mult * bound, s->digits, da);
                add(bd, sizeof bd, "%s", s->unit);
        }
        fk_label_num(est, sizeof est, s->mult * v->estimate, s->digits, da);
        fk_label_ci(ci, sizeof ci, v->ci, s->mult, s->digits, da);
        if (v->basis == FK_BASIS_INDIVIDUAL)
                snprintf(cip, sizeof cip, da ? "%d %%-konfidensintervallet, "
                         "%s%s," : "the %d%% confidence interval, %s%s,",
                         (int)lround(100 * t->conf), ci, s->unit);
        else
                snprintf(cip, sizeof cip, da ? "%d %%-konfidensintervallet på "
                         "%s, %s%s," : "the %d%% %s confidence interval, %s%s,",
                         (int)lround(100 * t->conf), fk_label_basis(v->basis, da),
                         ci, s->unit);
        snprintf(buf, len, "%s", lead(v->result, da));
        if (v->result == FK_V_NONE || !isfinite(v->ci[0]) ||
            !isfinite(v->ci[1])) {
                add(buf, len, da ? ": intervallet på %s kunne ikke beregnes "
                    "(se noterne)" : ": the %s interval could not be computed "
                    "(see the notes)", fk_label_basis(v->basis, da));
        } else {
                add(buf, len, da ? ": %s er %s%s" : ": %s is %s%s", t->what,
                    est, s->unit);
                switch (v->result) {
                case FK_V_SUPERIOR:
                case FK_V_BETTER:
                        add(buf, len, da ? ", og hele %s ligger %s %s" :
                            ", and the whole of %s lies %s %s", cip,
                            higher ? over : under, nul);
                        break;
                case FK_V_WORSE:
                        add(buf, len, da ? ", og hele %s ligger %s %s" :
                            ", and the whole of %s lies %s %s", cip,
                            higher ? under : over, nul);
                        break;
                case FK_V_NO_DIFFERENCE:
                        add(buf, len, da ? ", men %s omfatter %s" :
                            ", but %s includes %s", cip, nul);
                        break;
                case FK_V_NONINFERIOR:
                        add(buf, len, da ? ", og hele %s ligger %s "
                            "ikke-ringere-grænsen på %s" : ", and the whole "
                            "of %s lies %s the non-inferiority margin of %s",
                            cip, higher ? over : under, bd);
                        break;
                case FK_V_INFERIOR:
                        add(buf, len, da ? ", og hele %s ligger %s "
                            "ikke-ringere-grænsen på %s" : ", and the whole "
                            "of %s lies %s the non-inferiority margin of %s",
                            cip, higher ? under : over, bd);
                        break;
                default:
                        add(buf, len, da ? ", men %s omfatter "
                            "ikke-ringere-grænsen på %s, så det er hverken vist, "
                            "at forsøget er på niveau, eller at det er "
                            "ringere" : ", but %s includes the "
                            "non-inferiority margin of %s, so neither "
                            "non-inferiority nor inferiority is shown",
                            cip, bd);
                }
                if (margin && (v->result == FK_V_SUPERIOR ||
                               v->result == FK_V_BETTER))
                        add(buf, len, da ? " (ikke-ringere-grænse "
                            "%s%s" : " (non-inferiority margin %s%s", bd,
                            isfinite(v->p_value) ? "; " : ")");
                else if (margin && isfinite(v->p_value))
                        add(buf, len, " (");
                if (margin && isfinite(v->p_value))
                        add(buf, len, da ? "ensidet %s mod grænsen)" :
                            "one-sided %s against the margin)",
                            peq(p, sizeof p, v->p_value, da));
                else if (!margin && isfinite(t->p))
                        add(buf, len, " (%s)", peq(p, sizeof p, t->p, da));
        }
        if (v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL) {
                if (t->clusters[0] + t->clusters[1])
                        add(buf, len, da ? " – et upålideligt interval, da "
                            "der kun er %zu forsøgs- og %zu "
                            "sammenligningskommuner (færre end 5 på en side)" :
                            " — an unreliable interval, as there are only %zu "
                            "trial and %zu comparison municipalities (fewer "
                            "than 5 on a side)", t->clusters[0],
                            t->clusters[1]);
                else
                        add(buf, len, da ? " – et upålideligt interval, da "
                            "der er færre end 5 kommuner på en side" :
                            " — an unreliable interval, as there are fewer "
                            "than 5 municipalities on a side");
                if (isfinite(v->ri_p))
                        add(buf, len, da ? "; randomiseringstesten over "
                            "%s giver %s" : "; the randomization test "
                            "over %s gives %s", t->ri_over ? t->ri_over :
                            da ? "kommuner" : "municipalities",
                            peq(p, sizeof p, v->ri_p, da));
                else
                        add(buf, len, da ? "; der kunne ikke beregnes en "
                            "randomiseringstest" : "; no randomization test "
                            "could be computed");
        }
        add(buf, len, ".");
        if (v->result == FK_V_NO_DIFFERENCE)
                add(buf, len, da ? " Det viser ikke i sig selv, at "
                    "resultaterne er på samme niveau – det kræver en "
                    "ikke-ringere-grænse." : " That by itself does not show "
                    "that the results are at the same level — that needs a "
                    "non-inferiority margin.");
}

/* The arms' summaries: "Andelen var 54,9 % i forsøgskommunerne mod
 * 53,0 % i sammenligningskommunerne." */
static void arms_sentence(char *buf, size_t len,
                          const struct fk_outcome_result *r, int da)
{
        const struct fk_group *t = &r->groups[FK_TRIAL], *c = &r->groups[FK_CONTROL];
        char a[64], b[64];
        int dg = fk_label_digits(r);
        const char *in_t = da ? "i forsøgskommunerne" : "in the trial municipalities";
        const char *in_c = da ? "i sammenligningskommunerne" :
                           "in the comparison municipalities";
        const char *vs = da ? "mod" : "against";

        switch (r->type) {
        case FK_TYPE_BINARY:
                add(buf, len, da ? "Andelen var %s %s %s %s %s" :
                    "The share was %s %s %s %s %s",
                    fk_label_pct(a, sizeof a, t->estimate, 1, da), in_t, vs,
                    fk_label_pct(b, sizeof b, c->estimate, 1, da), in_c);
                break;
        case FK_TYPE_SURVIVAL:
                /* a median not reached: fewer than half found a job */
                fk_label_num(a, sizeof a, t->median_time, 1, da);
                fk_label_num(b, sizeof b, c->median_time, 1, da);
                if (isfinite(t->median_time) && isfinite(c->median_time))
                        add(buf, len, da ? "Mediantiden til job var %s uger "
                            "%s %s %s uger %s" : "The median time to job was "
                            "%s weeks %s %s %s weeks %s", a, in_t, vs, b, in_c);
                else if (isfinite(c->median_time))
                        add(buf, len, da ? "I forsøgskommunerne kom under "
                            "halvdelen i job, så mediantiden til job blev ikke "
                            "nået; i sammenligningskommunerne var den %s uger" :
                            "In the trial municipalities fewer than half found "
                            "a job, so the median time to job was not reached; "
                            "in the comparison municipalities it was %s weeks",
                            b);
                else if (isfinite(t->median_time))
                        add(buf, len, da ? "Mediantiden til job var %s uger i "
                            "forsøgskommunerne; i sammenligningskommunerne kom "
                            "under halvdelen i job, så den blev ikke nået" :
                            "The median time to job was %s weeks in the trial "
                            "municipalities; in the comparison municipalities "
                            "fewer than half found a job, so it was not "
                            "reached", a);
                else
                        add(buf, len, da ? "Under halvdelen kom i job i både "
                            "forsøgs- og sammenligningskommunerne, så "
                            "mediantiden til job blev ikke nået" : "Fewer than "
                            "half found a job in both the trial and the "
                            "comparison municipalities, so the median time to "
                            "job was not reached");
                break;
        default:
                add(buf, len, da ? "Gennemsnittet var %s %s %s %s %s" :
                    "The mean was %s %s %s %s %s",
                    fk_label_num(a, sizeof a, t->mean, dg, da), in_t, vs,
                    fk_label_num(b, sizeof b, c->mean, dg, da), in_c);
        }
        if (r->has_cluster)
                add(buf, len, da ? " (%zu forsøgs- og %zu "
                    "sammenligningskommuner)" : " (%zu trial and %zu "
                    "comparison municipalities)", r->cl.clusters[0],
                    r->cl.clusters[1]);
        add(buf, len, ".");
}

static const char *what_of(const struct fk_outcome_result *r, int da)
{
        if (r->type == FK_TYPE_BINARY)
                return da ? "forskellen i andel" : "the difference in share";
        if (r->type == FK_TYPE_SURVIVAL)
                return da ? "hazardratioen for jobstart" :
                            "the hazard ratio of job entry";
        return da ? "forskellen i gennemsnit" : "the difference in means";
}

/* The individual-level result beside a cluster-level verdict. */
static void secondary(char *buf, size_t len, const struct fk_outcome_result *r,
                      int da)
{
        const struct fk_verdict *v = &r->verdict;
        const struct fk_effect *e = fk_result_effect(r, v->measure);
        struct fk_label_scale s = fk_label_scale_of(r, da);
        char ci[128], p[64];

        if (v->basis == FK_BASIS_INDIVIDUAL || !e)
                return;
        if (!v->few_clusters && isfinite(v->ri_p))
                add(buf, len, da ? " Randomiseringstesten over kommuner giver "
                    "%s." : " The randomization test over municipalities "
                    "gives %s.", peq(p, sizeof p, v->ri_p, da));
        fk_label_ci(ci, sizeof ci, e->ci, s.mult, s.digits, da);
        if (!isfinite(e->ci[0]) || !isfinite(e->ci[1]))
                add(buf, len, da ? " På personniveau kunne intervallet "
                    "ikke beregnes." : " The individual-level interval could "
                    "not be computed.");
        else if (v->individual_result != v->result)
                add(buf, len, da ? " På personniveau, som ser bort fra at det "
                    "er hele kommuner, der sammenlignes, ville intervallet "
                    "være %s%s og føre til konklusionen »%s« – det er ikke "
                    "grundlaget for konklusionen." : " At the individual "
                    "level, which ignores that whole municipalities are "
                    "compared, the interval would be %s%s and lead to the "
                    "verdict \"%s\" — it is not the basis of the conclusion.",
                    ci, s.unit, prose_verdict_word(v->individual_result, da));
        else
                add(buf, len, da ? " På personniveau, som ser bort fra at det "
                    "er hele kommuner, der sammenlignes, ville intervallet "
                    "være %s%s – det er ikke grundlaget for konklusionen." :
                    " At the individual level, which ignores that whole "
                    "municipalities are compared, the interval would be "
                    "%s%s — it is not the basis of the conclusion.",
                    ci, s.unit);
}

void prose_outcome(char *buf, size_t len, const struct fk_outcome_result *r,
                   double p, int da)
{
        struct vtext t = { what_of(r, da), fk_label_scale_of(r, da), r->better,
                           r->conf_level, p, { 0, 0 }, NULL };

        if (!len)
                return;
        if (r->has_cluster) {
                t.clusters[0] = r->cl.clusters[0];
                t.clusters[1] = r->cl.clusters[1];
        }
        verdict_sentence(buf, len, &r->verdict, &t, da);
        add(buf, len, " ");
        arms_sentence(buf, len, r, da);
        secondary(buf, len, r, da);
}

struct fk_label_scale prose_scale_did(const struct fk_panel *p, int da)
{
        struct fk_label_scale s = { 1, 2, 0, "", "" };
        double sum = 0;
        size_t i, n = 0;

        for (i = 0; i < p->n; i++) {
                if (!isfinite(p->y[i]))
                        continue;
                if (p->y[i] < 0 || p->y[i] > 1)
                        break;
        }
        if (p->n && i == p->n) {
                s.mult = 100;
                s.unit = da ? "\u00a0procentpoint" : " percentage points";
                s.unit_short = "\u00a0pp";
                return s;
        }
        /* else in the outcome's unit, with decimals by its size: 2 for a
         * share in per cent (30,0), 0 above 1000, 4 below 1 */
        for (i = 0; i < p->n; i++)
                if (isfinite(p->y[i])) {
                        sum += fabs(p->y[i]);
                        n++;
                }
        if (n && sum / (double)n >= 1000)
                s.digits = 0;
        else if (n && sum / (double)n < 1)
                s.digits = 4;
        return s;
}

void prose_did(char *buf, size_t len, const struct fk_did_info *d,
               const struct fk_panel *p, const struct fk_did_result *r,
               int da)
{
        struct vtext t = { da ? "forskel-i-forskelle-estimatet" :
                           "the difference-in-differences estimate",
                           prose_scale_did(p, da), d->better, d->conf_level,
                           r->cr2.p_value, { r->units[0], r->units[1] },
                           NULL };
        char a[128], b[128], c[128], ri[48];

        if (!len)
                return;
        verdict_sentence(buf, len, &d->verdict, &t, da);
        md_text(a, sizeof a, p->period_names[0]);
        md_text(b, sizeof b, p->period_names[p->T - 1]);
        md_text(c, sizeof c, p->period_names[p->start]);
        add(buf, len, da ? " Estimatet bygger på %zu forsøgs- mod %zu "
            "sammenligningskommuner, %s–%s, med forsøgsstart %s" :
            " The estimate rests on %zu trial against %zu comparison "
            "municipalities, %s–%s, with the trial starting %s",
            r->units[0], r->units[1], a, b, c);
        if (!d->verdict.few_clusters && isfinite(r->ri_p))
                add(buf, len, da ? "; randomiseringstesten over kommuner "
                    "giver %s" : "; the randomization test over "
                    "municipalities gives %s", peq(ri, sizeof ri, r->ri_p, da));
        add(buf, len, ".");
}

void prose_did_staggered(char *buf, size_t len, const struct fk_did_info *d,
                         const struct fk_panel *p,
                         const struct fk_stagger_result *s, int da)
{
        struct vtext t = { da ? "det samlede gennemsnit af effekterne (ATT)" :
                           "the simple aggregate of the effects (ATT)",
                           prose_scale_did(p, da), d->better, d->conf_level,
                           s->simple.p_value,
                           { s->units_treated, s->units_control },
                           da ? "kommunernes forsøgsstarter" :
                           "the municipalities' starts" };
        char a[128], b[128], c[64], ri[48], tw[64], w[48];
        int never = d->control_group == FK_CONTROL_NEVER;
        size_t in_panel = 0, left_out = 0;

        if (!len)
                return;
        verdict_sentence(buf, len, &d->verdict, &t, da);
        fk_md_escape(a, sizeof a, p->period_names[0]);
        fk_md_escape(b, sizeof b, p->period_names[p->T - 1]);
        for (size_t k = 0; k < s->ncohort; k++) {
                in_panel += s->cohort[k].units;
                left_out += s->cohort[k].units - s->cohort[k].used;
        }
        add(buf, len, da ? " Kommunerne startede forsøget på forskellige "
            "tidspunkter: %zu forsøgskommuner i %zu kohorter (" :
            " The municipalities started the trial at different times: "
            "%zu trial municipalities in %zu cohorts (", in_panel,
            s->ncohort);
        for (size_t k = 0; k < s->ncohort; k++) {
                fk_md_escape(c, sizeof c, s->cohort[k].label ?
                             s->cohort[k].label : "?");
                add(buf, len, da ? "%s%zu fra %s" : "%s%zu from %s",
                    k ? ", " : "", s->cohort[k].units, c);
        }
        /* the counts above are the panel's; say who the estimates lack */
        if (left_out)
                add(buf, len, da ? "; %zu af dem mangler tal i nogle perioder "
                    "og indgår ikke i estimaterne" : "; %zu of them lack "
                    "numbers in some periods and are left out of the "
                    "estimates", left_out);
        add(buf, len, da ? ") sammenlignes med %zu kommuner, der %s, i "
            "perioden %s–%s. Hver kohorte sammenlignes kun med disse kommuner "
            "(Callaway og Sant'Anna), med %s basisperiode" :
            ") are compared against %zu municipalities %s over %s–%s. Each "
            "cohort is compared only with those (Callaway and Sant'Anna), "
            "with a %s base period", s->units_control,
            never ? (da ? "aldrig kom med i forsøget" : "never in the trial") :
            (da ? "endnu ikke var i forsøg" : "not yet in the trial"), a, b,
            d->base_period == FK_BASE_UNIVERSAL ?
            (da ? "fast" : "universal") : (da ? "skiftende" : "varying"));
        if (!d->verdict.few_clusters && isfinite(s->ri_p))
                add(buf, len, da ? "; randomiseringstesten over "
                    "kommunernes forsøgsstarter giver %s" :
                    "; the randomization test over the municipalities' "
                    "starts gives %s", peq(ri, sizeof ri, s->ri_p, da));
        add(buf, len, ".");
        if (!isfinite(s->twfe))
                return;
        fk_label_num(tw, sizeof tw, t.sc.mult * s->twfe, t.sc.digits, da);
        if (s->nbacon && s->bacon_later_weight > 0.10)
                add(buf, len, da ? " Advarsel: den almindelige "
                    "model med faste effekter for kommune og periode giver "
                    "%s%s, men %s af "
                    "dens vægt ligger på sammenligninger af senere mod "
                    "tidligere startende kommuner, som bruger kommuner, der "
                    "allerede er i forsøg, som kontrol (Goodman-Bacon); den "
                    "kan derfor vildlede, og konklusionen bygger på det "
                    "samlede gennemsnit." : " Warning: the ordinary two-way "
                    "fixed-effects estimate is %s%s, but %s of its weight "
                    "lies on comparisons of later against earlier starters, "
                    "which use municipalities already in the trial as "
                    "controls (Goodman-Bacon); it can mislead, and the "
                    "verdict rests on the simple aggregate.", tw, t.sc.unit,
                    fk_label_pct(w, sizeof w, s->bacon_later_weight, 0, da));
        else
                add(buf, len, da ? " Den almindelige model med "
                    "faste effekter for kommune og periode giver til "
                    "sammenligning %s%s." : " For comparison, the ordinary two-way "
                    "fixed-effects estimate is %s%s.", tw, t.sc.unit);
}

/* Text from the plan or the data in a sentence: fk_md_escape, and the
 * characters that would start a link, emphasis or code escaped too. */
static const char *md_text(char *buf, size_t len, const char *s)
{
        char tmp[600];
        size_t n = 0;

        fk_md_escape(tmp, sizeof tmp, s);
        for (const char *p = tmp; *p && n + 3 < len; p++) {
                if (strchr("[]*_`#", *p))
                        buf[n++] = '\\';
                buf[n++] = *p;
        }
        if (len)
                buf[n < len ? n : len - 1] = '\0';
        return buf;
}

void prose_note(char *buf, size_t len, const struct fk_note *n, int da)
{
        char a[48], b[48], col[600];

        if (!len)
                return;
        buf[0] = '\0';
        if (n->kind == FK_NOTE_TEXT || n->kind >= FK_NOTE_KINDS)
                return;
        if (!da) {
                char en[FK_NOTE_MAX];

                fk_note_english(n, en, sizeof en);
                md_text(buf, len, en);
                return;
        }
        fk_label_num(a, sizeof a, n->n[0], 0, 1);
        fk_label_num(b, sizeof b, n->n[1], 0, 1);
        md_text(col, sizeof col, n->column);
        switch (n->kind) {
        case FK_NOTE_MEDIAN_NOT_REACHED:
                snprintf(buf, len, "mediantiden til job i %s er ikke nået: "
                         "under halvdelen kom i job i opfølgningsperioden",
                         n->arm == FK_TRIAL ? "forsøgskommunerne" :
                         "sammenligningskommunerne");
                break;
        case FK_NOTE_STRATA_NONE_MIXED:
                snprintf(buf, len, "intet stratum i kolonnen »%s« har personer "
                         "fra begge arme, så de stratificerede estimater kan "
                         "ikke beregnes (stratificér efter noget, der varierer "
                         "inden for armene)", col);
                break;
        case FK_NOTE_STRATA_ONE_ARM:
                snprintf(buf, len, "%s af %s strata i kolonnen »%s« har kun "
                         "personer fra den ene arm og bidrager ikke til de "
                         "stratificerede estimater", a, b, col);
                break;
        case FK_NOTE_NO_CLUSTER_VALUE:
                snprintf(buf, len, "%s %s uden værdi i kolonnen »%s« er "
                         "udeladt af dette udfald", a, lround(n->n[0]) == 1 ?
                         "person" : "personer", col);
                break;
        case FK_NOTE_HR_INFINITE:
                snprintf(buf, len, "hazardratioen er 0 eller uendelig, så der "
                         "er intet klyngerobust interval");
                break;
        case FK_NOTE_HR_NO_EVENTS:
                snprintf(buf, len, "der kunne ikke beregnes en klyngerobust "
                         "hazardratio (ingen jobstarter)");
                break;
        case FK_NOTE_LIN_WEI_FEW:
                snprintf(buf, len, "med %s kommuner har Lin–Wei-standardfejlen "
                         "en tendens til at være for lille; "
                         "randomiseringstestens p-værdi er den sikreste "
                         "rettesnor", a);
                break;
        case FK_NOTE_NO_CLUSTER_INTERVAL:
                snprintf(buf, len, "der kunne ikke beregnes et interval på "
                         "klyngeniveau, så der gives ingen konklusion");
                break;
        case FK_NOTE_INDIVIDUAL_VERDICT:
                snprintf(buf, len, "intervallet på personniveau ser bort fra, "
                         "at det er hele kommuner, der sammenlignes, og ville "
                         "give konklusionen »%s«; konklusionen bygger på "
                         "klyngeniveauet",
                         prose_verdict_word(n->verdict, 1));
                break;
        case FK_NOTE_FEW_CLUSTERS:
                snprintf(buf, len, "færre end 5 kommuner på en side (%s "
                         "forsøgs- og %s sammenligningskommuner): inferensen "
                         "på klyngeniveau er skrøbelig", a, b);
                break;
        case FK_NOTE_TEXT:
        case FK_NOTE_KINDS:
                break;
        }
}
