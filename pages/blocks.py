"""StreamField blocks of the municipal site and the CPAS mini-site.

Every block renders with its own template under templates/pages/blocks/ and stays readable
and usable without JavaScript (the FAQ is a list of <details>).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from pages.constants import Weekday

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("titre"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Titre de section (niveau 2)")), ("h3", _("Sous-titre (niveau 3)"))],
        default="h2",
        help_text=_("Les niveaux se suivent sans saut : un niveau 3 vient sous un niveau 2."),
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "pages/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("texte alternatif"),
        max_length=250,
        help_text=_(
            "Obligatoire : décrivez ce que l'image apporte à une personne qui ne la voit pas."
        ),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "pages/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("intitulé du lien"),
        required=False,
        max_length=200,
        help_text=_("Par défaut, le titre du document."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "pages/blocks/document.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("texte du bouton"), max_length=80)
    description = blocks.CharBlock(label=_("phrase d'introduction"), required=False)
    page = blocks.PageChooserBlock(label=_("page du site"), required=False)
    url = blocks.URLBlock(label=_("ou adresse web"), required=False)

    class Meta:
        icon = "pick"
        label = _("Appel à l'action")
        template = "pages/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                non_block_errors=[
                    ValidationError(_("Choisissez soit une page du site, soit une adresse web."))
                ]
            )
        return value


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("service ou personne"), max_length=120)
    address = blocks.TextBlock(label=_("adresse"), required=False)
    phone = blocks.CharBlock(label=_("téléphone"), required=False, max_length=40)
    email = blocks.EmailBlock(label=_("adresse e-mail"), required=False)
    hours = blocks.TextBlock(label=_("heures d'accueil"), required=False)

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "pages/blocks/contact.html"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("réponse"), features=RICH_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), required=False, default=_("Questions fréquentes"))
    items = blocks.ListBlock(FaqItemBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions fréquentes (accordéon)")
        template = "pages/blocks/faq.html"


class ContentStreamBlock(blocks.StreamBlock):
    """The body of every editorial page."""

    paragraph = blocks.RichTextBlock(
        label=_("Texte"), features=RICH_TEXT_FEATURES, template="pages/blocks/paragraph.html"
    )
    heading = HeadingBlock()
    image = ImageBlock()
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
    contact = ContactBlock()
    faq = FaqBlock()


class OpeningHoursBlock(blocks.StructBlock):
    """One weekday's opening hours: a morning and an optional afternoon range."""

    day = blocks.ChoiceBlock(label=_("jour"), choices=Weekday.choices)
    opens = blocks.TimeBlock(label=_("ouverture"))
    closes = blocks.TimeBlock(label=_("fermeture"))
    reopens = blocks.TimeBlock(label=_("réouverture l'après-midi"), required=False)
    closes_again = blocks.TimeBlock(label=_("fermeture l'après-midi"), required=False)
    note = blocks.CharBlock(label=_("remarque"), required=False, max_length=120)

    class Meta:
        icon = "time"
        label = _("Jour d'ouverture")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["closes"] <= value["opens"]:
            errors["closes"] = ValidationError(_("L'heure de fermeture suit l'ouverture."))
        if bool(value.get("reopens")) != bool(value.get("closes_again")):
            errors["closes_again"] = ValidationError(
                _("Indiquez les deux heures de l'après-midi, ou aucune.")
            )
        elif value.get("reopens") and value["closes_again"] <= value["reopens"]:
            errors["closes_again"] = ValidationError(_("L'heure de fermeture suit l'ouverture."))
        elif value.get("reopens") and value["reopens"] < value["closes"]:
            errors["reopens"] = ValidationError(
                _("La réouverture de l'après-midi suit la fermeture du matin.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ClosureBlock(blocks.StructBlock):
    start = blocks.DateBlock(label=_("du"))
    end = blocks.DateBlock(label=_("au (inclus)"), required=False)
    reason = blocks.CharBlock(label=_("motif"), max_length=120)

    class Meta:
        icon = "warning"
        label = _("Fermeture exceptionnelle")

    def clean(self, value):
        value = super().clean(value)
        if value.get("end") and value["end"] < value["start"]:
            raise StructBlockValidationError(
                block_errors={"end": ValidationError(_("La fin suit le début."))}
            )
        return value


class PhaseBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("phase"), max_length=120)
    start = blocks.DateBlock(label=_("début"))
    end = blocks.DateBlock(label=_("fin prévue"), required=False)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Phase")
