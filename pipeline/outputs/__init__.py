"""The output folder (extracted/) as one consistent whole: a lock so that one run at a time writes it
(`lock`), a manifest of what each table was made from so that unchanged documents are not extracted
again (`manifest`), and a staging copy that a run writes into and publishes at its end, which the next
run completes or discards when a run was killed half-way (`staging`)."""
