"""Imports of the birth register (django-import-export): acts and their marginal mentions.

Acts are keyed on their reference (commune, year, number), mentions on (act, date, nature):
re-importing the same file changes nothing. Same checks and all-or-nothing rule as the
population register imports (population.resources.RegisterResource).
"""

import datetime

from django.utils.translation import gettext as _
from import_export import fields, widgets

from etatcivil.constants import BAEC_START, DEFAULT_COMMUNE, MentionNature
from etatcivil.models import BirthAct, MarginalMention
from population.models import Person
from population.resources import RegisterResource, person_must_exist


def _act_reference(check):
    """Check the commune/annee/numero columns; return (commune, year, number) or None."""
    commune = check.text("commune", required=False, max_length=100) or DEFAULT_COMMUNE
    check.row["commune"] = commune
    numbers = []
    for column in ("annee", "numero"):
        value = check.text(column)
        if value and not value.isdigit():
            check.error(
                column,
                _("« %(value)s » : un nombre entier est attendu (colonne %(column)s).")
                % {"value": value, "column": column},
            )
            value = ""
        check.row[column] = int(value) if value else None
        numbers.append(check.row[column])
    if None in numbers:
        return None
    return commune, numbers[0], numbers[1]


class BirthActResource(RegisterResource):
    commune = fields.Field(attribute="commune", column_name="commune")
    year = fields.Field(attribute="year", column_name="annee", widget=widgets.IntegerWidget())
    number = fields.Field(attribute="number", column_name="numero", widget=widgets.IntegerWidget())
    registered_on = fields.Field(
        attribute="registered_on", column_name="date_acte", widget=widgets.DateWidget()
    )
    digitised = fields.Field(
        attribute="digitised", column_name="electronique", widget=widgets.BooleanWidget()
    )
    person = fields.Field(
        attribute="person", column_name="niss", widget=widgets.ForeignKeyWidget(Person, "niss")
    )
    last_name = fields.Field(attribute="last_name", column_name="nom")
    first_names = fields.Field(attribute="first_names", column_name="prenoms")
    sex = fields.Field(attribute="sex", column_name="sexe")
    birth_date = fields.Field(
        attribute="birth_date", column_name="date_naissance", widget=widgets.DateWidget()
    )
    birth_time = fields.Field(
        attribute="birth_time", column_name="heure_naissance", widget=widgets.TimeWidget()
    )
    birth_place = fields.Field(attribute="birth_place", column_name="lieu_naissance")
    parent1_last_name = fields.Field(attribute="parent1_last_name", column_name="parent1_nom")
    parent1_first_names = fields.Field(
        attribute="parent1_first_names", column_name="parent1_prenoms"
    )
    parent1_niss = fields.Field(attribute="parent1_niss", column_name="parent1_niss")
    parent2_last_name = fields.Field(attribute="parent2_last_name", column_name="parent2_nom")
    parent2_first_names = fields.Field(
        attribute="parent2_first_names", column_name="parent2_prenoms"
    )
    parent2_niss = fields.Field(attribute="parent2_niss", column_name="parent2_niss")

    required_columns = (
        "commune",
        "annee",
        "numero",
        "date_acte",
        "nom",
        "prenoms",
        "sexe",
        "date_naissance",
        "lieu_naissance",
    )

    class Meta:
        model = BirthAct
        import_id_fields = ("commune", "year", "number")
        fields = (
            "commune",
            "year",
            "number",
            "registered_on",
            "digitised",
            "person",
            "last_name",
            "first_names",
            "sex",
            "birth_date",
            "birth_time",
            "birth_place",
            "parent1_last_name",
            "parent1_first_names",
            "parent1_niss",
            "parent2_last_name",
            "parent2_first_names",
            "parent2_niss",
        )

    def check_row(self, check):
        reference = _act_reference(check)
        registered = check.date("date_acte", label=_("de l'acte"))
        electronic_since = datetime.date(*BAEC_START)
        check.boolean("electronique", default=bool(registered and registered >= electronic_since))
        person_must_exist(check, "niss", check.niss("niss", required=False))
        check.text("nom", max_length=100)
        check.text("prenoms", max_length=150)
        check.sex("sexe")
        born = check.date("date_naissance", label=_("de naissance"))
        check.time("heure_naissance")
        check.text("lieu_naissance", max_length=100)
        for prefix in ("parent1", "parent2"):
            check.text(f"{prefix}_nom", required=False, max_length=100)
            check.text(f"{prefix}_prenoms", required=False, max_length=150)
            # A parent who is not in the national register is known by a BIS number.
            check.niss(f"{prefix}_niss", required=False, allow_bis=True)
        if reference and registered and registered.year != reference[1]:
            check.error(
                "annee",
                _("L'année de l'acte (%(year)s) doit être celle de la date de l'acte (%(date)s).")
                % {"year": reference[1], "date": registered.strftime("%d/%m/%Y")},
            )
        if born and registered and registered < born:
            check.error("date_acte", _("L'acte ne peut pas avoir été dressé avant la naissance."))


class ActWidget(widgets.ForeignKeyWidget):
    """The act a mention belongs to, found from the commune, annee and numero columns."""

    def __init__(self):
        super().__init__(BirthAct)

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        return BirthAct.objects.get(commune=row["commune"], year=row["annee"], number=value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value.number)


class MarginalMentionResource(RegisterResource):
    commune = fields.Field(attribute="act__commune", column_name="commune", readonly=True)
    year = fields.Field(attribute="act__year", column_name="annee", readonly=True)
    act = fields.Field(attribute="act", column_name="numero", widget=ActWidget())
    date = fields.Field(attribute="date", column_name="date_mention", widget=widgets.DateWidget())
    nature = fields.Field(attribute="nature", column_name="nature")
    text = fields.Field(attribute="text", column_name="texte")
    new_last_name = fields.Field(attribute="new_last_name", column_name="nouveau_nom")
    new_first_names = fields.Field(attribute="new_first_names", column_name="nouveaux_prenoms")
    new_sex = fields.Field(attribute="new_sex", column_name="nouveau_sexe")

    required_columns = ("annee", "numero", "date_mention", "nature", "texte")

    class Meta:
        model = MarginalMention
        import_id_fields = ("act", "date", "nature")
        fields = (
            "commune",
            "year",
            "act",
            "date",
            "nature",
            "text",
            "new_last_name",
            "new_first_names",
            "new_sex",
        )

    def check_row(self, check):
        reference = _act_reference(check)
        if (
            reference
            and not BirthAct.objects.filter(
                commune=reference[0], year=reference[1], number=reference[2]
            ).exists()
        ):
            check.error(
                "numero",
                _(
                    "Acte inconnu : %(commune)s, %(year)s, n° %(number)s. Importez d'abord le "
                    "fichier des actes."
                )
                % {"commune": reference[0], "year": reference[1], "number": reference[2]},
            )
        check.date("date_mention", label=_("de la mention"))
        check.choice("nature", MentionNature)
        check.text("texte")
        check.text("nouveau_nom", required=False, max_length=100)
        check.text("nouveaux_prenoms", required=False, max_length=150)
        check.sex("nouveau_sexe", required=False)
