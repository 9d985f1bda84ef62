#!/usr/bin/env bash
# Seeds each fuzz target's corpus with the platforms' real payloads (../shared/fixtures, or
# $SPORTELLO_FIXTURES), so fuzzing starts from what the platforms actually send.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
fixtures="${SPORTELLO_FIXTURES:-../../shared/fixtures}"
for t in telegram_updates whatsapp_delivery messenger_delivery receiver_body text_split; do
  mkdir -p "corpus/$t"
done
copy() { # platform target
  [ -d "$fixtures/$1" ] || return 0
  for f in "$fixtures/$1"/*.json; do cp "$f" "corpus/$2/$(basename "$f")"; done
}
copy telegram telegram_updates
copy whatsapp whatsapp_delivery
copy messenger messenger_delivery
# The receiver's input is the signature header's line, then the body.
for f in "$fixtures"/whatsapp/webhook_*.json "$fixtures"/messenger/webhook_*.json; do
  [ -f "$f" ] || continue
  { echo "sha256=0000000000000000000000000000000000000000000000000000000000000000"; cat "$f"; } \
    > "corpus/receiver_body/$(basename "$f")"
done
printf 'Ciao! Come stai? 😀\n\nA domani.' > corpus/text_split/plain
