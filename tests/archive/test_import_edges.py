"""Importer edges: bad paths named beside good ones, folders' skipped files, symbolic links
leading out, invisible characters, absurdly long lines."""

import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.ingest.parse import LONG_PART, MAX_LINE_CHARS
from archive.ingest.paths import collect_paths
from archive.models import Article, Person

pytestmark = pytest.mark.django_db

ZWJ, ZWNJ, ZWSP, RLO = "\u200d", "\u200c", "\u200b", "\u202e"


def _import(*paths, **options):
    call_command("import_articles", *map(str, paths), workers=1, no_progress=True, **options)


def _failed_import(*paths, **options):
    with pytest.raises(CommandError) as error:
        _import(*paths, **options)
    return error.value


def test_every_named_path_is_tried_and_a_bad_one_does_not_stop_the_rest(
    seed_paths, tmp_path, capsys
):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    folder_named_txt = tmp_path / "x.txt"
    folder_named_txt.mkdir()
    missing = tmp_path / "nowhere.txt"
    error = _failed_import(missing, fifo, seed_paths[1], folder_named_txt, seed_paths[2])
    assert error.returncode == 1
    err = capsys.readouterr().err
    assert f"{missing}: no such file or folder" in err
    assert f"{fifo}: not a regular file (a named pipe, FIFO)" in err
    assert (
        f"{folder_named_txt}: a folder with no .txt or .html or .htm or .warc or .warc.gz files"
        in err
    )
    assert Article.objects.count() == 2


def test_a_fifo_inside_a_folder_is_reported_and_never_opened(seed_paths, tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    os.mkfifo(folder / "a.txt")  # opening it for reading would block the import for ever
    (folder / "b.txt").write_bytes(seed_paths[2].read_bytes())
    error = _failed_import(folder)
    assert error.returncode == 1
    assert f"{folder / 'a.txt'}: not a regular file" in capsys.readouterr().err
    assert Article.objects.count() == 1


def test_folders_take_txt_in_any_case_and_count_what_they_skip(seed_paths, tmp_path, capsys):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "UPPER.TXT").write_bytes(seed_paths[1].read_bytes())
    (folder / "sub" / "Mixed.Txt").write_bytes(seed_paths[2].read_bytes())
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "sub" / "photo.jpg").write_bytes(b"\xff\xd8")
    (folder / "sub" / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "README").write_text("hello")
    _import(folder)  # skipped files are said, not failures: exit status 0
    captured = capsys.readouterr()
    assert (
        f"{folder}: skipped 4 file(s) not ending in .txt or .html or .htm or .warc or .warc.gz "
        "((no extension) 1, .jpg 1, .pdf 2)" in captured.err
    )
    assert "Imported 2, unchanged 0, failed 0, skipped 1." in captured.out
    assert Article.objects.count() == 2


def test_a_symlink_leading_outside_a_folder_is_not_followed_unless_asked(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    _import(folder)
    assert "a symbolic link leading outside" in capsys.readouterr().err
    assert not Article.objects.exists()
    files, problems = collect_paths([folder], suffixes=(".txt",), follow_symlinks=True)
    assert files == [folder / "passwd.txt"] and not problems


def test_a_symlink_inside_the_folder_is_followed_once(seed_paths, tmp_path, capsys):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(seed_paths[2].read_bytes())
    (folder / "sub" / "same.txt").symlink_to(folder / "a.txt")
    (folder / "sub" / "loop").symlink_to(folder)  # a link back up must not loop
    files, problems = collect_paths([folder], suffixes=(".txt",))
    assert files == [folder / "a.txt"] and not problems


def test_a_file_that_fails_to_read_is_reported_and_the_rest_imported(seed_paths, capsys):
    # /proc/self/mem is a regular file whose first bytes can never be read (even by root).
    _failed_import("/proc/self/mem", seed_paths[2])
    assert "/proc/self/mem: could not be read (Input/output error)" in capsys.readouterr().err
    assert Article.objects.count() == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_reported_and_the_rest_imported(seed_paths, tmp_path, capsys):
    locked = tmp_path / "locked.txt"
    locked.write_bytes(seed_paths[1].read_bytes())
    locked.chmod(0)
    _failed_import(locked, seed_paths[2])
    assert f"{locked}: could not be read (Permission denied)" in capsys.readouterr().err
    assert Article.objects.count() == 1


def test_invisible_and_control_characters_are_kept_raw_but_not_for_reading(tmp_path):
    text = (
        f"Bí thư Tỉnh ủy {RLO}thăm\x07 Hậu Giang\x1b\n"
        f"Đồng chí Nguyễn Văn H{ZWJ}ải, Bí thư Tỉnh ủy Hậu Giang, làm việc với Ban Tổ chức.\n"
        f"Tại buổi làm việc, đồng chí Nguyễn{ZWNJ} Văn Hải yêu cầu tiếp tục làm tốt công tác "
        f"cán bộ. Ông Nguyễn Văn H{ZWSP}ải đánh giá cao kết quả\x85 đạt được. "
        + "Hội nghị thống nhất các nhiệm vụ trọng tâm trong thời gian tới. " * 3
        + "\n"
    )
    path = tmp_path / "zwj.txt"
    path.write_text(text, encoding="utf-8")
    _import(path)
    article = Article.objects.get()
    assert article.raw_text == text
    assert article.title == "Bí thư Tỉnh ủy thăm Hậu Giang"
    assert article.lead.startswith("Đồng chí Nguyễn Văn Hải, Bí thư")
    assert "kết quả đạt được" in " ".join(article.paragraphs)
    mention = article.person_mentions.get()
    assert mention.person.name == "Nguyễn Văn Hải" and mention.count == 3
    assert Person.objects.count() == 1
    for part in [article.title, article.lead, *article.paragraphs, article.segmented]:
        assert not any(ch in part for ch in (ZWJ, ZWNJ, ZWSP, RLO, "\x07", "\x1b", "\x85"))


def test_an_absurdly_long_line_is_refused_with_its_length(tmp_path, capsys):
    path = tmp_path / "dump.txt"
    sentence = "Tỉnh ủy Hậu Giang tổ chức hội nghị công tác cán bộ. "
    line = sentence * (MAX_LINE_CHARS // len(sentence) + 1)
    path.write_text(f"Tiêu đề\n\n{line}\n", encoding="utf-8")
    error = _failed_import(path)
    assert error.returncode == 1
    err = capsys.readouterr().err
    assert f"{path}: line 3 is {len(line):,} characters long, past the 200,000" in err
    assert not Article.objects.exists()


def test_a_long_line_is_cut_into_paragraphs_at_sentence_ends(tmp_path):
    path = tmp_path / "long.txt"
    sentence = "Tỉnh ủy Hậu Giang tổ chức hội nghị công tác cán bộ. "
    line = (sentence * (3 * LONG_PART // len(sentence))).strip()
    path.write_text(f"Trang chủ\n\nHội nghị công tác cán bộ Hậu Giang\n\n{line}\n", "utf-8")
    _import(path)
    article = Article.objects.get()
    parts = [article.lead, *article.paragraphs]
    assert len(parts) > 3 and all(len(part) <= LONG_PART for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts) == line
