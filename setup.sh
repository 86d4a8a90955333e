#!/usr/bin/env bash
# Set up everything on a fresh Debian 12 machine, then build the example report into build/.
set -euo pipefail
cd "$(dirname "$0")"

# 1. System packages: LibreOffice renders the DOCX and recalculates the workbook in tests;
#    poppler-utils and qpdf inspect PDFs; LXGW WenKai is the open 楷体; icc-profiles-free has the sRGB profile for PDF/A;
#    chromium and chromium-driver run the browser tests of `exporter serve`; pandoc reads the DOCX back in tests
#    (it finds headings as converters do).
packages=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils qpdf fonts-lxgw-wenkai icc-profiles-free fontconfig
          chromium chromium-driver pandoc)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# npm fetches the open Noto faces; the machine's Node.js usually brings it.
command -v npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "安装系统软件包：${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 2. Python environment with the package and its test tools.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# compat: the project folder goes on the path by a .pth line; the default import hook costs every
# command 17 ms before it starts.
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' --config-settings editable_mode=compat

# 3. Fonts: fetch the open faces, check their hashes, convert FandolFang once, write fonts.conf.
.venv/bin/python -m exporter fonts

# 4. Build the example report into build/.
.venv/bin/python -m exporter build
