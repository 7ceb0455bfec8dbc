"""Polling publication sources (rules/sources.yaml) into raw/: `fetch_all(config_path, raw_dir)`.

config (the sources file), http (one httpx client: timeouts on every request, retries with backoff,
conditional GET), links (the documents a listing page or an RSS/Atom feed points to), state (what was
fetched before: raw/.fetch-state.json), poll (one source -> new files, unchanged, failures).
"""
from __future__ import annotations

from .config import FetchConfig, Source, load_config, SourceConfigError
from .poll import FetchFailure, FetchReport, SourceReport, fetch_all

__all__ = ["FetchConfig", "Source", "load_config", "SourceConfigError", "FetchFailure", "FetchReport",
           "SourceReport", "fetch_all"]
