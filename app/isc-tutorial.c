/* isc-tutorial.c: a step-by-step tour through the bundled demo project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "isc-tutorial.h"

typedef struct
{
  const char *title;
  const char *body;
} TutorialStep;

/* N_() marks the strings; they are translated when shown. */
static const TutorialStep steps[] = {
  { N_("The demo project"),
    N_("The sidebar lists the demo's cycling conditions (pristine, formation, 100 and 300 cycles). "
       "Each condition holds sites at known depths below the particle surface, and each site holds "
       "five APT needle specimens and one STEM image.") },
  { N_("Mass spectrum and ranges"),
    N_("Open an APT specimen: the mass spectrum shows every peak on a log scale with the range windows "
       "shaded in their ion colours. Li appears at 6 and 7 Da, O at 16 and 32 Da, Ni at 29–31 Da (2+).") },
  { N_("Composition"),
    N_("The composition table counts atoms after splitting molecular ions (NiO → Ni + O) and normalises "
       "them to Ni + Co + Mn = 1, as the published site table does. The ± column is the counting error.") },
  { N_("The 3D ion map"),
    N_("Drag to turn the needle, scroll to zoom. Toggle species in the list to see where Li sits. "
       "While you move, a representative subsample is drawn so the view stays fluid.") },
  { N_("Profiles and homogeneity"),
    N_("Place a cylinder along the needle axis to get a 1D concentration profile: at the 300-cycle "
       "surface the top ~15 nm is short of Li. The frequency-distribution table compares each "
       "element with the binomial expectation; a Pearson μ near 1 means segregation.") },
  { N_("STEM at the same site"),
    N_("Each site's HAADF image shows the layered lattice: bright transition-metal planes 0.47 nm apart. "
       "Draw a line across the planes to read the spacing, or click a spot in the FFT.") },
  { N_("The gradient across conditions"),
    N_("The gradient view plots Li/(Ni+Co+Mn) against depth for every condition. The Li-poor layer "
       "appears after cycling and deepens from 100 to 300 cycles.") },
  { N_("Export"),
    N_("Every view exports its figure as PNG, SVG or PDF (Ctrl+E). The same analyses run without a "
       "window through ionscape-cli, so a script can repeat them on new data.") },
};

guint
isc_tutorial_get_n_steps (void)
{
  return G_N_ELEMENTS (steps);
}

const char *
isc_tutorial_get_title (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (steps), NULL);
  return _(steps[index].title);
}

typedef struct
{
  GtkStack            *stack;
  GtkButton           *back;
  GtkButton           *next;
  GtkButton           *show_me;
  GtkLabel            *counter;
  guint                current;
  IscTutorialStepFunc  show_step;
  gpointer             user_data;
} TutorialState;

static void
update_state (TutorialState *state)
{
  g_autofree char *name = g_strdup_printf ("step-%u", state->current);
  g_autofree char *counter = g_strdup_printf (_("Step %u of %u"), state->current + 1,
                                              (guint) G_N_ELEMENTS (steps));

  gtk_stack_set_visible_child_name (state->stack, name);
  gtk_widget_set_sensitive (GTK_WIDGET (state->back), state->current > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (state->next), state->current + 1 < G_N_ELEMENTS (steps));
  gtk_label_set_text (state->counter, counter);
}

static void
back_clicked_cb (GtkButton     *button,
                 TutorialState *state)
{
  if (state->current > 0)
    state->current--;
  update_state (state);
}

static void
next_clicked_cb (GtkButton     *button,
                 TutorialState *state)
{
  if (state->current + 1 < G_N_ELEMENTS (steps))
    state->current++;
  update_state (state);
}

static void
show_me_clicked_cb (GtkButton     *button,
                    TutorialState *state)
{
  state->show_step (state->current, state->user_data);
}

GtkWindow *
isc_tutorial_show (GtkWindow           *parent,
                   IscTutorialStepFunc  show_step,
                   gpointer             user_data)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  TutorialState *state = g_new0 (TutorialState, 1);

  gtk_window_set_title (window, _("Ionscape Tutorial"));
  gtk_window_set_transient_for (window, parent);
  gtk_window_set_default_size (window, 460, 300);
  g_object_set_data_full (G_OBJECT (window), "isc-tutorial-state", state, g_free);

  state->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (state->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_widget_set_vexpand (GTK_WIDGET (state->stack), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      GtkWidget *title = gtk_label_new (_(steps[i].title));
      GtkWidget *body = gtk_label_new (_(steps[i].body));
      g_autofree char *name = g_strdup_printf ("step-%u", i);

      gtk_widget_add_css_class (title, "title-2");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (body), TRUE);
      gtk_label_set_xalign (GTK_LABEL (body), 0);
      gtk_box_append (GTK_BOX (page), title);
      gtk_box_append (GTK_BOX (page), body);
      gtk_stack_add_named (state->stack, page, name);
    }

  state->show_step = show_step;
  state->user_data = user_data;
  state->back = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Back")));
  state->show_me = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Show Me")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (state->show_me), _("Do this step in the main window"));
  gtk_widget_set_visible (GTK_WIDGET (state->show_me), show_step != NULL);
  g_signal_connect (state->show_me, "clicked", G_CALLBACK (show_me_clicked_cb), state);
  state->next = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Next")));
  state->counter = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (state->counter), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (state->next), "suggested-action");
  g_signal_connect (state->back, "clicked", G_CALLBACK (back_clicked_cb), state);
  g_signal_connect (state->next, "clicked", G_CALLBACK (next_clicked_cb), state);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (state->back));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (state->counter));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (state->show_me));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (state->next));

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (state->stack));
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_child (window, box);

  update_state (state);
  gtk_window_present (window);
  return window;
}
