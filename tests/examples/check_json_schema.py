#!/usr/bin/python3
"""Checks a JSON Schema against example records with python3-jsonschema.

Usage: check_json_schema.py SCHEMA.json GOOD.json BAD.json

Every record of GOOD.json must be valid and every record of BAD.json invalid.
Prints one line per record ("good 0: valid", "bad 2: invalid: 'x' is a
required property") and exits 0 when all are as expected, 1 otherwise.
"""
import json
import sys

import jsonschema


def main(schema_path, good_path, bad_path):
    with open(schema_path) as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    ok = True
    for label, path, want_valid in (("good", good_path, True), ("bad", bad_path, False)):
        with open(path) as f:
            records = json.load(f)
        for i, record in enumerate(records):
            errors = sorted(e.message for e in validator.iter_errors(record))
            if errors:
                print(f"{label} {i}: invalid: {'; '.join(errors)}")
            else:
                print(f"{label} {i}: valid")
            if bool(errors) == want_valid:
                ok = False
                print(f"{label} {i}: UNEXPECTED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
