/* Arm detection; see cli/arms.h. */
#include <string.h>
#include <strings.h>

#include "cli/arms.h"
#include "cli/cli.h"
#include "fkstat/result.h"

static int is_trial_word(const char *s)
{
        static const char *const words[] = {
                "trial", "forsøg", "forsog", "treatment", "intervention", "1"
        };

        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
                if (!strcasecmp(s, words[i]))
                        return 1;
        return 0;
}

int arms_resolve(const char *cmd, const struct fk_table *t, long col,
                 const char *trial, const char *control, struct arms *a)
{
        const char *vals[3] = { NULL, NULL, NULL };
        size_t nv = 0, seen[2] = { 0, 0 };
        const char *name = fk_table_colname(t, (size_t)col);

        a->col = col;
        for (size_t r = 0; r < fk_table_nrows(t) && nv < 3; r++) {
                const char *v = fk_table_cell(t, r, (size_t)col);
                size_t i;

                if (!v)
                        continue;
                for (i = 0; i < nv; i++)
                        if (!strcmp(vals[i], v))
                                break;
                if (i == nv)
                        vals[nv++] = v;
        }
        if (!trial && !control) {
                if (nv != 2) {
                        if (nv < 2)
                                cli_note(cmd, "column '%s' has %zu distinct "
                                         "value%s; a comparison needs two arms",
                                         name, nv, nv == 1 ? "" : "s");
                        else
                                cli_note(cmd, "column '%s' has more than two "
                                         "values ('%s', '%s', '%s', ...); name "
                                         "the arms with --trial and --control",
                                         name, vals[0], vals[1], vals[2]);
                        return FK_EXIT_DATA;
                }
                if (is_trial_word(vals[0]) == is_trial_word(vals[1])) {
                        cli_note(cmd, "cannot tell which of '%s' and '%s' in "
                                 "column '%s' is the trial arm; say --trial",
                                 vals[0], vals[1], name);
                        return FK_EXIT_USAGE;
                }
                trial = is_trial_word(vals[0]) ? vals[0] : vals[1];
                control = trial == vals[0] ? vals[1] : vals[0];
        } else if (!trial || !control) {
                const char *given = trial ? trial : control, *other = NULL;

                if (nv > 2) {
                        cli_note(cmd, "column '%s' has more than two values; "
                                 "name both --trial and --control", name);
                        return FK_EXIT_DATA;
                }
                for (size_t i = 0; i < nv; i++)
                        if (strcmp(vals[i], given))
                                other = vals[i];
                if (!other) {
                        cli_note(cmd, "column '%s' has no arm besides '%s'",
                                 name, given);
                        return FK_EXIT_DATA;
                }
                if (trial)
                        control = other;
                else
                        trial = other;
        }
        if (!strcmp(trial, control))
                return cli_usage(cmd, "--trial and --control are both '%s'",
                                 trial);
        a->trial = trial;
        a->control = control;
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = arms_of_row(a, t, r);

                if (arm >= 0)
                        seen[arm]++;
        }
        for (int arm = 0; arm < 2; arm++)
                if (!seen[arm]) {
                        cli_note(cmd, "%s arm '%s' has no rows in column '%s'",
                                 arm == FK_TRIAL ? "trial" : "control",
                                 arm == FK_TRIAL ? trial : control, name);
                        return FK_EXIT_DATA;
                }
        return 0;
}

int arms_of_row(const struct arms *a, const struct fk_table *t, size_t row)
{
        const char *v = fk_table_cell(t, row, (size_t)a->col);

        if (!v)
                return -1;
        if (!strcmp(v, a->trial))
                return FK_TRIAL;
        if (!strcmp(v, a->control))
                return FK_CONTROL;
        return -1;
}
