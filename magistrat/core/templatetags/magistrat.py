from django import template

from .. import formatting

register = template.Library()


@register.filter
def money(value):
    return formatting.money(value)


@register.filter
def pldate(value):
    return formatting.date(value)


@register.filter
def attr(obj, path: str):
    """{{ object|attr:"organization.name" }} — follows a dotted path, calling display methods."""
    from ..tables import resolve

    return resolve(obj, path)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for sorting and paging links).
    Empty values are left out: a filter form sends every field, and "search=&category=&…"
    says nothing a shorter link does not."""
    params = context["request"].GET.copy()
    for key in list(params):
        values = [value for value in params.getlist(key) if value != ""]
        if values:
            params.setlist(key, values)
        else:
            del params[key]
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def cell(obj, column):
    """The formatted value of a list column for one row."""
    from ..tables import display, resolve

    return display(resolve(obj, column.path), column.kind)


@register.filter(name="display")
def display_filter(value, kind="text"):
    from ..tables import display

    return display(value, kind or "text")


@register.filter
def verbose_name(model):
    return model._meta.verbose_name if model is not None else ""


@register.filter
def split(text):
    return text.split()


@register.filter
def field(form, name):
    """{% with field=form|field:"name" %} — a bound field by name."""
    return form[name]


@register.filter
def subtract(value, other):
    try:
        return value - other
    except TypeError:
        return ""


@register.filter
def percent_of(part, whole):
    """Decimal('119862') of Decimal('147979') -> '81,00%'."""
    try:
        return formatting.money(part * 100 / whole, currency="") + "%"
    except (TypeError, ArithmeticError):
        return ""
