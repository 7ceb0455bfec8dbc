"""Imported by the forkserver before it forks the extraction workers (batch.extract_many): loads the
spaCy pipeline and its rules once, so every worker starts with them."""
from ..extraction.nlp import nlp

nlp()
