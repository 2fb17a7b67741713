"""Kinds of site chrome that the general noise rules in ``boilerplate`` do not describe.

Market tickers, read-time and character counters, close buttons, accessibility skip links, search
widgets, comment prompts, feedback widgets and lists of other articles ("Most Read", "More to Read").
Each rule is a shape of line seen across news sites, not one site's wording.
"""

from __future__ import annotations

import re

# ``KOSPI 2730.34 +3.13 +0.11%``, ``USD/KRW 1367.5 -0.5 -0.04%``, ``Nasdaq 15,990.66 ▲120.1``
_TICKER = re.compile(
    r"^[A-Z][A-Za-z0-9/&.\-]{1,15}(?:\s[A-Z0-9]{1,6})?\s+[\d,]+(?:\.\d+)?"
    r"(?:\s+[+\-▲▼△▽]\s?[\d,]+(?:\.\d+)?%?){1,2}$"
)
# ``1 Min read``, ``Min read``, ``5 minute read``, ``0/300``, ``(0/250자)``, ``Comment 0``
_COUNTER = re.compile(
    r"^(?:\d+\s*)?min(?:ute)?s?\.?\s+read\b.*$|^\(?\d+\s*/\s*\d+\s*(?:자|chars?|characters?)?\)?$"
    r"|^comments?\s*:?\s*\(?\d+\)?$|^\d+\s+comments?$",
    re.IGNORECASE,
)
# ``X``, ``kh close``, ``Close``, ``×``: the close button of an overlay
_CLOSE = re.compile(r"^(?:[a-z]{1,4}\s+)?(?:close|닫기)$|^[xX×✕✖]$", re.IGNORECASE)
# ``Go to Contents Go to Navigation``, ``Skip to main content``, ``Jump to navigation``
_SKIP_LINK = re.compile(
    r"^(?:(?:go|skip|jump)\s+to\s+(?:the\s+)?(?:main\s+)?(?:contents?|navigation|menu|search|footer)\s*){1,3}$",
    re.IGNORECASE,
)
# Search widgets: ``* The search is limited to articles published after 2010.``, ``Search results for``
_SEARCH_NOTE = re.compile(
    r"^\W*(?:the\s+)?search\s+(?:is\s+limited|results?|will|only|covers?)\b.{0,100}$|^search\s+this\s+site$",
    re.IGNORECASE,
)
# Feedback and social-login widgets: ``Send Feedback``, ``How can we improve?``,
# ``Log in to Twitter or Facebook account to connect``, ``Send to``, ``View Market Snapshot``
_WIDGET = re.compile(
    r"^(?:send\s+(?:us\s+)?feedback|how\s+can\s+we\s+improve\??|thanks?\s+(?:you\s+)?for\s+your\s+feedback!?"
    r"|(?:was\s+)?this\s+(?:article|story)\s+(?:was\s+)?helpful\??|log\s*in\s+to\s+(?:twitter|facebook|kakao|naver)\b.*"
    r"|with\s+the\s+[A-Z][\w ]{2,40}\s+connect|send\s+to|share\s+articles?|view\s+market\s+snapshot"
    r"|text\s+size|font\s+size|settings|print\s+dictionary\s+print|print|dictionary|link\s+copied|copy\s+link"
    r"|home\s+top|back\s+to\s+top|main\s+menu|all\s+headlines)$",
    re.IGNORECASE,
)
# Lines that open a list of other articles; what follows until prose resumes is that list.
_LIST_HEADING = re.compile(
    r"^(?:most\s+(?:read|viewed|popular|liked|saved|shared|commented)(?:\s+(?:articles?|news|stories))?"
    r"|more\s+(?:to\s+read|news|stories|articles)|(?:also\s+)?read\s+more|related(?:\s+\w+)?"
    r"|(?:top|latest|trending|popular|hot)\s+(?:news|stories|articles|headlines)|recommended(?:\s+\w+)?"
    r"|you\s+(?:may|might)\s+(?:also\s+)?like|editor'?s\s+picks?|what\s+to\s+read\s+next|keywords?)$",
    re.IGNORECASE,
)
# Comment forms and their prompts: ``To write comments, please log in to one of the accounts.``,
# ``Your email address will not be published.``, ``Standards Board Policy``
_COMMENT_FORM = re.compile(
    r"^(?:to\s+(?:write|post|leave|add)\s+(?:a\s+)?comments?\b.{0,80}|(?:please\s+)?log\s*in\s+to\s+(?:comment|write|post)\b.{0,60}"
    r"|your\s+email\s+address\s+will\s+not\s+be\s+published\b.{0,80}|required\s+fields\s+are\s+marked.{0,10}"
    r"|you\s+may\s+use\s+these\s+html\s+tags\b.*|standards\s+board\s+policy\b.{0,20}|comment\s+policy\b.{0,40}"
    r"|(?:add|write|post|leave)\s+a\s+(?:comment|reply)|comments?\s*\(?\d*\)?|log\s*in)$",
    re.IGNORECASE,
)
# A publisher's legal footer: ``Herald Corporation|CEO : Kim Ji-ho``, ``Publisher. Editor : ...``,
# ``Company Registration No. 104-81-00000``, ``Juvenile Protection Manager : ...``, ``T : +82-2-000-0000``
_OFFICER = (
    r"(?:ceo|publisher(?:\.?\s*(?:&\s*)?editor)?|editor(?:-in-chief)?|chief\s+privacy\s+officer"
    r"|(?:juvenile|youth)\s+protection\s+(?:manager|officer)|privacy\s+officer)"
)
_PUBLISHER_FOOTER = re.compile(
    r"^(?:[^|:]{2,40}\|\s*)?" + _OFFICER + r"(?:\s*(?:&|and)\s*[\w ]{3,40})?\s*[:：]\s*"
    r"(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){1,3})(?:\s*\|.*)?$"
    r"|^title\s*[:：][^|]{2,40}\|"
    r"|^(?:company\s+)?registration\s+(?:no|number)\b|^(?:mail-order\s+)?business\s+registration\b"
    r"|^date\s+of\s+registration\b|^(?:t|f|tel|fax|phone)\s*[:：.]\s*\+?\d[\d\s().-]{6,}$"
    r"|^publisher\s+(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})\s*\|",
    re.IGNORECASE,
)
# ``Recommended #Yuhan Corp #Leclaza``: a label, then hashtags
_LABELLED_TAGS = re.compile(r"^[A-Za-z ]{2,20}:?\s*(?:#[^#]{1,40}){1,}$")


def is_widget(line: str) -> bool:
    """A line of interface furniture: ticker, counter, close button, skip link, search note, widget label."""
    if len(line) > 200:
        return False
    text = line.strip(" •·|-*")
    return bool(
        _TICKER.match(text)
        or _COUNTER.match(text)
        or _CLOSE.match(text)
        or _SKIP_LINK.match(text)
        or _SEARCH_NOTE.match(text)
        or _WIDGET.match(text)
        or (_LABELLED_TAGS.match(text) and text.count("#") >= 1)
    )


def is_list_heading(line: str) -> bool:
    """A heading over a list of other articles (``Most Read``, ``More to Read``, ``Related Articles``)."""
    return len(line) < 60 and bool(_LIST_HEADING.match(line.strip(" •·|-")))


def is_comment_form(line: str) -> bool:
    """A comment form or its prompt: nothing after it belongs to the article."""
    return len(line) < 300 and bool(_COMMENT_FORM.match(line.strip(" •·|-*")))


def is_publisher_footer(line: str) -> bool:
    """A line of a publisher's legal footer (officers, registration numbers, phone), never article text.

    The officers it names are the site's, not people in the story.
    """
    return len(line) < 200 and bool(_PUBLISHER_FOOTER.match(line))
