"""The Swedish pages: thin function views that parse the request, call a selector or service, and render."""
