"""Batch lookup: names and symbols in any spelling, resolved in bulk; bad uploads refused."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from archive.models import Directive, Person
from search.lookup import MAX_BYTES, look_up, read_list
from tests.search.conftest import entity, make_article

LIST = "Trương Thị Mai\nngo thanh danh\n\n21 – kl/tw\nNguyễn Văn Không Có\ndong thap\n"


def _post(client, body, content_type="text/plain; charset=utf-8", **extra):
    return client.post("/api/lookup", data=body, content_type=content_type, **extra)


def test_each_line_resolves_with_counts_and_dates(world, client):
    data = _post(client, LIST.encode()).json()
    assert data["count"] == 5 and data["found"] == 4 and data["not_found"] == 1
    by_input = {r["input"]: r for r in data["results"]}
    mai = by_input["Trương Thị Mai"]["entity"]
    assert mai["kind"] == "person" and mai["slug"] == "truong-thi-mai"
    assert mai["article_count"] == 1 and mai["first"] == mai["last"] == "2022-03-01"
    assert mai["url"] == "http://testserver/people/truong-thi-mai/"
    assert by_input["ngo thanh danh"]["entity"]["name"] == "Ngô Thanh Danh"
    assert by_input["21 – kl/tw"]["entity"]["slug"] == "21-kl-tw"
    province = by_input["dong thap"]["entity"]
    assert province["kind"] == "province" and province["article_count"] == 2
    assert (province["first"], province["last"]) == ("2021-07-09", "2023-05-04")
    missing = by_input["Nguyễn Văn Không Có"]
    assert missing["status"] == "not_found" and missing["entity"] is None
    assert [r["line"] for r in data["results"]] == [1, 2, 3, 4, 5]  # blank lines skipped


def test_ambiguous_lines_list_their_candidates(world, client):
    ha = entity(Person, "Lê Văn Hà", "le-van-ha")
    ha2 = entity(Person, "Lê Văn Hạ", "le-van-ha-2")
    make_article("Ông Lê Văn Hạ nhận nhiệm vụ mới", persons=[ha2])
    entity(Directive, "Kết luận số 21-KL/TW", "21-kl-tw-xii", key="21-KL/TW", kind="Kết luận",
           number="21", scope="khóa XII", term="XII")  # fmt: skip
    entity(Directive, "Thông tư 15/2015/TT", "15-2015-tt", key="15/2015/TT")
    lines = ["le van ha", "Lê Văn Hà", "21-KL/TW", "Kết luận 21-KL/TW khoá XII", "15/2015/tt"]
    answers = {a.text: a for a in look_up(lines)}
    assert answers["le van ha"].status == "ambiguous"
    assert {m.slug for m in answers["le van ha"].matches} == {ha.slug, ha2.slug}
    assert answers["le van ha"].matches[0].slug == ha2.slug  # more articles first
    # typed with diacritics: the one spelt so
    assert [m.slug for m in answers["Lê Văn Hà"].matches] == [ha.slug]
    symbol = answers["21-KL/TW"]
    assert symbol.status == "ambiguous" and len(symbol.matches) == 2
    assert any("khóa XII" in m.name for m in symbol.matches)
    (of_term,) = answers["Kết luận 21-KL/TW khoá XII"].matches  # the term tells them apart
    assert of_term.slug == "21-kl-tw-xii"
    assert [m.slug for m in answers["15/2015/tt"].matches] == ["15-2015-tt"]  # a bare key

    data = _post(client, b"le van ha").json()
    assert (
        data["results"][0]["status"] == "ambiguous" and len(data["results"][0]["candidates"]) == 2
    )


def test_aliases_and_csv_upload(world, client):
    mai = world["persons"]["mai"]
    mai.aliases = ["Chị Mai Trương"]
    mai.refresh_folded()
    mai.save()
    upload = SimpleUploadedFile(
        "danh-sach.csv", 'tên,ghi chú\nchi mai truong,x\n"Ngô Thanh Danh",y\n'.encode()
    )
    data = client.post("/api/lookup", {"file": upload}).json()
    assert [r["status"] for r in data["results"]] == ["not_found", "found", "found"]
    assert data["results"][1]["entity"]["slug"] == "truong-thi-mai"


def test_csv_download(world, client):
    response = _post(client, LIST.encode(), QUERY_STRING="format=csv")
    text = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv") and text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert rows[0]["input"] == "Trương Thị Mai" and rows[0]["article_count"] == "1"
    assert rows[3]["status"] == "not_found"


def test_bad_uploads_get_a_clear_answer_and_nothing_is_stored(world, client):
    big = b"Tr\xc6\xb0\xc6\xa1ng Th\xe1\xbb\x8b Mai\n" * (MAX_BYTES // 16)
    response = _post(client, big)
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    assert "KB" in response.json()["message"]
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    response = client.post("/api/lookup", {"file": SimpleUploadedFile("anh.txt", png)})
    assert response.status_code == 400 and response.json()["error"] == "bad_list"
    response = client.post("/api/lookup", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert response.status_code == 400 and "a.pdf" in response.json()["message"]
    assert _post(client, "Tên\n".encode() * 5001).status_code == 413
    assert client.get("/api/lookup").status_code == 405
    assert _post(client, b" \n\n").status_code == 400  # an empty list
    assert Person.objects.count() == 2  # nothing stored


def test_the_api_needs_no_csrf_token_the_page_does(world):
    strict = Client(enforce_csrf_checks=True)
    assert _post(strict, "Trương Thị Mai".encode()).status_code == 200
    assert strict.post("/lookup/", {"names": "Trương Thị Mai"}).status_code == 403


def test_lookup_page(world, client):
    page = client.post("/lookup/", {"names": LIST}).content.decode()
    assert "4 tìm thấy" in page and 'href="/people/truong-thi-mai/"' in page
    assert "không tìm thấy" in page
    download = client.post("/lookup/", {"names": LIST, "format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    assert client.post("/lookup/", {"names": "  \n"}).status_code == 400


def test_read_list_first_cells_and_encodings():
    assert read_list("a\r\n b  c \n\n".encode("utf-16")) == ["a", "b c"]
    assert read_list(b"\xef\xbb\xbfx,y\n,z\n", filename="l.CSV") == ["x", "z"]
