import logging

import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_have_a_strict_csp_without_inline_scripts(client):
    response = client.get("/accessibilite/")
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert script_src == "script-src 'self'"
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_other_security_headers(client, settings):
    response = client.get("/accessibilite/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_in_production_settings(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/accessibilite/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_request_id_is_returned_and_reused_when_valid(client):
    assert len(client.get("/healthz")["X-Request-ID"]) == 32
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-abcdef123456")
    assert response["X-Request-ID"] == "lb-abcdef123456"
    junk = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert junk["X-Request-ID"] != "<script>"


def test_json_log_lines_carry_the_request_id():
    from guichet.security import JsonFormatter, RequestIdFilter

    record = logging.LogRecord("guichet", logging.INFO, __file__, 1, "bonjour %s", ("x",), None)
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert '"message": "bonjour x"' in line and '"request_id": "-"' in line


@pytest.mark.parametrize(
    "quoted",
    ["85073003328", "85.07.30-033.28", "85 07 30 033 28", "jean.dupont+test@exemple.be"],
)
def test_personal_data_quoted_by_others_is_masked_in_both_log_formats(quoted):
    from guichet.security import JsonFormatter, PlainFormatter, RequestIdFilter

    try:
        raise ValueError(f"DETAIL:  Key (niss)=({quoted}) already exists.")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "refused %s", (quoted,), exc_info
    )
    RequestIdFilter().filter(record)
    plain = PlainFormatter("%(message)s").format(record)
    line = JsonFormatter().format(record)
    for text in (plain, line):
        assert quoted not in text
        assert "[NISS]" in text or "[e-mail]" in text


def test_references_and_ids_are_not_masked():
    from guichet.security import scrub

    text = (
        "request id=12345 reference 2026-000123 tracking 7KQ4-9MXC-2R attempt=3 "
        "[37498271043d49a89bdbf13a36a4ca76] sha256 85073003328ab01"
    )
    assert scrub(text) == text


def test_tile_server_is_allowed_for_images(settings):
    from guichet.security import _policy

    settings.MAP_TILES_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    assert "https://*.tile.example.org" in _policy(admin=False)
