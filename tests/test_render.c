/* Unit tests of the compare and did renderers (render/) on results built
 * by hand: the verdict is stated on its basis in every format, with the
 * individual-level verdict as the secondary one; clustered results carry
 * their municipalities; every CSV row has as many fields as its header;
 * did's JSON has the wild bootstrap; data never reaches a terminal or a
 * spreadsheet raw; CSV cells keep one number form and the dialect. */
#define _GNU_SOURCE     /* open_memstream */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fkstat/render_json.h"

/* What a renderer wrote, as a string (free it). */
struct sink {
        FILE *f;
        char *buf;
        size_t len;
};

static void sink_open(struct sink *s)
{
        s->buf = NULL;
        s->len = 0;
        s->f = open_memstream(&s->buf, &s->len);
        assert_non_null(s->f);
}

static char *sink_close(struct sink *s)
{
        assert_int_equal(fclose(s->f), 0);
        return s->buf;
}

static const char *const no_files[] = { "x.csv" };

static struct fk_run_info run_info(int by_cluster)
{
        struct fk_run_info info = {
                "compare", no_files, 1, 200, ';', ',', "arm", "forsøg",
                "kontrol", 0, by_cluster, NULL
        };

        return info;
}

static void add_cluster(struct fk_outcome_result *r, const char *name,
                        enum fk_arm arm, double n, double est, double events,
                        const char *method)
{
        struct fk_cluster_row *k;

        r->clusters = realloc(r->clusters, (r->nclusters + 1) * sizeof *k);
        assert_non_null(r->clusters);
        k = &r->clusters[r->nclusters++];
        k->name = strdup(name);
        k->arm = arm;
        k->n = n;
        k->estimate = est;
        k->ci[0] = est - 0.1;
        k->ci[1] = est + 0.1;
        k->events = events;
        k->method = method;
}

/* A binary outcome clustered in five municipalities (3 and 2): the CR2
 * verdict is non-inferior, the individual one superior; one municipality's
 * name holds an escape character and a "|", one begins with "=". */
static void binary_clustered(struct fk_outcome_result *r)
{
        struct fk_effect *e;
        struct fk_test *t;
        const double ci[2] = { 0.01, 0.09 };
        struct fk_verdict *v = &r->verdict;

        fk_result_init(r, "job_52w", FK_TYPE_BINARY, FK_BETTER_HIGHER, 0.95);
        r->groups[0].n = 100;
        r->groups[1].n = 100;
        e = fk_result_add_effect(r, "risk_difference", "miettinen_nurminen");
        fk_effect_set(e, 0.05, ci);
        t = fk_result_add_test(r, "pearson_chisq");
        t->p_value = 0.02;
        snprintf(v->measure, sizeof v->measure, "risk_difference");
        v->margin = 0.05;
        v->basis = FK_BASIS_CR2;
        v->estimate = 0.05;
        v->ci[0] = -0.03;
        v->ci[1] = 0.13;
        v->df = 2.5;
        v->p_value = 0.04;
        v->result = FK_V_NONINFERIOR;
        v->few_clusters = 1;
        v->ri_p = 0.3;
        v->individual_result = FK_V_SUPERIOR;
        v->individual_p_value = 0.001;
        r->has_cluster = 1;
        r->cluster_detected = 1;
        snprintf(r->cluster, sizeof r->cluster, "kommune");
        r->cl.clusters[0] = 3;
        r->cl.clusters[1] = 2;
        r->cl.wild_weights = "webb";
        add_cluster(r, "Aalborg", FK_TRIAL, 40, 0.55, NAN, "wilson");
        add_cluster(r, "Evil\x1b[2J|Town", FK_TRIAL, 30, 0.5, NAN, "wilson");
        add_cluster(r, "Hjørring", FK_TRIAL, 30, 0.6, NAN, "wilson");
        add_cluster(r, "=SUM(A1)", FK_CONTROL, 50, 0.45, NAN, "wilson");
        add_cluster(r, "Skive", FK_CONTROL, 50, 0.5, NAN, "wilson");
}

/* A survival outcome clustered in 6 and 6 municipalities, Lin–Wei. */
static void survival_clustered(struct fk_outcome_result *r)
{
        struct fk_effect *e;
        const double ci[2] = { 1.05, 1.40 };
        struct fk_verdict *v = &r->verdict;

        fk_result_init(r, "uger", FK_TYPE_SURVIVAL, FK_BETTER_HIGHER, 0.95);
        e = fk_result_add_effect(r, "hazard_ratio", "cox_efron");
        fk_effect_set(e, 1.2, ci);
        snprintf(v->measure, sizeof v->measure, "hazard_ratio");
        v->basis = FK_BASIS_LIN_WEI;
        v->estimate = 1.2;
        v->ci[0] = 0.95;
        v->ci[1] = 1.5;
        v->result = FK_V_NO_DIFFERENCE;
        v->individual_result = FK_V_BETTER;
        r->has_cluster = 1;
        snprintf(r->cluster, sizeof r->cluster, "kommune");
        r->cox_cl.clusters[0] = 6;
        r->cox_cl.clusters[1] = 6;
        for (int i = 0; i < 12; i++) {
                char name[16];

                snprintf(name, sizeof name, "K%02d", i);
                add_cluster(r, name, i < 6 ? FK_TRIAL : FK_CONTROL, 20,
                            10 + i, 15, "km_median");
        }
}

/* An outcome without clusters: the individual basis. */
static void continuous_plain(struct fk_outcome_result *r)
{
        struct fk_effect *e;
        const double ci[2] = { -0.5, 0.7 };
        struct fk_verdict *v = &r->verdict;

        fk_result_init(r, "score", FK_TYPE_CONTINUOUS, FK_BETTER_HIGHER, 0.95);
        e = fk_result_add_effect(r, "mean_difference", "welch");
        fk_effect_set(e, 0.1, ci);
        snprintf(v->measure, sizeof v->measure, "mean_difference");
        v->estimate = 0.1;
        v->ci[0] = -0.5;
        v->ci[1] = 0.7;
        v->result = v->individual_result = FK_V_NO_DIFFERENCE;
}

static char *render(enum fk_format fmt, int by_cluster,
                    const struct fk_outcome_result *r, size_t n)
{
        struct fk_run_info info = run_info(by_cluster);
        struct sink s;

        sink_open(&s);
        assert_int_equal(fk_render_compare(s.f, fmt, &info, r, n), FK_OK);
        return sink_close(&s);
}

static void assert_contains(const char *hay, const char *needle)
{
        if (!strstr(hay, needle))
                fail_msg("missing '%s' in:\n%s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
        if (strstr(hay, needle))
                fail_msg("unexpected '%s' in:\n%s", needle, hay);
}

static void test_json_basis_and_clusters(void **state)
{
        struct fk_outcome_result r[3];
        json_error_t jerr;
        json_t *doc, *res, *v, *c, *k;
        char *out;

        (void)state;
        binary_clustered(&r[0]);
        survival_clustered(&r[1]);
        continuous_plain(&r[2]);
        out = render(FK_FMT_JSON, 0, r, 3);
        doc = json_loads(out, 0, &jerr);
        assert_non_null(doc);
        res = json_object_get(doc, "results");
        assert_int_equal(json_array_size(res), 3);

        v = json_object_get(json_array_get(res, 0), "verdict");
        assert_string_equal(json_string_value(json_object_get(v, "basis")),
                            "cr2");
        assert_string_equal(json_string_value(json_object_get(v, "measure")),
                            "risk_difference");
        assert_string_equal(json_string_value(json_object_get(v, "result")),
                            "non-inferior");
        fk_assert_rel(json_real_value(json_object_get(v, "estimate")), 0.05,
                      0);
        fk_assert_rel(json_real_value(json_array_get(json_object_get(v, "ci"),
                                                     0)), -0.03, 0);
        fk_assert_rel(json_real_value(json_object_get(v, "p_value")), 0.04, 0);
        fk_assert_rel(json_real_value(json_object_get(v, "margin")), 0.05, 0);
        assert_non_null(strstr(json_string_value(json_object_get(v, "note")),
                               "randomization p-value is 0.3"));
        k = json_object_get(v, "individual");
        assert_string_equal(json_string_value(json_object_get(k, "result")),
                            "superior");
        fk_assert_rel(json_real_value(json_object_get(k, "p_value")), 0.001, 0);

        c = json_object_get(json_array_get(res, 0), "cluster");
        assert_true(json_is_true(json_object_get(c, "detected")));
        c = json_object_get(json_array_get(res, 0), "clusters");
        assert_int_equal(json_array_size(c), 5);
        k = json_array_get(c, 1);
        assert_string_equal(json_string_value(json_object_get(k, "cluster")),
                            "Evil\x1b[2J|Town");
        assert_string_equal(json_string_value(json_object_get(k, "arm")),
                            "trial");
        assert_int_equal(json_integer_value(json_object_get(k, "n")), 30);
        assert_string_equal(json_string_value(json_object_get(k, "method")),
                            "wilson");
        assert_null(json_object_get(k, "events"));
        assert_string_equal(json_string_value(json_object_get(
                json_array_get(c, 3), "arm")), "control");

        /* survival: Lin–Wei basis, events per municipality, no note with
         * 6 clusters a side */
        v = json_object_get(json_array_get(res, 1), "verdict");
        assert_string_equal(json_string_value(json_object_get(v, "basis")),
                            "lin_wei");
        assert_null(json_object_get(v, "note"));
        assert_string_equal(json_string_value(json_object_get(
                json_object_get(v, "individual"), "result")), "better");
        assert_true(json_is_false(json_object_get(json_object_get(
                json_array_get(res, 1), "cluster"), "detected")));
        c = json_object_get(json_array_get(res, 1), "clusters");
        assert_int_equal(json_array_size(c), 12);
        assert_int_equal(json_integer_value(json_object_get(
                json_array_get(c, 0), "events")), 15);

        /* no clusters: individual basis, no secondary, no clusters */
        v = json_object_get(json_array_get(res, 2), "verdict");
        assert_string_equal(json_string_value(json_object_get(v, "basis")),
                            "individual");
        assert_null(json_object_get(v, "individual"));
        assert_null(json_object_get(json_array_get(res, 2), "clusters"));
        assert_null(json_object_get(json_array_get(res, 2), "cluster"));

        json_decref(doc);
        free(out);
        for (int i = 0; i < 3; i++)
                fk_result_release(&r[i]);
}

static void test_text_verdict_on_basis(void **state)
{
        struct fk_outcome_result r[3];
        char *out;

        (void)state;
        binary_clustered(&r[0]);
        survival_clustered(&r[1]);
        continuous_plain(&r[2]);
        out = render(FK_FMT_TEXT, 0, r, 3);
        assert_contains(out, "verdict (cluster-level, CR2): non-inferior — "
                        "the 95% CI of the risk difference, [-0.0300, "
                        "0.1300], lies above the margin -0.0500 (one-sided "
                        "CR2 p = 0.0400 against the margin)");
        assert_contains(out, "fewer than 5 municipalities on a side this "
                        "interval is unreliable; the randomization p-value "
                        "is 0.3000");
        assert_contains(out, "individual-level (secondary, ignores "
                        "clustering): superior — the 95% CI of the risk "
                        "difference, [0.0100, 0.0900]");
        assert_contains(out, "verdict (cluster-level, Lin-Wei): no "
                        "difference — the 95% CI of the hazard ratio of job "
                        "entry, [0.9500, 1.5000], includes 1");
        assert_contains(out, "verdict (individual-level): no difference");
        assert_lacks(out, "no_difference");
        /* without --by-cluster no per-municipality table */
        assert_lacks(out, "Aalborg");
        free(out);

        out = render(FK_FMT_TEXT, 1, r, 3);
        assert_contains(out, "per municipality ('kommune'):");
        assert_contains(out, "Evil\\x1b[2J|Town");
        assert_null(memchr(out, '\x1b', strlen(out)));
        assert_contains(out, "Hjørring");
        assert_contains(out, "km_median");
        assert_contains(out, "the outcome is not clustered");
        free(out);

        out = render(FK_FMT_MARKDOWN, 1, r, 3);
        assert_contains(out, "**Verdict (cluster-level, CR2):** non-inferior");
        assert_contains(out, "Individual-level (secondary, ignores "
                        "clustering): superior");
        assert_contains(out, "| Evil\\x1b[2J\\|Town | trial | 30 |");
        assert_null(memchr(out, '\x1b', strlen(out)));
        free(out);
        for (int i = 0; i < 3; i++)
                fk_result_release(&r[i]);
}

/* Split one CSV record (RFC 4180, no line breaks inside fields) at *p into
 * fields; the field texts go to f (at most nf), the count is returned. */
static size_t csv_split(const char **p, char f[][256], size_t nf)
{
        size_t n = 0, k = 0;
        int q = 0;
        const char *s = *p;

        for (;; s++) {
                if (q) {
                        if (*s == '"' && s[1] == '"') {
                                s++;
                        } else if (*s == '"') {
                                q = 0;
                                continue;
                        }
                } else if (*s == '"') {
                        q = 1;
                        continue;
                } else if (*s == ',' || *s == '\n' || !*s) {
                        if (n < nf)
                                f[n][k < 255 ? k : 255] = '\0';
                        n++;
                        k = 0;
                        if (*s != ',')
                                break;
                        continue;
                }
                if (n < nf && k < 255)
                        f[n][k] = *s;
                k++;
        }
        *p = *s ? s + 1 : s;
        return n;
}

/* Every record of csv has the header's number of fields; returns the
 * number of records. */
static size_t assert_rectangular(const char *csv)
{
        char f[16][256];
        const char *p = csv;
        size_t want = csv_split(&p, f, 16), rows = 0;

        while (*p) {
                size_t got = csv_split(&p, f, 16);

                if (got != want)
                        fail_msg("record %zu has %zu fields, the header %zu",
                                 rows + 2, got, want);
                rows++;
        }
        return rows;
}

/* The record whose fields 2, 3 and 4 (section, arm, name) are given. */
static int csv_find(const char *csv, const char *section, const char *name,
                    char f[][256])
{
        const char *p = csv;

        while (*p) {
                size_t n = csv_split(&p, f, 16);

                if (n > 4 && !strcmp(f[2], section) && !strcmp(f[4], name))
                        return 1;
        }
        return 0;
}

static void test_csv_basis_and_clusters(void **state)
{
        struct fk_outcome_result r[3];
        char f[16][256], *out;

        (void)state;
        binary_clustered(&r[0]);
        survival_clustered(&r[1]);
        continuous_plain(&r[2]);
        out = render(FK_FMT_CSV, 0, r, 3);
        assert_true(assert_rectangular(out) > 20);
        assert_true(csv_find(out, "verdict", "non-inferior", f));
        assert_string_equal(f[0], "job_52w");
        assert_string_equal(f[5], "0.05");                    /* estimate */
        assert_string_equal(f[9], "2.5");                     /* df */
        assert_string_equal(f[11], "cr2");                    /* basis */
        assert_non_null(strstr(f[12], "randomization p = 0.3"));
        assert_true(csv_find(out, "verdict_individual", "superior", f));
        assert_string_equal(f[11], "individual");
        assert_true(csv_find(out, "verdict", "margin", f));
        assert_string_equal(f[11], "risk_difference");
        assert_true(csv_find(out, "by_cluster", "Aalborg", f));
        assert_string_equal(f[3], "trial");
        assert_string_equal(f[11], "wilson");
        assert_true(csv_find(out, "by_cluster_n", "Aalborg", f));
        assert_string_equal(f[5], "40");
        /* a name a spreadsheet would run as a formula is neutralised */
        assert_true(csv_find(out, "by_cluster", "'=SUM(A1)", f));
        assert_string_equal(f[3], "control");
        assert_true(csv_find(out, "by_cluster_events", "K00", f));
        assert_string_equal(f[5], "15");
        assert_true(csv_find(out, "verdict", "no_difference", f));
        assert_string_equal(f[0], "uger");
        assert_string_equal(f[11], "lin_wei");
        free(out);
        for (int i = 0; i < 3; i++)
                fk_result_release(&r[i]);
}

/* A did result with two event-study periods, built by hand. */
struct did_fixture {
        struct fk_panel p;
        struct fk_did_result r;
        struct fk_did_event ev[2];
        struct fk_did_info d;
        char *periods[3];
};

static void did_fixture(struct did_fixture *x)
{
        static char p0[] = "2017Q1", p1[] = "2017Q2", p2[] = "2017K3";

        memset(x, 0, sizeof *x);
        x->periods[0] = p0;
        x->periods[1] = p1;
        x->periods[2] = p2;
        x->p.T = 3;
        x->p.start = 2;
        x->p.period_names = x->periods;
        x->r.units[0] = 3;
        x->r.units[1] = 4;
        x->r.cells = 21;
        x->r.estimate = 0.02;
        x->r.cr1 = (struct fk_did_infer){ 0.01, 6, { 0.0, 0.04 }, 0.08 };
        x->r.cr2 = (struct fk_did_infer){ 0.011, 3.5, { -0.01, 0.05 }, 0.1 };
        x->r.wild_p = 0.125;
        x->r.wild_reps = 999;
        x->r.wild_weights = "webb";
        x->r.ri_p = 0.2;
        x->r.ri_assignments = 35;
        x->r.ri_exact = 1;
        x->r.ref = 1;
        x->ev[0] = (struct fk_did_event){ 0, 0.001, 0.01, 3, { -0.02, 0.02 },
                                          0.9 };
        x->ev[1] = (struct fk_did_event){ 2, 0.03, 0.01, 3, { 0.0, 0.06 },
                                          0.05 };
        x->r.event = x->ev;
        x->r.nevent = 2;
        x->d.name = x->d.outcome = "andel";
        x->d.unit = "kommune";
        x->d.period = "kvartal";
        x->d.treated = "forsoeg";
        x->d.start = "2017K3";
        x->d.conf_level = 0.95;
        fk_verdict_init(&x->d.verdict);
        snprintf(x->d.verdict.measure, sizeof x->d.verdict.measure, "did");
        x->d.verdict.basis = FK_BASIS_CR2;
        x->d.verdict.margin = 0.02;
        x->d.verdict.estimate = 0.02;
        x->d.verdict.ci[0] = -0.01;
        x->d.verdict.ci[1] = 0.05;
        x->d.verdict.df = 3.5;
        x->d.verdict.p_value = 0.01;
        x->d.verdict.result = FK_V_NONINFERIOR;
        x->d.verdict.few_clusters = 1;
        x->d.verdict.ri_p = 0.2;
        x->d.verdict.individual_result = FK_V_NONINFERIOR;
        x->d.verdict.individual_p_value = 0.01;
}

static char *render_did(enum fk_format fmt, struct did_fixture *x)
{
        struct fk_run_info info = { "did", no_files, 1, 21, ';', ',', NULL,
                                    NULL, NULL, 0, 0, NULL };
        struct sink s;

        sink_open(&s);
        assert_int_equal(fk_render_did(s.f, fmt, &info, &x->d, &x->p, &x->r),
                         FK_OK);
        return sink_close(&s);
}

static void test_did_renderers(void **state)
{
        struct did_fixture x;
        json_error_t jerr;
        json_t *doc, *w, *v;
        char f[16][256], *out;
        const char *p;

        (void)state;
        did_fixture(&x);

        out = render_did(FK_FMT_CSV, &x);
        assert_int_equal(assert_rectangular(out), 8);
        p = strchr(out, '\n') + 1;
        while (*p) {
                size_t n = csv_split(&p, f, 16);

                if (!strcmp(f[0], "event 2017K3")) {
                        assert_int_equal(n, 9);
                        assert_string_equal(f[1], "0.03");
                        assert_string_equal(f[6], "0.05");
                }
                if (!strcmp(f[0], "verdict")) {
                        assert_string_equal(f[7], "cr2");
                        assert_string_equal(f[8], "non-inferior");
                }
                if (!strcmp(f[0], "wild_bootstrap"))
                        assert_string_equal(f[2], "");  /* no se: empty */
        }
        free(out);

        out = render_did(FK_FMT_JSON, &x);
        doc = json_loads(out, 0, &jerr);
        assert_non_null(doc);
        w = json_object_get(doc, "wild_bootstrap");
        assert_true(json_is_object(w));
        fk_assert_rel(json_real_value(json_object_get(w, "p_value")), 0.125, 0);
        assert_int_equal(json_integer_value(json_object_get(w, "reps")), 999);
        assert_string_equal(json_string_value(json_object_get(w, "weights")),
                            "webb");
        v = json_object_get(doc, "verdict");
        assert_string_equal(json_string_value(json_object_get(v, "basis")),
                            "cr2");
        assert_non_null(json_object_get(v, "note"));
        assert_null(json_object_get(v, "individual"));
        json_decref(doc);
        free(out);

        out = render_did(FK_FMT_TEXT, &x);
        assert_contains(out, "verdict (cluster-level, CR2): non-inferior — "
                        "the 95% CI of the difference in differences, "
                        "[-0.0100, 0.0500], lies above the margin -0.0200");
        assert_contains(out, "randomization p-value is 0.2000");
        free(out);
        out = render_did(FK_FMT_MARKDOWN, &x);
        assert_contains(out, "**Verdict (cluster-level, CR2):** non-inferior");
        free(out);
}

static void test_escape(void **state)
{
        char buf[32];

        (void)state;
        assert_string_equal(fk_text_escape(buf, sizeof buf, "a\x1b[1mb\tc"),
                            "a\\x1b[1mb\\x09c");
        assert_string_equal(fk_text_escape(buf, sizeof buf, "\xc2\x9b" "x"),
                            "\\u009bx");
        assert_string_equal(fk_text_escape(buf, sizeof buf, "Hjørring"),
                            "Hjørring");
        assert_string_equal(fk_md_escape(buf, sizeof buf, "a|b<c>&\\"),
                            "a\\|b&lt;c&gt;&amp;\\\\");
        /* too long: cut at a character boundary, marked */
        assert_string_equal(fk_text_escape(buf, 12, "øøøøøøøøø"), "øøøø...");
        assert_string_equal(fk_text_escape(buf, 12, "abcdefghijklmn"),
                            "abcdefgh...");
}

/* The CSV cells of every command and results.csv: the one number form,
 * empty for what cannot be computed, the dialect's decimal mark, quotes
 * where the separator is, and a "'" before what a spreadsheet runs. */
static void test_csv_cells(void **state)
{
        static const struct {
                const char *in, *comma, *semi;
        } text[] = {
                { "plain", "plain", "plain" },
                { "=1+1", "'=1+1", "'=1+1" },
                { "+45", "'+45", "'+45" },
                { "@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)" },
                { "\tx", "'\tx", "'\tx" },
                { "\rx", "\"'\rx\"", "\"'\rx\"" },
                { "-x", "'-x", "'-x" },
                { "-5", "-5", "-5" },
                { "-0.5", "-0.5", "-0.5" },
                { "-0,5", "\"'-0,5\"", "-0,5" },
                { "-2e-3", "-2e-3", "-2e-3" },
                { "-", "'-", "'-" },
                { "a,b", "\"a,b\"", "a,b" },
                { "a;b", "a;b", "\"a;b\"" },
                { "=a,\"b\"", "\"'=a,\"\"b\"\"\"", "\"'=a,\"\"b\"\"\"" },
                { "", "", "" },
        };
        struct fk_csv_dialect da = FK_CSV_DIALECT_INIT;
        char buf[40], *out;
        struct sink s;

        (void)state;
        assert_int_equal(fk_csv_dialect_parse("excel-da", &da), FK_OK);
        assert_int_equal(da.sep, ';');
        assert_int_equal(da.decimal, ',');
        assert_int_equal(da.bom, 1);
        assert_int_equal(fk_csv_dialect_parse("excel", &da), FK_EUSAGE);
        assert_int_equal(da.sep, ';');
        for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
                sink_open(&s);
                fk_csv_text(s.f, text[i].in, NULL);
                out = sink_close(&s);
                assert_string_equal(out, text[i].comma);
                free(out);
                sink_open(&s);
                fk_csv_text(s.f, text[i].in, &da);
                out = sink_close(&s);
                assert_string_equal(out, text[i].semi);
                free(out);
        }
        /* the shortest form that reads back; whole numbers in full */
        assert_string_equal(fk_render_number(buf, sizeof buf,
                            0.14842844363006641, '.'), "0.1484284436300664");
        assert_string_equal(fk_render_number(buf, sizeof buf, 0.1, ','), "0,1");
        assert_string_equal(fk_render_number(buf, sizeof buf, 190, '.'), "190");
        assert_string_equal(fk_render_number(buf, sizeof buf, -3e-7, '.'),
                            "-3e-07");
        assert_string_equal(fk_render_number(buf, sizeof buf, NAN, '.'), "");
        assert_string_equal(fk_render_number(buf, sizeof buf, INFINITY, '.'),
                            "");
        sink_open(&s);
        fk_csv_begin(s.f, &da);
        fk_csv_num(s.f, 0.25, &da);
        fputc(da.sep, s.f);
        fk_csv_num(s.f, NAN, &da);
        fputc(da.sep, s.f);
        fk_csv_num(s.f, -INFINITY, NULL);
        fputc(da.sep, s.f);
        fk_csv_num(s.f, 2.5, NULL);
        out = sink_close(&s);
        assert_string_equal(out, "\xEF\xBB\xBF" "0,25;;;2.5");
        free(out);
        sink_open(&s);
        fk_csv_begin(s.f, NULL);
        out = sink_close(&s);
        assert_string_equal(out, "");
        free(out);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_json_basis_and_clusters),
                cmocka_unit_test(test_text_verdict_on_basis),
                cmocka_unit_test(test_csv_basis_and_clusters),
                cmocka_unit_test(test_did_renderers),
                cmocka_unit_test(test_escape),
                cmocka_unit_test(test_csv_cells),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
