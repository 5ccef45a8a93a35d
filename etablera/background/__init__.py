"""Background work (issues #16 and #18): a job a user starts from a page, run by the task queue's worker, its
progress shown on the job's page and its file downloaded from there. See docs/architecture.md, "Background work"."""
