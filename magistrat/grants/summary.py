"""Grant projects' cards on the start page (listed in settings.DASHBOARD_CARDS)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from magistrat.core import formatting
from magistrat.core.dashboard import Card

from .models import GrantProject
from .selectors import project_list, upcoming_deadlines


def cards(*, user, within) -> list[Card]:
    """Projects running, and the next deadline with how many are overdue."""
    projects = project_list(user=user, within=within)
    closed = (GrantProject.Status.CLOSED,)
    running = projects.exclude(status__in=closed).count()
    result = [Card(number=running, url=reverse("grants:grantproject_list"),
                   label=npgettext("start page card", "grant project", "grant projects", running))]
    today = timezone.localdate()
    deadlines = upcoming_deadlines(user=user, within=within)
    overdue = deadlines.filter(due_date__lt=today).count()
    upcoming = deadlines.filter(due_date__gte=today).first()
    if overdue or upcoming:
        note = _("next: %(name)s, %(date)s") % {"name": upcoming.name, "date": formatting.date(upcoming.due_date)} \
            if upcoming else ""
        number = overdue if overdue else deadlines.filter(due_date__gte=today).count()
        label = ngettext("deadline overdue", "deadlines overdue", overdue) if overdue else \
            ngettext("deadline ahead", "deadlines ahead", number)
        url = reverse("grants:deadlines") + ("?state=overdue" if overdue else "")
        result.append(Card(number=number, url=url, label=label, note=note, warning=bool(overdue)))
    return result
