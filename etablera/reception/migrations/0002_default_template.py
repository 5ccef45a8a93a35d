from django.db import migrations

from etablera.reception.default_template import DEFAULT_STEPS, DEFAULT_TEMPLATE_NAME


def create(apps, schema_editor):
    ProcessTemplate = apps.get_model("reception", "ProcessTemplate")
    TemplateStep = apps.get_model("reception", "TemplateStep")
    if ProcessTemplate.objects.filter(municipality=None, name=DEFAULT_TEMPLATE_NAME).exists():
        return
    template = ProcessTemplate.objects.create(municipality=None, name=DEFAULT_TEMPLATE_NAME)
    for order, (title, function, scope, anchor, days, conditions, description) in enumerate(DEFAULT_STEPS, 1):
        TemplateStep.objects.create(
            template=template,
            order=order * 10,
            title=title,
            description=description,
            responsible_function=function,
            scope=scope,
            anchor=anchor,
            offset_days=days,
            rule=conditions.get("rule", ""),
            min_age=conditions.get("min_age"),
            max_age=conditions.get("max_age"),
            requires_children=conditions.get("requires_children", False),
            establishment_age_only=conditions.get("establishment_age_only", False),
        )


class Migration(migrations.Migration):
    dependencies = [("reception", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
