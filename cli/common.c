/* Helpers shared by the subcommands: messages, option values, input. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/render.h"

int cli_fail(const char *cmd, const struct fk_error *err)
{
        fprintf(stderr, "fkstat: %s: ", cmd);
        if (err->file[0] && err->line > 0)
                fprintf(stderr, "%s:%ld: ", err->file, err->line);
        else if (err->file[0])
                fprintf(stderr, "%s: ", err->file);
        fprintf(stderr, "%s\n", err->msg[0] ? err->msg : "unknown error");
        if (err->code == FK_EUSAGE) {
                fprintf(stderr, "Try 'fkstat %s --help'\n", cmd);
                return FK_EXIT_USAGE;
        }
        return FK_EXIT_DATA;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
        va_list ap;

        fprintf(stderr, "fkstat: %s: ", cmd);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fprintf(stderr, "\nTry 'fkstat %s --help'\n", cmd);
        return FK_EXIT_USAGE;
}

void cli_note(const char *cmd, const char *fmt, ...)
{
        va_list ap;

        fprintf(stderr, "fkstat: %s: ", cmd);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
        extern int optind, optopt;
        const char *arg = argv[optind - 1];

        if (c == ':')
                return cli_usage(cmd, "option '%s' needs a value", arg);
        if (optopt && strncmp(arg, "--", 2))
                return cli_usage(cmd, "unknown option '-%c'", optopt);
        return cli_usage(cmd, "unknown option '%s'", arg);
}

int cli_set_delimiter(const char *cmd, const char *arg, struct fk_csv_opts *o)
{
        if (!strcmp(arg, ",") || !strcmp(arg, ";"))
                o->delimiter = arg[0];
        else if (!strcmp(arg, "\t") || !strcmp(arg, "\\t") ||
                 !strcmp(arg, "tab") || !strcmp(arg, "TAB"))
                o->delimiter = '\t';
        else
                return cli_usage(cmd, "--delimiter must be ',' ';' or tab, "
                                 "not '%s'", arg);
        return 0;
}

int cli_set_decimal(const char *cmd, const char *arg, struct fk_csv_opts *o)
{
        if (strcmp(arg, ".") && strcmp(arg, ","))
                return cli_usage(cmd, "--decimal must be '.' or ',', not '%s'",
                                 arg);
        o->decimal = arg[0];
        return 0;
}

int cli_number(const char *cmd, const char *opt, const char *arg, double *out)
{
        char *end, buf[64];
        const char *comma = strchr(arg, ','), *given = arg;
        double x;

        /* a decimal comma, as Danish users write numbers: 0,05 */
        if (comma && !strchr(comma + 1, ',') && !strchr(arg, '.') &&
            strlen(arg) < sizeof buf) {
                snprintf(buf, sizeof buf, "%s", arg);
                buf[comma - arg] = '.';
                arg = buf;
        }
        errno = 0;
        x = strtod(arg, &end);
        if (end == arg || *end || errno || !isfinite(x))
                return cli_usage(cmd, "%s needs a number, not '%s'", opt,
                                 given);
        *out = x;
        return 0;
}

size_t cli_split(char *s, char **items, size_t max)
{
        size_t n = 0;

        while (n < max) {
                char *comma = strchr(s, ',');

                if (comma)
                        *comma = '\0';
                items[n++] = s;
                if (!comma)
                        break;
                s = comma + 1;
        }
        return n;
}

int cli_read_table(const char *cmd, char **files, size_t nfiles,
                   const struct fk_csv_opts *o, struct fk_table **t)
{
        static const char *const stdin_only[] = { "-" };
        struct fk_error err = FK_ERROR_INIT;
        const char *const *names = nfiles ? (const char *const *)files :
                                   stdin_only;

        if (fk_table_read(names, nfiles ? nfiles : 1, o, t, &err))
                return cli_fail(cmd, &err);
        cli_table_notes(cmd, *t);
        return 0;
}

void cli_table_notes(const char *cmd, const struct fk_table *t)
{
        if (fk_table_converted(t))
                cli_note(cmd, "input converted from Windows-1252 to UTF-8");
        for (size_t i = 0; i < fk_table_nnotes(t); i++)
                cli_note(cmd, "%s", fk_table_note(t, i));
}

long cli_column(const char *cmd, const struct fk_table *t, const char *name)
{
        long c = fk_table_col(t, name);

        if (c < 0) {
                struct fk_error err = FK_ERROR_INIT;

                fk_table_no_column(t, name, &err);
                cli_fail(cmd, &err);
        }
        return c;
}

int cli_csv_dialect(const char *cmd, const char *arg,
                    struct fk_csv_dialect *d)
{
        if (fk_csv_dialect_parse(arg, d))
                return cli_usage(cmd, "--csv-dialect must be default or "
                                 "excel-da, not '%s'", arg);
        return 0;
}

int cli_input_option(const char *cmd, int c, char **argv,
                     struct fk_csv_opts *csv, struct cli_output *o)
{
        extern char *optarg;
        const char *arg = optarg;
        int f;

        switch (c) {
        case CLI_O_FORMAT:
                f = fk_format_parse(arg);
                if (f < 0)
                        return cli_usage(cmd, "unknown --format '%s'", arg);
                o->format = (enum fk_format)f;
                return 0;
        case CLI_O_CSV_DIALECT:
                return cli_csv_dialect(cmd, arg, &o->csv);
        case CLI_O_DELIM:
                return cli_set_delimiter(cmd, arg, csv);
        case CLI_O_DEC:
                return cli_set_decimal(cmd, arg, csv);
        case CLI_O_NA:
                csv->na = arg;
                return 0;
        case CLI_O_SKIP:
        case CLI_O_THOUSANDS:
        case CLI_O_ENCODING: {
                struct fk_error err = FK_ERROR_INIT;

                if (fk_csv_opt_set(csv, c == CLI_O_SKIP ? "skip" :
                                   c == CLI_O_THOUSANDS ? "thousands" :
                                   "encoding", arg, &err))
                        return cli_usage(cmd, "%s", err.msg);
                return 0;
        }
        default:
                return cli_bad_option(cmd, c, argv);
        }
}

int cli_better(const char *cmd, const char *arg, enum fk_better *out)
{
        if (!strcmp(arg, "higher"))
                *out = FK_BETTER_HIGHER;
        else if (!strcmp(arg, "lower"))
                *out = FK_BETTER_LOWER;
        else
                return cli_usage(cmd, "--better must be higher or lower, "
                                 "not '%s'", arg);
        return 0;
}

int cli_margin(const char *cmd, const char *arg, double *out)
{
        if (cli_number(cmd, "--margin", arg, out))
                return FK_EXIT_USAGE;
        if (!(*out > 0))
                return cli_usage(cmd, "--margin must be positive, not '%s'",
                                 arg);
        return 0;
}

int cli_conf(const char *cmd, const char *arg, double *out)
{
        if (cli_number(cmd, "--conf", arg, out))
                return FK_EXIT_USAGE;
        if (!(*out > 0 && *out < 1))
                return cli_usage(cmd, "--conf must lie between 0 and 1, "
                                 "not '%s'", arg);
        return 0;
}

int cli_reps(const char *cmd, const char *arg, double *out)
{
        if (cli_number(cmd, "--reps", arg, out))
                return FK_EXIT_USAGE;
        if (!(*out >= 1 && *out <= 1e8) || *out - floor(*out) > 0)
                return cli_usage(cmd, "--reps must be a whole number from 1 "
                                 "to 10^8, not '%s'", arg);
        return 0;
}

int cli_seed(const char *cmd, const char *arg, unsigned long *out)
{
        double d;

        if (cli_number(cmd, "--seed", arg, &d))
                return FK_EXIT_USAGE;
        if (!(d >= 0 && d < 4294967296.0) || d - floor(d) > 0)
                return cli_usage(cmd, "--seed must be a whole number from 0 "
                                 "to 2^32-1, not '%s'", arg);
        *out = (unsigned long)d;
        return 0;
}
