#!/usr/bin/env bash
# Walks through the basics against a running LfRepo (dotnet run --project src/LfRepo.Server).
set -euo pipefail
BASE="${LFREPO_BASE:-http://127.0.0.1:5000/LFRepositoryAPI}"
REPO="${LFREPO_REPOSITORY:-r-emulator}"

TOKEN=$(curl -s -d 'grant_type=password&username=admin&password=admin' "$BASE/v1/Repositories/$REPO/Token" | jq -r .access_token)
AUTH="Authorization: Bearer $TOKEN"

echo "Root folder:"
curl -s -H "$AUTH" "$BASE/v2/Repositories/$REPO/Entries/1" | jq '{id, name, fullPath, entryType}'

echo "Create a folder (autoRename keeps this repeatable):"
FOLDER=$(curl -s -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"name":"Sample","entryType":"Folder","autoRename":true}' \
  "$BASE/v2/Repositories/$REPO/Entries/1/Folder/Children" | jq -r .id)
for i in 1 2 3; do
  curl -s -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Child $i\",\"entryType\":\"Folder\"}" "$BASE/v2/Repositories/$REPO/Entries/$FOLDER/Folder/Children"
done

echo "List two at a time, following @odata.nextLink:"
URL="$BASE/v2/Repositories/$REPO/Entries/$FOLDER/Folder/Children?\$count=true&\$select=name"
while [ -n "$URL" ] && [ "$URL" != "null" ]; do
  PAGE=$(curl -s -H "$AUTH" -H 'Prefer: maxpagesize=2' "$URL")
  echo "$PAGE" | jq -c '[.value[].name]'
  URL=$(echo "$PAGE" | jq -r '."@odata.nextLink"')
done
