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

/* N_() marks the strings; they are translated when shown. Each text says what "Show Me" does,
 * and isc-window-tutorial.c does exactly that. */
static const TutorialStep steps[] = {
  [ISC_TUTORIAL_PROJECT] =
  { N_("The demo project"),
    N_("The sidebar lists the demo's cycling conditions (pristine, formation, 100 and 300 cycles). "
       "Each condition holds sites at known depths below the particle surface, and each site holds "
       "five APT needle specimens and one STEM image.\n\n"
       "Show Me writes the demo project (the first time only) and opens it on the gradient across "
       "the conditions.") },
  [ISC_TUTORIAL_SPECTRUM] =
  { N_("Mass spectrum and ranges"),
    N_("Open an APT specimen: the mass spectrum shows every peak on a log scale with the range windows "
       "shaded in their ion colours. Li appears at 6 and 7 Da, O at 16 and 32 Da, Ni at 29–31 Da (2+).\n\n"
       "Show Me opens the first specimen of site R1 of the 300-cycle condition, 30 nm below the "
       "particle surface.") },
  [ISC_TUTORIAL_RANGES] =
  { N_("Editing ranges"),
    N_("The range windows decide which ions count as which species. Drag a window's edge to move it, "
       "drag over a peak with Ctrl held to add a window, or click one and press Delete to remove it; "
       "“Save ranges…” writes an .rrng file. The data are ranged again after every edit.\n\n"
       "Show Me widens the ⁷Li window to 7.3 Da to take in more of the peak's tail and zooms in on "
       "it: the Li count in the species list and the composition rises.") },
  [ISC_TUTORIAL_COMPOSITION] =
  { N_("Composition"),
    N_("The composition table counts atoms after splitting molecular ions (NiO → Ni + O) and normalises "
       "them to Ni + Co + Mn = 1, as the published site table does. The ± column is the counting error.\n\n"
       "Show Me brings the Composition tab to the front.") },
  [ISC_TUTORIAL_ION_MAP] =
  { N_("The 3D ion map"),
    N_("Drag to turn the needle, scroll to zoom. Untick species in the list under the map to see "
       "where the others sit. While you move, a representative subsample is drawn so the view stays "
       "fluid.\n\n"
       "Show Me leaves only Li ticked: Li is sparse at the narrow tip, 30 nm below the particle "
       "surface, and rises gradually along the needle; the depleted surface itself is site R0.") },
  [ISC_TUTORIAL_PROFILES] =
  { N_("Profiles and homogeneity"),
    N_("A cylinder along the needle axis gives a 1D concentration profile. The frequency-distribution "
       "table compares each element with the binomial expectation; a Pearson μ near 1 means "
       "segregation (μ = √(χ²/(N + χ²)), N the element's atoms, after Moody et al. 2008). Li along "
       "the line defects of site R2 of the 300-cycle condition shows with Blocks set to Spatial grid "
       "(100 atoms per block): μ > 0.9; blocks in evaporation order mix each slice and give less.\n\n"
       "Show Me ticks every species again, places a cylinder along the axis and opens the Analysis "
       "tab: Li rises gradually from the tip.") },
  [ISC_TUTORIAL_SPATIAL] =
  { N_("Isosurfaces and clusters"),
    /* xgettext:no-c-format */
    N_("The Spatial tab finds where an element gathers in three dimensions. An isosurface encloses "
       "the voxels whose Li content exceeds a threshold, after each atom is spread over its "
       "neighbouring voxels (delocalisation); the cluster analysis links Li ions closer than d_max "
       "and keeps groups of at least N_min of them (maximum-separation method).\n\n"
       "Show Me opens the first specimen of site R2 of the 300-cycle condition, whose Li gathers "
       "along line defects, removes the profile's cylinder so that the whole needle counts, and "
       "runs both: the Li isosurface at 35 at.% (bin 2 nm, delocalisation 1.5 nm) gives 5 "
       "surfaces, and the Li clusters with d_max 1.2 nm and N_min 300 are 5 clusters, drawn in "
       "their colours in the map.") },
  [ISC_TUTORIAL_SITE] =
  { N_("One site, two microscopes"),
    N_("Open a site from the sidebar to see both microscopes side by side: the ion map of its first "
       "APT specimen beside its HAADF-STEM image, with scale bars of the same length.\n\n"
       "Show Me opens site R1 of the 300-cycle condition.") },
  [ISC_TUTORIAL_REGISTER] =
  { N_("The APT data on the microscope image"),
    N_("Register mode places a site's APT data on its image in one frame. Click a feature on the "
       "ion map projected along the needle axis, then the same feature on the image; with three or "
       "more such landmark pairs, Fit finds the rotation, scale and shift by least squares and lists "
       "each landmark's residual in nm. The scale is 1 when the APT reconstruction and the image "
       "calibration agree, so a calibration mistake shows as a scale other than 1. "
       "“ionscape-cli register” gives the same numbers in a script.\n\n"
       "Show Me opens site R2 of the 300-cycle condition in Register mode: its image of the needle, "
       "seen along the axis, carries six landmark pairs, fitted to a rotation of about 17° at a "
       "scale of 1.00 with residuals near 0.05 nm.") },
  [ISC_TUTORIAL_LATTICE] =
  { N_("Lattice spacing in the STEM image"),
    N_("Opened on its own, the STEM image comes with a line profile and its FFT. The bright "
       "transition-metal planes lie 0.47 nm apart; where transition metals have moved into the "
       "Li layer, the profile's dominant period halves to 0.235 nm.\n\n"
       "Show Me draws a line across the planes: the profile reports its dominant period with the "
       "strengths of the 0.47 nm layer period and of its half, and the planes' spot in the FFT "
       "gives the 0.47 nm spacing.") },
  [ISC_TUTORIAL_GRADIENT] =
  { N_("The gradient across conditions"),
    N_("The gradient view plots Li/(Ni+Co+Mn) against depth for every condition. The Li-poor layer "
       "appears after cycling and deepens from 100 to 300 cycles.\n\n"
       "Show Me goes back to the gradient.") },
  [ISC_TUTORIAL_CAPACITY] =
  { N_("Capacity over cycles"),
    N_("A condition can hold the cycler files of its cells. The cycling view plots the charge and "
       "discharge capacity of every cycle, with the Coulombic efficiency on the right-hand axis.\n\n"
       "Show Me opens the full cell of the 300-cycle condition: its first two cycles are slow "
       "formation cycles.") },
  [ISC_TUTORIAL_RETENTION] =
  { N_("Retention after formation"),
    /* xgettext:no-c-format */
    N_("Retention is the discharge capacity relative to a reference cycle. Formation cycles run "
       "slower and lose capacity to the SEI, so the reference is the first cycle after them.\n\n"
       "Show Me plots the retention against cycle 3: about 76 % after 300 cycles.") },
  [ISC_TUTORIAL_IN_SITU] =
  { N_("In situ heating: core and shell"),
    N_("The demo holds a TEM series of a particle heated from 150 to 450 °C, one frame every 10 °C. "
       "Opening it also reads the particle's geometry and temperatures from the .json file beside "
       "it, and the core/shell panel plots how the shell and the core change against the reference "
       "frame.\n\n"
       "Show Me opens the series at 300 °C: from about 240 °C the shell darkens and the core "
       "lightens.") },
  [ISC_TUTORIAL_XRD] =
  { N_("In situ diffraction while heating"),
    N_("The demo also holds the synthesis of an NCM622 cathode: X-ray diffraction patterns of the "
       "hydroxide precursor mixed with LiOH, taken while heating from 25 to 400 °C (Cu Kα). The "
       "heat map shows 2θ across and temperature up on a log intensity scale; a peak is fitted in "
       "the same 2θ window of every pattern.\n\n"
       "Show Me opens the series and fits the peak between 17.8° and 20.2°: up to about 200 °C it is "
       "the hydroxide's reflection near 19.5°; from there it moves toward the layered oxide's (003) "
       "at 18.5°.") },
  [ISC_TUTORIAL_THERMAL] =
  { N_("Thermal analysis: lithiation before decomposition"),
    N_("Thermogravimetric (TGA) and DTA curves of the hydroxide precursor alone and mixed with LiOH, "
       "heated at 5 K/min. The page plots mass % with its derivative (DTG, thin, on the right-hand "
       "axis), marks the tangent onset of each mass-loss step with a triangle and lists onset, DTG "
       "peak and mass loss per step.\n\n"
       "Show Me overlays both curves: with LiOH a step with its DTG peak at 200 °C — the lithiation "
       "of the hydroxide — comes before the hydroxide decomposes between 220 and 350 °C; without "
       "LiOH only the decomposition is seen.") },
  [ISC_TUTORIAL_EIS] =
  { N_("Impedance before and after cycling"),
    N_("Impedance spectra of two NCM622 cathodes in half cells, before and after 100 cycles at 0.5 C. "
       "The Nyquist plot keeps an ohm as long on both axes. The circuit R0-p(R1,CPE1)-W1 (electrolyte "
       "resistance, the charge-transfer arc, a diffusion tail) is fitted to every spectrum; R1 is the "
       "charge-transfer resistance.\n\n"
       "Show Me opens the reference cathode R-NCM: its charge-transfer resistance grows from 80 Ω to "
       "150 Ω over 100 cycles. The two-step calcined TS-NCM (eis/ts-ncm.mpt in the demo folder) "
       "grows only to 110 Ω.") },
  [ISC_TUTORIAL_EXPORT] =
  { N_("Export a figure"),
    N_("Every view exports its figure as PNG, SVG or PDF (Ctrl+E); the name's suffix chooses the "
       "format. The same analyses run without a window through ionscape-cli, so a script can repeat "
       "them on new data.\n\n"
       "Show Me shows the gradient plot and opens its export dialog.") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (steps) == ISC_TUTORIAL_N_STEPS);

struct _IscTutorial
{
  GtkWindow            parent_instance;

  guint                current;
  IscTutorialStepFunc  show_step;
  gpointer             user_data;

  /* Template children */
  GtkLabel            *counter;
  GtkStack            *stack;
  GtkWidget           *show_me_button;
  GtkWidget           *next_button;
};

G_DEFINE_FINAL_TYPE (IscTutorial, isc_tutorial, GTK_TYPE_WINDOW)

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

const char *
isc_tutorial_get_body (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (steps), NULL);
  return _(steps[index].body);
}

static void
update_state (IscTutorial *self)
{
  g_autofree char *name = g_strdup_printf ("step-%u", self->current);
  g_autofree char *counter = g_strdup_printf (_("Step %u of %u"), self->current + 1,
                                              (guint) G_N_ELEMENTS (steps));

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tutorial.back", self->current > 0);
  /* On the last step the tour ends with Done, as an assistant does. */
  gtk_button_set_label (GTK_BUTTON (self->next_button),
                        self->current + 1 < G_N_ELEMENTS (steps) ? _("_Next") : _("_Done"));
  gtk_label_set_text (self->counter, counter);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  IscTutorial *self = ISC_TUTORIAL (widget);

  if (self->current > 0)
    isc_tutorial_set_step (self, self->current - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  IscTutorial *self = ISC_TUTORIAL (widget);

  if (self->current + 1 < G_N_ELEMENTS (steps))
    isc_tutorial_set_step (self, self->current + 1);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
show_me_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IscTutorial *self = ISC_TUTORIAL (widget);

  if (self->show_step != NULL)
    self->show_step (self->current, self->user_data);
}

static void
isc_tutorial_class_init (IscTutorialClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ionscape/Ionscape/ui/tutorial.ui");
  gtk_widget_class_bind_template_child (widget_class, IscTutorial, counter);
  gtk_widget_class_bind_template_child (widget_class, IscTutorial, stack);
  gtk_widget_class_bind_template_child (widget_class, IscTutorial, show_me_button);
  gtk_widget_class_bind_template_child (widget_class, IscTutorial, next_button);

  gtk_widget_class_install_action (widget_class, "tutorial.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "tutorial.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "tutorial.show-me", NULL, show_me_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isc_tutorial_init (IscTutorial *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One page per step: the title, then the text, which scrolls if a translation runs long. */
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      GtkWidget *title = gtk_label_new (_(steps[i].title));
      GtkWidget *body = gtk_label_new (_(steps[i].body));
      GtkWidget *scroller = gtk_scrolled_window_new ();
      g_autofree char *name = g_strdup_printf ("step-%u", i);

      gtk_widget_add_css_class (title, "title-2");
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (body), TRUE);
      gtk_label_set_xalign (GTK_LABEL (body), 0);
      gtk_label_set_yalign (GTK_LABEL (body), 0);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), body);
      gtk_widget_set_vexpand (scroller, TRUE);
      gtk_box_append (GTK_BOX (page), title);
      gtk_box_append (GTK_BOX (page), scroller);
      gtk_stack_add_named (self->stack, page, name);
    }
  update_state (self);
}

GtkWindow *
isc_tutorial_show (GtkWindow           *parent,
                   IscTutorialStepFunc  show_step,
                   gpointer             user_data)
{
  IscTutorial *self = g_object_new (ISC_TYPE_TUTORIAL, NULL);

  self->show_step = show_step;
  self->user_data = user_data;
  gtk_widget_set_visible (self->show_me_button, show_step != NULL);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_present (GTK_WINDOW (self));
  return GTK_WINDOW (self);
}

guint
isc_tutorial_get_step (IscTutorial *self)
{
  g_return_val_if_fail (ISC_IS_TUTORIAL (self), 0);
  return self->current;
}

void
isc_tutorial_set_step (IscTutorial *self,
                       guint        index)
{
  g_return_if_fail (ISC_IS_TUTORIAL (self));
  g_return_if_fail (index < G_N_ELEMENTS (steps));

  self->current = index;
  update_state (self);
  /* Keyboard users keep going with Enter. */
  gtk_widget_grab_focus (self->next_button);
}
