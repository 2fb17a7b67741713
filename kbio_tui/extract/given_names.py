"""Given names, so that ``Donald Trump`` or ``Erik Karlsson`` is a person without a role word beside it.

The lexicon is the US Census first-name lists shipped by the ``names`` package (5,163 given names),
plus given names common in international news that the census lists lack. Census lists also hold
words that are more often something else at the start of a capitalised run (``May``, ``Will``,
``China``, ``Hope``); those are refused here, and the caller still refuses runs that end in an
organisation or place word.  Loaded on first use: only ingest workers pay for it, never the browser.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

# Given names frequent in world news and missing from the 1990 census lists.
_EXTRA = frozenset(
    """
    abdul abdullah ahmed ahmad ali amir anders andreas andrzej anil antoine arjun arnaud bashar benoit bjorn
    boris bruno carlos cesar chiara christophe dmitry dmitri emmanuel enrique fatima fernando francois
    giorgio giuseppe gustavo hamid hans hassan heinz hiroshi ibrahim igor ivan jacques jaime javier
    jens joachim jonas joonas juan jurgen karim kenji klaus lars leon luca luis mamadou marco mariano
    markus martina matteo mehmet mikhail mohamed mohammad mohammed nikolai nino olaf omar pablo pedro
    pierre rahul raj ravi recep sanjay sergei sergey shinzo stefan sven takeshi thierry vladimir
    volodymyr wolfgang xavier yoshihide yuki yusuf
    """.split()  # noqa: SIM905
)
# Census given names that open capitalised runs far more often as a month, a place, a verb or a
# common noun than as a person's name.
_NOT_GIVEN = frozenset(
    """
    april august june may march hong christian china paris kenya india asia georgia virginia carolina
    dakota florida jordan israel chad lebanon tennessee nevada victoria adelaide sydney austin
    dallas houston denver cleveland orlando phoenix berlin vienna will mark bill grace hope faith joy
    art sun moon young long king major general judge chase cash lane dale page price rich love
    summer autumn winter spring star sky river ocean tiger wolf fox rock golden ivory crystal
    pearl ruby amber jade coral honey candy sugar cherry olive ginger rose lily iris violet daisy
    holly ivy heather hazel dawn eve mercy patience prudence constance unity liberty justice
    royal prince princess duke baron noble sterling worth best early man son
    sir madam miss mister lord god jesus christ north south east west central new old
    great grand little big fine fair gay happy lucky merry sunny stormy rusty dusty misty
    young trinity temple chapel church hall park parks street lake lakes wood woods field
    fields hill hills mountain forest green white black brown gray grey red blue pink
    """.split()  # noqa: SIM905
)


@cache
def _census(part: str) -> dict[str, float]:
    """One census list (``dist.male.first`` or ``dist.female.first``): lower-cased name -> share of
    people (percent); empty if the package is missing."""
    try:
        raw = (resources.files("names") / part).read_text(encoding="ascii")
    except (ModuleNotFoundError, FileNotFoundError):  # a broken install costs recall, not the ingest
        return {}
    out: dict[str, float] = {}
    for line in raw.splitlines():
        cols = line.split()
        if len(cols) >= 2:
            out[cols[0].lower()] = float(cols[1])
    return out


@cache
def given_names() -> frozenset[str]:
    """Lower-cased given names; the census lists are read once per process."""
    return (
        frozenset(_census("dist.male.first")) | frozenset(_census("dist.female.first")) | _EXTRA
    ) - _NOT_GIVEN


def gender_of(given: str) -> str | None:
    """'m' or 'f' when the census finds a given name ten times likelier for one sex; else None.

    Used only to keep "she said" from going to the last man named, never to label anyone.
    """
    low = given.split("-", 1)[0].lower()
    male, female = _census("dist.male.first").get(low, 0.0), _census("dist.female.first").get(low, 0.0)
    if male > 10 * female:
        return "m"
    if female > 10 * male:
        return "f"
    return None


def is_given_name(token: str) -> bool:
    """``Erik`` and ``Erik-Jan`` yes; ``May``, ``Will``, ``Korea`` no. Capitalised tokens only."""
    if not token[:1].isupper() or not token.isascii():
        return False
    low = token.lower()
    lex = given_names()
    return low in lex or ("-" in low and low.split("-", 1)[0] in lex)


# Words of place names: a capitalised run holding one is a place or a body named after it
# ("Hong Kong", "San Jose", "Conrad Seoul", "Kenya Red Cross"), not a person.
PLACE_WORDS = frozenset(
    """
    korea korean seoul busan incheon daegu daejeon gwangju ulsan sejong jeju songdo osong pangyo gyeonggi
    gangnam yeouido china chinese beijing shanghai shenzhen guangzhou macau taiwan taipei
    japan japanese tokyo osaka kyoto singapore vietnam hanoi thailand bangkok indonesia jakarta
    malaysia philippines manila india indian mumbai delhi pakistan iran iraq syria israel gaza turkey
    russia moscow ukraine kyiv poland warsaw germany berlin munich france paris switzerland basel zurich
    geneva italy rome milan spain madrid barcelona portugal lisbon britain england london scotland
    ireland dublin wales sweden stockholm norway oslo denmark copenhagen finland netherlands amsterdam
    belgium brussels austria vienna hungary greece athens egypt cairo nigeria kenya nairobi somalia
    ethiopia africa south north east west europe european asia asian america american americas
    canada canadian ottawa toronto montreal vancouver calgary edmonton winnipeg halifax quebec ontario
    alberta manitoba saskatchewan nova scotia brunswick labrador newfoundland yukon nunavut
    mexico brazil argentina chile colombia peru cuba australia sydney melbourne zealand
    columbus washington york jersey boston chicago houston dallas texas california florida virginia georgia
    carolina ohio michigan kentucky atlanta seattle denver philadelphia detroit angeles francisco
    diego jose vegas miami phoenix oregon arizona alaska hawaii massachusetts maryland tennessee
    capitol ocean pacific atlantic arctic gulf island islands valley county province state states
    city republic kingdom united union
    """.split()  # noqa: SIM905
)
