from . import access
from .selectors import organization_list

SWITCHER_LIMIT = 200


def current_organization(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # The switcher lists the units as a tree. Up to SWITCHER_LIMIT it is a select; an operator
    # with thousands of units types a unit's name or identifier instead (a datalist suggests
    # the first ones), and the organizations page lists them all.
    units = list(organization_list(user=user).select_related(None).order_by("tree_path")
                 .only("id", "name", "short_name", "slug", "tree_path")[:SWITCHER_LIMIT + 1])
    top = min((unit.depth for unit in units), default=0)
    for unit in units:
        unit.indent = "\u2003" * (unit.depth - top)
    return {
        "current_organization": getattr(request, "organization", None),
        "switchable_organizations": units[:SWITCHER_LIMIT],
        "switcher_typed": len(units) > SWITCHER_LIMIT,
        "can_view_journal": access.has_perm_anywhere(user, "changelog.view"),
        "can_manage_accounts": access.has_perm_anywhere(user, "membership.view"),
        # Workflow entries in the menu are offered only to those who may carry them out.
        "can_hand_over": access.has_perm_anywhere(user, "asset.change"),
    }
