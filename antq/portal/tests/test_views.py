import datetime as dt

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from antq.portal import actions
from antq.portal.models import Comment
from antq.portal.tests.helpers import article, png
from conftest import COMMUNE_A1, COMMUNE_B1

pytestmark = pytest.mark.django_db


def captcha() -> dict[str, str]:
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def test_anonymous_root_goes_to_the_portal_officers_keep_their_home(client, client_for, commune_a1_officer):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client_for(commune_a1_officer).get("/").status_code == 200


def test_drafts_and_withdrawn_articles_are_not_public(client, commune_a1_officer):
    draft = article(commune_a1_officer, COMMUNE_A1, title="Bản nháp bí mật", publish=False)
    withdrawn = article(commune_a1_officer, COMMUNE_A1, title="Bài đã gỡ bỏ")
    actions.withdraw_article(withdrawn, by=commune_a1_officer)
    cover = actions.attach_file(draft, png(), by=commune_a1_officer, role="cover")
    for made in (draft, withdrawn):
        assert client.get(reverse("portal:article", args=[made.pk])).status_code == 404
        assert client.get(f"/api/v1/portal/articles/{made.pk}").status_code == 404
    assert client.get(reverse("portal:file", args=[cover.pk])).status_code == 404
    for url in (reverse("portal:news"), reverse("portal:home"), "/api/v1/portal/articles"):
        body = client.get(url).content.decode()
        assert "Bản nháp bí mật" not in body and "Bài đã gỡ bỏ" not in body


@pytest.mark.parametrize("query", ["ha noi", "HA NOI", "Hà Nội", "hà noi", "an ninh ha"])
def test_search_is_accent_insensitive(client, commune_a1_officer, query):
    article(commune_a1_officer, COMMUNE_A1, title="Hà Nội ra quân bảo đảm an ninh Hà Nội")
    article(commune_a1_officer, COMMUNE_A1, title="Tin khác của phường")
    body = client.get(reverse("portal:news"), {"q": query}).content.decode()
    assert "Hà Nội ra quân" in body and "Tin khác của phường" not in body
    data = client.get("/api/v1/portal/articles", {"q": query}).json()
    assert [r["title"] for r in data["results"]] == ["Hà Nội ra quân bảo đảm an ninh Hà Nội"]


def test_an_editor_of_another_commune_gets_404_on_an_a1_article(
    client_for, commune_a1_officer, commune_b1_officer
):
    made = article(commune_a1_officer, COMMUNE_A1, publish=False)
    client = client_for(commune_b1_officer)
    assert client.get(reverse("portal:editor_edit", args=[made.pk])).status_code == 404
    for name in ("editor_publish", "editor_withdraw", "editor_file_upload"):
        assert client.post(reverse(f"portal:{name}", args=[made.pk])).status_code == 404
    made.refresh_from_db()
    assert made.status == "draft"
    assert made.title not in client.get(reverse("portal:editor_list")).content.decode()


def test_steering_member_reads_the_list_without_write_buttons(
    client_for, commune_a1_officer, steering_a1_member
):
    made = article(commune_a1_officer, COMMUNE_A1, publish=False, title="Nháp của phường")
    body = client_for(steering_a1_member).get(reverse("portal:editor_list")).content.decode()
    assert "Nháp của phường" in body
    assert (
        reverse("portal:editor_create") not in body
        and reverse("portal:editor_edit", args=[made.pk]) not in body
    )


def test_editor_writes_and_publishes_through_the_pages(client_for, commune_a1_officer, client):
    editor = client_for(commune_a1_officer)
    from antq.units.models import Unit

    unit = Unit.objects.get(key=COMMUNE_A1)
    response = editor.post(
        reverse("portal:editor_create"),
        {"unit": unit.pk, "kind": "news", "title": "Ra mắt tổ tự quản", "summary": "", "body": "Nội dung"},
    )
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert client.get(reverse("portal:article", args=[pk])).status_code == 404
    editor.post(reverse("portal:editor_publish", args=[pk]))
    assert client.get(reverse("portal:article", args=[pk])).status_code == 200


def test_an_editor_cannot_publish_for_a_unit_outside_their_roles(client_for, commune_a1_officer):
    from antq.units.models import Unit

    other = Unit.objects.get(key=COMMUNE_B1)
    response = client_for(commune_a1_officer).post(
        reverse("portal:editor_create"), {"unit": other.pk, "kind": "news", "title": "X", "body": "Y"}
    )
    assert response.status_code == 200 and "unit" in response.context["form"].errors


def test_comments_appear_only_after_approval(client, client_for, commune_a1_officer):
    made = article(commune_a1_officer, COMMUNE_A1)
    url = reverse("portal:article", args=[made.pk])
    response = client.post(
        reverse("portal:comment", args=[made.pk]), {"name": "", "body": "Góp ý rất hay", **captcha()}
    )
    assert response.status_code == 302
    assert "Góp ý rất hay" not in client.get(url).content.decode()
    queue = client_for(commune_a1_officer).get(reverse("portal:editor_comments")).content.decode()
    assert "Góp ý rất hay" in queue
    comment = Comment.objects.get()
    client_for(commune_a1_officer).post(reverse("portal:editor_comment_approve", args=[comment.pk]))
    assert "Góp ý rất hay" in client.get(url).content.decode()


def test_captcha_is_required_and_single_use(client, commune_a1_officer):
    made = article(commune_a1_officer, COMMUNE_A1)
    url = reverse("portal:comment", args=[made.pk])
    key = CaptchaStore.generate_key()
    wrong = client.post(url, {"body": "Một", "captcha_0": key, "captcha_1": "sai00"})
    assert wrong.status_code == 400 and not Comment.objects.exists()
    assert client.post(url, {"body": "Hai"}).status_code == 400
    answer = captcha()
    assert client.post(url, {"body": "Ba", **answer}).status_code == 302
    replay = client.post(url, {"body": "Bốn", **answer})
    assert replay.status_code == 400
    assert list(Comment.objects.values_list("body", flat=True)) == ["Ba"]


def test_script_in_a_comment_or_title_is_rendered_inert(client, client_for, commune_a1_officer):
    made = article(
        commune_a1_officer,
        COMMUNE_A1,
        title="<script>alert('t')</script>Tiêu đề",
        body="<img src=x onerror=alert(1)>",
    )
    comment = actions.post_comment(made, name="<b>Kẻ xấu</b>", body="<script>alert('c')</script>")
    actions.approve_comment(comment, by=commune_a1_officer)
    for page in (
        client.get(reverse("portal:article", args=[made.pk])),
        client.get(reverse("portal:news")),
        client.get(reverse("portal:home")),
        client_for(commune_a1_officer).get(reverse("portal:editor_list")),
    ):
        body = page.content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body and "<b>Kẻ xấu" not in body
    body = client.get(reverse("portal:article", args=[made.pk])).content.decode()
    assert "&lt;script&gt;alert(&#x27;c&#x27;)&lt;/script&gt;" in body
    assert "<title>&lt;script&gt;" in body


def test_comments_are_rate_limited_per_address(client, commune_a1_officer, settings):
    settings.ANTQ_PORTAL_COMMENT_RATE = "2/m"
    made = article(commune_a1_officer, COMMUNE_A1)
    url = reverse("portal:comment", args=[made.pk])
    codes = [client.post(url, {"body": f"Bình luận {i}", **captcha()}).status_code for i in range(3)]
    assert codes == [302, 302, 429]
    assert "quá nhiều yêu cầu" in client.post(url, {"body": "x"}).content.decode()


def test_print_view_and_share_link(client, commune_a1_officer):
    made = article(commune_a1_officer, COMMUNE_A1)
    url = reverse("portal:article", args=[made.pk])
    normal = client.get(url).content.decode()
    assert 'data-copy-url="http://testserver' + url in normal and "?in=1" in normal
    printed = client.get(url, {"in": "1"}).content.decode()
    assert "antq-print-view" in printed and "data-print" in printed
    assert "<p>Đoạn một.</p>" in printed and "<p>Đoạn hai.</p>" in printed


def test_public_list_query_count_does_not_grow(client, commune_a1_officer, django_assert_max_num_queries):
    for i in range(3):
        actions.attach_file(
            article(commune_a1_officer, COMMUNE_A1, title=f"Tin {i}"),
            png(),
            by=commune_a1_officer,
            role="cover",
        )
    with django_assert_max_num_queries(4) as few:
        client.get(reverse("portal:news"))
    for i in range(15):
        actions.attach_file(
            article(commune_a1_officer, COMMUNE_A1, title=f"Tin thêm {i}"),
            png(),
            by=commune_a1_officer,
            role="cover",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("portal:news"))


def test_home_query_count_is_constant(
    client,
    commune_a1_officer,
    province_a_officer,
    sample_participants,
    django_assert_max_num_queries,
    monkeypatch,
):
    from antq.festival.tests.helpers import area_event, campaign

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 7, 1))
    made = campaign(province_a_officer)
    for area in sample_participants["a1_areas"]:
        area_event(made, area, commune_a1_officer)
    for i in range(8):
        article(commune_a1_officer, COMMUNE_A1, title=f"Tin {i}", kind="news" if i % 2 else "announcement")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("portal:home"))
    body = response.content.decode()
    assert "Nhà văn hóa tổ dân phố" in body and "10/08/2026" in body
    assert "Lãnh đạo Công an phường" not in body  # guests are never shown


def test_events_page_from_today_by_province(
    client, commune_a1_officer, province_a_officer, sample_participants, monkeypatch
):
    from antq.festival.tests.helpers import area_event, campaign

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 8, 5))
    made = campaign(province_a_officer)
    areas = sample_participants["a1_areas"]
    area_event(made, areas[0], commune_a1_officer, dt.date(2026, 8, 1))
    area_event(made, areas[1], commune_a1_officer, dt.date(2026, 8, 10))
    page = client.get(reverse("portal:events"), {"tinh": "01"})
    rows = list(page.context["page"])
    assert [r["date"] for r in rows] == [dt.date(2026, 8, 10)]
    assert set(rows[0]) == {
        "pk",
        "date",
        "host",
        "host_type",
        "venue",
        "commune__name",
        "campaign__province__name",
        "campaign__province__key",
    }
    assert not list(client.get(reverse("portal:events"), {"tinh": "79"}).context["page"])


def test_public_file_served_inline_with_nosniff(client, commune_a1_officer):
    made = article(commune_a1_officer, COMMUNE_A1)
    cover = actions.attach_file(made, png(), by=commune_a1_officer, role="cover")
    response = client.get(reverse("portal:file", args=[cover.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)
