"""The preview page: problems, the PDF, the web edition and the slides; its script and stylesheet."""

from __future__ import annotations

from markupsafe import Markup

from briefpub.serve.state import Preview, Snapshot

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; "
    "frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"
)


def page(snapshot: Snapshot, preview: Preview) -> str:
    """Return the preview page: the problems, the PDF, the web edition and the slides."""
    problems = [Markup('<li class="error">{}</li>').format(e) for e in snapshot.errors]
    problems += [Markup('<li class="warning">{}</li>').format(w) for w in snapshot.warnings]
    if snapshot.pdf is not None:
        pages = f"{snapshot.pages} page{'s' if snapshot.pages != 1 else ''}"
        pdf = Markup('<a class="pdf" href="/output/{}">PDF, {}</a>').format(snapshot.pdf, pages)
    else:
        pdf = Markup('<span class="pdf">PDF: being made…</span>')
    status = (
        "error: showing the last good version" if snapshot.errors else f"built in {snapshot.seconds:.2f} s"
    )
    return str(
        Markup(
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>{title} · briefpub preview</title>"
            '<link rel="stylesheet" href="/preview.css"></head>'
            '<body data-version="{version}">'
            '<div class="top"><header class="bar"><strong>briefpub serve</strong> '
            '<span class="source">{source}</span> <span class="status{bad}">{status}</span> {pdf}</header>'
            '<ul class="problems" aria-live="polite">{problems}</ul></div>'
            '<main class="columns">'
            '<section class="edition"><h2>Web edition</h2>'
            '<iframe src="/edition?v={version}" title="The web edition"></iframe></section>'
            '<section class="deck"><h2>Slides ({count}){drawn}</h2>{slides}{real}</section>'
            "</main>"
            '<script src="/preview.js"></script></body></html>\n'
        ).format(
            title=snapshot.title or preview.source.name,
            version=snapshot.version,
            source=preview.project.display(preview.source),
            bad=" bad" if snapshot.errors else "",
            status=status,
            pdf=pdf,
            problems=Markup("").join(problems),
            count=snapshot.slide_count,
            drawn=Markup(' · <a href="#real">as LibreOffice draws them</a>') if snapshot.rendered else "",
            slides=Markup(snapshot.slides),
            real=_rendered(snapshot.rendered),
        )
    )


def _rendered(pictures: tuple[str, ...]) -> Markup:
    """Return the LibreOffice drawings of the slides, under the plan's previews."""
    if not pictures:
        return Markup("")
    shown = Markup("").join(
        Markup('<img class="rendered" src="{}" alt="slide {} as LibreOffice draws it">').format(url, number)
        for number, url in enumerate(pictures, 1)
    )
    return Markup('<h2 id="real">As LibreOffice draws them</h2>{}').format(shown)


SCRIPT = """// Reload when the preview changes; keep the reader's place.
const version = document.body.dataset.version;
const key = "briefpub-scroll";
const saved = sessionStorage.getItem(key);
if (saved) { window.scrollTo(0, Number(saved)); sessionStorage.removeItem(key); }
const events = new EventSource("/events?since=" + version);
events.onmessage = (event) => {
  if (event.data !== version) {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
};
"""

STYLE = """body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: #1B1B1B; background: #F2F4F7; }
/* The bar and the problems stay at the top of the window: a save that breaks the briefing is seen
   wherever the reader was (the page keeps its scroll position as it reloads). */
.top { position: sticky; top: 0; z-index: 2; }
.bar { display: flex; gap: 1em; align-items: baseline;
  padding: 0.6em 1em; background: #14365D; color: #FFFFFF; }
.bar a { color: #FFFFFF; }
.status.bad { color: #FFB4A2; font-weight: bold; }
.problems { margin: 0; padding: 0; list-style: none; max-height: 30vh; overflow-y: auto;
  box-shadow: 0 2px 4px rgba(0, 0, 0, 0.15); }
.problems li { padding: 0.4em 1em; font-family: ui-monospace, monospace; font-size: 13px;
  white-space: pre-wrap; overflow-wrap: anywhere; }  /* a long message or path never widens the page */
.problems .error { background: #FDE2DC; color: #7A1F0F; }
.problems .warning { background: #FFF4D6; color: #5C4400; }
.columns { display: flex; flex-wrap: wrap; gap: 1em; padding: 1em; align-items: flex-start; }
.edition { flex: 1 1 560px; min-width: 0; }
.edition iframe { width: 100%; height: 80vh; border: 1px solid #C9CED6; background: #FFFFFF; }
.deck { flex: 0 1 500px; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: #5B6470; margin: 0 0 0.5em; }
.slide-preview { margin: 0 0 1em; }
.slide { position: relative; overflow: hidden; background: #FFFFFF; border: 1px solid #C9CED6;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12); }
.slide-preview.marked .slide { outline: 2px solid #D9822B; }
.slide-preview figcaption { font-size: 12px; color: #5B6470; margin-top: 0.3em; }
.flag { margin-left: 0.5em; padding: 0 0.4em; border-radius: 3px; background: #D9822B; color: #FFFFFF; }
.box { position: absolute; box-sizing: border-box; outline: 1px dashed rgba(20, 54, 93, 0.25);
  display: flex; flex-direction: column; line-height: 1.2; white-space: nowrap; }
.box .paragraph { margin: 0; }
.box .paragraph + .paragraph { margin-top: 0.45em; }
.box .bullet::before { content: "• "; }
.box code { font-family: ui-monospace, monospace; }
.box sup { font-size: 0.65em; line-height: 0; vertical-align: 0.5em; }  /* a footnote call: 58⁴ */
.box .link { text-decoration: underline; }
.box.below-minimum { outline: 2px solid #C0392B; }
.box.aside { color: #5B6470; white-space: normal; }
.box.cell { padding: 0.2em 0.35em; outline-color: rgba(20, 54, 93, 0.35);
  background: #FFFFFF; color: #1B1B1B; }  /* a table style's cells are filled: on any slide */
.box.cell.header { font-weight: bold; color: #14365D; background: #E8EDF3; }
.figure { position: absolute; }
.rendered { display: block; width: 480px; margin: 0 0 1em; border: 1px solid #C9CED6; }
"""
