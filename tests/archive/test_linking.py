"""Linking found entities to one record each across the archive, and re-linking."""

import unicodedata
from datetime import date

import pytest

from archive.extract import extract_entities
from archive.linking import link_entities
from archive.models import (
    Article,
    Directive,
    DirectiveMention,
    Method,
    Organization,
    Person,
    PersonMention,
    Province,
)
from archive.text import segment

pytestmark = pytest.mark.django_db


def article(name, *paragraphs, published=None):
    """An article with the paragraphs given, linked to what extraction finds in it."""
    stored = Article.objects.create(
        title="",
        paragraphs=list(paragraphs),
        raw_text="\n\n".join(paragraphs),
        source_path=f"{name}.txt",
        content_hash=name,
        published=published,
    )
    link(stored)
    return stored


def link(stored):
    texts = [text for _kind, text in stored.document_parts()]
    entities = extract_entities(texts, [segment(t) for t in texts], published=stored.published)
    link_entities(article=stored, entities=entities)


def test_mentions_record_where_how_and_the_sentence():
    stored = article(
        "a",
        "Hội nghị khai mạc. Đồng chí Lữ Văn Hùng - Bí thư Tỉnh ủy Bạc Liêu "
        "chủ trì và quán triệt Kết luận số 21 – KL/TW của Bộ Chính trị.",
    )
    mention = PersonMention.objects.get(article=stored)
    assert mention.person.name == "Lữ Văn Hùng"
    assert mention.positions == ["Bí thư Tỉnh ủy Bạc Liêu"]
    assert (mention.count, mention.method) == (1, Method.RULE)
    start, end = mention.spans[0]
    assert stored.full_text[start:end] == "Lữ Văn Hùng"
    assert mention.first_offset == start
    assert mention.sentence.startswith("Đồng chí Lữ Văn Hùng - Bí thư Tỉnh ủy Bạc Liêu chủ trì")
    cited = DirectiveMention.objects.get(article=stored)
    assert cited.surface == ["Kết luận số 21 – KL/TW"]
    assert (cited.directive.key, cited.directive.symbol) == ("21-KL/TW", "21 – KL/TW")
    organization = Organization.objects.get(name="Tỉnh ủy Bạc Liêu")
    assert organization.province == Province.objects.get(name="Bạc Liêu")


def test_same_person_across_articles_is_one_record_with_every_spelling():
    decomposed = unicodedata.normalize("NFD", "Lê Văn Thủy")
    article("a", "Ông Lê Văn Thuỷ, Giám đốc Sở Nội vụ, phát biểu.")
    article("b", f"Ông {decomposed} cho biết thêm.")
    article("c", "Đồng chí Ðinh Văn Ðức và ông Lê Văn Thủy dự họp.")
    article("d", "Đồng chí Đinh Văn Đức phát biểu.")
    thuy, duc = Person.objects.get(name="Lê Văn Thủy"), Person.objects.get(name="Đinh Văn Đức")
    assert Person.objects.count() == 2
    assert {"Lê Văn Thuỷ", decomposed} <= set(thuy.aliases)
    assert "Ðinh Văn Ðức" in duc.aliases
    assert thuy.mentions.count() == 3
    assert Person.objects.matching("le van thuy").get() == thuy


def test_same_party_document_of_one_term_is_one_record():
    article(
        "a",
        "Quán triệt Kết luận số 21-KL/TW của BCH TW Đảng khóa XIII.",
        published=date(2021, 12, 1),
    )
    article("b", "Thực hiện Kết luận số 21 – KL/TW về chỉnh đốn Đảng.", published=date(2022, 3, 2))
    (directive,) = Directive.objects.all()
    assert (directive.key, directive.scope, directive.term) == ("21-KL/TW", "khóa XIII", "XIII")
    assert directive.issuing_body == "Ban Chấp hành Trung ương"
    assert directive.mentions.count() == 2
    assert {"Kết luận số 21-KL/TW", "Kết luận số 21 – KL/TW"} <= {
        directive.name,
        *directive.aliases,
    }


def test_same_symbol_of_another_term_is_another_record():
    article("a", "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.", published=date(2017, 6, 1))
    article("b", "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.", published=date(2022, 6, 1))
    assert sorted(Directive.objects.values_list("scope", flat=True)) == ["khóa XII", "khóa XIII"]


def test_local_documents_of_two_places_never_merge():
    article(
        "a",
        "Huyện ủy Điện Biên Đông ban hành Quy định số 02 - QÐ/HU, ngày 16/4/2018 về "
        "luân chuyển cán bộ.",
    )
    article("b", "Huyện ủy Mường Chà ban hành Quy định số 02-QĐ/HU, ngày 20/5/2018 về cán bộ.")
    article("c", "Tỉnh ủy Quảng Nam có Quy định số 02-QĐ/TU về cán bộ.", published=date(2020, 1, 5))
    article("d", "Tỉnh ủy Bạc Liêu có Quy định số 02-QĐ/TU về cán bộ.", published=date(2020, 1, 5))
    assert sorted(Directive.objects.values_list("key", "scope")) == [
        ("02-QĐ/HU", "Huyện ủy Mường Chà, 2018"),
        ("02-QĐ/HU", "Huyện ủy Điện Biên Đông, 2018"),
        ("02-QĐ/TU", "Tỉnh ủy Bạc Liêu, 2020"),
        ("02-QĐ/TU", "Tỉnh ủy Quảng Nam, 2020"),
    ]


def test_a_document_nothing_scopes_stays_with_its_article():
    first = article("a", "Theo Quy định số 07-QĐ/HU, cán bộ được luân chuyển.")
    second = article("b", "Theo Quy định số 07-QĐ/HU, cán bộ được luân chuyển.")
    assert sorted(Directive.objects.values_list("scope", flat=True)) == [
        f"article:{first.pk}",
        f"article:{second.pk}",
    ]


def test_relinking_is_idempotent():
    stored = article(
        "a",
        "Bà Trương Thị Mai, Trưởng Ban Tổ chức Trung ương, làm việc tại Bạc "
        "Liêu về Kết luận số 21-KL/TW.",
        published=date(2022, 1, 13),
    )

    def state():
        return {
            model.__name__: sorted(map(str, model.objects.all()))
            for model in (Person, Organization, Directive, Province)
        } | {
            name: sorted(getattr(stored, name).values_list("count", "spans", "method"))
            for name in (
                "person_mentions",
                "organization_mentions",
                "directive_mentions",
                "province_mentions",
            )
        }

    before = state()
    link(stored)
    link(stored)
    assert state() == before
    assert before["Person"] == ["Trương Thị Mai"]
    assert before["Directive"] == ["Kết luận 21-KL/TW"]


def test_curator_mentions_survive_relinking():
    stored = article("a", "Bà Trương Thị Mai làm việc với Tỉnh ủy Bạc Liêu.")
    chosen = Person.objects.create(name="Lữ Văn Hùng", slug="lu-van-hung")
    PersonMention.objects.create(
        article=stored, person=chosen, method=Method.CURATOR, sentence="chosen by a curator"
    )
    mai = Person.objects.get(name="Trương Thị Mai")
    # A curator also confirmed a found person: their mention is kept as they left it.
    PersonMention.objects.filter(article=stored, person=mai).update(
        method=Method.CURATOR, positions=["Trưởng Ban Tổ chức Trung ương"]
    )
    link(stored)
    mentions = {m.person.name: m for m in PersonMention.objects.filter(article=stored)}
    assert set(mentions) == {"Lữ Văn Hùng", "Trương Thị Mai"}
    assert mentions["Lữ Văn Hùng"].sentence == "chosen by a curator"
    assert mentions["Trương Thị Mai"].method == Method.CURATOR
    assert mentions["Trương Thị Mai"].positions == ["Trưởng Ban Tổ chức Trung ương"]


def test_relinking_after_a_parser_update_drops_stale_mentions():
    stored = article("a", "Ông Ngô Thanh Danh thăm Đắk Nông.")
    stored.paragraphs = ["Ông Lữ Văn Hùng thăm Bạc Liêu."]
    stored.save()
    link(stored)
    assert [m.person.name for m in stored.person_mentions.all()] == ["Lữ Văn Hùng"]
    assert [m.province.name for m in stored.province_mentions.all()] == ["Bạc Liêu"]


def test_two_spellings_a_curator_made_one_person_make_one_mention():
    person = Person(name="Phan Châu Trinh", slug="phan-chau-trinh", aliases=["Phan Chu Trinh"])
    person.refresh_folded()
    person.save()
    stored = article("a", "Cụ Phan Châu Trinh và cụ Phan Chu Trinh là một người.")
    (mention,) = stored.person_mentions.all()
    assert (mention.person, mention.count) == (person, 2)


def _linked(name, text, resolver):
    stored = Article.objects.create(
        title="", paragraphs=[text], raw_text=text, source_path=f"{name}.txt", content_hash=name
    )
    entities = extract_entities([text], [segment(text)], published=None)
    link_entities(article=stored, entities=entities, resolver=resolver)
    return stored


@pytest.mark.parametrize("curation", ["merge", "alias"])
def test_an_import_learns_a_merge_or_alias_made_while_it_runs(curation):
    from archive import curation as services
    from archive.linking import Resolver

    resolver = Resolver()  # one import run: it reads the name table once
    first = _linked("a", "Đồng chí Nguyễn Văn Hải, Bí thư Tỉnh ủy, phát biểu.", resolver)
    merged_away = first.person_mentions.get().person
    kept = _linked("b", "Ông Nguyễn Hải, Chủ tịch UBND tỉnh, dự họp.", resolver)
    kept = kept.person_mentions.get().person
    assert merged_away != kept
    # A curator, while the import runs, says both are one person.
    if curation == "merge":
        services.merge_entities(kept=kept, others=[merged_away])
    else:  # or deletes the one and gives the other its name as an alias
        services.delete_entities(entities=[merged_away])
        kept.add_alias("Nguyễn Văn Hải")
        services.save_entity(entity=kept)
    later = _linked("c", "Đồng chí Nguyễn Văn Hải làm việc với Ban Tổ chức.", resolver)
    assert later.person_mentions.get().person == kept
    assert not Person.objects.filter(name="Nguyễn Văn Hải").exists()
    assert not Person.objects.filter(slug=merged_away.slug).exists()
