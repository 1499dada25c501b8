/* Private to report/: the report's text is written by document.c (the
 * driver: the opening conclusion, the summary, the municipalities, the data,
 * the methods and the footer) and sections.c (the section of each outcome,
 * each difference in differences and the validation), with the words and
 * cells both use from docwords.c. */
#ifndef FK_REPORT_DOCUMENT_H
#define FK_REPORT_DOCUMENT_H

#include <stddef.h>
#include <stdio.h>

#include "report/report_int.h"

/* Danish or English, by the report's language (needs r in scope). */
#define T(da_, en_) (r->da ? (da_) : (en_))

/* A verdict in the Markdown is a link to "#fk-verdict-NAME": report.html
 * shows it as a label (report/html.c), report.md as its text.  Plan and
 * data text cannot make such a link, since doc_md() escapes "[", "]" and
 * "#". */
#define VERDICT_URL "#fk-verdict-"

/* Text from the plan or the data for Markdown text and table cells:
 * fk_md_escape (entities for < > &, | and \ escaped), and the characters
 * that would start a link, an image, emphasis or code escaped too, so a
 * label can never become markup. */
const char *doc_md(char *buf, size_t len, const char *s);

/* An outcome type, a test and an adjustment method by the names a reader
 * knows, in the report's language. */
const char *doc_type_word(const struct rep *r, enum fk_type t);
const char *doc_test_word(const struct rep *r, const char *test);
const char *doc_adjust_word(const struct rep *r, const char *m);

/* The verdict effect with its interval on the verdict's basis, as a
 * table cell. */
void doc_effect_cell(const struct rep *r, const struct fk_outcome_result *o,
                     char *buf, size_t len);

/* A section's verdict label, its first line ("Konklusion: bedre –
 * grundlag: klyngeniveau (CR2)"), and the verdict as a summary cell. */
void doc_verdict_label(FILE *f, const struct rep *r,
                       const struct fk_verdict *v);
void doc_verdict_cell(const struct rep *r, const struct fk_verdict *v,
                      char *buf, size_t len);

/* sections.c: an [outcome], a [did] (one start or staggered) and the
 * [validate] section (nonzero: a validation could not be written). */
void doc_outcome_section(FILE *f, const struct rep *r,
                         const struct rep_outcome *x);
void doc_did_section(FILE *f, const struct rep *r, const struct rep_did *x);
int doc_validate_section(FILE *f, const struct rep *r);

#endif
