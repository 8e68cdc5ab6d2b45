"""Main menu entries. Each app registers its own entries in ``AppConfig.ready`` so that the menu only
shows areas that exist (no dead links for areas not built yet)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str  # lazily translated text
    url_name: str
    order: int = 100
    roles: frozenset[str] | None = None  # None: every logged-in user


_ENTRIES: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    _ENTRIES[entry.key] = entry


def entries_for(user, roles: set[str]) -> list[NavEntry]:
    return sorted(
        (e for e in _ENTRIES.values() if e.roles is None or user.is_superuser or roles & e.roles),
        key=lambda e: (e.order, e.key),
    )
