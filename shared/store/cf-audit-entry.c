/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-audit-entry-private.h"

struct _CfAuditEntry {
  GObject parent_instance;
  gint64  row;        /* its rowid on this desk: the tie-break of a page's position */
  gint64  at;
  char   *machine;
  gint64  seq;
  char   *user_id;
  char   *user_name;
  char   *action;
  char   *subject;
  char   *detail;
};

G_DEFINE_FINAL_TYPE (CfAuditEntry, cf_audit_entry, G_TYPE_OBJECT)

gpointer
_cf_audit_entry_new_from_row (sqlite3_stmt *stmt)
{
  CfAuditEntry *self = g_object_new (CF_TYPE_AUDIT_ENTRY, NULL);

  self->row = sqlite3_column_int64 (stmt, 0);
  self->at = sqlite3_column_int64 (stmt, 1);
  self->machine = _cf_column_dup (stmt, 2);
  self->seq = sqlite3_column_int64 (stmt, 3);
  self->user_id = _cf_column_dup (stmt, 4);
  self->user_name = _cf_column_dup (stmt, 5);
  self->action = _cf_column_dup (stmt, 6);
  self->subject = _cf_column_dup (stmt, 7);
  self->detail = _cf_column_dup (stmt, 8);
  return self;
}

gint64
_cf_audit_entry_get_row (CfAuditEntry *self)
{
  return self->row;
}

gint64
cf_audit_entry_get_at (CfAuditEntry *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ENTRY (self), 0);
  return self->at;
}

const char *
cf_audit_entry_get_machine (CfAuditEntry *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ENTRY (self), NULL);
  return self->machine;
}

gint64
cf_audit_entry_get_seq (CfAuditEntry *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ENTRY (self), 0);
  return self->seq;
}

const char *
cf_audit_entry_get_user_id (CfAuditEntry *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ENTRY (self), NULL);
  return self->user_id;
}

const char *
cf_audit_entry_get_user_name (CfAuditEntry *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ENTRY (self), NULL);
  return self->user_name;
}

const char *
cf_audit_entry_get_action (CfAuditEntry *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ENTRY (self), NULL);
  return self->action;
}

const char *
cf_audit_entry_get_subject (CfAuditEntry *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ENTRY (self), NULL);
  return self->subject;
}

const char *
cf_audit_entry_get_detail (CfAuditEntry *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ENTRY (self), NULL);
  return self->detail;
}

static void
cf_audit_entry_finalize (GObject *object)
{
  CfAuditEntry *self = CF_AUDIT_ENTRY (object);

  g_free (self->machine);
  g_free (self->user_id);
  g_free (self->user_name);
  g_free (self->action);
  g_free (self->subject);
  g_free (self->detail);
  G_OBJECT_CLASS (cf_audit_entry_parent_class)->finalize (object);
}

static void
cf_audit_entry_class_init (CfAuditEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_audit_entry_finalize;
}

static void
cf_audit_entry_init (CfAuditEntry *self)
{
}
