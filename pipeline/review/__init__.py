<<<<<<< HEAD
"""Review: what changed (diff), what a person decided (decisions), the published series, the review app."""
=======
"""Review: what a person needs to check the extracted numbers against the documents."""
>>>>>>> pdfpage
