"""The user's clock: times are stored in UTC, but every day boundary, quota, "days away" and displayed
time is in the user's local time zone (the operating system's, or the `TZ` environment variable).

Local conversions go through the C library (`time.mktime`, `datetime.astimezone()`), so daylight-saving
changes are honoured on the day they happen. Tests control the clock and zone with time-machine.
"""

from __future__ import annotations

import time as _time
from datetime import date, datetime, time, timedelta, timezone


def utc_now() -> datetime:
    """Now, as an aware UTC datetime."""
    return datetime.now(timezone.utc)


def local_date(moment: datetime) -> date:
    """The calendar date of an aware `moment` in the user's time zone."""
    return moment.astimezone().date()


def local_start(day: date, hour: int = 0) -> datetime:
    """`hour`:00 local time on `day`, as an aware UTC datetime (midnight by default)."""
    naive = datetime.combine(day, time(hour, 0))
    return datetime.fromtimestamp(_time.mktime(naive.timetuple()), timezone.utc)


def local_day_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """The user's local day containing `moment`: [local midnight, next local midnight), in UTC."""
    day = local_date(moment)
    return local_start(day), local_start(day + timedelta(days=1))


def days_until(day: date, now: datetime) -> int:
    """Whole local days from today (in the user's zone) to `day`; negative once it has passed."""
    return (day - local_date(now)).days


def days_away(days: int) -> str:
    """How far a date is, one wording everywhere: 'today', 'tomorrow', 'N days away', '1 day ago', 'N days ago'."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 1:
        return f"{days} days away"
    return "1 day ago" if days == -1 else f"{-days} days ago"


def years_ahead(day: date, years: int) -> date:
    """The same calendar date `years` later (29 February becomes 28 February in a year without it)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def show_time(moment: datetime) -> str:
    """A stored UTC time as the user reads it: '2026-12-14 08:30 PST'."""
    local = moment.astimezone()
    return f"{local.strftime('%Y-%m-%d %H:%M')} {local.tzname() or ''}".rstrip()


def iso(moment: datetime) -> str:
    """The storage form of a time: UTC ISO 8601 with milliseconds."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def exam_clock(seconds: float) -> str:
    """Seconds as an exam clock, H:MM:SS (fractions dropped, never below 0:00:00)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
