"""Articles, the outlets they come from, and the entities they mention."""

import zlib

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.extract import registry, relations
from archive.text import fold_diacritics, slugify

LABEL_WORDS = 14


class SourceQuerySet(models.QuerySet):
    def busiest(self, limit):
        """The limit outlets with the most articles (each with .n), ties by name: articles
        counted by source_id alone, then matched to the few outlets in Python
        (annotate(Count("articles")) joined every article: 140 ms at 353,820, against 21-37)."""
        counts = dict(
            Article.objects.order_by().values_list("source_id").annotate(n=models.Count("id"))
        )
        sources = sorted(self, key=lambda source: (-counts.get(source.pk, 0), source.name))
        for source in sources:
            source.n = counts.get(source.pk, 0)
        return sources[:limit]


class Source(models.Model):
    """A news outlet ("Báo Điện Biên Phủ", "Phapluatmoitruong.vn")."""

    name = models.CharField(_("tên"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("nguồn tin")
        verbose_name_plural = _("nguồn tin")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("search:page") + f"?source={self.slug}"


class CaptureTime(models.TextChoices):
    """Where a capture's time comes from: the crawler's WARC-Date, or a saved file's time."""

    WARC_DATE = "warc", _("WARC-Date")
    FILE_TIME = "file", _("thời gian của tệp")


class ArticleQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by(models.F("published").desc(nulls_last=True), "-id")

    def published_between(self, start, end):
        return self.filter(published__gte=start, published__lte=end)

    def mentioning(self, entity):
        """Articles that mention a Person, Organization, Directive or Province."""
        # A subquery, not a join + DISTINCT: for an entity named in most of the archive the
        # DISTINCT took a second on 35,000 articles.
        from archive.kinds import kind_of

        return self.filter(pk__in=kind_of(entity).mentions_of(entity).values("article_id"))


class Article(models.Model):
    """One imported page: the raw text exactly as imported and what was parsed from it."""

    source = models.ForeignKey(
        Source,
        verbose_name=_("nguồn tin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    # Indexed: a captured page and a text file of one article are matched by their parts,
    # headline first (services._same_parts).
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True, db_index=True)
    lead = models.TextField(_("sapo"), blank=True)
    paragraphs = models.JSONField(_("đoạn văn"), default=list, blank=True)
    captions = models.JSONField(_("chú thích ảnh"), default=list, blank=True)
    authors = models.JSONField(_("tác giả"), default=list, blank=True)
    published = models.DateField(_("ngày đăng"), null=True, blank=True, db_index=True)
    raw_text = models.TextField(_("văn bản gốc"))
    source_path = models.CharField(_("tệp nguồn"), max_length=1000)
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64, unique=True)
    # Normalised words of each part (see document_parts), one line a part, written once at
    # import by underthesea and reused by extraction and the search index.
    segmented = models.TextField(_("tách từ"), blank=True)
    parser_version = models.PositiveSmallIntegerField(_("phiên bản bộ phân tích"), default=1)
    # Raised by every change the search index must follow (archive.signals.owe_index); the
    # index keeps the revision it wrote, and reconciliation (manage.py ensure_index) compares.
    revision = models.PositiveIntegerField(
        _("phiên bản chỉ mục"), default=1, db_default=1, editable=False
    )
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # A captured web page's (empty for a text file): those of its newest capture.
    # Database defaults too: rows written outside the ORM (bulk loads) are text articles.
    original_url = models.URLField(_("địa chỉ gốc"), max_length=2000, blank=True, db_default="")
    canonical_url = models.URLField(
        _("địa chỉ chuẩn"), max_length=2000, blank=True, db_index=True, db_default=""
    )
    captured_at = models.DateTimeField(_("thời điểm lưu trang"), null=True, blank=True)
    captured_at_kind = models.CharField(
        _("nguồn thời điểm lưu"),
        max_length=4,
        choices=CaptureTime.choices,
        blank=True,
        db_default="",
    )
    host = models.CharField(_("tên miền"), max_length=253, blank=True, db_index=True, db_default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published").desc(nulls_last=True), "-id"]
        verbose_name = _("bài báo")
        verbose_name_plural = _("bài báo")

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("archive:article", args=[self.pk])

    @property
    def title_is_derived(self):
        return not self.title

    @property
    def label(self):
        """The headline, or one derived from the lead (marked as such by title_is_derived)."""
        if self.title:
            return self.title
        text = self.lead or next(iter(self.paragraphs), "") or self.source_path
        words = text.split()
        return " ".join(words[:LABEL_WORDS]) + ("…" if len(words) > LABEL_WORDS else "")

    def document_parts(self):
        """(kind, text) for title, lead, paragraphs and captions: the text entities index into."""
        parts = [("title", self.title), ("lead", self.lead)]
        parts += [("paragraph", p) for p in self.paragraphs]
        parts += [("caption", c) for c in self.captions]
        return parts

    @property
    def full_text(self):
        """The parsed parts joined by blank lines; mention offsets count into this text."""
        return document_text([text for _kind, text in self.document_parts()])


class Capture(models.Model):
    """One capture of an article's page: the HTML as captured (zlib) and the text read from
    it. An article captured again with other text has several: its versions."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="captures", verbose_name=_("bài báo")
    )
    original_url = models.URLField(_("địa chỉ gốc"), max_length=2000, blank=True)
    canonical_url = models.URLField(_("địa chỉ chuẩn"), max_length=2000, blank=True)
    captured_at = models.DateTimeField(_("thời điểm lưu trang"), null=True, blank=True)
    captured_at_kind = models.CharField(
        _("nguồn thời điểm lưu"), max_length=4, choices=CaptureTime.choices
    )
    payload_digest = models.CharField(_("mã băm trang"), max_length=100, db_index=True)
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64, db_index=True)
    text = models.TextField(_("văn bản đọc từ trang"))
    html = models.BinaryField(_("trang như đã lưu (nén)"))
    size = models.PositiveIntegerField(_("cỡ trang (byte)"), default=0)
    source_path = models.CharField(_("tệp nguồn"), max_length=1000)
    record_offset = models.PositiveBigIntegerField(_("vị trí bản ghi WARC"), null=True, blank=True)
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        ordering = [models.F("captured_at").asc(nulls_first=True), "id"]
        verbose_name = _("bản lưu trang")
        verbose_name_plural = _("bản lưu trang")

    def __str__(self):
        return f"{self.original_url or self.source_path} @ {self.captured_at}"

    @property
    def markup(self):
        """The page's HTML bytes as captured."""
        return zlib.decompress(bytes(self.html))


def document_text(texts):
    return "\n\n".join(texts)


class Entity(models.Model):
    """What people, organisations, provinces and directives share: a name, a slug, aliases."""

    name = models.CharField(_("tên"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300, unique=True)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    # Diacritic-free lower-case name and aliases, for accent-insensitive filtering.
    folded = models.TextField(_("khóa tìm không dấu"), blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def refresh_folded(self):
        names = [self.name, *self.aliases]
        self.folded = " | ".join(dict.fromkeys(fold_diacritics(n) for n in names))

    def add_alias(self, spelling):
        if spelling and spelling != self.name and spelling not in self.aliases:
            self.aliases = [*self.aliases, spelling]
            return True
        return False


def unique_slug(model, text, *, exclude_pk=None):
    base = slugify(text)[:280] or "x"
    slug, n = base, 1
    existing = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects
    while existing.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class EntityQuerySet(models.QuerySet):
    def matching(self, text):
        """Entities whose name or an alias contains text, accents and case ignored."""
        return self.filter(folded__contains=fold_diacritics(text).strip())


class Person(Entity):
    objects = EntityQuerySet.as_manager()

    class Meta(Entity.Meta):
        verbose_name = _("nhân vật")
        verbose_name_plural = _("nhân vật")

    def get_absolute_url(self):
        return reverse("archive:person", args=[self.slug])


class Province(Entity):
    """One of the 63 provinces and cities as they were before the 2025 mergers."""

    objects = EntityQuerySet.as_manager()

    class Meta(Entity.Meta):
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")

    def get_absolute_url(self):
        return reverse("archive:province", args=[self.slug])


class Organization(Entity):
    province = models.ForeignKey(
        Province,
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
    )

    objects = EntityQuerySet.as_manager()

    class Meta(Entity.Meta):
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")

    def get_absolute_url(self):
        return reverse("archive:organization", args=[self.slug])


class Directive(Entity):
    """A Party or State document: "Kết luận số 21-KL/TW", "Nghị quyết Trung ương 4 (khóa XII)".

    Symbols repeat (Party numbering restarts each term, State numbering each year, local
    codes in every province), so a document is its key *and* a scope that tells such
    documents apart: the term, the year, or the issuing body/province.
    """

    key = models.CharField(_("số hiệu chuẩn"), max_length=120, db_index=True)
    scope = models.CharField(_("phạm vi phân biệt"), max_length=200, blank=True)
    symbol = models.CharField(_("số hiệu như viết"), max_length=120, blank=True)
    kind = models.CharField(_("loại văn bản"), max_length=60, blank=True)
    number = models.CharField(_("số"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    issuer = models.CharField(_("mã cơ quan ban hành"), max_length=40, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=300, blank=True)
    issued = models.DateField(_("ngày ban hành"), null=True, blank=True)
    term = models.CharField(_("khóa"), max_length=20, blank=True)

    objects = EntityQuerySet.as_manager()

    class Meta(Entity.Meta):
        ordering = ["key", "scope"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints = [
            models.UniqueConstraint(fields=["key", "scope"], name="directive_key_scope_unique"),
        ]

    def __str__(self):
        return f"{self.kind} {self.key}".strip() if self.kind and self.number else self.name

    def get_absolute_url(self):
        return reverse("archive:directive", args=[self.slug])

    def told_apart(self):
        """What tells this document from others with its symbol: its term, year or body."""
        if self.term:
            # "Nghị quyết Hội nghị Trung ương 5 khóa X" already says it
            if f"khóa {self.term}".lower() in f"{self} {self.name}".lower():
                return ""
            return gettext("khóa %(term)s") % {"term": self.term}
        hint = str(self.year or "") or self.issuing_body
        if not hint and self.scope.startswith("article:"):
            # Kept to its article (archive/linking.py): the text said neither term nor year.
            return gettext("chưa rõ khóa, năm")
        return hint or self.issuer

    @property
    def choice_label(self):
        """Its name in a list to pick from (admin autocomplete), where two may share a symbol:
        "Kết luận 21-KL/TW (khóa XIII)"."""
        hint = self.told_apart()
        return f"{self} ({hint})" if hint else str(self)


class Method(models.TextChoices):
    RULE = "rule", _("quy tắc")
    LIST = "list", _("danh sách tên")
    CURATOR = "curator", _("biên tập viên")


class Mention(models.Model):
    """What one article says about one entity: how often, where, and how it was found."""

    count = models.PositiveIntegerField(_("số lần nhắc"), default=1)
    first_offset = models.PositiveIntegerField(_("vị trí đầu tiên"), null=True, blank=True)
    # [start, end] of every occurrence in Article.full_text.
    spans = models.JSONField(_("các vị trí"), default=list, blank=True)
    sentence = models.TextField(_("câu trích"), blank=True)
    method = models.CharField(
        _("cách nhận ra"), max_length=10, choices=Method.choices, default=Method.RULE
    )

    class Meta:
        abstract = True
        ordering = ["first_offset"]


class PersonMention(Mention):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="person_mentions", verbose_name=_("bài báo")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("nhân vật")
    )
    positions = models.JSONField(_("chức danh"), default=list, blank=True)
    # Titles the text marks past ("nguyên Chủ tịch nước"), the mark left out.
    former = models.JSONField(_("chức danh cũ"), default=list, blank=True)

    class Meta(Mention.Meta):
        verbose_name = _("nhắc đến nhân vật")
        verbose_name_plural = _("nhắc đến nhân vật")
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="person_mention_unique")
        ]

    def __str__(self):
        return f"{self.person} @ {self.article_id}"


class OrganizationMention(Mention):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="organization_mentions",
        verbose_name=_("bài báo"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("tổ chức")
    )

    class Meta(Mention.Meta):
        verbose_name = _("nhắc đến tổ chức")
        verbose_name_plural = _("nhắc đến tổ chức")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "organization"], name="organization_mention_unique"
            )
        ]

    def __str__(self):
        return f"{self.organization} @ {self.article_id}"


class DirectiveMention(Mention):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="directive_mentions",
        verbose_name=_("bài báo"),
    )
    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("văn bản")
    )
    surface = models.JSONField(_("cách viết"), default=list, blank=True)

    class Meta(Mention.Meta):
        verbose_name = _("trích dẫn văn bản")
        verbose_name_plural = _("trích dẫn văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "directive"], name="directive_mention_unique"
            )
        ]

    def __str__(self):
        return f"{self.directive} @ {self.article_id}"


class ProvinceMention(Mention):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="province_mentions",
        verbose_name=_("bài báo"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("tỉnh, thành phố"),
    )

    class Meta(Mention.Meta):
        verbose_name = _("nhắc đến tỉnh, thành phố")
        verbose_name_plural = _("nhắc đến tỉnh, thành phố")
        constraints = [
            models.UniqueConstraint(fields=["article", "province"], name="province_mention_unique")
        ]

    def __str__(self):
        return f"{self.province} @ {self.article_id}"


class RejectedLink(models.Model):
    """A link a curator removed or moved away: re-linking after a parser update (import
    --update) must not bring it back."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="rejected_links", verbose_name=_("bài báo")
    )
    kind = models.CharField(_("loại thực thể"), max_length=20)  # a mention's entity field name
    entity_id = models.PositiveBigIntegerField(_("mã thực thể"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("liên kết đã bỏ")
        verbose_name_plural = _("liên kết đã bỏ")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "entity_id"], name="rejected_link_unique"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.entity_id} ✗ {self.article_id}"


def reject_link(*, article_id, field, entity_id):
    """Remember that a curator took entity (a mention's `field`: "person", ...) off article."""
    RejectedLink.objects.get_or_create(article_id=article_id, kind=field, entity_id=entity_id)


class IndexDebt(models.Model):
    """An article the search index must follow (index again, or remove if gone), written in
    the same transaction as the change that causes it and deleted once the index has it."""

    # Not a foreign key: a deleted article is owed too (its removal from the index).
    article_id = models.BigIntegerField(_("mã bài báo"), db_index=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("việc chỉ mục còn nợ")
        verbose_name_plural = _("việc chỉ mục còn nợ")

    def __str__(self):
        return f"index {self.article_id}"


class NamesVersion(models.Model):
    """A counter per kind of entity, raised by every curation that changes names: a merge, an
    alias, a new or deleted entity. A running import compares it before linking each article
    (archive.linking.Resolver), so it learns a merge made meanwhile."""

    kind = models.CharField(_("loại thực thể"), max_length=20, unique=True)  # "person"
    version = models.PositiveBigIntegerField(_("phiên bản"), default=0)

    class Meta:
        verbose_name = _("phiên bản tên thực thể")
        verbose_name_plural = _("phiên bản tên thực thể")

    def __str__(self):
        return f"{self.kind} {self.version}"

    @classmethod
    def bump(cls, *models_changed):
        """Raise the counters of these entity models, in the caller's transaction."""
        for kind in sorted({model._meta.model_name for model in models_changed}):
            if not cls.objects.filter(kind=kind).update(version=F("version") + 1):
                cls.objects.get_or_create(kind=kind, defaults={"version": 1})

    @classmethod
    def current(cls):
        """{kind: version}, waiting (PostgreSQL) for a curation that is raising one to commit."""
        rows = cls.objects.select_for_update(no_key=True).order_by("kind")  # bump()'s order
        return dict(rows.values_list("kind", "version"))


class RelationKind(models.TextChoices):
    """How one document stands to another (archive/extract/relations.py reads them)."""

    IMPLEMENTS = relations.IMPLEMENTS, _("thực hiện")
    GUIDES = relations.GUIDES, _("hướng dẫn thực hiện")
    REPLACES = relations.REPLACES, _("thay thế")
    AMENDS = relations.AMENDS, _("sửa đổi, bổ sung")
    SUMMARISES = relations.SUMMARISES, _("tổng kết, sơ kết việc thực hiện")


class DirectiveRelationQuerySet(models.QuerySet):
    def stated(self):
        """The relations the pages show: all but those a curator rejected."""
        return self.filter(rejected=False)


class DirectiveRelation(models.Model):
    """A sentence of an article says that `source` carries out (guides, replaces, amends,
    sums up the implementation of) `target`."""

    source = models.ForeignKey(
        Directive,
        on_delete=models.CASCADE,
        related_name="relations_out",
        verbose_name=_("văn bản"),
    )
    target = models.ForeignKey(
        Directive,
        on_delete=models.CASCADE,
        related_name="relations_in",
        verbose_name=_("văn bản được nhắc tới"),
    )
    kind = models.CharField(_("quan hệ"), max_length=20, choices=RelationKind.choices)
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="directive_relations",
        verbose_name=_("bài báo"),
    )
    sentence = models.TextField(_("câu trích"), blank=True)
    method = models.CharField(
        _("cách nhận ra"), max_length=10, choices=Method.choices, default=Method.RULE
    )
    # A curator's "the text does not say this": kept (so rebuild_registry cannot bring the
    # relation back: the unique constraint) and left out of pages and the API.
    rejected = models.BooleanField(
        _("bị bác bỏ"),
        default=False,
        help_text=_("Bài không nói như vậy: ẩn khỏi trang và API, không bị tính lại."),
    )

    objects = DirectiveRelationQuerySet.as_manager()

    class Meta:
        ordering = ["source", "kind", "target", "article"]
        verbose_name = _("quan hệ giữa văn bản")
        verbose_name_plural = _("quan hệ giữa văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind", "article"], name="directive_relation_unique"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"


class FactKind(models.TextChoices):
    """What an article tells of a document (archive/extract/registry.py reads them)."""

    SHORT_NAME = registry.SHORT_NAME, _("tên gọi tắt")
    SUBJECT = registry.SUBJECT, _("nội dung")
    SIGNER = registry.SIGNER, _("người ký")
    ISSUED_UNREAD = registry.ISSUED_UNREAD, _("ngày ban hành không đọc được")


class DirectiveFactQuerySet(models.QuerySet):
    def summary(self):
        """{kind: [(value, articles, first article id)]}, the most often told first."""
        rows = (
            self.values("kind", "value")
            .annotate(n=models.Count("article_id", distinct=True), first=models.Min("article_id"))
            .order_by("kind", "-n", "value")
        )
        out = {}
        for row in rows:
            out.setdefault(row["kind"], []).append((row["value"], row["n"], row["first"]))
        return out


class DirectiveFact(models.Model):
    """One thing one article tells of a document, with the sentence that tells it."""

    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="facts", verbose_name=_("văn bản")
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="directive_facts",
        verbose_name=_("bài báo"),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=FactKind.choices)
    value = models.CharField(_("nội dung"), max_length=500)
    sentence = models.TextField(_("câu trích"), blank=True)

    objects = DirectiveFactQuerySet.as_manager()

    class Meta:
        ordering = ["directive", "kind", "article"]
        verbose_name = _("điều bài báo cho biết về văn bản")
        verbose_name_plural = _("điều bài báo cho biết về văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "article", "kind", "value"], name="directive_fact_unique"
            )
        ]

    def __str__(self):
        return f"{self.directive}: {self.get_kind_display()} “{self.value}”"


# Offices and tenures live in their own package; imported here so Django registers them.
from archive.offices.models import (  # noqa: E402, F401
    Event,
    MergedKey,
    Office,
    OfficeCorrection,
    Tenure,
    TenureEvidence,
)
