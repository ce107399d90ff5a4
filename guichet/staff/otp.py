"""Enrolment and verification of staff second factors (TOTP + single-use backup codes)."""

import base64

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_DEVICE_NAME = "Application d'authentification"
BACKUP_DEVICE_NAME = "Codes de secours"


def pending_totp_device(*, user):
    """The unconfirmed TOTP device being enrolled by this user (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_as_text(device):
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    qr = segno.make(device.config_url, error="m")
    label = _("Code QR d'activation à scanner avec l'application")
    svg = qr.svg_inline(scale=5, dark="#111", light="#fff", title=label)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


@transaction.atomic
def confirm_enrolment(*, device):
    """Confirm the TOTP device and issue a fresh set of backup codes, returned in clear once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return replace_backup_codes(user=device.user)


@transaction.atomic
def replace_backup_codes(*, user, codes=None):
    """Replace the user's backup codes; each one works once. Returns the codes in clear."""
    static, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_DEVICE_NAME, "confirmed": True}
    )
    static.token_set.all().delete()
    codes = codes or [StaticToken.random_token() for _ in range(settings.OTP_BACKUP_CODES_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def verify_code(*, user, code):
    """Return the confirmed device that accepts this code, or None.

    Throttling is django-otp's: after each failure a device refuses for a growing delay
    (see is_throttled).
    """
    code = "".join(code.split()).lower()
    for device in devices_for_user(user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return device
    return None


def is_throttled(*, user):
    return any(
        not device.verify_is_allowed()[0] for device in devices_for_user(user, confirmed=True)
    )
