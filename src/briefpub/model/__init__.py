"""The model: the one structure the reader fills and every edition reads.

``briefing`` holds the briefing, its sections and blocks; ``richtext`` the
small inline tree every text of it carries (emphasis, links, footnote calls).
"""
