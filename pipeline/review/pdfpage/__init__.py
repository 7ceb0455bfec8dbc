"""A PDF page as an image, and where an extracted number stands on it, so that a reviewer checks
the number against the page as published.

    document.page_count(pdf_path) -> int
    render.render_page_png(pdf_path, page, scale=1.5) -> bytes          # PNG of a 1-based page
    locate.locate_numbers(pdf_path, items) -> {item_id: NumberBox}      # items: (item_id, page, surface, quote)
    items.items_for(doc, rows) -> items                                 # exact items for (item_id, char_start, char_end)

An observation's char_start/char_end index Document.text, which is not pdfium's page text
(pipeline.ingest.pdf drops running headers and footnote markers, joins hyphenated lines and writes
table rows with tabs), so a number is found again in pdfium's own text of its page, by its surface as
written and the words around it in its quote (the sentence or table row it came from).

A number's boxes are the union of its characters' boxes, one per printed line it stands on, as
fractions of the rendered page (origin top-left, the page's /Rotate applied as render_page_png
applies it). The PDF is opened once per call and each page's text read once, in one pdfium call.

A file that is no readable PDF raises IngestError ('<path>: <reason>', one line); a page number
outside the document, or a bad scale, raises ValueError with a one-line reason. pdfium is not
thread-safe, so the three functions take turns on a lock (a web server's threads may call them):
every pdfium call happens inside document.opened, which holds pipeline.ingest.pdf.opening.PDFIUM_LOCK
from opening the document to closing it.

One module each:
  document   the PDF opened under the pdfium lock, its page count, page numbers checked
  render     a page rendered as a PNG
  surfaces   a number as written found in a text (white space allowed inside it, not inside a longer
             number), and the words around it compared
  items      what is looked for: a row's page, surface and quote (items_for: the exact ones from a
             Document) made a query with the quote's words before and after the number
  pagetext   one page's pdfium text, where a surface stands in it, the words around it, and the boxes
             of its characters as fractions of the page
  locate     locate_numbers: each query's occurrence chosen (page, then neighbouring pages; distinct
             occurrences for rows that share a surface) and its boxes

Nothing is imported here: importing the package loads no pypdfium2.
"""
