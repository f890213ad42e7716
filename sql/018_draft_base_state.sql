-- 018_draft_base_state.sql: a staged change of an account remembers what the account was when
-- its editor was opened (a hash of its name, permissions and "aktiv", carried by the editor's
-- form; the account's own at staging for a form without it). "Daten speichern" refuses it
-- when another administrator (or a script) has changed the account since, unless both
-- made the same change: before, it was applied whole, and the other's change was undone
-- without a word (the page only marked it "auf älterem Stand übernommen"). Changes staged
-- before this migration have none and are applied as before. Every statement here may run
-- again.
ALTER TABLE portal_draft ADD COLUMN IF NOT EXISTS base_state CHAR(64) NULL;
