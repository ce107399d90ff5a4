"""Browser tests: Playwright drives Debian's Chromium against a live server, axe-core checks.

Chromium comes from Debian (`make test` installs it when run as root); Playwright never
downloads a browser here. On CI a missing browser is a failure, elsewhere a visible skip.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself are still synchronous, which is what this flag acknowledges.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _missing(what):
    message = f"{what} is missing: browser tests cannot run ({'make test'} installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium ({CHROMIUM})")
    if not AXE.exists():
        _missing("axe-core (node_modules)")
    import asyncio

    from playwright.sync_api import sync_playwright

    # Some earlier tests (the API's schemathesis run) leave asyncio's "running loop" marker
    # set on this thread although no loop runs here; Playwright's sync API then refuses to
    # start. A synchronous test cannot be inside a running loop, so clear the stale marker.
    if asyncio._get_running_loop() is not None:
        asyncio._set_running_loop(None)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-BE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


_AXE_SOURCE = []


def _axe_source():
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE.read_text(encoding="utf-8") + "\n;window.axe = axe; true")
    return _AXE_SOURCE[0]


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page; return the serious ones."""
    # Evaluated through the DevTools protocol, so the page's strict Content-Security-Policy
    # (no inline scripts) stays on while axe runs.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture(autouse=True)
def _site_tree(transactional_db):
    """Transactional tests start from a flushed database: put the page tree back."""
    from pages.baseline import ensure_home_page

    ensure_home_page()


def staff_sign_in(page, base_url, user):
    """Sign a staff member in on /bureau/ with their password and a TOTP code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import PASSWORD, totp_code

    page.goto(base_url + "/bureau/")
    page.get_by_label("Identifiant").fill(user.get_username())
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Code de vérification").fill(totp_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Vérifier").click()
