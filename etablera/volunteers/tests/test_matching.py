"""The ranking on hand-checked cases (matching.py's points: offers +40, first shared language +20 and +5 for each
further, same area +20, kind +10 or −30, −10 per running match)."""

from etablera.volunteers.matching import VolunteerFacts, WishFacts, assess, rank

WISH = WishFacts(
    offers=frozenset({"LANGUAGE_FRIEND"}), languages=frozenset({"ar", "sv"}), area="Brandholmen", family=True
)


def volunteer(id, offers=("LANGUAGE_FRIEND",), languages=("sv",), area="", families=True, running=0):
    return VolunteerFacts(id, frozenset(offers), frozenset(languages), area, families, running)


def test_it_explains_each_criterion_with_its_points():
    proposal = assess(WISH, volunteer(1, languages=("ar", "sv"), area=" brandholmen "))
    # 40 offers + (20 + 5) two languages + 20 area + 10 family + 0 load = 95
    assert proposal.score == 95
    assert [(c.key, c.points) for c in proposal.criteria] == [
        ("offers", 40),
        ("languages", 25),
        ("area", 20),
        ("kind", 10),
        ("load", 0),
    ]
    assert proposal.criteria[1].params == {"languages": ["ar", "sv"]}


def test_no_offer_in_common_is_not_proposed():
    assert assess(WISH, volunteer(1, offers=("DRIVING",))) is None


def test_the_hand_checked_ranking():
    candidates = [
        volunteer(1, languages=("sv",), area="Centrum"),  # 40 + 20 + 0 + 10 = 70
        volunteer(2, languages=("ar",), area="Brandholmen", running=2),  # 40 + 20 + 20 + 10 − 20 = 70
        volunteer(3, languages=("ar", "sv"), area="Brandholmen", families=False),  # 40 + 25 + 20 − 30 = 55
        volunteer(4, languages=("ti",), area="Brandholmen"),  # 40 + 0 + 20 + 10 = 70
        volunteer(5, languages=("ar",), area="Brandholmen"),  # 40 + 20 + 20 + 10 = 90
        volunteer(6, offers=("SPORTS",), languages=("ar",), area="Brandholmen"),  # not proposed
    ]
    ranked = rank(WISH, candidates)
    assert [(p.volunteer_id, p.score) for p in ranked] == [(5, 90), (1, 70), (2, 70), (4, 70), (3, 55)]


def test_an_individual_wish_suits_every_volunteer_and_unknown_area_is_neutral():
    wish = WishFacts(frozenset({"HOMEWORK", "SPORTS"}), frozenset({"so"}), "", False)
    proposal = assess(wish, volunteer(7, offers=("SPORTS", "HOMEWORK"), languages=("en",), families=False))
    assert proposal.offers == ("HOMEWORK", "SPORTS")
    assert proposal.score == 40 + 0 + 0 + 10
    assert [c.message for c in proposal.criteria][1:3] == ["Inget gemensamt språk", "Område okänt"]
