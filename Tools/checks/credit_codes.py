#!/usr/bin/env python3
"""Writes Tests/DomainTests/credit-codes.json: thousands of unified social credit codes, valid and corrupted, each
with the verdict of an implementation of GB 32100-2015 written here independently of the Swift one.

Where python-stdnum is installed (`pip install python-stdnum`), its `stdnum.cn.uscc` (length, character set,
final check character) is consulted too, and the two must agree wherever stdnum has an opinion: stdnum does not
check the organisation-code check digit, the authority/type pair or the province, so codes broken only there are
valid to stdnum and invalid here; those are marked.

    python3 Tools/checks/credit_codes.py           # rewrite the file
    python3 Tools/checks/credit_codes.py --check   # fail if it differs from a fresh run
"""

import json
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "DomainTests" / "credit-codes.json"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
TYPES = {"1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129", "7": "129", "8": "19", "9": "123",
         "A": "19", "N": "1239", "Y": "1"}
PROVINCES = ["10", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"]


def organisation_check(body):
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2]))
    digit = 11 - total % 11
    return "X" if digit == 10 else "0" if digit == 11 else str(digit)


def final_check(first17):
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return ALPHABET[(31 - total % 31) % 31]


def verdict(code):
    """(valid, part) per GB 32100-2015, part naming what failed first."""
    if len(code) != 18:
        return False, "length"
    if any(c not in ALPHABET for c in code):
        return False, "characters"
    if code[0] not in TYPES:
        return False, "authority"
    if code[1] not in TYPES[code[0]]:
        return False, "entityType"
    if not code[2:8].isdigit() or code[2:4] not in PROVINCES:
        return False, "division"
    if code[16] != organisation_check(code[8:16]):
        return False, "organisationCheck"
    if code[17] != final_check(code[:17]):
        return False, "checkCharacter"
    return True, None


def make(rng):
    authority = rng.choice(sorted(TYPES))
    first = authority + rng.choice(TYPES[authority]) + rng.choice(PROVINCES) + "".join(rng.choice("0123456789") for _ in range(4))
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    first17 = first + body + organisation_check(body)
    return first17 + final_check(first17)


def main():
    rng = random.Random(32100)
    cases = []
    for _ in range(1500):
        code = make(rng)
        cases.append(code)
        corrupted = list(code)
        position = rng.randrange(18)
        corrupted[position] = rng.choice([c for c in ALPHABET + "IOSVZ" if c != code[position]])
        cases.append("".join(corrupted))
        swapped = list(code)
        i = rng.randrange(17)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        if swapped != list(code):
            cases.append("".join(swapped))
    cases += ["91110000600037341L", "91110000600037341M", "9111000060003734", "911100006000373411L"]
    try:
        from stdnum.cn import uscc
    except ImportError:
        uscc = None
    rows = []
    for code in cases:
        valid, part = verdict(code)
        row = {"code": code, "valid": valid}
        if part:
            row["part"] = part
        if uscc is not None:
            stdnum_valid = uscc.is_valid(code)
            if stdnum_valid != valid:
                # stdnum skips parts of the standard; it must never accept what fails its own checks.
                assert stdnum_valid and part in ("organisationCheck", "authority", "entityType", "division") or \
                    not stdnum_valid and code[0] not in "0123456789", (code, valid, part)
        rows.append(row)
    text = json.dumps({"standard": "GB 32100-2015", "cases": rows}, ensure_ascii=False, indent=0) + "\n"
    if "--check" in sys.argv:
        if OUT.read_text(encoding="utf-8") != text:
            sys.exit("stale: re-run Tools/checks/credit_codes.py")
        print("credit codes up to date: %d cases" % len(rows))
        return
    OUT.write_text(text, encoding="utf-8")
    print("wrote %d cases (%d valid), stdnum %s" % (len(rows), sum(r["valid"] for r in rows),
                                                     "consulted" if uscc else "not installed"))


if __name__ == "__main__":
    main()
