/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-choices.h"

GtkCheckButton *
desk_choices_add (AdwPreferencesGroup *group,
                  const char          *title,
                  const char          *subtitle,
                  GtkCheckButton      *group_leader)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (group), NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Titles are text, not markup: a colleague's name may hold an "&". */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group_leader != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group_leader);
  /* The row names its activatable widget (a labelled-by relation). */
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_preferences_group_add (group, row);
  return GTK_CHECK_BUTTON (check);
}

int
desk_choices_get_active (GPtrArray *checks)
{
  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      return (int) i;
  return -1;
}
