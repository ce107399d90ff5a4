"""The PDF helper: text and fonts, PDF/A, size, the static-only URL fetcher, the time limit."""

import datetime
import socket
import threading
from io import BytesIO
from urllib.parse import unquote

import pypdf
import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string

from guichet.documents import pdf
from guichet.documents.qr import qr_svg_data_uri
from tests.pdf_tools import needs_poppler, structure_rows, structure_text

VERIFICATION_URL = "https://guichet.example.test/verifier/K7QX-M2PA-94TD/"
HOLDER = "Émilie Lefèvre-D'Hondt"


def make_context(members=5, **extra):
    names = [
        (HOLDER, "Personne de référence"),
        ("Œdipe Müller-Straße", "Conjoint"),
        ("Zoë Çelik", "Fille"),
        ("Ĳsbrand Van den Bossche", "Fils"),
        ("Łukasz Ñúñez", "Beau-père"),
    ]
    return {
        "commune": django_settings.COMMUNE,
        "place": "Val-des-Sources",
        "issued_at": datetime.datetime(2025, 3, 14, 10, 30, tzinfo=datetime.UTC),
        "reference": "DEM-2025-000123",
        "verification_code": "K7QX-M2PA-94TD",
        "verification_url": VERIFICATION_URL,
        "qr_data_uri": qr_svg_data_uri(VERIFICATION_URL),
        "holder": {
            "name": HOLDER,
            "birth_date": datetime.date(1985, 2, 3),
            "address": "Rue de l'Église 12, 5999 Val-des-Sources",
        },
        "members": [
            {
                "name": names[i % len(names)][0],
                "birth_date": datetime.date(1980 + i % 30, 1 + i % 12, 1 + i % 28),
                "relation": names[i % len(names)][1],
                "nationality": "Belge",
            }
            for i in range(members)
        ],
        "note": "Frais : 12,50 € — « gratuit » pour les moins de 18 ans…",
        **extra,
    }


def render(**extra):
    return pdf.render_pdf("documents/_test_sample.html", make_context(**extra))


def text_of(data):
    reader = pypdf.PdfReader(BytesIO(data))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def sample_pdf():
    return render()


def test_text_with_accents_and_verification_data_is_in_the_pdf(sample_pdf):
    (text,) = text_of(sample_pdf)
    for expected in (
        HOLDER,
        "Œdipe Müller-Straße",
        "Zoë Çelik",
        "Ĳsbrand",
        "Łukasz Ñúñez",
        "12,50 €",
        "« gratuit »",
        "K7QX-M2PA-94TD",
        VERIFICATION_URL,
        "DEM-2025-000123",
        "Commune de Val-des-Sources",
        "Fait à Val-des-Sources, le 14 mars 2025.",
        "Document délivré par voie électronique — vérifiable à l'adresse ci-dessus",
        "CERTIFICAT DE COMPOSITION DE MÉNAGE",
        "Page 1 / 1",
    ):
        assert expected in text, expected


def test_pdf_is_a_tagged_pdfa_3a_with_its_title_and_language(sample_pdf):
    reader = pypdf.PdfReader(BytesIO(sample_pdf))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="A"' in xmp  # "a": accessible, i.e. tagged
    assert "/OutputIntents" in root
    assert sample_pdf.startswith(b"%PDF-1.7")
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "fr"
    assert reader.metadata.title == "DEM-2025-000123"  # no document_title: the reference
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712


@needs_poppler
def test_reading_order_gives_each_label_before_its_value(sample_pdf):
    rows = structure_rows(sample_pdf)
    assert ("Nom et prénoms", HOLDER) in rows
    assert ("Date de naissance", "3 février 1985") in rows
    assert ("Adresse", "Rue de l'Église 12, 5999 Val-des-Sources") in rows
    tree = structure_text(sample_pdf)
    # The document reads in its visual order: title, body, then the issue and verification.
    order = [tree.index(text) for text in ("CERTIFICAT", HOLDER, "Fait à", "K7QX-M2PA-94TD")]
    assert order == sorted(order)


def test_only_the_shipped_fonts_are_embedded(sample_pdf):
    reader = pypdf.PdfReader(BytesIO(sample_pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = set()
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded TrueType, as PDF/A requires
        names.add(font["/BaseFont"].lstrip("/").split("+", 1)[-1])
    assert names == {"DejaVu-Sans-Latin", "DejaVu-Sans-Latin-Bold"}


def test_pdf_is_small(sample_pdf):
    assert len(sample_pdf) < 100 * 1024


def test_same_input_gives_the_same_bytes(sample_pdf):
    assert render() == sample_pdf


def test_long_document_numbers_its_pages_and_repeats_the_reference():
    pages = text_of(render(members=70))
    assert len(pages) >= 2
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {total}" in text
        assert "Réf. DEM-2025-000123" in text


HOSTILE_HTML = """
<img src="file:///etc/passwd" alt="">
<div style="background-image: url('file:///etc/passwd'); height: 5mm"></div>
<img src="http://127.0.0.1:9/x.png" alt="">
<div style="background: url(https://example.org/tracker.png); height: 5mm"></div>
<img src="/static/../../etc/passwd" alt="">
<img src="/static/img/%2e%2e/%2e%2e/%2e%2e/etc/passwd" alt="">
<link rel="stylesheet" href="file:///etc/passwd">
"""


def test_hostile_resources_are_refused_and_the_render_still_succeeds(monkeypatch):
    calls = []
    real_resolve = pdf.resolve_static_url

    def spy(url):
        try:
            path = real_resolve(url)
        except pdf.ResourceRefused:
            calls.append((url, "refused"))
            raise
        calls.append((url, "served"))
        return path

    connections = []

    def no_network(self, address):
        connections.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(pdf, "resolve_static_url", spy)
    monkeypatch.setattr(socket.socket, "connect", no_network)

    data = render(extra_html=HOSTILE_HTML)

    (text,) = text_of(data)
    assert HOLDER in text  # the document is complete
    assert b"root:x:0:0" not in data
    assert connections == []  # nothing even tried to reach the network
    refused = {unquote(url) for url, outcome in calls if outcome == "refused"}
    served = {url for url, outcome in calls if outcome == "served"}
    assert "file:///etc/passwd" in refused
    assert "http://127.0.0.1:9/x.png" in refused
    assert "https://example.org/tracker.png" in refused
    assert pdf.document_base_url() + "etc/passwd" in refused  # `..` resolved by the URL join
    assert any(url.endswith("/etc/passwd") and "/static/img/" in url for url in refused)
    assert any(url.endswith("/static/documents/certificate.css") for url in served)
    assert any(url.endswith("/static/img/logo.svg") for url in served)


@pytest.fixture
def fetcher():
    return pdf.make_url_fetcher()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/static/documents/certificate.css",
        "ftp://example.org/x",
        "static/documents/certificate.css",
        "{base}static/../../etc/passwd",
        "{base}static/documents/../../../etc/passwd",
        "{base}static/%2e%2e/%2e%2e/etc/passwd",
        "{base}static/img/..%2f..%2f..%2fetc/passwd",
        "{base}static//etc/passwd",
        "{base}static/img/logo.svg%00.png",
        "/static/../config/settings/base.py",
        "{base}static/fonts/does-not-exist.ttf",
        "{base}static/",
    ],
)
def test_fetcher_refuses_everything_but_static_files(fetcher, url):
    with pytest.raises(pdf.ResourceRefused):
        fetcher.fetch(url.format(base=pdf.document_base_url()))


def test_fetcher_serves_static_files_and_data_uris(fetcher):
    response = fetcher.fetch(pdf.document_base_url() + "static/documents/certificate.css")
    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()

    font = fetcher.fetch(django_settings.STATIC_URL + "fonts/DejaVuSans-Latin.ttf").read()
    assert font[:4] == b"\x00\x01\x00\x00"  # a TrueType font

    assert fetcher.fetch("data:text/plain,bonjour").read() == b"bonjour"


def test_qr_code_is_an_svg_data_uri():
    uri = qr_svg_data_uri(VERIFICATION_URL)
    assert uri.startswith("data:image/svg+xml")
    svg = unquote(uri.split(",", 1)[1])
    assert svg.startswith("<svg") and "viewBox" in svg
    # Level M, this URL: a version 4 symbol (33 modules) + a quiet zone of 4 on each side.
    assert "viewBox='0 0 41 41'" in svg
    assert "<path fill='#fff' d='M0 0h41v41h-41z'/>" in svg  # quiet zone painted white


@pytest.fixture
def stuck_renders(monkeypatch):
    """Make every WeasyPrint render block until the test is over."""
    release = threading.Event()
    started = []

    def stuck(html):
        started.append(html)
        release.wait(5)
        return b"%PDF-too-late"

    monkeypatch.setattr(pdf, "_write_pdf", stuck)
    yield started
    release.set()


def test_render_time_is_bounded_by_the_setting(settings, stuck_renders):
    settings.PDF_RENDER_TIMEOUT_SECONDS = 0.2
    with pytest.raises(pdf.PdfRenderError, match="délai"):
        pdf.render_pdf("documents/_test_sample.html", make_context())
    assert len(stuck_renders) == 1  # the render had started: it was abandoned, not skipped


def test_explicit_timeout_overrides_the_setting(stuck_renders):
    with pytest.raises(pdf.PdfRenderError):
        pdf.html_to_pdf("<p>x</p>", timeout=0.05)


def test_weasyprint_failure_becomes_pdf_render_error(monkeypatch):
    def broken(html):
        raise ValueError("boom")

    monkeypatch.setattr(pdf, "_write_pdf", broken)
    with pytest.raises(pdf.PdfRenderError) as excinfo:
        pdf.html_to_pdf(render_to_string("documents/_test_sample.html", make_context()))
    assert isinstance(excinfo.value.__cause__, ValueError)


def test_the_certificate_stylesheet_is_parsed_once_per_render_thread(monkeypatch, settings):
    import weasyprint

    parsed = []
    original = weasyprint.CSS.__init__

    def counting(self, *args, **kwargs):
        parsed.append(kwargs.get("url") or kwargs.get("string", "")[:40])
        original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.CSS, "__init__", counting)
    settings.PDF_MAX_CONCURRENT_RENDERS = 1
    monkeypatch.setattr(pdf, "_executor", None)  # one fresh render thread
    first, second = render(), render()
    sheets = [name for name in parsed if "certificate.css" in str(name)]
    assert len(sheets) == 1
    assert text_of(first) == text_of(second)
    # Its rules still apply: the shipped fonts (its @font-face) and the A4 page (its @page).
    page = pypdf.PdfReader(BytesIO(second)).pages[0]
    assert round(float(page.mediabox.width)) == 595
