"""One-page household certificate: the project's PDF helper against plain WeasyPrint.

Same HTML for both (templates/documents/_test_sample.html, five members):
- helper: guichet.documents.pdf.html_to_pdf (shipped Latin fonts, static-only fetcher,
  tagged PDF/A-3a, render thread with a time limit, per-thread font configuration and
  parsed stylesheet);
- helper untagged: the same with PDF/A-3b (no structure tree), what it made before tagging;
- plain: weasyprint.HTML(string=...).write_pdf() with default options and the default
  fetcher, the stylesheet inlined and its @font-face rules replaced by the system's
  DejaVu Sans (found by fontconfig in /usr/share/fonts);
- helper with full_fonts=True, to justify keeping font subsetting on;
- helper again after gc.freeze(), to show where its p95 comes from;
- seal: guichet.documents.seal.seal_pdf with a self-signed seal made in a temporary folder.
The first four variants are interleaved so that load from other processes hits them alike.
"""

import datetime
import gc
import re
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import override_settings

from guichet.documents import pdf, seal
from guichet.documents.qr import qr_svg_data_uri

RUNS = 30
WARMUP = 3


def _context():
    url = f"{settings.SITE_URL}/verifier/K7QX-M2PA-94TD/"
    names = [
        ("Émilie Lefèvre-D'Hondt", "Personne de référence"),
        ("Jan Van den Bossche", "Conjoint"),
        ("Œdipe Müller-Straße", "Fils"),
        ("Zoë Çelik", "Fille"),
        ("Ĳsbrand Ñúñez", "Beau-père"),
    ]
    return {
        "commune": settings.COMMUNE,
        "place": "Val-des-Sources",
        "issued_at": datetime.datetime(2025, 3, 14, 10, 30, tzinfo=datetime.UTC),
        "reference": "DEM-2025-000123",
        "verification_code": "K7QX-M2PA-94TD",
        "verification_url": url,
        "qr_data_uri": qr_svg_data_uri(url),
        "holder": {
            "name": names[0][0],
            "birth_date": datetime.date(1985, 2, 3),
            "address": "Rue de l'Église 12, 5999 Val-des-Sources",
        },
        "members": [
            {
                "name": name,
                "birth_date": datetime.date(1980 + i, 1 + i, 1 + i),
                "relation": relation,
                "nationality": "Belge",
            }
            for i, (name, relation) in enumerate(names)
        ],
    }


def _plain_html(html):
    """The same document for plain WeasyPrint: inline CSS, system DejaVu Sans, file:// logo."""
    css = Path(finders.find("documents/certificate.css")).read_text()
    css = re.sub(r"@font-face\s*{[^}]*}", "", css).replace('"DejaVu Sans Latin"', '"DejaVu Sans"')
    html = html.replace('"DejaVu Sans Latin"', '"DejaVu Sans"')
    html = re.sub(
        r'<link rel="stylesheet" href="[^"]*certificate\.css">', f"<style>{css}</style>", html
    )
    logo = Path(finders.find("img/logo.svg")).as_uri()
    return html.replace('url("../img/logo.svg")', f'url("{logo}")')


def _timed(function):
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def _figures(samples):
    p95 = statistics.quantiles(samples, n=100, method="inclusive")[94]
    return round(statistics.median(samples), 1), round(p95, 1)


def run():
    html = render_to_string("documents/_test_sample.html", _context())
    plain_html = _plain_html(html)
    assert plain_html != html and "@font-face" not in plain_html and "file:" in plain_html

    import weasyprint  # after the first helper render, which measures the cold start

    figures = {}
    cold_ms, _ = _timed(lambda: pdf.html_to_pdf(html))
    figures["helper first render ms (cold: import, thread)"] = round(cold_ms, 1)

    def helper():
        return pdf.html_to_pdf(html)

    def helper_full_fonts():
        return _with_options(full_fonts=True)

    def helper_untagged():
        return _with_options(pdf_variant="pdf/a-3b")

    def _with_options(**changes):
        options = dict(pdf.PDF_OPTIONS)
        pdf.PDF_OPTIONS.update(changes)
        try:
            return pdf.html_to_pdf(html)
        finally:
            pdf.PDF_OPTIONS.clear()
            pdf.PDF_OPTIONS.update(options)

    def plain():
        return weasyprint.HTML(string=plain_html).write_pdf()

    variants = {
        "helper": helper,
        "helper untagged (PDF/A-3b)": helper_untagged,
        "plain weasyprint": plain,
        "helper full_fonts": helper_full_fonts,
    }
    samples = {name: [] for name in variants}
    outputs = {}
    for i in range(WARMUP + RUNS):
        for name, function in variants.items():
            elapsed, outputs[name] = _timed(function)
            if i >= WARMUP:
                samples[name].append(elapsed)

    for name in variants:
        median, p95 = _figures(samples[name])
        figures[f"{name} median ms"] = median
        figures[f"{name} p95 ms"] = p95
        figures[f"{name} PDF KB"] = round(len(outputs[name]) / 1024, 1)
    # The goal: the tagged PDF/A helper at least 1.5 times faster than plain WeasyPrint.
    figures["plain / helper (speed-up)"] = round(
        figures["plain weasyprint median ms"] / figures["helper median ms"], 2
    )

    # The p95 above is mostly full (generation 2) garbage collections of the whole Django
    # process heap, one every dozen renders. gc.freeze() after start-up (e.g. in gunicorn's
    # post_fork) moves the long-lived objects out of the collector's way:
    gc.collect()
    gc.freeze()
    try:
        frozen = [_timed(helper)[0] for _ in range(RUNS)]
    finally:
        gc.unfreeze()
    median, p95 = _figures(frozen)
    figures["helper after gc.freeze() median ms"] = median
    figures["helper after gc.freeze() p95 ms"] = p95

    with tempfile.TemporaryDirectory() as folder:
        p12 = seal.create_self_signed_seal(Path(folder) / "cachet.p12", "bench", "Commune (bench)")
        with override_settings(SEAL_PKCS12_PATH=str(p12), SEAL_PKCS12_PASSWORD="bench"):
            document = outputs["helper"]
            cold_seal_ms, _ = _timed(lambda: seal.seal_pdf(document))
            seal_samples, sealed = [], b""
            for _ in range(10):
                elapsed, sealed = _timed(lambda: seal.seal_pdf(document))
                seal_samples.append(elapsed)
    median, p95 = _figures(seal_samples)
    figures["seal first call ms (cold: import pyHanko, read PKCS#12)"] = round(cold_seal_ms, 1)
    figures["seal median ms"] = median
    figures["seal p95 ms"] = p95
    figures["sealed PDF KB"] = round(len(sealed) / 1024, 1)
    figures["helper + seal median ms"] = round(figures["helper median ms"] + median, 1)
    return figures
