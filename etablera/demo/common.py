"""What the demo's loaders share (demo/services.py, demo/cohort.py): fictional identity numbers that pass the
checks, and dating the timeline rows a block writes to a simulated day."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import Max
from django.utils import timezone
from stdnum import luhn

from etablera.demo import data
from etablera.people.models import Person
from etablera.reception.models import CaseEvent, Task, TaskEvent


def _serial(rng: random.Random, sex: str) -> int:
    """A three-digit birth number; its last digit is odd for men and even for women (Skatteverket)."""
    last = rng.choice((1, 3, 5, 7, 9) if sex == Person.Sex.MALE else (0, 2, 4, 6, 8))
    return rng.randint(80, 98) * 10 + last


def _personal_number(kind: str, birth: dt.date, serial: int) -> str:
    """A valid fictional personnummer or samordningsnummer (day + 60): 12 digits, Luhn over the last ten."""
    day = birth.day + 60 if kind == data.S else birth.day
    base = f"{birth:%y%m}{day:02d}{serial:03d}"
    return f"{birth.year // 100:02d}{base}{luhn.calc_check_digit(base)}"


def _identity(kind: str, birth: dt.date, sex: str, rng: random.Random, taken: set[str]) -> str:
    if kind == data.D:
        return f"{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"
    while True:
        number = _personal_number(kind, birth, _serial(rng, sex))
        if number not in taken and not Person.objects.filter(identity_number=number).exists():
            taken.add(number)
            return number


@contextmanager
def _on(day: dt.date, rng: random.Random, *, hour: int | None = None, after: int = 8) -> Iterator[None]:
    """Date the timeline rows written inside the block to `day` (a working hour from `after`), never later
    than now."""
    hour = hour if hour is not None else rng.randint(after, 15)
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59))))
    when = min(when, timezone.now())
    marks = {
        CaseEvent: CaseEvent.objects.aggregate(m=Max("pk"))["m"] or 0,
        TaskEvent: TaskEvent.objects.aggregate(m=Max("pk"))["m"] or 0,
    }
    started = timezone.now()
    yield
    for model, mark in marks.items():
        model.objects.filter(pk__gt=mark).update(at=when)
    Task.objects.filter(completed_at__gte=started).update(completed_at=when)
