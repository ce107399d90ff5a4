"""Fictional staff accounts for the demo (make run). Never used in production."""

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet import roles
from guichet.staff import otp

DEMO_PASSWORD = "demo-guichet-2026"  # noqa: S105 - published demo credential
# One shared secret so that a single entry in an authenticator app serves every demo account.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_BACKUP_CODES = [f"demo{n:02d}" for n in range(1, 11)]

# username, first name, last name, group, superuser, enrolled. Each app adds the accounts of
# its own groups: its AppConfig names them, `demo_staff = "app.demo.DEMO_STAFF"`.
DEMO_STAFF = [
    ("admin", "Alix", "Admin", roles.ADMINISTRATORS, True, True),
    ("gestion", "Paul", "Henrard", roles.MANAGERS, False, True),
    ("finances", "Sophie", "Lejeune", roles.FINANCES, False, True),
    # The intercommunale's own accounts, attached to no commune (docs/communes.md).
    ("support", "Samir", "Haddad", roles.SUPPORT, False, True),
    ("interco", "Inès", "Collard", roles.INTERCOMMUNAL_STATISTICS, False, True),
]


def demo_staff():
    """The core's demo accounts, then each installed app's, in INSTALLED_APPS order."""
    rows = list(DEMO_STAFF)
    for config in apps.get_app_configs():
        if getattr(config, "demo_staff", None):
            rows += import_string(config.demo_staff)
    return rows


@transaction.atomic
def seed_staff():
    """Create or reset the demo staff accounts; returns their usernames."""
    rows = demo_staff()
    for username, first, last, group_name, superuser, enrolled in rows:
        demo_account(username, first, last, group_name, superuser=superuser, enrolled=enrolled)
    return [row[0] for row in rows]


def demo_account(
    username,
    first,
    last,
    group_name,
    *,
    superuser=False,
    enrolled=True,
    email_domain="val-des-sources.example",
):
    """Create or reset one demo staff account: the demo password, one group, and (enrolled)
    the demo TOTP key and backup codes."""
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name = first, last
    user.email = f"{username}@{email_domain}"
    user.is_staff = True
    user.is_superuser = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=group_name)])
    TOTPDevice.objects.filter(user=user).delete()
    if enrolled:
        TOTPDevice.objects.create(
            user=user, name=otp.TOTP_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
        )
        otp.replace_backup_codes(user=user, codes=DEMO_BACKUP_CODES)
    else:
        user.staticdevice_set.all().delete()
    return user


def demo_otpauth_uri():
    device = TOTPDevice(name="demo", key=DEMO_TOTP_KEY)
    device.user = User(username="demo")
    return device.config_url


DEMO_SEAL_PASSWORD = "demo-seal"  # noqa: S105 - self-signed demo certificate only


def ensure_demo_seal():
    """A self-signed seal certificate for the demo (var/demo-seal.p12), made once."""
    from pathlib import Path

    from django.conf import settings

    from guichet.documents.seal import create_self_signed_seal

    path = Path(settings.BASE_DIR) / "var" / "demo-seal.p12"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        create_self_signed_seal(path, DEMO_SEAL_PASSWORD, f"{settings.COMMUNE['name']} (démo)")
    return path.relative_to(settings.BASE_DIR)


def seed_signatory(kind, *, name, function):
    """Name who issues the kind's documents in the demo (KindSettings), unless someone
    already did in /admin/: a run of seed_demo never overwrites an edit."""
    from guichet.models import KindSettings

    KindSettings.objects.filter(kind=kind, signatory_name="").update(
        signatory_name=name, signatory_function=function
    )


def seed_support_grant():
    """The first commune (Val-des-Sources) opens its back office to the demo support account
    for a week, as its administrator would; Mont-Clair opens nothing, so the same account is
    refused there. Returns the grant."""
    from guichet import communes, support
    from guichet.models import StaffMembership, SupportGrant

    account = User.objects.get(username="support")
    # Accounts of the intercommunale belong to no commune (an older demo attached them).
    StaffMembership.objects.filter(user__groups__name__in=roles.INTERCOMMUNAL).delete()
    with communes.activated(communes.home()):
        grant = SupportGrant.objects.valid().filter(user=account).first()
        if grant is None:
            grant = support.grant_open(
                user=account,
                by=User.objects.get(username="admin"),
                reason="Démonstration : vérifier la file des compositions de ménage.",
                last_day=support.default_last_day(),
            )
    return grant
