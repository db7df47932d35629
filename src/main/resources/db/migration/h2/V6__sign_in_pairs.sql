-- Sign-in failures are also counted per (address, email) pair: 'pair:ADDRESS EMAIL', longer than
-- an email alone.
ALTER TABLE sign_in_failure ALTER COLUMN subject VARCHAR(400);
