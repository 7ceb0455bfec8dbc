"""Review: what changed (diff), what a person decided (decisions), the published series, the review app."""
