"""One global audit chain, step 1 of 3: the head row, signed checkpoints, a global number."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_throttle"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_gseq", models.PositiveBigIntegerField(default=0)),
                ("last_hash", models.CharField(default="", max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("gseq", models.PositiveBigIntegerField()),
                ("head_hash", models.CharField(max_length=64)),
                ("signed_at", models.DateTimeField()),
                ("key_id", models.CharField(max_length=16)),
                ("signature", models.CharField(max_length=128)),
            ],
            options={"ordering": ["gseq", "signed_at"]},
        ),
        migrations.AddField(
            model_name="auditevent",
            name="gseq",
            field=models.PositiveBigIntegerField(null=True),
        ),
    ]
