#!/usr/bin/env python3
"""Checks the package manifests against the fields their tools require and the CMake project's version.

None of PlatformIO, the Arduino IDE / arduino-cli or ESP-IDF is installed where this runs: this script is
the only check of the manifests. It reads, from the repository root:
  - CMakeLists.txt: project(atmqtt VERSION x.y.z), the version every manifest must carry (meson.build too);
  - library.json (PlatformIO): valid JSON, name and version, build.includeDir exists, every "headers" entry
    is a file under it;
  - library.properties (Arduino, 1.5 format rev. 2.2): every required field, a known category, the
    includes= headers in src/;
  - idf_component.yml (ESP-IDF component manager): version, and the component's CMakeLists.txt (the
    repository root) registers it with idf_component_register under ESP_PLATFORM, its INCLUDE_DIRS exist.
Exit status 0 when everything holds, 1 with one line per problem otherwise.
usage: package_manifests.py [REPO_ROOT]
"""
import json
import pathlib
import re
import sys

import yaml

SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
ARDUINO_REQUIRED = ["name", "version", "author", "maintainer", "sentence", "paragraph", "category", "url",
                    "architectures"]
ARDUINO_CATEGORIES = {"Display", "Communication", "Signal Input/Output", "Sensors", "Device Control", "Timing",
                      "Data Storage", "Data Processing", "Other"}


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
    problems = []

    def need(ok, what):
        if not ok:
            problems.append(what)
        return ok

    m = re.search(r"project\(\s*atmqtt\s+VERSION\s+([0-9.]+)", (root / "CMakeLists.txt").read_text())
    if not m:
        print("CMakeLists.txt: no project(atmqtt VERSION ...)")
        return 1
    version = m.group(1)
    m = re.search(r"version:\s*'([^']+)'", (root / "meson.build").read_text())
    need(m and m.group(1) == version, "meson.build: project version is not %s" % version)

    # PlatformIO
    try:
        pio = json.loads((root / "library.json").read_text())
    except (OSError, ValueError) as e:
        pio = None
        need(False, "library.json: %s" % e)
    if pio is not None:
        need(isinstance(pio.get("name"), str) and pio["name"], "library.json: no name")
        need(pio.get("version") == version, "library.json: version %r is not %s" % (pio.get("version"), version))
        include_dir = root / pio.get("build", {}).get("includeDir", "include")
        need(include_dir.is_dir(), "library.json: build.includeDir %s does not exist" % include_dir)
        headers = pio.get("headers", [])
        for h in [headers] if isinstance(headers, str) else headers:
            need((include_dir / h).is_file(), "library.json: header %s is not in %s" % (h, include_dir))

    # Arduino
    props = {}
    try:
        for line in (root / "library.properties").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, sep, value = line.partition("=")
                need(sep == "=", "library.properties: not key=value: %s" % line)
                props[key.strip()] = value.strip()
    except OSError as e:
        need(False, "library.properties: %s" % e)
    for key in ARDUINO_REQUIRED:
        need(props.get(key), "library.properties: no %s=" % key)
    need(props.get("version") == version, "library.properties: version %r is not %s" % (props.get("version"), version))
    need(re.match(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]*$", props.get("name", "")), "library.properties: invalid name")
    need(props.get("category") in ARDUINO_CATEGORIES, "library.properties: unknown category %r" % props.get("category"))
    need((root / "src").is_dir(), "library.properties: no src/ folder (1.5 library format)")
    for h in filter(None, (x.strip() for x in props.get("includes", "").split(","))):
        need((root / "src" / h).is_file(), "library.properties: includes=%s is not in src/" % h)

    # ESP-IDF
    try:
        idf = yaml.safe_load((root / "idf_component.yml").read_text())
    except (OSError, yaml.YAMLError) as e:
        idf = None
        need(False, "idf_component.yml: %s" % e)
    if idf is not None:
        need(isinstance(idf, dict), "idf_component.yml: not a mapping")
        need(str(idf.get("version")) == version, "idf_component.yml: version %r is not %s" % (idf.get("version"), version))
        need(idf.get("description"), "idf_component.yml: no description")
    cmake = (root / "CMakeLists.txt").read_text()
    m = re.search(r"if\(ESP_PLATFORM\)\s*idf_component_register\(([^)]*)\)", cmake)
    if need(m, "CMakeLists.txt: no idf_component_register under if(ESP_PLATFORM)"):
        dirs = re.search(r"INCLUDE_DIRS\s+([^)]*?)(?:\s+[A-Z_]+\s|$)", m.group(1))
        need(dirs, "CMakeLists.txt: idf_component_register without INCLUDE_DIRS")
        for d in dirs.group(1).split() if dirs else []:
            need((root / d.strip('"')).is_dir(), "CMakeLists.txt: INCLUDE_DIRS %s does not exist" % d)

    for p in problems:
        print(p)
    if not problems:
        print("library.json, library.properties, idf_component.yml: required fields present, version %s" % version)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
