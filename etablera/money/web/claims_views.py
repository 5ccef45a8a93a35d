"""The claims pages of the money domain (issue #15)."""

urlpatterns: list = []
