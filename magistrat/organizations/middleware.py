SESSION_KEY = "current_organization_id"


def current_organization_for(request):
    """The organization chosen in the switcher, if the user may still see it.

    Without a choice: a regular user works in their top-most unit; a superuser sees everything.
    """
    from .selectors import organization_list

    user = request.user
    if not user.is_authenticated:
        return None
    visible = organization_list(user=user)
    chosen = request.session.get(SESSION_KEY)
    organization = visible.filter(pk=chosen).first() if chosen else None
    if organization is None and not user.is_superuser:
        organization = visible.order_by("tree_path").first()
    return organization


class CurrentOrganizationMiddleware:
    """Sets request.organization: the unit the user works in; lists show its subtree."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = current_organization_for(request)
        return self.get_response(request)
