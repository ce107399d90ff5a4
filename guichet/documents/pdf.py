"""The one PDF helper of the project: a Django template rendered to tagged PDF/A-3a by WeasyPrint.

- `render_pdf(template_name, context)` renders `templates/documents/...` to HTML (in the
  caller's thread: active language, database access) and then to PDF with WeasyPrint (in a
  worker thread, with a time limit).
- WeasyPrint only ever sees the project's static files: the URL fetcher serves URLs under
  `STATIC_URL` from disk (via the staticfiles finders) and `data:` URIs, and refuses
  everything else (`file:`, `http(s):`, path traversal...). A refused resource is logged and
  skipped by WeasyPrint; the document is still produced.
- Fonts come from `static/fonts` (a Latin subset of DejaVu Sans, see its README.txt).

See docs/pdf.md for the reasons behind each choice and the measured figures.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import threading
import time
from concurrent.futures import CancelledError, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 10
DEFAULT_MAX_CONCURRENT_RENDERS = 2

# WeasyPrint options, chosen by measurement (bench/bench_pdf.py, docs/pdf.md):
# - PDF/A-3a: archivable (fonts embedded, sRGB output intent, file identifier) and tagged
#   ("a" = accessible): a structure tree in the markup's reading order (TH before TD, headings,
#   lists, figures with their alt text), the document's language from <html lang> and its
#   title from <title>, shown by viewers instead of the file name. PDF/A-3b plus
#   `pdf_tags=True` would give the same tree but claim less than the file is.
# - full_fonts=False (subsetting on): WeasyPrint 70 subsets with HarfBuzz (C, fast) when
#   libharfbuzz-subset is present, as here. With our fonts already reduced to Latin (about
#   50 KB each), subsetting again is cheaper than embedding them whole (full_fonts=True has
#   to read every glyph's width with fontTools and compress 100 KB of fonts at each render)
#   and gives a PDF of about 20 KB instead of 60 KB.
# - hinting stays off (useless in a PDF), images are not re-encoded (the QR code and logo are
#   SVG: there is nothing to optimise), streams are compressed.
PDF_OPTIONS = {
    "pdf_variant": "pdf/a-3a",
    "full_fonts": False,
    "hinting": False,
    "optimize_images": False,
    "uncompressed_pdf": False,
}


class PdfRenderError(Exception):
    """The PDF could not be produced: WeasyPrint failed, or the time limit was exceeded."""


class ResourceRefused(ValueError):
    """A resource the PDF URL fetcher will not serve (not one of the project's static files)."""


def document_base_url() -> str:
    """Base URL of the HTML given to WeasyPrint: relative URLs resolve against the site.

    Nothing is ever fetched from it: the fetcher maps URLs under STATIC_URL to files on disk
    and refuses the rest. It only gives `/static/...` and relative links an absolute form.
    """
    return settings.SITE_URL.rstrip("/") + "/"


def _static_prefix() -> str:
    # Works for a relative STATIC_URL ("/static/") as for an absolute one (a CDN).
    return urljoin(document_base_url(), settings.STATIC_URL)


def resolve_static_url(url: str) -> Path:
    """Map a URL under STATIC_URL to the static file on disk, or raise `ResourceRefused`.

    Accepts the absolute form WeasyPrint passes (SITE_URL + STATIC_URL + name) and the bare
    STATIC_URL form. The name is looked up with the staticfiles finders (source files), then
    in STATIC_ROOT (collected, possibly hashed, names).
    """
    if not isinstance(url, str) or "\x00" in url or "\\" in url:
        raise ResourceRefused(f"URL refusée : {url!r}")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ResourceRefused(f"URL invalide : {url!r}") from exc
    # Fragments and queries are meaningless on disk (e.g. `font.ttf?#iefix`).
    bare = parts._replace(query="", fragment="").geturl()
    name = None
    for prefix in (_static_prefix(), settings.STATIC_URL):
        if prefix and bare.startswith(prefix):
            name = bare[len(prefix) :]
            break
    if name is None:
        raise ResourceRefused(f"Seuls les fichiers statiques du projet sont servis : {url!r}")
    name = unquote(name)
    segments = name.split("/")
    if (
        not name
        or "\x00" in name
        or "\\" in name
        or any(segment in ("", ".", "..") for segment in segments)
    ):
        raise ResourceRefused(f"Chemin de fichier statique refusé : {url!r}")
    path = _find_static_file(name)
    if path is None:
        raise ResourceRefused(f"Fichier statique introuvable : {url!r}")
    return path


def _find_static_file(name: str) -> Path | None:
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if found:
        path = Path(found)
        return path if path.is_file() else None
    # Collected files (hashed names produced by {% static %} with the manifest storage).
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        candidate = Path(staticfiles_storage.path(name))
    except (NotImplementedError, SuspiciousFileOperation, ImproperlyConfigured):
        return None
    return candidate if candidate.is_file() else None


@cache
def _fetcher_class():
    """The WeasyPrint URL fetcher class, built on first use (WeasyPrint is imported lazily)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        """Serve the project's static files and `data:` URIs; refuse everything else."""

        def __init__(self):
            # `allowed_protocols` guards the parent's opener, used for `data:` only.
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            try:
                path = resolve_static_url(url)
            except ResourceRefused:
                logger.warning("PDF : ressource refusée %s", url[:200])
                raise
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyURLFetcher


def make_url_fetcher():
    """A new WeasyPrint URL fetcher restricted to the project's static files."""
    return _fetcher_class()()


_thread_state = threading.local()


def _font_config():
    """This render thread's WeasyPrint font configuration, kept from one render to the next.

    Building one loads Fontconfig's system configuration and registers the @font-face files
    (copied to a temporary folder): about 15 ms per document. Each render thread keeps its
    own, so no Pango/Fontconfig object is ever shared between threads.
    """
    font_config = getattr(_thread_state, "font_config", None)
    if font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        font_config = _thread_state.font_config = FontConfiguration()
    return font_config


# The certificates' stylesheet (linked by templates/documents/base.html).
STYLESHEET = "documents/certificate.css"


def _stylesheet_link() -> str:
    """The <link> element base.html writes for the stylesheet, character for character."""
    from django.templatetags.static import static

    return f'<link rel="stylesheet" href="{static(STYLESHEET)}">'


def _stylesheet():
    """This render thread's parsed certificate stylesheet, kept from one render to the next.

    Parsing it (tinycss2, selectors, @font-face) took a tenth to a sixth of a certificate's
    render time. It is bound to the thread's font configuration (its @font-face fonts are
    registered there), hence kept beside it; a changed file (its modification time) is
    parsed again.
    """
    import weasyprint

    url = urljoin(_static_prefix(), STYLESHEET)
    path = resolve_static_url(url)
    key = (str(path), path.stat().st_mtime_ns)
    cached = getattr(_thread_state, "stylesheet", None)
    if cached is None or cached[0] != key:
        css = weasyprint.CSS(url=url, url_fetcher=make_url_fetcher(), font_config=_font_config())
        cached = _thread_state.stylesheet = (key, css)
    return cached[1]


def _write_pdf(html: str) -> bytes:
    """Turn HTML into PDF bytes with WeasyPrint (runs in a render thread).

    When the HTML links the certificate stylesheet, the link is replaced by the thread's
    parsed copy of it, given to WeasyPrint as a user stylesheet: it still comes before every
    <style> of the document in the cascade (author rules win over user rules, as a later
    <style> won over the earlier <link>), and nothing in it is `!important`.
    """
    import weasyprint

    stylesheets = []
    link = _stylesheet_link()
    if link in html:
        html = html.replace(link, "", 1)
        stylesheets.append(_stylesheet())
    document = weasyprint.HTML(
        string=html, base_url=document_base_url(), url_fetcher=make_url_fetcher()
    )
    return document.write_pdf(stylesheets=stylesheets, font_config=_font_config(), **PDF_OPTIONS)


_executor_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_executor_pid: int | None = None


def _render_executor() -> ThreadPoolExecutor:
    """Process-wide pool of render threads; bounded, so runaway renders cannot pile up."""
    global _executor, _executor_pid
    with _executor_lock:
        if _executor is None or _executor_pid != os.getpid():  # new process after a fork
            workers = getattr(
                settings, "PDF_MAX_CONCURRENT_RENDERS", DEFAULT_MAX_CONCURRENT_RENDERS
            )
            _executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pdf-render")
            _executor_pid = os.getpid()
        return _executor


def html_to_pdf(html: str, *, timeout: float | None = None) -> bytes:
    """Render HTML (already produced from a template) to tagged PDF/A-3a bytes, within a time limit.

    Raises `PdfRenderError` if WeasyPrint fails or if the PDF is not ready in time (the
    limit includes waiting for a free render thread).
    """
    limit = (
        timeout
        if timeout is not None
        else getattr(settings, "PDF_RENDER_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS)
    )
    started = time.monotonic()
    future = _render_executor().submit(_write_pdf, html)
    try:
        return future.result(timeout=limit)
    except (FutureTimeoutError, CancelledError) as exc:
        # Not started yet (all render threads busy): it will never start. Already running: a
        # thread cannot be killed, it finishes in the background and its result is dropped.
        never_started = future.cancel()
        logger.error(
            "PDF : rendu abandonné après %.1f s (limite %s s, %s)",
            time.monotonic() - started,
            limit,
            "aucun fil de rendu libre" if never_started else "rendu toujours en cours",
        )
        raise PdfRenderError(
            f"Le PDF n'a pas pu être produit dans le délai imparti ({limit} s)."
        ) from exc
    except Exception as exc:
        logger.exception("PDF : échec du rendu WeasyPrint")
        raise PdfRenderError("Le PDF n'a pas pu être produit.") from exc


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template under templates/documents/ to tagged PDF/A-3a bytes.

    The template is rendered in the calling thread (active language, database access); only
    the WeasyPrint step runs in a render thread, bounded by PDF_RENDER_TIMEOUT_SECONDS.
    """
    html = render_to_string(template_name, context)
    return html_to_pdf(html)
