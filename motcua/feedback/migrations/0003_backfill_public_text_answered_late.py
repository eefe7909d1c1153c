"""Data for the fields of 0002 (docs/rules.md §24.3, §24.6):
- public_title / public_content: left empty for every item, those already published included:
  the submitter's words may hold personal data (§24.6). A published item without a public text
  is hidden from the public pages, the API and Open311 until the unit head writes one
  (`feedback_publish` accepts it again).
- answered_late: the answer's local date after the due date, for every answered item.
  closed_late stays False: refusals and publications made before it were not measured."""

from zoneinfo import ZoneInfo

from django.db import migrations

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def forwards(apps, schema_editor):
    Feedback = apps.get_model("feedback", "Feedback")
    late = [
        pk
        for pk, answered_at, due in Feedback.objects.filter(answered_at__isnull=False)
        .values_list("pk", "answered_at", "due_date")
        .iterator()
        if answered_at.astimezone(LOCAL_TZ).date() > due
    ]
    for start in range(0, len(late), 500):
        Feedback.objects.filter(pk__in=late[start : start + 500]).update(answered_late=True)


def backwards(apps, schema_editor):
    """Nothing to undo: 0002's reversal drops the fields."""


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_public_text_lateness")]

    operations = [migrations.RunPython(forwards, backwards)]
