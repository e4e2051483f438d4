import pytest

from antq.accounts.demo import ensure_demo_accounts
from antq.awards.models import Decision, Proposal
from antq.awards.seed import seed_awards_demo

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent():
    ensure_demo_accounts()
    assert seed_awards_demo() == 3
    assert seed_awards_demo() == 0
    assert Proposal.objects.count() == 2 and Decision.objects.get().number == "2150/QĐ-UBND"
