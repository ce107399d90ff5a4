"""Register imports (django-import-export): persons, households, memberships, criminal records.

Every import is keyed on natural keys (NISS, household code, decision reference...), so
importing the same file twice changes nothing (unchanged rows are skipped). Each row is
checked before anything is looked up, with a precise French message next to the column at
fault; a single invalid row rolls the whole file back (all or nothing). The admin shows a
dry-run preview first and writes only when the clerk confirms.

The column formats are documented in docs/documents.md.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from guichet import niss as niss_numbers
from population.constants import HouseholdRelation, Sex
from population.models import (
    Address,
    CriminalRecordEntry,
    Household,
    Membership,
    Person,
)

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")
TRUE_WORDS = {"1", "oui", "o", "vrai", "true", "yes", "x"}
FALSE_WORDS = {"0", "non", "n", "faux", "false", "no"}


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class RowCheck:
    """Checks and normalises one row in place; collects French messages per column."""

    def __init__(self, row):
        self.row = row
        self.errors = {}

    def error(self, column, message):
        self.errors.setdefault(column, message)

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)

    def _missing(self, column):
        self.error(column, _("La colonne « %(column)s » est vide.") % {"column": column})

    def text(self, column, *, required=True, max_length=None):
        value = self.row.get(column)
        value = "" if _blank(value) else str(value).strip()
        if isinstance(self.row.get(column), float) and value.endswith(".0"):
            value = value[:-2]  # a spreadsheet turned "12" into 12.0
        if not value and required:
            self._missing(column)
        elif max_length and len(value) > max_length:
            self.error(
                column,
                _("« %(column)s » : %(max)s caractères au maximum (%(n)s saisis).")
                % {"column": column, "max": max_length, "n": len(value)},
            )
        self.row[column] = value
        return value

    def niss(self, column, *, required=True, allow_bis=False):
        """The same checks and messages as the forms' NationalNumberField (guichet.niss)."""
        value = self.row.get(column)
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A spreadsheet stored the number as a number: give back its leading zero.
            value = str(int(value)).zfill(11)
        if _blank(value):
            self.row[column] = ""
            if required:
                self._missing(column)
            return ""
        try:
            number = niss_numbers.validate(value, allow_bis=allow_bis)
        except ValidationError as error:
            self.error(column, f"« {value} » : {' '.join(error.messages)}")
            return ""
        self.row[column] = number
        return number

    def date(self, column, *, required=True, not_future=True, label=None):
        value = self.row.get(column)
        label = label or column
        if _blank(value):
            self.row[column] = None
            if required:
                self._missing(column)
            return None
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        else:
            day = None
            for pattern in DATE_FORMATS:
                try:
                    day = datetime.datetime.strptime(str(value).strip(), pattern).date()
                    break
                except ValueError:
                    continue
            if day is None:
                self.error(
                    column,
                    _(
                        "« %(value)s » n'est pas une date valable (%(label)s) : écrivez "
                        "AAAA-MM-JJ ou JJ/MM/AAAA."
                    )
                    % {"value": value, "label": label},
                )
                return None
        if not_future and day > timezone.localdate():
            self.error(
                column,
                _("La date %(label)s (%(date)s) est dans le futur.")
                % {"label": label, "date": day.strftime("%d/%m/%Y")},
            )
        self.row[column] = day
        return day

    def time(self, column):
        value = self.row.get(column)
        if _blank(value):
            self.row[column] = None
            return None
        if isinstance(value, datetime.time):
            return value
        for pattern in ("%H:%M", "%H:%M:%S", "%Hh%M"):
            try:
                parsed = datetime.datetime.strptime(str(value).strip(), pattern).time()
            except ValueError:
                continue
            self.row[column] = parsed
            return parsed
        self.error(
            column,
            _("« %(value)s » n'est pas une heure valable : écrivez HH:MM.") % {"value": value},
        )
        return None

    def boolean(self, column, *, default):
        value = self.row.get(column)
        if _blank(value):
            self.row[column] = default
            return default
        word = str(value).strip().lower()
        if isinstance(value, bool):
            result = value
        elif word in TRUE_WORDS:
            result = True
        elif word in FALSE_WORDS:
            result = False
        else:
            self.error(
                column,
                _("« %(value)s » : répondez « oui » ou « non » (colonne %(column)s).")
                % {"value": value, "column": column},
            )
            return default
        self.row[column] = result
        return result

    def choice(self, column, choices, *, required=True):
        """A TextChoices value, given as its code or its French label (any case)."""
        value = self.text(column, required=required)
        if not value:
            return ""
        by_word = {str(code).lower(): code for code in choices.values}
        by_word.update({str(label).lower(): code for code, label in choices.choices})
        code = by_word.get(value.lower())
        if code is None:
            self.error(
                column,
                _("« %(value)s » n'est pas une valeur permise. Valeurs possibles : %(values)s.")
                % {"value": value, "values": ", ".join(choices.values)},
            )
            return ""
        self.row[column] = code
        return code

    def sex(self, column, *, required=True):
        return self.choice(column, Sex, required=required)


class RegisterResource(resources.ModelResource):
    """Base of the register imports: French per-row errors, all or nothing, idempotent."""

    # French names of the columns a file must have (checked once, before the first row).
    required_columns = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def import_data(self, dataset, **kwargs):
        # One invalid row and nothing is written, even outside the admin's two steps.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        headers = {str(h).strip() for h in (dataset.headers or [])}
        missing = [c for c in self.required_columns if c not in headers]
        if missing:
            raise ValueError(
                _(
                    "Colonnes manquantes dans le fichier : %(missing)s. "
                    "Colonnes attendues : %(all)s."
                )
                % {
                    "missing": ", ".join(missing),
                    "all": ", ".join(f.column_name for f in self.get_import_fields()),
                }
            )

    def before_import_row(self, row, **kwargs):
        check = RowCheck(row)
        self.check_row(check)
        check.raise_if_any()

    def check_row(self, check):
        """Check and normalise the row (RowCheck); subclasses add their columns."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Model validation speaks of model fields; the clerk reads column names.
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            columns = {f.attribute: f.column_name for f in self.get_import_fields()}
            raise ValidationError(
                {columns.get(key, key): messages for key, messages in error.message_dict.items()}
            ) from None


def person_must_exist(check, column, number):
    if number and not Person.objects.filter(niss=number).exists():
        check.error(
            column,
            _(
                "Aucune personne avec le numéro %(niss)s dans le registre : importez d'abord "
                "le fichier des personnes."
            )
            % {"niss": niss_numbers.format_niss(number)},
        )


class PersonResource(RegisterResource):
    niss = fields.Field(attribute="niss", column_name="niss")
    last_name = fields.Field(attribute="last_name", column_name="nom")
    first_names = fields.Field(attribute="first_names", column_name="prenoms")
    sex = fields.Field(attribute="sex", column_name="sexe")
    birth_date = fields.Field(
        attribute="birth_date", column_name="date_naissance", widget=widgets.DateWidget()
    )
    birth_place = fields.Field(attribute="birth_place", column_name="lieu_naissance")
    nationality = fields.Field(attribute="nationality", column_name="nationalite")
    death_date = fields.Field(
        attribute="death_date", column_name="date_deces", widget=widgets.DateWidget()
    )

    required_columns = ("niss", "nom", "prenoms", "sexe", "date_naissance", "lieu_naissance")

    class Meta:
        model = Person
        import_id_fields = ("niss",)
        fields = (
            "niss",
            "last_name",
            "first_names",
            "sex",
            "birth_date",
            "birth_place",
            "nationality",
            "death_date",
        )

    def check_row(self, check):
        number = check.niss("niss")
        check.text("nom", max_length=100)
        check.text("prenoms", max_length=150)
        check.sex("sexe")
        born = check.date("date_naissance", label=_("de naissance"))
        check.text("lieu_naissance", max_length=100)
        if not check.text("nationalite", required=False, max_length=60):
            check.row["nationalite"] = "Belge"
        died = check.date("date_deces", required=False, label=_("de décès"))
        if number and born:
            expected = niss_numbers.birth_date(number)
            if expected is not None and expected != born:
                check.error(
                    "date_naissance",
                    _(
                        "La date de naissance (%(born)s) ne correspond pas au numéro de "
                        "registre national, qui indique le %(expected)s."
                    )
                    % {
                        "born": born.strftime("%d/%m/%Y"),
                        "expected": expected.strftime("%d/%m/%Y"),
                    },
                )
        if born and died and died < born:
            check.error("date_deces", _("La date de décès précède la date de naissance."))


class HouseholdResource(RegisterResource):
    code = fields.Field(attribute="code", column_name="code_menage")
    street = fields.Field(attribute="address__street", column_name="rue", readonly=True)
    number = fields.Field(attribute="address__number", column_name="numero", readonly=True)
    box = fields.Field(attribute="address__box", column_name="boite", readonly=True)
    postcode = fields.Field(attribute="address__postcode", column_name="code_postal", readonly=True)
    city = fields.Field(attribute="address__city", column_name="localite", readonly=True)
    reference_person = fields.Field(
        attribute="reference_person",
        column_name="niss_reference",
        widget=widgets.ForeignKeyWidget(Person, field="niss"),
    )

    required_columns = ("code_menage", "rue", "numero", "code_postal", "localite")

    class Meta:
        model = Household
        import_id_fields = ("code",)
        fields = ("code", "street", "number", "box", "postcode", "city", "reference_person")

    def check_row(self, check):
        check.text("code_menage", max_length=20)
        check.text("rue", max_length=150)
        check.text("numero", max_length=10)
        check.text("boite", required=False, max_length=10)
        postcode = check.text("code_postal")
        if postcode and not (postcode.isdigit() and len(postcode) == 4 and postcode[0] != "0"):
            check.error(
                "code_postal",
                _("« %(value)s » n'est pas un code postal belge (4 chiffres, de 1000 à 9992).")
                % {"value": postcode},
            )
        check.text("localite", max_length=100)
        person_must_exist(check, "niss_reference", check.niss("niss_reference", required=False))

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.address, _created = Address.objects.get_or_create(
            street=row["rue"],
            number=row["numero"],
            box=row.get("boite") or "",
            postcode=row["code_postal"],
            defaults={"city": row["localite"]},
        )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.address_id != original.address_id:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)


class MembershipResource(RegisterResource):
    household = fields.Field(
        attribute="household",
        column_name="code_menage",
        widget=widgets.ForeignKeyWidget(Household, field="code"),
    )
    person = fields.Field(
        attribute="person", column_name="niss", widget=widgets.ForeignKeyWidget(Person, "niss")
    )
    relationship = fields.Field(attribute="relationship", column_name="lien")
    start_date = fields.Field(
        attribute="start_date", column_name="date_debut", widget=widgets.DateWidget()
    )
    end_date = fields.Field(
        attribute="end_date", column_name="date_fin", widget=widgets.DateWidget()
    )

    required_columns = ("code_menage", "niss", "lien", "date_debut")

    class Meta:
        model = Membership
        import_id_fields = ("household", "person", "start_date")
        fields = ("household", "person", "relationship", "start_date", "end_date")

    def check_row(self, check):
        code = check.text("code_menage")
        if code and not Household.objects.filter(code=code).exists():
            check.error(
                "code_menage",
                _("Ménage inconnu : « %(code)s ». Importez d'abord le fichier des ménages.")
                % {"code": code},
            )
        person_must_exist(check, "niss", check.niss("niss"))
        check.choice("lien", HouseholdRelation)
        start = check.date("date_debut", label=_("de début"))
        end = check.date("date_fin", required=False, not_future=False, label=_("de fin"))
        if start and end and end < start:
            check.error("date_fin", _("La date de fin précède la date de début."))


class CriminalRecordEntryResource(RegisterResource):
    reference = fields.Field(attribute="reference", column_name="reference")
    person = fields.Field(
        attribute="person", column_name="niss", widget=widgets.ForeignKeyWidget(Person, "niss")
    )
    court = fields.Field(attribute="court", column_name="juridiction")
    decision_date = fields.Field(
        attribute="decision_date", column_name="date_decision", widget=widgets.DateWidget()
    )
    offence = fields.Field(attribute="offence", column_name="infraction")
    sentence = fields.Field(attribute="sentence", column_name="peine")
    on_595 = fields.Field(
        attribute="on_595", column_name="modele_595", widget=widgets.BooleanWidget()
    )
    on_596_1 = fields.Field(
        attribute="on_596_1", column_name="modele_596_1", widget=widgets.BooleanWidget()
    )
    on_596_2 = fields.Field(
        attribute="on_596_2", column_name="modele_596_2", widget=widgets.BooleanWidget()
    )
    effaced = fields.Field(
        attribute="effaced", column_name="effacee", widget=widgets.BooleanWidget()
    )

    required_columns = ("reference", "niss", "juridiction", "date_decision", "infraction", "peine")

    class Meta:
        model = CriminalRecordEntry
        import_id_fields = ("reference",)
        fields = (
            "reference",
            "person",
            "court",
            "decision_date",
            "offence",
            "sentence",
            "on_595",
            "on_596_1",
            "on_596_2",
            "effaced",
        )

    def check_row(self, check):
        check.text("reference", max_length=40)
        person_must_exist(check, "niss", check.niss("niss"))
        check.text("juridiction", max_length=150)
        check.date("date_decision", label=_("de la décision"))
        check.text("infraction", max_length=300)
        check.text("peine", max_length=300)
        shown = [
            check.boolean("modele_595", default=True),
            check.boolean("modele_596_1", default=True),
            check.boolean("modele_596_2", default=True),
        ]
        effaced = check.boolean("effacee", default=False)
        if not any(shown) and not effaced:
            check.error(
                "modele_596_2",
                _(
                    "Une décision non effacée figure au moins sur un modèle : indiquez « oui » "
                    "dans une des colonnes modele_595, modele_596_1 ou modele_596_2."
                ),
            )
