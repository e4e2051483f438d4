"""insert_row stores exactly what save() stores, and refuses models it does not handle."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.test.utils import isolate_apps
from django.utils import timezone

from antq.core.db import insert_row
from antq.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entry() -> AuditEntry:
    return AuditEntry(
        actor_username="nguoi-dung",
        actor_unit="Phường Ba Đình",
        action="core.test.inserted",
        target_type=ContentType.objects.get_for_model(AuditEntry),
        target_id="42",
        target_repr="Bản ghi “thử” <b>",
        data={"số": 1, "danh sách": [1, "hai"], "ngày": "24/11/2026"},
        ip_address="2001:db8::1",
    )


def test_insert_row_stores_what_save_stores():
    saved, inserted = _entry(), _entry()
    before = timezone.now()
    saved.save()
    insert_row(inserted)
    assert inserted.pk is not None and inserted.pk != saved.pk and not inserted._state.adding
    rows = {row.pop("id"): row for row in AuditEntry.objects.filter(pk__in=[saved.pk, inserted.pk]).values()}
    a, b = rows[saved.pk], rows[inserted.pk]
    # auto_now_add is applied by the field itself, as in save()
    assert before <= b.pop("created_at") <= timezone.now() + dt.timedelta(seconds=1)
    a.pop("created_at")
    assert a == b
    assert AuditEntry.objects.get(pk=inserted.pk).data == {
        "số": 1,
        "danh sách": [1, "hai"],
        "ngày": "24/11/2026",
    }


def test_insert_row_raises_integrity_errors_like_save():
    from antq.tips.models import TipCategory

    TipCategory.objects.create(code="trung-ma", name="Một")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_row(TipCategory(code="trung-ma", name="Hai"))
    assert TipCategory.objects.filter(code="trung-ma").count() == 1


@isolate_apps("antq.core")  # a model of this test only, kept out of the app registry
def test_insert_row_refuses_database_defaults():
    class WithDbDefault(models.Model):
        label = models.CharField(max_length=10, db_default="x")

        class Meta:
            app_label = "core"
            managed = False

        def __str__(self) -> str:
            return self.label

    with pytest.raises(TypeError, match="save"):
        insert_row(WithDbDefault())
