pytest_plugins = ["etablera.testing.fixtures"]
