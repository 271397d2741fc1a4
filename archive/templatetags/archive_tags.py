"""Filters for reading pages: article text with its mentions linked, dates in the reader's
language, charts."""

from django import template
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from archive.models import Directive

register = template.Library()


@register.filter
def linked(text, links):
    """text (escaped) with each (start, end, url, kind, label) of links as an <a>.

    links come from views._article_parts: offsets into this text, sorted and not overlapping.
    """
    pieces, cursor = [], 0
    for start, end, url, kind, label in links:
        pieces.append(conditional_escape(text[cursor:start]))
        pieces.append(
            format_html(
                '<a class="mention mention-{}" href="{}" title="{}">{}</a>',
                kind,
                url,
                label,
                text[start:end],
            )
        )
        cursor = end
    pieces.append(conditional_escape(text[cursor:]))
    return mark_safe("".join(pieces))


@register.filter
def day(value):
    """A date as readers of the current language write it: 13/01/2022 or 13 Jan 2022."""
    if not value:
        return ""
    if (get_language() or "vi").startswith("vi"):
        return value.strftime("%d/%m/%Y")
    return f"{value.day} {value.strftime('%b %Y')}"


@register.filter
def number(value):
    """An integer with the current language's thousands separator (5.248.607, 5,248,607)."""
    return number_format(value, force_grouping=True)


@register.filter
def highlight(sentence, forms):
    """sentence (escaped) with every occurrence of the forms in forms marked."""
    forms = sorted({f for f in forms or [] if f}, key=len, reverse=True)
    spans, taken = [], [False] * len(sentence)
    for form in forms:
        start = sentence.find(form)
        while start != -1:
            end = start + len(form)
            if not any(taken[start:end]):
                spans.append((start, end))
                taken[start:end] = [True] * (end - start)
            start = sentence.find(form, end)
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        pieces.append(conditional_escape(sentence[cursor:start]))
        pieces.append(format_html("<mark>{}</mark>", sentence[start:end]))
        cursor = end
    pieces.append(conditional_escape(sentence[cursor:]))
    return mark_safe("".join(pieces))


@register.simple_tag
def chart(figure):
    """A figure: the SVG chart, its caption and its numbers as a table."""
    if figure is None:
        return ""
    return render_to_string("archive/_chart.html", {"chart": figure})


@register.filter
def told_apart(entity):
    """What tells a directive from others with its symbol (Directive.told_apart)."""
    return entity.told_apart() if isinstance(entity, Directive) else ""


@register.filter
def event_label(value):
    """The reader's words for an event a text states about an office ("được bầu")."""
    from archive.offices.models import Event

    return Event(value).label if value in Event.values else value
