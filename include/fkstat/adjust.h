/* fkstat — adjusting p-values for multiple comparisons, as R p.adjust.
 *
 * Missing p-values (NaN) stay missing and are not counted in n, as
 * p.adjust(p, method) does with NA.  See METHODS.md, "adjust".
 */
#ifndef FKSTAT_ADJUST_H
#define FKSTAT_ADJUST_H

#include <stddef.h>

#include "fkstat/error.h"

enum fk_adjust_method {
        FK_ADJ_HOLM = 0,        /* R "holm" (the default) */
        FK_ADJ_HOCHBERG,        /* R "hochberg" */
        FK_ADJ_BH,              /* R "BH" (= "fdr") */
        FK_ADJ_BONFERRONI,      /* R "bonferroni" */
        FK_ADJ_BY               /* R "BY" */
};

/* The name used on the command line and in output ("holm", "hochberg",
 * "bh", "bonferroni", "by"), and the reverse lookup (case-insensitive;
 * "fdr" reads as bh); returns -1 for an unknown name. */
const char *fk_adjust_method_name(enum fk_adjust_method m);
int fk_adjust_method_parse(const char *name);

/* Adjust the n p-values p[] by method m into out[] (which may equal p),
 * in input order, as R p.adjust(p, method).  NaN entries are missing: they
 * stay NaN and do not count in the number of tests.  With at most one
 * non-missing p the values are returned unchanged (as R).  Allocates a
 * scratch index of n entries.  Returns FK_OK, FK_EDOMAIN when a p is
 * outside [0, 1] (err names its 0-based index) or m is unknown, FK_ENOMEM. */
int fk_adjust_p(const double *p, size_t n, enum fk_adjust_method m,
                double *out, struct fk_error *err);

#endif
