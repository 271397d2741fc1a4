"""How to cite an article of the archive: plain text, BibTeX and CSL-JSON.

Each names the article (title, outlet, authors, published date), where it is kept (the
archive's permalink, the date it was imported) and when the reader looked.
"""

import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

ARCHIVE_NAME = "Lưu trữ công tác tổ chức xây dựng Đảng"
# BibTeX's special characters; Vietnamese letters stay UTF-8 (biber and BibLaTeX read it).
_BIBTEX = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


@dataclass(frozen=True)
class Citation:
    permalink: str
    text: str
    bibtex: str
    csl_json: str


def _day(value):
    return value.strftime("%d/%m/%Y")


def _parts(value):
    return {"date-parts": [[value.year, value.month, value.day]]}


def cite(article, *, permalink, accessed):
    """The citation of article kept at permalink, read on the date accessed."""
    imported = timezone.localdate(article.imported_at)
    title, source = article.label, article.source.name if article.source else ""
    authors = [a for a in article.authors if a.strip()]

    pieces = ["; ".join(authors) + "." if authors else "", f"“{title}”."]
    outlet = ", ".join(
        p for p in (source, _day(article.published) if article.published else "") if p
    )
    pieces.append(outlet + "." if outlet else "")
    pieces.append(
        _("%(archive)s, nhập ngày %(day)s.") % {"archive": ARCHIVE_NAME, "day": _day(imported)}
    )
    pieces.append(_("%(url)s (truy cập %(day)s).") % {"url": permalink, "day": _day(accessed)})
    text = " ".join(p for p in pieces if p)

    fields = [("title", title)]
    if authors:
        fields.append(("author", " and ".join(authors)))
    if source:
        fields.append(("journaltitle", source))
    if article.published:
        fields += [("date", article.published.isoformat()), ("year", str(article.published.year))]
    fields += [
        ("url", permalink),
        ("urldate", accessed.isoformat()),
        ("langid", "vietnamese"),
        ("note", f"{ARCHIVE_NAME}, {imported.isoformat()}"),
    ]
    body = ",\n".join(
        f"  {name} = {{{value if name in ('url',) else value.translate(_BIBTEX)}}}"
        for name, value in fields
    )
    bibtex = f"@article{{luutru-{article.pk},\n{body}\n}}"

    csl = {
        "id": f"luutru-{article.pk}",
        "type": "article-newspaper",
        "title": title,
        "container-title": source or None,
        "author": [{"literal": a} for a in authors] or None,
        "issued": _parts(article.published) if article.published else None,
        "URL": permalink,
        "accessed": _parts(accessed),
        "archive": ARCHIVE_NAME,
        "archive_location": permalink,
        "note": f"imported {imported.isoformat()}",
        "language": "vi",
    }
    csl_json = json.dumps(
        [{k: v for k, v in csl.items() if v is not None}], ensure_ascii=False, indent=2
    )
    return Citation(permalink=permalink, text=text, bibtex=bibtex, csl_json=csl_json)
