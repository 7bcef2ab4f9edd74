/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds Confide's text domain, in UTF-8, to its catalogues: the installed
 * ones (@installed_dir), or, when none is installed and the program runs
 * from its build folder, the ones built there (@built_dir), so that a
 * program run before installing (tests, ./run demo) follows the locale. */
void cf_locale_bind (const char *installed_dir,
                     const char *built_dir);

G_END_DECLS
