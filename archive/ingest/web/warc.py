"""WARC files (Heritrix, Browsertrix, wget --warc-file) read with warcio: every HTML
response is a page to import; redirects, other records and repeated payloads are counted.

A damaged file (a gzip member cut short, a record whose bytes fail its digest, garbage where
a record should start) stops the scan at the damaged record: the records before it are
imported, the damage is reported with its byte offset.
"""

import zlib
from dataclasses import dataclass, field
from datetime import datetime

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from . import payload_digest

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# As the report says them.
_OUTCOMES = {
    "versioned": ("new version", "new versions"),
    "skipped": ("not an article page", "not article pages"),
}


@dataclass
class WarcRecord:
    """One HTML response (status 200) or resource from a WARC, its payload as the server
    sent it (transfer and content encodings undone)."""

    path: str
    offset: int
    url: str
    captured_at: datetime | None
    charset: str
    digest: str
    payload: bytes


@dataclass
class WarcTally:
    """What one WARC file held, for its report line."""

    path: str
    html: int = 0  # HTML responses handed on to be imported
    redirects: int = 0
    not_html: int = 0  # responses of another type: PDF, images, scripts...
    not_ok: int = 0  # other statuses (404, 500...)
    duplicates: int = 0  # a payload digest seen before, or a revisit record
    too_large: int = 0
    damage: str = ""
    damage_offset: int | None = None
    outcomes: dict = field(default_factory=dict)  # imported/unchanged/versioned/failed counts


def scan_warc(path, *, tally, seen_digests, max_bytes):
    """WarcRecords of the HTML responses in the WARC at path, in file order.

    seen_digests (a set, updated) holds the payload digests already imported or queued.
    Damage ends the scan and is written into tally.
    """
    offset = 0
    try:
        with open(path, "rb") as stream:
            if not stream.read(1):
                _damaged(tally, 0, "an empty file")
                return
            stream.seek(0)
            records = ArchiveIterator(stream, check_digests=True)
            for record in records:
                found = _read(record, path, tally, max_bytes)
                records.read_to_end(record)  # warcio knows a record's offset only after it
                offset = records.get_record_offset()
                if record.raw_stream.limit > 0:  # fewer bytes than its Content-Length
                    _damaged(tally, offset, "the record is cut short (a truncated file)")
                    return
                if record.digest_checker.passed is False:
                    _damaged(tally, offset, "; ".join(record.digest_checker.problems))
                    return
                if found is not None and found.digest in seen_digests:
                    tally.duplicates += 1
                elif found is not None:
                    found.offset = offset
                    seen_digests.add(found.digest)
                    tally.html += 1
                    yield found
                offset = records.get_record_offset() + records.get_record_length()
    except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as error:
        _damaged(tally, offset, _reason(error))
    except OSError as error:
        _damaged(tally, offset, f"could not be read ({error.strerror or error})")


def _read(record, path, tally, max_bytes):
    if record.rec_type == "revisit":
        tally.duplicates += 1
        return None
    if record.rec_type == "resource":  # a page stored without its HTTP exchange (wget -p)
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    elif record.rec_type != "response" or record.http_headers is None:
        return None  # requests, warcinfo, metadata: not captures of a page
    else:
        status = record.http_headers.get_statuscode() or ""
        if status.startswith("3"):
            tally.redirects += 1
            return None
        if status != "200":
            tally.not_ok += 1
            return None
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not content_type.startswith(_HTML_TYPES):
        tally.not_html += 1
        return None
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        tally.too_large += 1
        return None
    digest = record.rec_headers.get_header("WARC-Payload-Digest") or payload_digest(payload)
    return WarcRecord(
        path=str(path),
        offset=-1,  # known once the record is read to its end
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        captured_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        charset=_charset(content_type),
        digest=digest,
        payload=payload,
    )


def _damaged(tally, offset, reason):
    tally.damage, tally.damage_offset = reason, offset


def _reason(error):
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    if len(text) > 120:  # warcio quotes the garbage it found; a line of binary says nothing
        text = text[:60].rsplit(":", 1)[0]
    return f"not a valid WARC record ({text})"


def _charset(content_type):
    for part in content_type.split(";")[1:]:
        key, _eq, value = part.strip().partition("=")
        if key == "charset":
            return value.strip("\"' ")
    return ""


def _warc_date(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class Feed:
    """The items of one import: files as they are, and each WARC as its HTML records.

    Iterated lazily, so records reach the workers while the rest of the WARC is read.
    """

    def __init__(self, files, *, is_warc, seen_digests, max_bytes):
        self.files, self.is_warc = files, is_warc
        self.seen_digests, self.max_bytes = seen_digests, max_bytes
        self.tallies = {}  # WARC path -> WarcTally, in the order read

    def __iter__(self):
        for path in self.files:
            if not self.is_warc(path):
                yield path
                continue
            tally = self.tallies[str(path)] = WarcTally(str(path))
            yield from scan_warc(
                path, tally=tally, seen_digests=self.seen_digests, max_bytes=self.max_bytes
            )

    def record(self, path, status):
        """Count what became of a record of a WARC (imported, unchanged, failed...)."""
        tally = self.tallies.get(path)
        if tally is not None:
            tally.outcomes[status] = tally.outcomes.get(status, 0) + 1


# The order a report lists outcomes in, whatever order the writer's batches counted them.
_ORDER = ("imported", "versioned", "unchanged", "skipped", "failed")


def _in_order(outcome):
    status, _n = outcome
    return _ORDER.index(status) if status in _ORDER else len(_ORDER)


def report(tally):
    """One line on what a WARC held and what became of it."""
    done = ", ".join(
        f"{n} {_OUTCOMES.get(status, (status, status))[n != 1]}"
        for status, n in sorted(tally.outcomes.items(), key=_in_order)
        if n
    )
    line = f"{tally.path}: {_count(tally.html, 'HTML response')}" + (f" ({done})" if done else "")
    skipped = [
        _count(tally.redirects, "redirect"),
        _count(tally.not_html, "not HTML"),
        _count(tally.not_ok, "other status"),
        _count(tally.duplicates, "duplicate payload"),
        _count(tally.too_large, "over the size limit"),
    ]
    skipped = [text for text in skipped if not text.startswith("0 ")]
    return line + ("; skipped " + ", ".join(skipped) if skipped else "") + "."


def damage_reason(tally):
    """The failure line's reason for a damaged WARC: where, what, and what was kept."""
    return (
        f"damaged at byte {tally.damage_offset}: {tally.damage}; the "
        f"{_count(tally.html, 'HTML response')} before it were read, nothing after it"
    )


def _count(n, noun):
    plural = noun if n == 1 or noun.startswith(("not ", "over ")) else noun + "s"
    return f"{n} {plural}"
