"""The activities catalogue (issue #13): the municipality's own activities — language cafés, work training, study
circles, SFI at extra hours, associations' activities — created, changed and made inactive.

An activity belongs to a unit: one of the actor's own units in the municipality (an administrator may name any
unit of it). The owning unit, and the municipality's administrators, change it. Each value is checked first, with a
Swedish message at its field; then the row is written (locked, when it changes) and the change logged.

The helpers at the bottom are shared with the praktikplatsbank's services (employers.py, placements.py).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.activity.models import Activity
from etablera.organisation.models import Municipality, Unit
from etablera.transitions import StateConflict, lock

MAX_HOURS = Decimal(40)  # a week's full time; the model's constraint says the same
POSTCODE = re.compile(r"\d{5}")
# ISO 639-1: the two-letter language codes (Library of Congress, the registration authority). An activity is held
# in, or has support in, these languages; the code, not a name, so that matching compares like with like.
ISO_639_1 = frozenset(  # noqa: SIM905 - a list of 184 codes reads best as one text
    [
        "aa",
        "ab",
        "ae",
        "af",
        "ak",
        "am",
        "an",
        "ar",
        "as",
        "av",
        "ay",
        "az",
        "ba",
        "be",
        "bg",
        "bi",
        "bm",
        "bn",
        "bo",
        "br",
        "bs",
        "ca",
        "ce",
        "ch",
        "co",
        "cr",
        "cs",
        "cu",
        "cv",
        "cy",
        "da",
        "de",
        "dv",
        "dz",
        "ee",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "ff",
        "fi",
        "fj",
        "fo",
        "fr",
        "fy",
        "ga",
        "gd",
        "gl",
        "gn",
        "gu",
        "gv",
        "ha",
        "he",
        "hi",
        "ho",
        "hr",
        "ht",
        "hu",
        "hy",
        "hz",
        "ia",
        "id",
        "ie",
        "ig",
        "ii",
        "ik",
        "io",
        "is",
        "it",
        "iu",
        "ja",
        "jv",
        "ka",
        "kg",
        "ki",
        "kj",
        "kk",
        "kl",
        "km",
        "kn",
        "ko",
        "kr",
        "ks",
        "ku",
        "kv",
        "kw",
        "ky",
        "la",
        "lb",
        "lg",
        "li",
        "ln",
        "lo",
        "lt",
        "lu",
        "lv",
        "mg",
        "mh",
        "mi",
        "mk",
        "ml",
        "mn",
        "mr",
        "ms",
        "mt",
        "my",
        "na",
        "nb",
        "nd",
        "ne",
        "ng",
        "nl",
        "nn",
        "no",
        "nr",
        "nv",
        "ny",
        "oc",
        "oj",
        "om",
        "or",
        "os",
        "pa",
        "pi",
        "pl",
        "ps",
        "pt",
        "qu",
        "rm",
        "rn",
        "ro",
        "ru",
        "rw",
        "sa",
        "sc",
        "sd",
        "se",
        "sg",
        "si",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sq",
        "sr",
        "ss",
        "st",
        "su",
        "sv",
        "sw",
        "ta",
        "te",
        "tg",
        "th",
        "ti",
        "tk",
        "tl",
        "tn",
        "to",
        "tr",
        "ts",
        "tt",
        "tw",
        "ty",
        "ug",
        "uk",
        "ur",
        "uz",
        "ve",
        "vi",
        "vo",
        "wa",
        "wo",
        "xh",
        "yi",
        "yo",
        "za",
        "zh",
        "zu",
    ]
)
MAX_LANGUAGES = 20

ACTIVITY_FIELDS = (
    "name",
    "kind",
    "description",
    "organiser",
    "place",
    "postcode",
    "schedule",
    "hours_per_week",
    "places",
    "languages",
    "language_support",
    "starts_on",
    "ends_on",
)


# --- shared checks ---------------------------------------------------------------------------------------------


def jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def apply(instance, values: dict) -> dict:
    """Set `values` on `instance`; the changes as {field: {before, after}} for the audit log."""
    changes = {
        name: {"before": jsonable(getattr(instance, name)), "after": jsonable(value)}
        for name, value in values.items()
        if getattr(instance, name) != value
    }
    for name, value in values.items():
        setattr(instance, name, value)
    return changes


def check_length(errors: dict, values: dict, model) -> None:
    """A text longer than its column (or a TextField's max_length) is refused at the field."""
    for name, value in values.items():
        if isinstance(value, str) and name not in errors:
            limit = model._meta.get_field(name).max_length
            if limit and len(value) > limit:
                errors[name] = f"Högst {limit} tecken."


def require_text(errors: dict, values: dict, name: str, message: str) -> None:
    if not values.get(name) and name not in errors:
        errors[name] = message


def clean_hours(errors: dict, value, name: str = "hours_per_week") -> Decimal | None:
    """Hours a week, more than 0 and at most 40, one decimal kept."""
    if value is None or value == "":
        errors[name] = "Ange timmar i veckan."
        return None
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        errors[name] = "Ange timmar i veckan som ett tal, till exempel 12,5."
        return None
    if not hours.is_finite() or not Decimal(0) < hours <= MAX_HOURS:
        errors[name] = f"Timmar i veckan ska vara mer än 0 och högst {MAX_HOURS}."
        return None
    return hours


def clean_postcode(errors: dict, value: str, name: str = "postcode") -> str:
    """Five digits; "611 30" is read as 61130. Empty is allowed."""
    postcode = (value or "").replace(" ", "").strip()
    if postcode and not POSTCODE.fullmatch(postcode):
        errors[name] = "Postnumret ska ha fem siffror, till exempel 611 30."
    return postcode


def clean_languages(errors: dict, value, name: str = "languages") -> list[str]:
    """ISO 639-1 codes ("ar", "so", "ti"), from a list or from text separated by commas or spaces; each once."""
    items = re.split(r"[\s,;]+", value) if isinstance(value, str) else list(value or ())
    codes: list[str] = []
    unknown: list[str] = []
    for item in items:
        code = str(item).strip().lower()
        if not code:
            continue
        if code not in ISO_639_1:
            unknown.append(str(item).strip()[:20])
        elif code not in codes:
            codes.append(code)
    if unknown:
        errors[name] = (
            f"Okänd språkkod: {', '.join(unknown[:5])}. Ange språken som tvåbokstavskoder enligt ISO 639-1, "
            "till exempel ar, so, ti, en."
        )
    elif len(codes) > MAX_LANGUAGES:
        errors[name] = f"Högst {MAX_LANGUAGES} språk."
    return codes


def clean_dates(errors: dict, starts_on, ends_on, *, end_required: bool) -> None:
    if starts_on is None:
        errors["starts_on"] = "Ange startdatum."
    if ends_on is None and end_required:
        errors["ends_on"] = "Ange slutdatum."
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "Slutdatumet kan inte vara före startdatumet."


def owning_unit(actor, municipality: Municipality, unit: Unit | None, errors: dict) -> Unit | None:
    """The unit that owns a new record: one of the actor's units in the municipality (the first when none is
    named); an administrator may name any unit of the municipality. The system (actor None) must name one."""
    if actor is None:
        if unit is None or unit.municipality_id != municipality.pk:
            errors["unit"] = "Välj en enhet i kommunen."
        return unit
    caps = capabilities(actor)
    own = [u for u in caps.units if u.municipality_id == municipality.pk]
    if unit is None:
        if own:
            return own[0]
        errors["unit"] = "Välj ansvarig enhet."
        return None
    if unit.municipality_id != municipality.pk:
        errors["unit"] = "Enheten hör inte till kommunen."
    elif unit.pk not in caps.unit_ids and municipality.pk not in caps.admin_municipality_ids:
        errors["unit"] = "Välj en av dina egna enheter."
    return unit


# --- the activities --------------------------------------------------------------------------------------------


def may_write_activity(actor, activity: Activity) -> bool:
    if actor is None:
        return True
    caps = capabilities(actor)
    return activity.unit_id in caps.unit_ids or activity.municipality_id in caps.admin_municipality_ids


def may_create_activity(actor, municipality_id: int) -> bool:
    caps = capabilities(actor)
    return municipality_id in caps.staff_municipality_ids


def _require_writer(actor, activity: Activity) -> None:
    if not may_write_activity(actor, activity):
        raise PermissionDenied("Aktiviteten ändras av den ansvariga enheten eller kommunens administratör.")


def _clean(values: dict, errors: dict | None = None) -> dict:
    """The activity's values checked, or ValidationError with every message at its field (and those in `errors`)."""
    errors = {} if errors is None else errors
    cleaned = {}
    for name in ("name", "description", "organiser", "place", "schedule"):
        cleaned[name] = (values.get(name) or "").strip()
    require_text(errors, cleaned, "name", "Ange aktivitetens namn.")
    require_text(errors, cleaned, "place", "Ange var aktiviteten hålls.")
    require_text(errors, cleaned, "schedule", "Ange när aktiviteten hålls, till exempel ”mån och ons 9–12”.")
    kind = values.get("kind") or ""
    if kind not in Activity.Kind.values:
        errors["kind"] = "Välj slag av aktivitet."
    cleaned["kind"] = kind
    check_length(errors, cleaned, Activity)
    cleaned["postcode"] = clean_postcode(errors, values.get("postcode", ""))
    cleaned["hours_per_week"] = clean_hours(errors, values.get("hours_per_week"))
    places = values.get("places")
    if places is None or places == "":
        errors["places"] = "Ange antal platser."
    elif not isinstance(places, int) or isinstance(places, bool) or not 0 < places <= 10000:
        errors["places"] = "Antal platser ska vara ett heltal större än 0 (högst 10 000)."
    cleaned["places"] = places
    cleaned["languages"] = clean_languages(errors, values.get("languages", ()))
    cleaned["language_support"] = bool(values.get("language_support"))
    cleaned["starts_on"] = values.get("starts_on")
    cleaned["ends_on"] = values.get("ends_on")
    clean_dates(errors, cleaned["starts_on"], cleaned["ends_on"], end_required=False)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def create_activity(*, actor, municipality: Municipality, unit: Unit | None = None, **values) -> Activity:
    """A new activity in the catalogue, owned by `unit` (or the actor's own unit in the municipality)."""
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if actor is not None and not may_create_activity(actor, municipality.pk):
        raise PermissionDenied("Du arbetar inte i kommunen och kan inte lägga till aktiviteter där.")
    errors: dict[str, str] = {}
    unit = owning_unit(actor, municipality, unit, errors)
    cleaned = _clean(values, errors)
    activity = Activity.objects.create(municipality=municipality, unit=unit, created_by=actor, **cleaned)
    log_change(actor, AuditEvent.Action.CREATE, activity, "Aktivitet tillagd i katalogen")
    return activity


@transaction.atomic
def update_activity(*, actor, activity: Activity, **values) -> Activity:
    """Change the activity's values (those given; the rest stay as they are)."""
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    _require_writer(actor, activity)
    current = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    cleaned = _clean({**current, **values})
    lock(activity)
    if not activity.active:
        raise StateConflict("Aktiviteten är inte längre aktiv och kan inte ändras.", field="active")
    changes = apply(activity, cleaned)
    activity.save()
    if changes:
        log_change(actor, AuditEvent.Action.UPDATE, activity, "Aktiviteten ändrad", changes)
    return activity


@transaction.atomic
def deactivate_activity(*, actor, activity: Activity) -> Activity:
    """The activity is no longer offered: it stays in the catalogue (and in the weeks that planned it), inactive."""
    _require_writer(actor, activity)
    lock(activity)
    if not activity.active:
        raise StateConflict("Aktiviteten är redan inaktiverad.", field="active")
    changes = apply(activity, {"active": False})
    activity.save(update_fields=["active"])
    log_change(actor, AuditEvent.Action.UPDATE, activity, "Aktiviteten inaktiverad", changes)
    return activity
