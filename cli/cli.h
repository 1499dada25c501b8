/* fkstat command-line interface: shared helpers of the subcommands. */
#ifndef FK_CLI_H
#define FK_CLI_H

#include <stdio.h>

#include "fkstat/analyse.h"
#include "fkstat/didanalyse.h"
#include "fkstat/error.h"
#include "fkstat/render.h"
#include "fkstat/result.h"
#include "fkstat/table.h"

enum { FK_EXIT_OK = 0, FK_EXIT_DATA = 1, FK_EXIT_USAGE = 2 };

struct cmd {
        const char *name;
        int (*fn)(int argc, char **argv, FILE *out);
        const char *help;
};

int cmd_compare(int argc, char **argv, FILE *out);
int cmd_describe(int argc, char **argv, FILE *out);
int cmd_survival(int argc, char **argv, FILE *out);
int cmd_adjust(int argc, char **argv, FILE *out);
int cmd_power(int argc, char **argv, FILE *out);
int cmd_did(int argc, char **argv, FILE *out);
int cmd_simulate(int argc, char **argv, FILE *out);
int cmd_plot(int argc, char **argv, FILE *out);
int cmd_report(int argc, char **argv, FILE *out);
int cmd_validate(int argc, char **argv, FILE *out);

/* The output a command was asked for: --format and --csv-dialect. */
struct cli_output {
        enum fk_format format;
        struct fk_csv_dialect csv;
};

#define CLI_OUTPUT_INIT { FK_FMT_TEXT, FK_CSV_DIALECT_INIT }

/* What `fkstat compare` computed, for compare, survival and plot
 * (cli/compare_run.c).  compare_run parses compare's options (argv as
 * compare gets them), reads the input and compares every outcome; keep_km keeps the
 * Kaplan–Meier tables.  It prints errors and returns the exit status;
 * with --help it prints the help and sets help.  Free with
 * compare_run_free. */
struct compare_run {
        struct fk_table *t;
        struct fk_outcome_result *res;
        size_t nout;
        struct fk_arms arms;
        const char *arm_column;
        struct cli_output output;       /* --format, --csv-dialect */
        int by_cluster;         /* --by-cluster */
        int help;
        void *opts;             /* owned: the parsed options */
};

int compare_run(const char *cmd, int argc, char **argv, FILE *out,
                enum fk_type type0, int keep_km, struct compare_run *cr);
void compare_run_free(struct compare_run *cr);

/* The same for `fkstat did`: the panel, its result and what was asked. */
struct did_run {
        struct fk_table *t;
        struct fk_did_analysis a;       /* panel and estimates */
        struct fk_did_info info;
        struct cli_output output;       /* --format, --csv-dialect */
        int help;
};

int did_run(const char *cmd, int argc, char **argv, FILE *out,
            struct did_run *dr);
void did_run_free(struct did_run *dr);

/* Print "fkstat: CMD: FILE:LINE: message" for err and return the exit
 * status its code calls for (2 for FK_EUSAGE, 1 otherwise). */
int cli_fail(const char *cmd, const struct fk_error *err);

/* Print "fkstat: CMD: message" and "Try 'fkstat CMD --help'"; return 2. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* Print "fkstat: CMD: message" (a note or warning) on stderr. */
void cli_note(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* The message for an unknown option or a missing argument after getopt_long
 * returned '?' or ':'; returns 2. */
int cli_bad_option(const char *cmd, int c, char **argv);

/* The options every reading command shares.  Use CLI_INPUT_OPTIONS in the
 * long option table and pass every getopt result to cli_input_option. */
enum { CLI_O_FORMAT = 1000, CLI_O_DELIM, CLI_O_DEC, CLI_O_NA, CLI_O_SKIP,
       CLI_O_THOUSANDS, CLI_O_ENCODING, CLI_O_CSV_DIALECT };

#define CLI_INPUT_OPTIONS \
        { "format", required_argument, NULL, CLI_O_FORMAT }, \
        { "csv-dialect", required_argument, NULL, CLI_O_CSV_DIALECT }, \
        { "delimiter", required_argument, NULL, CLI_O_DELIM }, \
        { "decimal", required_argument, NULL, CLI_O_DEC }, \
        { "na", required_argument, NULL, CLI_O_NA }, \
        { "skip", required_argument, NULL, CLI_O_SKIP }, \
        { "thousands", required_argument, NULL, CLI_O_THOUSANDS }, \
        { "encoding", required_argument, NULL, CLI_O_ENCODING }

/* The default branch of a command's getopt loop: handle option c if it is
 * one of CLI_INPUT_OPTIONS (returns 0), else report it as unknown or as
 * missing its value (returns 2, as after any usage error). */
int cli_input_option(const char *cmd, int c, char **argv,
                     struct fk_csv_opts *csv, struct cli_output *o);

/* --csv-dialect default|excel-da into d; return 0 or print a usage error
 * and return 2. */
int cli_csv_dialect(const char *cmd, const char *arg,
                    struct fk_csv_dialect *d);

/* Parse --delimiter / --decimal values into opts; return 0 or print a usage
 * error and return 2. */
int cli_set_delimiter(const char *cmd, const char *arg, struct fk_csv_opts *o);
int cli_set_decimal(const char *cmd, const char *arg, struct fk_csv_opts *o);

/* Parse a number option strictly; return 0 or print a usage error, 2. */
int cli_number(const char *cmd, const char *opt, const char *arg, double *out);

/* Option values shared by the commands: --better higher|lower, --margin
 * (positive), --conf (0, 1), --reps (whole, 1..10^8), --seed (whole,
 * 0..2^32-1).  Each returns 0, or prints a usage error and returns 2. */
int cli_better(const char *cmd, const char *arg, enum fk_better *out);
int cli_margin(const char *cmd, const char *arg, double *out);
int cli_conf(const char *cmd, const char *arg, double *out);
int cli_reps(const char *cmd, const char *arg, double *out);
int cli_seed(const char *cmd, const char *arg, unsigned long *out);

/* Split a comma-separated list in place into at most max items; returns the
 * number of items. */
size_t cli_split(char *s, char **items, size_t max);

/* Read the input files (none given: stdin) and print the notes the reader
 * leaves (encoding conversion, title and note lines skipped, thousands
 * separators; cli_table_notes).  Returns 0, or the exit status of the
 * failure after printing it. */
int cli_read_table(const char *cmd, char **files, size_t nfiles,
                   const struct fk_csv_opts *o, struct fk_table **t);

/* Print the reader's notes on t, one "fkstat: CMD: note" line each. */
void cli_table_notes(const char *cmd, const struct fk_table *t);

/* A progress line on stderr while reading or resampling, drawn only when
 * stderr is a terminal, at most five times a second ("1.2M rows  45 %
 * 8.1M rows/s"); cli_progress has the shape of fk_progress_fn, with the
 * struct as ctx; cli_progress_end clears the line. */
struct cli_progress {
        int on, shown;
        double start, last;
        const char *unit;
};

void cli_progress_init(struct cli_progress *p, const char *unit);
void cli_progress(void *ctx, double done, double total, double items);
void cli_progress_end(struct cli_progress *p);

/* The column called name, or print a usage error naming the file and
 * return -1. */
long cli_column(const char *cmd, const struct fk_table *t, const char *name);

/* Standard output, all or nothing (cli/output.c): render into the stream
 * of cli_out_begin (NULL: out of memory), then cli_out_end writes it to out
 * when rc is 0 and the stream is whole, or else says "out of memory";
 * it returns the exit status. */
struct cli_out {
        FILE *f;
        char *buf;
        size_t len, cap;
        int failed;
};

FILE *cli_out_begin(struct cli_out *o);
int cli_out_end(struct cli_out *o, const char *cmd, int rc, FILE *out);

#endif
