#!/usr/bin/env bash
# check_schema.sh REFRAIN_BIN SOURCE_DIR PYTHON3
#
# Scans the sample corpus and checks the outputs with an independent validator:
#   - clusters.json against docs/clusters.schema.json (python3-jsonschema; the
#     schema itself is checked against its meta-schema first);
#   - every member: the file's bytes [start, end), decoded as UTF-8, equal `text`;
#   - every member's redline replays against its own words: equal runs and
#     inserted words, in order, are exactly the member's white-space-split words;
#   - every family's template: slots in order, inside the words, their counts
#     summing to `aligned`;
#   - every document's boilerplate map: sorted, disjoint labels on bytes that are
#     not white space, covering all such bytes, agreeing with the byte counts,
#     shares, family ids and params.national_sources;
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
import re
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

# White space as refrain splits words and labels text (consensus.hpp,
# boilerplate.hpp): ASCII white space, no-break space, BOM, figure space,
# narrow no-break space.
WS_CHARS = re.compile("[ \t\n\r\f\v\u00a0\ufeff\u2007\u202f]+")
WS_BYTES = re.compile(rb"[ \t\n\r\f\v]|\xc2\xa0|\xef\xbb\xbf|\xe2\x80[\x87\xaf]")


def words_of(text):
    return [w for w in WS_CHARS.split(text) if w]


# Templates and redlines.
for ci, c in enumerate(clusters):
    at = f"clusters[{ci}].template"
    t = c["template"]
    own_kind = sum(1 for m in c["members"] if m["kind"] == c["kind"])
    if t["aligned"] != min(own_kind, 200):
        fail(f"{at}.aligned is {t['aligned']}, the family has {own_kind} members of its kind {c['kind']!r}")
    if t["fallback"] and t["slots"]:
        fail(f"{at} is a fallback but has {len(t['slots'])} slots")
    if not t["slots"] and t["with_slots"] != t["text"]:
        fail(f"{at} has no slots but with_slots differs from text")
    prev_end = 0
    for si, sl in enumerate(t["slots"]):
        sat = f"{at}.slots[{si}]"
        if sl["position"] < prev_end:
            fail(f"{sat} starts at word {sl['position']}, before the previous slot ends ({prev_end})")
        if sl["position"] + sl["length"] > t["words"]:
            fail(f"{sat} covers words [{sl['position']}, {sl['position'] + sl['length']}), past words {t['words']}")
        prev_end = max(prev_end, sl["position"] + sl["length"])
        alts = sl["alternatives"]
        if sum(a["count"] for a in alts) != t["aligned"]:
            fail(f"{sat}: alternative counts sum to {sum(a['count'] for a in alts)}, aligned is {t['aligned']}")
        keys = [(-a["count"], a["text"]) for a in alts]
        if keys != sorted(keys):
            fail(f"{sat}.alternatives are not ordered by count descending, then text")
        if "{" + "|".join(a["text"] for a in alts) + "}" not in t["with_slots"]:
            fail(f"{sat}: {{alt|...}} is not in with_slots")
    for mi, m in enumerate(c["members"]):
        mat = f"clusters[{ci}].members[{mi}].redline"
        own = words_of(m["text"])
        pos = 0
        for oi, op in enumerate(m["redline"]):
            if op["op"] == "equal":
                pos += op["words"]
            elif op["op"] == "insert":
                ins = op["text"].split(" ")
                if own[pos:pos + len(ins)] != ins:
                    fail(f"{mat}[{oi}] inserts {op['text'][:60]!r}, the member's words {pos}.. are "
                         f"{' '.join(own[pos:pos + len(ins)])[:60]!r}")
                pos += len(ins)
            if oi > 0 and m["redline"][oi - 1]["op"] == op["op"]:
                fail(f"{mat}[{oi}] repeats the op {op['op']!r} of the op before it")
        if pos != len(own):
            fail(f"{mat}: equal and insert words add up to {pos}, the member has {len(own)} words")

# Boilerplate maps.
national_sources = data["params"]["national_sources"]
for i, d in enumerate(documents):
    at = f"documents[{i}].boilerplate"
    bp = d["boilerplate"]
    b = file_bytes.get(i)
    if b is None:
        continue
    ws = bytearray(len(b))
    for mt in WS_BYTES.finditer(b):
        ws[mt.start():mt.end()] = b"\x01" * (mt.end() - mt.start())
    owner = [None] * len(b)
    counts = {"national": 0, "house": 0, "bespoke": 0}
    prev_end = 0
    for li, lab in enumerate(bp["labels"]):
        lat = f"{at}.labels[{li}]"
        s, e = lab["start"], lab["end"]
        if not (prev_end <= s < e <= len(b)):
            fail(f"{lat} [{s}, {e}) is empty, out of order, overlapping or past the file's {len(b)} bytes")
            continue
        prev_end = e
        if ws[s] or ws[e - 1]:
            fail(f"{lat} [{s}, {e}) starts or ends on white space")
        fam = lab["family"]
        if lab["label"] != "bespoke":
            if fam >= len(clusters):
                fail(f"{lat}.family {fam} is out of range")
            else:
                want = "national" if clusters[fam]["sources"] >= national_sources else "house"
                if lab["label"] != want:
                    fail(f"{lat} is {lab['label']!r}, family {fam} spans {clusters[fam]['sources']} sources "
                         f"(national_sources {national_sources}): expected {want!r}")
        for k in range(s, e):
            if not ws[k]:
                counts[lab["label"]] += 1
                owner[k] = lab["label"]
    unlabelled = sum(1 for k in range(len(b)) if not ws[k] and owner[k] is None)
    if unlabelled:
        fail(f"{at}: {unlabelled} bytes that are not white space lie in no label")
    total = sum(counts.values())
    for name, n in counts.items():
        if bp[f"{name}_bytes"] != n:
            fail(f"{at}.{name}_bytes is {bp[f'{name}_bytes']}, its labels hold {n} bytes that are not white space")
        share = n / total if total else 0.0
        if abs(bp[f"{name}_share"] - share) > 0.00005 + 1e-9:
            fail(f"{at}.{name}_share is {bp[f'{name}_share']}, expected {share:.4f}")
    # Text inside a family member is template text, never bespoke.
    for ci, c in enumerate(clusters):
        for mi, m in enumerate(c["members"]):
            if m["document"] != i or m["end"] > len(b):
                continue
            if any(owner[k] == "bespoke" for k in range(m["start"], m["end"])):
                fail(f"clusters[{ci}].members[{mi}] covers bytes labelled bespoke in {at}")

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
