/* Input decoding: byte order mark, UTF-8 validation, and Windows-1252 to
 * UTF-8 conversion for exports from older Excel versions. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Code points of bytes 0x80-0x9F in Windows-1252; the five bytes it leaves
 * undefined map to the C1 controls, as in Latin-1. */
static const uint16_t cp1252_c1[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

long table_line_at(const char *buf, size_t off)
{
        long line = 1;

        for (size_t i = 0; i < off; i++) {
                if (buf[i] == '\r')
                        line++;
                else if (buf[i] == '\n' && (i == 0 || buf[i - 1] != '\r'))
                        line++;
        }
        return line;
}

static int is_cont(unsigned char c)
{
        return (c & 0xC0) == 0x80;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0. */
size_t table_utf8_len(const unsigned char *s, size_t n)
{
        unsigned char c = s[0];

        if (c < 0x80)
                return 1;
        if (c >= 0xC2 && c <= 0xDF)
                return n >= 2 && is_cont(s[1]) ? 2 : 0;
        if (c >= 0xE0 && c <= 0xEF) {
                if (n < 3 || !is_cont(s[1]) || !is_cont(s[2]))
                        return 0;
                if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
                        return 0;
                return 3;
        }
        if (c >= 0xF0 && c <= 0xF4) {
                if (n < 4 || !is_cont(s[1]) || !is_cont(s[2]) ||
                    !is_cont(s[3]))
                        return 0;
                if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
                        return 0;
                return 4;
        }
        return 0;
}

int table_valid_utf8(const unsigned char *s, size_t n)
{
        size_t i = 0, k;

        while (i < n) {
                uint64_t w;

                /* ASCII runs eight bytes at a time */
                if (n - i >= 8) {
                        memcpy(&w, s + i, 8);
                        if (!(w & 0x8080808080808080u)) {
                                i += 8;
                                continue;
                        }
                }
                k = table_utf8_len(s + i, n - i);
                if (!k)
                        return 0;
                i += k;
        }
        return 1;
}

int fk_utf8_valid(const char *s, size_t n)
{
        return table_valid_utf8((const unsigned char *)s, n);
}

/* One code point of Windows-1252 as UTF-8 at p; returns the end. */
static char *put_cp1252(char *p, unsigned char b)
{
        unsigned cp = b;

        if (cp >= 0x80 && cp <= 0x9F)
                cp = cp1252_c1[cp - 0x80];
        if (cp < 0x80) {
                *p++ = (char)cp;
        } else if (cp < 0x800) {
                *p++ = (char)(0xC0 | cp >> 6);
                *p++ = (char)(0x80 | (cp & 0x3F));
        } else {
                *p++ = (char)(0xE0 | cp >> 12);
                *p++ = (char)(0x80 | (cp >> 6 & 0x3F));
                *p++ = (char)(0x80 | (cp & 0x3F));
        }
        return p;
}

/* The text converted: every byte from Windows-1252 (all), or only the
 * bytes that do not start a well-formed UTF-8 sequence (!all), counting
 * the lines that hold such bytes. */
static char *convert(const unsigned char *s, size_t n, int all,
                     size_t *outlen, size_t *bad_lines, long *bad_line)
{
        char *out, *p;
        long line = 1, last = 0;

        if (n > (SIZE_MAX - 1) / 3)
                return NULL;
        out = malloc(3 * n + 1);
        if (!out)
                return NULL;
        p = out;
        for (size_t i = 0; i < n; ) {
                size_t k = all ? 0 : table_utf8_len(s + i, n - i);

                if (s[i] == '\r' || (s[i] == '\n' && (i == 0 ||
                                                      s[i - 1] != '\r')))
                        line++;
                if (k) {
                        memcpy(p, s + i, k);
                        p += k;
                        i += k;
                        continue;
                }
                if (!all && last != line) {
                        if (!*bad_lines)
                                *bad_line = line;
                        ++*bad_lines;
                        last = line;
                }
                p = put_cp1252(p, s[i++]);
        }
        *p = '\0';
        *outlen = (size_t)(p - out);
        return out;
}

/* The first byte of s that does not start a well-formed UTF-8 sequence
 * (n when there is none), and whether some line is UTF-8 text: has a
 * multi-byte sequence and no such byte. */
static size_t first_bad(const unsigned char *s, size_t n, int *utf8_line)
{
        size_t i = 0, bad = n;
        int multi = 0, wrong = 0;

        *utf8_line = 0;
        while (i < n && !(*utf8_line && bad < n)) {
                size_t k = table_utf8_len(s + i, n - i);

                if (s[i] == '\r' || s[i] == '\n') {
                        *utf8_line |= multi && !wrong;
                        multi = wrong = 0;
                }
                if (!k) {
                        if (bad == n)
                                bad = i;
                        wrong = 1;
                        i++;
                        continue;
                }
                multi |= k > 1;
                i += k;
        }
        *utf8_line |= multi && !wrong;
        return bad;
}

int table_decode(const char *buf, size_t len, const char *name, int encoding,
                 struct decoded *out, struct fk_error *err)
{
        const unsigned char *s = (const unsigned char *)buf;
        const char *nul = len ? memchr(buf, '\0', len) : NULL;
        int all = encoding == FK_ENCODING_CP1252, multi;

        memset(out, 0, sizeof *out);
        if (nul)
                return fk_error_set(err, FK_EDATA, name,
                                    table_line_at(buf, (size_t)(nul - buf)),
                                    "NUL byte in input (not a text file?)");
        if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
                s += 3;
                len -= 3;
        }
        if (!all && table_valid_utf8(s, len)) {
                out->text = (const char *)s;
                out->len = len;
                return FK_OK;
        }
        if (encoding == FK_ENCODING_AUTO) {
                size_t bad = first_bad(s, len, &multi);

                /* A Windows-1252 line in a UTF-8 file: converting the
                 * whole file would garble every other line ("forsøg" as
                 * "forsÃ¸g") and silently drop rows from their arm. */
                if (multi)
                        return fk_error_set(err, FK_EDATA, name,
                                            table_line_at((const char *)s, bad),
                                            "not UTF-8, unlike other lines of "
                                            "the file (use --encoding utf-8 "
                                            "or --encoding cp1252)");
                all = 1;
        }
        out->owned = convert(s, len, all, &out->len, &out->bad_lines,
                             &out->bad_line);
        if (!out->owned)
                return fk_error_set(err, FK_ENOMEM, name, 0, "out of memory");
        out->text = out->owned;
        out->converted = all;
        return FK_OK;
}
