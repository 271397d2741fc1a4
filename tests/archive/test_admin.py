"""Curation through the admin, as a curator made by create_curator does it."""

import io

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive.models import (
    Directive,
    Method,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
)
from archive.signals import index_owed
from tests.archive.test_pages import build_archive, make_entity

PASSWORD = "Biên-tập-viên-2024"
INLINES = {
    "person_mentions": ("person", ["positions"]),
    "directive_mentions": ("directive", []),
    "organization_mentions": ("organization", []),
    "province_mentions": ("province", []),
}


@pytest.fixture
def archive(db):
    return build_archive()


@pytest.fixture
def curator(db):
    call_command(
        "create_curator",
        "thu",
        "--email",
        "thu@example.org",
        "--password",
        PASSWORD,
        stdout=io.StringIO(),
    )
    return get_user_model().objects.get(username="thu")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def reindexed():
    calls = []

    def receiver(sender, article_ids, removed_ids=(), **kwargs):
        calls.append(sorted(article_ids))

    index_owed.connect(receiver, dispatch_uid="test-admin")
    yield calls
    index_owed.disconnect(dispatch_uid="test-admin")


def inline_data(article):
    """The article change form's POST data as the admin renders it: every link unchanged."""
    data = {}
    for prefix, (field, extra) in INLINES.items():
        rows = list(getattr(article, prefix).all())
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(len(rows)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-article"] = str(article.pk)
            data[f"{prefix}-{i}-{field}"] = str(getattr(row, f"{field}_id"))
            for name in extra:
                data[f"{prefix}-{i}-{name}"] = "\n".join(getattr(row, name))
    return data


def add_row(data, prefix, article, **values):
    i = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(i + 1)
    data[f"{prefix}-{i}-article"] = str(article.pk)
    for name, value in values.items():
        data[f"{prefix}-{i}-{name}"] = value


def change_url(obj):
    return reverse(f"admin:archive_{obj._meta.model_name}_change", args=[obj.pk])


# create_curator


def test_create_curator_makes_a_staff_account_with_curation_permissions(curator):
    assert curator.is_staff and not curator.is_superuser
    assert curator.groups.filter(name="Curators").exists()
    assert curator.has_perm("archive.change_personmention")
    assert curator.has_perm("archive.delete_person")
    assert not curator.has_perm("archive.delete_article")
    assert not curator.has_perm("auth.change_user")
    assert curator.check_password(PASSWORD)


def test_create_curator_reads_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DJANGO_CURATOR_PASSWORD", PASSWORD)
    call_command("create_curator", "lan", stdout=io.StringIO())
    assert get_user_model().objects.get(username="lan").check_password(PASSWORD)


def test_create_curator_refuses_without_a_password_off_a_terminal(db, monkeypatch):
    monkeypatch.delenv("DJANGO_CURATOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="No password"):
        call_command("create_curator", "lan", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_curator", "lan", "--password", "123", stdout=io.StringIO())


def test_create_curator_again_promotes_an_existing_user(db):
    get_user_model().objects.create_user("hoa", password=PASSWORD)
    call_command("create_curator", "hoa", stdout=io.StringIO())
    user = get_user_model().objects.get(username="hoa")
    assert user.is_staff and user.groups.filter(name="Curators").exists()
    assert user.check_password(PASSWORD)


def test_curator_can_sign_in(client, curator):
    assert client.login(username="thu", password=PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200


# search, filters


def test_entity_search_ignores_accents(curator_client, archive):
    html = curator_client.get(
        reverse("admin:archive_person_changelist"), {"q": "truong thi mai"}
    ).content.decode()
    assert "Trương Thị Mai" in html and "Lữ Văn Hùng" not in html
    html = curator_client.get(
        reverse("admin:archive_directive_changelist"), {"q": "21 – kl/tw"}
    ).content.decode()
    assert "Kết luận số 21-KL/TW" in html and "03-KH/TW" not in html


def test_autocomplete_ignores_accents(curator_client, archive):
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "archive",
            "model_name": "personmention",
            "field_name": "person",
            "term": "truong",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Trương Thị Mai"]


def test_autocomplete_tells_apart_directives_sharing_a_symbol(curator_client, archive):
    """Kết luận 21-KL/TW exists in two terms; a curator must see which one is which."""
    make_entity(
        Directive,
        "Kết luận số 21-KL/TW",
        key="21-KL/TW",
        symbol="21-KL/TW",
        kind="Kết luận",
        number="21",
        issuer="TW",
        term="XI",
        scope="khóa XI",
    )
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "archive",
            "model_name": "directivemention",
            "field_name": "directive",
            "term": "21-KL/TW",
        },
    )
    assert sorted(r["text"] for r in response.json()["results"]) == [
        "Kết luận 21-KL/TW (khóa XI)",
        "Kết luận 21-KL/TW (khóa XIII)",
    ]
    article = archive["giao_ban"]
    html = curator_client.get(
        reverse("admin:archive_article_change", args=[article.pk])
    ).content.decode()
    assert "Kết luận 21-KL/TW (khóa XIII)</option>" in html  # the linked one, as chosen


def test_list_filters(curator_client, archive):
    make_entity(Person, "Người Không Bài")
    url = reverse("admin:archive_person_changelist")
    html = curator_client.get(url, {"articles": "0"}).content.decode()
    assert "Người Không Bài" in html and "Trương Thị Mai" not in html
    html = curator_client.get(url, {"aliases": "yes"}).content.decode()
    assert "Trương Thị Mai" in html and "Lữ Văn Hùng" not in html
    html = curator_client.get(
        reverse("admin:archive_directive_changelist"), {"kind": "Kế hoạch"}
    ).content.decode()
    assert "03-KH/TW" in html and "Kết luận số 21-KL/TW" not in html


def test_article_change_page_shows_each_link_with_its_sentence_and_method(curator_client, archive):
    html = curator_client.get(change_url(archive["giao_ban"])).content.decode()
    assert "Bà Mai đề nghị thực hiện nghiêm Kết luận số 21-KL/TW" in html
    assert '<span class="method method-rule">quy tắc</span>' in html
    assert "Trương Thị Mai · Bà Mai" in html  # the words the article writes
    assert "Ủy viên Bộ Chính trị\nBí thư Trung ương Đảng" in html  # editable positions
    mention = PersonMention.objects.get(article=archive["giao_ban"], person=archive["mai"])
    assert reverse("admin:archive_personmention_relink", args=[mention.pk]) in html


# inline editing


def test_inline_edit_of_positions_is_a_curator_link_logged_and_reindexed(
    curator_client, curator, archive, reindexed, django_capture_on_commit_callbacks
):
    article = archive["giao_ban"]
    data = inline_data(article)
    data["person_mentions-0-positions"] = "Trưởng Ban Tổ chức Trung ương\nỦy viên Bộ Chính trị"
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    mention = PersonMention.objects.get(article=article, person=archive["mai"])
    assert mention.positions == ["Trưởng Ban Tổ chức Trung ương", "Ủy viên Bộ Chính trị"]
    assert mention.method == Method.CURATOR
    other = PersonMention.objects.get(article=article, person=archive["quang"])
    assert other.method == Method.RULE  # untouched rows keep how they were found
    assert reindexed == [[article.pk]]
    entry = LogEntry.objects.get(object_id=str(article.pk), action_flag=CHANGE)
    assert entry.user == curator
    message = entry.get_change_message()
    assert "chức danh" in message and "Trương Thị Mai" in message


def test_inline_relink_add_and_remove(curator_client, archive, django_capture_on_commit_callbacks):
    article = archive["untitled"]
    politburo = make_entity(Organization, "Bộ Chính trị")
    data = inline_data(article)
    data["person_mentions-0-person"] = str(archive["hung"].pk)  # the wrong person, say
    data["province_mentions-0-DELETE"] = "on"
    add_row(data, "organization_mentions", article, organization=str(politburo.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    relinked = PersonMention.objects.get(article=article)
    assert relinked.person == archive["hung"] and relinked.method == Method.CURATOR
    assert not article.province_mentions.exists()
    added = OrganizationMention.objects.get(article=article, organization=politburo)
    assert article.full_text[slice(*added.spans[0])] == "Bộ Chính trị"
    # the article page links the new organisation in the text at once
    html = curator_client.get(article.get_absolute_url()).content.decode()
    assert 'title="Tổ chức: Bộ Chính trị">Bộ Chính trị</a>' in html


def test_inline_row_naming_an_entity_already_linked_is_combined(curator_client, archive):
    article = archive["giao_ban"]
    data = inline_data(article)
    data["person_mentions-1-person"] = str(archive["mai"].pk)  # Quang's row, now Mai
    response = curator_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    mention = PersonMention.objects.get(article=article)
    assert mention.person == archive["mai"] and mention.count == 4


# merge


def test_merge_action_confirms_then_merges(
    curator_client, curator, archive, reindexed, django_capture_on_commit_callbacks
):
    twin = make_entity(Person, "Trương T. Mai")
    PersonMention.objects.filter(person=archive["mai"], article=archive["undated"]).update(
        person=twin
    )
    url = reverse("admin:archive_person_changelist")
    selected = [str(archive["mai"].pk), str(twin.pk)]
    page = curator_client.post(url, {"action": "merge", "_selected_action": selected})
    html = page.content.decode()
    assert page.status_code == 200 and 'name="kept"' in html
    assert f'value="{archive["mai"].pk}" id="kept-{archive["mai"].pk}" checked' in html
    with django_capture_on_commit_callbacks(execute=True):
        done = curator_client.post(
            url,
            {
                "action": "merge",
                "_selected_action": selected,
                "confirm": "yes",
                "kept": str(archive["mai"].pk),
            },
        )
    assert done.status_code == 302
    assert not Person.objects.filter(pk=twin.pk).exists()
    mai = Person.objects.get(pk=archive["mai"].pk)
    assert "Trương T. Mai" in mai.aliases
    assert mai.mentions.filter(article=archive["undated"], method=Method.CURATOR).exists()
    assert archive["undated"].pk in reindexed[0]
    assert LogEntry.objects.filter(
        object_id=str(twin.pk), action_flag=DELETION, user=curator
    ).exists()
    assert LogEntry.objects.filter(object_id=str(mai.pk), action_flag=CHANGE).exists()


def test_merge_needs_two(curator_client, archive):
    url = reverse("admin:archive_person_changelist")
    response = curator_client.post(
        url, {"action": "merge", "_selected_action": [str(archive["mai"].pk)]}, follow=True
    )
    assert "Chọn ít nhất hai mục để gộp." in response.content.decode()


# re-link and split


def test_relink_a_mention_to_a_new_person(
    curator_client, archive, reindexed, django_capture_on_commit_callbacks
):
    mention = PersonMention.objects.get(person=archive["quang"])
    url = reverse("admin:archive_personmention_relink", args=[mention.pk])
    assert "Hoàng Đăng Quang" in curator_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            url,
            {
                "mentions": [str(mention.pk)],
                "new_kind": "person",
                "new_name": "Hoàng Đăng Quang (Quảng Ngãi)",
                "delete_orphans": "on",
            },
        )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.person.name == "Hoàng Đăng Quang (Quảng Ngãi)"
    assert not Person.objects.filter(pk=archive["quang"].pk).exists()
    assert reindexed == [[archive["giao_ban"].pk]]
    assert LogEntry.objects.filter(object_id=str(archive["giao_ban"].pk)).exists()


def test_relink_to_an_existing_entity_of_another_kind(curator_client, archive):
    mention = PersonMention.objects.get(person=archive["danh"])
    url = reverse("admin:archive_personmention_relink", args=[mention.pk])
    response = curator_client.post(
        url, {"mentions": [str(mention.pk)], "organization": str(archive["tu_dak_nong"].pk)}
    )
    assert response.status_code == 302
    assert not PersonMention.objects.filter(pk=mention.pk).exists()
    assert archive["tu_dak_nong"].mentions.get().method == Method.CURATOR


def test_relink_needs_exactly_one_target(curator_client, archive):
    mention = PersonMention.objects.get(person=archive["quang"])
    url = reverse("admin:archive_personmention_relink", args=[mention.pk])
    response = curator_client.post(
        url,
        {
            "mentions": [str(mention.pk)],
            "person": str(archive["mai"].pk),
            "new_kind": "person",
            "new_name": "X",
        },
    )
    assert response.status_code == 200
    assert "Chọn đúng một mục đích" in response.content.decode()


def test_split_a_person(curator_client, archive):
    mai = archive["mai"]
    undated = mai.mentions.get(article=archive["undated"])
    url = reverse("admin:archive_person_split", args=[mai.pk])
    assert curator_client.get(url).status_code == 200
    response = curator_client.post(
        url,
        {
            "mentions": [str(undated.pk)],
            "new_kind": "person",
            "new_name": "Trương Thị Mai (Dân vận)",
        },
    )
    assert response.status_code == 302
    assert mai.mentions.count() == 2
    assert Person.objects.get(name="Trương Thị Mai (Dân vận)").mentions.get().pk == undated.pk


def test_mention_admin_change_form_relinks(curator_client, archive):
    mention = PersonMention.objects.get(person=archive["quang"])
    response = curator_client.post(
        change_url(mention), {"person": str(archive["hung"].pk), "positions": "Phó Trưởng ban"}
    )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert (mention.person, mention.positions, mention.method) == (
        archive["hung"],
        ["Phó Trưởng ban"],
        Method.CURATOR,
    )


def test_entity_edit_refreshes_folded_names(curator_client, archive):
    hung = archive["hung"]
    response = curator_client.post(
        change_url(hung), {"name": "Lữ Văn Hùng", "aliases": "ông Hùng\nLu Van Hung"}
    )
    assert response.status_code == 302
    hung.refresh_from_db()
    assert hung.aliases == ["ông Hùng", "Lu Van Hung"] and "ong hung" in hung.folded


def test_staff_pages_need_a_login(client, archive):
    response = client.get(change_url(archive["giao_ban"]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_entity_change_page_lists_mentions_newest_first_undated_last(curator_client, archive):
    html = curator_client.get(change_url(archive["mai"])).content.decode()
    table = html[html.index('class="curation-mentions"') :]
    titles = [archive[name].label for name in ("giao_ban", "dang_vien", "undated")]
    assert [table.index(t) for t in titles] == sorted(table.index(t) for t in titles)


def test_article_search_finds_every_spelling_through_the_search_engine(curator_client, db):
    """ "bi thu" finds "Bí thư" (the engine), a file path still finds its article (Django)."""
    from tests.search.conftest import index, make_article

    danh, other = index(
        make_article("Bí thư Tỉnh ủy Ngô Thanh Danh làm việc", paragraphs=["Hội nghị."]),
        make_article("Giá lúa tăng", paragraphs=["Nông dân vui."]),
    )

    def listed(term):
        page = curator_client.get(reverse("admin:archive_article_changelist"), {"q": term})
        assert page.status_code == 200
        return set(page.context["cl"].result_list.values_list("pk", flat=True))

    assert listed("bi thu") == {danh.pk}
    assert listed("Ngo Thanh Danh") == {danh.pk}
    assert listed("Bí thư tỉnh uỷ") == {danh.pk}  # the other tone placement
    assert listed(other.source_path) == {other.pk}  # a path: Django's own search
    assert listed("lúa") == {other.pk}


def test_article_search_names_the_matches_past_those_it_lists(curator_client, db, monkeypatch):
    from search import admin as search_admin
    from tests.search.conftest import index, make_article

    index(*[make_article(f"Hội nghị cán bộ lần {n}") for n in range(4)])
    monkeypatch.setattr(search_admin, "ADMIN_MATCHES", 3)
    page = curator_client.get(reverse("admin:archive_article_changelist"), {"q": "can bo"})
    assert page.context["cl"].result_count == 3
    assert "4 bài khớp; đây là 3 bài khớp nhất" in page.content.decode()
