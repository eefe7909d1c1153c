"""One kiosk code per dossier, ever (docs/rules.md §22.5), step 2: the one-to-one column."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ratings", "0002_keep_one_kiosk_code_per_dossier")]

    operations = [
        migrations.AlterField(
            model_name="kioskcode",
            name="dossier",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="dossiers.dossier",
            ),
        ),
    ]
