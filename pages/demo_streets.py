"""The demo commune's streets: the names its population register uses (population.demo) and
a plausible course for each, around the works notices' coordinates. Seeded into
pages.models.Street by seed_demo; `manage.py build_demo_basemap` draws the base map from
those rows. Points are written (latitude, longitude), as editors type them."""

POSTCODE = "5999"

# name: [line, line…], a line being [(lat, lon), …]
STREETS = {
    "Rue de la Gare": [
        [
            (50.4688, 4.8628),
            (50.4681, 4.8652),
            (50.4672, 4.8681),
            (50.4665, 4.8712),
            (50.4660, 4.8745),
        ],
    ],
    "Rue du Moulin": [
        [(50.4681, 4.8652), (50.4695, 4.8641), (50.4712, 4.8630)],
    ],
    "Place communale": [
        [
            (50.4672, 4.8669),
            (50.4672, 4.8681),
            (50.4665, 4.8683),
            (50.4665, 4.8669),
            (50.4672, 4.8669),
        ],
    ],
    "Rue de l'Église": [
        [(50.4665, 4.8675), (50.4652, 4.8668), (50.4640, 4.8660)],
    ],
    "Rue des Écoles": [
        [(50.4675, 4.8691), (50.4690, 4.8700), (50.4705, 4.8712)],
    ],
    "Rue des Sources": [
        [(50.4705, 4.8712), (50.4714, 4.8740), (50.4722, 4.8772), (50.4726, 4.8810)],
    ],
    "Avenue des Tilleuls": [
        [(50.4698, 4.8572), (50.4712, 4.8598), (50.4716, 4.8616), (50.4712, 4.8630)],
    ],
    "Rue du Centre": [
        [(50.4665, 4.8683), (50.4660, 4.8712), (50.4660, 4.8745)],
    ],
    "Rue de la Station": [
        [(50.4660, 4.8745), (50.4648, 4.8772), (50.4641, 4.8800), (50.4640, 4.8830)],
    ],
    "Chaussée de Namur": [
        [
            (50.4630, 4.8545),
            (50.4637, 4.8605),
            (50.4640, 4.8660),
            (50.4636, 4.8712),
            (50.4632, 4.8750),
            (50.4630, 4.8800),
            (50.4627, 4.8860),
        ],
    ],
    "Chemin des Prés": [
        [(50.4632, 4.8744), (50.4620, 4.8750), (50.4608, 4.8790), (50.4600, 4.8822)],
    ],
    "Rue Haute": [
        [(50.4636, 4.8712), (50.4616, 4.8722), (50.4598, 4.8731), (50.4581, 4.8738)],
    ],
    "Rue Basse": [
        [(50.4598, 4.8731), (50.4592, 4.8700), (50.4586, 4.8668)],
    ],
    "Rue du Village": [
        [(50.4581, 4.8738), (50.4576, 4.8770), (50.4571, 4.8805)],
    ],
}

# Drawn on the base map but not streets: the brook, the wood, the villages' names.
BROOK = (
    "Ruisseau des Sources",
    [
        (50.4738, 4.8560),
        (50.4722, 4.8610),
        (50.4712, 4.8660),
        (50.4700, 4.8720),
        (50.4690, 4.8790),
        (50.4675, 4.8860),
    ],
)
WOOD = [
    (50.4735, 4.8548),
    (50.4740, 4.8600),
    (50.4728, 4.8640),
    (50.4718, 4.8600),
    (50.4712, 4.8560),
]
PLACES = [
    ("Val-des-Sources", (50.4692, 4.8668)),
    ("Bois-Haut", (50.4727, 4.8590)),
    ("Sorinnes", (50.4590, 4.8760)),
]


def geometry(lines):
    """GeoJSON ([lon, lat]) of a street's lines."""
    coordinates = [[[lon, lat] for lat, lon in line] for line in lines]
    if len(coordinates) == 1:
        return {"type": "LineString", "coordinates": coordinates[0]}
    return {"type": "MultiLineString", "coordinates": coordinates}


def seed_streets():
    """The demo streets (idempotent: a street an editor changed keeps its course)."""
    from pages.models import Street

    for name, lines in STREETS.items():
        Street.objects.get_or_create(
            name=name, postcode=POSTCODE, defaults={"geometry": geometry(lines)}
        )
    return len(STREETS)
