"""``tinyleaps check``: the report on an episode folder (:mod:`.episode`).

Rows (:mod:`.problems`) for the contract's files, the script's grounding (the rules
themselves live in :mod:`tinyleaps.grounding`, shared with planning and writing), the
audio (:mod:`.audio_rules`) and how the script sounds (:mod:`.quality`). Nothing here is
imported by a stage: check only reads what the stages wrote."""
