/* project-registration.c: a site's correlative registration, in memory and in the project file.
 *
 * The file holds it as one UTF-8 JSON attribute "registration" of the site group, with its own
 * "version" (ISC_REGISTRATION_FORMAT_VERSION): project files written before registrations
 * existed simply have no such attribute.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "project-registration.h"

#include <hdf5.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "project-file.h"

#define ATTRIBUTE "registration"
#define MAX_LANDMARKS 10000

IscSiteRegistration *
isc_site_registration_new (const char *image_path)
{
  IscSiteRegistration *registration = g_new0 (IscSiteRegistration, 1);

  registration->image_path = g_strdup (image_path);
  registration->landmarks = g_array_new (FALSE, TRUE, sizeof (IscLandmark));
  isc_registration_init (&registration->transform, NULL, 1, 0, 1, 0, 0);
  return registration;
}

void
isc_site_registration_free (IscSiteRegistration *registration)
{
  if (registration == NULL)
    return;
  g_free (registration->image_path);
  g_array_unref (registration->landmarks);
  g_free (registration);
}

IscSiteRegistration *
isc_site_registration_copy (const IscSiteRegistration *registration)
{
  IscSiteRegistration *copy;

  g_return_val_if_fail (registration != NULL, NULL);

  copy = isc_site_registration_new (registration->image_path);
  copy->transform = registration->transform;
  copy->refined = registration->refined;
  g_array_append_vals (copy->landmarks, registration->landmarks->data,
                       registration->landmarks->len);
  return copy;
}

void
isc_site_set_registration (IscSite             *site,
                           IscSiteRegistration *registration)
{
  g_return_if_fail (site != NULL);

  if (site->registration == registration)
    return;
  isc_site_registration_free (site->registration);
  site->registration = registration;
}

static void
add_doubles (JsonBuilder  *builder,
             const char   *name,
             const double *values,
             guint         n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_double_value (builder, values[i]);
  json_builder_end_array (builder);
}

char *
isc_site_registration_to_json (const IscSiteRegistration *registration,
                               const char                *base_dir)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *image = NULL;
  const IscRegistration *t;

  g_return_val_if_fail (registration != NULL, NULL);

  t = &registration->transform;
  if (base_dir != NULL && registration->image_path != NULL
      && g_path_is_absolute (registration->image_path))
    image = isc_path_relative_to (base_dir, registration->image_path);
  else
    image = g_strdup (registration->image_path);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, ISC_REGISTRATION_FORMAT_VERSION);
  json_builder_set_member_name (builder, "image");
  json_builder_add_string_value (builder, image != NULL ? image : "");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder,
                                 t->kind == ISC_REGISTRATION_AFFINE ? "affine" : "similarity");
  add_doubles (builder, "view", t->view, 3);
  json_builder_set_member_name (builder, "pixel_size_nm");
  json_builder_add_double_value (builder, t->pixel_size_nm);
  add_doubles (builder, "matrix_px_per_nm", t->matrix, 4);
  add_doubles (builder, "translation_px", t->translation_px, 2);
  /* Derived, stored so the file reads by itself. */
  json_builder_set_member_name (builder, "rotation_deg");
  json_builder_add_double_value (builder, t->rotation_deg);
  json_builder_set_member_name (builder, "scale");
  json_builder_add_double_value (builder, t->scale);
  json_builder_set_member_name (builder, "refined");
  json_builder_add_boolean_value (builder, registration->refined);
  json_builder_set_member_name (builder, "landmarks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < registration->landmarks->len; i++)
    {
      const IscLandmark *l = &g_array_index (registration->landmarks, IscLandmark, i);
      double row[5] = { l->apt_nm[0], l->apt_nm[1], l->apt_nm[2], l->image_px[0], l->image_px[1] };

      json_builder_begin_array (builder);
      for (guint k = 0; k < 5; k++)
        json_builder_add_double_value (builder, row[k]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
number_of (JsonNode *node,
           double   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *out = json_node_get_double (node);
      return isfinite (*out);
    default:
      return FALSE;
    }
}

static gboolean
read_doubles (JsonObject *object,
              const char *name,
              double     *values,
              guint       n)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!number_of (json_array_get_element (array, i), &values[i]))
      return FALSE;
  return TRUE;
}

IscSiteRegistration *
isc_site_registration_from_json (const char  *text,
                                 const char  *base_dir,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(IscSiteRegistration) registration = NULL;
  g_autofree char *image = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *landmarks;
  IscRegistration *t;
  const char *kind, *bad = NULL;
  double version, norm;

  g_return_val_if_fail (text != NULL, NULL);

  if (!json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                   "the site registration is not a JSON object");
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (!number_of (json_object_get_member (object, "version"), &version) || version < 1)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                   "the site registration has no valid version");
      return NULL;
    }
  if (version > ISC_REGISTRATION_FORMAT_VERSION)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_VERSION,
                   "the site registration was written by a newer Ionscape (version %g, this "
                   "version reads up to %d)", version, ISC_REGISTRATION_FORMAT_VERSION);
      return NULL;
    }

  node = json_object_get_member (object, "image");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                   "the site registration names no image");
      return NULL;
    }
  image = base_dir != NULL ? g_canonicalize_filename (json_node_get_string (node), base_dir)
                           : g_strdup (json_node_get_string (node));
  registration = isc_site_registration_new (image);
  t = &registration->transform;

  kind = json_object_get_string_member_with_default (object, "kind", "similarity");
  if (g_strcmp0 (kind, "affine") == 0)
    t->kind = ISC_REGISTRATION_AFFINE;
  else if (g_strcmp0 (kind, "similarity") == 0)
    t->kind = ISC_REGISTRATION_SIMILARITY;
  else
    bad = "kind";
  if (bad == NULL && !read_doubles (object, "view", t->view, 3))
    bad = "view";
  norm = sqrt (t->view[0] * t->view[0] + t->view[1] * t->view[1] + t->view[2] * t->view[2]);
  if (bad == NULL && fabs (norm - 1) > 1e-6)
    bad = "view";
  if (bad == NULL && (!number_of (json_object_get_member (object, "pixel_size_nm"),
                                  &t->pixel_size_nm) || t->pixel_size_nm <= 0))
    bad = "pixel_size_nm";
  if (bad == NULL && !read_doubles (object, "matrix_px_per_nm", t->matrix, 4))
    bad = "matrix_px_per_nm";
  if (bad == NULL && !read_doubles (object, "translation_px", t->translation_px, 2))
    bad = "translation_px";
  node = json_object_get_member (object, "landmarks");
  if (bad == NULL && (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
                      || json_array_get_length (json_node_get_array (node)) > MAX_LANDMARKS))
    bad = "landmarks";
  if (bad != NULL)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                   "the site registration has an invalid “%s”", bad);
      return NULL;
    }
  isc_registration_update (t);
  registration->refined = json_object_get_boolean_member_with_default (object, "refined", FALSE);

  landmarks = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (landmarks); i++)
    {
      JsonNode *row = json_array_get_element (landmarks, i);
      JsonArray *values;
      IscLandmark l;
      double *to[5] = { &l.apt_nm[0], &l.apt_nm[1], &l.apt_nm[2], &l.image_px[0], &l.image_px[1] };

      if (!JSON_NODE_HOLDS_ARRAY (row) || json_array_get_length (json_node_get_array (row)) != 5)
        {
          g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                       "landmark %u of the site registration is not five numbers", i + 1);
          return NULL;
        }
      values = json_node_get_array (row);
      for (guint k = 0; k < 5; k++)
        if (!number_of (json_array_get_element (values, k), to[k]))
          {
            g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                         "landmark %u of the site registration is not five numbers", i + 1);
            return NULL;
          }
      g_array_append_val (registration->landmarks, l);
    }
  return g_steal_pointer (&registration);
}

gboolean
isc_project_registration_write (gint64         site_group,
                                const IscSite *site,
                                const char    *base_dir,
                                GError       **error)
{
  g_autofree char *text = NULL;
  hid_t type, space, attr;
  gboolean ok;

  if (site->registration == NULL)
    return TRUE;
  text = isc_site_registration_to_json (site->registration, base_dir);
  type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, strlen (text) + 1);
  H5Tset_strpad (type, H5T_STR_NULLTERM);
  H5Tset_cset (type, H5T_CSET_UTF8);
  space = H5Screate (H5S_SCALAR);
  attr = H5Acreate2 ((hid_t) site_group, ATTRIBUTE, type, space, H5P_DEFAULT, H5P_DEFAULT);
  ok = attr >= 0 && H5Awrite (attr, type, text) >= 0;
  if (!ok)
    g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO,
                 "could not write the registration of site “%s”", site->label);
  if (attr >= 0)
    H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
  return ok;
}

gboolean
isc_project_registration_read (gint64      site_group,
                               IscSite    *site,
                               const char *base_dir,
                               GPtrArray  *outside,
                               GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  IscSiteRegistration *registration;
  hid_t attr, type, mem_type;
  gsize size;
  gboolean ok;

  if (H5Aexists ((hid_t) site_group, ATTRIBUTE) <= 0)
    return TRUE;   /* written before registrations, or never registered */
  attr = H5Aopen ((hid_t) site_group, ATTRIBUTE, H5P_DEFAULT);
  type = attr >= 0 ? H5Aget_type (attr) : -1;
  size = type >= 0 && H5Tget_class (type) == H5T_STRING && H5Tis_variable_str (type) == 0
         ? H5Tget_size (type) : 0;
  ok = size > 0 && size < (16u << 20);
  if (ok)
    {
      mem_type = H5Tcopy (H5T_C_S1);
      H5Tset_size (mem_type, size + 1);
      H5Tset_strpad (mem_type, H5T_STR_NULLTERM);
      H5Tset_cset (mem_type, H5T_CSET_UTF8);
      text = g_malloc0 (size + 1);
      ok = H5Aread (attr, mem_type, text) >= 0 && g_utf8_validate (text, -1, NULL);
      H5Tclose (mem_type);
    }
  if (type >= 0)
    H5Tclose (type);
  if (attr >= 0)
    H5Aclose (attr);
  if (!ok)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT,
                   "the registration of site “%s” cannot be read", site->label);
      return FALSE;
    }
  registration = isc_site_registration_from_json (text, base_dir, &local);
  if (registration == NULL)
    {
      g_set_error (error, ISC_PROJECT_ERROR, local->code, "site “%s”: %s", site->label,
                   local->message);
      return FALSE;
    }
  if (outside != NULL && base_dir != NULL
      && !isc_path_is_inside (base_dir, registration->image_path)
      && !g_ptr_array_find_with_equal_func (outside, registration->image_path, g_str_equal, NULL))
    g_ptr_array_add (outside, g_strdup (registration->image_path));
  isc_site_set_registration (site, registration);
  return TRUE;
}
