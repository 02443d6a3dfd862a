"""Test-wide settings.

Property tests explore new random examples on every local run, which is how they find bugs; CI
runs them derandomised (``HYPOTHESIS_PROFILE=ci``, set by ``.ci/run``) so that a gate which must
pass on a clean clone cannot fail on an example nobody has seen before.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
