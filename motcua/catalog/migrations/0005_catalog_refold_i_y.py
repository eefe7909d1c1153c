"""Fold the stored search text again with the i/y spelling rule of `core.text.fold` ("đăng kí"
and "đăng ký" both fold to "dang ki"; docs/adr/0004-i-y-spelling.md).

`fold` is idempotent, so folding the stored folded text gives what folding the original would:
every version, frozen ones included, is brought in line without reading its documents again.
This is a recompute of derived columns, not data: the reverse leaves them as they are (the old
rule's text is not needed by anything)."""

from typing import Any

from django.db import migrations

from motcua.core.text import fold

BATCH = 500


def refold(apps: Any, schema_editor: Any) -> None:
    version_model = apps.get_model("catalog", "ProcedureVersion")
    rows = version_model.objects.order_by("pk").values_list("pk", "name_folded", "search_folded")
    changed = []
    for pk, name_folded, search_folded in rows.iterator(chunk_size=BATCH):
        name, text = fold(name_folded), fold(search_folded)
        if (name, text) != (name_folded, search_folded):
            changed.append(version_model(pk=pk, name_folded=name, search_folded=text))
    version_model.objects.bulk_update(changed, ["name_folded", "search_folded"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_catalog_effective_from"),
    ]

    operations = [
        migrations.RunPython(refold, migrations.RunPython.noop, elidable=False),
    ]
