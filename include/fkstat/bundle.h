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
 * FK_EIO when it cannot be read, FK_ENOMEM. */
int fk_sha256_file(const char *path, char hex[65], struct fk_error *err);

/* The SHA-256 of len bytes at data, as fk_sha256_file. */
void fk_sha256_mem(const void *data, size_t len, char hex[65]);

/* A report folder.  Every bundle holds the marker file ".fkstat-report";
 * a folder is replaced only when it holds that marker or nothing at all.
 * Trailing slashes of dir are ignored.
 *
 * fk_bundle_check: may dir be written?  FK_OK when it does not exist, is
 * empty or holds an earlier report; FK_EUSAGE naming dir when the name is
 * empty, ".", ".." or "/", or when it is a file, a symbolic link or a
 * folder holding anything else (which is then left untouched). */
int fk_bundle_check(const char *dir, struct fk_error *err);

/* *in = 1 when path (an existing file) lies inside the folder dir (both
 * resolved with realpath), else 0, also when either does not exist.
 * FK_OK, or FK_ENOMEM. */
int fk_bundle_holds(const char *dir, const char *path, int *in,
                    struct fk_error *err);

/* Create a new folder beside dir ("DIR.tmp-XXXXXX", with the marker in
 * it) for building the bundle; *tmp is a new string.  First removes what
 * earlier runs that were killed left beside dir: "DIR.tmp-XXXXXX" and
 * "DIR.old-XXXXXX" folders holding the marker (or nothing) that no running
 * fkstat holds (each temporary folder is locked with flock until its
 * commit or abort).  FK_EIO or FK_ENOMEM on failure. */
int fk_bundle_begin(const char *dir, char **tmp, struct fk_error *err);

/* Put the finished tmp in place as dir.  An existing dir is first checked
 * as fk_bundle_check does, then swapped with tmp in one step
 * (renameat2 RENAME_EXCHANGE; where the file system cannot, moved aside as
 * "DIR.old-XXXXXX" for the moment of the swap), so dir always holds a
 * complete report; the earlier one is then removed.  FK_EUSAGE or FK_EIO
 * on failure: tmp is then left for fk_bundle_abort. */
int fk_bundle_commit(const char *tmp, const char *dir, struct fk_error *err);

/* Remove tmp and everything in it (after a failed run). */
void fk_bundle_abort(const char *tmp);

/* Write len bytes of data to dir/name (a new file).  FK_EIO or FK_ENOMEM
 * on failure. */
int fk_write_file(const char *dir, const char *name, const char *data,
                  size_t len, struct fk_error *err);

/* Read a whole file (also a pipe) into a new NUL-terminated buffer (*len
 * bytes).  FK_EIO when it cannot be read or is a folder, FK_ENOMEM. */
int fk_read_file(const char *path, char **data, size_t *len,
                 struct fk_error *err);

/* Markdown (GitHub flavour, tables) to a complete HTML page with the given
 * title and lang, a print-friendly inline stylesheet, and every image
 * "charts/NAME.svg" replaced by the SVG read from chartdir/NAME.svg (kept
 * as an image link when that file is missing), so the page needs no other
 * file and no network.  Raw HTML in md is left out (cmark's safe mode).
 * A link "[TEXT](#fk-verdict-NAME)", NAME as fk_verdict_name gives it,
 * becomes a verdict label: <span class="verdict v-KIND"> around TEXT with
 * a glyph hidden from screen readers (the caller must keep such links out
 * of plan and data text by escaping "[", "]" and "#").  *html is a new
 * string. */
int fk_markdown_html(const char *md, const char *title, const char *lang,
                     const char *chartdir, char **html, struct fk_error *err);

/* Print dir/report.html to dir/report.pdf with headless Chromium
 * ($FKSTAT_CHROMIUM, else chromium or chromium-browser on PATH; with
 * --no-sandbox when run as root), through a temporary name renamed only
 * when Chromium succeeded and wrote a PDF, so dir never holds part of one.
 * FK_ENOTFOUND when there is no Chromium; FK_EIO when it fails or takes
 * more than 5 minutes (it is then killed), with its last message. */
int fk_bundle_pdf(const char *dir, struct fk_error *err);

#endif
