/* The JSON writer and the members every JSON document shares: numbers
 * (null for what cannot be computed), intervals, the "fkstat" and
 * "input" header and the verdict; jansson's allocations watched so that
 * no document loses a member silently.  The documents themselves are in
 * render/json_compare.c (compare, survival) and render/json_other.c: one
 * JSON file would pass 800 lines. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/render_json.h"

/* Jansson drops a member whose value it could not allocate and goes on;
 * its allocations go through json_alloc (fk_json_init), which remembers a
 * failure so that fk_json_write refuses the incomplete document. */
static _Thread_local int json_alloc_failed;

static void *json_alloc(size_t n)
{
        void *p = malloc(n);

        if (!p)
                json_alloc_failed = 1;
        return p;
}

void fk_json_init(void)
{
        json_set_alloc_funcs(json_alloc, free);
}

json_t *fk_json_num(double x)
{
        return isfinite(x) ? json_real(x) : json_null();
}

json_t *fk_json_count(double x)
{
        if (isfinite(x) && fabs(x) < 9007199254740992.0 && !(x - floor(x) > 0))
                return json_integer((json_int_t)x);
        return fk_json_num(x);
}

json_t *fk_json_ci(const double ci[2])
{
        if (!isfinite(ci[0]) && !isfinite(ci[1]))
                return json_null();
        return json_pack("[oo]", fk_json_num(ci[0]), fk_json_num(ci[1]));
}

static json_t *delim_json(char c)
{
        char s[2] = { c, '\0' };

        return c ? json_string(s) : json_null();
}

json_t *fk_json_header(const struct fk_run_info *info)
{
        json_t *doc = json_object(), *files = json_array();

        json_object_set_new(doc, "fkstat",
                            json_pack("{ssss}", "version", FK_VERSION,
                                      "command", info->command));
        for (size_t i = 0; i < info->nfiles; i++)
                json_array_append_new(files, json_string(info->files[i]));
        json_object_set_new(doc, "input",
                            json_pack("{sosososo}", "files", files,
                                      "rows", fk_json_count(info->rows),
                                      "delimiter", delim_json(info->delimiter),
                                      "decimal", delim_json(info->decimal)));
        return doc;
}

/* A real in the one round-trip form ("0.95", not jansson's
 * "0.94999999999999996"), kept a real: "300.0". */
static void shortest(char *buf, size_t len, double x)
{
        fk_render_number(buf, len, x, '.');
        if (!strpbrk(buf, ".eEn"))
                snprintf(buf + strlen(buf), len - strlen(buf), ".0");
}

/* jansson writes reals with 17 significant digits; rewrite every number
 * outside strings in its shortest round-trip form. */
static int write_shortest(FILE *out, const char *s)
{
        int in_str = 0;

        while (*s) {
                if (in_str) {
                        if (*s == '\\' && s[1]) {
                                fputc(*s++, out);
                        } else if (*s == '"') {
                                in_str = 0;
                        }
                        fputc(*s++, out);
                } else if (*s == '"') {
                        in_str = 1;
                        fputc(*s++, out);
                } else if (*s == '-' || (*s >= '0' && *s <= '9')) {
                        size_t n = strspn(s, "-+0123456789.eE");
                        char tok[64], buf[40];

                        if (n < sizeof tok && memchr(s, '.', n) != NULL) {
                                memcpy(tok, s, n);
                                tok[n] = '\0';
                                shortest(buf, sizeof buf, strtod(tok, NULL));
                                fputs(buf, out);
                        } else {
                                fwrite(s, 1, n, out);
                        }
                        s += n;
                } else {
                        fputc(*s++, out);
                }
        }
        return ferror(out) ? FK_EIO : FK_OK;
}

int fk_json_write(FILE *out, json_t *doc)
{
        char *text;
        int rc;

        if (!doc || json_alloc_failed) {
                json_alloc_failed = 0;
                return FK_ENOMEM;
        }
        text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                          JSON_REAL_PRECISION(17));
        if (!text || json_alloc_failed) {
                json_alloc_failed = 0;
                free(text);
                return FK_ENOMEM;
        }
        rc = write_shortest(out, text);
        free(text);
        if (rc == FK_OK && fputc('\n', out) == EOF)
                rc = FK_EIO;
        return rc;
}

json_t *fk_json_verdict(const struct fk_verdict *v, int secondary)
{
        json_t *o = json_pack("{sssssoso}", "measure", v->measure,
                              "basis", fk_basis_name(v->basis),
                              "margin", fk_json_num(v->margin),
                              "p_value", fk_json_num(v->p_value));

        json_object_set_new(o, "result", v->result == FK_V_NONE ? json_null() :
                            json_string(fk_verdict_name(v->result)));
        json_object_set_new(o, "estimate", fk_json_num(v->estimate));
        json_object_set_new(o, "ci", fk_json_ci(v->ci));
        if (v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL) {
                const char *what = v->basis == FK_BASIS_CR2 ? "CR2" :
                                   v->basis == FK_BASIS_LIN_WEI ? "Lin–Wei" :
                                   "simple aggregate";
                char note[FK_NOTE_MAX];

                if (isfinite(v->ri_p))
                        snprintf(note, sizeof note, "fewer than 5 clusters on "
                                 "a side: the %s interval is unreliable; the "
                                 "randomization p-value is %.4g (two-sided)",
                                 what, v->ri_p);
                else
                        snprintf(note, sizeof note, "fewer than 5 clusters on "
                                 "a side: the %s interval is unreliable, and "
                                 "no randomization p-value could be computed",
                                 what);
                json_object_set_new(o, "note", json_string(note));
        }
        if (secondary && v->basis != FK_BASIS_INDIVIDUAL)
                json_object_set_new(o, "individual", json_pack("{soso}",
                        "result", v->individual_result == FK_V_NONE ?
                        json_null() :
                        json_string(fk_verdict_name(v->individual_result)),
                        "p_value", fk_json_num(v->individual_p_value)));
        return o;
}
