/* fkstat — rendering a validation (fkstat validate, include/fkstat/
 * validate.h) as text, JSON or Markdown, and the sentence a report reader
 * needs.  Renderers write to a FILE * and return FK_OK, FK_ENOMEM or
 * FK_EIO, as those of render.h; the JSON as a jansson value is
 * fk_json_validate_entry of fkstat/render_json.h.
 */
#ifndef FKSTAT_VALIDATE_RENDER_H
#define FKSTAT_VALIDATE_RENDER_H

#include <stdio.h>

#include "fkstat/render.h"
#include "fkstat/validate.h"

/* What was validated.  run (files, rows, arms) and the column names are
 * NULL for a planned design (--clusters). */
struct fk_validate_info {
        const struct fk_run_info *run;
        const char *outcome;            /* the outcome column */
        const char *cluster;            /* the municipality column */
};

/* text (the default of the command), json or markdown (a table for the
 * report); FK_EUSAGE for csv. */
int fk_render_validate(FILE *out, enum fk_format fmt,
                       const struct fk_validate_info *vi,
                       const struct fk_validate_design *d,
                       const struct fk_validate_result *r);

/* The Markdown of fk_render_validate in lang "en" or "da" (Danish labels
 * and decimal commas): a "### Validation of OUTCOME" heading when the
 * outcome is known, a line on the design, the table of the four methods
 * and the sentence below. */
int fk_validate_markdown(FILE *out, const struct fk_validate_info *vi,
                         const struct fk_validate_design *d,
                         const struct fk_validate_result *r,
                         const char *lang);

/* The sentence a reader needs, in lang "en" or "da": "With 9 and 10
 * municipalities the individual interval covers the truth in 41 % of
 * repetitions, the CR2 interval in 94 % (nominal 95 %)."; under a margin
 * how often each declares non-inferiority when the trial arm is worse by
 * the margin.  Writes at most len bytes to buf and returns buf. */
const char *fk_validate_sentence(char *buf, size_t len,
                                 const struct fk_validate_design *d,
                                 const struct fk_validate_result *r,
                                 const char *lang);

#endif
