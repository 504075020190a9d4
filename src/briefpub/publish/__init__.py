"""Publishing: which editions exist, the one path a source takes to its files, and whole-project builds.

``editions`` (the registry of editions and what each reads) → ``pipeline``
(parse, render every edition asked for, then write) → ``build`` (a project,
in parallel, skipping what is up to date) and ``watch`` (build again on
change); ``output`` writes atomically under the project's lock.
"""
