"""Filters for the research pages."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(fraction):
    """0.01234 as "1,23%" (Vietnamese) or "1.23%": a month's share with two decimals."""
    return number_format(fraction * 100, decimal_pos=2) + "%"
