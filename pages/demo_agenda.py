"""Demo content of the agenda (12 events: single, multi-day, weekly, monthly, some past) and
of the associations directory (10 associations). Idempotent: nothing is added twice."""

import datetime

from django.utils import timezone

from pages.models import AgendaIndexPage, Association, EventPage

ASSOCIATIONS = [
    (
        "Les Amis du Moulin",
        "heritage",
        "Sauvegarde du moulin banal et visites guidées.",
        True,
        ["fr"],
    ),
    (
        "RFC Val-des-Sources",
        "sport",
        "Club de football, équipes de U6 à vétérans.",
        True,
        ["fr", "nl"],
    ),
    (
        "Chorale La Source",
        "culture",
        "Chœur mixte amateur, répétitions le jeudi soir.",
        False,
        ["fr"],
    ),
    ("Patro Saint-Martin", "youth", "Mouvement de jeunesse, réunions le dimanche.", True, ["fr"]),
    (
        "Club des Aînés",
        "seniors",
        "Goûters, excursions et cours d'informatique.",
        False,
        ["fr", "wa"],
    ),
    ("Repair Café", "environment", "Réparer ensemble plutôt que jeter.", False, ["fr", "en"]),
    ("Les Restos du Cœur locaux", "social", "Colis alimentaires et repas chauds.", False, ["fr"]),
    ("Tennis de table Les Raquettes", "sport", "Entraînements jeunes et adultes.", True, ["fr"]),
    (
        "Compagnie Théâtre en Herbe",
        "culture",
        "Théâtre amateur, ateliers pour enfants.",
        True,
        ["fr", "de"],
    ),
    (
        "Natagora Val-des-Sources",
        "environment",
        "Balades nature et inventaires.",
        True,
        ["fr", "nl", "en"],
    ),
]

# (title, category, days from today, duration in days, start hour or None, recurrence,
#  recurrence length in days, association index or None, free, price, accessibility)
EVENTS = [
    (
        "Concert de printemps de la chorale",
        "concert",
        12,
        0,
        (20, 0),
        "",
        0,
        2,
        False,
        "10 €, 8 € en prévente",
        ["wheelchair", "hearing_loop"],
    ),
    (
        "Marché hebdomadaire",
        "market",
        -20,
        0,
        (8, 0),
        "weekly",
        180,
        None,
        True,
        "",
        ["wheelchair"],
    ),
    (
        "Repair Café",
        "citizenship",
        -40,
        0,
        (14, 0),
        "monthly",
        300,
        5,
        True,
        "",
        ["wheelchair", "adapted_toilets"],
    ),
    ("Fête au village", "festival", 30, 2, None, "", 0, None, True, "", ["wheelchair", "quiet"]),
    ("Balade nature : les oiseaux du marais", "nature", 5, 0, (9, 30), "", 0, 9, True, "", []),
    (
        "Exposition « Le moulin d'hier à aujourd'hui »",
        "exhibition",
        -3,
        20,
        None,
        "",
        0,
        0,
        True,
        "",
        ["wheelchair", "easy_read"],
    ),
    (
        "Stage de théâtre pour enfants",
        "children",
        45,
        4,
        (9, 0),
        "",
        0,
        8,
        False,
        "60 € la semaine",
        ["sign_language"],
    ),
    (
        "Conseil communal",
        "citizenship",
        9,
        0,
        (19, 30),
        "",
        0,
        None,
        True,
        "",
        ["wheelchair", "sign_language"],
    ),
    ("Tournoi de tennis de table", "sport", 20, 1, (10, 0), "", 0, 7, False, "5 €", []),
    ("Brocante de la rue de la Gare", "market", -60, 0, (7, 0), "", 0, None, True, "", []),
    (
        "Conférence : rénover sa maison",
        "conference",
        -15,
        0,
        (19, 0),
        "",
        0,
        None,
        True,
        "",
        ["wheelchair", "hearing_loop"],
    ),
    ("Goûter des aînés", "children", -30, 0, (15, 0), "", 0, 4, False, "3 €", ["wheelchair"]),
]


def seed_associations():
    made = []
    for n, (name, category, description, children, languages) in enumerate(ASSOCIATIONS):
        association, _created = Association.objects.get_or_create(
            name=name,
            defaults={
                "category": category,
                "description": description,
                "email": f"contact{n + 1}@associations.example",
                "phone": "+3281000" + f"{n + 100:03d}",
                "address": f"Rue de la Source {n + 1}, 5999 Val-des-Sources",
                "location": f"{50.46 + n * 0.002:.4f}, {4.86 + n * 0.002:.4f}",
                "website": f"https://association{n + 1}.example",
                "children_activities": children,
                "languages": languages,
            },
        )
        made.append(association)
    return made


def seed_events(index, associations):
    today = timezone.localdate()
    for (
        title,
        category,
        offset,
        days,
        hour,
        recurrence,
        repeat,
        assoc,
        free,
        price,
        access,
    ) in EVENTS:
        if EventPage.objects.filter(title=title).exists():
            continue
        start = today + datetime.timedelta(days=offset)
        association = associations[assoc] if assoc is not None else None
        event = EventPage(
            title=title,
            category=category,
            summary=f"{title} : une activité ouverte à toutes et à tous.",
            body="<p>Informations pratiques sur place. Bienvenue à toutes et à tous.</p>",
            start_date=start,
            start_time=datetime.time(*hour) if hour else None,
            end_time=datetime.time(hour[0] + 2, hour[1]) if hour else None,
            end_date=start + datetime.timedelta(days=days) if days else None,
            recurrence=recurrence,
            recurrence_until=start + datetime.timedelta(days=repeat) if recurrence else None,
            place_name="Salle communale" if category != "nature" else "Parking du marais",
            address="Place Communale 1, 5999 Val-des-Sources",
            location="50.4669, 4.8675",
            organiser_name="" if association else "Administration communale",
            organiser_association=association,
            free=free,
            price=price,
            accessibility=access,
            booking_url="https://billetterie.example/" if not free else "",
        )
        index.add_child(instance=event)
        event.save_revision().publish()


def seed_agenda():
    index = AgendaIndexPage.objects.first()
    associations = seed_associations()
    if index is not None:
        seed_events(index, associations)
    return {
        "events": EventPage.objects.live().count(),
        "associations": Association.objects.count(),
    }
