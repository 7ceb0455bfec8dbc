"""Review: what a person needs to check the extracted numbers against the documents."""
