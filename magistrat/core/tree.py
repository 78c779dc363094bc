"""Materialized-path trees ("/1/5/23/"): organizations and locations keep their place this way,
so a whole subtree is one indexed prefix query. Called by services inside their transaction."""

from django.db.models import Value
from django.db.models.functions import Concat, Substr


def place(instance, parent) -> None:
    """Set the path of a just-saved record under `parent` (None for a root)."""
    instance.tree_path = f"{parent.tree_path if parent else '/'}{instance.pk}/"
    type(instance).objects.filter(pk=instance.pk).update(tree_path=instance.tree_path)


def move(instance, old_path: str) -> None:
    """Re-root the record's subtree after its parent changed (one UPDATE for all descendants)."""
    parent = instance.parent
    new_path = f"{parent.tree_path if parent else '/'}{instance.pk}/"
    type(instance).objects.filter(tree_path__startswith=old_path).update(
        tree_path=Concat(Value(new_path), Substr("tree_path", len(old_path) + 1)))
    instance.tree_path = new_path
