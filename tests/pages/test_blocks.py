"""Every StreamField block renders, with the markup its accessibility depends on."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document
from wagtail.images import get_image_model

from pages import blocks
from pages.models import HomePage, NewsPage, StandardPage


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#0b4f8a").save(buffer, "PNG")
    buffer.seek(0)
    return buffer


@pytest.fixture
def image(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return get_image_model().objects.create(
        title="Place communale",
        description="La place communale",
        file=ImageFile(_png(), name="place.png"),
    )


@pytest.fixture
def document(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Document.objects.create(
        title="Règlement des collectes",
        file=SimpleUploadedFile("reglement.pdf", b"%PDF-1.4 demo"),
    )


def render(block, value):
    return block.render(block.to_python(value) if isinstance(value, dict) else value)


def test_heading_levels():
    block = blocks.HeadingBlock()
    assert '<h2 class="block-heading">Collectes</h2>' in render(
        block, {"text": "Collectes", "level": "h2"}
    )
    assert '<h3 class="block-heading">Sapins</h3>' in render(
        block, {"text": "Sapins", "level": "h3"}
    )


def test_paragraph_renders_rich_text():
    block = blocks.ContentStreamBlock()
    value = block.to_python([{"type": "paragraph", "value": "<p>Sortez vos <b>sacs</b>.</p>"}])
    html = block.render(value)
    assert "<b>sacs</b>" in html and "block-paragraph" in html


def test_image_uses_the_required_alt_text(image):
    html = render(
        blocks.ImageBlock(), {"image": image.pk, "alt": "Vue de la place", "caption": "En 2026"}
    )
    assert 'alt="Vue de la place"' in html
    assert "<figcaption>En 2026</figcaption>" in html


def test_image_block_refuses_an_empty_alt(image):
    block = blocks.ImageBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt": "", "caption": ""}))
    assert "alt" in error.value.block_errors


def test_image_library_form_requires_a_text_alternative(db):
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(get_image_model())
    form = form_class(
        data={"title": "Photo", "description": "", "tags": ""},
        files={"file": SimpleUploadedFile("p.png", _png().read(), content_type="image/png")},
    )
    assert not form.is_valid()
    assert "description" in form.errors


def test_document_link_names_format_and_size(document):
    html = render(blocks.DocumentBlock(), {"document": document.pk, "title": ""})
    assert "Règlement des collectes" in html
    assert "PDF" in html and "download" in html


def test_call_to_action_to_a_page_or_a_url(db):
    home = HomePage.objects.get()
    block = blocks.CallToActionBlock()
    html = render(block, {"text": "Voir", "description": "", "page": home.pk, "url": ""})
    assert f'href="{home.url}"' in html and 'class="button"' in html
    html = render(
        block, {"text": "Aller", "description": "Ailleurs", "page": None, "url": "https://x.be/"}
    )
    assert 'href="https://x.be/"' in html and "Ailleurs" in html


@pytest.mark.parametrize("page_and_url", [(False, ""), (True, "https://x.be/")])
@pytest.mark.django_db
def test_call_to_action_needs_exactly_one_target(page_and_url):
    with_page, url = page_and_url
    home = HomePage.objects.get()
    block = blocks.CallToActionBlock()
    value = block.to_python(
        {"text": "Voir", "description": "", "page": home.pk if with_page else None, "url": url}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_contact_block():
    html = render(
        blocks.ContactBlock(),
        {
            "name": "Service Travaux",
            "address": "Place communale 1",
            "phone": "081 00 00 30",
            "email": "travaux@example.be",
            "hours": "Le matin",
        },
    )
    assert 'href="tel:081000030"' in html
    assert 'href="mailto:travaux@example.be"' in html
    assert "<address>" in html and 'aria-label="Contact : Service Travaux"' in html


def test_faq_is_an_accordion_that_works_without_javascript():
    html = render(
        blocks.FaqBlock(),
        {
            "title": "Questions",
            "items": [
                {"question": "Quand ?", "answer": "<p>Le lundi.</p>"},
                {"question": "Où ?", "answer": "<p>Ici.</p>"},
            ],
        },
    )
    assert html.count("<details") == 2
    assert "<summary>Quand ?</summary>" in html and "<p>Le lundi.</p>" in html


def test_opening_hours_block_checks_the_times():
    import datetime

    block = blocks.OpeningHoursBlock()
    bad = block.to_python(
        {"day": "1", "opens": "12:00", "closes": "08:00", "reopens": None, "closes_again": None}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(bad)
    half = block.to_python(
        {"day": "1", "opens": "08:00", "closes": "12:00", "reopens": "13:00", "closes_again": None}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(half)
    good = block.clean(
        block.to_python({"day": "1", "opens": "08:00", "closes": "12:00", "note": ""})
    )
    assert good["opens"] == datetime.time(8, 0)


@pytest.mark.django_db
def test_a_standard_page_renders_every_block(client, image, document):
    home = HomePage.objects.get()
    page = StandardPage(
        title="Vie communale",
        slug="vie-communale",
        intro="Tout sur la commune.",
        body=[
            ("heading", {"text": "Le collège", "level": "h2"}),
            ("paragraph", "<p>Le bourgmestre et les échevins.</p>"),
            ("image", {"image": image, "alt": "Le collège en 2026", "caption": ""}),
            ("document", {"document": document, "title": "Procès-verbal"}),
            (
                "call_to_action",
                {"text": "Nous écrire", "description": "", "page": None, "url": "https://x.be/"},
            ),
            (
                "contact",
                {
                    "name": "Secrétariat",
                    "address": "",
                    "phone": "081 00 00 01",
                    "email": "",
                    "hours": "",
                },
            ),
            ("faq", {"title": "FAQ", "items": [{"question": "Qui ?", "answer": "<p>Nous.</p>"}]}),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    body = client.get("/vie-communale/").content.decode()
    for expected in (
        '<h2 class="block-heading">Le collège</h2>',
        "Le bourgmestre et les échevins.",
        'alt="Le collège en 2026"',
        "Procès-verbal",
        'href="https://x.be/"',
        "Secrétariat",
        "<summary>Qui ?</summary>",
        'aria-label="Fil d’Ariane"',
    ):
        assert expected in body, expected


@pytest.mark.django_db
def test_news_image_needs_its_alt_text(image):
    news = NewsPage(title="Brocante", slug="brocante", intro="Dimanche.", image=image)
    with pytest.raises(ValidationError) as error:
        news.clean()
    assert "image_alt" in error.value.message_dict
