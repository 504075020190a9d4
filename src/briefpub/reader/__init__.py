"""The reader: a source file to a :class:`~briefpub.model.briefing.Briefing`, as ``docs/format.md`` says.

``decode`` (bytes to text, the encoding named when it is not UTF-8) →
``frontmatter`` (the YAML block) → ``structure`` (title, key points,
questions and answers, the size limit) → ``markup`` (inline CommonMark,
footnotes) and ``figures`` (images, checked before they are trusted).
``unparse`` writes a briefing back as source text.
"""

MARKUP_VALUES = ("commonmark", "plain")
"""``commonmark``: inline markup, footnotes, lists and figures; ``plain``: every character literal.

Here rather than in ``frontmatter``, so that the configuration and a source without front matter do not
import that module.
"""
