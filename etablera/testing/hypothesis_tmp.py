"""Hypothesis keeps caches (constants, Unicode data) under ./.hypothesis/ even with `database=None`; the property
and schema tests import this so that they write under the system's temporary directory instead."""

import tempfile
from pathlib import Path

from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "etablera-hypothesis")
