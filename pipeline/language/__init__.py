"""The language of Dutch report text, below every stage that reads it: the blank Dutch spaCy pipeline
(`nlp`), numbers (`numbers`), periods (`period_patterns`: the phrases as one pattern; `period_mentions`:
the periods a text mentions; `period_arithmetic`: months, spans, shifts), a document's edition
(`editions`) and tables written as text (`text_tables`). Ingest uses it to find editions and text
tables; extraction to read sentences."""
