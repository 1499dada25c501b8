/* fkstat — per-group summaries of columns: the pipeline of
 * `fkstat describe`, for the CLI and the report.
 *
 * Rows are grouped by the values of the by columns (a missing value is a
 * group of its own, shown as NA), groups in the byte order of those
 * values; each column is summarised per group (include/fkstat/describe.h:
 * n, missing, mean, sd, min, quartiles by R's type 7, max).  A cell is a
 * number, or a binary word (ja/nej, yes/no, true/false, 1/0) read as 1 or
 * 0.  Without named columns, every column that is not a by column and
 * whose cells are all numbers or binary words is summarised (at most
 * FK_DESCRIBE_MAX_COLS of them).
 *
 * The input is either a full table (fk_table_read) or the summaries of
 * the summary reader (fk_table_read_sets with fk_describe_sets_spec),
 * which read the file once in constant memory for columns with few
 * distinct values; the others take four or eight bytes a value, in
 * memory up to FK_DESCRIBE_KEEP bytes and in a temporary file beyond.  Both
 * give the same bits, the same first bad cell and the same messages.
 */
#ifndef FKSTAT_DESCRIBEANALYSE_H
#define FKSTAT_DESCRIBEANALYSE_H

#include <stddef.h>

#include "fkstat/describe.h"
#include "fkstat/error.h"
#include "fkstat/stream.h"
#include "fkstat/table.h"

#define FK_DESCRIBE_MAX_COLS 256
#define FK_DESCRIBE_MAX_BY 8
/* The numbers the summary reader keeps in memory, in bytes, beyond which
 * full chunks of them go to a temporary file (fk_sets_spec keep_bytes). */
#define FK_DESCRIBE_KEEP ((size_t)8 << 20)

struct fk_describe_spec {
        const char *const *by;          /* group by these columns */
        size_t nby;
        const char *const *columns;     /* NULL: every numeric column */
        size_t ncolumns;
};

/* The summaries: ngroups × ncols of them, group-major. */
struct fk_describe_out {
        size_t nby, ncols, ngroups;
        char **by_names, **col_names;   /* as spec spells them (chosen
                                           columns: as the header) */
        char **by_values;               /* ngroups × nby; "NA" when
                                           missing */
        struct fk_summary *sums;        /* ngroups × ncols */
        double records;                 /* data rows read */
};

/* The summary reader's request for spec: the by columns as keys, one
 * summary per column (or every non-key column), numbers kept as values
 * (beyond FK_DESCRIBE_KEEP bytes in a temporary file), binary words read,
 * columns with a word given up when spec names no columns. */
void fk_describe_sets_spec(const struct fk_describe_spec *spec,
                           struct fk_sets_spec *out);

/* Summarise a full table, or the nsets summaries of fk_table_read_sets
 * (with fk_describe_sets_spec(spec)).  FK_EUSAGE for a column the header
 * lacks (a message with suggestions, as fk_table_no_column); FK_EDATA
 * for a cell of a named column that is not a number, naming the first
 * in the output's order (group, column, row); FK_ENOMEM.  On success
 * release out with fk_describe_out_release. */
int fk_describe_table(const struct fk_table *t,
                      const struct fk_describe_spec *spec,
                      struct fk_describe_out *out, struct fk_error *err);
int fk_describe_sets(struct fk_table *const *sets, size_t nsets,
                     const struct fk_describe_spec *spec,
                     struct fk_describe_out *out, struct fk_error *err);

void fk_describe_out_release(struct fk_describe_out *out);

#endif
