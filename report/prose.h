/* Internal: the sentences of the report, in Danish (da = 1) or English,
 * written from the result structs so that every number in the prose is
 * the number in results.json.  A verdict is always stated on its basis
 * (the cluster-level interval when people are clustered in
 * municipalities); the individual-level result follows as secondary.
 * Sentences hold no text from the plan or the data except where said, and
 * that is escaped for Markdown. */
#ifndef FK_REPORT_PROSE_H
#define FK_REPORT_PROSE_H

#include <stddef.h>

#include "fkstat/did.h"
#include "fkstat/panel.h"
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

/* How the verdict effect of an outcome is written: multiplied by mult
 * (100: percentage points), digits decimals, unit after the number ("" or
 * " pp"/" procentpoint"), ratio: a hazard ratio (null value 1). */
struct prose_scale {
        double mult;
        int digits;
        int ratio;
        const char *unit;       /* in sentences: " procentpoint" */
        const char *unit_short; /* in tables: " pp" */
};

struct prose_scale prose_scale_of(const struct fk_outcome_result *r, int da);

/* The basis as a reader sees it: "klyngeniveau (CR2)", "klyngeniveau
 * (Lin–Wei)", "personniveau" / "cluster-level (CR2)", ... */
const char *prose_basis(enum fk_basis b, int da);

/* A verdict in one or two words: "bedre", "ingen sikker forskel", ... */
const char *prose_verdict_word(enum fk_verdict_result v, int da);

/* The two-sided p-value on the verdict's basis: CR2 or Lin–Wei when
 * clustered, else NaN (the caller then uses its primary test). */
double prose_basis_p(const struct fk_outcome_result *r);

/* The section of one outcome: first the verdict on its basis with the
 * effect, its interval and p (one-sided at the margin when there is one,
 * else p, the two-sided p of the basis), saying when fewer than 5
 * municipalities on a side make the interval unreliable and giving the
 * randomization p-value then; then the arms' summaries; then, when
 * clustered, the randomization test and the individual-level interval as
 * secondary. */
void prose_outcome(char *buf, size_t len, const struct fk_outcome_result *r,
                   double p, int da);

/* How a difference-in-differences estimate is written: in percentage
 * points (× 100, 2 decimals) when every cell mean of the panel lies in
 * [0, 1], that is when the outcome is a share; else as it is, 4 decimals. */
struct prose_scale prose_scale_did(const struct fk_panel *p, int da);

/* A difference-in-differences section's result, likewise (period names
 * from the data are escaped). */
void prose_did(char *buf, size_t len, const struct fk_did_info *d,
               const struct fk_panel *p, const struct fk_did_result *r,
               int da);

/* A note of an outcome (fk_result_note_of) as a sentence for the report,
 * in Danish from its kind and numbers (decimal comma, Danish words), or in
 * English; a column name in it is escaped for Markdown.  "" for a note of
 * kind FK_NOTE_TEXT, which has only its English text. */
void prose_note(char *buf, size_t len, const struct fk_note *n, int da);

/* Digits to show for an outcome's means (shares: 1 decimal of per cent). */
int prose_digits(const struct fk_outcome_result *r);

#endif
