"""The population register's share of the scale data set (guichet.scale): per commune,
addresses, households of one to five persons (about 2.3 on average, as in Wallonia), their
persons with valid national numbers (unique across the data set) and their memberships.
Written with COPY; hands each commune's sample of adults on for the requests."""

import datetime
import io

from guichet import niss as niss_numbers
from guichet.scale import FIRST_NAMES, LAST_NAMES, text
from population.models import Address, Household, Membership, Person

FEMALE_NAMES = [
    "Emma",
    "Louise",
    "Olivia",
    "Alice",
    "Lina",
    "Mila",
    "Chloé",
    "Léa",
    "Juliette",
    "Camille",
    "Sarah",
    "Marie",
    "Anne",
    "Isabelle",
    "Nathalie",
    "Catherine",
    "Sophie",
    "Christine",
    "Martine",
    "Monique",
    "Françoise",
    "Valérie",
    "Julie",
    "Laura",
    "Manon",
]
STREETS = [
    "Rue de la Station",
    "Rue du Moulin",
    "Rue de l'Église",
    "Place communale",
    "Rue des Écoles",
    "Chaussée de Namur",
    "Rue du Centre",
    "Rue de la Gare",
    "Avenue des Tilleuls",
    "Rue des Champs",
    "Rue du Château",
    "Rue de la Fontaine",
    "Rue Haute",
    "Rue Basse",
    "Rue du Tilleul",
    "Rue des Prés",
    "Rue de Liège",
    "Rue de Bruxelles",
    "Rue du Pont",
    "Rue des Fleurs",
    "Avenue de la Libération",
    "Rue Saint-Martin",
    "Rue du Bois",
    "Rue de la Croix",
    "Rue des Alliés",
    "Rue de Mons",
    "Rue Grande",
    "Rue de la Chapelle",
    "Rue du Ruisseau",
    "Rue des Vergers",
    "Rue du Marché",
    "Rue de Charleroi",
]
# Household sizes and how often each occurs.
SIZES = (1, 2, 3, 4, 5)
SIZE_WEIGHTS = (35, 31, 15, 13, 6)
SAMPLE = 1000  # adults per commune handed on to make requests for
SERIAL_FLOOR = 400  # demo registers and tests use serials below this

ADDRESS_COLUMNS = ["id", "commune_id", "street", "number", "box", "postcode", "city"]
HOUSEHOLD_COLUMNS = ["id", "commune_id", "code", "address_id", "reference_person_id"]
PERSON_COLUMNS = [
    "id",
    "commune_id",
    "niss",
    "last_name",
    "first_names",
    "sex",
    "birth_date",
    "birth_place",
    "nationality",
    "death_date",
]
MEMBERSHIP_COLUMNS = ["id", "person_id", "household_id", "relationship", "start_date", "end_date"]


def seed_register(run):
    rng = run.rng
    today = run.now.date()
    serials = {}

    def number(birth, sex):
        """A national number for the birth date and sex, never given before."""
        while True:
            key = (birth, sex)
            k = serials.get(key, 0)
            serial = SERIAL_FLOOR + 2 * k + (1 if sex == "M" else 2)
            if serial <= 997:
                serials[key] = k + 1
                return birth, niss_numbers.make(birth, serial)
            birth += datetime.timedelta(days=1)

    def born(min_age, max_age):
        days = rng.randint(int(min_age * 365.25), int(max_age * 365.25))
        return today - datetime.timedelta(days=days)

    ids = {model: run.next_id(model) for model in (Address, Household, Person, Membership)}
    streets = [text(street) for street in STREETS]
    counts = dict.fromkeys(("addresses", "households", "persons", "memberships"), 0)
    with (
        run.bulk(Address, Household, Person, Membership),
        run.timed("register (generate + COPY)"),
    ):
        for share in run.shares:
            buffers = {model: io.StringIO() for model in ids}
            place = text(share.place)
            postcode = f"{1300 + (share.index * 17) % 8600}"
            adults = []
            left = share.persons
            household_number = 0
            while left > 0:
                size = min(rng.choices(SIZES, SIZE_WEIGHTS)[0], left)
                left -= size
                household_number += 1
                address_id, household_id = ids[Address], ids[Household]
                ids[Address] += 1
                ids[Household] += 1
                street = streets[household_number % len(streets)]
                buffers[Address].write(
                    f"{address_id}\t{share.commune_id}\t{street}\t"
                    f"{household_number // len(streets) + 1}\t\t{postcode}\t{place}\n"
                )
                last_name = rng.choice(LAST_NAMES)
                reference_age = rng.uniform(22, 90)
                since = today - datetime.timedelta(days=rng.randint(30, 20 * 365))
                reference_id = ids[Person]
                members = []
                for position in range(size):
                    if position == 0:
                        sex = rng.choice("MF")
                        relationship = "reference"
                        birth = born(reference_age, reference_age)
                    elif position == 1 and size > 1 and rng.random() < 0.7:
                        sex = "F" if members[0][1] == "M" else "M"
                        relationship = rng.choice(("spouse", "partner"))
                        age = max(18, reference_age + rng.uniform(-6, 6))
                        birth = born(age, age)
                    else:
                        sex = rng.choice("MF")
                        relationship = "child"
                        birth = born(0, max(0.1, min(reference_age - 18, 25)))
                    birth, national = number(birth, sex)
                    first = rng.choice(FIRST_NAMES if sex == "M" else FEMALE_NAMES)
                    second = rng.choice(FIRST_NAMES if sex == "M" else FEMALE_NAMES)
                    family = last_name if relationship != "partner" else rng.choice(LAST_NAMES)
                    members.append((ids[Person], sex, birth, relationship))
                    buffers[Person].write(
                        f"{ids[Person]}\t{share.commune_id}\t{national}\t{family}\t"
                        f"{first} {second}\t{sex}\t{birth.isoformat()}\t{place}\tBelge\t\\N\n"
                    )
                    start = max(since, birth)
                    buffers[Membership].write(
                        f"{ids[Membership]}\t{ids[Person]}\t{household_id}\t{relationship}\t"
                        f"{start.isoformat()}\t\\N\n"
                    )
                    if relationship != "child":
                        adults.append((national, first, family))
                    ids[Person] += 1
                    ids[Membership] += 1
                buffers[Household].write(
                    f"{household_id}\t{share.commune_id}\tS{share.index:03d}-"
                    f"{household_number:07d}\t{address_id}\t{reference_id}\n"
                )
            counts["addresses"] += household_number
            counts["households"] += household_number
            counts["persons"] += share.persons
            counts["memberships"] += share.persons
            run.copy(Address, ADDRESS_COLUMNS, buffers[Address])
            run.copy(Person, PERSON_COLUMNS, buffers[Person])
            run.copy(Household, HOUSEHOLD_COLUMNS, buffers[Household])
            run.copy(Membership, MEMBERSHIP_COLUMNS, buffers[Membership])
            if adults:
                run.people[share.commune_id] = rng.sample(adults, min(SAMPLE, len(adults)))
    run.counts.update(counts)
