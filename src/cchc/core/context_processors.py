from django.urls import reverse

from cchc.core import navigation
from cchc.core.notifications import unread_count
from cchc.core.scoping import user_roles


def navigation_menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    path = request.path
    items = []
    for entry in navigation.entries_for(user, user_roles(user)):
        url = reverse(entry.url_name)
        items.append({"key": entry.key, "label": entry.label, "url": url, "active": False})
    # the entry with the longest URL that the page's path starts with (/calendar/deadline/ is "Due date",
    # not also "Working calendar")
    matches = [i for i in items if (path == i["url"] if i["url"] == "/" else path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_entries": items}


def notifications(request):
    """The number of unread notifications, for the badge next to the user's name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_count": unread_count(user)}
