#!/usr/bin/env python3
"""Checks that retort's layers point down only: cli -> migrations -> dialects -> core.

The layer libraries (retort_core, retort_dialects, ...) cannot enforce this on
their own: every file includes from the repository root, and static libraries
resolve their symbols only at the final link. So this reads the code.

Usage: check_layers.py [ROOT]   (ROOT defaults to the repository this is in)

Reports, one line each, and exits 1 when there is any:
  - an `#include "..."` that points up (core including dialects/, migrations/
    or cli/; dialects including migrations/ or cli/; migrations including cli/),
  - an include from one dialect's folder into another's (dialects/sqlite/ and
    dialects/postgresql/ know nothing of each other), or into one dialect's
    folder from above dialects/ (which reaches dialects via dialects/registry.hpp),
  - a dialect named in code above dialects/ (core/, migrations/, cli/): a
    dialect's class, namespace or accessor, or a string literal that is just a
    dialect name or URL scheme ("sqlite", "postgresql://"), as in
    `dialect.name() == "sqlite"`. Comments and longer strings (help text, an
    example URL) are not code that tests a dialect.
Exits 0 when there is none, 2 on bad usage.
"""

import os
import re
import sys

LAYERS = ["core", "dialects", "migrations", "cli"]  # bottom to top
RANK = {name: i for i, name in enumerate(LAYERS)}
EXTENSIONS = (".cpp", ".hpp", ".h", ".inc")

# Names that choose a dialect. Above dialects/, code goes through the Dialect
# interface (core/dialect.hpp) and dialect_for_url (dialects/registry.hpp).
DIALECT_IDENTIFIER = re.compile(
    r"\b(SqliteDialect|PgDialect|sqlite_dialect|postgresql_dialect|open_postgresql)\b"
    r"|\b(sqlite|postgresql)\s*::")
DIALECT_LITERAL = re.compile(r"(sqlite3?|postgresql|postgres|pg)(:(//)?)?", re.IGNORECASE)

# Documented exceptions: (path relative to ROOT, the reported text it may
# contain), each with why. Keep it short; an entry here is a decision.
ALLOWED = [
    # None yet: the Execute op's `dialect` field is compared only in the
    # dialects' own compilers (dialects/*/), and dialect_for_url is the one
    # place a URL scheme picks a dialect.
]


def layer_of(rel_path):
    """The layer a path (relative to ROOT, '/'-separated) belongs to, or None."""
    head = rel_path.split("/", 1)[0]
    return head if head in RANK else None


def dialect_of(rel_path):
    """'sqlite' for dialects/sqlite/x.cpp; None for dialects/registry.cpp,
    dialects/internal/ (shared by the dialects) and others."""
    parts = rel_path.split("/")
    if len(parts) > 2 and parts[0] == "dialects" and parts[1] != "internal":
        return parts[1]
    return None


def strip_comments(text):
    """The text with comments blanked, the same with string and character
    literals emptied too (newlines kept in both, so line numbers hold), and the
    (line, content) of every string literal."""
    out = []
    bare = []
    literals = []
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blanked = text[i:j].count("\n")
            out.append("\n" * blanked)
            bare.append("\n" * blanked)
            line += blanked
            i = j
        elif c == '"' or (c == "R" and text.startswith('R"', i) and
                          (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"))):
            if c == "R":  # raw string: R"delim( ... )delim"
                open_paren = text.find("(", i + 2)
                delim = text[i + 2:open_paren]
                end = text.find(")" + delim + '"', open_paren)
                end = n if end < 0 else end
                content = text[open_paren + 1:end]
                j = min(n, end + len(delim) + 2)
            else:
                j = i + 1
                while j < n and text[j] != '"' and text[j] != "\n":
                    j += 2 if text[j] == "\\" else 1
                content = text[i + 1:j]
                j += 1
            literals.append((line, content))
            out.append(text[i:j])
            bare.append('""' + "\n" * text[i:j].count("\n"))
            line += text[i:j].count("\n")
            i = j
        elif c == "'" and not (i > 0 and text[i - 1].isalnum()):  # not a digit separator
            j = i + 1
            while j < n and text[j] != "'" and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            bare.append("''")
            i = j + 1
        else:
            if c == "\n":
                line += 1
            out.append(c)
            bare.append(c)
            i += 1
    return "".join(out), "".join(bare), literals


INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def check_file(root, rel_path):
    problems = []
    layer = layer_of(rel_path)
    with open(os.path.join(root, rel_path), encoding="utf-8", errors="replace") as f:
        text = f.read()
    code, bare, literals = strip_comments(text)

    for number, source_line in enumerate(code.split("\n"), start=1):
        match = INCLUDE.match(source_line)
        if not match:
            continue
        included = match.group(1)
        target = included
        if layer_of(included) is None:  # relative to the including file
            target = os.path.normpath(os.path.join(os.path.dirname(rel_path), included))
            target = target.replace(os.sep, "/")
        target_layer = layer_of(target)
        if target_layer is not None and RANK[target_layer] > RANK[layer]:
            problems.append(f"{rel_path}:{number}: includes \"{included}\": "
                            f"{target_layer}/ is above {layer}/")
        mine, theirs = dialect_of(rel_path), dialect_of(target)
        if layer != "dialects" and theirs:
            problems.append(f"{rel_path}:{number}: includes \"{included}\": one dialect's code, "
                            f"above dialects/ (use dialects/registry.hpp)")
        if mine and theirs and mine != theirs:
            problems.append(f"{rel_path}:{number}: includes \"{included}\": "
                            f"dialects/{mine}/ does not know dialects/{theirs}/")

    if layer != "dialects":
        for number, source_line in enumerate(bare.split("\n"), start=1):
            for match in DIALECT_IDENTIFIER.finditer(source_line):
                problems.append(f"{rel_path}:{number}: names a dialect above dialects/: "
                                f"{match.group(0).strip()}")
        for number, content in literals:
            if DIALECT_LITERAL.fullmatch(content):
                problems.append(f"{rel_path}:{number}: names a dialect above dialects/: "
                                f"\"{content}\"")

    return [p for p in problems
            if not any(p.startswith(path + ":") and text_ in p for path, text_ in ALLOWED)]


def main(argv):
    if len(argv) > 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    root = argv[1] if len(argv) == 2 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not all(os.path.isdir(os.path.join(root, layer)) for layer in LAYERS):
        print(f"check_layers: {root} has no {'/, '.join(LAYERS)}/ folders", file=sys.stderr)
        return 2
    problems = []
    for layer in LAYERS:
        for folder, _, files in sorted(os.walk(os.path.join(root, layer))):
            for name in sorted(files):
                if name.endswith(EXTENSIONS):
                    rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
                    problems.extend(check_file(root, rel))
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_layers: {len(problems)} problem(s); layers point down only: "
              f"{' -> '.join(reversed(LAYERS))} (docs/architecture.md)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
