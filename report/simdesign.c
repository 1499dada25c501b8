/* The [design] section of a plan: the keys of `fkstat simulate` (see
 * include/fkstat/simdesign.h and METHODS.md, "Simulation"). */
#include "fkstat/simdesign.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/panel.h"

enum kind { DATE, POS, NONNEG, PROB, UNIT, ICC, REAL, QUARTER, LEVELS,
            PEOPLE };

struct key {
        const char *name;
        size_t off;
        enum kind kind;
};

#define F(f) offsetof(struct fk_sim_design, f)
static const struct key keys[] = {
        { "entry_first", F(entry_first), DATE },
        { "entry_last", F(entry_last), DATE },
        { "followup_end", F(followup_end), DATE },
        { "followup_weeks", F(followup_weeks), POS },
        { "median_weeks_trial", F(median_weeks[0]), POS },
        { "median_weeks_comparison", F(median_weeks[1]), POS },
        { "weibull_shape", F(weibull_shape), POS },
        { "icc", F(icc), ICC },
        { "loss_rate", F(loss_rate), NONNEG },
        { "interview_weeks", F(interview_weeks), POS },
        { "interviews_trial", F(interviews[0]), NONNEG },
        { "interviews_comparison", F(interviews[1]), NONNEG },
        { "interviews_cluster_sd", F(interviews_cluster_sd), NONNEG },
        { "satisfaction_comparison", 0, LEVELS },
        { "satisfaction_log_odds", F(satisfaction_log_odds), REAL },
        { "response_rate", F(response_rate), PROB },
        { "panel_first", F(panel_first), QUARTER },
        { "panel_last", F(panel_last), QUARTER },
        { "panel_start", F(panel_start), QUARTER },
        { "panel_share", F(panel_share), UNIT },
        { "panel_unit_sd", F(panel_unit_sd), NONNEG },
        { "panel_period_sd", F(panel_period_sd), NONNEG },
        { "panel_trend", F(panel_trend), REAL },
        { "panel_noise_sd", F(panel_noise_sd), NONNEG },
        { "panel_effect", F(panel_effect), REAL },
        { "panel_people_per_inflow", F(panel_people_per_inflow), PEOPLE },
        { NULL, 0, REAL }
};
#undef F
#define NKEYS (sizeof keys / sizeof *keys - 1)

static void defaults(struct fk_sim_design *d)
{
        memset(d, 0, sizeof *d);
        d->entry_first = fk_sim_days(2017, 7, 1);
        d->entry_last = fk_sim_days(2021, 12, 31);
        d->followup_end = d->entry_last;
        d->followup_weeks = 52;
        d->median_weeks[0] = d->median_weeks[1] = 14;
        d->weibull_shape = 1;
        d->interview_weeks = 26;
        d->interviews[0] = d->interviews[1] = 6;
        d->nlevels = 5;
        d->satisfaction[0] = 0.05;
        d->satisfaction[1] = 0.10;
        d->satisfaction[2] = 0.25;
        d->satisfaction[3] = 0.35;
        d->satisfaction[4] = 0.25;
        d->response_rate = 1;
        d->panel_first = 4 * 2015;
        d->panel_last = 4 * 2021 + 3;
        d->panel_start = 4 * 2017 + 2;
        d->panel_share = 0.75;
        d->panel_unit_sd = 0.03;
        d->panel_noise_sd = 0.005;
        d->panel_people_per_inflow = 20;
}


static int date(const char *v, long *out)
{
        int y, m, dd, len = 0;
        static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
                                     30, 31 };

        if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%n", &y, &m, &dd,
                                      &len) != 3 || len != 10)
                return -1;
        if (y < 1900 || y > 2200 || m < 1 || m > 12 || dd < 1 ||
            dd > mdays[m - 1])
                return -1;
        if (m == 2 && dd == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
                return -1;
        *out = fk_sim_days(y, m, dd);
        return 0;
}

static char *trim(char *s)
{
        char *e;

        while (*s == ' ')
                s++;
        e = s + strlen(s);
        while (e > s && e[-1] == ' ')
                *--e = '\0';
        return s;
}

static int bad(struct fk_error *err, const struct fk_plan *p, long line,
               const char *key, const char *value, const char *what)
{
        return fk_error_set(err, FK_EUSAGE, p->path, line,
                            "[design] %s: '%s' is not %s", key, value, what);
}

/* trial.NAME = inflow or comparison.NAME = inflow, appended to d->mun. */
static int municipality(const struct fk_plan *p, const struct fk_plan_kv *kv,
                        struct fk_sim_design *d, struct fk_error *err)
{
        int trial = !strncmp(kv->key, "trial.", 6);
        const char *name = kv->key + (trial ? 6 : 11);
        struct fk_sim_municipality *m;
        double x;

        if (!*name || strpbrk(name, ";\"\t"))
                return fk_error_set(err, FK_EUSAGE, p->path, kv->line,
                                    "[design] %s: '%s' is not a municipality "
                                    "name", kv->key, name);
        if (fk_plan_number(kv->value, &x) || !(x > 0) || x > 1e7)
                return bad(err, p, kv->line, kv->key, kv->value,
                           "a number of people entering per year (0 to "
                           "10^7)");
        for (size_t i = 0; i < d->nmun; i++)
                if (!strcmp(d->mun[i].name, name))
                        return fk_error_set(err, FK_EUSAGE, p->path, kv->line,
                                            "[design] municipality '%s' given "
                                            "twice", name);
        m = realloc(d->mun, (d->nmun + 1) * sizeof *m);
        if (!m)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        d->mun = m;
        if (!(m[d->nmun].name = strdup(name)))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        m[d->nmun].trial = trial;
        m[d->nmun].inflow = x;
        d->nmun++;
        return FK_OK;
}

static int levels(const struct fk_plan *p, const struct fk_plan_kv *kv,
                  struct fk_sim_design *d, struct fk_error *err)
{
        static const char *what = "2 to 10 shares of the levels 1, 2, ... "
                                  "(with '.' decimals) that sum to 1";
        char buf[512], *item, *save = NULL;
        double sum = 0;
        size_t k = 0;

        if (strlen(kv->value) >= sizeof buf)
                return bad(err, p, kv->line, kv->key, kv->value, what);
        strcpy(buf, kv->value);
        for (item = strtok_r(buf, ",", &save); item;
             item = strtok_r(NULL, ",", &save)) {
                double x;

                if (k == FK_SIM_MAX_LEVELS || fk_plan_number(trim(item), &x) ||
                    !(x > 0 && x < 1))
                        return bad(err, p, kv->line, kv->key, kv->value, what);
                d->satisfaction[k++] = x;
                sum += x;
        }
        if (k < 2 || fabs(sum - 1) > 1e-6)
                return bad(err, p, kv->line, kv->key, kv->value, what);
        d->nlevels = k;
        return FK_OK;
}

static int set(const struct fk_plan *p, const struct fk_plan_kv *kv,
               const struct key *k, struct fk_sim_design *d,
               struct fk_error *err)
{
        char *base = (char *)d;
        enum fk_period_kind pk;
        double x = 0;
        long l;

        switch (k->kind) {
        case LEVELS:
                return levels(p, kv, d, err);
        case DATE:
                if (date(kv->value, &l))
                        return bad(err, p, kv->line, kv->key, kv->value,
                                   "a date (YYYY-MM-DD)");
                *(long *)(base + k->off) = l;
                return FK_OK;
        case QUARTER:
                if (fk_period_parse(kv->value, &pk, &l) ||
                    pk != FK_PERIOD_QUARTER)
                        return bad(err, p, kv->line, kv->key, kv->value,
                                   "a quarter (2017Q3)");
                *(long *)(base + k->off) = l;
                return FK_OK;
        default:
                break;
        }
        if (fk_plan_number(kv->value, &x))
                return bad(err, p, kv->line, kv->key, kv->value, "a number");
        if ((k->kind == POS && !(x > 0)) || (k->kind == NONNEG && !(x >= 0)))
                return bad(err, p, kv->line, kv->key, kv->value,
                           k->kind == POS ? "a positive number" :
                           "a non-negative number");
        /* people per cell are written as whole numbers: keep them far
         * inside what a count column holds */
        if (k->kind == PEOPLE && !(x > 0 && x <= 1e9))
                return bad(err, p, kv->line, kv->key, kv->value,
                           "a positive number up to 1e9");
        if ((k->kind == PROB && !(x > 0 && x <= 1)) ||
            (k->kind == UNIT && !(x > 0 && x < 1)) ||
            (k->kind == ICC && !(x >= 0 && x <= 0.5)))
                return bad(err, p, kv->line, kv->key, kv->value,
                           k->kind == PROB ? "a share in (0, 1]" :
                           k->kind == UNIT ? "a share in (0, 1)" :
                           "an ICC from 0 to 0.5");
        *(double *)(base + k->off) = x;
        return FK_OK;
}

static size_t key_index(const char *name)
{
        size_t k = 0;

        while (keys[k].name && strcmp(keys[k].name, name))
                k++;
        return k;
}

/* The line of the first of the named keys that the plan gives, else 0. */
static long line_of(const long *line, const char *a, const char *b)
{
        long l = line[key_index(a)];

        return l ? l : line[key_index(b)];
}

/* Checks across keys name the line of the later key (0 when defaulted). */
static int consistent(const struct fk_plan *p, const long *line,
                      struct fk_sim_design *d, struct fk_error *err)
{
        const char *msg = NULL;
        long at = 0;
        int has[2] = { 0, 0 };

        for (size_t i = 0; i < d->nmun; i++)
                has[d->mun[i].trial] = 1;
        if (!has[1] || !has[0])
                return fk_error_set(err, FK_EUSAGE, p->path, 0, "[design] "
                                    "needs trial municipalities "
                                    "(trial.NAME = inflow) and comparison "
                                    "municipalities (comparison.NAME = "
                                    "inflow)");
        if (d->entry_last < d->entry_first) {
                msg = "entry_last is before entry_first";
                at = line_of(line, "entry_last", "entry_first");
        } else if (d->followup_end < d->entry_last) {
                msg = "followup_end is before entry_last";
                at = line_of(line, "followup_end", "entry_last");
        } else if (!(d->panel_first < d->panel_start &&
                     d->panel_start <= d->panel_last)) {
                msg = "the panel needs panel_first < panel_start <= "
                      "panel_last";
                at = line_of(line, "panel_start", "panel_last");
                at = at ? at : line[key_index("panel_first")];
        } else if (d->panel_last - d->panel_first > 400) {
                msg = "the panel spans more than 100 years";
                at = line_of(line, "panel_last", "panel_first");
        }
        if (msg)
                return fk_error_set(err, FK_EUSAGE, p->path, at,
                                    "[design]: %s", msg);
        return FK_OK;
}

int fk_sim_design_read(const struct fk_plan *p, struct fk_sim_design *d,
                       struct fk_error *err)
{
        long line[NKEYS] = { 0 };
        int rc;

        defaults(d);
        if (!p->ndesign)
                return fk_error_set(err, FK_EUSAGE, p->path, 0,
                                    "no [design] section (the keys of "
                                    "'fkstat simulate')");
        for (size_t i = 0; i < p->ndesign; i++) {
                const struct fk_plan_kv *kv = &p->design[i];
                size_t k;

                if (!strncmp(kv->key, "trial.", 6) ||
                    !strncmp(kv->key, "comparison.", 11)) {
                        rc = municipality(p, kv, d, err);
                        if (rc) {
                                fk_sim_design_release(d);
                                return rc;
                        }
                        continue;
                }
                k = key_index(kv->key);
                if (!keys[k].name) {
                        fk_sim_design_release(d);
                        return fk_error_set(err, FK_EUSAGE, p->path, kv->line,
                                            "unknown key '%s' in [design]",
                                            kv->key);
                }
                line[k] = kv->line;
                rc = set(p, kv, &keys[k], d, err);
                if (rc) {
                        fk_sim_design_release(d);
                        return rc;
                }
        }
        rc = consistent(p, line, d, err);
        if (rc) {
                fk_sim_design_release(d);
                return rc;
        }
        /* trial municipalities first, each list in plan order */
        for (size_t i = 0, j = 0; i < d->nmun; i++)
                if (d->mun[i].trial) {
                        struct fk_sim_municipality m = d->mun[i];

                        memmove(d->mun + j + 1, d->mun + j,
                                (i - j) * sizeof m);
                        d->mun[j++] = m;
                }
        d->frailty_sd = fk_sim_frailty_sd(d->icc, d->median_weeks[1],
                                          d->weibull_shape, d->followup_weeks);
        return FK_OK;
}

void fk_sim_design_release(struct fk_sim_design *d)
{
        for (size_t i = 0; i < d->nmun; i++)
                free(d->mun[i].name);
        free(d->mun);
        d->mun = NULL;
        d->nmun = 0;
}
