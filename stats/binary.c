/* Binary outcome: per-arm proportions, effects, tests and the verdict.
 * The formulas live in stats/proportions.c and stats/fisher.c; this file
 * only assembles them into a result (see METHODS.md, "Binary outcomes"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/binary.h"
#include "fkstat/fisher.h"


static void ratio_note(struct fk_effect *e, double x1, double n1, double x2,
                       double n2, int odds)
{
        int zero = x1 <= 0 || x2 <= 0 || (odds && (x1 >= n1 || x2 >= n2));

        if (zero)
                snprintf(e->note, sizeof e->note,
                         "a zero cell makes the %s 0 or infinite; no "
                         "continuity correction is applied",
                         odds ? "odds ratio" : "risk ratio");
}

int fk_binary_compare(const double x[2], const double n[2],
                      const struct fk_binary_opts *o,
                      struct fk_outcome_result *r, struct fk_error *err)
{
        const double x1 = x[FK_TRIAL], n1 = n[FK_TRIAL];
        const double x2 = x[FK_CONTROL], n2 = n[FK_CONTROL];
        struct fk_effect *rd, *e;
        struct fk_test *t;
        int rc;

        for (int a = 0; a < 2; a++) {
                struct fk_group *g = &r->groups[a];

                if (!(n[a] > 0))
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "the %s arm has no observations",
                                            a == FK_TRIAL ? "trial" : "control");
                g->n = n[a];
                g->successes = x[a];
                g->estimate = x[a] / n[a];
                g->method = "wilson";
                rc = fk_prop_wilson_ci(x[a], n[a], o->conf, &g->ci[0],
                                       &g->ci[1], err);
                if (rc)
                        return rc;
        }

        rd = fk_result_add_effect(r, "risk_difference", fk_rd_method_name(o->rd_method));
        rc = fk_prop_rd_ci(x1, n1, x2, n2, o->conf, o->rd_method,
                           &rd->estimate, &rd->ci[0], &rd->ci[1], err);
        if (rc)
                return rc;

        e = fk_result_add_effect(r, "risk_ratio", "log");
        rc = fk_prop_rr_ci(x1, n1, x2, n2, o->conf, &e->estimate, &e->ci[0],
                           &e->ci[1], err);
        if (rc)
                return rc;
        if (isnan(e->estimate))
                ratio_note(e, x1, n1, x2, n2, 0);

        e = fk_result_add_effect(r, "odds_ratio", "woolf");
        rc = fk_prop_or_ci(x1, n1, x2, n2, o->conf, &e->estimate, &e->ci[0],
                           &e->ci[1], err);
        if (rc)
                return rc;
        if (isnan(e->estimate) || isnan(e->ci[0]))
                ratio_note(e, x1, n1, x2, n2, 1);

        t = fk_result_add_test(r, "pearson_chisq");
        t->has_statistic = 1;
        t->df = 1;
        rc = fk_prop_chisq(x1, n1, x2, n2, 0, &t->statistic, &t->p_value, err);
        if (rc)
                return rc;
        if (isnan(t->p_value))
                snprintf(t->note, sizeof t->note,
                         "all observations are successes or all are failures");

        t = fk_result_add_test(r, "yates_chisq");
        t->has_statistic = 1;
        t->df = 1;
        rc = fk_prop_chisq(x1, n1, x2, n2, 1, &t->statistic, &t->p_value, err);
        if (rc)
                return rc;
        if (isnan(t->p_value))
                snprintf(t->note, sizeof t->note,
                         "all observations are successes or all are failures");

        t = fk_result_add_test(r, "fisher_exact");
        t->has_estimate = 1;
        rc = fk_fisher_exact(x1, n1, x2, n2, o->conf, &t->p_value, &t->estimate,
                             &t->ci[0], &t->ci[1], err);
        if (rc)
                return rc;

        snprintf(r->verdict.measure, sizeof r->verdict.measure,
                 "risk_difference");
        r->verdict.margin = o->margin;
        if (!isnan(o->margin)) {
                double z;
                int higher = o->better == FK_BETTER_HIGHER;

                rc = fk_prop_rd_score_test(x1, n1, x2, n2,
                                           higher ? -o->margin : o->margin,
                                           higher ? 1 : -1, o->rd_method, &z,
                                           &r->verdict.p_value, err);
                if (rc)
                        return rc;
        }
        r->verdict.result = fk_verdict_decide(rd->ci[0], rd->ci[1], 0,
                                              o->better, o->margin);
        return FK_OK;
}
