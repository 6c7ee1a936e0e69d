#!/usr/bin/env bash
# Renders every .docx and .xlsx report in a folder to PDF (LibreOffice) and then to PNG pages
# (pdftoppm), to look at them as a coordinator would: open the PNGs in an image viewer.
#
#   scripts/render-report-pages.sh <folder of reports> [out folder] [dpi]
#
# Writes <out>/<file>.<ext>.pdf and <out>/<file>.<ext>-<page>.png (default out: <folder>/pages,
# default 60 dpi), and prints each file's page count and page sizes (portrait/landscape).
# Needs Debian's libreoffice-writer and libreoffice-calc (soffice) and poppler-utils
# (pdftoppm, pdfinfo): apt-get install -y libreoffice-writer libreoffice-calc poppler-utils
set -euo pipefail

in=${1:?usage: render-report-pages.sh <folder of reports> [out folder] [dpi]}
out=${2:-$in/pages}
dpi=${3:-60}
mkdir -p "$out"
for tool in soffice pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y libreoffice-writer libreoffice-calc poppler-utils)" >&2; exit 1; }
done

# A profile of its own, so a running LibreOffice (or another run of this script) does not block it.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

shopt -s nullglob
for file in "$in"/*.docx "$in"/*.xlsx; do
  name=$(basename "$file")
  work=$(mktemp -d)
  # Copy under a name of its own: draft.docx and draft.xlsx would both convert to draft.pdf.
  cp "$file" "$work/$name"
  soffice -env:UserInstallation=file://"$profile" --headless --convert-to pdf --outdir "$work" "$work/$name" >/dev/null 2>&1
  pdf="$out/$name.pdf"
  mv "$work/${name%.*}.pdf" "$pdf"
  rm -rf "$work"
  rm -f "$out/$name"-*.png
  pdftoppm -png -r "$dpi" "$pdf" "$out/$name"
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  sizes=$(pdfinfo -f 1 -l "$pages" "$pdf" | awk '/^Page +[0-9]+ size:/ {print ($4 > $6 ? "landscape" : "portrait")}' | uniq -c | awk '{printf "%s %s, ", $1, $2}')
  echo "$name: $pages pages (${sizes%, })"
done
