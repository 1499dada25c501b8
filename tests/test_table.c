/* Unit tests of the CSV reader (table/) and the cell parsers.
 *
 * Every fixture under tests/fixtures/csv/ is parsed with
 * fk_table_parse_buffer at every chunk size 0, 1, ..., len and must give
 * the same table (or error) each time, as libcsv's own test_csv.c does.
 * Paths are relative to the top of the source tree, where make runs the
 * tests.
 */
#include <stdlib.h>
#include <string.h>

#include "fk_test.h"
#include "fkstat/table.h"

#define DIR "tests/fixtures/csv/"
#define N_ (const char *)0      /* a missing cell */

struct want {
        const char *file;
        struct fk_csv_opts opts;
        int code;               /* FK_OK, or the error expected */
        long err_line;
        const char *err_msg;
        char delimiter, decimal;
        int converted;
        size_t ncols, nrows;
        const char *const *names;
        const char *const *cells;       /* row-major, N_ = missing */
        const long *lines;
        size_t nnotes;                  /* fk_table_note, in order */
        const char *const *notes;
};

#define NAMES(...) .names = (const char *const[]){ __VA_ARGS__ }
#define CELLS(...) .cells = (const char *const[]){ __VA_ARGS__ }
#define LINES(...) .lines = (const long[]){ __VA_ARGS__ }
#define NOTES(n, ...) .nnotes = (n), .notes = (const char *const[]){ __VA_ARGS__ }
#define OPTS(...) { __VA_ARGS__ }
#define FAILS(c, l, m) .code = (c), .err_line = (l), .err_msg = (m)

static const struct want w_comma = {
        "comma.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ',', '.', 0, 3, 3,
        NAMES("id", "arm", "score"),
        CELLS("1", "trial", "12.5", "2", "control", "3", "3", "trial", N_),
        LINES(2, 3, 4)
};

static const struct want w_semicolon_dk = {
        "semicolon_dk.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ';', ',', 0,
        3, 3, NAMES("navn", "gruppe", "vægt"),
        CELLS("Øster", "kontrol", "12,5", "Åse", "forsøg", "-3,25",
              "Ærø", "kontrol", N_),
        LINES(2, 3, 4)
};

/* A forced decimal mark wins over the detected one. */
static const struct want w_forced_decimal = {
        "semicolon_dk.csv", OPTS(.decimal = '.'), FK_OK, 0, NULL, ';', '.', 0,
        3, 3, NAMES("navn", "gruppe", "vægt"),
        CELLS("Øster", "kontrol", "12,5", "Åse", "forsøg", "-3,25",
              "Ærø", "kontrol", N_),
        LINES(2, 3, 4)
};

static const struct want w_tab_bom = {
        "tab_bom.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, '\t', '.', 0, 3, 2,
        NAMES("id", "group", "value"),
        CELLS("1", "a", "1.5", "2", N_, "2"),
        LINES(2, 3)
};

static const struct want w_latin1 = {
        "latin1_crlf.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ';', ',', 1,
        3, 2, NAMES("navn", "vægt", "by"),
        CELLS("Søren", "72,5", "Århus", "M€tte", "80", "Køge"),
        LINES(2, 3)
};

static const struct want w_quoted = {
        "quoted.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ';', ',', 0, 3, 5,
        NAMES("id", "comment", "value"),
        CELLS("1", "a;b", "1,5",
              "2", "line one\nline two", "2",
              "3", "say \"hi\"", "3,25",
              "4", "padded", N_,
              "5", "x\n\ny", "7"),
        LINES(2, 3, 6, 7, 9)
};

/* Forcing ',' on a ';' file: the header is one column, and the first
 * quoted field then starts inside an unquoted one. */
static const struct want w_forced_delimiter = {
        "quoted.csv", OPTS(.delimiter = ','),
        FAILS(FK_EDATA, 2, "quote inside unquoted field")
};

static const struct want w_na_default = {
        "na.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ',', '.', 0, 4, 3,
        NAMES("a", "b", "c", "d"),
        CELLS(N_, N_, N_, N_, "x", N_, "n/a", N_, "missing", "0", N_, "1"),
        LINES(2, 3, 4)
};

static const struct want w_na_custom = {
        "na.csv", OPTS(.na = "n/a, missing,,"), FK_OK, 0, NULL, ',', '.', 0,
        4, 3, NAMES("a", "b", "c", "d"),
        CELLS("NA", ".", "-", N_, "x", "NA", N_, "-", N_, "0", ".", "1"),
        LINES(2, 3, 4)
};

static const struct want w_cr_only = {
        "cr_only.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ',', '.', 0, 2, 3,
        NAMES("a", "b"),
        CELLS("1", "2", "x\ry", "3", "4", "5"),
        LINES(2, 3, 5)
};

static const struct want w_one_col = {
        "one_col.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ',', '.', 0, 1, 3,
        NAMES("score"), CELLS("1", N_, "2"), LINES(2, 4, 5)
};

static const struct want w_header_only = {
        "header_only.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ';', '.', 0,
        3, 0, NAMES("a", "b", "c"), .cells = NULL, .lines = NULL
};

static const struct want w_ragged = {
        "ragged.csv", FK_CSV_OPTS_INIT,
        FAILS(FK_EDATA, 5, "row has 3 fields, header has 5")
};

static const struct want w_unterminated = {
        "unterminated.csv", FK_CSV_OPTS_INIT,
        FAILS(FK_EDATA, 3, "unterminated quoted field")
};

static const struct want w_quote_in_field = {
        "quote_in_field.csv", FK_CSV_OPTS_INIT,
        FAILS(FK_EDATA, 3, "quote inside unquoted field")
};

static const struct want w_after_quote = {
        "after_quote.csv", FK_CSV_OPTS_INIT,
        FAILS(FK_EDATA, 2, "unexpected character after closing quote")
};

static const struct want w_empty = {
        "empty.csv", FK_CSV_OPTS_INIT, FAILS(FK_EDATA, 0, "empty file")
};

static const struct want w_blank_only = {
        "blank_only.csv", FK_CSV_OPTS_INIT, FAILS(FK_EDATA, 0, "empty file")
};

static const struct want w_dup_header = {
        "dup_header.csv", FK_CSV_OPTS_INIT,
        FAILS(FK_EDATA, 1, "duplicate column name 'id'")
};

static const struct want w_empty_name = {
        "empty_name.csv", FK_CSV_OPTS_INIT,
        FAILS(FK_EDATA, 1, "column 2 has an empty name")
};

static const struct want w_nul = {
        "nul.csv", FK_CSV_OPTS_INIT,
        FAILS(FK_EDATA, 3, "NUL byte in input (not a text file?)")
};

/* Statistics Denmark's StatBank as downloaded: a byte order mark, a
 * quoted title line (with commas), ';', CRLF, "2019K3" periods, ".." for
 * suppressed values, decimal commas, and a source line after a blank
 * line. */
static const struct want w_statbank = {
        "statbank_auk01.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ';', ',', 0,
        5, 7, NAMES("OMRÅDE", "YDELSESTYPE", "KØN", "TID", "INDHOLD"),
        CELLS("Aalborg", "Dagpenge", "Mænd", "2019K3", "3,4",
              "Aalborg", "Dagpenge", "Mænd", "2019K4", "3,1",
              "Aalborg", "Dagpenge", "Kvinder", "2019K3", N_,
              "Aarhus", "Dagpenge", "Mænd", "2019K3", "2,9",
              "Aarhus", "Dagpenge", "Mænd", "2019K4", N_,
              "Aarhus", "Dagpenge", "Kvinder", "2019K3", "3,6",
              "Læsø", "Dagpenge", "Mænd", "2019K3", "4,25"),
        LINES(3, 4, 5, 6, 7, 8, 9),
        NOTES(2, "statbank_auk01.csv: skipped 1 title line above the header "
                 "('AUK01: Fuldtidsledige i procent af arbej\xe2\x80\xa6')",
              "statbank_auk01.csv: skipped 1 note line below the data, from "
              "line 11 ('Kilde: Danmarks Statistik, statistikbank"
              "\xe2\x80\xa6')")
};

/* jobindsats.dk as an Excel sheet saved as CSV: two title lines and a
 * blank one, thousands separators in columns with no decimal part
 * (ambiguous, said so), a padded empty row and two padded note lines. */
#define JOBINDSATS_NAMES NAMES("Område", "Heraf i job", "Antal forløb")
#define JOBINDSATS_LINES LINES(5, 6, 7, 8, 9, 10)
#define JOBINDSATS_FOOTER "jobindsats_forloeb.csv: skipped 2 note lines " \
        "below the data, from line 12 ('Kilde: jobindsats.dk')"
static const struct want w_jobindsats = {
        "jobindsats_forloeb.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ';', ',',
        0, 3, 6, JOBINDSATS_NAMES,
        CELLS("Aalborg", "1069", "2345", "Frederikshavn", "412", "987",
              "Hjørring", "388", "901", "Aarhus", "1512", "3120",
              "Odense", "1204", "2687", "Brønderslev", "201", "460"),
        JOBINDSATS_LINES,
        NOTES(4, "jobindsats_forloeb.csv: skipped 2 title lines above the "
                 "header ('Ydelsesgrupper - forløb og afgang til jo"
                 "\xe2\x80\xa6')",
              JOBINDSATS_FOOTER,
              "column 'Heraf i job': '1.069' read as 1069, '.' as thousands "
              "separator (ambiguous; --thousands none reads '.' as the "
              "decimal mark)",
              "column 'Antal forløb': '2.345' read as 2345, '.' as thousands "
              "separator (ambiguous; --thousands none reads '.' as the "
              "decimal mark)")
};

/* --thousands none: "1.069" votes for a decimal point, as it always did. */
static const struct want w_jobindsats_none = {
        "jobindsats_forloeb.csv", OPTS(.thousands = FK_THOUSANDS_NONE), FK_OK,
        0, NULL, ';', '.', 0, 3, 6, JOBINDSATS_NAMES,
        CELLS("Aalborg", "1.069", "2.345", "Frederikshavn", "412", "987",
              "Hjørring", "388", "901", "Aarhus", "1.512", "3.120",
              "Odense", "1.204", "2.687", "Brønderslev", "201", "460"),
        JOBINDSATS_LINES,
        NOTES(2, "jobindsats_forloeb.csv: skipped 2 title lines above the "
                 "header ('Ydelsesgrupper - forløb og afgang til jo"
                 "\xe2\x80\xa6')", JOBINDSATS_FOOTER)
};

/* --skip 3 --thousands .: the header named, the separator named, so
 * neither the titles nor the separator are said. */
static const struct want w_jobindsats_skip = {
        "jobindsats_forloeb.csv", OPTS(.header_line = 4, .thousands = '.'),
        FK_OK, 0, NULL, ';', ',', 0, 3, 6, JOBINDSATS_NAMES,
        CELLS("Aalborg", "1069", "2345", "Frederikshavn", "412", "987",
              "Hjørring", "388", "901", "Aarhus", "1512", "3120",
              "Odense", "1204", "2687", "Brønderslev", "201", "460"),
        JOBINDSATS_LINES, NOTES(1, JOBINDSATS_FOOTER)
};

/* --skip 1 --delimiter ';': the header is the first non-blank line from
 * line 2 on, the title line "Periode: 2019" (one column), so the data are
 * ragged. */
static const struct want w_jobindsats_skip_wrong = {
        "jobindsats_forloeb.csv", OPTS(.delimiter = ';', .header_line = 2),
        FAILS(FK_EDATA, 4, "row has 3 fields, header has 1")
};

/* A decimal-comma file: '.' groups thousands in a numeric column, also
 * beside decimal commas; a column with text keeps its dots. */
static const struct want w_thousands_dk = {
        "thousands_dk.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ';', ',', 0,
        5, 4, NAMES("navn", "antal", "beløb", "kode", "andel"),
        CELLS("Aalborg", "1234", "1234,5", "1.234", "0,5",
              "Aarhus", "22623", "12,25", "A.123", "0,25",
              "Odense", "1234567", "-3,5", "7", N_,
              "Køge", "12", "1000000,75", "8", "1"),
        LINES(2, 3, 4, 5),
        NOTES(2, "column 'antal': '.' read as thousands separator "
                 "('1.234' = 1234)",
              "column 'beløb': '.' read as thousands separator "
              "('1.234,5' = 1234,5)")
};

/* A decimal-point file: ',' groups thousands (quoted in a ',' file). */
static const struct want w_thousands_en = {
        "thousands_en.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ',', '.', 0,
        3, 3, NAMES("name", "count", "amount"),
        CELLS("a", "1234", "2.5", "b", "12345678", "3", "c", "17", "1234.75"),
        LINES(2, 3, 4),
        NOTES(2, "column 'count': ',' read as thousands separator "
                 "('1,234' = 1234)",
              "column 'amount': ',' read as thousands separator "
              "('1,234.75' = 1234.75)")
};

/* --thousands ' ': Danish print style, with the decimal comma. */
static const struct want w_thousands_space = {
        "thousands_space.csv", OPTS(.thousands = ' '), FK_OK, 0, NULL, ';',
        ',', 0, 2, 2, NAMES("a", "b"), CELLS("1234", "2", "12345678,5", "3"),
        LINES(2, 3)
};

/* TAB files keep the majority rule: "1.500" is a decimal point there. */
static const struct want w_tab_ambiguous = {
        "tab_ambiguous.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, '\t', '.', 0,
        2, 2, NAMES("x", "y"), CELLS("1.500", "2", "2.250", "3"), LINES(2, 3)
};

/* Excel pads every line to the sheet's width: titles and notes too. */
static const struct want w_excel_padded = {
        "excel_padded.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ';', '.', 0,
        3, 2, NAMES("A", "B", "C"), CELLS("1", "2", "3", "4", "5", "6"),
        LINES(4, 5),
        NOTES(2, "excel_padded.csv: skipped 2 title lines above the header "
                 "('Titel')",
              "excel_padded.csv: skipped 1 note line below the data, from "
              "line 6 ('Kilde: egen beregning')")
};

/* The last line looks like a note but ends a quoted field: no footer. */
static const struct want w_footer_quoted = {
        "footer_quoted.csv", FK_CSV_OPTS_INIT, FK_OK, 0, NULL, ';', '.', 0,
        2, 1, NAMES("id", "comment"), CELLS("1", "first\nsecond line"),
        LINES(2)
};

/* "control" is a value of the first column: a row cut short, an error,
 * not a note. */
static const struct want w_footer_first_col = {
        "footer_first_col.csv", FK_CSV_OPTS_INIT,
        FAILS(FK_EDATA, 4, "row has 1 field, header has 2")
};

/* One Windows-1252 line in a UTF-8 file. */
static const struct want w_mixed_encoding = {
        "mixed_encoding.csv", FK_CSV_OPTS_INIT,
        FAILS(FK_EDATA, 4, "not UTF-8, unlike other lines of the file (use "
                           "--encoding utf-8 or --encoding cp1252)")
};

static const struct want w_encoding_utf8 = {
        "mixed_encoding.csv", OPTS(.encoding = FK_ENCODING_UTF8), FK_OK, 0,
        NULL, ';', '.', 0, 3, 4, NAMES("kommune", "arm", "job"),
        CELLS("Aalborg", "forsøg", "1", "Aarhus", "kontrol", "0",
              "Hjørring", "forsøg", "1", "Odense", "kontrol", "1"),
        LINES(2, 3, 4, 5),
        NOTES(1, "mixed_encoding.csv: 1 line not UTF-8 (the first line 4) "
                 "read as Windows-1252")
};

/* --encoding cp1252 reads every byte so, the UTF-8 ones too. */
static const struct want w_encoding_cp1252 = {
        "mixed_encoding.csv", OPTS(.encoding = FK_ENCODING_CP1252), FK_OK, 0,
        NULL, ';', '.', 1, 3, 4, NAMES("kommune", "arm", "job"),
        CELLS("Aalborg", "forsÃ¸g", "1", "Aarhus", "kontrol", "0",
              "Hjørring", "forsøg", "1", "Odense", "kontrol", "1"),
        LINES(2, 3, 4, 5)
};

/* Wide tables (--wide): one column per month as a jobindsats.dk sheet
 * saved from Excel gives them (a BOM, a title, CRLF, ".." cells,
 * thousands separators, a padded note line), read long: each row gives a
 * row per period column with the other columns repeated; the period
 * columns are read as one column for the thousands separator. */
#define WIDE(p, v) OPTS(.wide_period = (p), .wide_value = (v))
static const struct want w_wide_jobindsats = {
        "wide_jobindsats.csv", WIDE("måned", " forløb i job "), FK_OK, 0,
        NULL, ';', ',', 0, 4, 9,
        NAMES("Område", "Kode", "måned", "forløb i job"),
        CELLS("Aalborg", "851", "2019M01", "1234",
              "Aalborg", "851", "2019M02", "1301",
              "Aalborg", "851", "2019M03", N_,
              "Læsø", "825", "2019M01", N_,
              "Læsø", "825", "2019M02", "7",
              "Læsø", "825", "2019M03", "9",
              "Hjørring", "860", "2019M01", "987",
              "Hjørring", "860", "2019M02", "1002",
              "Hjørring", "860", "2019M03", "1010"),
        LINES(4, 4, 4, 5, 5, 5, 6, 6, 6),
        NOTES(4, "wide_jobindsats.csv: skipped 2 title lines above the "
                 "header ('Jobindsats: Antal forløb i job, månedlig')",
              "wide_jobindsats.csv: skipped 1 note line below the data, "
              "from line 8 ('Kilde: jobindsats.dk')",
              "the 3 period columns: '1.234' read as 1234, '.' as thousands "
              "separator (ambiguous; --thousands none reads '.' as the "
              "decimal mark)",
              "wide_jobindsats.csv: --wide: 3 period columns ('2019M01' to "
              "'2019M03') read as rows of 'måned' and 'forløb i job'")
};

/* StatBank's wide download: quarters, decimal commas, "..". */
static const struct want w_wide_statbank = {
        "wide_statbank.csv", WIDE("TID", "INDHOLD"), FK_OK, 0, NULL, ';',
        ',', 0, 3, 6, NAMES("OMRÅDE", "TID", "INDHOLD"),
        CELLS("Aalborg", "2019K1", "52,5", "Aalborg", "2019K2", "53,1",
              "Aalborg", "2019K3", N_, "Fanø", "2019K1", N_,
              "Fanø", "2019K2", "48,0", "Fanø", "2019K3", "47,25"),
        LINES(3, 3, 3, 4, 4, 4),
        NOTES(2, "wide_statbank.csv: skipped 1 title line above the header "
                 "('Tabel AUK01: Andel i job')",
              "wide_statbank.csv: --wide: 3 period columns ('2019K1' to "
              "'2019K3') read as rows of 'TID' and 'INDHOLD'")
};

/* The errors of --wide name the file and its header line. */
static const struct want w_wide_noperiod = {
        "wide_noperiod.csv", WIDE("kvartal", "andel"),
        FAILS(FK_EDATA, 1, "--wide: no column of the header is named by a "
                           "period (2017, 2017H1, 2017Q3, 2017K3, 2017M07, "
                           "2017-07)")
};

static const struct want w_wide_mixed = {
        "wide_mixed.csv", WIDE("kvartal", "andel"),
        FAILS(FK_EDATA, 1, "--wide: column '2019K2' is a quarter but column "
                           "'2019' a year: the period columns must be of "
                           "one kind")
};

static const struct want w_wide_same = {
        "wide_same.csv", WIDE("kvartal", "andel"),
        FAILS(FK_EDATA, 1, "--wide: columns '2019K1' and '2019Q1' are the "
                           "same period")
};

static const struct want w_wide_collide = {
        "wide_collide.csv", WIDE("kvartal", "andel"),
        FAILS(FK_EUSAGE, 1, "--wide: the new period column 'kvartal' is "
                            "already a column of the header; name it "
                            "otherwise")
};

static const struct want w_wide_collide_value = {
        "wide_collide.csv", WIDE("tid", "2019K2"),
        FAILS(FK_EUSAGE, 1, "--wide: the new value column '2019K2' is "
                            "already a column of the header; name it "
                            "otherwise")
};

static char *slurp(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        char *buf;
        long n;

        if (!f)
                fail_msg("cannot open %s", path);
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
        n = ftell(f);
        assert_true(n >= 0);
        rewind(f);
        buf = malloc((size_t)n + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
        fclose(f);
        *len = (size_t)n;
        return buf;
}

static int same_cell(const char *got, const char *want)
{
        return got && want ? !strcmp(got, want) : got == want;
}

/* The first difference between t and w, or NULL. */
static const char *diff_table(const struct fk_table *t, const struct want *w)
{
        static char why[512];

        if (fk_table_ncols(t) != w->ncols || fk_table_nrows(t) != w->nrows) {
                snprintf(why, sizeof why, "%zu x %zu, want %zu x %zu",
                         fk_table_nrows(t), fk_table_ncols(t), w->nrows,
                         w->ncols);
                return why;
        }
        if (fk_table_delimiter(t) != w->delimiter ||
            fk_table_decimal(t) != w->decimal ||
            fk_table_converted(t) != w->converted) {
                snprintf(why, sizeof why, "delimiter %d decimal '%c' "
                         "converted %d, want %d '%c' %d",
                         fk_table_delimiter(t), fk_table_decimal(t),
                         fk_table_converted(t), w->delimiter, w->decimal,
                         w->converted);
                return why;
        }
        for (size_t j = 0; j < w->ncols; j++) {
                if (!same_cell(fk_table_colname(t, j), w->names[j])) {
                        snprintf(why, sizeof why, "column %zu is '%s'", j,
                                 fk_table_colname(t, j));
                        return why;
                }
        }
        for (size_t i = 0; i < w->nrows; i++) {
                if (fk_table_row_line(t, i) != w->lines[i]) {
                        snprintf(why, sizeof why, "row %zu on line %ld, "
                                 "want %ld", i, fk_table_row_line(t, i),
                                 w->lines[i]);
                        return why;
                }
                for (size_t j = 0; j < w->ncols; j++) {
                        const char *got = fk_table_cell(t, i, j);
                        const char *want = w->cells[i * w->ncols + j];

                        if (!same_cell(got, want)) {
                                snprintf(why, sizeof why, "cell (%zu,%zu) "
                                         "is %s%s%s, want %s%s%s", i, j,
                                         got ? "'" : "", got ? got : "NULL",
                                         got ? "'" : "", want ? "'" : "",
                                         want ? want : "NULL",
                                         want ? "'" : "");
                                return why;
                        }
                }
        }
        if (fk_table_nnotes(t) != w->nnotes) {
                snprintf(why, sizeof why, "%zu notes, want %zu (first: %s)",
                         fk_table_nnotes(t), w->nnotes,
                         fk_table_nnotes(t) ? fk_table_note(t, 0) : "none");
                return why;
        }
        for (size_t i = 0; i < w->nnotes; i++)
                if (strcmp(fk_table_note(t, i), w->notes[i])) {
                        snprintf(why, sizeof why, "note %zu is '%s'", i,
                                 fk_table_note(t, i));
                        return why;
                }
        return NULL;
}

static void test_fixture(void **state)
{
        const struct want *w = *state;
        char path[256];
        size_t len;
        char *buf;

        snprintf(path, sizeof path, DIR "%s", w->file);
        buf = slurp(path, &len);
        for (size_t chunk = 0; chunk <= len; chunk++) {
                struct fk_error err = FK_ERROR_INIT;
                struct fk_table *t = NULL;
                int rc = fk_table_parse_buffer(buf, len, w->file, chunk,
                                               &w->opts, &t, &err);
                const char *why;

                if (rc != w->code)
                        fail_msg("%s: chunk %zu: status %d (%s), want %d",
                                 w->file, chunk, rc, err.msg, w->code);
                if (rc) {
                        assert_null(t);
                        assert_int_equal(err.code, w->code);
                        assert_string_equal(err.file, w->file);
                        if (err.line != w->err_line)
                                fail_msg("%s: chunk %zu: error on line %ld, "
                                         "want %ld", w->file, chunk, err.line,
                                         w->err_line);
                        assert_string_equal(err.msg, w->err_msg);
                        continue;
                }
                why = diff_table(t, w);
                if (why)
                        fail_msg("%s: chunk %zu: %s", w->file, chunk, why);
                assert_int_equal(fk_table_nfiles(t), 1);
                assert_string_equal(fk_table_file(t, 0), w->file);
                if (w->nrows)
                        assert_string_equal(fk_table_row_file(t, 0), w->file);
                fk_table_free(t);
        }
        free(buf);
}

/* diff_table itself must notice a wrong cell, line and missing value. */
static void test_diff_detects(void **state)
{
        struct want w = w_comma;
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t;
        size_t len;
        char *buf = slurp(DIR "comma.csv", &len);

        (void)state;
        assert_int_equal(fk_table_parse_buffer(buf, len, "c", 0, NULL, &t,
                                               &err), FK_OK);
        assert_null(diff_table(t, &w));
        w.cells = (const char *const[]){ "1", "trial", "12.5", "2",
                                         "control", "3", "3", "trial", "NA" };
        assert_non_null(diff_table(t, &w));
        w = w_comma;
        w.lines = (const long[]){ 2, 3, 5 };
        assert_non_null(diff_table(t, &w));
        w = w_comma;
        w.decimal = ',';
        assert_non_null(diff_table(t, &w));
        fk_table_free(t);
        free(buf);
}

static void test_columns(void **state)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t;
        static const char body[] = " id , arm\n1,2\n";

        (void)state;
        assert_int_equal(fk_table_parse_buffer(body, strlen(body), "m", 0,
                                               NULL, &t, &err), FK_OK);
        assert_int_equal(fk_table_col(t, "id"), 0);
        assert_int_equal(fk_table_col(t, " arm\t"), 1);
        assert_int_equal(fk_table_col(t, "ar"), -1);
        assert_int_equal(fk_table_col(t, "armx"), -1);
        assert_null(fk_table_colname(t, 2));
        assert_null(fk_table_cell(t, 1, 0));
        assert_null(fk_table_cell(t, 0, 2));
        assert_string_equal(fk_table_cell(t, 0, 1), "2");
        fk_table_free(t);
}

static void test_bad_options(void **state)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = NULL;
        struct fk_csv_opts o = OPTS(.decimal = ';');

        (void)state;
        assert_int_equal(fk_table_parse_buffer("a\n", 2, "o", 0, &o, &t,
                                               &err), FK_EUSAGE);
        assert_null(t);
        o.decimal = 0;
        o.delimiter = '"';
        assert_int_equal(fk_table_parse_buffer("a\n", 2, "o", 0, &o, &t,
                                               &err), FK_EUSAGE);
}

/* Enough rows to grow every array many times. */
static void test_large(void **state)
{
        const size_t rows = 200000;
        size_t cap = 64 + rows * 40, len;
        char *buf = malloc(cap);
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t;
        char want[32];

        (void)state;
        assert_non_null(buf);
        len = (size_t)snprintf(buf, cap, "id;arm;x;y;z\n");
        for (size_t i = 0; i < rows; i++)
                len += (size_t)snprintf(buf + len, cap - len,
                                        "%zu;%s;%zu,5;NA;\"q\"\n", i,
                                        i % 2 ? "trial" : "control", i % 97);
        assert_int_equal(fk_table_parse_buffer(buf, len, "big", 0, NULL, &t,
                                               &err), FK_OK);
        assert_int_equal(fk_table_nrows(t), rows);
        assert_int_equal(fk_table_decimal(t), ',');
        snprintf(want, sizeof want, "%zu", rows - 1);
        assert_string_equal(fk_table_cell(t, rows - 1, 0), want);
        assert_string_equal(fk_table_cell(t, rows - 1, 4), "q");
        assert_null(fk_table_cell(t, rows - 1, 3));
        assert_int_equal(fk_table_row_line(t, rows - 1), (long)rows + 1);
        fk_table_free(t);
        free(buf);
}

static void read_error(const char *const *files, size_t n, int code,
                       const char *file, long line, const char *msg)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = NULL;

        assert_int_equal(fk_table_read(files, n, NULL, &t, &err), code);
        assert_null(t);
        assert_int_equal(err.code, code);
        assert_string_equal(err.file, file);
        assert_int_equal(err.line, line);
        assert_string_equal(err.msg, msg);
}

static void test_read_files(void **state)
{
        const char *files[] = { DIR "multi_a.csv", DIR "multi_b.csv" };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t;

        (void)state;
        assert_int_equal(fk_table_read(files, 2, NULL, &t, &err), FK_OK);
        assert_int_equal(fk_table_ncols(t), 3);
        assert_int_equal(fk_table_nrows(t), 3);
        assert_int_equal(fk_table_delimiter(t), ';');
        assert_int_equal(fk_table_decimal(t), ',');
        assert_int_equal(fk_table_nfiles(t), 2);
        assert_string_equal(fk_table_file(t, 1), files[1]);
        assert_null(fk_table_file(t, 2));
        assert_string_equal(fk_table_row_file(t, 1), files[0]);
        assert_int_equal(fk_table_row_line(t, 1), 3);
        assert_string_equal(fk_table_row_file(t, 2), files[1]);
        assert_int_equal(fk_table_row_line(t, 2), 3);
        assert_string_equal(fk_table_cell(t, 2, 2), "4,25");
        fk_table_free(t);
}

static void test_read_errors(void **state)
{
        const char *differ[] = { DIR "multi_a.csv", DIR "multi_c.csv" };
        const char *missing[] = { DIR "multi_a.csv", DIR "nonexistent.csv" };
        const char *empty[] = { DIR "multi_a.csv", DIR "empty.csv" };
        const char *dir[] = { DIR };
        const char *ragged[] = { DIR "ragged.csv" };

        (void)state;
        read_error(differ, 2, FK_EDATA, differ[1], 1,
                   "header differs from " DIR "multi_a.csv");
        read_error(missing, 2, FK_EIO, missing[1], 0,
                   "cannot open: No such file or directory");
        read_error(empty, 2, FK_EDATA, empty[1], 0, "empty file");
        read_error(dir, 1, FK_EIO, dir[0], 0, "cannot read: Is a directory");
        read_error(ragged, 1, FK_EDATA, ragged[0], 5,
                   "row has 3 fields, header has 5");
        read_error(dir, 0, FK_EDOMAIN, "", 0, "no input files");
}

static void test_read_stdin(void **state)
{
        const char *files[] = { "-" };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t;

        (void)state;
        assert_non_null(freopen(DIR "latin1_crlf.csv", "rb", stdin));
        assert_int_equal(fk_table_read(files, 1, NULL, &t, &err), FK_OK);
        assert_null(diff_table(t, &w_latin1));
        assert_string_equal(fk_table_file(t, 0), "-");
        assert_string_equal(fk_table_row_file(t, 0), "<stdin>");
        fk_table_free(t);
}

struct num_case {
        const char *s;
        char decimal;
        double want;
};

static void test_parse_double(void **state)
{
        static const struct num_case ok[] = {
                { "0", '.', 0 }, { "12.5", '.', 12.5 }, { "-3.25", '.', -3.25 },
                { "+4", '.', 4 }, { ".5", '.', 0.5 }, { "5.", '.', 5 },
                { "1e3", '.', 1000 }, { "1E-2", '.', 0.01 },
                { "-1.5e+2", '.', -150 }, { "007", '.', 7 },
                { "12,5", ',', 12.5 }, { "-3,25", ',', -3.25 },
                { "1,5e2", ',', 150 }, { ",25", ',', 0.25 }, { "42", ',', 42 },
                { "1.7976931348623157e308", '.', 1.7976931348623157e308 },
                { "1e-400", '.', 0 },
                { "0,0000000000000000000000000000000000000000000000000000"
                  "00000000000000001", ',', 1e-69 },
        };
        static const struct num_case bad[] = {
                { "", '.', 0 }, { "inf", '.', 0 }, { "-inf", '.', 0 },
                { "infinity", '.', 0 }, { "nan", '.', 0 }, { "NaN", ',', 0 },
                { "1e999", '.', 0 }, { "-1e999", ',', 0 },
                { "1.8e308", '.', 0 }, { "1,5", '.', 0 }, { "1.5", ',', 0 },
                { "1,2,3", ',', 0 }, { "1.2.3", '.', 0 }, { "1,000.5", '.', 0 },
                { "1.000,5", ',', 0 }, { "1 000", '.', 0 }, { " 1", '.', 0 },
                { "1 ", '.', 0 }, { "0x10", '.', 0 }, { "e5", '.', 0 },
                { "1e", '.', 0 }, { "1e+", '.', 0 }, { ".", '.', 0 },
                { ",", ',', 0 }, { "-", '.', 0 }, { "+", '.', 0 },
                { "1..2", '.', 0 }, { "--1", '.', 0 }, { "1-", '.', 0 },
                { "12a", '.', 0 }, { "1e2.5", '.', 0 },
        };
        double v;

        (void)state;
        for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
                v = -99;
                if (fk_parse_double(ok[i].s, ok[i].decimal, &v) != FK_OK)
                        fail_msg("'%s' rejected", ok[i].s);
                fk_assert_rel(v, ok[i].want, 0);
        }
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
                if (fk_parse_double(bad[i].s, bad[i].decimal, &v) != FK_EDATA)
                        fail_msg("'%s' accepted with '%c'", bad[i].s,
                                 bad[i].decimal);
        assert_int_equal(fk_parse_double(NULL, '.', &v), FK_EDATA);
        assert_int_equal(fk_parse_double("1", ';', &v), FK_EDOMAIN);
}

static void test_parse_binary(void **state)
{
        static const char *const one[] = { "1", "true", "TRUE", "True",
                                           "yes", "YES", "Yes", "ja", "JA",
                                           "jA" };
        static const char *const zero[] = { "0", "false", "FALSE", "no",
                                            "No", "NO", "nej", "NEJ", "Nej" };
        static const char *const bad[] = { "", "2", "1.0", "00", "y", "n",
                                           "t", "f", "tru", "truee", "ja ",
                                           " ja", "nein", "oui", "yes!",
                                           "-1" };
        int v;

        (void)state;
        for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
                v = -1;
                if (fk_parse_binary(one[i], &v) != FK_OK || v != 1)
                        fail_msg("'%s' gave %d", one[i], v);
        }
        for (size_t i = 0; i < sizeof zero / sizeof *zero; i++) {
                v = -1;
                if (fk_parse_binary(zero[i], &v) != FK_OK || v != 0)
                        fail_msg("'%s' gave %d", zero[i], v);
        }
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
                if (fk_parse_binary(bad[i], &v) != FK_EDATA)
                        fail_msg("'%s' accepted", bad[i]);
        assert_int_equal(fk_parse_binary(NULL, &v), FK_EDATA);
}

struct count_case {
        const char *s;
        char decimal;
        unsigned long long want;
};

/* Data quoted in error messages is cut to 40 characters and kept on one
 * line (tests/malformed: a 2 MB cell, a quoted line break). */
static void test_quote(void **state)
{
        char big[300], utf[200] = "", bad[400];
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = NULL;
        char *csv;
        size_t n = 2000000;

        (void)state;
        assert_string_equal(fk_quote("maybe").s, "maybe");
        assert_string_equal(fk_quote("").s, "");
        assert_string_equal(fk_quote("a\nb\r\tc\001").s, "a\\nb\\r\\tc\\x01");
        memset(big, 'x', sizeof big - 1);
        big[sizeof big - 1] = '\0';
        assert_int_equal(strlen(fk_quote(big).s), 40 + 3);
        assert_string_equal(fk_quote(big).s + 40, "\xe2\x80\xa6");
        big[40] = '\0';
        assert_string_equal(fk_quote(big).s, big);
        for (int i = 0; i < 41; i++)
                strcat(utf, "\xc3\xb8");                /* ø */
        assert_int_equal(strlen(fk_quote(utf).s), 80 + 3);
        bad[0] = '\xf4';                               /* not UTF-8 */
        memset(bad + 1, '\x80', sizeof bad - 2);
        bad[sizeof bad - 1] = '\0';
        assert_true(strlen(fk_quote(bad).s) < sizeof(struct fk_quote));
        /* a 2 MB cell: the message stays short */
        csv = malloc(2 * n + 64);
        assert_non_null(csv);
        strcpy(csv, "arm,y,y\ntrial,1,1\n");
        assert_int_equal(fk_table_parse_buffer(csv, strlen(csv), "d.csv", 0,
                                               NULL, &t, &err), FK_EDATA);
        assert_string_equal(err.msg, "duplicate column name 'y'");
        /* found by fuzz_csv: a quoted line break in a name */
        strcpy(csv, "arm,\"a\nb\",\"a\nb\"\n");
        assert_int_equal(fk_table_parse_buffer(csv, strlen(csv), "d.csv", 1,
                                               NULL, &t, &err), FK_EDATA);
        assert_string_equal(err.msg, "duplicate column name 'a\\nb'");
        /* header arm,z...z,z...z: two 2 MB names, the same */
        memcpy(csv, "arm,", 4);
        memset(csv + 4, 'z', n);
        csv[4 + n] = ',';
        memset(csv + 5 + n, 'z', n);
        strcpy(csv + 5 + 2 * n, "\n");
        assert_int_equal(fk_table_parse_buffer(csv, strlen(csv), "d.csv", 0,
                                               NULL, &t, &err), FK_EDATA);
        assert_true(strlen(err.msg) < 100);
        assert_non_null(strstr(err.msg, "\xe2\x80\xa6"));
        free(csv);
}

static void test_parse_count(void **state)
{
        static const struct count_case ok[] = {
                { "0", '.', 0 }, { "3", '.', 3 }, { "3.0", '.', 3 },
                { "3,0", ',', 3 }, { "3,000", ',', 3 }, { "007", '.', 7 },
                { "120", ',', 120 }, { "1,000", ',', 1 }, { "1.000", '.', 1 },
                { "9007199254740992", '.', 9007199254740992ULL },
        };
        static const struct count_case bad[] = {
                { "", '.', 0 }, { "-1", '.', 0 }, { "-0", '.', 0 },
                { "3.5", '.', 0 }, { "3.01", '.', 0 }, { "3,0", '.', 0 },
                { "3.0", ',', 0 }, { "3.", '.', 0 }, { ".0", '.', 0 },
                { "1e3", '.', 0 }, { " 3", '.', 0 }, { "3 ", '.', 0 },
                { "abc", '.', 0 }, { "1.000", ',', 0 }, { "+3", '.', 0 },
                { "9007199254740993", '.', 0 },
                { "18446744073709551616", '.', 0 },
                { "99999999999999999999999", '.', 0 },
        };
        unsigned long long v;

        (void)state;
        for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
                v = 99;
                if (fk_parse_count(ok[i].s, ok[i].decimal, &v) != FK_OK ||
                    v != ok[i].want)
                        fail_msg("'%s' gave %llu", ok[i].s, v);
        }
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
                if (fk_parse_count(bad[i].s, bad[i].decimal, &v) != FK_EDATA)
                        fail_msg("'%s' accepted with '%c'", bad[i].s,
                                 bad[i].decimal);
        assert_int_equal(fk_parse_count(NULL, '.', &v), FK_EDATA);
}

struct mark_case {
        const char *body;
        struct fk_csv_opts opts;
        char decimal;
        const char *a, *b;      /* the cells of the first row */
        size_t nnotes;
};

/* The decimal mark and thousands separators chosen for small bodies (the
 * rules of include/fkstat/table.h), at every chunk size. */
static void test_marks(void **state)
{
        static const struct mark_case cases[] = {
                { "a;b\n1;2\n", FK_CSV_OPTS_INIT, '.', "1", "2", 0 },
                { "a;b\n12.5;1.234\n", FK_CSV_OPTS_INIT, '.', "12.5",
                  "1.234", 0 },
                { "a;b\n1,234;2\n", FK_CSV_OPTS_INIT, ',', "1,234", "2", 0 },
                { "a;b\n1.234;2\n", FK_CSV_OPTS_INIT, ',', "1234", "2", 1 },
                { "a;b\n1.234;2,5\n", FK_CSV_OPTS_INIT, ',', "1234", "2,5",
                  1 },
                { "a;b\n1.234;5\nabc;6\n", FK_CSV_OPTS_INIT, ',', "1.234",
                  "5", 0 },
                { "a;b\n0.5;1.234\n", FK_CSV_OPTS_INIT, '.', "0.5", "1.234",
                  0 },
                { "a;b\n1.2345;1\n", FK_CSV_OPTS_INIT, '.', "1.2345", "1",
                  0 },
                { "a;b\n01.234;1\n", FK_CSV_OPTS_INIT, '.', "01.234", "1",
                  0 },
                { "a;b\n-1.234;+2.345\n", FK_CSV_OPTS_INIT, ',', "-1234",
                  "+2345", 2 },
                { "a;b\n1.234.567;2\n", FK_CSV_OPTS_INIT, ',', "1234567",
                  "2", 1 },
                { "a;b\n1.234.567;2.5\n", FK_CSV_OPTS_INIT, '.',
                  "1.234.567", "2.5", 0 },
                { "a;b\n1,500;2.5\n", FK_CSV_OPTS_INIT, '.', "1500", "2.5",
                  1 },
                { "a\tb\n1,5\t2\n", FK_CSV_OPTS_INIT, ',', "1,5", "2", 0 },
                { "a\tb\n1,234\t2\n", FK_CSV_OPTS_INIT, ',', "1,234", "2",
                  0 },
                { "a,b\n1.234,2\n", { .thousands = '.' }, ',', "1234", "2",
                  0 },
                { "a,b\n\"1,234\",2\n", { .thousands = FK_THOUSANDS_NONE },
                  '.', "1,234", "2", 0 },
                { "a;b\n1.234;1\n", { .decimal = ',',
                                     .thousands = FK_THOUSANDS_NONE },
                  ',', "1.234", "1", 0 },
                { "a;b\n1'234;1\n", { .thousands = '\'' }, '.', "1234", "1",
                  0 },
                { "a;b\n..;1\n", FK_CSV_OPTS_INIT, '.', NULL, "1", 0 },
                { "a;b\n..;1\n", { .na = "NA" }, '.', "..", "1", 0 },
        };
        (void)state;
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
                const struct mark_case *c = &cases[i];
                size_t len = strlen(c->body);

                for (size_t chunk = 0; chunk <= len; chunk++) {
                        struct fk_error err = FK_ERROR_INIT;
                        struct fk_table *t = NULL;

                        if (fk_table_parse_buffer(c->body, len, "m.csv",
                                                  chunk, &c->opts, &t, &err))
                                fail_msg("case %zu: %s", i, err.msg);
                        if (fk_table_decimal(t) != c->decimal ||
                            !same_cell(fk_table_cell(t, 0, 0), c->a) ||
                            !same_cell(fk_table_cell(t, 0, 1), c->b) ||
                            fk_table_nnotes(t) != c->nnotes)
                                fail_msg("case %zu: '%c' %s %s, %zu notes",
                                         i, fk_table_decimal(t),
                                         fk_table_cell(t, 0, 0),
                                         fk_table_cell(t, 0, 1),
                                         fk_table_nnotes(t));
                        fk_table_free(t);
                }
        }
}

/* Several files: each says what it skipped; the thousands separator is
 * found over the rows of all. */
static void test_read_published(void **state)
{
        const char *files[] = { DIR "jobindsats_forloeb.csv",
                                DIR "jobindsats_forloeb.csv" };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t;

        (void)state;
        assert_int_equal(fk_table_read(files, 2, NULL, &t, &err), FK_OK);
        assert_int_equal(fk_table_nrows(t), 12);
        assert_int_equal(fk_table_nnotes(t), 6);
        assert_string_equal(fk_table_cell(t, 11, 2), "460");
        assert_string_equal(fk_table_cell(t, 6, 1), "1069");
        assert_int_equal(fk_table_row_line(t, 6), 5);
        assert_non_null(strstr(fk_table_note(t, 2), "skipped 2 title"));
        assert_non_null(strstr(fk_table_note(t, 4), "'Heraf i job'"));
        assert_null(fk_table_note(t, 6));
        fk_table_free(t);
}

struct opt_case {
        const char *key, *value;
        int code;
};

static void test_opt_set(void **state)
{
        static const struct opt_case cases[] = {
                { "skip", "0", FK_OK }, { "skip", "12", FK_OK },
                { "skip", "-1", FK_EUSAGE }, { "skip", "x", FK_EUSAGE },
                { "skip", "", FK_EUSAGE }, { "skip", "1.5", FK_EUSAGE },
                { "thousands", ".", FK_OK }, { "thousands", "none", FK_OK },
                { "thousands", "space", FK_OK }, { "thousands", "'", FK_OK },
                { "thousands", "..", FK_EUSAGE },
                { "thousands", ";", FK_EUSAGE },
                { "encoding", "utf-8", FK_OK }, { "encoding", "UTF8", FK_OK },
                { "encoding", "cp1252", FK_OK },
                { "encoding", "windows-1252", FK_OK },
                { "encoding", "latin9", FK_EUSAGE },
                { "delimiter", "tab", FK_OK }, { "delimiter", "|", FK_EUSAGE },
                { "decimal", ",", FK_OK }, { "decimal", ";", FK_EUSAGE },
                { "na", "NA,..", FK_OK }, { "quote", "'", FK_EUSAGE },
        };
        struct fk_csv_opts o = FK_CSV_OPTS_INIT;
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = NULL;

        (void)state;
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
                if (fk_csv_opt_set(&o, cases[i].key, cases[i].value, &err) !=
                    cases[i].code)
                        fail_msg("%s = '%s'", cases[i].key, cases[i].value);
        o = (struct fk_csv_opts)FK_CSV_OPTS_INIT;
        assert_int_equal(fk_csv_opt_set(&o, "skip", "3", &err), FK_OK);
        assert_int_equal(o.header_line, 4);
        assert_int_equal(fk_csv_opt_set(&o, "thousands", "none", &err), FK_OK);
        assert_int_equal(o.thousands, FK_THOUSANDS_NONE);
        assert_int_equal(fk_csv_opt_set(&o, "encoding", "cp1252", &err),
                         FK_OK);
        assert_int_equal(o.encoding, FK_ENCODING_CP1252);
        assert_int_equal(fk_csv_opt_set(&o, "skip", "-2", &err), FK_EUSAGE);
        assert_string_equal(err.msg, "--skip must be a whole number of "
                            "lines, 0 or more, not '-2'");
        o = (struct fk_csv_opts)FK_CSV_OPTS_INIT;
        o.thousands = ',';
        o.decimal = ',';
        assert_int_equal(fk_table_parse_buffer("a\n", 2, "o", 0, &o, &t,
                                               &err), FK_EUSAGE);
        assert_null(t);
}

#define TEST_FIXTURE(w) { w.file, test_fixture, NULL, NULL, (void *)&w }

int main(void)
{
        const struct CMUnitTest tests[] = {
                TEST_FIXTURE(w_comma),
                TEST_FIXTURE(w_semicolon_dk),
                TEST_FIXTURE(w_forced_decimal),
                TEST_FIXTURE(w_tab_bom),
                TEST_FIXTURE(w_latin1),
                TEST_FIXTURE(w_quoted),
                TEST_FIXTURE(w_forced_delimiter),
                TEST_FIXTURE(w_na_default),
                TEST_FIXTURE(w_na_custom),
                TEST_FIXTURE(w_cr_only),
                TEST_FIXTURE(w_one_col),
                TEST_FIXTURE(w_header_only),
                TEST_FIXTURE(w_ragged),
                TEST_FIXTURE(w_unterminated),
                TEST_FIXTURE(w_quote_in_field),
                TEST_FIXTURE(w_after_quote),
                TEST_FIXTURE(w_empty),
                TEST_FIXTURE(w_blank_only),
                TEST_FIXTURE(w_dup_header),
                TEST_FIXTURE(w_empty_name),
                TEST_FIXTURE(w_nul),
                TEST_FIXTURE(w_statbank),
                TEST_FIXTURE(w_wide_jobindsats),
                TEST_FIXTURE(w_wide_statbank),
                TEST_FIXTURE(w_wide_noperiod),
                TEST_FIXTURE(w_wide_mixed),
                TEST_FIXTURE(w_wide_same),
                TEST_FIXTURE(w_wide_collide),
                TEST_FIXTURE(w_wide_collide_value),
                TEST_FIXTURE(w_jobindsats),
                TEST_FIXTURE(w_jobindsats_none),
                TEST_FIXTURE(w_jobindsats_skip),
                TEST_FIXTURE(w_jobindsats_skip_wrong),
                TEST_FIXTURE(w_thousands_dk),
                TEST_FIXTURE(w_thousands_en),
                TEST_FIXTURE(w_thousands_space),
                TEST_FIXTURE(w_tab_ambiguous),
                TEST_FIXTURE(w_excel_padded),
                TEST_FIXTURE(w_footer_quoted),
                TEST_FIXTURE(w_footer_first_col),
                TEST_FIXTURE(w_mixed_encoding),
                TEST_FIXTURE(w_encoding_utf8),
                TEST_FIXTURE(w_encoding_cp1252),
                cmocka_unit_test(test_diff_detects),
                cmocka_unit_test(test_columns),
                cmocka_unit_test(test_bad_options),
                cmocka_unit_test(test_large),
                cmocka_unit_test(test_read_files),
                cmocka_unit_test(test_read_errors),
                cmocka_unit_test(test_read_stdin),
                cmocka_unit_test(test_parse_double),
                cmocka_unit_test(test_parse_binary),
                cmocka_unit_test(test_parse_count),
                cmocka_unit_test(test_quote),
                cmocka_unit_test(test_marks),
                cmocka_unit_test(test_read_published),
                cmocka_unit_test(test_opt_set),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
