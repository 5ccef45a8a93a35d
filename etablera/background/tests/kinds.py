"""A kind of background work for the tests: registered by the fixture `echo`, it reports its steps, can stop
half-way to let a test look at the job's page, can fail, and counts its runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from etablera.background import registry

KIND = "test_echo"


@dataclass
class Echo:
    runs: int = 0
    readers: set = field(default_factory=set)  # user pks that may read what it makes (start and download)
    downloads: list = field(default_factory=list)
    halfway: object = None  # called with the job at step 2 of 4
    fail: bool = False

    def run(self, job, progress):
        self.runs += 1
        progress(1, 4, "Första steget")
        progress(2, 4, "Halvvägs")
        if self.halfway is not None:
            self.halfway(job)
        if self.fail:
            raise RuntimeError("Familjen Hemlig, 19900101-1234: något gick sönder")
        progress(4, 4, "Sista steget")
        return b"%PDF-1.4 echo", "eko.pdf", "application/pdf"

    def register(self):
        registry.register(
            KIND,
            self.run,
            "Ekot",
            may_read=lambda user, parameters: user.pk in self.readers,
            log_download=lambda user, job: self.downloads.append((user.pk, job.pk)),
        )
