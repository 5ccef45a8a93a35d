"""Writes for process templates: a municipality copies the national default and adapts the steps.

Only the municipality's administrators may do this; the national default itself is read-only here (it is data
from a migration, changed through the code). Every write is validated first, atomic and audited.
Errors are ValidationErrors keyed by field (`name`, `steps`, `steps.<n>.<field>` with n counting from 1).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.organisation.models import TASK_FUNCTION_CHOICES, Municipality
from etablera.reception.models import ProcessTemplate, TemplateStep

MIN_OFFSET_DAYS = -365
MAX_OFFSET_DAYS = 3 * 365
MAX_AGE = 120


@dataclass
class StepInput:
    title: str
    responsible_function: str
    scope: str = TemplateStep.Scope.HOUSEHOLD
    anchor: str = TemplateStep.Anchor.ARRIVAL
    offset_days: int = 0
    rule: str = ""
    min_age: int | None = None
    max_age: int | None = None
    establishment_age_only: bool = False
    requires_children: bool = False
    order: int = 0
    description: str = ""
    id: int | None = None


EDITABLE_FIELDS = [f.name for f in fields(StepInput) if f.name != "id"]


def _require_administrator(actor, municipality: Municipality | None) -> None:
    if municipality is None:
        raise PermissionDenied(
            "Den nationella standardmallen kan inte ändras här. Skapa kommunens egen mall och ändra den."
        )
    if actor is None:  # the CLI runs as the system
        return
    if municipality.pk not in capabilities(actor).admin_municipality_ids:
        raise PermissionDenied("Bara kommunens administratörer kan ändra processmallar.")


def national_default() -> ProcessTemplate | None:
    return ProcessTemplate.objects.filter(municipality=None, is_active=True).order_by("pk").first()


@transaction.atomic
def copy_default_template(*, actor, municipality: Municipality, name: str = "") -> ProcessTemplate:
    """Create the municipality's own template as a copy of the national default, steps and conditions included."""
    _require_administrator(actor, municipality)
    source = national_default()
    if source is None:
        raise ValidationError({"template": "Det finns ingen nationell standardmall att utgå från."})
    own = ProcessTemplate.objects.filter(municipality=municipality).order_by("pk").first()
    if own is not None:
        raise ValidationError({"template": f"{municipality.name} har redan en egen mall: ”{own.name}”."})
    template = ProcessTemplate.objects.create(
        municipality=municipality, name=(name.strip() or f"{municipality.name}s mall för mottagande")[:200]
    )
    steps = list(source.steps.order_by("order", "pk"))
    TemplateStep.objects.bulk_create(
        TemplateStep(
            template=template,
            categories=list(step.categories),
            **{field_name: getattr(step, field_name) for field_name in EDITABLE_FIELDS},
        )
        for step in steps
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        template,
        f"Processmall skapad som kopia av ”{source.name}” ({len(steps)} steg)",
        {"copied_from": source.pk},
    )
    return template


def _clean_step(step: StepInput) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    title = (step.title or "").strip()
    if not title:
        errors["title"] = "Ange en rubrik för steget."
    elif len(title) > 200:
        errors["title"] = "Rubriken får vara högst 200 tecken."
    if step.responsible_function not in dict(TASK_FUNCTION_CHOICES):
        errors["responsible_function"] = "Välj vilken enhet (ansvarsområde) som ansvarar för steget."
    if step.scope not in TemplateStep.Scope.values:
        errors["scope"] = "Välj om steget gäller hushållet eller varje person."
    if step.anchor not in TemplateStep.Anchor.values:
        errors["anchor"] = "Välj om dagarna räknas från beslutet eller från ankomsten."
    if step.rule not in TemplateStep.Rule.values:
        errors["rule"] = "Välj en regel i listan."
    if step.offset_days is None or not MIN_OFFSET_DAYS <= step.offset_days <= MAX_OFFSET_DAYS:
        errors["offset_days"] = f"Antal dagar ska vara mellan {MIN_OFFSET_DAYS} och {MAX_OFFSET_DAYS}."
    for name in ("min_age", "max_age"):
        value = getattr(step, name)
        if value is not None and not 0 <= value <= MAX_AGE:
            errors[name] = f"Åldern ska vara mellan 0 och {MAX_AGE} år."
    if (
        "min_age" not in errors
        and "max_age" not in errors
        and step.min_age is not None
        and step.max_age is not None
        and step.min_age > step.max_age
    ):
        errors["max_age"] = "”Till och med ålder” kan inte vara lägre än ”från ålder”."
    if step.order is None or not 0 <= step.order <= 32767:
        errors["order"] = "Ordningen ska vara ett tal mellan 0 och 32767."
    cleaned = {name: getattr(step, name) for name in EDITABLE_FIELDS}
    cleaned["title"] = title
    cleaned["description"] = (step.description or "").strip()
    cleaned["offset_days"] = step.offset_days or 0
    cleaned["order"] = step.order or 0
    return cleaned, errors


@transaction.atomic
def update_template(
    *,
    actor,
    template: ProcessTemplate,
    name: str,
    is_active: bool,
    steps: list[StepInput],
    delete_ids: set[int] | frozenset[int] = frozenset(),
) -> ProcessTemplate:
    """Change a municipality's template: its name, whether it is used, and its steps (changed, new, removed).

    Tasks already created keep their titles and due dates; a removed step only stops making new tasks.
    """
    template = (
        ProcessTemplate.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=template.pk)
    )
    _require_administrator(actor, template.municipality)
    existing = {step.pk: step for step in template.steps.all()}
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["Ange ett namn på mallen."]
    unknown = ({s.id for s in steps if s.id is not None} | set(delete_ids)) - set(existing)
    if unknown:
        errors["steps"] = ["Ett av stegen hör inte till denna mall. Ladda om sidan och försök igen."]
    cleaned_steps: list[tuple[StepInput, dict]] = []
    for index, step in enumerate(steps, start=1):
        if step.id is not None and step.id in delete_ids:
            continue
        cleaned, step_errors = _clean_step(step)
        for field_name, message in step_errors.items():
            errors.setdefault(f"steps.{index}.{field_name}", []).append(message)
        cleaned_steps.append((step, cleaned))
    if not cleaned_steps:
        errors.setdefault("steps", []).append("En mall måste ha minst ett steg.")
    if errors:
        raise ValidationError(errors)

    changes: dict = {"created": [], "updated": {}, "deleted": []}
    if name != template.name or is_active != template.is_active:
        changes["template"] = {
            "name": [template.name, name],
            "is_active": [template.is_active, is_active],
        }
        template.name = name
        template.is_active = is_active
    for step_id in sorted(delete_ids):
        changes["deleted"].append(existing[step_id].title)
    TemplateStep.objects.filter(template=template, pk__in=delete_ids).delete()
    for step, cleaned in cleaned_steps:
        if step.id is None:
            TemplateStep.objects.create(template=template, **cleaned)
            changes["created"].append(cleaned["title"])
            continue
        current = existing[step.id]
        diff = {
            field_name: [getattr(current, field_name), value]
            for field_name, value in cleaned.items()
            if getattr(current, field_name) != value
        }
        if diff:
            for field_name, (_, value) in diff.items():
                setattr(current, field_name, value)
            current.save(update_fields=list(diff))
            changes["updated"][str(step.id)] = diff
    # Saving the template also moves updated_at, which decides which of a municipality's templates is used.
    template.save(update_fields=["name", "is_active", "updated_at"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        template,
        f"Processmall ändrad: {len(changes['created'])} nya, {len(changes['updated'])} ändrade, "
        f"{len(changes['deleted'])} borttagna steg",
        changes,
    )
    return template
