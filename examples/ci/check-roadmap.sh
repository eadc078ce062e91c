#!/usr/bin/env bash
# Fails when the committed roadmap no longer matches the initiatives and answers it is built
# from: exit 1 when the file is stale or missing, 2 when an input is invalid, 0 when current.
# Regenerate it locally with the same command without --check, and commit the result.
#
# Settings (environment variables, with their defaults):
#   ITSM_AI=itsm-ai                 the itsm-ai binary
#   INITIATIVES=initiatives.csv     the initiatives file
#   ANSWERS=answers.yaml            the assessment (answers file or assess --format json result)
#   ROADMAP=docs/roadmap.md         the committed roadmap (the extension sets the format)
#   CAPACITY=12                     person-months available per phase
#   ROADMAP_ARGS=                   more flags, e.g. "--start 2027-Q1 --it-budget 12000000"
#   MESSAGE_FORMAT=human            how problems are printed: human, json, or github (GitHub
#                                   Actions annotations on the offending line)
set -euo pipefail

itsm_ai=${ITSM_AI:-itsm-ai}
roadmap=${ROADMAP:-docs/roadmap.md}
# shellcheck disable=SC2086 # ROADMAP_ARGS is a list of flags on purpose
"$itsm_ai" roadmap "${INITIATIVES:-initiatives.csv}" \
    --assessment "${ANSWERS:-answers.yaml}" \
    --capacity "${CAPACITY:-12}" \
    ${ROADMAP_ARGS:-} \
    --message-format "${MESSAGE_FORMAT:-human}" --quiet -o "$roadmap" --check
echo "$roadmap is current" >&2
