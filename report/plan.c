/* The plan file, read with inih; see include/fkstat/plan.h.  The file is
 * read once into memory (so a pipe works and its hash is of the bytes
 * parsed) and fed to inih line by line. */
#include "fkstat/plan.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "fkstat/bundle.h"

enum kind { STR, NUM, POS, TOP, CONF, SEED, AT, REPS };

struct key {
        const char *name;
        size_t off;
        enum kind kind;
        const char *const *allowed;     /* NULL-terminated, or NULL */
};

static const char *const TYPES[] = { "binary", "count", "ordinal",
        "continuous", "survival", NULL };
static const char *const BETTER[] = { "higher", "lower", NULL };
static const char *const LANGS[] = { "da", "en", NULL };
static const char *const MULT[] = { "holm", "hochberg", "bh", "bonferroni",
        "by", "none", NULL };
static const char *const DELIMS[] = { ",", ";", "tab", "\\t", NULL };
static const char *const DECIMALS[] = { ".", ",", NULL };
static const char *const ENCODINGS[] = { "utf-8", "cp1252", "auto", NULL };
static const char *const DIALECTS[] = { "default", "excel-da", NULL };
static const char *const GROUPS[] = { "never", "notyet", NULL };
static const char *const BASES[] = { "varying", "universal", NULL };
static const char *const YESNO[] = { "yes", "no", "true", "false", "1", "0",
                                     NULL };

#define S(f) offsetof(struct fk_plan, f)
static const struct key study_keys[] = {
        { "title", S(title), STR, NULL }, { "data", S(data), STR, NULL },
        { "arm", S(arm), STR, NULL }, { "trial", S(trial), STR, NULL },
        { "control", S(control), STR, NULL },
        { "cluster", S(cluster), STR, NULL },
        { "strata", S(strata), STR, NULL }, { "lang", S(lang), STR, LANGS },
        { "conf_level", S(conf_level), CONF, NULL },
        { "seed", S(seed), SEED, NULL },
        { "multiplicity", S(multiplicity), STR, MULT },
        { "delimiter", S(delimiter), STR, DELIMS },
        { "decimal", S(decimal), STR, DECIMALS }, { "na", S(na), STR, NULL },
        { "skip", S(skip), STR, NULL },
        { "thousands", S(thousands), STR, NULL },
        { "encoding", S(encoding), STR, ENCODINGS },
        { "csv_dialect", S(csv_dialect), STR, DIALECTS },
        { NULL, 0, STR, NULL }
};
static const struct key validate_keys[] = {
        { "reps", S(validate_reps), REPS, NULL },
        { "seed", S(validate_seed), SEED, NULL },
        { "outcomes", S(validate_outcomes), STR, NULL },
        { NULL, 0, STR, NULL }
};
#undef S
#define O(f) offsetof(struct fk_plan_outcome, f)
static const struct key outcome_keys[] = {
        { "label", O(label), STR, NULL }, { "column", O(column), STR, NULL },
        { "type", O(type), STR, TYPES }, { "better", O(better), STR, BETTER },
        { "margin", O(margin), POS, NULL }, { "data", O(data), STR, NULL },
        { "time", O(time), STR, NULL }, { "event", O(event), STR, NULL },
        { "exposure", O(exposure), STR, NULL }, { "top", O(top), TOP, NULL },
        { "successes", O(successes), STR, NULL },
        { "trials", O(trials), STR, NULL }, { "freq", O(freq), STR, NULL },
        { "at", O(at), AT, NULL }, { NULL, 0, STR, NULL }
};
#undef O
#define D(f) offsetof(struct fk_plan_did, f)
static const struct key did_keys[] = {
        { "label", D(label), STR, NULL }, { "data", D(data), STR, NULL },
        { "unit", D(unit), STR, NULL }, { "period", D(period), STR, NULL },
        { "outcome", D(outcome), STR, NULL },
        { "treated", D(treated), STR, NULL }, { "start", D(start), STR, NULL },
        { "weight", D(weight), STR, NULL }, { "better", D(better), STR, BETTER },
        { "margin", D(margin), POS, NULL },
        { "treated_units", D(treated_units), STR, NULL },
        { "starts", D(starts), STR, NULL },
        { "control_group", D(control_group), STR, GROUPS },
        { "base_period", D(base_period), STR, BASES },
        { "wide", D(wide), STR, YESNO }, { NULL, 0, STR, NULL }
};
#undef D

struct ctx {
        struct fk_plan *p;
        long line;              /* of the line inih is handling */
        const char *text;       /* the plan, UTF-8 */
        size_t len, pos;        /* its length; the next line's start */
        char section[256];      /* the current section, "" before any */
        int design;             /* it is [design] */
        int after_key;          /* a key was read in this section */
        void *cur;              /* the struct of that section */
        const struct key *keys;
        unsigned char seen[32]; /* keys given in the current section */
        struct fk_error *err;
        int failed;
};

static int fail(struct ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

static int enter_section(struct ctx *c, const char *section);

/* inih's reader: the next line of the plan in memory.  A [section] line is
 * entered here, so that a section without keys counts and an unknown
 * section is an error on its own line. */
static char *reader(char *str, int num, void *stream)
{
        struct ctx *c = stream;
        const char *s = c->text + c->pos, *nl, *open, *close;
        size_t n, rest = c->len - c->pos;

        if (c->failed || rest == 0 || num < 2)
                return NULL;
        nl = memchr(s, '\n', rest);
        n = nl ? (size_t)(nl - s) + 1 : rest;
        c->line++;
        if (memchr(s, '\0', n)) {
                fail(c, "not a line of text (it holds a NUL byte)");
                return NULL;
        }
        if (n > (size_t)num - 1) {
                /* inih would read the rest as a line of its own */
                fail(c, "line longer than %d characters", num - 2);
                return NULL;
        }
        memcpy(str, s, n);
        str[n] = '\0';
        c->pos += n;
        open = str + strspn(str, " \t");
        close = *open == '[' ? strchr(open, ']') : NULL;
        /* as inih: an indented line after a key continues its value */
        if (close && !(open > str && c->after_key)) {
                char name[256];

                snprintf(name, sizeof name, "%.*s",
                         (int)(close - open - 1), open + 1);
                if (!enter_section(c, name))
                        return NULL;
        }
        return str;
}

static int fail(struct ctx *c, const char *fmt, ...)
{
        if (!c->failed) {
                char msg[400];
                va_list ap;

                va_start(ap, fmt);
                vsnprintf(msg, sizeof msg, fmt, ap);
                va_end(ap);
                fk_error_set(c->err, FK_EUSAGE, c->p->path, c->line, "%s", msg);
                c->failed = 1;
        }
        return 0;
}

/* Out of memory: no file and line, and exit 1 (not a usage error). */
static int oom(struct ctx *c)
{
        if (!c->failed) {
                fk_error_set(c->err, FK_ENOMEM, NULL, 0, "out of memory");
                c->failed = 1;
        }
        return 0;
}

int fk_plan_number(const char *v, double *out)
{
        char buf[64], *end;
        size_t n = strlen(v);

        if (n == 0 || n >= sizeof buf)
                return -1;
        memcpy(buf, v, n + 1);
        if (strchr(buf, ',') && !strchr(buf, '.'))
                *strchr(buf, ',') = '.';        /* decimal comma: 0,02 */
        errno = 0;
        *out = strtod(buf, &end);
        while (*end == ' ' || *end == '\t')
                end++;
        return end == buf || *end || errno || !isfinite(*out) ? -1 : 0;
}

/* Start a new [outcome NAME] or [did NAME]; NULL when out of memory. */
static void *new_section(struct ctx *c, int did, const char *name)
{
        struct fk_plan *p = c->p;

        if (did) {
                struct fk_plan_did *d = realloc(p->dids, (p->ndids + 1) *
                                                sizeof *d);
                if (!d)
                        return NULL;
                p->dids = d;
                d += p->ndids++;
                memset(d, 0, sizeof *d);
                d->margin = NAN;
                d->line = c->line;
                d->name = strdup(name);
                return d->name ? d : NULL;
        } else {
                struct fk_plan_outcome *o = realloc(p->outcomes,
                                                    (p->noutcomes + 1) *
                                                    sizeof *o);
                if (!o)
                        return NULL;
                p->outcomes = o;
                o += p->noutcomes++;
                memset(o, 0, sizeof *o);
                o->margin = NAN;
                o->line = c->line;
                o->name = strdup(name);
                return o->name ? o : NULL;
        }
}

static int taken(const struct fk_plan *p, int did, const char *name)
{
        size_t n = did ? p->ndids : p->noutcomes;

        for (size_t i = 0; i < n; i++)
                if (!strcmp(did ? p->dids[i].name : p->outcomes[i].name, name))
                        return 1;
        return 0;
}

static int enter_section(struct ctx *c, const char *section)
{
        int did = !strncmp(section, "did", 3);
        const char *name = section + (did ? 3 : 7);
        char nm[256];
        size_t n;

        memset(c->seen, 0, sizeof c->seen);
        snprintf(c->section, sizeof c->section, "%s", section);
        c->cur = NULL;
        c->keys = NULL;
        c->design = 0;
        c->after_key = 0;
        if (!strcmp(section, "study")) {
                if (c->p->study_line)
                        return fail(c, "section [%s] given twice", section);
                c->p->study_line = c->line;
                c->cur = c->p;
                c->keys = study_keys;
                return 1;
        }
        if (!strcmp(section, "design")) {
                c->design = 1;
                return 1;
        }
        if (!strcmp(section, "validate")) {
                if (c->p->validate_line)
                        return fail(c, "section [%s] given twice", section);
                c->p->validate_line = c->line;
                c->cur = c->p;
                c->keys = validate_keys;
                return 1;
        }
        if (!strcmp(section, "outcome") || !strcmp(section, "did"))
                return fail(c, "section [%s] needs a name: [%s NAME]",
                            section, section);
        if ((did || !strncmp(section, "outcome", 7)) && *name == ' ') {
                name += strspn(name, " \t");
                n = strlen(name);
                while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
                        n--;
                snprintf(nm, sizeof nm, "%.*s", (int)n, name);
                if (!*nm)
                        return fail(c, "section [%s] needs a name: [%s NAME]",
                                    did ? "did" : "outcome",
                                    did ? "did" : "outcome");
                if (taken(c->p, did, nm))
                        return fail(c, "section [%s] given twice", section);
                c->cur = new_section(c, did, nm);
                if (!c->cur)
                        return oom(c);
                c->keys = did ? did_keys : outcome_keys;
                return 1;
        }
        return fail(c, "unknown section [%s] (sections: [study], "
                    "[outcome NAME], [did NAME], [validate], [design])", section);
}

/* Is v a list of times: finite numbers from 0, separated by commas or
 * blanks? */
static int at_list(const char *v)
{
        int n = 0;

        for (;;) {
                char *end;
                double x;

                v += strspn(v, " \t");
                if (!*v)
                        return n > 0;
                x = strtod(v, &end);
                if (end == v || !isfinite(x) || x < 0)
                        return 0;
                n++;
                v = end + strspn(end, " \t");
                if (*v == ',')
                        v++;
                else if (*v && end == v)
                        return 0;
        }
}

static int set_value(struct ctx *c, const struct key *k, const char *value)
{
        char *base = c->cur;
        double d;

        if (k->allowed) {
                size_t i;

                for (i = 0; k->allowed[i]; i++)
                        if (!strcmp(value, k->allowed[i]))
                                break;
                if (!k->allowed[i])
                        return fail(c, "'%s' is not a valid %s",
                                    fk_quote(value).s, k->name);
        }
        switch (k->kind) {
        case AT:
                if (!at_list(value))
                        return fail(c, "%s must list times (numbers from 0, "
                                    "separated by commas), not '%s'", k->name,
                                    fk_quote(value).s);
                /* fall through */
        case STR: {
                char *s = strdup(value);

                if (!s)
                        return oom(c);
                *(char **)(base + k->off) = s;
                return 1;
        }
        default:
                break;
        }
        if (fk_plan_number(value, &d))
                return fail(c, "%s: '%s' is not a number", k->name,
                            fk_quote(value).s);
        if (k->kind == POS && !(d > 0))
                return fail(c, "%s must be positive, not '%s'", k->name,
                            fk_quote(value).s);
        if (k->kind == CONF && !(d > 0 && d < 1))
                return fail(c, "%s must lie between 0 and 1, not '%s'", k->name,
                            fk_quote(value).s);
        if (k->kind == TOP && (!(d >= 1 && d <= 32) || d - floor(d) > 0))
                return fail(c, "%s must be a whole number from 1 to 32, not '%s'",
                            k->name, fk_quote(value).s);
        if (k->kind == REPS && (!(d >= 1 && d <= 1e6) || d - floor(d) > 0))
                return fail(c, "%s must be a whole number from 1 to 1000000, "
                            "not '%s'", k->name, fk_quote(value).s);
        if (k->kind == SEED && (!(d >= 0 && d < 4294967296.0) || d - floor(d) > 0))
                return fail(c, "%s must be a whole number from 0 to 2^32-1, "
                            "not '%s'", k->name, fk_quote(value).s);
        if (k->kind == TOP)
                *(int *)(base + k->off) = (int)d;
        else if (k->kind == SEED || k->kind == REPS)
                *(unsigned long *)(base + k->off) = (unsigned long)d;
        else
                *(double *)(base + k->off) = d;
        if (k->off == offsetof(struct fk_plan, validate_seed) &&
            c->keys == validate_keys)
                c->p->validate_seed_set = 1;
        return 1;
}

static int design_kv(struct ctx *c, const char *name, const char *value)
{
        struct fk_plan *p = c->p;
        struct fk_plan_kv *kv;

        for (size_t i = 0; i < p->ndesign; i++)
                if (!strcmp(p->design[i].key, name))
                        return fail(c, "key '%s' given twice in [design]",
                                    fk_quote(name).s);
        kv = realloc(p->design, (p->ndesign + 1) * sizeof *kv);
        if (!kv)
                return oom(c);
        p->design = kv;
        kv += p->ndesign;
        kv->key = strdup(name);
        kv->value = strdup(value);
        kv->line = c->line;
        p->ndesign++;
        if (!kv->key || !kv->value)
                return oom(c);
        return 1;
}

static int handler(void *user, const char *section, const char *name,
                   const char *value)
{
        struct ctx *c = user;
        size_t i;

        (void)section;          /* entered by the reader (inih cuts long
                                   section names) */
        if (c->failed)
                return 1;       /* report the first error only */
        c->after_key = 1;
        if (!c->section[0] && !c->design)
                return fail(c, "key '%s' comes before any [section]",
                            fk_quote(name).s);
        if (c->design)
                return design_kv(c, name, value);
        for (i = 0; c->keys[i].name; i++)
                if (!strcmp(c->keys[i].name, name))
                        break;
        if (!c->keys[i].name)
                return fail(c, "unknown key '%s' in [%s]",
                            fk_quote(name).s, c->section);
        if (c->seen[i])
                return fail(c, "key '%s' given twice in [%s]",
                            fk_quote(name).s, c->section);
        c->seen[i] = 1;
        if (!strcmp(name, "data")) {
                if (c->keys == study_keys)
                        c->p->data_line = c->line;
                else if (c->keys == outcome_keys)
                        ((struct fk_plan_outcome *)c->cur)->data_line = c->line;
                else
                        ((struct fk_plan_did *)c->cur)->data_line = c->line;
        }
        return set_value(c, &c->keys[i], value);
}

/* Is s (n bytes) well-formed UTF-8? */
static int valid_utf8(const unsigned char *s, size_t n)
{
        for (size_t i = 0; i < n; ) {
                unsigned cp;
                size_t k;

                if (s[i] < 0x80) {
                        i++;
                        continue;
                }
                if (s[i] >= 0xc2 && s[i] <= 0xdf)
                        k = 2, cp = s[i] & 0x1f;
                else if (s[i] >= 0xe0 && s[i] <= 0xef)
                        k = 3, cp = s[i] & 0x0f;
                else if (s[i] >= 0xf0 && s[i] <= 0xf4)
                        k = 4, cp = s[i] & 0x07;
                else
                        return 0;
                if (n - i < k)
                        return 0;
                for (size_t j = 1; j < k; j++) {
                        if ((s[i + j] & 0xc0) != 0x80)
                                return 0;
                        cp = cp << 6 | (s[i + j] & 0x3f);
                }
                if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
                    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
                        return 0;
                i += k;
        }
        return 1;
}

/* s (n bytes of Windows-1252) as UTF-8, a new string; NULL: no memory. */
static char *from_cp1252(const unsigned char *s, size_t n)
{
        /* 0x80-0x9f; the five bytes Windows-1252 leaves undefined keep
         * their C1 code points, as the data reader does */
        static const unsigned short c1[32] = {
                0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
                0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
                0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
                0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178
        };
        char *out = n < ((size_t)-1) / 3 ? malloc(3 * n + 1) : NULL, *p = out;

        if (!out)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                unsigned cp = s[i] >= 0x80 && s[i] <= 0x9f ? c1[s[i] - 0x80] :
                              s[i];

                if (cp < 0x80) {
                        *p++ = (char)cp;
                } else if (cp < 0x800) {
                        *p++ = (char)(0xc0 | cp >> 6);
                        *p++ = (char)(0x80 | (cp & 0x3f));
                } else {
                        *p++ = (char)(0xe0 | cp >> 12);
                        *p++ = (char)(0x80 | (cp >> 6 & 0x3f));
                        *p++ = (char)(0x80 | (cp & 0x3f));
                }
        }
        *p = '\0';
        return out;
}

int fk_plan_read(const char *path, struct fk_plan **out, struct fk_error *err)
{
        char *data;
        size_t len;
        int rc;

        *out = NULL;
        if ((rc = fk_read_file(path, &data, &len, err)))
                return rc;
        rc = fk_plan_parse(path, data, len, out, err);
        free(data);
        return rc;
}

int fk_plan_parse(const char *path, const char *data, size_t len,
                  struct fk_plan **out, struct fk_error *err)
{
        struct fk_plan *p = calloc(1, sizeof *p);
        char *utf8 = NULL;
        struct ctx c;
        const char *slash;
        int r;

        *out = NULL;
        if (!p)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        memset(&c, 0, sizeof c);
        c.p = p;
        c.err = err;
        p->conf_level = 0.95;
        p->seed = 1;
        p->validate_reps = 1000;
        fk_sha256_mem(data, len, p->sha256);
        p->path = strdup(path);
        slash = strrchr(path, '/');
        p->dir = slash ? strndup(path, (size_t)(slash - path + 1)) : strdup("");
        if (!p->path || !p->dir)
                goto nomem;
        if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
                data += 3;      /* a UTF-8 byte order mark */
                len -= 3;
        }
        if (!valid_utf8((const unsigned char *)data, len)) {
                utf8 = from_cp1252((const unsigned char *)data, len);
                if (!utf8)
                        goto nomem;
                p->converted = 1;
                data = utf8;
                len = strlen(utf8);
        }
        c.text = data;
        c.len = len;
        ini_allow_inline_comments = 0;
        r = ini_parse_stream(reader, &c, handler, &c);
        free(utf8);
        if (!c.failed && r == -2)
                oom(&c);
        else if (!c.failed && r != 0)
                fk_error_set(err, FK_EUSAGE, path, r > 0 ? r : 0,
                             "not a 'key = value' line or a [section]");
        if (c.failed || r != 0) {
                fk_plan_free(p);
                return err && err->code ? err->code : FK_EUSAGE;
        }
        if (!p->lang && !(p->lang = strdup("da")))
                goto nomem;
        if (!p->multiplicity && !(p->multiplicity = strdup("holm")))
                goto nomem;
        if (!p->arm && !(p->arm = strdup("arm")))
                goto nomem;
        *out = p;
        return FK_OK;
nomem:
        fk_plan_free(p);
        return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
}

static void free_strings(void *base, const struct key *keys)
{
        for (size_t i = 0; keys[i].name; i++)
                if (keys[i].kind == STR || keys[i].kind == AT)
                        free(*(char **)((char *)base + keys[i].off));
}

void fk_plan_free(struct fk_plan *p)
{
        if (!p)
                return;
        free_strings(p, study_keys);
        free_strings(p, validate_keys);
        for (size_t i = 0; i < p->noutcomes; i++) {
                free(p->outcomes[i].name);
                free_strings(&p->outcomes[i], outcome_keys);
        }
        for (size_t i = 0; i < p->ndids; i++) {
                free(p->dids[i].name);
                free_strings(&p->dids[i], did_keys);
        }
        for (size_t i = 0; i < p->ndesign; i++) {
                free(p->design[i].key);
                free(p->design[i].value);
        }
        free(p->outcomes);
        free(p->dids);
        free(p->design);
        free(p->path);
        free(p->dir);
        free(p);
}

char *fk_plan_path(const struct fk_plan *p, const char *rel)
{
        size_t a, b;
        char *s;

        if (!rel)
                return NULL;
        if (rel[0] == '/' || !p->dir[0])
                return strdup(rel);
        a = strlen(p->dir);
        b = strlen(rel);
        s = malloc(a + b + 1);
        if (!s)
                return NULL;
        memcpy(s, p->dir, a);
        memcpy(s + a, rel, b + 1);
        return s;
}
