pytest_plugins = ["etablera.testing.fixtures", "etablera.testing.order"]
