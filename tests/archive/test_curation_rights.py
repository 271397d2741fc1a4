"""Curation actions need the rights the admin's own pages need for every object they touch."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from archive.models import Organization, Person, PersonMention, Province, ProvinceMention
from tests.archive.test_pages import build_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    return build_archive()


@pytest.fixture
def curator_client(client):
    """A curator as create_curator makes them: provinces may be changed, not added or deleted."""
    call_command("create_curator", "thu", "--password", "Biên-tập-viên-2024", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="thu"))
    return client


def _relink(client, mention, **data):
    url = reverse(f"admin:archive_{mention._meta.model_name}_relink", args=[mention.pk])
    return client.post(url, {"mentions": [str(mention.pk)], **data})


def test_a_curator_cannot_add_or_delete_a_province_through_relink(curator_client, archive):
    # Curators may change provinces but not add or delete them (create_curator).
    assert curator_client.get(reverse("admin:archive_province_add")).status_code == 403
    mention = ProvinceMention.objects.filter(province=archive["quang_ngai"]).first()
    assert mention is not None
    provinces = sorted(Province.objects.values_list("pk", "name"))
    response = _relink(
        curator_client, mention, new_kind="province", new_name="Tỉnh mới", delete_orphans="on"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không có quyền thêm tỉnh, thành phố" in html
    assert "không có gì được thay đổi" in html
    assert sorted(Province.objects.values_list("pk", "name")) == provinces
    mention.refresh_from_db()
    assert mention.province == archive["quang_ngai"]
    assert not LogEntry.objects.exists()


def test_deleting_the_orphaned_province_needs_the_right_to_delete_provinces(
    curator_client, archive
):
    bac_lieu = Province.objects.get(name="Bạc Liêu")
    mention = ProvinceMention.objects.get(province=bac_lieu)  # its only mention
    target = archive["quang_ngai"]
    response = _relink(curator_client, mention, province=str(target.pk), delete_orphans="on")
    assert response.status_code == 403
    assert "Bạn không có quyền xóa tỉnh, thành phố" in response.content.decode()
    mention.refresh_from_db()
    assert mention.province == bac_lieu
    response = _relink(curator_client, mention, province=str(target.pk))
    assert response.status_code == 302  # without deleting anything, the move is theirs
    mention.refresh_from_db()
    assert mention.province == target and Province.objects.filter(pk=bac_lieu.pk).exists()


def test_a_move_into_another_kinds_link_needs_changing_it_and_deleting_this_one(
    db, client, archive
):
    user = get_user_model().objects.create_user("han", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_personmention", "change_personmention"])
    )
    client.force_login(user)
    mention = PersonMention.objects.filter(person=archive["danh"]).first()
    response = _relink(client, mention, organization=str(archive["tu_dak_nong"].pk))
    assert response.status_code == 403
    html = response.content.decode()
    # The article already links Tỉnh ủy Đắk Nông: the mention is folded into that link.
    assert "Bạn không có quyền sửa nhắc đến tổ chức, xóa nhắc đến nhân vật" in html
    assert PersonMention.objects.filter(pk=mention.pk, person=archive["danh"]).exists()


def test_merging_needs_the_rights_on_the_links_it_moves(db, client, archive):
    user = get_user_model().objects.create_user("lan", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_person", "change_person", "delete_person"])
    )
    client.force_login(user)
    people = [archive["mai"], archive["quang"]]
    response = client.post(
        reverse("admin:archive_person_changelist"),
        {"action": "merge", "_selected_action": [str(p.pk) for p in people]},
        follow=True,
    )
    html = response.content.decode()
    assert "Bạn không có quyền sửa" in html and "không có gì được thay đổi" in html
    assert Person.objects.filter(pk__in=[p.pk for p in people]).count() == 2


def test_merging_provinces_needs_the_right_to_change_their_organisations(db, client, archive):
    user = get_user_model().objects.create_user("tam", password="x", is_staff=True)
    codenames = ["view_province", "change_province", "delete_province"]
    codenames += ["change_provincemention", "delete_provincemention"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    provinces = [archive["dak_nong"], Province.objects.get(name="Bạc Liêu")]
    response = client.post(
        reverse("admin:archive_province_changelist"),
        {"action": "merge", "_selected_action": [str(p.pk) for p in provinces]},
        follow=True,
    )
    assert "sửa tổ chức" in response.content.decode()
    assert Province.objects.filter(pk__in=[p.pk for p in provinces]).count() == 2
    assert Organization.objects.get(pk=archive["tu_dak_nong"].pk).province == archive["dak_nong"]
