"""The website's staff groups (merged by guichet.roles after each migrate).

Page permissions are per subtree (GroupPagePermission rows made by pages.structure): the
communication group publishes the whole site, contributors only submit for moderation, CPAS
editors (cpas.roles) publish inside /cpas/ only. The model permissions below open the rest of
/cms/.
"""

from django.utils.translation import gettext_lazy as _

from guichet.roles import ADMINISTRATORS, Role

COMMUNICATION = "Communication"
WEB_CONTRIBUTORS = "Rédacteurs du site"
# Editors of the intercommunal library (pages.library): page permissions on its tree only.
LIBRARY_EDITORS = "Bibliothèque intercommunale"

CMS_EDITOR = (
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    # wagtail-localize's "Traduire" action (the translation is a page of the editor's subtree:
    # publishing it follows the same page permissions and workflow as in French).
    "wagtail_localize.submit_translation",
)
_WEBSITE_MANAGER = (
    "pages.change_sitesettings",
    "pages.view_alert",
    "pages.add_alert",
    "pages.change_alert",
    "pages.delete_alert",
    # The accessibility statement and the answers to "Cette page vous a-t-elle aidé ?".
    "pages.change_accessibilitystatement",
    "pages.view_pagefeedback",
    # The associations directory and the changes associations propose (approve/reject).
    "pages.view_association",
    "pages.add_association",
    "pages.change_association",
    "pages.delete_association",
    "pages.view_associationchange",
    "pages.change_associationchange",
    # Synonyms of the site search ("poubelles" also looks for "déchets").
    "pages.view_searchsynonym",
    "pages.add_searchsynonym",
    "pages.change_searchsynonym",
    "pages.delete_searchsynonym",
)

ROLES = [
    Role(
        COMMUNICATION,
        (*CMS_EDITOR, *_WEBSITE_MANAGER),
        _("Éditent le site communal dans /cms/."),
    ),
    Role(
        WEB_CONTRIBUTORS,
        CMS_EDITOR,
        _(
            "Rédigent des pages du site communal et les soumettent à la relecture de la "
            "communication, qui les publie."
        ),
    ),
    Role(
        LIBRARY_EDITORS,
        CMS_EDITOR,
        _(
            "Rédigent et publient les pages de la bibliothèque intercommunale, que les communes "
            "affichent sur leur site."
        ),
    ),
    # Administrators create staff accounts in /cms/.
    Role(ADMINISTRATORS, ("wagtailusers.add_user",)),
]
