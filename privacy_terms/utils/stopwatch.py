"""Where a build's time goes, measured in phases (for `build --timings` and the benchmark)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Stopwatch:
    """Seconds spent in each named phase; a phase entered twice adds up."""

    phases: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the body of a `with` block as part of the phase `name`."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start

    def rounded(self) -> dict[str, float]:
        """The phases in seconds, to the millisecond."""
        return {name: round(seconds, 3) for name, seconds in self.phases.items()}
