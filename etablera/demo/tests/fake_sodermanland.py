"""Stands in for etablera.reception.sodermanland2017 in the demo's tests: records how it was called."""

calls: list[dict] = []


def load(*, actor=None) -> dict:
    calls.append({"actor": actor})
    return {"kommuntal": 9}
