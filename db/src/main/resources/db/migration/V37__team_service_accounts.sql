-- Team service accounts: an API token that acts for a team, not for a person. owner_subject is then
-- 'service-account:<token id>' and team names the team; created_by records the member who made it.
ALTER TABLE api_token ADD COLUMN team text;
ALTER TABLE api_token ADD COLUMN created_by text;

CREATE INDEX api_token_team ON api_token (team, created_at DESC) WHERE team IS NOT NULL;
