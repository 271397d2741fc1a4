"""Offices, tenures and their evidence; curators' corrections that a rebuild keeps."""

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """What the text says happened to a person in an office (extract/offices.py)."""

    ELECTED = "elected", _("được bầu")
    APPOINTED = "appointed", _("được bổ nhiệm, phân công")
    MOVED = "moved", _("được điều động")
    RETIRED = "retired", _("nghỉ hưu")
    LEFT = "left", _("thôi giữ chức")
    DISMISSED = "dismissed", _("bị cách chức")


class OfficeQuerySet(models.QuerySet):
    def with_key(self, key):
        """The office of a key, or of a key merged into it by a curator."""
        return self.filter(models.Q(key=key) | models.Q(merged__key=key)).distinct()


class Office(models.Model):
    """A post in one organisation: "Bí thư Tỉnh ủy Quảng Ngãi", "Trưởng Ban Tổ chức Trung
    ương". Its spellings share one key (extract.offices.office_key)."""

    key = models.CharField(_("khóa"), max_length=400, unique=True)
    name = models.CharField(_("tên"), max_length=400)
    slug = models.SlugField(_("slug"), max_length=300, unique=True)
    kind = models.CharField(_("chức danh"), max_length=100)
    organization_name = models.CharField(_("tổ chức (như đọc được)"), max_length=400, blank=True)
    organization = models.ForeignKey(
        "archive.Organization",
        verbose_name=_("tổ chức"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offices",
    )
    province = models.ForeignKey(
        "archive.Province",
        verbose_name=_("tỉnh, thành phố (trước 2025)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offices",
    )
    aliases = models.JSONField(_("cách viết"), default=list, blank=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:office", args=[self.slug])


class MergedKey(models.Model):
    """The key of an office a curator merged into another: its titles go there on rebuild."""

    key = models.CharField(_("khóa"), max_length=400, unique=True)
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="merged", verbose_name=_("chức vụ")
    )

    class Meta:
        verbose_name = _("khóa đã gộp")
        verbose_name_plural = _("khóa đã gộp")

    def __str__(self):
        return self.key


class TenureQuerySet(models.QuerySet):
    def held_on(self, day):
        """Tenures whose dated evidence brackets day: first seen on or before, last on or after."""
        return self.filter(first_seen__lte=day, last_seen__gte=day)

    def in_order(self):
        return self.order_by(models.F("first_seen").asc(nulls_last=True), "pk")


class Tenure(models.Model):
    """A person in an office, as the dated articles tell it."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="tenures", verbose_name=_("chức vụ")
    )
    person = models.ForeignKey(
        "archive.Person",
        on_delete=models.CASCADE,
        related_name="tenures",
        verbose_name=_("nhân vật"),
    )
    # The first and last dates of articles naming them in the office as current.
    first_seen = models.DateField(_("lần đầu thấy"), null=True, blank=True)
    last_seen = models.DateField(_("lần cuối thấy"), null=True, blank=True)
    # The first date of an article that calls it a former post: it had ended by then.
    former_on = models.DateField(_("được gọi là nguyên từ"), null=True, blank=True)

    objects = TenureQuerySet.as_manager()

    class Meta:
        ordering = [models.F("first_seen").asc(nulls_last=True), "pk"]
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        constraints = [
            models.UniqueConstraint(fields=["office", "person"], name="tenure_unique"),
        ]

    def __str__(self):
        return f"{self.person} · {self.office}"

    def refresh_dates(self):
        """first_seen, last_seen and former_on from the evidence's article dates."""
        current = self.evidence.filter(former=False, article__published__isnull=False)
        former = self.evidence.filter(former=True, article__published__isnull=False)
        span = current.aggregate(
            first=models.Min("article__published"), last=models.Max("article__published")
        )
        self.first_seen, self.last_seen = span["first"], span["last"]
        self.former_on = former.aggregate(d=models.Min("article__published"))["d"]

    @property
    def ended(self) -> date | None:
        return self.former_on


class TenureEvidence(models.Model):
    """One article naming a person in an office: the title as written, the sentence, and
    the events it states ("được bầu giữ chức ...")."""

    tenure = models.ForeignKey(
        Tenure, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("nhiệm kỳ")
    )
    article = models.ForeignKey(
        "archive.Article",
        on_delete=models.CASCADE,
        related_name="tenure_evidence",
        verbose_name=_("bài báo"),
    )
    title = models.CharField(_("chức danh như viết"), max_length=500)
    former = models.BooleanField(_("gọi là chức cũ"), default=False)
    sentence = models.TextField(_("câu trích"), blank=True)
    # [{"event": Event value, "sentence": "..."}]
    events = models.JSONField(_("sự kiện"), default=list, blank=True)

    class Meta:
        ordering = ["article__published", "pk"]
        verbose_name = _("bằng chứng nhiệm kỳ")
        verbose_name_plural = _("bằng chứng nhiệm kỳ")
        constraints = [
            models.UniqueConstraint(
                fields=["tenure", "article", "former"], name="tenure_evidence_unique"
            ),
        ]

    def __str__(self):
        return f"{self.title} @ {self.article_id}"


class OfficeCorrection(models.Model):
    """A curator's correction that a rebuild applies again: a title of a person read into the
    wrong office or person (move), or wrongly read at all (reject)."""

    class Kind(models.TextChoices):
        MOVE = "move", _("chuyển")
        REJECT = "reject", _("đọc sai, bỏ")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        "archive.Person",
        on_delete=models.CASCADE,
        related_name="office_corrections",
        verbose_name=_("nhân vật"),
    )
    office_key = models.CharField(_("khóa chức vụ"), max_length=400)
    # A reject for one article only; empty: everywhere.
    article = models.ForeignKey(
        "archive.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="office_corrections",
        verbose_name=_("bài báo"),
    )
    to_office = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections_in",
        verbose_name=_("sang chức vụ"),
    )
    to_person = models.ForeignKey(
        "archive.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="office_corrections_in",
        verbose_name=_("sang nhân vật"),
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sửa chức vụ")
        verbose_name_plural = _("sửa chức vụ")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person} · {self.office_key}"
