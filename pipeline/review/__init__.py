"""The review app: a FastAPI app (app, pages, export to a static page) over an extracted/ folder and the
decisions file — the document view with every number marked and the words that decided it
(highlight), the PDF page beside it (pdfpage/), the lists and series charts (charts), the cached
views' data (workspace over folder, documents, rows, status, cells, marks, detail, changes). What it
shows as published comes from the publish stage (pipeline.publish), which it imports, never the other
way round."""
