"""The output folder (extracted/) as one consistent whole: the run's hold on it (`session`: the
output lock of pipeline.locks, the plan, the staging folder), a manifest of what each table was made
from so that unchanged documents are not extracted again (`manifest`), a staging copy that a run
writes into and publishes at its end, which the next run completes or discards when a run was killed
half-way (`staging`), the run stamp that lets an unchanged run write nothing (`stamp`) and how far a
run's changes reach (`reach`)."""
