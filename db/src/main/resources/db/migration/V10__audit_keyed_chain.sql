-- Keyed audit chain: every event carries an HMAC-SHA256 (hex) over its canonical encoding and the previous
-- event's MAC, made with a key that only the portal holds (BULKHEAD_AUDIT_KEY or the key file in the data
-- directory), never the database. Events written before this migration have no MAC: they stay verifiable by
-- their hash links only, and verification says how many there are. NOT VALID leaves those rows alone but
-- makes every new row carry a MAC, so nobody can append an unkeyed event behind the keyed ones.
ALTER TABLE audit_event ADD COLUMN mac char(64);
ALTER TABLE audit_event ADD CONSTRAINT audit_event_mac_required CHECK (mac IS NOT NULL) NOT VALID;
