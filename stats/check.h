/* Internal: the argument checks that stats/ entry points share, so that a
 * bad argument reads the same whichever function it reaches. */
#ifndef FK_STATS_CHECK_H
#define FK_STATS_CHECK_H

#include "fkstat/error.h"

/* FK_OK when conf is a confidence level in (0, 1), else FK_EDOMAIN with
 * the message "WHAT: confidence level CONF is outside (0, 1)" (without
 * "WHAT: " when what is NULL). */
int fk_check_conf(double conf, const char *what, struct fk_error *err);

/* FK_OK when x successes of n trials are whole numbers with 0 <= x <= n
 * and n > 0, else FK_EDOMAIN with the message "WHAT: need whole counts
 * 0 <= x <= n and n > 0 (x = X, n = N)". */
int fk_check_trials(double x, double n, const char *what,
                    struct fk_error *err);

#endif
