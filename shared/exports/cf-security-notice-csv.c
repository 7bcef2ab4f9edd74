/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-security-notice-private.h"

#include "cf-text.h"

char *
cf_security_notice_write_csv (const CfSecurityNoticeRow *rows,
                              guint                      n_rows,
                              GTimeZone                 *zone)
{
  GString *out = g_string_new ("student_name,student_id,date,start,end\r\n");

  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  for (guint i = 0; i < n_rows; i++)
    {
      char *cells[N_CELLS];

      if (rows[i].cancelled)
        continue;
      _cf_security_notice_row_cells (&rows[i], zone, cells);
      for (guint c = 0; c < N_CELLS; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          cf_csv_append_field (out, cells[c]);
        }
      g_string_append (out, "\r\n");
      _cf_security_notice_cells_free (cells);
    }
  return g_string_free (out, FALSE);
}
