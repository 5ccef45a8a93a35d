"""Processmallar: the national default and the municipality's own template, which administrators adapt."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.guards import administrator_required, municipalities_where
from etablera.access.policy import capabilities
from etablera.reception import selectors, template_services
from etablera.reception.template_services import StepInput
from etablera.reception.web.forms import StepFormSet, TemplateForm
from etablera.web.forms import attach_errors
from etablera.web.pages import page

STEP_FIELDS = [name for name in StepInput.__dataclass_fields__ if name != "id"]


def _admin_municipalities(user):
    return municipalities_where(user, capabilities(user).admin_municipality_ids)


@administrator_required
@require_GET
def template_list(request):
    templates = selectors.templates_for_user(request.user)
    own_by_municipality = {t.municipality_id for t in templates if t.municipality_id}
    return page(
        request,
        "reception/templates/list.html",
        {
            "templates": templates,
            "can_copy": [m for m in _admin_municipalities(request.user) if m.pk not in own_by_municipality],
        },
        nav="templates",
    )


@administrator_required
@require_POST
def template_copy(request):
    municipalities = {m.code: m for m in _admin_municipalities(request.user)}
    municipality = municipalities.get(request.POST.get("municipality", ""))
    if municipality is None:
        raise Http404
    try:
        template = template_services.copy_default_template(actor=request.user, municipality=municipality)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("template_list")
    messages.success(request, _("Kommunens egen mall är skapad. Anpassa stegen nedan."))
    return redirect("template_detail", template.pk)


def _step_input(data: dict) -> StepInput:
    values = {name: data.get(name) for name in STEP_FIELDS}
    values["title"] = values["title"] or ""
    values["description"] = values["description"] or ""
    values["responsible_function"] = values["responsible_function"] or ""
    values["rule"] = values["rule"] or ""
    values["offset_days"] = values["offset_days"] if values["offset_days"] is not None else 0
    values["order"] = values["order"] if values["order"] is not None else 0
    return StepInput(id=data.get("id"), **values)


@administrator_required
@require_http_methods(["GET", "POST"])
def template_detail(request, template_id: int):
    template = selectors.get_template_for_user(request.user, template_id)
    steps = list(template.steps.all())
    editable = template.municipality_id in capabilities(request.user).admin_municipality_ids
    if not editable:
        return page(
            request,
            "reception/templates/detail.html",
            {"template": template, "steps": steps},
            nav="templates",
        )

    initial_steps = [{"id": s.pk, **{name: getattr(s, name) for name in STEP_FIELDS}} for s in steps]
    data = request.POST if request.method == "POST" else None
    form = TemplateForm(data, initial={"name": template.name, "is_active": template.is_active})
    formset = StepFormSet(data, initial=initial_steps, prefix="steps")
    if data is not None and form.is_valid() and formset.is_valid():
        rows, inputs, delete_ids = [], [], set()
        for step_form in formset.forms:
            cleaned = step_form.cleaned_data
            if not cleaned or (not step_form.has_changed() and cleaned.get("id") is None):
                continue  # an empty extra row
            if cleaned.get("DELETE"):
                if cleaned.get("id") is not None:
                    delete_ids.add(cleaned["id"])
                continue
            rows.append(step_form)
            inputs.append(_step_input(cleaned))
        try:
            template_services.update_template(
                actor=request.user,
                template=template,
                name=form.cleaned_data["name"],
                is_active=form.cleaned_data["is_active"],
                steps=inputs,
                delete_ids=delete_ids,
            )
        except ValidationError as error:
            attach_errors(error, form, rows_key="steps", rows=rows)
        else:
            messages.success(request, _("Mallen är sparad."))
            return redirect("template_detail", template.pk)
    return page(
        request,
        "reception/templates/edit.html",
        {"template": template, "form": form, "formset": formset},
        nav="templates",
    )
