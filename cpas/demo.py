"""Fictional content of the demo CPAS (seed_demo), with the sections a Walloon CPAS site has.
Idempotent: existing pages are left as the CPAS editors made them."""

import datetime

from cpas.constants import Accent
from cpas.models import (
    AppointmentField,
    CpasAppointmentPage,
    CpasHomePage,
    CpasPage,
    CpasServicePage,
)
from cpas.roles import CPAS_EDITORS
from pages.demo import child

# Where the demo CPAS is told of new requests (the console e-mail backend prints it).
DEMO_NOTIFICATION_EMAIL = "rendez-vous@cpas-val-des-sources.example"

# The demo account of the CPAS editors (guichet.demo's columns).
DEMO_STAFF = [("cpas", "Nadia", "Benali", CPAS_EDITORS, False, True)]

HOW_TO_APPLY = (
    "<p>Prenez rendez-vous avec un assistant social (formulaire en ligne ou par téléphone) ou "
    "venez à une permanence. Le CPAS décide dans les 30 jours et vous répond par écrit.</p>"
)
CONTACT = "<p>Service social général — 081 00 01 00 — social@cpas-val-des-sources.example</p>"


def _ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


ID_DOCS = _ul(
    "votre carte d'identité",
    "vos extraits de compte des trois derniers mois",
    "vos preuves de revenus",
)

# slug, title, intro, for whom, conditions, documents
SERVICES = [
    (
        "revenu-integration",
        "Revenu d'intégration et aide sociale",
        "Un revenu minimum quand vous n'avez pas de ressources suffisantes, et des aides "
        "ponctuelles (frais médicaux, factures, premier loyer).",
        "<p>Toute personne qui réside à Val-des-Sources et ne dispose pas de ressources "
        "suffisantes pour vivre dignement.</p>",
        "<ul><li>avoir 18 ans (ou être mineur émancipé, avoir un enfant à charge ou être "
        "enceinte)</li>"
        "<li>résider en Belgique et y avoir droit au séjour</li><li>être disposé à travailler, "
        "sauf raison de santé ou d'équité</li><li>avoir fait valoir vos droits aux autres "
        "prestations (chômage, pension, allocations)</li></ul>",
        ID_DOCS,
    ),
    (
        "logement",
        "Logement : garantie locative et logement d'urgence",
        "Aide pour constituer la garantie locative, accompagnement dans la recherche d'un "
        "logement, hébergement d'urgence.",
        "<p>Les personnes qui ne peuvent pas avancer la garantie locative, ou qui perdent leur "
        "logement (incendie, expulsion, violences).</p>",
        "<p>La garantie est accordée après une enquête sociale ; elle est remboursée par "
        "petites mensualités.</p>",
        _ul("le projet de bail", "votre carte d'identité", "vos preuves de revenus"),
    ),
    (
        "energie",
        "Énergie : tuteur énergie, allocation de chauffage et tarif social",
        "Conseils pour réduire vos factures, plans de paiement avec les fournisseurs, "
        "allocation de chauffage et tarif social.",
        "<p>Les ménages qui ont des difficultés à payer leurs factures d'énergie ou qui se "
        "chauffent au mazout, au propane en vrac ou au pétrole lampant.</p>",
        "<p>L'allocation de chauffage se demande dans les 60 jours de la livraison de "
        "combustible.</p>",
        _ul("la facture de livraison", "votre carte d'identité", "la preuve de vos revenus"),
    ),
    (
        "mediation-dettes",
        "Médiation de dettes et guidance budgétaire",
        "Un service agréé vous aide à faire le point sur vos dettes, négocie avec les "
        "créanciers et vous accompagne dans la gestion de votre budget.",
        "<p>Toute personne domiciliée dans la commune qui a des dettes ou des difficultés à "
        "gérer son budget. Le service est gratuit.</p>",
        "",
        _ul("les courriers de vos créanciers", "vos factures et extraits de compte"),
    ),
    (
        "insertion-socioprofessionnelle",
        "Insertion socioprofessionnelle",
        "Formation, remise à l'emploi (article 60), accompagnement vers un travail durable.",
        "<p>Les bénéficiaires du revenu d'intégration ou d'une aide sociale équivalente.</p>",
        "",
        "<ul><li>votre CV si vous en avez un</li><li>vos diplômes et attestations</li></ul>",
    ),
    (
        "seniors",
        "Seniors : maison de repos, repas et aide à domicile",
        "Repas chauds livrés à domicile, aide familiale, résidence pour personnes âgées.",
        "<p>Les personnes âgées ou en perte d'autonomie et leurs proches.</p>",
        "<p>Le prix des repas et de l'aide à domicile dépend des revenus du ménage.</p>",
        "",
    ),
    (
        "titres-services",
        "Titres-services",
        "Le service titres-services du CPAS effectue le ménage, le repassage et les courses "
        "chez vous.",
        "<p>Tous les habitants, avec des titres-services achetés auprès de l'émetteur.</p>",
        "",
        "",
    ),
    (
        "participation-sociale-culturelle",
        "Participation sociale et culturelle",
        "Places de spectacle, stages pour enfants, abonnement à la bibliothèque : le CPAS "
        "aide à y accéder.",
        "<p>Les personnes aidées par le CPAS et les ménages à faibles revenus.</p>",
        "",
        "",
    ),
    (
        "epicerie-sociale",
        "Épicerie sociale et vestiboutique",
        "Des produits de base à prix réduit et des vêtements de seconde main.",
        "<p>Sur orientation d'un assistant social, pour une période déterminée.</p>",
        "",
        "",
    ),
]


def seed_cpas():
    cpas = CpasHomePage.objects.first()
    if cpas is None:
        return None
    if not cpas.emergency_phone:
        cpas.intro = (
            "<p>Le CPAS de Val-des-Sources garantit à chacun les moyens de mener une vie "
            "conforme à la dignité humaine : aide financière, logement, énergie, dettes, "
            "emploi, seniors.</p>"
        )
        cpas.accent = Accent.TEAL
        cpas.address = "Rue de l'Entraide 12, 5999 Val-des-Sources"
        cpas.phone = "081 00 01 00"
        cpas.email = "social@cpas-val-des-sources.example"
        cpas.emergency_phone = "0470 00 01 01"
        cpas.emergency_note = "en dehors des heures d'ouverture, pour une urgence sociale"
        cpas.opening_hours = [
            (
                "day",
                {
                    "day": day,
                    "opens": datetime.time(8, 30),
                    "closes": datetime.time(12, 0),
                    "reopens": datetime.time(13, 0) if day in ("1", "4") else None,
                    "closes_again": datetime.time(16, 0) if day in ("1", "4") else None,
                    "note": "",
                },
            )
            for day in ("1", "2", "3", "4", "5")
        ]
        cpas.permanences = [
            (
                "permanence",
                {
                    "topic": "Service social général",
                    "day": "2",
                    "hours": "9 h – 11 h 30",
                    "place": "Rue de l'Entraide 12",
                },
            ),
            (
                "permanence",
                {
                    "topic": "Énergie",
                    "day": "4",
                    "hours": "13 h 30 – 15 h 30",
                    "place": "Rue de l'Entraide 12",
                },
            ),
            (
                "permanence",
                {
                    "topic": "Service social (antenne de Sorinnes)",
                    "day": "5",
                    "hours": "9 h – 11 h",
                    "place": "Maison de village, Sorinnes",
                },
            ),
        ]
        cpas.save_revision().publish()
    child(
        cpas,
        CpasPage,
        "missions",
        title="Nos missions",
        show_in_menus=True,
        intro="Ce que fait le CPAS, et comment il travaille.",
        body=[
            (
                "paragraph",
                "<p>Le centre public d'action sociale assure l'aide sociale due par la "
                "collectivité (loi organique du 8 juillet 1976) et le droit à l'intégration "
                "sociale (loi du 26 mai 2002).</p><p>Chaque demande fait l'objet d'une enquête "
                "sociale ; le comité spécial du service social décide.</p>",
            )
        ],
    )
    services = child(
        cpas,
        CpasPage,
        "services",
        title="Nos services",
        show_in_menus=True,
        intro="Tous les services du CPAS, dans l'ordre où l'on nous les demande.",
    )
    for slug, title, intro, for_whom, conditions, documents in SERVICES:
        child(
            services,
            CpasServicePage,
            slug,
            title=title,
            intro=intro,
            for_whom=for_whom,
            conditions=conditions,
            documents=documents,
            how_to_apply=HOW_TO_APPLY,
            contact=CONTACT,
        )
    child(
        cpas,
        CpasPage,
        "conseil",
        title="Le conseil de l'action sociale",
        show_in_menus=False,
        intro="Les neuf conseillers, la présidente et les séances du conseil.",
        body=[("paragraph", "<p>Le conseil se réunit le troisième jeudi du mois à 18 h.</p>")],
    )
    child(
        cpas,
        CpasPage,
        "emplois",
        title="Offres d'emploi",
        show_in_menus=False,
        intro="Le CPAS recrute.",
        body=[
            (
                "paragraph",
                "<p>Assistant social (h/f/x), temps plein, contrat à durée "
                "indéterminée. Candidatures jusqu'à la fin du mois.</p>",
            )
        ],
    )
    seed_appointment_form(cpas)
    return cpas


APPOINTMENT_FIELDS = [
    (
        "Sujet du rendez-vous",
        "dropdown",
        True,
        "Revenu d'intégration ou aide sociale\nLogement\nÉnergie\nDettes et budget\n"
        "Emploi et formation\nSeniors\nAutre",
        "",
    ),
    (
        "Créneaux souhaités",
        "checkboxes",
        True,
        "Lundi matin\nLundi après-midi\nMardi matin\nMercredi matin\nJeudi matin\n"
        "Jeudi après-midi\nVendredi matin",
        "Cochez tous les moments qui vous conviennent.",
    ),
    ("Nom et prénom", "singleline", True, "", ""),
    (
        "Téléphone",
        "phone",
        True,
        "",
        "Nous vous appelons à ce numéro pour fixer l'heure. Par exemple : 0470 12 34 56.",
    ),
    ("Adresse e-mail", "email", False, "", ""),
    (
        "Votre demande en quelques mots",
        "multiline",
        False,
        "",
        "N'écrivez pas d'informations médicales.",
    ),
    (
        "J'accepte que le CPAS garde ces informations et les utilise uniquement pour me "
        "rappeler et fixer ce rendez-vous",
        "checkbox",
        True,
        "",
        "Elles sont effacées douze mois après la clôture de la demande.",
    ),
]


def seed_appointment_form(cpas, *, dpo="dpo@cpas-val-des-sources.example", phone="081 00 01 00"):
    """The appointment form under `cpas` (one commune's CPAS mini-site), once."""
    existing = CpasAppointmentPage.objects.descendant_of(cpas).first()
    if existing is not None:
        return existing
    page = CpasAppointmentPage(
        title="Demander un rendez-vous",
        slug="rendez-vous",
        show_in_menus=True,
        intro="<p>Un assistant social vous rappelle dans les trois jours ouvrables pour fixer "
        "le rendez-vous. Pour une urgence, téléphonez au CPAS.</p>",
        privacy_notice="<p>Le CPAS utilise ces informations uniquement pour organiser le "
        "rendez-vous ; seuls les travailleurs sociaux du CPAS les lisent. Elles sont effacées "
        f"douze mois après la clôture de la demande. Délégué à la protection des données : "
        f"{dpo}.</p>",
        thank_you_text="<p>Pour une urgence sociale, n'attendez pas notre appel : téléphonez "
        f"au CPAS au {phone}.</p>",
        subject="Nouvelle demande de rendez-vous (site du CPAS)",
    )
    page.form_fields = [
        AppointmentField(
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
            help_text=help_text,
            sort_order=position,
        )
        for position, (label, field_type, required, choices, help_text) in enumerate(
            APPOINTMENT_FIELDS
        )
    ]
    cpas.add_child(instance=page)
    page.save_revision().publish()
    return page


# Demo requests: (days ago, subject, name, phone, e-mail, status). Fictional people.
DEMO_CASES = [
    (0, "Énergie", "Awa Diallo", "0470 12 34 56", "awa.diallo@example.org", "new"),
    (6, "Logement", "Marc Lenoir", "081 22 33 44", "", "new"),
    (8, "Dettes et budget", "Sofia Marino", "+33 6 12 34 56 78", "", "assigned"),
    (15, "Seniors", "Jean Dupuis", "0499 65 43 21", "jean.dupuis@example.org", "scheduled"),
]


def seed_demo_cases():
    """seed_demo's step for the CPAS: the notification address and a few requests in
    several states (one overdue), once."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cpas.models import AppointmentCase, CpasSettings
    from cpas.services import case_submit, case_update
    from pages import sites

    settings_row = CpasSettings.for_site(sites.current_site())
    if not settings_row.notification_email:
        settings_row.notification_email = DEMO_NOTIFICATION_EMAIL
        settings_row.save()
    page = CpasAppointmentPage.objects.first()
    if page is None or AppointmentCase.objects.exists():
        return {"lines": []}
    names = {field.label: field.clean_name for field in page.get_form_fields()}
    staff = get_user_model().objects.filter(username=DEMO_STAFF[0][0]).first()
    for days_ago, subject, name, phone, email, status in DEMO_CASES:
        answers = {
            names.get("Sujet du rendez-vous", ""): subject,
            names.get("Créneaux souhaités", ""): ["Mardi matin", "Jeudi matin"],
            names.get("Nom et prénom", ""): name,
            names.get("Téléphone", ""): _e164(phone),
            names.get("Adresse e-mail", ""): email,
            names.get(APPOINTMENT_FIELDS[-1][0], ""): True,
        }
        case = case_submit(page=page, answers=answers)
        received = timezone.now() - datetime.timedelta(days=days_ago)
        AppointmentCase.objects.filter(pk=case.pk).update(
            received_at=received,
            due_date=_due(received),
        )
        case.refresh_from_db()
        if status != "new" and staff is not None:
            case_update(case=case, by=staff, status=status, assignee=staff)
    return {
        "lines": [
            f"CPAS : {len(DEMO_CASES)} demandes de rendez-vous (/cms/cpas/demandes/), "
            f"notifications à {DEMO_NOTIFICATION_EMAIL}"
        ]
    }


def _e164(phone):
    try:
        from cpas.phones import normalise
    except ImportError:
        return phone
    return normalise(phone) or phone


def _due(received):
    from django.utils import timezone

    from cpas.services import CALLBACK_WORKING_DAYS
    from guichet.workdays import working_days_after

    return working_days_after(timezone.localdate(received), CALLBACK_WORKING_DAYS)
