"""The money overview (issue #15)."""

urlpatterns: list = []
