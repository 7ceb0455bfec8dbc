"""The language of Dutch report text, below every stage that reads it: the blank Dutch spaCy pipeline
(`nlp`), numbers (`numbers`), periods and editions (`periods`) and tables written as text
(`text_tables`). Ingest uses it to find editions and text tables; extraction to read sentences."""
