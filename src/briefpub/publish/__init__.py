"""Publishing: a briefing's editions rendered and written, for one source or a whole project.

The words, here and everywhere: an *edition* is one output of a briefing
(``pdf``, ``slides``, ``html``, ``email``); the deck's *master* is its
.pptx/.potx; *templates* are the newsletter's Jinja2 and CSS files; to
*publish* a source is to render its editions and write them; a *build*
publishes every source whose editions are not up to date.

``editions`` (what each edition writes, reads and is rendered by) →
``pipeline`` (the one publish path: parse, render every edition asked for,
then write them as a set; ``companions`` checks and cleans the files beside
the main one) → ``build`` (the per-source loop every command runs: the lock,
what ``freshness`` says is up to date, failures counted, the manifest) and
``watch`` (build again on change). ``check`` is everything but the writing;
``clean`` removes what the manifest records of sources gone; ``output``
writes atomically under the project's lock.
"""
