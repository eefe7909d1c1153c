"""One kiosk code per dossier, ever (docs/rules.md §22.5), step 1: codes superseded under the
earlier rule (a re-issue expired the previous one) are removed, keeping the used one, else the
newest. The constraint comes in 0003, its own migration: on PostgreSQL a table with pending
deferred-trigger events (the deletes, under Rating's deferred foreign key) cannot be altered in
the same transaction."""

from django.db import migrations, models


def keep_one_code_per_dossier(apps, schema_editor):
    KioskCode = apps.get_model("ratings", "KioskCode")
    kept: set[int] = set()
    used_first = models.F("used_at").asc(nulls_last=True)
    for row in KioskCode.objects.order_by("dossier_id", used_first, "-created_at", "-id"):
        if row.dossier_id in kept:
            row.delete()
        else:
            kept.add(row.dossier_id)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0005_wizard_drafts"),
        ("ratings", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(keep_one_code_per_dossier, migrations.RunPython.noop),
    ]
