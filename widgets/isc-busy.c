/* isc-busy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "isc-busy.h"

enum { PROP_0, PROP_BUSY };

static GQuark
busy_func_quark (void)
{
  return g_quark_from_static_string ("isc-busy-func");
}

static void
busy_get_property (GObject    *object,
                   guint       prop_id,
                   GValue     *value,
                   GParamSpec *pspec)
{
  IscBusyFunc is_busy = g_type_get_qdata (pspec->owner_type, busy_func_quark ());

  if (prop_id == PROP_BUSY && is_busy != NULL)
    g_value_set_boolean (value, is_busy (object));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

GParamSpec *
isc_busy_param_spec_new (void)
{
  /* TRUE while a computation is queued or runs. */
  return g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

void
isc_busy_class_install (GObjectClass *object_class,
                        IscBusyFunc   is_busy)
{
  g_return_if_fail (G_IS_OBJECT_CLASS (object_class));
  g_return_if_fail (is_busy != NULL);

  g_type_set_qdata (G_OBJECT_CLASS_TYPE (object_class), busy_func_quark (), is_busy);
  object_class->get_property = busy_get_property;
  g_object_class_install_property (object_class, PROP_BUSY, isc_busy_param_spec_new ());
}

void
isc_busy_update (gpointer  self,
                 gboolean *state,
                 gboolean  busy)
{
  g_return_if_fail (G_IS_OBJECT (self));

  busy = !!busy;
  if (busy == *state)
    return;
  *state = busy;
  g_object_notify (G_OBJECT (self), "busy");
}

void
isc_busy_set_spinner (gpointer   self,
                      GtkWidget *spinner,
                      gboolean   busy)
{
  g_return_if_fail (G_IS_OBJECT (self));
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  busy = !!busy;
  if (busy == gtk_widget_get_visible (spinner))
    return;
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), busy);
  gtk_widget_set_visible (spinner, busy);
  g_object_notify (G_OBJECT (self), "busy");
}
