"""What the website's API endpoints read."""

from pages.selectors import works_notices


def works(*, filters, day, date_from=None, date_to=None):
    """The website's works notices (pages.selectors.works_notices, same filters), keeping
    those whose period meets [date_from, date_to] when given."""
    notices = works_notices(
        status=filters.get("status", ""),
        nature=filters.get("nature", ""),
        street=filters.get("street", ""),
        day=day,
    )
    if date_from is not None:
        notices = [n for n in notices if n.end_date is None or n.end_date >= date_from]
    if date_to is not None:
        notices = [n for n in notices if n.start_date <= date_to]
    return notices
