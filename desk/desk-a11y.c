/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-a11y.h"

static gboolean
shows_every_child (GtkWidget *container)
{
  gboolean folded = TRUE;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (container), "folded") != NULL)
    g_object_get (container, "folded", &folded, NULL);
  return !folded;
}

static void
visible_child_changed_cb (GtkWidget *container)
{
  g_autoptr(GtkWidget) visible = NULL;
  gboolean every = shows_every_child (container);

  g_object_get (container, "visible-child", &visible, NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (container);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, !every && child != visible,
                                 -1);
}

void
desk_present_visible_child_only (GtkWidget *container)
{
  g_return_if_fail (GTK_IS_WIDGET (container));
  g_return_if_fail (g_object_class_find_property (G_OBJECT_GET_CLASS (container), "visible-child"));

  g_signal_connect (container, "notify::visible-child", G_CALLBACK (visible_child_changed_cb), NULL);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (container), "folded") != NULL)
    g_signal_connect (container, "notify::folded", G_CALLBACK (visible_child_changed_cb), NULL);
  visible_child_changed_cb (container);
}

static void
name_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = GTK_IS_BUTTON (child) ? gtk_button_get_child (GTK_BUTTON (child)) : NULL;

      if (GTK_IS_LABEL (label))
        {
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          gtk_label_get_text (GTK_LABEL (label)), -1);
        }
      else
        name_buttons (child);
    }
}

void
desk_message_dialog_name_responses (AdwMessageDialog *dialog)
{
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  name_buttons (GTK_WIDGET (dialog));
}
