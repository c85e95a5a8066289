"""Hypothesis profiles: the same examples on every CI run, many random ones on demand.

``HYPOTHESIS_PROFILE`` picks one (tests/conftest.py loads it):

- ``ci`` (the default): derandomized, so each test tries the same examples on every run (they
  derive from the test itself) and a red run is the change's fault, not the dice's; no example
  database, no health check that depends on the machine's speed.
- ``fuzz``: random examples, FUZZ_FACTOR times as many per test; a failure is saved in
  ``.hypothesis/`` and tried first on the next run, until it is fixed and kept as a regression case.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
FUZZ_FACTOR = 100
_FACTORS = {"ci": 1, "fuzz": FUZZ_FACTOR}


def load_profile() -> None:
    """Register both profiles and load the one ``HYPOTHESIS_PROFILE`` names."""
    if PROFILE not in _FACTORS:
        raise ValueError(f"HYPOTHESIS_PROFILE={PROFILE!r}: use one of {', '.join(_FACTORS)}")
    # Machines differ in speed: no deadline and no timing health check, so that only the code
    # under test decides whether a test passes.
    steady = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("ci", steady, derandomize=True, database=None)
    settings.register_profile("fuzz", steady, derandomize=False, print_blob=True)
    settings.load_profile(PROFILE)


def examples(count: int) -> settings:
    """Settings for a property test that tries ``count`` examples in CI, more when fuzzing.

    Created at decoration time, after load_profile, so the rest comes from the loaded profile.
    """
    return settings(max_examples=count * _FACTORS[PROFILE])
