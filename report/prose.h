/* Internal: the sentences of the report, in Danish (da = 1) or English,
 * written from the result structs so that every number in the prose is
 * the number in results.json. */
#ifndef FK_REPORT_PROSE_H
#define FK_REPORT_PROSE_H

#include <stddef.h>

#include "fkstat/did.h"
#include "fkstat/render.h"
#include "fkstat/result.h"

/* x with digits decimals; Danish: decimal comma and a real minus sign.
 * "NA"/"–" for NaN. */
const char *prose_num(char *buf, size_t len, double x, int digits, int da);

/* A share as per cent: "54,9 %" (da) or "54.9%". */
const char *prose_pct(char *buf, size_t len, double share, int digits, int da);

/* An interval "−0,4 til 4,2" / "-0.4 to 4.2", scaled by mult. */
const char *prose_ci(char *buf, size_t len, const double ci[2], double mult,
                     int digits, int da);

/* A p-value: "0,032", "< 0,001". */
const char *prose_p(char *buf, size_t len, double p, int da);

/* The result of one outcome: the two arms, the verdict effect with its
 * interval, and what the verdict means. */
void prose_outcome(char *buf, size_t len, const struct fk_outcome_result *r,
                   const char *label, int da);

/* The municipality-level (cluster) inference of an outcome, "" when none. */
void prose_cluster(char *buf, size_t len, const struct fk_outcome_result *r,
                   int da);

/* A difference-in-differences section's result. */
void prose_did(char *buf, size_t len, const struct fk_did_info *d,
               const struct fk_panel *p, const struct fk_did_result *r,
               const char *label, int da);

/* Digits to show for an outcome's effect (shares: 1 decimal of per cent). */
int prose_digits(const struct fk_outcome_result *r);

#endif
