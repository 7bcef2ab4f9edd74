/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_BOOK_DIALOG (desk_book_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeskBookDialog, desk_book_dialog, DESK, BOOK_DIALOG, AdwWindow)

DeskBookDialog *desk_book_dialog_new       (GtkWindow      *parent,
                                            CfSession      *session);
/* Starts the form at @start (in the office's zone): a free hour chosen
 * in the week. */
void            desk_book_dialog_set_start (DeskBookDialog *self,
                                            GDateTime      *start);

G_END_DECLS
