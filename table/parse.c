/* Cell values as numbers, binary values and counts; see
 * include/fkstat/table.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fkstat/table.h"
#include "internal.h"

static int is_digit(char c)
{
        return c >= '0' && c <= '9';
}

/* The whole of s is [+-] digits [mark digits] [eE [+-] digits], with at
 * least one mantissa digit.  Checked first because strtod alone would take
 * "inf", "0x1p3", leading blanks and the wrong decimal mark. */
static int is_number(const char *s, char mark)
{
        size_t i = 0, digits = 0;

        if (s[i] == '+' || s[i] == '-')
                i++;
        for (; is_digit(s[i]); i++)
                digits++;
        if (s[i] == mark)
                for (i++; is_digit(s[i]); i++)
                        digits++;
        if (!digits)
                return 0;
        if (s[i] == 'e' || s[i] == 'E') {
                i++;
                if (s[i] == '+' || s[i] == '-')
                        i++;
                if (!is_digit(s[i]))
                        return 0;
                while (is_digit(s[i]))
                        i++;
        }
        return s[i] == '\0';
}

int fk_parse_double(const char *s, char decimal, double *out)
{
        char local[64], *copy = NULL, *end;
        const char *num = s;
        double v;
        int rc = FK_OK;

        if (decimal != '.' && decimal != ',')
                return FK_EDOMAIN;
        if (!s || !is_number(s, decimal))
                return FK_EDATA;
        if (decimal == ',') {
                size_t n = strlen(s);

                copy = n < sizeof local ? local : malloc(n + 1);
                if (!copy)
                        return FK_ENOMEM;
                memcpy(copy, s, n + 1);
                end = strchr(copy, ',');
                if (end)
                        *end = '.';
                num = copy;
        }
        /* strtod reads '.' as the mark: the CLI leaves LC_NUMERIC at "C".
         * Overflow gives an infinity; underflow to a subnormal or zero is a
         * finite answer and is kept. */
        v = strtod(num, &end);
        if (*end != '\0' || !isfinite(v))
                rc = FK_EDATA;
        else
                *out = v;
        if (copy != local)
                free(copy);
        return rc;
}

static int same_word(const char *s, const char *word)
{
        for (; *s && *word; s++, word++) {
                char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;

                if (c != *word)
                        return 0;
        }
        return *s == '\0' && *word == '\0';
}

int fk_parse_binary(const char *s, int *out)
{
        static const char *const yes[] = { "1", "true", "yes", "ja" };
        static const char *const no[] = { "0", "false", "no", "nej" };

        if (!s)
                return FK_EDATA;
        for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
                if (same_word(s, yes[i])) {
                        *out = 1;
                        return FK_OK;
                }
                if (same_word(s, no[i])) {
                        *out = 0;
                        return FK_OK;
                }
        }
        return FK_EDATA;
}

int fk_parse_count(const char *s, char decimal, unsigned long long *out)
{
        /* Counts beyond 2^53 would not survive the conversion to double
         * that every statistic makes. */
        const unsigned long long max = 1ULL << 53;
        unsigned long long v = 0;
        size_t i = 0;

        if (decimal != '.' && decimal != ',')
                return FK_EDOMAIN;
        if (!s || !is_digit(s[0]))
                return FK_EDATA;
        for (; is_digit(s[i]); i++) {
                unsigned d = (unsigned)(s[i] - '0');

                if (v > (max - d) / 10)
                        return FK_EDATA;
                v = 10 * v + d;
        }
        if (s[i] == decimal) {
                if (s[++i] != '0')
                        return FK_EDATA;
                while (s[i] == '0')
                        i++;
        }
        if (s[i] != '\0')
                return FK_EDATA;
        *out = v;
        return FK_OK;
}

void table_trim(const char **s, size_t *n)
{
        while (*n && (**s == ' ' || **s == '\t')) {
                (*s)++;
                (*n)--;
        }
        while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
                (*n)--;
}

static int name_is(const char *want, const char *name, int nocase)
{
        size_t n = strlen(want);

        table_trim(&want, &n);
        return strlen(name) == n &&
               !(nocase ? strncasecmp(want, name, n) : memcmp(want, name, n));
}

int table_name_is(const char *want, const char *name)
{
        return name_is(want, name, 0);
}

int table_name_is_nocase(const char *want, const char *name)
{
        return name_is(want, name, 1);
}
