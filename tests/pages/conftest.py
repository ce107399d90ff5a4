import datetime

import pytest
from django.utils import timezone

from pages.models import HomePage, WorksIndexPage, WorksNoticePage
from tests.conftest import make_staff, verify_session


@pytest.fixture(autouse=True)
def _own_content_token(settings, tmp_path):
    """Each test gets its own content-token file (see pages.cache)."""
    settings.WEBSITE_CONTENT_TOKEN_FILE = tmp_path / "content-token"


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def works_index(db):
    return WorksIndexPage.objects.get()


@pytest.fixture
def make_notice(works_index):
    def _make(slug="chantier", *, start=-1, end=10, publish=True, **fields):
        today = timezone.localdate()
        values = {
            "title": f"Chantier {slug}",
            "nature": "road",
            "streets": "rue de la Gare",
            "start_date": today + datetime.timedelta(days=start),
            "end_date": today + datetime.timedelta(days=end) if end is not None else None,
            "location": "50.4669, 4.8675",
        }
        values.update(fields)
        notice = WorksNoticePage(slug=slug, **values)
        works_index.add_child(instance=notice)
        if publish:
            notice.save_revision().publish()
        return notice

    return _make


@pytest.fixture
def demo_site(db):
    from pages.demo import seed_website

    seed_website()
    return HomePage.objects.get()


@pytest.fixture
def cms_client(client, db):
    def _make(group_name, username=None):
        user = make_staff(username or f"cms-{group_name[:8]}", group_name)
        return verify_session(client, user), user

    return _make
