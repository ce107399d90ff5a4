"""Errors are RFC 9457 problems in French and English; rates are limited per caller."""

import ast
import json
from pathlib import Path

import pytest

from guichet import refusals
from guichet.refusals import ActionRefused
from tests.api.conftest import bearer, make_token
from tests.factories import family, make_citizen
from tests.guichet.test_ordering import sign_in

pytestmark = pytest.mark.django_db
PROBLEM_KEYS = {"type", "title", "title_en", "status", "detail", "detail_en", "instance"}


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    return body


def test_unknown_address_under_api(client):
    body = assert_problem(client.get("/api/v2/nothing/"), 404)
    assert body["type"] == "about:blank"
    assert body["detail_en"].startswith("This address does not exist in the API")


def test_method_not_allowed(client):
    body = assert_problem(client.delete("/api/v1/kinds/"), 405)
    assert body["title"] == "Méthode non autorisée" and body["title_en"] == "Method not allowed"
    assert body["detail_en"] == 'Method "{method}" not allowed.'.format(method="DELETE")


def test_json_only(client):
    body = assert_problem(client.post("/api/v1/verification/", {"code": "x"}), 415)
    assert body["title_en"] == "Request format not supported"


def test_malformed_json(client):
    response = client.post("/api/v1/verification/", data="{nope", content_type="application/json")
    body = assert_problem(response, 400)
    assert body["detail"] == "Le corps de la requête n'est pas du JSON valable."


def test_anonymous_gets_a_bearer_challenge(client):
    response = client.get("/api/v1/me/requests/")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="e-guichet"'


def test_unexpected_errors_are_problems_and_logged(client, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("guichet.api.selectors.catalogue", explode)
    body = assert_problem(client.get("/api/v1/kinds/"), 500)
    assert "boom" not in json.dumps(body)
    assert "Unhandled API error" in caplog.text


def test_csrf_is_checked_for_session_writes(db):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    parent, *_ = family()
    sign_in(browser, make_citizen(parent))
    response = browser.post("/api/v1/me/requests/", data="{}", content_type="application/json")
    body = assert_problem(response, 403)
    assert "CSRF" in body["detail"]


def test_anonymous_rate(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "2/min",
        },
    }
    assert client.get("/api/v1/kinds/").status_code == 200
    assert client.get("/api/v1/kinds/").status_code == 200
    response = client.get("/api/v1/kinds/")
    body = assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    assert body["detail_en"].startswith("Request was throttled.")


def test_each_key_has_its_own_rate(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "token": "1/min",
        },
    }
    first = bearer(make_token("statistics", name="un")[1])
    second = bearer(make_token("statistics", name="deux")[1])
    assert client.get("/api/v1/statistics/", **first).status_code == 200
    assert client.get("/api/v1/statistics/", **first).status_code == 429
    assert client.get("/api/v1/statistics/", **second).status_code == 200
    assert client.get("/api/v1/kinds/").status_code == 200  # anonymous: its own budget


def test_every_refusal_code_has_its_english():
    """detail_en comes from the English catalogue: a code without a translation would answer
    French twice."""
    params = {
        "state": "issued",
        "error": "x",
        "date": "x",
        "references": "x",
        "act": "x",
        "amount": "3.00",
        "due": "3.00",
        "received": "2.00",
        "number": "1",
        "query": "x",
        "reference": "2026-000001",
        "who": "x",
    }
    missing = [
        code
        for code, message in refusals.MESSAGES.items()
        if ActionRefused(code, **params).in_language("en")
        == ActionRefused(code, **params).in_language("fr")
    ]
    assert not missing, f"Translate in locale/en (make messages): {missing}"


def test_a_refusal_speaks_each_language_with_its_values():
    refused = ActionRefused("changed_meanwhile", state="issued")
    assert refused.in_language("fr") == (
        "La demande vient d'être modifiée par quelqu'un d'autre : elle est maintenant "
        "« Délivrée ». Votre action n'a pas été appliquée."
    )
    assert refused.in_language("en") == (
        "Someone else has just changed the request: it is now “Issued”. Your action was not "
        "applied."
    )


def test_an_unknown_refusal_code_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown refusal code"):
        ActionRefused("no_such_code")


def test_services_raise_only_known_codes():
    """Every ActionRefused("…") in the code base names a code of the catalogue."""
    import guichet

    root = Path(guichet.__file__).resolve().parent.parent
    codes = set()
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "ActionRefused"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                codes.add(node.args[0].value)
    assert codes, "the walk found no refusal at all"
    assert codes <= set(refusals.MESSAGES), codes - set(refusals.MESSAGES)


def test_an_unknown_format_parameter_is_ignored(client):
    response = client.get("/api/v1/works.geojson?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert client.get("/api/schema/?format=json")["Content-Type"].startswith(
        "application/vnd.oai.openapi+json"
    )


def test_personal_answers_are_never_cached(client, db):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    response = client.get("/api/v1/me/requests/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert (
        "no-store"
        in client.get("/api/v1/statistics/", **bearer(make_token("statistics")[1]))["Cache-Control"]
    )


# -- bodies the JSON parser refuses (guichet/api/parsers.py) ------------------------------------
DEEP_LIST = "[" * 5000 + "]" * 5000
DEEP_OBJECT = '{"a":' * 5000 + "1" + "}" * 5000


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT, "[" * 33 + "]" * 33, "[" * 5000])
def test_deeply_nested_json_is_a_bad_request(client, body):
    response = client.post("/api/v1/verification/", data=body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["detail"] == "Le corps de la requête imbrique trop de niveaux (32 au plus)."
    assert problem["detail_en"] == "The request body is nested too deeply (at most 32 levels)."


def test_brackets_inside_strings_are_not_nesting(client):
    body = json.dumps({"code": "[" * 100, "x": [[['\\"]']]]})
    response = client.post("/api/v1/verification/", data=body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["type"] == "tag:e-guichet,2026:validation-error"


def test_a_body_over_the_size_limit_is_content_too_large(client, settings):
    body = json.dumps({"code": "A" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    response = client.post("/api/v1/verification/", data=body, content_type="application/json")
    problem = assert_problem(response, 413)
    assert problem["title"] == "Requête trop volumineuse"
    assert problem["detail"].startswith("Le corps de la requête dépasse la taille maximale")


@pytest.mark.parametrize(
    "body",
    [
        '{"kind": "\\ud800", "purpose": "mutuelle"}',
        '{"kind": "composition-menage", "purpose": "\\udfff"}',
        '{"\\ud800": 1}',
        '{"kind": ["\\ud83d"]}',
    ],
)
def test_a_lone_surrogate_is_a_bad_request(client, body):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    response = client.post("/api/v1/me/requests/", data=body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["detail_en"] == (
        "The request body contains an invalid Unicode character (a lone surrogate)."
    )


def test_a_surrogate_pair_is_an_ordinary_character(client):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    body = '{"kind": "\\ud83d\\ude00", "purpose": "mutuelle"}'
    response = client.post("/api/v1/me/requests/", data=body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["type"] == "tag:e-guichet,2026:validation-error"
    assert "😀" in response.content.decode()


@pytest.mark.parametrize("body", [b"\xff\xfe{}", b'{"code": "\xc3"}', b"NaN", b'{"a": Infinity}'])
def test_bytes_that_are_not_json_are_a_bad_request(client, body):
    response = client.post("/api/v1/verification/", data=body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["detail"] == "Le corps de la requête n'est pas du JSON valable."


def test_a_nul_character_in_a_json_string_is_a_bad_request(client):
    """PostgreSQL cannot store NUL in text: it used to end in a server error there."""
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    body = (
        '{"kind": "composition-menage", "purpose": "mutuelle", "purpose_explanation": "a\\u0000"}'
    )
    response = client.post("/api/v1/me/requests/", data=body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["detail"] == (
        "Le corps de la requête contient un caractère nul, qui n'est accepté nulle part."
    )
