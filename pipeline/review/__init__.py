"""Review: what changed (diff), what a person decided (decisions), the published series, the PDF page
images (pdfpage) and the review app."""
