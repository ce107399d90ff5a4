"""The intercommunal library in /cms/ templates (pages.library)."""

from django import template

from pages import library

register = template.Library()


@register.simple_tag(takes_context=True)
def library_source(context, page):
    """For an alias of a library page: its source's title and whether the user may edit it;
    else None."""
    source = page.alias_of if page.alias_of_id else None
    if source is None or not library.is_library_page(source):
        return None
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "title": source.title,
        "can_edit": user is not None and source.permissions_for_user(user).can_edit(),
    }
