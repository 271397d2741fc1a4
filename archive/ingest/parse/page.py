"""Raw pages: the header above the lead, then the body with its captions, bylines and
furniture taken out."""

from archive.ingest import ParsedArticle

from .bylines import _names, _read_byline
from .dates import _date_of_line, _lead_date
from .furniture import (
    _BREADCRUMB,
    _PAGE_END,
    _RELATED,
    _is_furniture,
    _is_link,
    _is_scene,
    _move_pictured_lines,
    _photo_marker,
)
from .headlines import _could_be_headline, _is_label, _opens_lead
from .punctuation import _ends_sentence
from .sources import _BARE_THEO, _outlet, _republished, _strip_source


def _parse_page(blocks, article=None):
    """article: what the caller already knows (a captured page's headline and date)."""
    article = article or ParsedArticle()
    captions = []  # (line, text): header and body captions, put back in page order
    republished = []  # "(Theo X)": the outlet the page copied, if no dateline names one
    at = _read_header(blocks, article, captions, republished)
    if at == len(blocks):
        return _finish(article, captions, [], republished)
    article.lead, article.source = _strip_source(blocks[at].text)
    if article.published is None:
        article.published = _lead_date(article.lead)

    body = [(at, article.lead)]  # (line, text); the lead stays first as a neighbour
    in_related = False
    for i in range(at + 1, len(blocks)):
        block = blocks[i]
        text = block.text
        if _PAGE_END.match(text):  # comments, polls, weather, other news: the page goes on
            break  # with furniture only (001 "Viết bình luận mới", 002 "Bình luận")
        if _RELATED.match(text):
            in_related = True
            continue
        if in_related and _is_link(block):  # a headline in a "Tin liên quan" box
            continue
        in_related = False
        if _is_furniture(text) or _date_of_line(text):
            continue
        if _read_byline(text, article):
            continue
        found = _republished(text)
        if found:  # 003 "(Theo Môi trường và Đô thị điện tử)"
            republished.append(found)
            continue
        caption = _photo_marker(text)
        if caption is None and block.before_photo and not _ends_sentence(text):
            caption = text if block.words <= 60 else None  # 000 "\xa0Quang cảnh hội nghị"
        if caption is not None:
            if caption:
                captions.append((i, caption))
            continue
        body.append((i, text))

    _move_pictured_lines(body, captions)
    paragraphs = body[1:]
    # The byline is often a bare name under the last paragraph (002 "Minh Thùy", 003
    # "Thiên Bút"), and the republished-from line may close the text without brackets.
    for _ in range(2):
        if not paragraphs:
            break
        last = paragraphs[-1][1]
        bare_theo = _BARE_THEO.match(last) if last.count(" ") < 10 else None
        names = None if bare_theo else _names(last)
        if bare_theo:  # "Theo VTC14"
            republished.append(_outlet(bare_theo.group(1)))
        elif names:
            article.authors.extend(n for n in names if n not in article.authors)
        else:
            break
        paragraphs.pop()
    return _finish(article, captions, paragraphs, republished)


def _read_header(blocks, article, captions, republished):
    """Take title, date, captions and labels above the lead; return the lead's index."""
    for i, block in enumerate(blocks):
        text = block.text
        following = _next_text_block(blocks, i)
        if _is_furniture(text) or _PAGE_END.match(text) or _RELATED.match(text):
            continue
        if _BREADCRUMB.search(text) and block.words <= 15:  # "Trang chủ > Xây dựng Đảng"
            continue
        found = _date_of_line(text)
        if found:  # 001 "Thứ Năm, 13/01/2022 | 16:37", 002 "08:59 - Thứ Tư, 03/10/2018 ..."
            article.published = article.published or found
            continue
        if _read_byline(text, article):
            continue
        found = _republished(text)
        if found:
            republished.append(found)
            continue
        # 001 "HOẠT ĐỘNG LÃNH ĐẠO": a section label in capitals above the headline.
        if (
            _is_label(text)
            and not article.title
            and (block.words <= 5 or (following and _could_be_headline(following)))
        ):
            continue
        caption = _photo_marker(text)
        if caption is not None:
            if caption:
                captions.append((i, caption))
            continue
        # 000: the top photo's caption, a 43-word sentence without a full stop, followed by
        # the photo's placeholder line of non-breaking spaces.
        photo_above = block.before_photo and not _ends_sentence(text)
        if photo_above and (block.indented or not _could_be_headline(block)):
            captions.append((i, text))
            continue
        # 004 "Quang cảnh tổ chức Hội nghị": a photo of the scene, not a headline.
        if _is_scene(block):
            captions.append((i, text))
            continue
        if not article.title and _could_be_headline(block):
            article.title = text
            continue
        # 001 "Hội nghị tại điểm cầu Bạc Liêu.": a short line between headline and lead.
        if (
            block.words <= 20
            and not _opens_lead(text)
            and following is not None
            and following.words > block.words
            and (article.title or _ends_sentence(text))
        ):
            captions.append((i, text))
            continue
        return i
    return len(blocks)


def _finish(article, captions, paragraphs, republished):
    if not article.source and republished:
        article.source = republished[0]
    article.captions = [text for _line, text in sorted(captions)]
    article.paragraphs = [text for _line, text in paragraphs]
    return article


def _next_text_block(blocks, i):
    for block in blocks[i + 1 :]:
        if not (_is_furniture(block.text) or _date_of_line(block.text)):
            return block
    return None
