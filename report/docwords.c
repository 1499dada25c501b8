/* The words and table cells of the report's text that its driver
 * (document.c) and its sections (sections.c) share; see report/document.h. */
#include "report/document.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/prose.h"

const char *doc_md(char *buf, size_t len, const char *s)
{
        char tmp[1024];
        size_t n = 0;

        fk_md_escape(tmp, sizeof tmp, s ? s : "");
        for (const char *p = tmp; *p && n + 3 < len; p++) {
                if (strchr("[]*_`#", *p))
                        buf[n++] = '\\';
                buf[n++] = *p;
        }
        buf[len ? (n < len ? n : len - 1) : 0] = '\0';
        return buf;
}

const char *doc_type_word(const struct rep *r, enum fk_type t)
{
        switch (t) {
        case FK_TYPE_BINARY: return T("ja/nej", "binary");
        case FK_TYPE_COUNT: return T("antal", "count");
        case FK_TYPE_ORDINAL: return T("skala", "ordinal");
        case FK_TYPE_CONTINUOUS: return T("kontinuert", "continuous");
        case FK_TYPE_SURVIVAL: return T("tid til job", "time to job");
        default: return "";
        }
}

/* A test by the name a reader knows. */
const char *doc_test_word(const struct rep *r, const char *test)
{
        static const char *const names[][3] = {
                { "pearson_chisq", "Pearsons χ²-test", "Pearson's χ² test" },
                { "yates_chisq", "χ²-test med Yates' korrektion",
                  "χ² test with Yates' correction" },
                { "fisher_exact", "Fishers eksakte test", "Fisher's exact test" },
                { "welch_t", "Welchs t-test", "Welch's t test" },
                { "wilcoxon_rank_sum", "Wilcoxons rangsumtest",
                  "Wilcoxon rank-sum test" },
                { "poisson_exact", "eksakt Poisson-test", "exact Poisson test" },
                { "brunner_munzel", "Brunner–Munzels test",
                  "Brunner–Munzel test" },
                { "logrank", "log-rank-test", "log-rank test" },
        };

        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
                if (!strcmp(test, names[i][0]))
                        return r->da ? names[i][1] : names[i][2];
        return test;
}

const char *doc_adjust_word(const struct rep *r, const char *m)
{
        if (!strcmp(m, "holm")) return "Holm";
        if (!strcmp(m, "hochberg")) return "Hochberg";
        if (!strcmp(m, "bh")) return "Benjamini–Hochberg";
        if (!strcmp(m, "by")) return "Benjamini–Yekutieli";
        if (!strcmp(m, "bonferroni")) return "Bonferroni";
        return T("ingen", "none");
}

/* The verdict effect with its interval on the verdict's basis, as a table
 * cell: "forskel 3,7 pp (1,1 til 6,3)", "HR 1,18 (1,08 til 1,28)". */
void doc_effect_cell(const struct rep *r, const struct fk_outcome_result *o,
                     char *buf, size_t len)
{
        const struct fk_verdict *v = &o->verdict;
        struct fk_label_scale sc = fk_label_scale_of(o, r->da);
        char a[64], ci[128];

        if (!isfinite(v->estimate)) {
                snprintf(buf, len, "–");
                return;
        }
        snprintf(buf, len, "%s %s%s (%s)",
                 sc.ratio ? "HR" : T("forskel", "difference"),
                 fk_label_num(a, sizeof a, sc.mult * v->estimate, sc.digits, r->da),
                 sc.unit_short,
                 fk_label_ci(ci, sizeof ci, v->ci, sc.mult, sc.digits, r->da));
}

/* The section's verdict label, its first line: "Konklusion: bedre –
 * grundlag: klyngeniveau (CR2)", bold in report.md. */
void doc_verdict_label(FILE *f, const struct rep *r,
                       const struct fk_verdict *v)
{
        fprintf(f, "**[%s: %s – %s: %s%s](%s%s)**\n\n",
                T("Konklusion", "Verdict"),
                prose_verdict_word(v->result, r->da),
                T("grundlag", "basis"), fk_label_basis(v->basis, r->da),
                v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL ?
                T(", upålideligt interval (færre end 5 kommuner på en side)",
                  ", unreliable interval (fewer than 5 municipalities on a "
                  "side)") : "", VERDICT_URL, fk_verdict_name(v->result));
}

/* The verdict for the summary: the word, and when fewer than 5
 * municipalities on a side make the interval unreliable, that and the
 * randomization p-value. */
void doc_verdict_cell(const struct rep *r, const struct fk_verdict *v,
                      char *buf, size_t len)
{
        char p[48];
        size_t n;

        snprintf(buf, len, "[%s](%s%s)", prose_verdict_word(v->result, r->da),
                 VERDICT_URL, fk_verdict_name(v->result));
        n = strlen(buf);
        if (v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL && n < len) {
                fk_label_p(p, sizeof p, v->ri_p, r->da);
                snprintf(buf + n, len - n, T(" – upålideligt interval (færre "
                         "end 5 kommuner på en side); randomiseringstest p%s%s",
                         " — unreliable interval (fewer than 5 municipalities "
                         "on a side); randomization test p%s%s"),
                         p[0] == '<' ? "\u00a0" : " = ", p);
        }
}
