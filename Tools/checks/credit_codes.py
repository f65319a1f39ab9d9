#!/usr/bin/env python3
"""Writes Tests/DomainTests/credit-codes.json: thousands of unified social credit codes, valid and corrupted, each
with the verdict of an implementation of GB 32100-2015 and GB 11714-1997 written here from the standards' text,
independently of the Swift one; and checks every published code in Tests/DomainTests/credit-codes-published.txt.

The two standards value characters differently, and that is the trap this file exists to catch:
- GB 32100-2015 (the 18-character code) values its 31-character set by the table in its section 4.2, where the
  letters run A=10 … H=17, J=18, K=19, … Y=30 (I, O, S, V and Z are not used);
- GB 11714-1997 (the organisation code in positions 9–17) values digits as themselves and every letter A–Z by
  its place in the Latin alphabet, A=10 … Z=35 (its section 5), so J is 19 there, not 18.

Where python-stdnum is installed (`pip install python-stdnum`), its `stdnum.cn.uscc` (length, character set,
final check character) is consulted too, and the two must agree wherever stdnum has an opinion: stdnum does not
check the organisation-code check digit, the authority/type pair or the province, so codes broken only there are
valid to stdnum and invalid here.

    python3 Tools/checks/credit_codes.py           # rewrite the file
    python3 Tools/checks/credit_codes.py --check   # fail if it differs from a fresh run, or a published code fails
"""

import json
import pathlib
import random
import string
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "DomainTests" / "credit-codes.json"
PUBLISHED = ROOT / "Tests" / "DomainTests" / "credit-codes-published.txt"

# GB 32100-2015 section 4.2, table 1: the code set and each character's value, as the standard lists them.
GB32100_VALUES = {
    "0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9,
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "J": 18, "K": 19,
    "L": 20, "M": 21, "N": 22, "P": 23, "Q": 24, "R": 25, "T": 26, "U": 27, "W": 28, "X": 29, "Y": 30,
}
GB32100_BY_VALUE = {value: char for char, value in GB32100_VALUES.items()}
# GB 32100-2015 section 5: the weight of position i (1-based) is 3^(i-1) mod 31.
GB32100_WEIGHTS = [pow(3, i, 31) for i in range(17)]

# GB 11714-1997 section 5: digits keep their value, letters A-Z are 10-35; weights of the eight body characters.
GB11714_VALUES = {**{d: int(d) for d in string.digits}, **{c: 10 + i for i, c in enumerate(string.ascii_uppercase)}}
GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

TYPES = {"1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129", "7": "129", "8": "19", "9": "123",
         "A": "19", "N": "1239", "Y": "1"}
PROVINCES = ["10", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"]
ALPHABET = "".join(sorted(GB32100_VALUES, key=GB32100_VALUES.get))


def organisation_check(body):
    """GB 11714: C9 = 11 - (sum of Ci x Wi) mod 11; 10 is written X and 11 is written 0."""
    digit = 11 - sum(GB11714_VALUES[c] * w for c, w in zip(body, GB11714_WEIGHTS)) % 11
    return "X" if digit == 10 else "0" if digit == 11 else str(digit)


def final_check(first17):
    """GB 32100: C18 = 31 - (sum of Ci x Wi) mod 31, the character of that value; 31 is written 0."""
    value = 31 - sum(GB32100_VALUES[c] * w for c, w in zip(first17, GB32100_WEIGHTS)) % 31
    return GB32100_BY_VALUE[value % 31]


def verdict(code):
    """(valid, part) per GB 32100-2015, part naming what failed first."""
    if len(code) != 18:
        return False, "length"
    if any(c not in GB32100_VALUES for c in code):
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


def published():
    """The published codes: one per line after the comment lines."""
    lines = PUBLISHED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def make(rng):
    authority = rng.choice(sorted(TYPES))
    first = authority + rng.choice(TYPES[authority]) + rng.choice(PROVINCES) + "".join(rng.choice("0123456789") for _ in range(4))
    # Half the bodies in the post-2015 form the market regulator issues: MA followed by seven code-set characters.
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    if rng.random() < 0.5:
        body = "MA" + body[2:]
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
    refused = [(code, verdict(code)[1]) for code in published() if not verdict(code)[0]]
    if refused:
        sys.exit("published codes refused: %s" % refused)
    if "--check" in sys.argv:
        if OUT.read_text(encoding="utf-8") != text:
            sys.exit("stale: re-run Tools/checks/credit_codes.py")
        print("credit codes up to date: %d cases; %d published codes valid" % (len(rows), len(published())))
        return
    OUT.write_text(text, encoding="utf-8")
    print("wrote %d cases (%d valid), stdnum %s" % (len(rows), sum(r["valid"] for r in rows),
                                                     "consulted" if uscc else "not installed"))


if __name__ == "__main__":
    main()
