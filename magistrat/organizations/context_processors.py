from . import access
from .selectors import organization_list

SWITCHER_LIMIT = 200


def current_organization(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # An operator with thousands of units gets the first ones here and the full, searchable
    # list on the organizations page.
    choices = list(organization_list(user=user).select_related(None).order_by("tree_path")
                   .only("id", "name", "short_name", "tree_path")[:SWITCHER_LIMIT])
    return {
        "current_organization": getattr(request, "organization", None),
        "switchable_organizations": choices,
        "can_view_journal": access.has_perm_anywhere(user, "changelog.view"),
        "can_manage_accounts": access.has_perm_anywhere(user, "membership.view"),
        # Workflow entries in the menu are offered only to those who may carry them out.
        "can_hand_over": access.has_perm_anywhere(user, "asset.change"),
    }
