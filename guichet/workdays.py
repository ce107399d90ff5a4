"""Working days: announced delays, expected dates, overdue requests, on-time statistics.

A working day is a Monday to Friday that is neither a Belgian public holiday (the `holidays`
package: 1 January, Easter Monday, 1 May, Ascension, Whit Monday, 21 July, 15 August,
1 and 11 November, 25 December) nor one of the commune's own closure days.

The closure days are kept outside the counter core (the website's settings), so the app that
keeps them registers a source in `closure_day_sources`: a callable `(first, last)` returning
the closed dates between `first` and `last` (inclusive). A source should be cheap when nothing
changed (cached until its content changes): a `WorkingCalendar` asks each source once per
calendar year it needs, and callers that compute many dates share one calendar.
"""

import datetime
import functools

import holidays

# Callables (first, last) -> iterable of closed dates, registered by the apps that keep them.
closure_day_sources = []


def register_closure_day_source(source):
    if source not in closure_day_sources:
        closure_day_sources.append(source)


@functools.lru_cache(maxsize=32)
def public_holidays(year):
    """The Belgian public holidays of `year` (dates)."""
    return frozenset(holidays.BE(years=year))


class WorkingCalendar:
    """Tells working days apart; reads each year's closed days once (share one instance
    across a loop, make a new one per request so that a new closure is seen)."""

    def __init__(self):
        self._closed = {}

    def closed_days(self, year):
        """Public holidays and the commune's closure days of `year` (weekends aside)."""
        if year not in self._closed:
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            days = set(public_holidays(year))
            for source in closure_day_sources:
                days.update(day for day in source(first, last) if first <= day <= last)
            self._closed[year] = frozenset(days)
        return self._closed[year]

    def is_working_day(self, day):
        return day.weekday() < 5 and day not in self.closed_days(day.year)

    def after(self, start, days):
        """The date `days` working days after `start`."""
        return self._walk(start, days, datetime.timedelta(days=1))

    def before(self, day, days):
        """The date `days` working days before `day`."""
        return self._walk(day, days, datetime.timedelta(days=-1))

    def _walk(self, current, days, step):
        remaining = days
        while remaining > 0:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current


def working_days_after(start, days, *, calendar=None):
    """The date `days` working days after `start`."""
    return (calendar or WorkingCalendar()).after(start, days)


def working_days_before(day, days, *, calendar=None):
    """The date `days` working days before `day`."""
    return (calendar or WorkingCalendar()).before(day, days)
