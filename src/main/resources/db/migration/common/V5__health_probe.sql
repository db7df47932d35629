-- One row that /health rewrites, to prove the database still takes writes (a full or read-only
-- data folder answers reads long after it has stopped saving anything).
CREATE TABLE health_probe (
    id         INT       PRIMARY KEY,
    checked_at TIMESTAMP NOT NULL
);
INSERT INTO health_probe (id, checked_at) VALUES (1, CURRENT_TIMESTAMP);
