"""One global audit chain, step 3 of 3: the global number is required and unique; the
per-stream head rows go (the one global head replaces them)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_link_events"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="gseq",
            field=models.PositiveBigIntegerField(unique=True),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={"ordering": ["gseq"]},
        ),
        migrations.DeleteModel(name="AuditStream"),
    ]
