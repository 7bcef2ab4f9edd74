/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Record types are plain GObjects whose properties mirror their columns.
 * A table of fields (name, kind, struct offset) drives the properties, so
 * every record type shares one implementation of get, set and notify. */
typedef enum {
  CF_FIELD_STRING,
  CF_FIELD_INT64,
  CF_FIELD_BOOLEAN,
} CfFieldKind;

typedef struct {
  const char  *name;
  CfFieldKind  kind;
  gsize        offset;
} CfField;

void _cf_record_install (GObjectClass  *klass,
                         const CfField *fields,
                         guint          n_fields,
                         GParamSpec   **pspecs);
void _cf_record_get     (GObject       *object,
                         const CfField *fields,
                         guint          prop_id,
                         GValue        *value);
void _cf_record_set     (GObject       *object,
                         const CfField *fields,
                         GParamSpec   **pspecs,
                         guint          prop_id,
                         const GValue  *value);
void _cf_record_clear   (GObject       *object,
                         const CfField *fields,
                         guint          n_fields);

/* Defines the class boilerplate for a record type TypeName/type_name whose
 * instance struct has the fields listed in type_name##_fields. */
#define CF_DEFINE_RECORD(TypeName, type_name)                                   \
  static GParamSpec *type_name##_pspecs[G_N_ELEMENTS (type_name##_fields) + 1]; \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, G_TYPE_OBJECT)                      \
  static void type_name##_get_property (GObject *o, guint id, GValue *v,        \
                                        GParamSpec *p)                          \
  { _cf_record_get (o, type_name##_fields, id, v); }                            \
  static void type_name##_set_property (GObject *o, guint id, const GValue *v,  \
                                        GParamSpec *p)                          \
  { _cf_record_set (o, type_name##_fields, type_name##_pspecs, id, v); }        \
  static void type_name##_finalize (GObject *o)                                 \
  {                                                                             \
    _cf_record_clear (o, type_name##_fields, G_N_ELEMENTS (type_name##_fields));\
    G_OBJECT_CLASS (type_name##_parent_class)->finalize (o);                    \
  }                                                                             \
  static void type_name##_class_init (TypeName##Class *klass)                   \
  {                                                                             \
    GObjectClass *object_class = G_OBJECT_CLASS (klass);                        \
    object_class->get_property = type_name##_get_property;                      \
    object_class->set_property = type_name##_set_property;                      \
    object_class->finalize = type_name##_finalize;                              \
    _cf_record_install (object_class, type_name##_fields,                       \
                        G_N_ELEMENTS (type_name##_fields), type_name##_pspecs); \
  }                                                                             \
  static void type_name##_init (TypeName *self) { }

#define CF_FIELD(Type, member, kind) { #member, kind, G_STRUCT_OFFSET (Type, member) }

G_END_DECLS
