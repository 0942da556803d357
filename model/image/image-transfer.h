/* image-transfer.h: an image (or a count of images) through the byte stream of an isolated
 * reader process (isc-isolate.h), private to model/image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "image.h"
#include "isc-isolate.h"

G_BEGIN_DECLS

/* Child side: the image count, then @image when not NULL. */
gboolean  isc_image_transfer_write (IscIsolateWriter  *writer,
                                    guint              count,
                                    const IscImage    *image);

/* Parent side: the count into @out_count (when not NULL) and the image, or NULL: with @error
 * naming @path when the stream is short or garbled, without one when no image was sent. */
IscImage *isc_image_transfer_read  (GBytes            *bytes,
                                    const char        *path,
                                    guint             *out_count,
                                    GError           **error);

G_END_DECLS
