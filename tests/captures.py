"""Captured pages for the tests: seeds rendered in the sites' layouts (tests/pages.py),
saved as HTML files or written into WARC files with warcio."""

import io
import os
from datetime import UTC, datetime

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.ingest.parse import parse
from tests.conftest import seed_text
from tests.pages import render

# seed -> (host, URL, article:published_time as the site writes it)
SEED_PAGES = {
    "002": (
        "baodienbienphu.com.vn",
        "https://baodienbienphu.com.vn/tin-tuc/chinh-tri/xay-dung-dang-la-nhiem-vu-then-chot-163412",
        "2018-10-03T08:59:00+07:00",
    ),
    "001": (
        "baobaclieu.vn",
        "https://baobaclieu.vn/chinh-tri/ca-nuoc-co-5248607-dang-vien-78112.html",
        "2022-01-13T16:37:00+07:00",
    ),
    "003": (
        "phapluatmoitruong.vn",
        "https://phapluatmoitruong.vn/hoi-nghi-giao-ban-cong-tac-xay-dung-dang-9-tinh.html",
        # A UTC time: 29 June in Vietnam, 28 June in UTC.
        "2022-06-28T20:15:00Z",
    ),
}


def seed_page(prefix, *, edit=None):
    """(URL, HTML) of a seed in its site's layout; edit(parsed) may change the text first."""
    host, url, published = SEED_PAGES[prefix]
    parsed = parse(seed_text(prefix))
    if edit is not None:
        edit(parsed)
    return url, render(host, parsed, url=url, published=published)


def save_page(folder, prefix, *, name=None, mtime=None, edit=None):
    """A seed's page saved as an .html file (its modification time set when given)."""
    _url, html = seed_page(prefix, edit=edit)
    path = folder / (name or f"{prefix}.html")
    path.write_text(html, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


def warc_date(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Warc:
    """A WARC file written record by record with warcio, each record's offset remembered."""

    def __init__(self, *, gzip=True):
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gzip)
        self.offsets = []

    def response(self, url, body, *, date, status="200 OK", content_type="text/html", headers=()):
        http = StatusAndHeaders(
            status, [("Content-Type", content_type), *headers], protocol="HTTP/1.1"
        )
        record = self.writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        self._write(record)

    def resource(self, url, body, *, date, content_type="text/html"):
        """A page stored without its HTTP exchange, as wget writes local files."""
        record = self.writer.create_warc_record(
            url,
            "resource",
            payload=io.BytesIO(body),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": date},
        )
        self._write(record)

    def request(self, url, *, date):
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.vn")], is_http_request=True)
        record = self.writer.create_warc_record(
            url, "request", http_headers=http, warc_headers_dict={"WARC-Date": date}
        )
        self._write(record)

    def redirect(self, url, location, *, date):
        self.response(
            url, b"", date=date, status="301 Moved Permanently", headers=[("Location", location)]
        )

    def _write(self, record):
        self.offsets.append(self.buffer.tell())
        self.writer.write_record(record)

    def bytes(self):
        return self.buffer.getvalue()

    def save(self, path, *, cut=0):
        """Write the WARC to path, its last `cut` bytes left out (a file cut short)."""
        data = self.bytes()
        path.write_bytes(data[: len(data) - cut] if cut else data)
        return path
