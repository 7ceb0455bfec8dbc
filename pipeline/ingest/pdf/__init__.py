"""A PDF read into clean text blocks: pdfium (pypdfium2) gives the text, its geometry and its fonts;
pdfplumber's table finder gives the cells of a ruled table (fed with edges made from pdfium's paths:
pdfplumber never parses a page).

    reader.read_pdf(path) -> list[blocks.PdfBlock]             # the blocks in reading order (pdfium's)
    assemble.read_pdf_document(path, data, edition) -> Document   # those blocks laid out as one text

Each block is a paragraph-like run of lines on one page: its lines joined with "\\n",
hyphenated line ends joined, superscript footnote markers dropped (each kept in
PdfBlock.markers as the offset in the block's text where it stood, and its digits), running
page headers, footers and page numbers removed. A block starts at every page start, at a vertical gap
clearly larger than the normal line spacing, at a change of font size or boldness, and
at a bullet ("•", "o ", "- ", "►", "▶", "1. ") at line start. Each row of a ruled table
(text inside the rules drawn with path objects) is a block of its own, with is_table=True,
its cells joined by "\\t" ("2022\\t3.360\\t2.930\\t80%"; a wrapped cell on one line, an
empty or spanned-over cell ""), as the Markdown version of a document writes its tables.
A table split over two pages gives its rows on each page. Lines inside the rules that form
no grid of cells stay one block per line (words separated by spaces).

How it stays fast: the text of a page comes from pdfium in one call (FPDFText_GetText),
split into lines at the line breaks pdfium generates. Character geometry and font sizes
are asked for only where they decide something: the first and last character of each
line, and the first (and last) digit of each digit run, whose baseline tells a raised
footnote marker from a number in the text; only a raised run is then measured in full.
No per-character loop over the page outside ruled tables. A page with a ruled table (found
from its path objects) also has its cell grid found by pdfplumber's table finder, fed with
edges made from pdfium's paths, and the boxes of the table lines' characters asked for, to
put each in its cell; only such a page imports pdfplumber.

Bad input raises IngestError(path, reason): empty file, not a PDF, damaged or
truncated PDF, encrypted PDF, PDF without a text layer.

One module each, in the order a page goes through them:
  opening        the one process-wide pdfium lock (pdfium is not thread-safe), the one-line reasons,
                 the bytes checked and the document opened
  textpage       a pdfium text page: its text in one call, per-character look-ups (PageChars)
  lines          a page's printed lines, superscript footnote markers dropped from them and kept
  table_regions  where a page's ruled tables are (clusters of rules drawn with path objects)
  table_rows     a ruled table's cells (pdfplumber's table finder) and its rows as lines
  running_lines  running headers, footers and page numbers removed
  hyphens        hyphenated line ends mended by how the document writes its words
  blocks         the lines of the pages made blocks: paragraphs, headings, table rows
  reader         read_pdf: the pages through all of the above
  assemble       the blocks laid out as a Document (read by a forked copy while spaCy loads)

Nothing is imported here: `import pipeline.ingest` loads no pypdfium2 (about 0.1 s); reading a PDF does.
"""
