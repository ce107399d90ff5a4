from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from guichet.constants import RejectionCode

AGE_CHOICES = [
    ("", _("Toutes")),
    ("overdue", _("En retard (délai annoncé dépassé)")),
    ("1", _("Plus d'1 jour")),
    ("3", _("Plus de 3 jours")),
    ("5", _("Plus de 5 jours")),
    ("10", _("Plus de 10 jours")),
    ("30", _("Plus de 30 jours")),
]
ASSIGNED_CHOICES = [
    ("", _("Tout le monde")),
    ("me", _("Moi")),
    ("none", _("Personne (non assignées)")),
]
SORT_CHOICES = [("oldest", _("Les plus anciennes d'abord")), ("newest", _("Les plus récentes"))]


REJECTION_REASONS = [("", _("— Choisissez un motif —")), *RejectionCode.choices]


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Motif du refus"),
        choices=REJECTION_REASONS,
        error_messages={"required": _("Choisissez le motif du refus.")},
    )
    detail = forms.CharField(
        label=_("Explication pour le citoyen"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Elle est communiquée au citoyen. Obligatoire pour « Autre motif »."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not data.get("detail", "").strip():
            self.add_error("detail", _("Expliquez le motif du refus au citoyen."))
        return data

    def reason_text(self):
        label = dict(REJECTION_REASONS)[self.cleaned_data["reason"]]
        detail = self.cleaned_data.get("detail", "").strip()
        return f"{label}. {detail}" if detail else f"{label}."


class AskForm(forms.Form):
    message = forms.CharField(
        label=_("Question au citoyen"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez la question à poser au citoyen.")},
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note interne"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visible par les agents uniquement."),
        error_messages={"required": _("La note est vide.")},
    )


class IssueForm(forms.Form):
    checked = forms.BooleanField(
        label=_("J'ai vérifié l'aperçu du document"),
        error_messages={"required": _("Ouvrez et vérifiez l'aperçu avant de délivrer.")},
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la révocation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Il est envoyé au citoyen et affiché sur la page publique de vérification : "
            "n'y mettez aucune donnée personnelle."
        ),
        error_messages={"required": _("Indiquez le motif de la révocation.")},
    )


class BatchPostedForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("J'ai déposé à la poste les enveloppes de ce lot"),
        error_messages={
            "required": _("Cochez la case pour confirmer que les enveloppes sont à la poste.")
        },
    )


class CollectedForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("Le document a été remis au citoyen ou à son mandataire"),
        error_messages={"required": _("Cochez la case pour confirmer la remise du document.")},
    )
    identity_checked = forms.BooleanField(
        label=_("J'ai vérifié la carte d'identité (et la procuration éventuelle)"),
        required=False,
    )
    payment_instrument = forms.ChoiceField(
        label=_("Paiement encaissé"),
        choices=[("cash", _("En espèces")), ("card_terminal", _("Au terminal de paiement"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Indiquez comment le citoyen a payé : en espèces ou au terminal de paiement."
            )
        },
    )

    def __init__(self, *args, amount_due=None, **kwargs):
        """`amount_due`: the fee the clerk collects at hand-over (None: nothing to collect,
        the payment question is not asked)."""
        super().__init__(*args, **kwargs)
        if amount_due is None:
            del self.fields["payment_instrument"]
        else:
            self.fields["payment_instrument"].help_text = _(
                "Encaissez %(amount)s € avant de remettre le document."
            ) % {"amount": number_format(amount_due, decimal_pos=2, use_l10n=True)}
