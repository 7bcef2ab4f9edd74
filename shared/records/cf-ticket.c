/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-ticket-private.h"

#include "cf-record-private.h"

static const CfField cf_ticket_fields[] = {
  CF_FIELD (CfTicket, id, CF_FIELD_STRING),
  CF_FIELD (CfTicket, code, CF_FIELD_STRING),
  CF_FIELD (CfTicket, kind, CF_FIELD_STRING),
  CF_FIELD (CfTicket, topic, CF_FIELD_STRING),
  CF_FIELD (CfTicket, waiting_since, CF_FIELD_INT64),
  CF_FIELD (CfTicket, status, CF_FIELD_STRING),
  CF_FIELD (CfTicket, student_id, CF_FIELD_STRING),
  CF_FIELD (CfTicket, appointment_id, CF_FIELD_STRING),
  CF_FIELD (CfTicket, adviser_id, CF_FIELD_STRING),
  CF_FIELD (CfTicket, adviser_name, CF_FIELD_STRING),
  CF_FIELD (CfTicket, called_at, CF_FIELD_INT64),
  CF_FIELD (CfTicket, appointment_start, CF_FIELD_INT64),
  CF_FIELD (CfTicket, position, CF_FIELD_INT64),
  CF_FIELD (CfTicket, estimated_wait, CF_FIELD_INT64),
  CF_FIELD (CfTicket, unmatched, CF_FIELD_BOOLEAN),
};

CF_DEFINE_RECORD (CfTicket, cf_ticket)

CfTicket *
cf_ticket_new (void)
{
  CfTicket *self = g_object_new (CF_TYPE_TICKET, NULL);

  self->estimated_wait = -1;
  return self;
}

#define TICKET_GETTER(type, field)                     \
  type                                                 \
  cf_ticket_get_##field (CfTicket *self)               \
  {                                                    \
    g_return_val_if_fail (CF_IS_TICKET (self), 0);     \
    return self->field;                                \
  }

TICKET_GETTER (const char *, id)
TICKET_GETTER (const char *, code)
TICKET_GETTER (const char *, kind)
TICKET_GETTER (const char *, topic)
TICKET_GETTER (const char *, status)
TICKET_GETTER (const char *, student_id)
TICKET_GETTER (const char *, appointment_id)
TICKET_GETTER (const char *, adviser_id)
TICKET_GETTER (const char *, adviser_name)
TICKET_GETTER (gint64, waiting_since)
TICKET_GETTER (gint64, called_at)
TICKET_GETTER (gint64, appointment_start)
TICKET_GETTER (gint64, position)
TICKET_GETTER (gint64, estimated_wait)
TICKET_GETTER (gboolean, unmatched)

gboolean
cf_ticket_equal (CfTicket *a,
                 CfTicket *b)
{
  g_return_val_if_fail (CF_IS_TICKET (a) && CF_IS_TICKET (b), FALSE);

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->adviser_id, b->adviser_id) == 0 &&
         g_strcmp0 (a->student_id, b->student_id) == 0 &&
         g_strcmp0 (a->topic, b->topic) == 0 &&
         a->called_at == b->called_at &&
         a->position == b->position &&
         a->estimated_wait == b->estimated_wait &&
         a->unmatched == b->unmatched;
}
