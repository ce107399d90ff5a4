"""Appointment requests kept until now as Wagtail form submissions become cases: each gets a
reference of its year (in the order received), status "nouvelle" and a due date three
weekdays after it arrived; its answers are kept as label and answer. The form submission rows
are then deleted, so the person's data lives in one place, which retention anonymises.

Also: the form's "Téléphone" one-line fields become phone fields (validated, E.164), "Facultatif."
no longer doubles the form's "(facultatif)", and an address the form page named for
notifications moves to the CPAS settings."""

import datetime

from django.db import migrations
from django.utils import timezone


def _normalise_phone(raw):
    try:
        import phonenumbers
    except ImportError:  # the case keeps what was typed
        return raw[:20]
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, "BE")
    except phonenumbers.NumberParseException:
        return raw[:20]
    if not phonenumbers.is_valid_number(number):
        return raw[:20]
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _after_weekdays(day, count):
    while count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _display(value):
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


# Which answer the case list shows in which column (as cpas.services.read_answers).
PICKED = {"phone": "phone", "email": "email", "dropdown": "subject", "radio": "subject"}


def forward(apps, schema_editor):
    AppointmentField = apps.get_model("cpas", "AppointmentField")
    CpasAppointmentPage = apps.get_model("cpas", "CpasAppointmentPage")
    AppointmentCase = apps.get_model("cpas", "AppointmentCase")
    CaseCounter = apps.get_model("cpas", "CaseCounter")
    CpasSettings = apps.get_model("cpas", "CpasSettings")
    FormSubmission = apps.get_model("wagtailforms", "FormSubmission")
    AuditEntry = apps.get_model("guichet", "AuditEntry")

    for field in AppointmentField.objects.filter(field_type="singleline"):
        if "telephone" in (field.clean_name or ""):
            field.field_type = "phone"
            field.save(update_fields=["field_type"])
    for field in AppointmentField.objects.filter(required=False):
        for prefix in ("Facultatif. ", "Facultatif, ", "Facultatif : "):
            if field.help_text.startswith(prefix):
                rest = field.help_text[len(prefix) :]
                field.help_text = rest[:1].upper() + rest[1:]
                field.save(update_fields=["help_text"])

    addresses = [p.to_address for p in CpasAppointmentPage.objects.exclude(to_address="")]
    if addresses:
        settings_row = CpasSettings.objects.first() or CpasSettings()
        if not settings_row.notification_email:
            settings_row.notification_email = addresses[0][:254]
            settings_row.save()

    for page in CpasAppointmentPage.objects.all():
        fields = list(AppointmentField.objects.filter(page=page).order_by("sort_order"))
        for submission in FormSubmission.objects.filter(page_id=page.pk).order_by(
            "submit_time", "pk"
        ):
            data = submission.form_data or {}
            answers, picked, singles = [], {}, []
            for field in fields:
                text = _display(data.get(field.clean_name))
                if field.field_type == "phone" and text:
                    text = _normalise_phone(text)
                answers.append({"label": field.label, "value": text})
                if not text:
                    continue
                key = PICKED.get(field.field_type)
                if key and key not in picked:
                    picked[key] = text
                elif field.field_type == "singleline":
                    singles.append((field.clean_name, text))
            named = [text for name, text in singles if name.startswith("nom")]
            received = submission.submit_time
            year = timezone.localtime(received).year
            counter, _created = CaseCounter.objects.get_or_create(year=year)
            counter.last += 1
            counter.save(update_fields=["last"])
            case = AppointmentCase.objects.create(
                reference=f"CPAS-{year}-{counter.last:05d}",
                page_id=page.pk,
                received_at=received,
                due_date=_after_weekdays(timezone.localtime(received).date(), 3),
                answers=answers,
                name=((named or [t for _n, t in singles] or [""])[0])[:200],
                phone=picked.get("phone", "")[:20],
                email=picked.get("email", "")[:254],
                subject=picked.get("subject", "")[:200],
            )
            AuditEntry.objects.create(
                action="cpas.case.received",
                actor_label="Traitement automatique",
                data={"case": case.pk, "reference": case.reference},
            )
            submission.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cpas", "0002_appointment_cases"),
        ("guichet", "0003_core"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
