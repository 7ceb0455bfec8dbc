"""migstat: Dutch migration reports to one table of observations."""
