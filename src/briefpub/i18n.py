"""The few words briefpub adds to a briefing, and dates, in the briefing's language."""

from __future__ import annotations

import datetime
import functools
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Labels:
    """Words the outputs print around the writer's text."""

    key_points: str
    bottom_line: str
    contents: str
    issue: str
    page_of: str
    """The page footer, with ``{page}`` and ``{pages}`` where the numbers go."""
    and_: str
    questions: str
    figure: str
    """Before a figure's number: ``Figure 3``."""
    notes: str
    """The heading of the footnotes where they are listed at the end (the HTML edition)."""
    sources: str
    """The label of a slide's footnotes in its speaker notes."""
    skip: str
    """The web edition's skip link, for keyboard and screen-reader users."""
    view_online: str
    """The e-mail's link to the web edition."""
    table: str
    """Before a table's number: ``Table 2``."""
    continued: str
    """After the title of a slide that continues the one before: ``(cont.)``."""
    back_to_reference: str
    """The name of a note's link back to where it is called, ``{n}`` its number (read aloud, not shown)."""
    note_call: str
    """The name of a footnote call, ``{n}`` its number: a link named "1" says nothing out of context."""


_LABELS = {
    "en": Labels(
        "Key points",
        "Bottom line",
        "In this issue",
        "Issue",
        "Page {page} of {pages}",
        "and",
        "Questions",
        "Figure",
        "Notes",
        "Sources",
        "Skip to content",
        "View in your browser",
        "Table",
        "cont.",
        "Back to reference {n}",
        "Note {n}",
    ),
    "fr": Labels(
        "Points clés",
        "En bref",
        "Dans ce numéro",
        "Numéro",
        "Page {page} sur {pages}",
        "et",
        "Questions",
        "Figure",
        "Notes",
        "Sources",
        "Aller au contenu",
        "Voir dans votre navigateur",
        "Tableau",
        "suite",
        "Retour à l’appel de note {n}",
        "Note {n}",
    ),
    "de": Labels(
        "Kernpunkte",
        "Fazit",
        "In dieser Ausgabe",
        "Ausgabe",
        "Seite {page} von {pages}",
        "und",
        "Fragen",
        "Abbildung",
        "Anmerkungen",
        "Quellen",
        "Zum Inhalt springen",
        "Im Browser ansehen",
        "Tabelle",
        "Forts.",
        "Zurück zum Verweis {n}",
        "Anmerkung {n}",
    ),
    "ru": Labels(
        "Главное",
        "Вывод",
        "В этом выпуске",
        "Выпуск",
        "Страница {page} из {pages}",
        "и",
        "Вопросы",
        "Рисунок",
        "Примечания",
        "Источники",
        "Перейти к содержанию",
        "Открыть в браузере",
        "Таблица",
        "продолжение",
        "Назад к ссылке {n}",
        "Примечание {n}",
    ),
    "uk": Labels(
        "Головне",
        "Висновок",
        "У цьому випуску",
        "Випуск",
        "Сторінка {page} з {pages}",
        "і",
        "Питання",
        "Рисунок",
        "Примітки",
        "Джерела",
        "Перейти до змісту",
        "Відкрити в браузері",
        "Таблиця",
        "продовження",
        "Назад до посилання {n}",
        "Примітка {n}",
    ),
    "es": Labels(
        "Puntos clave",
        "En resumen",
        "En este número",
        "Número",
        "Página {page} de {pages}",
        "y",
        "Preguntas",
        "Figura",
        "Notas",
        "Fuentes",
        "Saltar al contenido",
        "Ver en el navegador",
        "Tabla",
        "cont.",
        "Volver a la referencia {n}",
        "Nota {n}",
    ),
    "it": Labels(
        "Punti chiave",
        "In sintesi",
        "In questo numero",
        "Numero",
        "Pagina {page} di {pages}",
        "e",
        "Domande",
        "Figura",
        "Note",
        "Fonti",
        "Vai al contenuto",
        "Apri nel browser",
        "Tabella",
        "segue",
        "Torna al riferimento {n}",
        "Nota {n}",
    ),
    "pt": Labels(
        "Pontos-chave",
        "Em resumo",
        "Nesta edição",
        "Edição",
        "Página {page} de {pages}",
        "e",
        "Perguntas",
        "Figura",
        "Notas",
        "Fontes",
        "Ir para o conteúdo",
        "Ver no navegador",
        "Tabela",
        "cont.",
        "Voltar à referência {n}",
        "Nota {n}",
    ),
    "nl": Labels(
        "Kernpunten",
        "Kortom",
        "In dit nummer",
        "Nummer",
        "Pagina {page} van {pages}",
        "en",
        "Vragen",
        "Figuur",
        "Noten",
        "Bronnen",
        "Naar de inhoud",
        "Bekijk in je browser",
        "Tabel",
        "vervolg",
        "Terug naar verwijzing {n}",
        "Noot {n}",
    ),
    "pl": Labels(
        "Najważniejsze",
        "W skrócie",
        "W tym numerze",
        "Numer",
        "Strona {page} z {pages}",
        "i",
        "Pytania",
        "Rysunek",
        "Przypisy",
        "Źródła",
        "Przejdź do treści",
        "Zobacz w przeglądarce",
        "Tabela",
        "cd.",
        "Powrót do odsyłacza {n}",
        "Przypis {n}",
    ),
    "tr": Labels(
        "Ana noktalar",
        "Sonuç",
        "Bu sayıda",
        "Sayı",
        "Sayfa {page} / {pages}",
        "ve",
        "Sorular",
        "Şekil",
        "Notlar",
        "Kaynaklar",
        "İçeriğe geç",
        "Tarayıcıda görüntüle",
        "Tablo",
        "devamı",
        "{n} numaralı göndermeye dön",
        "Not {n}",
    ),
    "ar": Labels(
        "النقاط الرئيسية",
        "الخلاصة",
        "في هذا العدد",
        "العدد",
        "صفحة {page} من {pages}",
        "و",
        "الأسئلة",
        "الشكل",
        "ملاحظات",
        "المصادر",
        "انتقل إلى المحتوى",
        "اعرضه في المتصفح",
        "الجدول",
        "تابع",
        "العودة إلى الإحالة {n}",
        "ملاحظة {n}",
    ),
    "zh": Labels(
        "要点",
        "结论",
        "本期内容",
        "期号",
        "第 {page} 页，共 {pages} 页",
        "和",
        "问题",
        "图",
        "注释",
        "资料来源",
        "跳到正文",
        "在浏览器中查看",
        "表",
        "续",
        "返回引用 {n}",
        "注释 {n}",
    ),
    "ja": Labels(
        "要点",
        "結論",
        "今号の内容",
        "号",
        "{page} / {pages} ページ",
        "と",
        "質問",
        "図",
        "注",
        "出典",
        "本文へ移動",
        "ブラウザで表示",
        "表",
        "続き",
        "参照 {n} に戻る",
        "注 {n}",
    ),
    "ko": Labels(
        "핵심 요약",
        "결론",
        "이번 호",
        "호",
        "{page} / {pages} 페이지",
        "및",
        "질문",
        "그림",
        "주",
        "출처",
        "본문으로 건너뛰기",
        "브라우저에서 보기",
        "표",
        "계속",
        "참조 {n}(으)로 돌아가기",
        "주 {n}",
    ),
}

_RTL = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"}


def base_language(lang: str) -> str:
    """Return the primary language subtag: ``pt`` for ``pt-BR``."""
    return lang.replace("_", "-").split("-")[0].lower()


def labels(lang: str) -> Labels:
    """Return the labels for ``lang``, in English where briefpub has no translation."""
    return _LABELS.get(base_language(lang), _LABELS["en"])


def labels_language(lang: str) -> str:
    """Return the language :func:`labels` answers ``lang`` in: its own, else ``en``.

    A page in a language briefpub has no words for marks its English labels
    with ``lang="en"``, so a screen reader does not read them in the page's voice.
    """
    return base_language(lang) if base_language(lang) in _LABELS else "en"


def is_rtl(lang: str) -> bool:
    """Return whether ``lang`` is written right to left."""
    return base_language(lang) in _RTL


def starts_rtl(text: str) -> bool:
    """Return whether the first strongly directional character of ``text`` is right to left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


DATE_FORMATS = Path(__file__).parent / "locale" / "date-formats.json"


def format_date(date: datetime.date | None, lang: str) -> str:
    """Return ``date`` written out as readers of ``lang`` expect (CLDR's long date).

    From the packaged table of CLDR's patterns and month names where it has
    ``lang`` (see ``scripts/make_date_formats.py``), which gives Babel's text
    without importing Babel; through Babel for any other language tag.
    """
    if date is None:
        return ""
    known = _date_formats()["locales"].get(lang.replace("-", "_"))
    if known is not None:
        tokens, months = known
        return "".join(_date_field(token, date, months) for token in tokens)
    return _babel_date(date, lang)


def _date_field(token: str | list[Any], date: datetime.date, months: int) -> str:
    """Return one token of a date pattern: literal text, or a year, month or day as CLDR writes it."""
    if isinstance(token, str):
        return token
    field, width = token
    if field == "M" and width == 4:
        return str(_date_formats()["months"][months][date.month - 1])
    value = {"y": date.year % 100 if width == 2 else date.year, "M": date.month, "d": date.day}[field]
    return f"{value:0{width}d}"


@functools.cache
def _date_formats() -> dict[str, Any]:
    return json.loads(DATE_FORMATS.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _babel_date(date: datetime.date, lang: str) -> str:
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date as babel_format

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            locale = Locale.parse(base_language(lang))
        except (UnknownLocaleError, ValueError):
            return date.isoformat()
    return babel_format(date, "long", locale=locale)


def join_names(names: Sequence[str], lang: str) -> str:
    """Return ``A, B and C`` with the language's word for *and*."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {labels(lang).and_} {names[-1]}"
