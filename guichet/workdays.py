"""Working days (Monday–Friday): announced delays, expected dates, overdue requests."""

import datetime


def working_days_after(start, days):
    """The date `days` working days after `start`."""
    current, remaining = start, days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def working_days_before(day, days):
    """The date `days` working days before `day`."""
    current, remaining = day, days
    while remaining > 0:
        current -= datetime.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current
