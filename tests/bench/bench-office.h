/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* The six-year office of design.md ("Scale to design for"), generated once
 * from a fixed seed and cached: an encrypted office made the normal way,
 * and an unencrypted twin holding the same records, so the cost of
 * encryption can be measured side by side. */
typedef struct {
  char *folder;          /* <cache>/store-v<schema version> */
  char *encrypted_dir;   /* a data folder, as confidectl init makes it */
  char *plain_dir;       /* the twin's database, same file name */
} BenchOffice;

BenchOffice *bench_office_ensure     (const char  *cache_root,
                                      GError     **error);
void         bench_office_free       (BenchOffice *office);
/* Signs in the office's manager, to the encrypted office or its twin. */
CfSession   *bench_office_sign_in    (BenchOffice *office,
                                      gboolean     encrypted,
                                      GError     **error);
/* Words of an adviser's note, 50 to 800 characters, mostly short. */
void         bench_office_write_text (GRand       *rand,
                                      GString     *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchOffice, bench_office_free)

G_END_DECLS
