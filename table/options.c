/* The input options: checks, and their values from text (the command
 * line, a plan file); see include/fkstat/table.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

int table_check_opts(const struct fk_csv_opts *o, struct fk_error *err)
{
        unsigned char d = (unsigned char)o->delimiter;
        int th = o->thousands;

        if (d && (d == '"' || d == '\r' || d == '\n' || d == ' ' || d >= 0x80))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "invalid delimiter '%c'", o->delimiter);
        if (o->decimal && o->decimal != '.' && o->decimal != ',')
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "invalid decimal mark '%c'", o->decimal);
        if (th && th != FK_THOUSANDS_NONE && th != '.' && th != ',' &&
            th != ' ' && th != '\'')
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "invalid thousands separator");
        if (th > 0 && (th == o->decimal || th == o->delimiter))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "the thousands separator '%c' is also "
                                    "the %s", th, th == o->decimal ?
                                    "decimal mark" : "delimiter");
        if (o->encoding < FK_ENCODING_AUTO || o->encoding > FK_ENCODING_CP1252)
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "invalid encoding");
        if (o->header_line < 0)
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "invalid header line");
        return FK_OK;
}

static int bad(struct fk_error *err, const char *key, const char *value,
               const char *want)
{
        return fk_error_set(err, FK_EUSAGE, NULL, 0, "--%s must be %s, not "
                            "'%s'", key, want, fk_quote(value).s);
}

int fk_csv_opt_set(struct fk_csv_opts *o, const char *key, const char *value,
                   struct fk_error *err)
{
        if (!strcmp(key, "delimiter")) {
                if (!strcmp(value, ",") || !strcmp(value, ";"))
                        o->delimiter = value[0];
                else if (!strcmp(value, "\t") || !strcmp(value, "\\t") ||
                         !strcasecmp(value, "tab"))
                        o->delimiter = '\t';
                else
                        return bad(err, key, value, "',' ';' or tab");
        } else if (!strcmp(key, "decimal")) {
                if (strcmp(value, ".") && strcmp(value, ","))
                        return bad(err, key, value, "'.' or ','");
                o->decimal = value[0];
        } else if (!strcmp(key, "na")) {
                o->na = value;
        } else if (!strcmp(key, "skip")) {
                char *end;
                long n;

                errno = 0;
                n = strtol(value, &end, 10);
                if (end == value || *end || errno || n < 0 ||
                    n > 1000000000L || value[0] == '+' || value[0] == '-' ||
                    value[0] == ' ')
                        return bad(err, key, value,
                                   "a whole number of lines, 0 or more");
                o->header_line = n + 1;
        } else if (!strcmp(key, "thousands")) {
                if (!strcmp(value, "none"))
                        o->thousands = FK_THOUSANDS_NONE;
                else if (!strcmp(value, "space"))
                        o->thousands = ' ';
                else if (strlen(value) == 1 && strchr(".,' ", value[0]))
                        o->thousands = value[0];
                else
                        return bad(err, key, value,
                                   "'.' ',' space apostrophe or none");
        } else if (!strcmp(key, "encoding")) {
                if (!strcasecmp(value, "utf-8") || !strcasecmp(value, "utf8"))
                        o->encoding = FK_ENCODING_UTF8;
                else if (!strcasecmp(value, "cp1252") ||
                         !strcasecmp(value, "windows-1252") ||
                         !strcasecmp(value, "latin1") ||
                         !strcasecmp(value, "latin-1") ||
                         !strcasecmp(value, "iso-8859-1"))
                        o->encoding = FK_ENCODING_CP1252;
                else if (!strcasecmp(value, "auto"))
                        o->encoding = FK_ENCODING_AUTO;
                else
                        return bad(err, key, value, "utf-8 or cp1252");
        } else {
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "unknown input option '%s'",
                                    fk_quote(key).s);
        }
        return FK_OK;
}
