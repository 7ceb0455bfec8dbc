"""The publish stage: what a reader gets from the finished tables — what changed between two tables
(`diff`), the published series with its editions and the review decisions applied (`series`), the
decisions themselves (`decisions`: an append-only log, never rewritten) and which row a finding is
about (`findings`). It imports core and validate only; the run, the command line and the review app
use it."""
