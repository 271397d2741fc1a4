"""Curation services: merge, move/split, inline link edits; each re-indexes on commit."""

import pytest
from django.core.exceptions import ValidationError

from archive import curation
from archive.models import (
    Directive,
    Method,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Province,
)
from archive.signals import index_owed
from tests.archive.test_pages import MAI_TITLES, build_archive, link, make_entity


@pytest.fixture
def archive(db):
    return build_archive()


@pytest.fixture
def reindexed():
    """The article ids every change recorded as owed to the search index."""
    calls = []

    def receiver(sender, article_ids, removed_ids=(), **kwargs):
        calls.append((sorted(article_ids), sorted(removed_ids)))

    index_owed.connect(receiver, dispatch_uid="test-curation")
    yield calls
    index_owed.disconnect(dispatch_uid="test-curation")


def test_merge_moves_mentions_and_aliases_and_combines_within_an_article(
    archive, reindexed, django_capture_on_commit_callbacks
):
    giao_ban, dang_vien = archive["giao_ban"], archive["dang_vien"]
    # extraction made "Mai" a second person in one article the real one is already in
    short = make_entity(Person, "Mai", aliases=["Trương T. Mai"])
    PersonMention.objects.filter(article=giao_ban, person=archive["mai"]).update(
        spans=[[0, 1]], count=1
    )
    link(giao_ban, short, "Bà Mai", positions=["Trưởng ban"])
    lone = make_entity(Person, "T. T. Mai")
    link(dang_vien, lone, "Lữ Văn Hùng")  # (wrongly) the only mention in its article...
    PersonMention.objects.filter(article=dang_vien, person=archive["mai"]).delete()

    with django_capture_on_commit_callbacks(execute=True):
        result = curation.merge_entities(kept=archive["mai"], others=[short, lone])

    mai = Person.objects.get(pk=archive["mai"].pk)
    assert not Person.objects.filter(pk__in=[short.pk, lone.pk]).exists()
    assert {"bà Mai", "Mai", "Trương T. Mai", "T. T. Mai"} <= set(mai.aliases)
    assert "truong t. mai" in mai.folded
    combined = PersonMention.objects.get(article=giao_ban, person=mai)
    assert combined.count == 2 and combined.method == Method.CURATOR
    assert combined.positions == [*MAI_TITLES, "Trưởng ban"]
    moved = PersonMention.objects.get(article=dang_vien, person=mai)
    assert moved.method == Method.CURATOR
    assert result.combined == 1 and result.moved == 1
    assert reindexed == [(sorted([giao_ban.pk, dang_vien.pk, archive["undated"].pk]), [])]


def test_merge_directives_keeps_facts_the_kept_one_lacks(archive):
    bare = make_entity(Directive, "Kết luận 21", key="21-KL", scope="", kind="Kết luận")
    archive["kh03"].issued = None
    kl = make_entity(
        Directive,
        "Kết luận 21-KL/TW (2)",
        key="21-KL/TW",
        scope="x",
        issuing_body="Bộ Chính trị",
        term="XIII",
    )
    curation.merge_entities(kept=bare, others=[kl])
    bare.refresh_from_db()
    assert (bare.issuing_body, bare.term, bare.kind) == ("Bộ Chính trị", "XIII", "Kết luận")


def test_merge_refuses_mixed_kinds(archive):
    with pytest.raises(ValidationError):
        curation.merge_entities(kept=archive["mai"], others=[archive["btctw"]])


def test_merge_provinces_moves_their_organisations(archive):
    twin = make_entity(Province, "Đăk Nông")
    org = make_entity(Organization, "UBND tỉnh Đắk Nông", province=twin)
    curation.merge_entities(kept=archive["dak_nong"], others=[twin])
    org.refresh_from_db()
    assert org.province == archive["dak_nong"]


def test_move_a_mention_to_an_existing_person_and_delete_the_orphan(
    archive, reindexed, django_capture_on_commit_callbacks
):
    wrong = make_entity(Person, "Hoàng Quang")
    mention = PersonMention.objects.get(person=archive["quang"])
    mention.person = wrong
    mention.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = curation.move_mentions(
            mentions=[mention], target=archive["quang"], delete_orphans=True
        )
    mention.refresh_from_db()
    assert mention.person == archive["quang"] and mention.method == Method.CURATOR
    assert not Person.objects.filter(pk=wrong.pk).exists()
    assert result.deleted == ["Hoàng Quang"]
    assert reindexed == [([archive["giao_ban"].pk], [])]


def test_move_a_mention_to_another_kind(archive):
    """ "Tỉnh ủy Đắk Nông" recognised as a person is really an organisation."""
    fake = make_entity(Person, "Đắk Nông Tỉnh")
    mention = link(archive["untitled"], fake, "Tỉnh ủy Đắk Nông")
    curation.move_mentions(mentions=[mention], target=archive["tu_dak_nong"], delete_orphans=True)
    assert not PersonMention.objects.filter(pk=mention.pk).exists()
    org_mention = OrganizationMention.objects.get(
        article=archive["untitled"], organization=archive["tu_dak_nong"]
    )
    assert org_mention.method == Method.CURATOR  # combined with the one already there


def test_split_a_directive_needs_a_distinguishing_scope(archive):
    kl21 = archive["kl21"]
    with pytest.raises(ValidationError):
        curation.new_entity(
            model=Directive, name="Kết luận 21 khóa XIII", like=kl21, scope="khóa XIII"
        )
    older = curation.new_entity(
        model=Directive, name="Kết luận số 21-KL/TW (khóa XI)", like=kl21, scope="khóa XI"
    )
    assert (older.key, older.kind, older.scope) == ("21-KL/TW", "Kết luận", "khóa XI")
    mention = kl21.mentions.get(article=archive["untitled"])
    curation.move_mentions(mentions=[mention], target=older)
    assert list(older.mentions.values_list("article", flat=True)) == [archive["untitled"].pk]
    assert kl21.mentions.count() == 2


def test_new_entity_needs_a_name(db):
    with pytest.raises(ValidationError):
        curation.new_entity(model=Person, name="  ")


def test_saving_article_links_locates_new_ones_and_combines_duplicates(
    archive, reindexed, django_capture_on_commit_callbacks
):
    article = archive["untitled"]
    politburo = make_entity(Organization, "Bộ Chính trị")
    new = OrganizationMention(organization=politburo)
    relinked = PersonMention.objects.get(article=archive["giao_ban"], person=archive["quang"])
    relinked.person = archive["mai"]  # a second row naming her in the same article
    with django_capture_on_commit_callbacks(execute=True):
        curation.save_article_links(article=article, changed=[new])
        curation.save_article_links(article=archive["giao_ban"], changed=[relinked])

    new.refresh_from_db()
    start = article.full_text.index("Bộ Chính trị")
    assert new.spans == [[start, start + len("Bộ Chính trị")]] and new.count == 1
    assert new.method == Method.CURATOR
    assert new.sentence.startswith("Tỉnh ủy Đắk Nông triển khai")
    assert not PersonMention.objects.filter(pk=relinked.pk).exists()
    mai = PersonMention.objects.get(article=archive["giao_ban"], person=archive["mai"])
    assert mai.count == 4 and "Phó Trưởng ban Tổ chức Trung ương" in mai.positions
    assert reindexed == [([article.pk], []), ([archive["giao_ban"].pk], [])]


def test_locating_ignores_case_but_not_word_boundaries(archive):
    mention = OrganizationMention(organization=make_entity(Organization, "tỉnh ủy"))
    curation._locate(mention, archive["untitled"], mention.organization)
    text = archive["untitled"].full_text
    assert [text[s:e] for s, e in mention.spans] == ["Tỉnh ủy", "Tỉnh ủy"]
    nothing = PersonMention(person=make_entity(Person, "Danh"))
    curation._locate(nothing, archive["giao_ban"], nothing.person)
    assert nothing.spans == [] and nothing.first_offset is None


def test_deleting_entities_reindexes_their_articles(
    archive, reindexed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        curation.delete_entities(entities=[archive["kh03"]])
    assert reindexed == [([archive["untitled"].pk], [])]


@pytest.mark.django_db
def test_links_a_curator_removed_or_moved_stay_off_after_a_reparse(seed_paths):
    from django.core.management import call_command

    from archive.models import Article, Person, PersonMention

    call_command("import_articles", *map(str, seed_paths), workers=1, no_progress=True)
    article = Article.objects.get(source_path__contains="/003_")
    quang = PersonMention.objects.get(article=article, person__name="Hoàng Đăng Quang")
    van = PersonMention.objects.get(article=article, person__name="Bùi Thị Quỳnh Vân")
    curation.save_article_links(article=article, changed=[], deleted=[quang])
    other = Person.objects.create(name="Người Khác", slug="nguoi-khac")
    curation.move_mentions(mentions=[van], target=other)

    call_command("import_articles", update=True, workers=1, no_progress=True)

    linked = set(article.person_mentions.values_list("person__name", flat=True))
    assert "Hoàng Đăng Quang" not in linked
    assert "Bùi Thị Quỳnh Vân" not in linked
    assert "Người Khác" in linked and "Trương Thị Mai" in linked
