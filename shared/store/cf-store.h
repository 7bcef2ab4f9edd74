/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cf-key.h"

G_BEGIN_DECLS

#define CF_TYPE_STORE (cf_store_get_type ())
G_DECLARE_FINAL_TYPE (CfStore, cf_store, CF, STORE, GObject)

/* Work run on the store's writer thread.  Returns a new reference or
 * allocation for the caller, or NULL with @error set. */
typedef gpointer (*CfStoreFunc) (CfStore       *store,
                                 gpointer       data,
                                 GCancellable  *cancellable,
                                 GError       **error);
/* The same for a change with no value to give back: FALSE with @error. */
typedef gboolean (*CfStoreAction) (CfStore       *store,
                                   gpointer       data,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* Progress of long work, in pages or rows: @done of @total. */
typedef void (*CfStoreProgressFunc) (int      done,
                                     int      total,
                                     gpointer user_data);

CfStore    *cf_store_open                       (const char         *path,
                                                 const CfKey        *key,
                                                 GError            **error);
CfStore    *cf_store_open_unencrypted           (const char         *path,
                                                 GError            **error);
CfStore    *cf_store_open_desk                  (const char         *path,
                                                 const CfKey        *key,
                                                 GError            **error);
gboolean    cf_store_attach_cases               (CfStore            *self,
                                                 const char         *path,
                                                 const CfKey        *key,
                                                 GError            **error);
gboolean    cf_store_has_cases                  (CfStore            *self);
int         cf_store_latest_case_schema_version (void);
gboolean    cf_store_copy_rekeyed               (const char         *from,
                                                 const CfKey        *from_key,
                                                 const char         *to,
                                                 const CfKey        *to_key,
                                                 CfStoreProgressFunc progress,
                                                 gpointer            progress_data,
                                                 GError            **error);
void        cf_store_close                      (CfStore            *self);
gboolean    cf_store_is_open                    (CfStore            *self);
const char *cf_store_get_path                   (CfStore            *self);
int         cf_store_get_schema_version         (CfStore            *self);
int         cf_store_latest_schema_version      (void);
gboolean    cf_store_check_integrity            (CfStore            *self,
                                                 GError            **error);

void     cf_store_run_async  (CfStore            *self,
                              CfStoreFunc         func,
                              gpointer            data,
                              GDestroyNotify      data_free,
                              GDestroyNotify      result_free,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data);
gpointer cf_store_run_finish (CfStore            *self,
                              GAsyncResult       *result,
                              GError            **error);
void     cf_store_do_async   (CfStore            *self,
                              CfStoreAction       action,
                              gpointer            data,
                              GDestroyNotify      data_free,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data);
gboolean cf_store_do_finish  (CfStore            *self,
                              GAsyncResult       *result,
                              GError            **error);

G_END_DECLS
