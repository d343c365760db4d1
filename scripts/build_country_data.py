"""Regenerate kb/data/countries.tsv and kb/data/country_aliases.tsv.

A maintainer's tool, not part of the runtime: the package ships the generated files. Sources:
pycountry (the ISO 3166-1 list and official names), countryinfo (capitals, demonyms, alternative
spellings, filtered because its entries repeat and its demonyms are sometimes shared or dated),
babel/CLDR (Urdu country names), and scripts/country_supplement.tsv (hand-checked names news
copy uses). Run: pip install pycountry countryinfo babel && python scripts/build_country_data.py
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import countryinfo
import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kb" / "data"
SUPPLEMENT = Path(__file__).resolve().parent / "country_supplement.tsv"

# Dependent territories: their capitals are small towns whose names collide with common words
# and people ("Douglas", "Stanley", "The Valley"), so they are not used as metonyms.
TERRITORIES = set(
    "ASM AIA ATA ABW ALA BMU BES BVT IOT VGB CYM CXR CCK COK CUW FLK FRO GUF PYF ATF GIB GRL GLP "
    "GUM GGY HMD HKG IMN JEY MAC MTQ MYT MSR NCL NIU NFK MNP PCN PRI REU BLM SHN MAF SPM SXM SGS "
    "SJM TKL TCA UMI VIR WLF ESH".split()
)
# Capitals that are ordinary English words or common given names.
CAPITAL_DENY = {"Male", "Victoria", "Kingston", "Hamilton", "Saint John's", "Castries", "Roseau"}
KOSOVO = ("XKX", "XK", "", "Kosovo", "Republic of Kosovo")


def _clean_alt(alias: str) -> bool:
    """Keep Latin-script alternative names that read like names, not codes or inverted forms."""
    if len(alias) <= 3 or "," in alias or not re.fullmatch(r"[A-Za-zÀ-ÿ' .\-()]+", alias):
        return False
    return not alias.isupper()


def build() -> tuple[list[tuple[str, ...]], list[tuple[str, str, str, str]]]:
    countries = [
        (
            c.alpha_3,
            c.alpha_2,
            c.numeric,
            getattr(c, "common_name", None) or c.name,
            getattr(c, "official_name", "") or c.name,
        )
        for c in pycountry.countries
    ]
    countries.append(KOSOVO)
    countries.sort()
    iso3s = {c[0] for c in countries}
    aliases: dict[tuple[str, str, str], str] = {}

    def add(iso3: str, alias: str, lang: str, kind: str) -> None:
        alias = " ".join(alias.split())
        if alias and iso3 in iso3s:
            aliases.setdefault((iso3, alias, lang), kind)

    for iso3, iso2, _num, name, official in countries:
        add(iso3, name, "en", "name")
        if official != name:
            add(iso3, official, "en", "official")
        add(iso3, iso3, "en", "code")
        if iso2:
            add(iso3, iso2, "en", "code")

    # countryinfo: first entry per ISO code; demonyms shared by several entries go to the most
    # populous one ("American" is the United States, not the Northern Mariana Islands).
    seen: dict[str, dict] = {}
    for entry in countryinfo.all_countries():
        info = entry.info()
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if iso3 in iso3s and iso3 not in seen:
            seen[iso3] = info
    demonym_owner: dict[str, tuple[int, str]] = {}
    for iso3, info in seen.items():
        demonym = (info.get("demonym") or "").strip()
        if demonym:
            pop = int(info.get("population") or 0)
            if demonym not in demonym_owner or pop > demonym_owner[demonym][0]:
                demonym_owner[demonym] = (pop, iso3)
        capital = info.get("capital") or ""
        if isinstance(capital, list):  # a few entries list several seats of government
            capital = capital[0] if capital else ""
        capital = capital.strip()
        if capital and iso3 not in TERRITORIES:
            capital = capital.replace(" D.C.", "")
            if capital not in CAPITAL_DENY:
                add(iso3, capital, "en", "capital")
        for alt in info.get("altSpellings") or []:
            if _clean_alt(alt):
                add(iso3, alt, "en", "short")
    for demonym, (_pop, iso3) in demonym_owner.items():
        add(iso3, demonym, "en", "demonym")

    urdu = Locale("ur").territories
    for iso3, iso2, *_ in countries:
        if iso2 and iso2 in urdu:
            add(iso3, urdu[iso2], "ur", "name")

    with SUPPLEMENT.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and not row[0].startswith("#"):
                iso3, alias, lang, kind = row
                aliases[(iso3, " ".join(alias.split()), lang)] = kind
    rows = sorted((iso3, alias, lang, kind) for (iso3, alias, lang), kind in aliases.items())
    return countries, rows


def main() -> None:
    countries, aliases = build()
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "countries.tsv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["iso3", "iso2", "numeric", "name", "official_name"])
        writer.writerows(countries)
    with (OUT / "country_aliases.tsv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["iso3", "alias", "lang", "kind"])
        writer.writerows(aliases)
    print(f"{len(countries)} countries, {len(aliases)} aliases")


if __name__ == "__main__":
    main()
