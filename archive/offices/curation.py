"""Curators' corrections to offices: merge two offices, move a tenure to another office or
person, mark a title wrongly read. Each is one transaction and is remembered, so that a
rebuild (`rebuild_offices`, `import_articles --update`) does not undo it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .building import refresh_tenures
from .models import MergedKey, OfficeCorrection, Tenure, TenureEvidence


def merge_offices(*, kept, others) -> int:
    """Move every tenure, spelling and key of others to kept, then delete others.
    Returns the number of tenures moved or combined."""
    others = [o for o in others if o.pk != kept.pk]
    if not others:
        raise ValidationError(_("Chọn ít nhất hai chức vụ để gộp."), code="too_few")
    moved = 0
    with transaction.atomic():
        touched = set()
        for other in others:
            for tenure in list(other.tenures.all()):
                touched.add(_into(tenure, office=kept, person=tenure.person).pk)
                moved += 1
            MergedKey.objects.filter(office=other).update(office=kept)
            MergedKey.objects.update_or_create(key=other.key, defaults={"office": kept})
            OfficeCorrection.objects.filter(to_office=other).update(to_office=kept)
            kept.aliases = list(dict.fromkeys([*kept.aliases, other.name, *other.aliases]))
            other.delete()
        kept.aliases = [a for a in kept.aliases if a != kept.name]
        kept.save(update_fields=["aliases"])
        refresh_tenures(touched)
    return moved


def move_tenure(*, tenure, office=None, person=None) -> Tenure:
    """Give a tenure's evidence to another office and/or person; a rebuild sends the same
    titles there again."""
    office = office or tenure.office
    person = person or tenure.person
    if office == tenure.office and person == tenure.person:
        raise ValidationError(_("Chọn chức vụ hoặc nhân vật khác."), code="same_place")
    with transaction.atomic():
        for key in _keys(tenure.office):
            OfficeCorrection.objects.create(
                kind=OfficeCorrection.Kind.MOVE,
                person=tenure.person,
                office_key=key,
                to_office=office,
                to_person=person,
            )
        target = _into(tenure, office=office, person=person)
        refresh_tenures([target.pk])
    return target


def reject_evidence(*, evidence) -> None:
    """A title wrongly read in one article: removed, and left out when the article is read
    again."""
    with transaction.atomic():
        tenure = evidence.tenure
        for key in _keys(tenure.office):
            OfficeCorrection.objects.get_or_create(
                kind=OfficeCorrection.Kind.REJECT,
                person=tenure.person,
                office_key=key,
                article=evidence.article,
            )
        evidence.delete()
        refresh_tenures([tenure.pk])


def reject_tenure(*, tenure) -> None:
    """A person never held this office: every article's title for it stays off."""
    with transaction.atomic():
        for key in _keys(tenure.office):
            OfficeCorrection.objects.get_or_create(
                kind=OfficeCorrection.Kind.REJECT,
                person=tenure.person,
                office_key=key,
                article=None,
            )
        tenure.delete()


def _keys(office):
    return [office.key, *office.merged.values_list("key", flat=True)]


def _into(tenure, *, office, person):
    """tenure's evidence in (office, person)'s tenure, which is tenure itself when none
    exists yet; two rows for one article become one."""
    target = Tenure.objects.filter(office=office, person=person).exclude(pk=tenure.pk).first()
    if target is None:
        tenure.office, tenure.person = office, person
        tenure.save(update_fields=["office", "person"])
        return tenure
    for row in list(tenure.evidence.all()):
        duplicate = TenureEvidence.objects.filter(
            tenure=target, article=row.article, former=row.former
        ).exists()
        if duplicate:
            row.delete()
        else:
            row.tenure = target
            row.save(update_fields=["tenure"])
    tenure.delete()
    return target


def entity_merged(*, kept, other) -> None:
    """Before other is merged into kept (archive.curation.merge_entities): a person's tenures
    and corrections, an organisation's or province's offices, go to kept."""
    from archive.models import Organization, Person, Province

    if isinstance(kept, Person):
        touched = {_into(t, office=t.office, person=kept).pk for t in list(other.tenures.all())}
        OfficeCorrection.objects.filter(person=other).update(person=kept)
        OfficeCorrection.objects.filter(to_person=other).update(to_person=kept)
        refresh_tenures(touched)
    elif isinstance(kept, Organization):
        other.offices.update(organization=kept)
    elif isinstance(kept, Province):
        other.offices.update(province=kept)


def mention_moved(*, article_id, source, target) -> None:
    """A person's mention in one article moved to another person: so do the offices that
    article gave them."""
    from archive.models import Person

    if not (isinstance(source, Person) and isinstance(target, Person)) or source == target:
        return
    touched = set()
    rows = TenureEvidence.objects.filter(article_id=article_id, tenure__person=source)
    for row in list(rows.select_related("tenure")):
        tenure, _ = Tenure.objects.get_or_create(office=row.tenure.office, person=target)
        touched |= {row.tenure_id, tenure.pk}
        if TenureEvidence.objects.filter(
            tenure=tenure, article_id=article_id, former=row.former
        ).exists():
            row.delete()
        else:
            row.tenure = tenure
            row.save(update_fields=["tenure"])
    refresh_tenures(touched)
