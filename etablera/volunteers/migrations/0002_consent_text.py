"""The consent text's version 1, in Swedish and English: what the volunteer agrees to when signing up."""

import datetime as dt

from django.db import migrations

BASIS = "Samtycke, dataskyddsförordningen (EU) 2016/679 art. 6.1 a"

SV = (
    "Jag samtycker till att kommunen behandlar de uppgifter jag lämnar här (namn, e-post, telefon, vad jag kan "
    "erbjuda, språk, område och när jag kan) för att förmedla kontakt med nyanlända som vill ha en volontär, och "
    "för att följa upp kontakten. Uppgifterna används inte till något annat och visas bara för kommunens personal "
    "som arbetar med civilsamhället. Jag kan när som helst ta tillbaka mitt samtycke med länken i varje e-post; då "
    "raderas mina uppgifter. Uppgifter om en anmälan som inte bekräftas raderas efter 30 dagar. Rättslig grund: "
    "samtycke (dataskyddsförordningen art. 6.1 a)."
)
EN = (
    "I consent to the municipality processing the information I give here (name, e-mail, phone, what I can offer, "
    "languages, area and when I am available) to put me in touch with newcomers who want a volunteer, and to "
    "follow up that contact. The information is used for nothing else and is shown only to the municipality's "
    "staff who work with civil society. I can withdraw my consent at any time with the link in every e-mail; my "
    "information is then erased. A sign-up that is not confirmed is erased after 30 days. Lawful basis: consent "
    "(GDPR art. 6.1 a)."
)


def forwards(apps, schema_editor):
    ConsentText = apps.get_model("volunteers", "ConsentText")
    for language, text in (("sv", SV), ("en", EN)):
        ConsentText.objects.get_or_create(
            version=1,
            language=language,
            defaults={"text": text, "lawful_basis": BASIS, "in_force_from": dt.date(2026, 1, 1)},
        )


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
