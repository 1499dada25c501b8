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
#include "fkstat/labels.h"
#include "fkstat/panel.h"
#include "fkstat/render.h"
#include "fkstat/result.h"
#include "fkstat/staggered.h"

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
struct fk_label_scale prose_scale_did(const struct fk_panel *p, int da);

/* A difference-in-differences section's result, likewise (period names
 * from the data are escaped). */
void prose_did(char *buf, size_t len, const struct fk_did_info *d,
               const struct fk_panel *p, const struct fk_did_result *r,
               int da);

/* A staggered difference-in-differences section: the verdict on the
 * simple aggregate (in percentage points when every cell of the outcome
 * is a share in [0, 1]), the cohorts and comparison units, the
 * randomization test over the starts, and the two-way fixed-effects
 * estimate for comparison, as a warning when later-vs-earlier comparisons
 * carry more than 10 % of its Goodman-Bacon weight. */
void prose_did_staggered(char *buf, size_t len, const struct fk_did_info *d,
                         const struct fk_panel *p,
                         const struct fk_stagger_result *s, int da);

/* A note of an outcome (fk_result_note_of) as a sentence for the report,
 * in Danish from its kind and numbers (decimal comma, Danish words), or in
 * English; a column name in it is escaped for Markdown.  "" for a note of
 * kind FK_NOTE_TEXT, which has only its English text. */
void prose_note(char *buf, size_t len, const struct fk_note *n, int da);

#endif
