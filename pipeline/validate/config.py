"""The checks' parameters: rules/checks.yaml, read once, its patterns compiled."""
from __future__ import annotations

import functools
import re

from ..rules import load


@functools.lru_cache(maxsize=1)
def config():
    c = load("checks")
    c["_total"] = re.compile(c["total_label"])
    c["_subset"] = re.compile(c["subset_label"])
    c["_rounded_words"] = re.compile(c["rounding"]["rounded_words"])
    c["_ack"] = re.compile(c["history"]["acknowledged"])
    c["_rates"] = [{k: re.compile(v) for k, v in r.items()} for r in c["table_rates"]]
    return c
