"""The run layer: a run over many documents into one output folder, and the calls a notebook makes.

    api          one document read and extracted (`from pipeline import extract`)
    inputs       the files a run is given, folders expanded; a document's table name
    documents    one document processed (a bad one never stops the others), many in processes,
                 unchanged ones taken from their cache
    tables       the per-document tables, the combined Parquet, changes.csv and coverage.csv
    validation   the run's documents checked against each other, the folder and the known values
    findings_file  findings.csv
    batch        run_documents: the whole run without Prefect (flows/ makes the same steps tasks)
    outputs/     the output folder as one whole: lock, plan, manifest and caches, staging, stamp, reach
    report       what a run tells its user (the Prefect artifacts)

Pure functions; flows/ wraps them in Prefect tasks. Nothing here imports a command, a flow, the
review app or fetch (pyproject.toml's import contracts)."""
