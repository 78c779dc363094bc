"""Grant projects' cards on the start page (listed in settings.DASHBOARD_CARDS)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from magistrat.core import formatting
from magistrat.core.dashboard import Card

from .models import GrantProject, Milestone
from .selectors import project_list, upcoming_deadlines


def cards(*, user, within) -> list[Card]:
    """Projects running; the deadlines overdue (a warning, with the oldest named); the deadlines
    ahead with the next one's date and what it is. Each card opens the deadlines list filtered
    the same way."""
    projects = project_list(user=user, within=within)
    closed = (GrantProject.Status.CLOSED,)
    running = projects.exclude(status__in=closed).count()
    result = [Card(number=running, url=reverse("grants:grantproject_list"),
                   label=npgettext("start page card", "grant project", "grant projects", running))]
    today = timezone.localdate()
    deadlines = upcoming_deadlines(user=user, within=within)
    overdue = deadlines.filter(due_date__lt=today)
    ahead = deadlines.filter(due_date__gte=today)
    counts = deadlines.order_by().aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)), ahead=Count("pk", filter=Q(due_date__gte=today)),
        projects=Count("project", distinct=True))
    # Name the project only when the deadlines are of more than one project.
    several = counts["projects"] > 1
    overdue_count = counts["overdue"]
    if overdue_count:
        oldest = overdue.first()
        result.append(Card(
            number=overdue_count, warning=True, url=reverse("grants:deadlines") + "?state=overdue",
            label=ngettext("deadline overdue", "deadlines overdue", overdue_count),
            note=_("the oldest: %(what)s, due %(date)s") % {"what": _what(oldest, several),
                                                            "date": formatting.date(oldest.due_date)}))
    ahead_count = counts["ahead"]
    if ahead_count:
        upcoming = ahead.first()
        days = (upcoming.due_date - today).days
        when = _("today") if days == 0 else _("tomorrow") if days == 1 else \
            ngettext("in %(days)s day", "in %(days)s days", days) % {"days": days}
        result.append(Card(
            number=ahead_count, url=reverse("grants:deadlines") + "?state=ahead",
            label=ngettext("deadline ahead", "deadlines ahead", ahead_count),
            note=_("next: %(date)s (%(when)s) — %(what)s") % {
                "date": formatting.date(upcoming.due_date), "when": when, "what": _what(upcoming, several)}))
    return result


def _what(deadline: Milestone, with_project: bool) -> str:
    return f"{deadline.name} ({deadline.project.title})" if with_project else deadline.name
