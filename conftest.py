pytest_plugins = ["etablera.testing.fixtures", "etablera.testing.order", "etablera.testing.static_files"]
