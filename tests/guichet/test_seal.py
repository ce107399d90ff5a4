"""The optional electronic seal: a PAdES signature pyHanko validates against the seal's cert."""

from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from guichet.documents import pdf, seal

from .test_pdf import make_context

PASSWORD = "mot-de-passe-du-cachet"


@pytest.fixture(scope="module")
def unsealed_pdf():
    return pdf.render_pdf("documents/_test_sample.html", make_context())


@pytest.fixture
def seal_file(tmp_path, settings):
    path = seal.create_self_signed_seal(
        tmp_path / "cachet.p12", PASSWORD, "Commune de Val-des-Sources"
    )
    settings.SEAL_PKCS12_PATH = str(path)
    settings.SEAL_PKCS12_PASSWORD = PASSWORD
    return path


def trust_context(p12_path):
    _key, certificate, _others = pkcs12.load_key_and_certificates(
        p12_path.read_bytes(), PASSWORD.encode()
    )
    root = asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
    return ValidationContext(trust_roots=[root], allow_fetching=False)


def validate(data, p12_path):
    reader = PdfFileReader(BytesIO(data))
    (signature,) = reader.embedded_signatures
    # pyHanko's sync API runs asyncio.run(): in its own thread, since browser tests in the
    # same session keep an event loop running in the main thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        status = pool.submit(validate_pdf_signature, signature, trust_context(p12_path)).result()
    return signature, status


def test_self_signed_seal_file_is_private(seal_file):
    assert seal_file.stat().st_mode & 0o077 == 0


def test_sealed_pdf_has_a_valid_pades_signature(seal_file, unsealed_pdf):
    sealed = seal.seal_pdf(unsealed_pdf)

    assert sealed.startswith(unsealed_pdf)  # incremental update: the render is kept as is
    signature, status = validate(sealed, seal_file)
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    assert signature.field_name == seal.SEAL_FIELD_NAME
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert signature.sig_object["/Reason"] == "Cachet électronique de la commune"


def test_seal_keeps_the_pdfa_identification(seal_file, unsealed_pdf):
    import pypdf

    reader = pypdf.PdfReader(BytesIO(seal.seal_pdf(unsealed_pdf)))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="A"' in xmp  # tagged PDF/A-3a, as the helper made it
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # the incremental update keeps the tags
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    (widget,) = [a for a in annotations if a["/Subtype"] == "/Widget"]
    assert widget["/F"] & 4  # print flag, required by PDF/A on every annotation
    assert not widget["/F"] & 2  # not hidden (forbidden by PDF/A)


def test_tampered_sealed_pdf_is_not_intact(seal_file, unsealed_pdf):
    sealed = seal.seal_pdf(unsealed_pdf)
    # Change one byte of the binary comment on line 2 (signed, but harmless to parsing).
    position = sealed.index(b"\n%") + 2
    tampered = sealed[:position] + b"X" + sealed[position + 1 :]
    _signature, status = validate(tampered, seal_file)
    assert not status.intact
    assert not status.bottom_line


def test_untrusted_certificate_is_not_trusted(seal_file, unsealed_pdf, tmp_path):
    sealed = seal.seal_pdf(unsealed_pdf)
    other = seal.create_self_signed_seal(tmp_path / "autre.p12", PASSWORD, "Autre commune")
    _signature, status = validate(sealed, other)
    assert status.intact  # the bytes are untouched...
    assert not status.trusted  # ...but signed by a certificate we do not trust


def test_without_settings_the_bytes_are_unchanged(settings, unsealed_pdf):
    settings.SEAL_PKCS12_PATH = ""
    assert seal.seal_pdf(unsealed_pdf) is unsealed_pdf


def test_wrong_password_raises(seal_file, settings, unsealed_pdf):
    settings.SEAL_PKCS12_PASSWORD = "pas-le-bon"
    with pytest.raises(seal.SealError):
        seal.seal_pdf(unsealed_pdf)


def test_missing_seal_file_raises(settings, tmp_path, unsealed_pdf):
    settings.SEAL_PKCS12_PATH = str(tmp_path / "absent.p12")
    with pytest.raises(seal.SealError):
        seal.seal_pdf(unsealed_pdf)
