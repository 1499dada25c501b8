/* fkstat — the pieces of a report bundle that are not statistics: a
 * directory built under a temporary name and renamed into place, SHA-256
 * of input files (nettle), and Markdown turned into one self-contained HTML
 * page (cmark-gfm with GitHub tables, charts inlined as SVG).
 */
#ifndef FKSTAT_BUNDLE_H
#define FKSTAT_BUNDLE_H

#include <stddef.h>

#include "fkstat/error.h"

/* The SHA-256 of the file at path as 64 lowercase hex digits in hex[65].
 * FK_EIO when it cannot be read. */
int fk_sha256_file(const char *path, char hex[65], struct fk_error *err);

/* Create a new empty directory beside dir ("DIR.tmp-XXXXXX") for building
 * the bundle; *tmp is a new string.  FK_EIO on failure. */
int fk_bundle_begin(const char *dir, char **tmp, struct fk_error *err);

/* Move the finished tmp into place as dir, replacing an earlier bundle
 * there (dir is removed only after tmp is complete).  FK_EIO on failure;
 * tmp is then left for fk_bundle_abort. */
int fk_bundle_commit(const char *tmp, const char *dir, struct fk_error *err);

/* Remove tmp and everything in it (after a failed run). */
void fk_bundle_abort(const char *tmp);

/* Write len bytes of data to dir/name (a new file).  FK_EIO on failure. */
int fk_write_file(const char *dir, const char *name, const char *data,
                  size_t len, struct fk_error *err);

/* Read a whole file into a new NUL-terminated buffer (*len bytes).  FK_EIO
 * when it cannot be read. */
int fk_read_file(const char *path, char **data, size_t *len,
                 struct fk_error *err);

/* Markdown (GitHub flavour, tables) to a complete HTML page with the given
 * title and lang, a print-friendly inline stylesheet, and every image
 * "charts/NAME.svg" replaced by the SVG read from chartdir/NAME.svg (kept
 * as an image link when that file is missing), so the page needs no other
 * file and no network.  *html is a new string. */
int fk_markdown_html(const char *md, const char *title, const char *lang,
                     const char *chartdir, char **html, struct fk_error *err);

#endif
