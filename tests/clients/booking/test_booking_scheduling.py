"""Slot computation: pure functions, no database."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from clients.booking import scheduling
from clients.booking.scheduling import Exception_, Rules, Window

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 23)
# Sunday 9 am the day before: far enough for any notice used below.
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
HALF_HOUR = Rules(length=timedelta(minutes=30))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local_times(starts, tz=LONDON) -> list[str]:
    return [s.astimezone(tz).strftime("%H:%M") for s in starts]


def compute(
    *, weekly, exceptions=(), busy=(), rules=HALF_HOUR, now=NOW, first=MONDAY, last=None
) -> list[datetime]:
    return scheduling.slots(
        weekly=weekly,
        exceptions=exceptions,
        busy=busy,
        rules=rules,
        now=now,
        tz=LONDON,
        first_day=first,
        last_day=last or first,
    )


def test_weekly_hours_give_back_to_back_slots_that_end_inside_the_window():
    starts = compute(weekly=[Window(0, time(9), time(10, 45))])
    assert local_times(starts) == ["09:00", "09:30", "10:00"]


def test_a_day_without_weekly_hours_has_no_slots():
    assert compute(weekly=[Window(1, time(9), time(12))]) == []


def test_the_buffer_spaces_slots_apart():
    rules = Rules(length=timedelta(minutes=30), buffer=timedelta(minutes=15))
    starts = compute(weekly=[Window(0, time(9), time(11))], rules=rules)
    assert local_times(starts) == ["09:00", "09:45", "10:30"]


def test_a_whole_day_off_removes_every_slot_that_day():
    weekly = [Window(0, time(9), time(12))]
    assert compute(weekly=weekly, exceptions=[Exception_(MONDAY, extra=False)]) == []


def test_part_of_a_day_off_removes_only_the_slots_that_overlap_it():
    weekly = [Window(0, time(9), time(12))]
    off = Exception_(MONDAY, extra=False, start=time(10), end=time(11))
    starts = compute(weekly=weekly, exceptions=[off])
    assert local_times(starts) == ["09:00", "09:30", "11:00", "11:30"]


def test_extra_hours_add_slots_on_a_day_with_no_weekly_hours():
    extra = Exception_(MONDAY, extra=True, start=time(18), end=time(19))
    assert local_times(compute(weekly=[], exceptions=[extra])) == ["18:00", "18:30"]


def test_an_exception_on_another_day_changes_nothing():
    weekly = [Window(0, time(9), time(10))]
    other = Exception_(MONDAY + timedelta(days=1), extra=False)
    assert local_times(compute(weekly=weekly, exceptions=[other])) == ["09:00", "09:30"]


def test_slots_inside_the_minimum_notice_are_not_offered():
    now = utc(2026, 11, 22, 21, 15)  # 12 h notice → earliest 09:15 on Monday
    rules = Rules(length=timedelta(minutes=30), notice=timedelta(hours=12))
    starts = compute(weekly=[Window(0, time(9), time(11))], rules=rules, now=now)
    assert local_times(starts) == ["09:30", "10:00", "10:30"]


def test_past_times_are_never_offered():
    now = utc(2026, 11, 23, 10, 5)
    assert local_times(compute(weekly=[Window(0, time(9), time(11))], now=now)) == ["10:30"]


def test_days_beyond_the_horizon_are_not_offered():
    rules = Rules(length=timedelta(minutes=30), horizon_days=8)
    weekly = [Window(0, time(9), time(10))]
    starts = compute(weekly=weekly, rules=rules, last=MONDAY + timedelta(days=14))
    # Today is Sunday 22 November; 8 days ahead is Monday 30 November, the last day offered.
    assert sorted({s.date() for s in starts}) == [MONDAY, MONDAY + timedelta(days=7)]


def test_existing_bookings_and_their_buffer_block_slots():
    rules = Rules(length=timedelta(minutes=30), buffer=timedelta(minutes=10))
    weekly = [Window(0, time(9), time(11))]
    # Grid: 09:00, 09:40, 10:20. A booking 09:40-10:10 blocks 09:40 only.
    booked = [(utc(2026, 11, 23, 9, 40), utc(2026, 11, 23, 10, 10))]
    assert local_times(compute(weekly=weekly, busy=booked, rules=rules)) == ["09:00", "10:20"]
    # A booking off the grid (e.g. made under an older length) blocks its neighbours too.
    odd = [(utc(2026, 11, 23, 9, 35), utc(2026, 11, 23, 9, 50))]
    assert local_times(compute(weekly=weekly, busy=odd, rules=rules)) == ["10:20"]


def test_on_the_spring_forward_day_local_hours_map_to_the_new_offset():
    sunday = date(2026, 3, 29)  # clocks go 01:00 GMT → 02:00 BST
    weekly = [Window(6, time(9), time(10))]
    starts = compute(weekly=weekly, first=sunday, now=utc(2026, 3, 1))
    assert starts == [utc(2026, 3, 29, 8, 0), utc(2026, 3, 29, 8, 30)]
    saturday = compute(
        weekly=[Window(5, time(9), time(10))], first=date(2026, 3, 28), now=utc(2026, 3, 1)
    )
    assert saturday[0] == utc(2026, 3, 28, 9, 0)


def test_a_window_across_spring_forward_holds_only_the_real_hours():
    sunday = date(2026, 3, 29)
    starts = compute(weekly=[Window(6, time(0), time(4))], first=sunday, now=utc(2026, 3, 1))
    # 00:00 GMT to 04:00 BST is three real hours: six half-hour slots, none at a
    # wall-clock time that does not exist (01:00–01:59 is skipped).
    assert len(starts) == 6
    assert local_times(starts) == ["00:00", "00:30", "02:00", "02:30", "03:00", "03:30"]


def test_on_the_fall_back_day_local_hours_map_to_the_old_offset():
    sunday = date(2026, 10, 25)  # clocks go 02:00 BST → 01:00 GMT
    starts = compute(weekly=[Window(6, time(9), time(10))], first=sunday, now=utc(2026, 10, 1))
    assert starts == [utc(2026, 10, 25, 9, 0), utc(2026, 10, 25, 9, 30)]
    saturday = compute(
        weekly=[Window(5, time(9), time(10))], first=date(2026, 10, 24), now=utc(2026, 10, 1)
    )
    assert saturday[0] == utc(2026, 10, 24, 8, 0)


def test_a_window_across_fall_back_holds_the_extra_hour():
    sunday = date(2026, 10, 25)
    starts = compute(weekly=[Window(6, time(0), time(3))], first=sunday, now=utc(2026, 10, 1))
    # 00:00 BST to 03:00 GMT is four real hours: eight slots, 01:00 and 01:30 twice.
    assert len(starts) == 8
    assert local_times(starts) == [
        "00:00",
        "00:30",
        "01:00",
        "01:30",
        "01:00",
        "01:30",
        "02:00",
        "02:30",
    ]
    assert len(set(starts)) == 8


def test_first_available_merges_practitioners_and_keeps_their_order():
    nine, half_past = utc(2026, 11, 23, 9), utc(2026, 11, 23, 9, 30)
    merged = scheduling.first_available({7: [half_past], 3: [nine, half_past]})
    assert merged == {nine: [3], half_past: [7, 3]}


def test_nearest_open_times_are_the_closest_in_either_direction():
    base = utc(2026, 11, 23, 12)
    starts = [base + timedelta(hours=h) for h in (-5, -1, 2, 3, 30)]
    assert scheduling.nearest(starts, base, count=3) == [
        base - timedelta(hours=1),
        base + timedelta(hours=2),
        base + timedelta(hours=3),
    ]


def test_group_by_day_uses_the_local_date():
    late = utc(2026, 7, 1, 23, 30)  # 00:30 BST on 2 July
    assert list(scheduling.group_by_day([late], LONDON)) == [date(2026, 7, 2)]
