/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-choices.h"

static GtkCheckButton *
add_choice (AdwPreferencesGroup *group,
            const char          *title,
            const char          *subtitle,
            GtkCheckButton      *group_leader,
            GtkAccessibleRole    role)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = g_object_new (GTK_TYPE_CHECK_BUTTON, "accessible-role", role, NULL);

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

GtkCheckButton *
desk_choices_add (AdwPreferencesGroup *group,
                  const char          *title,
                  const char          *subtitle)
{
  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (group), NULL);

  return add_choice (group, title, subtitle, NULL, GTK_ACCESSIBLE_ROLE_CHECKBOX);
}

/* GTK 4.8 leaves a grouped check button a check box for assistive tools,
 * and the role is set once, when the button is made. */
GtkCheckButton *
desk_choices_add_radio (AdwPreferencesGroup *group,
                        const char          *title,
                        const char          *subtitle,
                        GtkCheckButton      *group_leader)
{
  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (group), NULL);

  return add_choice (group, title, subtitle, group_leader, GTK_ACCESSIBLE_ROLE_RADIO);
}

/* A radio button with a label, outside a list of rows. */
GtkWidget *
desk_radio_button_new (const char     *label,
                       GtkCheckButton *group_leader)
{
  GtkWidget *check = g_object_new (GTK_TYPE_CHECK_BUTTON, "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                                   "label", label, NULL);

  if (group_leader != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group_leader);
  return check;
}

int
desk_choices_get_active (GPtrArray *checks)
{
  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      return (int) i;
  return -1;
}
