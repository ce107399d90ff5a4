"""Optional electronic seal (PAdES baseline B) on issued PDFs, with pyHanko.

Each commune seals with its own certificate when it has one, else with the installation's.
Certificates and their passwords are secrets: they live in files and the environment, never
in the database.
- SEAL_DIRECTORY: a directory of per-commune seals, `<commune slug>.p12` (certificate +
  private key) and `<commune slug>.password` (its password, one line; both mode 0600).
- SEAL_PKCS12_PATH / SEAL_PKCS12_PASSWORD: the installation's seal, for every commune without
  its own (a single-commune installation needs only these). Neither set: documents are not
  sealed and `seal_pdf` returns its input.

The signature is added as an incremental update: the bytes produced by WeasyPrint are kept
as they are (never re-rendered), followed by an invisible signature field whose widget keeps
the print flag (required by PDF/A); pyHanko also updates ModifyDate/Producer in both the
document information and the XMP metadata, keeping the PDF/A identification.
"""

from __future__ import annotations

import asyncio
import datetime
import os
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from django.conf import settings

SEAL_FIELD_NAME = "CachetCommune"
SEAL_REASON = "Cachet électronique de la commune"


class SealError(Exception):
    """The seal is configured but the document could not be sealed."""


def seal_files(commune=None):
    """(PKCS#12 path, password) of the seal `commune` (the current one by default) uses, or
    None when its documents are not sealed."""
    directory = getattr(settings, "SEAL_DIRECTORY", "")
    if directory:
        from guichet import communes

        commune = commune or communes.current_or_home()
        own = Path(directory) / f"{commune.slug}.p12"
        if own.is_file():
            secret = own.with_suffix(".password")
            try:
                password = secret.read_text().strip()
            except FileNotFoundError:
                password = ""
            return os.fspath(own), password
    path = getattr(settings, "SEAL_PKCS12_PATH", "")
    if not path:
        return None
    return os.fspath(path), getattr(settings, "SEAL_PKCS12_PASSWORD", "") or ""


def seal_configured(commune=None) -> bool:
    return seal_files(commune) is not None


@lru_cache(maxsize=4)
def _load_signer(path: str, password: str, mtime_ns: int):
    """Load (once per file version) the signer; decrypting a PKCS#12 file is not free."""
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(
        path, passphrase=password.encode() if password else None
    )
    if signer is None:  # pyHanko logs the cause and returns None
        raise SealError(f"Impossible de lire le certificat de cachet {path!r}.")
    return signer


def _signer(files):
    path, password = files
    try:
        mtime_ns = os.stat(path).st_mtime_ns
    except OSError as exc:
        raise SealError(f"Certificat de cachet introuvable : {path!r}.") from exc
    return _load_signer(path, password, mtime_ns)


def seal_pdf(pdf_bytes: bytes, commune=None) -> bytes:
    """Seal a PDF with `commune`'s certificate (the current commune's by default; PAdES B-B,
    invisible field).

    Returns the bytes unchanged when no seal is configured for it. Raises `SealError` when
    one is but the certificate cannot be used or the signature fails: a document is never
    silently issued without the seal that was configured.
    """
    files = seal_files(commune)
    if files is None:
        return pdf_bytes

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(files)
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD_NAME,
        reason=SEAL_REASON,
        location=(commune.name if commune else getattr(settings, "COMMUNE", {}).get("name")),
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        new_field_spec=fields.SigFieldSpec(sig_field_name=SEAL_FIELD_NAME),
    )

    def sign():
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes))
        return pdf_signer.sign_pdf(writer)

    try:
        # pyHanko's synchronous API calls asyncio.run(), which fails in a thread whose event
        # loop is running (an ASGI worker, Playwright's sync API in tests): sign in a
        # short-lived thread of our own then.
        if _loop_running():
            with ThreadPoolExecutor(max_workers=1) as pool:
                output = pool.submit(sign).result()
        else:
            output = sign()
    except Exception as exc:  # pyHanko raises many kinds of errors; all mean "not sealed"
        raise SealError("Le document n'a pas pu être scellé.") from exc
    return output.getvalue()


def _loop_running():
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def create_self_signed_seal(path: Path, password: str, common_name: str) -> Path:
    """Create a self-signed seal certificate and its key as a PKCS#12 file (demo only).

    ECDSA P-256 / SHA-256, valid three years, key usages digitalSignature and
    nonRepudiation (contentCommitment), as expected of a seal. The file is written with
    mode 0600. A real commune uses a qualified seal certificate from a trust service
    provider instead.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    path = Path(path)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "BE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name=common_name.encode(),
        key=key,
        cert=certificate,
        cas=None,
        encryption_algorithm=(
            serialization.BestAvailableEncryption(password.encode())
            if password
            else serialization.NoEncryption()
        ),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    path.chmod(0o600)  # also when the file already existed
    return path
