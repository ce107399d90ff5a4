import pytest
from django.contrib.auth.models import Group, User
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpas.roles import CPAS_EDITORS
from etatcivil.roles import ETAT_CIVIL
from guichet import roles
from pages.roles import COMMUNICATION
from population.roles import POPULATION
from tests.workers import _own_content_token_file, pytest_collection_modifyitems  # noqa: F401

PASSWORD = "un-mot-de-passe-solide-42"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _french_first():
    """Each test starts in French: a request to /nl/ activates Dutch in the test's thread
    (LocaleMiddleware never deactivates), which would leak into the next test's reverse()."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def _fresh_communes():
    """The host table is per process: a test's communes (or a flushed database) are read
    again, and no commune is current outside the test client's requests."""
    from guichet import communes

    communes.forget()
    yield
    communes.forget()


@pytest.fixture(autouse=True)
def _isolated_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def set_administrative_languages(codes):
    """The first commune issues its documents in `codes` (as an administrator sets it)."""
    from guichet import communes
    from guichet.models import Commune

    Commune.objects.filter(pk=communes.home_id()).update(administrative_languages=",".join(codes))
    communes.forget()


def set_commune_account(**fields):
    """Change the first commune's account for transfers (iban=, bic=, beneficiary=), as its
    administrator does in /admin/."""
    from guichet import communes
    from guichet.models import Commune

    Commune.objects.filter(pk=communes.home_id()).update(
        **{f"payment_{name}": value for name, value in fields.items()}
    )
    communes.forget()


def make_staff(username, group_name=None, *, device=True, superuser=False):
    user = User.objects.create_user(
        username, f"{username}@example.test", PASSWORD, is_staff=True, is_superuser=superuser
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    if device:
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def totp_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def verify_session(client, user):
    """Sign the client in as `user` with a verified second factor (as after the real flow)."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_factory(db):
    return make_staff


@pytest.fixture
def verified_client(client, db):
    def _make(group_name=None, *, superuser=False, username=None):
        user = make_staff(username or f"agent-{group_name or 'x'}", group_name, superuser=superuser)
        return verify_session(client, user)

    return _make


ROLE_GROUPS = {
    "etat_civil": ETAT_CIVIL,
    "population": POPULATION,
    "communication": COMMUNICATION,
    "cpas": CPAS_EDITORS,
    "manager": roles.MANAGERS,
    "administrator": roles.ADMINISTRATORS,
}


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Citizens' files and issued PDFs go to a temporary folder in tests."""
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs the on_commit side effects (e-mails) at the block's end, as
    a real commit would; pytest-django's test transaction never commits."""

    def _commit():
        return django_capture_on_commit_callbacks(execute=True)

    return _commit
