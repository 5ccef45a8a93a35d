"""The national default template gets its steps before arrival (issue #11): the two steps that counted from the
decision (pick-up and interpreter, the housing contract) now count back from the planned arrival, and the
information to the receiving units is added. Idempotent: a step already counted from the planned arrival, or
already there, is left as it is. A municipality's own template is its own and is not touched.

The steps are written out here, not imported, so that the migration keeps doing what it did when the template
module changes."""

from django.db import migrations

NAME = "Standardmall för mottagande"

STEPS = [
    # (title, function, days before the planned arrival, order, description)
    (
        "Informera skola, SFI och Arbetsförmedlingen om ankomsten",
        "RECEPTION",
        -14,
        5,
        "Berätta för de enheter som tar emot hushållet (skola och förskola, SFI, arbetsmarknadsenheten och "
        "Arbetsförmedlingen) när hushållet kommer och hur många som behöver plats.",
    ),
    (
        "Planera hämtning och boka tolk",
        "RECEPTION",
        -7,
        10,
        "Bestäm tid och plats för hämtning (t.ex. flygplats) och boka tolk på hushållets språk.",
    ),
    (
        "Bostadskontrakt klart",
        "HOUSING",
        -7,
        20,
        "Bostad matchad mot hushållets storlek och kontrakt skrivet (tillfälligt eller permanent). Möblering ordnad.",
    ),
]


def add_steps(apps, schema_editor):
    ProcessTemplate = apps.get_model("reception", "ProcessTemplate")
    TemplateStep = apps.get_model("reception", "TemplateStep")
    for template in ProcessTemplate.objects.filter(municipality=None, name=NAME):
        for title, function, days, order, description in STEPS:
            step = template.steps.filter(title=title).order_by("pk").first()
            if step is None:
                TemplateStep.objects.create(
                    template=template,
                    order=order,
                    title=title,
                    description=description,
                    responsible_function=function,
                    scope="HOUSEHOLD",
                    anchor="PLANNED",
                    offset_days=days,
                )
            elif step.anchor == "DECISION":
                step.anchor = "PLANNED"
                step.offset_days = days
                step.save(update_fields=["anchor", "offset_days"])


class Migration(migrations.Migration):
    dependencies = [("reception", "0007_tasks_before_arrival")]
    operations = [migrations.RunPython(add_steps, migrations.RunPython.noop)]
