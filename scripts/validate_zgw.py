#!/usr/bin/env python3
"""Validates ZGW JSON samples against the official OpenAPI 3.0 specifications.

Samples are laid out as  <root>/<api>/<SchemaName>/<anything>.json  where <api> is
zaken, catalogi or documenten and <SchemaName> names a schema under components.schemas
(for example zaken/Zaak/zaak-1.json). Each sample is checked against every copy of that
API's specification in ../shared/zgw/ that defines the schema: the release-tag copy and
the gemma-zaken copy differ, and a real client meets servers generated from either.

Responses are validated with the OAS 3.0 *read* validator (readOnly fields allowed,
nullable understood) and the OAS 3.0 format checker (uri, date, date-time, uuid).

Exit status: 0 when every sample is valid, 1 otherwise, 2 when there are no samples.
"""

import json
import pathlib
import re
import sys

import yaml
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

# The gemma-zaken copies of Zaken and Documenten point their expand schemas at the
# "current" Catalogi spec on the web. Resolve that offline, to the gemma-zaken Catalogi
# copy beside them (the same release set), instead of fetching anything.
EXTERNAL = {
    "https://raw.githubusercontent.com/VNG-Realisatie/gemma-zaken/master/api-specificatie/ztc/current_version/openapi.yaml": "catalogi-1.3.1.gemma-zaken.yaml",
}

# Defects in the published specifications (see ../shared/zgw/README.md). An error that
# matches one of these is reported as skipped, never as passed silently; keep the list
# narrow: (spec file or "*", regular expression over "path: message", reason).
KNOWN_DEFECTS = [
    ("catalogi-1.3.1.yaml", r"(^|/)(\(root\)|results/\d+): 'zaakobjecttype' is a required property$",
     "the release-tag Catalogi copy requires StatusType.zaakobjecttype; the normative gemma-zaken copy does not"),
    ("*", r"(^|/)informatieobjecttypen: \[.*\] is not of type 'string'$",
     "ZaakType.informatieobjecttypen is typed string instead of an array of URIs (known since 1.2.1)"),
    ("*", r"^zaaktypen: \[.*\] is not of type 'string'$",
     "InformatieObjectType.zaaktypen is typed string instead of an array of URIs, like the above"),
    ("zaken-1.5.1.gemma-zaken.yaml", r"/_expand/(status|resultaat): \{.* is valid under each of ",
     "ZaakEmbedded.status and .resultaat are oneOf(…Expanded, EmptyObject), and EmptyObject accepts any object"),
]

SPECS = {
    "zaken": ["zaken-1.5.1.yaml", "zaken-1.5.1.gemma-zaken.yaml"],
    "catalogi": ["catalogi-1.3.1.yaml", "catalogi-1.3.1.gemma-zaken.yaml"],
    "documenten": ["documenten-1.5.0.yaml", "documenten-1.4.3.yaml"],
    # The webhook: what the Notificaties API sends it, and its error answers;
    # and the abonnement the portal registers at the Notificaties API.
    "notificaties": ["notificaties-consumer-1.0.0-rc1.yaml", "notificaties-1.0.1.yaml"],
}


def load_validators(spec_dir: pathlib.Path):
    """{api: [(spec file name, uri, registry, schemas)]}"""
    cache = {}

    def load(name):
        if name not in cache:
            cache[name] = yaml.safe_load((spec_dir / name).read_text(encoding="utf-8"))
        return cache[name]

    def retrieve(uri):
        if uri not in EXTERNAL:
            raise LookupError(f"refusing to fetch {uri}")
        return Resource.from_contents(load(EXTERNAL[uri]), default_specification=DRAFT4)

    loaded = {}
    for api, files in SPECS.items():
        loaded[api] = []
        for name in files:
            spec = load(name)
            uri = f"urn:zgw:{name}"
            registry = Registry(retrieve=retrieve).with_resource(
                uri, Resource.from_contents(spec, default_specification=DRAFT4)
            )
            schemas = spec.get("components", {}).get("schemas", {})
            loaded[api].append((name, uri, registry, schemas))
    return loaded


def main() -> int:
    if len(sys.argv) != 3:
        print(f"usage: {sys.argv[0]} SPEC_DIR SAMPLE_DIR", file=sys.stderr)
        return 2
    spec_dir, sample_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    specs = load_validators(spec_dir)
    samples = sorted(sample_dir.glob("*/*/*.json"))
    if not samples:
        print(f"no samples under {sample_dir}", file=sys.stderr)
        return 2
    failures = 0
    checks = 0
    skipped = 0
    for sample in samples:
        api, schema_name = sample.parent.parent.name, sample.parent.name
        if api not in specs:
            print(f"FAIL {sample}: unknown api {api!r}")
            failures += 1
            continue
        instance = json.loads(sample.read_text(encoding="utf-8"))
        applicable = [s for s in specs[api] if schema_name in s[3]]
        if not applicable:
            print(f"FAIL {sample}: no specification defines {schema_name}")
            failures += 1
            continue
        for name, uri, registry, _ in applicable:
            validator = OAS30ReadValidator(
                {"$ref": f"{uri}#/components/schemas/{schema_name}"},
                registry=registry,
                format_checker=oas30_format_checker,
            )
            errors = []
            for error in validator.iter_errors(instance):
                where = "/".join(str(p) for p in error.absolute_path) or "(root)"
                text = f"{where}: {error.message}"
                if any(spec in ("*", name) and re.search(rx, text) for spec, rx, _ in KNOWN_DEFECTS):
                    skipped += 1
                else:
                    errors.append(text)
            checks += 1
            for text in errors[:10]:
                print(f"FAIL {sample} against {name}: {text[:300]}")
            if errors:
                failures += 1
    if skipped:
        print(f"({skipped} errors matched known specification defects; see KNOWN_DEFECTS)")
    print(f"zgw-schemas: {checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
