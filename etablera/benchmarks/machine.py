"""The machine and the data a benchmark ran on: cores, memory, load, database version and settings, data size."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import django
from django.db import connection
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.people.models import Household, Person
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase, Task, TaskEvent


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def describe() -> dict[str, str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    info = {
        "Date": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
        "CPU": f"{os.cpu_count()} cores, {_cpu_model()}",
        "Memory": _memory(),
        "Load average when the run started (1, 5, 15 min)": ", ".join(f"{x:.2f}" for x in load),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "Database": connection.vendor,
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
            info["Database"] = cursor.fetchone()[0].split(" on ")[0]
            settings = []
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit"):
                cursor.execute(f"SHOW {name}")
                settings.append(f"{name} {cursor.fetchone()[0]}")
            info["Database settings"] = ", ".join(settings)
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            info["Database size"] = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            info["Database"] = f"SQLite {cursor.fetchone()[0]}"
    return info


def data_size() -> dict[str, int]:
    return {
        "persons": Person.objects.count(),
        "households": Household.objects.count(),
        "anvisningar": Assignment.objects.count(),
        "reception cases": ReceptionCase.objects.count(),
        "tasks": Task.objects.count(),
        "open tasks": Task.objects.filter(status=Task.Status.OPEN).count(),
        "task events": TaskEvent.objects.count(),
        "timeline events": CaseEvent.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def municipality_size(municipality) -> dict[str, int]:
    return {
        "households": Household.objects.filter(municipality=municipality).count(),
        "persons": Person.objects.filter(municipality=municipality).count(),
        "open reception cases": ReceptionCase.objects.filter(
            municipality=municipality, status=ReceptionCase.Status.OPEN
        ).count(),
        "open tasks": Task.objects.filter(municipality=municipality, status=Task.Status.OPEN).count(),
    }
