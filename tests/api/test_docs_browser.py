"""/api/docs/ in a real browser: Swagger UI starts under the site's Content-Security-Policy
(script-src 'self', no inline script) with files served by the site, no CDN."""

import pytest

from tests.e2e.conftest import browser, page  # noqa: F401 - the browser fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_starts_offline_under_the_csp(live_server, page):  # noqa: F811
    problems, outside = [], []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda r: not r.url.startswith(live_server.url) and outside.append(r.url),
    )
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "e-guichet API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector("text=/api/v1/kinds/")
    assert problems == []
    assert outside == []
