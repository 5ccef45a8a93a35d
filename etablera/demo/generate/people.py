"""The people of a generated data set: who comes (the national proportions between the categories, household
sizes, where people come from, their names and languages), their households, and their identity numbers —
fictional, valid and never one that is taken.

`People` is the run's generator for the people domain (persons, households, members). A household's arrival is
the reception's (reception.py): it decides what happens to the anvisning and calls `_family` and
`_register_household` here, in the order the random draws have always been made in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from stdnum import luhn

from etablera.access.models import AuditEvent
from etablera.demo.generate.common import _P, Rows, _Place, _Staff, _words
from etablera.people.models import Category, Household, HouseholdMember, Person, ProtectedIdentity
from etablera.people.names import person_name_key
from etablera.rules import identity

# Persons in each category, as shares of all persons (Sweden 2017, kommunmottagna: PROCESS.md, seed 003). The
# 2017 figures give four groups; within a group the split between Etablera's categories is a modelling choice.
C = Category
CATEGORY_SHARES: dict[str, float] = {
    C.ASSIGNED_FROM_FACILITY: 0.4066,
    C.SELF_SETTLED: 0.2783,
    C.RESETTLED: 0.0497 * 0.65,
    C.FAMILY_REUNIFICATION: 0.0497 * 0.35,
    C.TEMPORARY_PROTECTION: 0.2654 * 0.80,
    C.UNACCOMPANIED_MINOR: 0.2654 * 0.20,
}
# The four groups of the 2017 statistics, for checking the proportions.
CATEGORY_GROUPS: dict[str, tuple[str, ...]] = {
    "ABO": (C.ASSIGNED_FROM_FACILITY,),
    "EBO": (C.SELF_SETTLED,),
    "kvot och anhöriga": (C.RESETTLED, C.FAMILY_REUNIFICATION),
    "övriga": (C.TEMPORARY_PROTECTION, C.UNACCOMPANIED_MINOR),
}
GROUP_SHARES = {"ABO": 0.4066, "EBO": 0.2783, "kvot och anhöriga": 0.0497, "övriga": 0.2654}

# Household sizes 1–8 by category (weights).
HOUSEHOLD_SIZES: dict[str, tuple[int, ...]] = {
    C.ASSIGNED_FROM_FACILITY: (38, 12, 12, 12, 11, 7, 5, 3),
    C.SELF_SETTLED: (30, 14, 14, 14, 12, 8, 5, 3),
    C.RESETTLED: (15, 10, 14, 18, 17, 12, 8, 6),
    C.FAMILY_REUNIFICATION: (20, 25, 20, 15, 10, 5, 3, 2),
    C.TEMPORARY_PROTECTION: (35, 30, 20, 10, 3, 1, 1, 0),
    C.UNACCOMPANIED_MINOR: (1,),
}


PROTECTED_SHARES = (
    (ProtectedIdentity.CONFIDENTIALITY_MARKING, 0.004),
    (ProtectedIdentity.PROTECTED_REGISTRATION, 0.0015),
    (ProtectedIdentity.FICTITIOUS_IDENTITY, 0.0002),
)


# Where people come from: citizenship, languages, interpreter language, first names of men and women, surnames.
ORIGINS: dict[str, tuple[str, str, str, list[str], list[str], list[str]]] = {
    code: (citizenship, languages, interpreter, men.split(), women.split(), surnames.split())
    for code, citizenship, languages, interpreter, men, women, surnames in (
        (
            "SY", "Syrien", "arabiska", "arabiska",
            "Ahmad Mohammed Khaled Omar Yousef Rami Fadi Bassel Samer Tarek Hassan",
            "Rania Lina Yasmin Nour Hala Dima Reem Sara Amal Rasha Lama",
            "Haddad Khalil Hamdan Al-Hassan Nasser Saleh Darwish Mansour Ibrahim Kassem",
        ),
        (
            "AF", "Afghanistan", "dari", "dari",
            "Ali Reza Mustafa Jawad Hamid Farid Naser Sohrab Mahdi Murtaza",
            "Zahra Fatima Maryam Shabnam Parisa Roya Nargis Freshta Mina Laila",
            "Ahmadi Hosseini Rahimi Karimi Mohammadi Sultani Hakimi Noori Rezaei",
        ),
        (
            "ER", "Eritrea", "tigrinja", "tigrinja",
            "Dawit Yonas Samuel Tesfay Filmon Kidane Mehari Biniam Robel Aron",
            "Hanna Selam Senait Mebrat Luwam Helen Saba Ruta Eden Yordanos",
            "Tesfay Gebremedhin Haile Kidane Tekle Berhe Ghebre Weldu Asmerom",
        ),
        (
            "SO", "Somalia", "somaliska", "somaliska",
            "Abdi Mohamed Abdullahi Hassan Yusuf Ahmed Ismail Abdirahman Omar",
            "Hodan Fadumo Amina Hawa Sahra Ifrah Asha Khadija Nimco Hibo",
            "Warsame Farah Abdi Hussein Jama Osman Aden Mohamud Egal Nur",
        ),
        (
            "IQ", "Irak", "arabiska, kurdiska", "arabiska",
            "Karwan Ali Hussein Ahmed Mustafa Sherzad Dilshad Haider Sinan",
            "Zainab Shilan Noor Hawre Ruqaya Zhiyan Tara Huda Maryam",
            "Al-Jaburi Rashid Aziz Karim Salih Barzani Hamid Abbas Qadir",
        ),
        (
            "IR", "Iran", "persiska", "persiska",
            "Dariush Babak Kaveh Arash Behzad Payam Siavash Kian",
            "Nika Shirin Leila Azadeh Parvaneh Mahsa Nasrin Yalda",
            "Rahimi Tehrani Sadeghi Moradi Jafari Kazemi Shirazi Bagheri",
        ),
        (
            "UA", "Ukraina", "ukrainska, ryska", "ukrainska",
            "Maksym Oleksandr Andrii Dmytro Serhii Bohdan Ivan Mykola Taras Yurii",
            "Olena Iryna Oksana Natalia Kateryna Yulia Svitlana Tetiana Anna Sofiia",
            "Kovalenko Bondarenko Shevchenko Tkachenko Kravchenko Melnyk Boiko Moroz",
        ),
        (
            "CD", "Kongo-Kinshasa", "franska, lingala", "lingala",
            "Jean Patrick Emmanuel Joseph Christian Pascal Didier Gloire",
            "Grace Esther Marie Chantal Ruth Divine Josephine Nathalie",
            "Mbuyi Kabila Ilunga Tshibanda Mukendi Kalala Lumbala Nsimba",
        ),
        (
            "SD", "Sudan", "arabiska", "arabiska",
            "Osman Elfatih Musa Adam Ibrahim Hamid Yasir Tariq",
            "Fatima Awadia Safaa Ikhlas Mona Samah Rabab Hiba",
            "Elamin Osman Abdelrahman Idris Babiker Elhassan Ahmed Yagoub",
        ),
        (
            "ET", "Etiopien", "amhariska", "amhariska",
            "Abebe Girma Tadesse Mulugeta Yared Dawit Henok Bereket",
            "Almaz Tigist Meron Hirut Selamawit Bethlehem Mahlet Kidist",
            "Bekele Tesfaye Alemu Getachew Haile Wolde Assefa Mekonnen",
        ),
        (
            "XX", "Statslös", "arabiska", "arabiska",
            "Mahmoud Youssef Nabil Walid Ziad Majd Anas Karim",
            "Heba Rawan Aya Dalia Ghada Jana Maysa Salma",
            "Abu-Zaid Shihab Awad Qasim Haj Musa Sabbagh Tamimi",
        ),
    )
}  # fmt: skip
ORIGIN_WEIGHTS: dict[str, dict[str, int]] = {
    C.TEMPORARY_PROTECTION: {"UA": 1},
    C.RESETTLED: {"SY": 3, "CD": 3, "SD": 2, "ER": 1, "AF": 2, "SO": 1},
    C.UNACCOMPANIED_MINOR: {"AF": 60, "SO": 10, "ER": 10, "SY": 10, "IQ": 5, "ET": 5},
}
DEFAULT_ORIGINS = {
    "SY": 40,
    "AF": 12,
    "ER": 12,
    "SO": 8,
    "IQ": 8,
    "IR": 5,
    "XX": 5,
    "ET": 3,
    "SD": 2,
    "CD": 2,
}

STREETS = _words(
    "Storgatan Kungsgatan Skolgatan Parkvägen Björkvägen Ekvägen Granvägen Lärkvägen Torggatan Järnvägsgatan "
    "Ängsvägen Stationsvägen Kyrkogatan Tallvägen Solvägen Hantverkargatan"
)


class People(Rows):
    """Persons, households and their members; the identity numbers."""

    TABLES = (
        (
            "persons",
            "personer",
            Person,
            "id public_id municipality_id identity_number_type identity_number first_name last_name name_key "
            "birth_date sex languages interpreter_language needs_interpreter citizenship residence_permit "
            "residence_permit_date category address_street address_postal_code address_city anonymised_at "
            "protected_identity created_at updated_at",
        ),
        (
            "households",
            "hushåll",
            Household,
            "id public_id municipality_id name anchor_person_id anonymised_at created_at",
        ),
        ("members", "hushållsmedlemmar", HouseholdMember, "id household_id person_id relation"),
    )

    def _prepare(self) -> None:
        super()._prepare()
        self.origin_choosers: dict[str, Callable[[], str]] = {}
        self.taken_numbers: set[str] = set(
            Person.objects.filter(
                identity_number_type__in=[identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER]
            ).values_list("identity_number", flat=True)
        )

    def _number(self, kind: str, birth: dt.date, sex: str) -> tuple[str, str]:
        """A fictional identity number that is valid and not taken; serials 000–799 (the demo uses 800–989)."""
        rng = self.rng
        if kind == identity.DOSSIERNUMMER:
            return kind, f"{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"
        if kind == identity.NONE:
            return kind, ""
        day = birth.day + 60 if kind == identity.SAMORDNINGSNUMMER else birth.day
        digits = (1, 3, 5, 7, 9) if sex == "M" else (0, 2, 4, 6, 8)
        for _ in range(30):
            serial = rng.randrange(80) * 10 + rng.choice(digits)
            base = f"{birth:%y%m}{day:02d}{serial:03d}"
            number = f"{birth.year // 100:02d}{base}{luhn.calc_check_digit(base)}"
            if number not in self.taken_numbers:
                self.taken_numbers.add(number)
                return kind, number
        return identity.DOSSIERNUMMER, f"{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"

    def _members(self, category: str, size: int, origin: str) -> list[tuple[str, str, int, str, str]]:
        """(first name, sex, age at the decision, relation, surname) for each member, adults first."""
        rng = self.rng
        _citizenship, _languages, _interpreter, men, women, surnames = ORIGINS[origin]
        surname = rng.choice(surnames)
        members: list[tuple[str, str, int, str, str]] = []  # first, sex, age, relation, surname
        if category == C.UNACCOMPANIED_MINOR:
            sex = "M" if rng.random() < 0.85 else "F"
            members.append(
                (rng.choice(men if sex == "M" else women), sex, rng.randint(13, 17), "CHILD", surname)
            )
            return members
        if size == 1:
            sex = "M" if rng.random() < (0.35 if category == C.TEMPORARY_PROTECTION else 0.65) else "F"
            age = min(75, 18 + int(rng.gammavariate(2.2, 6.0)))
            members.append((rng.choice(men if sex == "M" else women), sex, age, "ADULT", surname))
            return members
        couple = rng.random() < (0.35 if category == C.TEMPORARY_PROTECTION else 0.75)
        elder = size >= 4 and rng.random() < 0.1
        mother_age = int(rng.triangular(21, 52, 32))
        if couple:
            members.append((rng.choice(men), "M", min(75, mother_age + rng.randint(0, 8)), "ADULT", surname))
            members.append(
                (
                    rng.choice(women),
                    "F",
                    mother_age,
                    "ADULT",
                    surname if rng.random() < 0.7 else rng.choice(surnames),
                )
            )
        else:
            sex = "F" if rng.random() < 0.75 else "M"
            relation = "GUARDIAN" if rng.random() < 0.05 else "ADULT"
            members.append((rng.choice(women if sex == "F" else men), sex, mother_age, relation, surname))
        if elder:
            sex = "F" if rng.random() < 0.6 else "M"
            members.append(
                (rng.choice(women if sex == "F" else men), sex, rng.randint(58, 80), "ADULT", surname)
            )
        oldest = max(0, min(17, mother_age - 17))
        for _ in range(size - len(members)):
            sex = "F" if rng.random() < 0.49 else "M"
            members.append(
                (rng.choice(women if sex == "F" else men), sex, rng.randint(0, oldest), "CHILD", surname)
            )
        return members

    def _family(
        self, category: str, size: int, choose_origin
    ) -> tuple[str, list[tuple[str, str, int, str, str]]]:
        """Where the household comes from, and its members (see `_members`)."""
        origin = self.origin_choosers.get(category, choose_origin)()
        return origin, self._members(category, size, origin)

    def _register_household(
        self,
        place: _Place,
        category: str,
        origin: str,
        members: list[tuple[str, str, int, str, str]],
        decision: dt.date,
        registrar: _Staff | None,
        registered_at: dt.datetime,
        received: dt.date | None,
        settled: bool,
    ) -> tuple[int, uuid.UUID, list[tuple[int, uuid.UUID, _P, str, str]], bool]:
        """The household and its persons as the registration writes them, with the audit events. Returns the
        household's id and public id, the persons (id, public id, person, relation, sex) and whether the household
        has a protected identity."""
        rng = self.rng
        m = place.municipality
        size = len(members)
        citizenship, languages, interpreter, _men, _women, _surnames = ORIGINS[origin]
        # Protected identity: the whole household.
        protected = ProtectedIdentity.NONE
        draw = rng.random()
        for level, share in PROTECTED_SHARES:
            if draw < share:
                protected = level
                break
            draw -= share
        is_protected = protected != ProtectedIdentity.NONE

        household_id = self.households.take_ids()
        household_uuid = self._uuid()
        name = members[0][4] if size == 1 else f"Familjen {members[0][4]}"
        street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}" if received else ""
        postal = f"{place.postal_prefix} {rng.randint(30, 99)}" if received else ""
        city = m.name if received else ""
        permit = (
            Person.ResidencePermit.PERMANENT if category == C.RESETTLED else Person.ResidencePermit.TEMPORARY
        )
        permit_date = decision - dt.timedelta(days=rng.randint(14, 45))

        persons: list[tuple[int, uuid.UUID, _P, str, str]] = []  # id, public id, person, relation, sex
        person_first = self.persons.take_ids(size)
        anchor = None
        if category == C.FAMILY_REUNIFICATION and place.adults:
            anchor = place.adults[rng.randrange(len(place.adults))]
        for index, (first, sex, age, relation, last) in enumerate(members):
            birth = decision - dt.timedelta(days=365 * age + rng.randint(0, 364))
            if settled:
                kind = (
                    identity.PERSONNUMMER
                    if rng.random() < 0.92
                    else (identity.SAMORDNINGSNUMMER if rng.random() < 0.6 else identity.DOSSIERNUMMER)
                )
            else:
                draw = rng.random()
                kind = (
                    identity.DOSSIERNUMMER
                    if draw < 0.6
                    else identity.SAMORDNINGSNUMMER
                    if draw < 0.75
                    else identity.PERSONNUMMER
                    if draw < 0.9
                    else identity.NONE
                )
            kind, number = self._number(kind, birth, sex)
            person_id = person_first + index
            public_id = self._uuid()
            needs_interpreter = age >= 16 and rng.random() < 0.85
            person_category = category
            self.persons.rows.append(
                (
                    person_id,
                    public_id,
                    m.pk,
                    kind,
                    number,
                    first,
                    last,
                    person_name_key(first, last),
                    birth,
                    sex,
                    languages,
                    interpreter if needs_interpreter else "",
                    needs_interpreter,
                    citizenship,
                    permit,
                    permit_date,
                    person_category,
                    street,
                    postal,
                    city,
                    None,
                    protected,
                    registered_at,
                    registered_at,
                ),
            )
            self.members.rows.append((self.members.take_ids(), household_id, person_id, relation))
            persons.append((person_id, public_id, _P(birth, person_category, first), relation, sex))
            self._audit(
                registered_at,
                registrar,
                AuditEvent.Action.CREATE,
                "Person",
                str(public_id),
                m.code,
                "Person registrerad",
                person=public_id,
                protected=is_protected,
            )
        self.households.rows.append((household_id, household_uuid, m.pk, name, anchor, None, registered_at))
        self._audit(
            registered_at,
            registrar,
            AuditEvent.Action.CREATE,
            "Household",
            str(household_uuid),
            m.code,
            f"Hushåll registrerat med {size} personer",
            household=household_uuid,
            protected=is_protected,
        )
        return household_id, household_uuid, persons, is_protected
