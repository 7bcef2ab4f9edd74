/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-monitoring.h"

#include <glib/gi18n-lib.h>

static const CfMonitoringChoice genders[] = {
  { "female", N_("Female") },
  { "male", N_("Male") },
  { "other", N_("Other") },
  { CF_MONITORING_PREFER_NOT_TO_SAY, N_("Prefer not to say") },
  { NULL, NULL },
};

/* In HESA's order, grouped as the coding frame groups them. */
static const CfMonitoringChoice ethnicities[] = {
  { "white", N_("White") },
  { "white-gypsy-traveller", N_("Gypsy or Traveller") },
  { "white-other", N_("Any other White background") },
  { "black-caribbean", N_("Black or Black British – Caribbean") },
  { "black-african", N_("Black or Black British – African") },
  { "black-other", N_("Any other Black background") },
  { "asian-indian", N_("Asian or Asian British – Indian") },
  { "asian-pakistani", N_("Asian or Asian British – Pakistani") },
  { "asian-bangladeshi", N_("Asian or Asian British – Bangladeshi") },
  { "asian-chinese", N_("Chinese") },
  { "asian-other", N_("Any other Asian background") },
  { "mixed-white-black-caribbean", N_("Mixed – White and Black Caribbean") },
  { "mixed-white-black-african", N_("Mixed – White and Black African") },
  { "mixed-white-asian", N_("Mixed – White and Asian") },
  { "mixed-other", N_("Any other Mixed background") },
  { "arab", N_("Arab") },
  { "other", N_("Any other ethnic background") },
  { CF_MONITORING_PREFER_NOT_TO_SAY, N_("Prefer not to say") },
  { NULL, NULL },
};

const CfMonitoringChoice *
cf_monitoring_genders (void)
{
  return genders;
}

const CfMonitoringChoice *
cf_monitoring_ethnicities (void)
{
  return ethnicities;
}

const char *
cf_monitoring_label (const CfMonitoringChoice *choices,
                     const char               *code)
{
  g_return_val_if_fail (choices != NULL, NULL);

  for (gsize i = 0; code != NULL && choices[i].code != NULL; i++)
    if (g_str_equal (choices[i].code, code))
      return choices[i].label;
  return NULL;
}
