#!/usr/bin/env bash
# The glossary command line, start to finish, on the bundled sample texts.
# Run from anywhere:  bash examples/cli.sh [OUTPUT_FOLDER]   (default: a fresh temporary folder)
set -euo pipefail
samples="$(cd "$(dirname "$0")/../data/samples" && pwd)"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
cd "$out"

# 1. a readable term list on the terminal (the first lines)
glossary extract "$samples" --quiet | head -n 5

# 2. save the glossary; the format follows the suffix
glossary extract "$samples" --glob '*.md' -o glossary.json

# 3. look terms up in any language; near misses get suggestions
glossary show SAE                        # reads ./glossary.json
glossary show "sparse autoencoders"
glossary show スパース || true           # not an entry: exit code 1 and "did you mean"

# 4. counts, top terms and acronyms with several meanings
glossary stats --top 5

# 5. curation that survives re-runs, and adding documents later
printf 'pin スパースオートエンコーダー\n' > curation.txt
glossary extract "$samples/blog_sae.md" --overrides curation.txt -o part.json --quiet
glossary extract "$samples/readme_tinysae.md" --update part.json --quiet

# 6. merge glossaries built separately, then export for other tools
glossary merge glossary.json part.json -o merged.json --quiet
glossary export merged.json --format html -o glossary.html
glossary export merged.json --format tbx -o glossary.tbx
glossary export merged.json --format csv | head -n 3

echo "outputs in $out:" && ls "$out"
