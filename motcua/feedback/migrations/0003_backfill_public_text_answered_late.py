"""Data for the fields of 0002 (docs/rules.md §24.3, §24.6):
- public_title / public_content: copied from title / content for the items already published
  before (so their public pages keep working, as they showed that text); nothing is copied for
  the others, whose public text the official writes at publication.
- answered_late: the answer's local date after the due date, for every answered item.
  closed_late stays False: refusals and publications made before it were not measured."""

from zoneinfo import ZoneInfo

from django.db import migrations
from django.db.models import F

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def forwards(apps, schema_editor):
    Feedback = apps.get_model("feedback", "Feedback")
    Feedback.objects.filter(published_at__isnull=False).update(
        public_title=F("title"), public_content=F("content")
    )
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
