-- Sign-in failures are also counted per (address, email) pair: 'pair:ADDRESS EMAIL', longer than
-- an email alone. (PostgreSQL spells the change ALTER COLUMN ... TYPE.)
ALTER TABLE sign_in_failure ALTER COLUMN subject TYPE VARCHAR(400);
