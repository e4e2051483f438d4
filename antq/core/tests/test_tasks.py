import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from antq.core.tasks import clear_expired_sessions


@pytest.mark.django_db
def test_task_runs_through_the_database_queue_and_worker(monkeypatch):
    # The worker drops connections that are inside a transaction; the test's own transaction is one.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    Session.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - dt.timedelta(days=1)
    )
    Session.objects.create(
        session_key="new", session_data="", expire_date=timezone.now() + dt.timedelta(days=1)
    )
    result = clear_expired_sessions.enqueue()
    assert result.status == "READY"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
