#!/usr/bin/env bash
# check_schema.sh REFRAIN_BIN SOURCE_DIR PYTHON3
#
# Scans the sample corpus and checks the outputs with an independent validator:
#   - clusters.json against docs/clusters.schema.json (python3-jsonschema; the
#     schema itself is checked against its meta-schema first);
#   - every member: the file's bytes [start, end), decoded as UTF-8, equal `text`;
#   - members.csv parses with Python's csv module, one data row per member, and
#     each row agrees with its member in clusters.json;
#   - the counts and orderings that docs/clusters-json.md promises.
# Always uses the PYTHON3 given (the python3 first on PATH may lack jsonschema).
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 REFRAIN_BIN SOURCE_DIR PYTHON3" >&2
  exit 2
fi
refrain_bin=$1
source_dir=$2
python3_bin=$3

schema_file="$source_dir/docs/clusters.schema.json"
samples="$source_dir/datasets/samples"
for f in "$refrain_bin" "$python3_bin"; do
  [[ -x $f ]] || { echo "schema: FAIL: not an executable: $f" >&2; exit 1; }
done
for f in "$schema_file" "$samples/manifest.csv"; do
  [[ -f $f ]] || { echo "schema: FAIL: missing file: $f" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/refrain-schema.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

out="$tmp/out"
if ! "$refrain_bin" scan "$samples" --manifest "$samples/manifest.csv" --out "$out" -q >"$tmp/scan.log" 2>&1; then
  echo "schema: FAIL: refrain scan exited non-zero:" >&2
  cat "$tmp/scan.log" >&2
  exit 1
fi
for f in clusters.json members.csv; do
  [[ -f $out/$f ]] || { echo "schema: FAIL: refrain scan did not write $f" >&2; exit 1; }
done

"$python3_bin" - "$schema_file" "$out/clusters.json" "$out/members.csv" <<'PY'
import csv
import json
import sys

try:
    import jsonschema
    import jsonschema.validators
except ImportError as e:
    sys.exit(f"schema: FAIL: {sys.executable} has no jsonschema module ({e})")

schema_path, json_path, csv_path = sys.argv[1:4]
problems = []


def fail(msg):
    problems.append(msg)


def finish():
    if problems:
        for p in problems[:50]:
            print(f"schema: FAIL: {p}", file=sys.stderr)
        if len(problems) > 50:
            print(f"schema: FAIL: ... and {len(problems) - 50} more", file=sys.stderr)
        sys.exit(1)


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
with open(json_path, "rb") as f:
    raw = f.read()
try:
    data = json.loads(raw.decode("utf-8"))
except (UnicodeDecodeError, json.JSONDecodeError) as e:
    sys.exit(f"schema: FAIL: {json_path} is not UTF-8 JSON: {e}")

# The validator class named by the schema's $schema; refuse to guess.
unknown = object()
cls = jsonschema.validators.validator_for(schema, default=unknown)
if cls is unknown:
    sys.exit(f"schema: FAIL: jsonschema {getattr(jsonschema, '__version__', '?')} does not know "
             f"$schema {schema.get('$schema')!r}")
try:
    cls.check_schema(schema)
except jsonschema.exceptions.SchemaError as e:
    sys.exit(f"schema: FAIL: {schema_path} is not a valid schema: {e.message} at {where(e)}")

checker = getattr(cls, "FORMAT_CHECKER", None)
validator = cls(schema, format_checker=checker)
try:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
except jsonschema.exceptions.RefResolutionError as e:
    sys.exit(f"schema: FAIL: {schema_path}: cannot resolve a $ref: {e}")
for e in errors:
    fail(f"clusters.json {where(e)}: {e.message}")
finish()  # the checks below assume the shape the schema guarantees

# Counts and references.
documents, clusters = data["documents"], data["clusters"]
stats = data["stats"]
if stats["documents"] != len(documents):
    fail(f"stats.documents is {stats['documents']}, documents has {len(documents)}")
if stats["clusters"] != len(clusters):
    fail(f"stats.clusters is {stats['clusters']}, clusters has {len(clusters)}")
if stats["units"] != sum(d["units"] for d in documents):
    fail(f"stats.units is {stats['units']}, documents' units sum to {sum(d['units'] for d in documents)}")
for i, d in enumerate(documents):
    if d["id"] != i:
        fail(f"documents[{i}].id is {d['id']}, expected {i}")

# Every member's text is exactly the file's bytes [start, end).
file_bytes = {}
total_members = 0
for i, d in enumerate(documents):
    try:
        with open(d["path"], "rb") as f:
            file_bytes[i] = f.read()
    except OSError as e:
        fail(f"documents[{i}]: cannot read {d['path']!r}: {e}")
        continue
    if len(file_bytes[i]) != d["bytes"]:
        fail(f"documents[{i}].bytes is {d['bytes']}, {d['path']!r} has {len(file_bytes[i])} bytes")

def spread(c):
    first = c["members"][0]
    return (-c["sources"], -c["documents"], -c["size"], first["document"], first["start"])

for ci, c in enumerate(clusters):
    at = f"clusters[{ci}]"
    members = c["members"]
    total_members += len(members)
    if c["id"] != ci:
        fail(f"{at}.id is {c['id']}, expected {ci}")
    if c["size"] != len(members):
        fail(f"{at}.size is {c['size']}, it has {len(members)} members")
    if c["documents"] != len({m["document"] for m in members}):
        fail(f"{at}.documents is {c['documents']}, members span {len({m['document'] for m in members})}")
    if ci > 0 and spread(clusters[ci - 1]) > spread(c):
        fail(f"{at} is out of spread order relative to clusters[{ci - 1}]")
    keys = [(m["document"], m["start"]) for m in members]
    if keys != sorted(keys):
        fail(f"{at}.members are not ordered by document, then start")
    r = c["representative_member"]
    if r >= len(members):
        fail(f"{at}.representative_member {r} is out of range")
    else:
        if c["representative"] != members[r]["text"]:
            fail(f"{at}.representative differs from members[{r}].text")
        if members[r]["similarity"] != 1:
            fail(f"{at}.members[{r}] is the representative but has similarity {members[r]['similarity']}")
    doc_sources = set()
    for mi, m in enumerate(members):
        mat = f"{at}.members[{mi}]"
        if m["document"] >= len(documents):
            fail(f"{mat}.document {m['document']} is out of range")
            continue
        doc = documents[m["document"]]
        doc_sources.add(doc["source"])
        if m["unit"] >= doc["units"]:
            fail(f"{mat}.unit {m['unit']} >= documents[{m['document']}].units {doc['units']}")
        if not m["start"] < m["end"]:
            fail(f"{mat}: start {m['start']} is not before end {m['end']}")
            continue
        b = file_bytes.get(m["document"])
        if b is None:
            continue
        if m["end"] > len(b):
            fail(f"{mat}: end {m['end']} is past the end of {doc['path']!r} ({len(b)} bytes)")
            continue
        try:
            text = b[m["start"]:m["end"]].decode("utf-8")
        except UnicodeDecodeError as e:
            fail(f"{mat}: bytes [{m['start']}, {m['end']}) of {doc['path']!r} are not UTF-8: {e}")
            continue
        if text != m["text"]:
            fail(f"{mat}: bytes [{m['start']}, {m['end']}) of {doc['path']!r} are {text[:60]!r}..., "
                 f"text is {m['text'][:60]!r}...")
    if c["sources"] != len(doc_sources):
        fail(f"{at}.sources is {c['sources']}, members span {len(doc_sources)}")

# members.csv: RFC 4180, one data row per member, in clusters.json order.
header = ["cluster", "kind", "cluster_size", "variant", "member_kind", "document", "path", "source", "date",
          "reference", "unit", "start", "end", "similarity", "text"]
try:
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, strict=True))
except (csv.Error, UnicodeDecodeError) as e:
    sys.exit(f"schema: FAIL: members.csv does not parse: {e}")
if not rows or rows[0] != header:
    fail(f"members.csv header is {rows[0] if rows else None}, expected {header}")
data_rows = rows[1:]
if len(data_rows) != total_members:
    fail(f"members.csv has {len(data_rows)} data rows, clusters.json has {total_members} members")
else:
    expected = ((c, m) for c in clusters for m in c["members"])
    for n, (row, (c, m)) in enumerate(zip(data_rows, expected), start=2):
        if len(row) != len(header):
            fail(f"members.csv record {n} has {len(row)} fields, expected {len(header)}")
            continue
        doc = documents[m["document"]]
        want = [str(c["id"]), c["kind"], str(c["size"]), str(m["variant"]), m["kind"], str(m["document"]), doc["path"],
                doc["source"],
                doc["date"] or "", doc["reference"] or "", str(m["unit"]), str(m["start"]), str(m["end"]),
                f"{m['similarity']:.4f}", m["text"]]
        for name, got, exp in zip(header, row, want):
            if name == "similarity":
                # JSON rounds to 4 decimals, CSV prints 4 decimals: allow a last-digit difference.
                try:
                    if abs(float(got) - m["similarity"]) <= 0.0001 + 1e-9:
                        continue
                except ValueError:
                    pass
            if got != exp:
                fail(f"members.csv record {n} column {name}: {got[:60]!r}, clusters.json says {exp[:60]!r}")

finish()
print(f"schema: {len(clusters)} clusters, {total_members} members validated")
PY
