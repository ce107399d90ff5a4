"""Each commune seals its documents with its own certificate when it has one (SEAL_DIRECTORY),
else with the installation's; the signature names the commune."""

import pytest

from guichet import communes
from guichet.documents import pdf, seal
from tests.guichet.test_pdf import make_context
from tests.guichet.test_seal import PASSWORD, validate


@pytest.fixture(scope="module")
def unsealed_pdf():
    return pdf.render_pdf("documents/_test_sample.html", make_context())


@pytest.fixture
def seals(tmp_path, settings, commune_b_row):
    installation = seal.create_self_signed_seal(tmp_path / "cachet.p12", PASSWORD, "Intercommunale")
    directory = tmp_path / "cachets"
    directory.mkdir()
    own = seal.create_self_signed_seal(
        directory / f"{commune_b_row.slug}.p12", PASSWORD, "Commune de Mont-Clair"
    )
    (directory / f"{commune_b_row.slug}.password").write_text(PASSWORD + "\n")
    settings.SEAL_PKCS12_PATH = str(installation)
    settings.SEAL_PKCS12_PASSWORD = PASSWORD
    settings.SEAL_DIRECTORY = str(directory)
    return installation, own


def _signer_name(signature):
    return signature.signer_cert.subject.native["common_name"]


def test_a_commune_with_its_own_seal_signs_with_it(seals, unsealed_pdf, commune_a, commune_b_row):
    installation, own = seals
    signature, status = validate(seal.seal_pdf(unsealed_pdf, commune_b_row), own)
    assert status.bottom_line
    assert _signer_name(signature) == "Commune de Mont-Clair"
    assert signature.sig_object["/Location"] == "Commune de Mont-Clair"

    # the other commune has none of its own: the installation's seal, its own name
    signature, status = validate(seal.seal_pdf(unsealed_pdf, commune_a), installation)
    assert status.bottom_line
    assert _signer_name(signature) == "Intercommunale"
    assert signature.sig_object["/Location"] == commune_a.name


def test_the_current_commune_is_the_default(seals, unsealed_pdf, commune_b_row):
    _installation, own = seals
    with communes.activated(commune_b_row):
        signature, status = validate(seal.seal_pdf(unsealed_pdf), own)
    assert _signer_name(signature) == "Commune de Mont-Clair"


def test_no_seal_anywhere_leaves_the_document_as_rendered(settings, unsealed_pdf, commune_b_row):
    settings.SEAL_PKCS12_PATH = ""
    settings.SEAL_DIRECTORY = ""
    assert seal.seal_pdf(unsealed_pdf, commune_b_row) == unsealed_pdf
