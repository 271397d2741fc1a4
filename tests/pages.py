"""Web pages made by hand from the seed articles, in the layouts of three Vietnamese news sites.

Real sites cannot be fetched here, so each layout copies what such a site puts around an
article: the menu, a breadcrumb, the headline with the site name in <title> and og:title,
a date line, the sapo, figures with captions, the byline, related stories, a "most read"
sidebar, a comment form and ads. Tests and bench/bench_html.py render seeds through them.
"""

import json
from html import escape


def _byline(markup, separator, authors):
    return markup.format(escape(separator.join(authors))) if authors else ""


def _figures(captions, photo):
    return "".join(
        f'<figure class="image"><img src="https://{photo}/{n}.jpg" alt="">'
        f"<figcaption>{escape(c)}</figcaption></figure>"
        for n, c in enumerate(captions)
    )


def _paragraphs(paragraphs, captions, photo):
    """Paragraphs with the photos after the first one, as these sites place them."""
    first, rest = paragraphs[:1], paragraphs[1:]
    html = "".join(f"<p>{escape(p)}</p>" for p in first)
    html += _figures(captions, photo)
    return html + "".join(f"<p>{escape(p)}</p>" for p in rest)


def dien_bien_phu(*, title, published, authors, lead, paragraphs, captions, url):
    """Báo Điện Biên Phủ: JSON-LD NewsArticle, Open Graph, the author under the text."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": published,
        "author": [{"@type": "Person", "name": name} for name in authors],
        "publisher": {"@type": "Organization", "name": "Báo Điện Biên Phủ"},
        "mainEntityOfPage": url,
    }
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{escape(title)} - Báo Điện Biên Phủ</title>
<meta property="og:title" content="{escape(title)} - Báo Điện Biên Phủ">
<meta property="og:site_name" content="Báo Điện Biên Phủ">
<meta property="og:url" content="{escape(url)}">
<meta property="og:type" content="article">
<link rel="canonical" href="{escape(url)}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script src="https://baodienbienphu.com.vn/js/app.js"></script>
<style>body{{font-family:serif}}</style>
</head><body>
<header><nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/chinh-tri">Chính trị</a></li>
<li><a href="/kinh-te">Kinh tế</a></li><li><a href="/xa-hoi">Xã hội</a></li><li><a href="/the-thao">Thể thao</a></li></ul></nav></header>
<div class="ads banner"><a href="https://quangcao.example.vn/"><img src="https://quangcao.example.vn/b.gif" alt="Quảng cáo"></a><p>Quảng cáo: Khuyến mãi lớn mùa lễ hội, giảm giá đến 50% cho mọi mặt hàng.</p></div>
<main><div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/chinh-tri">Chính trị</a> &gt; <a href="/xay-dung-dang">Xây dựng Đảng</a></div>
<article class="post">
<h1 class="post-title">{escape(title)}</h1>
<div class="post-meta">08:59 - Thứ Tư, 03/10/2018 Lượt xem: 8658 <a href="#print">In bài viết</a></div>
<div class="sapo"><p>{escape(lead)}</p></div>
<div class="post-content">{_paragraphs(paragraphs, captions, "baodienbienphu.com.vn/img")}
{_byline('<p class="author" style="text-align:right"><strong>{}</strong></p>', " - ", authors)}</div>
<div class="share"><a href="#fb">Chia sẻ</a> <a href="#zalo">Zalo</a></div>
</article>
<section class="other-news"><h3>Tin khác</h3><ul>
<li><a href="/a1">Đảng bộ huyện Mường Chà tổng kết công tác xây dựng Đảng năm 2018</a></li>
<li><a href="/a2">Tuần Văn hóa, Thể thao các dân tộc vùng Tây Bắc khai mạc tại Điện Biên</a></li>
<li><a href="/a3">Giá cà phê hôm nay tăng mạnh tại các tỉnh Tây Nguyên</a></li></ul></section>
<section class="comments"><h3>Viết bình luận</h3><form action="/comment" method="post">
<textarea name="body" placeholder="Ý kiến của bạn"></textarea><input name="name" placeholder="Họ tên">
<button type="submit">Gửi bình luận</button></form></section>
</main>
<footer><p>Báo Điện Biên Phủ - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Điện Biên. Giấy phép số 123/GP-BTTTT.</p></footer>
</body></html>"""


def bac_lieu(*, title, published, authors, lead, paragraphs, captions, url):
    """Báo Bạc Liêu: Open Graph without og:site_name, article:published_time, meta author,
    a section label over the headline and a "Tin liên quan" box inside the text."""
    half = max(1, len(paragraphs) // 2)
    related = (
        '<div class="related"><p><strong>Tin liên quan:</strong></p><ul>'
        '<li><a href="/r1">Bạc Liêu kết nạp hơn 1.500 đảng viên mới trong năm 2021</a></li>'
        '<li><a href="/r2">Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 8</a></li></ul></div>'
    )
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[:half]) + related
    body += "".join(f"<p>{escape(p)}</p>" for p in paragraphs[half:])
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{escape(title)} | Báo Bạc Liêu</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:url" content="{escape(url)}?utm_source=facebook">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{escape(", ".join(authors))}">
<meta name="description" content="{escape(lead)}">
<script>window.dataLayer=[];</script>
</head><body>
<div id="top-menu"><a href="/">Trang chủ</a> | <a href="/thoi-su">Thời sự</a> | <a href="/chinh-tri">Chính trị</a> | <a href="/kinh-te">Kinh tế</a></div>
<div class="container"><div class="main-col">
<div class="cat-label">HOẠT ĐỘNG LÃNH ĐẠO</div>
<h1>{escape(title)}</h1>
<p class="date">Thứ Năm, 13/01/2022 | 16:37</p>
{_figures(captions[:1], "baobaclieu.vn/uploads")}
<p class="lead"><b>{escape(lead)}</b></p>
<div class="content">{body}
{_byline('<p style="text-align:right"><strong>Tin, ảnh: {}</strong></p>', ", ", authors)}</div>
<div class="tags">Từ khóa: <a href="/tag/dang-vien">đảng viên</a>, <a href="/tag/to-chuc">tổ chức</a></div>
<div class="comment-box"><h4>Ý kiến bạn đọc</h4><form><textarea></textarea><button>Gửi</button></form></div>
</div>
<aside class="sidebar"><h4>Đọc nhiều</h4><ol>
<li><a href="/m1">Bạc Liêu đón hơn 3 triệu lượt khách du lịch</a></li>
<li><a href="/m2">Cánh đồng điện gió Bạc Liêu hút khách dịp Tết</a></li>
<li><a href="/m3">Thời tiết Bạc Liêu ngày mai có mưa rào rải rác</a></li></ol>
<div class="ad"><iframe src="https://ads.example.vn/slot1"></iframe></div></aside>
</div>
<footer>© Báo Bạc Liêu. Tổng biên tập: ... Địa chỉ: 4 Hòa Bình, phường 3, TP Bạc Liêu.</footer>
</body></html>"""


def phap_luat_moi_truong(*, title, published, authors, lead, paragraphs, captions, url):
    """Phapluatmoitruong.vn: JSON-LD in a @graph with the author as a string, a <time> tag,
    the byline as a bare name under the last paragraph, no meta author."""
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "WebSite",
                "name": "Pháp luật & Môi trường",
                "url": "https://phapluatmoitruong.vn/",
            },
            {
                "@type": "NewsArticle",
                "headline": title,
                "author": ", ".join(authors),
                "image": ["https://phapluatmoitruong.vn/img/1.jpg"],
            },
        ],
    }
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="Phapluatmoitruong.vn">
<link rel="canonical" href="{escape(url)}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<link rel="stylesheet" href="https://phapluatmoitruong.vn/css/site.css">
</head><body>
<div class="header"><ul class="nav"><li>Thời sự</li><li>Pháp luật</li><li>Môi trường</li><li>Bạn đọc</li></ul></div>
<div class="detail">
<h1 class="title">{escape(title)}</h1>
<time datetime="{published}">{published[8:10]}/{published[5:7]}/{published[:4]}</time>
<h2 class="sapo">(Phapluatmoitruong.vn) – {escape(lead)}</h2>
<div class="detail-content">{_paragraphs(paragraphs, captions, "phapluatmoitruong.vn/img")}
{_byline("<p><strong>{}</strong></p>", " – ", authors)}</div>
<div class="box-related"><div class="box-title">Bài viết liên quan</div>
<a href="/b1">Quảng Ngãi: Hội nghị tổng kết công tác dân vận năm 2022</a>
<a href="/b2">Ban Tổ chức Trung ương làm việc với Tỉnh ủy Kon Tum</a></div>
<div class="fb-comments">Bình luận</div>
</div>
<div class="adsbygoogle">Quảng cáo</div>
<div class="footer">Tạp chí điện tử Pháp luật và Môi trường. Giấy phép 01/GP-BTTTT.</div>
</body></html>"""


LAYOUTS = {
    "baodienbienphu.com.vn": dien_bien_phu,
    "baobaclieu.vn": bac_lieu,
    "phapluatmoitruong.vn": phap_luat_moi_truong,
}


def render(host, parsed, *, url, published):
    """Page of a parsed seed (ParsedArticle) in the layout of host."""
    return LAYOUTS[host](
        title=parsed.title,
        published=published,
        authors=parsed.authors,
        lead=parsed.lead,
        paragraphs=parsed.paragraphs,
        captions=parsed.captions,
        url=url,
    )
