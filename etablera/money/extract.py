"""The money domain in the register extract (access/extract/content.py, GDPR art. 15): what Etablera keeps about the
person for the state compensation — the computed entitlement lines that name them (summed per kind and year, with
the basis: the reception date and the municipality), payments and claims that name them, and moves recorded."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum

from etablera.money.models import Claim, Entitlement, Payment, Relocation

COVERED = ("money.Entitlement", "money.Payment", "money.Claim", "money.Relocation")


def money_extract(person) -> dict[str, Any]:
    entitlements = [
        {
            "kind": row["kind"],
            "year": row["month__year"],
            "municipality": row["municipality__name"],
            "received_on": row["received_on"].isoformat() if row["received_on"] else None,
            "amount": row["total"],
        }
        for row in Entitlement.objects.filter(person=person)
        .values("kind", "month__year", "municipality__name", "received_on")
        .annotate(total=Sum("amount"))
        .order_by("month__year", "kind")
    ]
    payments = [
        {"kind": p.kind, "month": f"{p.month:%Y-%m}", "amount": p.amount, "reference": p.reference}
        for p in Payment.objects.filter(person=person).order_by("month")
    ]
    claims = [
        {
            "kind": c.get_kind_display(),
            "title": c.title,
            "status": c.get_status_display(),
            "deadline": c.deadline.isoformat(),
        }
        for c in Claim.objects.filter(person=person).order_by("deadline")
    ]
    moves = [
        {"from": m.from_municipality.name, "to": m.to_municipality.name, "moved_on": m.moved_on.isoformat()}
        for m in Relocation.objects.filter(person=person).select_related(
            "from_municipality", "to_municipality"
        )
    ]
    return {"entitlements": entitlements, "payments": payments, "claims": claims, "moves": moves}
