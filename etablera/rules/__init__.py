"""Law and local policy as plain functions and dated parameters — no Django imports here.

Every rule names its legal source; every parameter has an effective-from date and a status, so that a law change
is a new row of data, not a rewrite. A computed deadline is a `Deadline`, which can explain itself on screen.
"""

from etablera.rules.deadlines import Deadline
from etablera.rules.parameters import PARAMETERS, Parameter, parameter, parameter_value

__all__ = ["PARAMETERS", "Deadline", "Parameter", "parameter", "parameter_value"]
