-- Keys the server signs with, shared by every node on the database and kept across restarts:
-- 'csrf' signs the CSRF tokens. Written once, by the first node that starts.
CREATE TABLE server_secret (
    name   VARCHAR(40) PRIMARY KEY,
    secret VARCHAR(200) NOT NULL
);
