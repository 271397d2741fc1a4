"""import_articles and extract: the seeds, idempotence, bad input, interruption."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive import services
from archive.models import Article, DirectiveMention, Organization, Person, PersonMention, Source

pytestmark = pytest.mark.django_db

SEEDS = {
    "000": ("", None, None, ["Bảo Ngọc", "Văn Thắng"]),
    "001": ("Cả nước có 5.248.607 đảng viên", date(2022, 1, 13), None, ["N.Q"]),
    "002": (
        "Xây dựng Đảng là nhiệm vụ then chốt",
        date(2018, 10, 3),
        "Báo Điện Biên Phủ",
        ["Minh Thùy"],
    ),
    "003": (
        "Hội nghị giao ban công tác xây dựng Đảng 9 tỉnh miền Trung – Tây Nguyên",
        date(2022, 6, 29),
        "Phapluatmoitruong.vn",
        ["Thiên Bút"],
    ),
    "004": ("", None, None, []),
}


def _import(*paths, workers=1, **options):
    call_command("import_articles", *map(str, paths), workers=workers, no_progress=True, **options)


def _by_prefix(prefix):
    return Article.objects.get(source_path__contains=f"/{prefix}_")


def test_seeds_import_with_exact_headline_date_source_authors(seed_paths, capsys):
    _import(*seed_paths)
    assert "Imported 5, unchanged 0, failed 0." in capsys.readouterr().out
    for prefix, (title, published, source, authors) in SEEDS.items():
        article = _by_prefix(prefix)
        assert article.title == title, prefix
        assert article.published == published, prefix
        assert (article.source.name if article.source else None) == source, prefix
        assert article.authors == authors, prefix
        assert article.raw_text == seed_text_of(article), prefix
        assert len(article.segmented.split("\n")) == len(article.document_parts()), prefix


def seed_text_of(article):
    from pathlib import Path

    return Path(article.source_path).read_text(encoding="utf-8")


def test_headless_pages_get_a_label_derived_from_the_lead(seed_paths):
    _import(*seed_paths)
    article = _by_prefix("004")
    assert article.title_is_derived
    assert article.label.startswith("Phát biểu chào mừng Hội nghị")
    assert article.label.endswith("…")


def test_importing_the_same_text_twice_stores_it_once(seed_paths, tmp_path, capsys):
    _import(*seed_paths)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_paths[1].read_text(encoding="utf-8").encode("utf-16"))
    _import(*seed_paths, copy)
    assert "Imported 0, unchanged 6, failed 0." in capsys.readouterr().out
    assert Article.objects.count() == 5


def test_import_with_two_workers(seed_paths, capsys):
    _import(*seed_paths[:3], workers=2)
    assert Article.objects.count() == 3


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("empty.txt", b"", "empty"),
        ("latin1.txt", "Le délégué a été élu à l'unanimité.".encode("latin-1"), "UTF-8"),
        ("big.txt", "Đảng ".encode() * 500_000, "limit"),
    ],
)
def test_bad_input_is_refused_by_name_and_the_rest_imported(
    seed_paths, tmp_path, capsys, name, content, reason
):
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(CommandError) as error:
        _import(seed_paths[2], bad)
    assert error.value.returncode == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if name in line)
    assert str(bad) in line and reason.lower() in line.lower()
    assert Article.objects.count() == 1
    assert not Article.objects.filter(source_path=str(bad)).exists()


def test_missing_path_is_named(capsys):
    with pytest.raises(CommandError, match="1 file"):
        _import("nowhere.txt")
    assert "nowhere.txt: no such file or folder" in capsys.readouterr().err


def test_interrupted_import_leaves_each_article_whole_or_absent(seed_paths, monkeypatch):
    real_link = services.link_entities
    calls = []

    def link_then_crash(*, article, entities, **options):
        calls.append(article.source_path)
        real_link(article=article, entities=entities, **options)
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C in the middle of storing the third article

    monkeypatch.setattr(services, "link_entities", link_then_crash)
    with pytest.raises(CommandError, match="Interrupted"):
        _import(*seed_paths)
    stored = set(Article.objects.values_list("source_path", flat=True))
    assert stored == set(calls[:2])
    assert not PersonMention.objects.exclude(article__source_path__in=stored).exists()
    assert not DirectiveMention.objects.exclude(article__source_path__in=stored).exists()
    # A second run completes the archive: the two stored are unchanged, three imported.
    monkeypatch.setattr(services, "link_entities", real_link)
    _import(*seed_paths)
    assert Article.objects.count() == 5


def test_a_crash_while_storing_stores_nothing_of_that_file(seed_paths, monkeypatch, capsys):
    def crash(*, article, entities, **options):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "link_entities", crash)
    with pytest.raises(CommandError):
        _import(seed_paths[0])
    assert "disk full" in capsys.readouterr().err
    assert Article.objects.count() == 0 and Source.objects.count() == 0
    assert Person.objects.count() == 0


def test_one_bad_article_in_a_batch_is_rolled_back_alone_and_named(seed_paths, monkeypatch, capsys):
    # The five seeds are written in one batch (one transaction); the third fails after its
    # mentions are written: its savepoint goes, the four others are stored whole.
    real_link = services.link_entities
    calls = []

    def link_then_fail_once(*, article, entities, **options):
        calls.append(article.source_path)
        real_link(article=article, entities=entities, **options)
        if len(calls) == 3:
            raise RuntimeError("disk full")

    monkeypatch.setattr(services, "link_entities", link_then_fail_once)
    with pytest.raises(CommandError, match="1 file"):
        _import(*seed_paths)
    bad = calls[2]
    err = capsys.readouterr().err
    assert f"{bad}: could not be stored (disk full)" in err
    stored = set(Article.objects.values_list("source_path", flat=True))
    assert stored == set(map(str, seed_paths)) - {bad}
    assert not PersonMention.objects.exclude(article__source_path__in=stored).exists()
    from search.services import search_articles

    assert search_articles(query="*").count == 4
    # The resolver forgot the records of the rolled-back article: a second run links anew.
    monkeypatch.setattr(services, "link_entities", real_link)
    _import(bad)
    assert Article.objects.count() == 5


def test_update_reparses_stored_articles_from_raw_text(seed_paths, capsys):
    _import(*seed_paths)
    article = _by_prefix("002")
    Article.objects.filter(pk=article.pk).update(title="stale", parser_version=0)
    capsys.readouterr()
    call_command("import_articles", update=True, workers=1, no_progress=True)
    article.refresh_from_db()
    assert article.title == "Xây dựng Đảng là nhiệm vụ then chốt"
    assert "re-parsed 1" in capsys.readouterr().out
    assert Article.objects.count() == 5


def test_extract_json_prints_the_stable_keys_and_stores_nothing(seed_paths, capsys):
    call_command("extract", str(seed_paths[2]), json=True)
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "title",
        "published",
        "source",
        "authors",
        "lead",
        "paragraphs",
        "captions",
        "persons",
        "organizations",
        "directives",
        "provinces",
    ]
    assert data["title"] == "Xây dựng Đảng là nhiệm vụ then chốt"
    assert data["published"] == "2018-10-03"
    assert data["source"] == "Báo Điện Biên Phủ"
    (person,) = [p for p in data["persons"] if p["name"] == "Vừ A Bằng"]
    assert list(person) == ["name", "positions", "former", "offices", "mentions"]
    assert person["positions"] == ["Bí thư Huyện ủy Điện Biên Đông"]
    assert person["offices"][0]["office"] == "Bí thư Huyện ủy Điện Biên Đông"
    assert Article.objects.count() == 0


def test_a_body_resolved_in_one_article_does_not_capture_another_articles(seed_paths):
    # Seed 000 resolves a bare "Tỉnh ủy" to Tỉnh ủy Đắk Nông; seed 001's bare "Tỉnh ủy"
    # is Bạc Liêu's. A surface form must not become a key that links across articles.
    _import(*seed_paths)
    bac_lieu = _by_prefix("001")
    names = set(bac_lieu.organization_mentions.values_list("organization__name", flat=True))
    assert "Tỉnh ủy Bạc Liêu" in names
    assert not [name for name in names if "Đắk Nông" in name]
    dak_nong = Organization.objects.get(name="Tỉnh ủy Đắk Nông")
    assert "Tỉnh ủy" not in dak_nong.aliases


def test_sigterm_while_an_article_is_stored_lets_it_finish_and_counts_it(
    seed_paths, monkeypatch, capsys
):
    import os
    import signal

    from search.services import search_articles

    real_link = services.link_entities
    calls = []

    def link_and_get_terminated(*, article, entities, **options):
        calls.append(article.source_path)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # docker stop, mid-transaction
        real_link(article=article, entities=entities, **options)

    monkeypatch.setattr(services, "link_entities", link_and_get_terminated)
    with pytest.raises(CommandError, match="Stopped by SIGTERM") as error:
        _import(*seed_paths)
    assert error.value.returncode == 143
    assert (
        set(Article.objects.values_list("source_path", flat=True))
        == set(calls)
        == set(map(str, seed_paths[:2]))
    )
    assert "Imported 2, unchanged 0, failed 0." in capsys.readouterr().out
    assert search_articles(query="*").count == 2
